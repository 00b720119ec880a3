// Load benchmark: npm run -s bench:load
//
// Builds nothing. Starts the production server (the command `npm start` serves with) on a
// fresh copy of the demo database for each run and drives it with autocannon:
//   read   /, /needs, two searches, a need's page, /brokers, and a signed-in broker's
//          workbench and need page
//   write  need drafts and deal notes from 40 signed-in accounts
//   floor  a bare Express + React renderToString server sending a page of the same size,
//          the reference the market is compared against
// at 50 and 200 connections, and prints one JSON line per run. After each write run it checks
// that every acknowledged write is in the database exactly once.
//
//   BENCH_SECONDS=20          seconds per run
//   BENCH_CONNECTIONS=50,200  connection counts
//   BENCH_MIXES=read,write,floor
//   BENCH_SERVER_LOG=1        show the server's errors
//   BENCH_PROFILE_DIR=<dir>   the server's processes write V8 CPU profiles there
//
// Targets on 2 cores: read at 50 connections p95 ≤ 100 ms, no errors or timeouts; at 200
// connections p99 ≤ 1 s, no errors; writes at 50 connections p99 ≤ 500 ms.

import path from "node:path";
import { checkWrites, drive, readRequests, runLine, signIn, WriteLedger, writeRequests, type RunLine, type WriteCheck } from "./drive";
import { readPlan, type Plan } from "./plan";
import { DemoDatabase, requireBuild, root, ServerProcess } from "./server-process";

const SESSIONS = 40;
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const connectionCounts = (process.env.BENCH_CONNECTIONS ?? "50,200").split(",").map(Number);
const mixes = (process.env.BENCH_MIXES ?? "read,write,floor").split(",");

/** Average size of the read mix's pages, uncompressed, so the reference sends as much. */
let pageBytes = 0;
let runs = 0;

async function warmUp(server: ServerProcess, plan: Plan, signedIn: Awaited<ReturnType<typeof signIn>>): Promise<void> {
  const broker = signedIn.find((s) => s.ledNeed !== null)!;
  let total = 0;
  const pages = readRequests(plan, broker);
  for (const page of pages) {
    const res = await fetch(server.origin + page.path!, { headers: page.headers });
    const body = await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${page.path} answered ${res.status} before the run`);
    total += body.byteLength;
  }
  pageBytes = Math.round(total / pages.length);
}

async function runMarket(demo: DemoDatabase, plan: Plan, mix: "read" | "write", connections: number): Promise<{ line: RunLine; check?: WriteCheck }> {
  const server = await ServerProcess.start(demo.copy());
  try {
    const signedIn = await signIn(server, plan);
    await warmUp(server, plan, signedIn);
    const brokers = signedIn.filter((s) => s.ledNeed !== null);
    const ledger = new WriteLedger(++runs);
    const rssStart = server.memory().rss_mb;
    const driven = await drive({
      url: server.origin,
      connections,
      seconds,
      requestsFor: (i) =>
        mix === "read"
          ? readRequests(plan, brokers[i % brokers.length]!)
          : writeRequests(server, plan, signedIn[i % signedIn.length]!, ledger, Math.floor(i / signedIn.length)),
      success: mix === "read" ? (status) => status === 200 : (status) => status === 302,
    });
    const rssEnd = server.memory().rss_mb;
    const line = runLine(mix, connections, driven, rssStart, rssEnd);
    await server.stop();
    return mix === "write" ? { line, check: checkWrites(server.databasePath, ledger) } : { line };
  } finally {
    await server.stop();
  }
}

async function runFloor(connections: number): Promise<RunLine> {
  const tsx = path.join(root, "node_modules", ".bin", "tsx");
  const server = await ServerProcess.startOther((port) => `NODE_ENV=production ${tsx} tests/bench/floor-server.ts ${port} ${pageBytes || 60_000}`);
  try {
    const headers = { "accept-encoding": "gzip, deflate, br", "accept-language": "zh-CN,zh;q=0.9" };
    const rssStart = server.memory().rss_mb;
    const driven = await drive({
      url: server.origin,
      connections,
      seconds,
      requestsFor: () => [
        { method: "GET", path: "/needs", headers },
        { method: "GET", path: `/needs?q=${encodeURIComponent("氢能")}`, headers },
      ],
      success: (status) => status === 200,
    });
    return runLine("floor", connections, driven, rssStart, server.memory().rss_mb);
  } finally {
    await server.stop();
  }
}

async function main(): Promise<number> {
  requireBuild();
  const demo = new DemoDatabase();
  const stopOnSignal = () => {
    demo.remove();
    process.exit(130);
  };
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  const lines: RunLine[] = [];
  let writesOk = true;
  try {
    const plan = readPlan(demo.template, SESSIONS);
    for (const mix of ["read", "write"] as const) {
      if (!mixes.includes(mix)) continue;
      for (const connections of connectionCounts) {
        const { line, check } = await runMarket(demo, plan, mix, connections);
        console.log(JSON.stringify(line));
        lines.push(line);
        if (check) {
          writesOk &&= check.ok;
          console.log(JSON.stringify({ ...check, connections }));
          console.log(
            check.ok
              ? `every acknowledged write (${check.acknowledged}) is in the database exactly once`
              : `acknowledged writes NOT all in the database exactly once: ${check.missing} missing, ${check.duplicated} duplicated`,
          );
        }
      }
    }
    if (mixes.includes("floor")) {
      for (const connections of connectionCounts) {
        const line = await runFloor(connections);
        console.log(JSON.stringify({ ...line, page_bytes: pageBytes }));
      }
    }
  } finally {
    demo.remove();
  }
  const find = (mix: string, connections: number) => lines.find((l) => l.mix === mix && l.connections === connections);
  const read50 = find("read", 50);
  const read200 = find("read", 200);
  const write50 = find("write", 50);
  const targets = {
    read_50_p95_le_100ms_no_errors: read50 ? read50.p95_ms <= 100 && read50.errors === 0 && read50.timeouts === 0 && read50.non2xx === 0 : null,
    read_200_p99_le_1s_no_errors: read200 ? read200.p99_ms <= 1000 && read200.errors === 0 && read200.non2xx === 0 : null,
    write_50_p99_le_500ms: write50 ? write50.p99_ms <= 500 && write50.errors === 0 : null,
    writes_in_database_once: mixes.includes("write") ? writesOk : null,
  };
  console.log(JSON.stringify({ targets }));
  return writesOk ? 0 : 1;
}

process.exitCode = await main();
