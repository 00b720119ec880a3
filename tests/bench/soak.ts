// Soak: npm run -s bench:soak
//
// Builds nothing. Serves a fresh copy of the demo database with the command `npm start`
// serves with, and drives it with the load benchmark's read and write mixes together at a
// moderate concurrency for SOAK_MINUTES (10). Every 10 s it prints the server tree's resident
// memory (primary and workers), open file descriptors and WAL size as a JSON line; at the end
// it says whether memory ended within 20 % of what it was after the first minute, and checks
// that every acknowledged write is in the database exactly once.
//
//   SOAK_MINUTES=10  SOAK_READ_CONNECTIONS=16  SOAK_WRITE_CONNECTIONS=4

import fs from "node:fs";
import { checkWrites, drive, readRequests, signIn, WriteLedger, writeRequests } from "./drive";
import { readPlan } from "./plan";
import { DemoDatabase, requireBuild, ServerProcess } from "./server-process";

const minutes = Number(process.env.SOAK_MINUTES ?? 10);
const readConnections = Number(process.env.SOAK_READ_CONNECTIONS ?? 16);
const writeConnections = Number(process.env.SOAK_WRITE_CONNECTIONS ?? 4);
const SAMPLE_MS = 10_000;
const TOLERANCE = 0.2;

function walMb(databasePath: string): number {
  try {
    return Math.round((fs.statSync(`${databasePath}-wal`).size / 1024 / 1024) * 10) / 10;
  } catch {
    return 0;
  }
}

async function main(): Promise<number> {
  requireBuild();
  const demo = new DemoDatabase();
  const server = await ServerProcess.start(demo.copy());
  const stopOnSignal = () => {
    void server.stop().finally(() => {
      demo.remove();
      process.exit(130);
    });
  };
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  try {
    const plan = readPlan(demo.template, 40);
    const signedIn = await signIn(server, plan);
    const brokers = signedIn.filter((s) => s.ledNeed !== null);
    const ledger = new WriteLedger(1);
    const started = Date.now();
    let answered = 0;
    let lastAnswered = 0;
    const samples: { t_s: number; rss_mb: number }[] = [];
    const sample = () => {
      const t_s = Math.round((Date.now() - started) / 1000);
      const memory = server.memory();
      samples.push({ t_s, rss_mb: memory.rss_mb });
      const rps = Math.round(((answered - lastAnswered) * 1000) / SAMPLE_MS);
      lastAnswered = answered;
      console.log(JSON.stringify({ t_s, ...memory, wal_mb: walMb(server.databasePath), rps }));
    };
    sample();
    const sampler = setInterval(sample, SAMPLE_MS);
    const seconds = minutes * 60;
    const count = (status: number) => {
      answered++;
      return status;
    };
    const [read, write] = await Promise.all([
      drive({
        url: server.origin,
        connections: readConnections,
        seconds,
        requestsFor: (i) => readRequests(plan, brokers[i % brokers.length]!),
        success: (status) => count(status) === 200,
      }),
      drive({
        url: server.origin,
        connections: writeConnections,
        seconds,
        requestsFor: (i) => writeRequests(server, plan, signedIn[(i * 7) % signedIn.length]!, ledger, i),
        success: (status) => count(status) === 302,
      }),
    ]);
    clearInterval(sampler);
    sample();
    await server.stop();
    const check = checkWrites(server.databasePath, ledger);
    console.log(JSON.stringify({ ...check }));
    // The first minute fills caches and warms the JIT; growth after it is what would not stop.
    const baseline = samples.find((s) => s.t_s >= 60) ?? samples[0]!;
    const end = samples[samples.length - 1]!;
    const growth = (end.rss_mb - baseline.rss_mb) / baseline.rss_mb;
    const within = growth <= TOLERANCE;
    console.log(
      JSON.stringify({
        soak: "done",
        minutes,
        requests: read.requests + write.requests,
        errors: read.errors + write.errors,
        failed: read.failed + write.failed,
        rss_mb_after_first_minute: baseline.rss_mb,
        rss_mb_end: end.rss_mb,
        rss_mb_max: Math.max(...samples.map((s) => s.rss_mb)),
        growth_pct: Math.round(growth * 1000) / 10,
        within_20_pct: within,
      }),
    );
    console.log(
      within
        ? `memory ended within 20 % of its level after the first minute (${baseline.rss_mb} → ${end.rss_mb} MB)`
        : `memory grew more than 20 % after the first minute (${baseline.rss_mb} → ${end.rss_mb} MB)`,
    );
    return within && check.ok ? 0 : 1;
  } finally {
    await server.stop();
    demo.remove();
  }
}

process.exitCode = await main();
