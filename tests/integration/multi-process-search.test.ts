// Several server workers on one database, each running the app's own background jobs
// (startBackgroundJobs) in a real child process; this test process is one more worker that
// only searches. The search relay runs in one worker under its lease; every worker's
// in-memory facet columns catch up from the shared index.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/connection";
import { createSearch, type Search } from "../../search/index";
import { createTestDb } from "../helpers/db";
import { pollUntil, startChild, type Child } from "../helpers/lease-children";
import { createWorld, type World } from "../search/fixtures";

const JOBS = [
  "deadline_sweep",
  "challenge_windows",
  "stale_reminders",
  "login_data_purge",
  "indicator_rollup_check",
  "wal_checkpoint",
  "email_delivery",
  "search_relay",
];

let db: Db;
let file: string;
let cleanup: () => void;
let world: World;
let search: Search;
const children: Child[] = [];

beforeEach(() => {
  ({ db, file, cleanup } = createTestDb());
  world = createWorld(db);
  search = createSearch(db);
});

afterEach(async () => {
  for (const c of children.splice(0)) {
    c.proc.kill("SIGKILL");
    await c.exited;
  }
  search.close();
  cleanup();
});

async function startWorker(holder: string, ttlMs = 1500): Promise<Child> {
  const child = startChild("server", file, holder, { ttlMs, world });
  children.push(child);
  await child.waitFor((e) => e.event === "ready");
  return child;
}

function holders(): Record<string, string> {
  const rows = db.$client.prepare("SELECT name, holder FROM leases WHERE expires_at_ms > ?").all(Date.now()) as { name: string; holder: string }[];
  return Object.fromEntries(rows.map((r) => [r.name, r.holder]));
}

function allHeldBy(holder: string): (h: Record<string, string>) => boolean {
  return (h) => JOBS.every((name) => h[name] === holder);
}

/** Publishes through the worker and waits until this process's search counts it; returns the delay in ms. */
async function publishAndSee(worker: Child, title: string, expected: number): Promise<number> {
  const before = worker.events.length;
  worker.send(`publish ${title}`);
  const published = await worker.waitFor((e) => e.event === "published" && worker.events.indexOf(e) >= before);
  await pollUntil(
    () => search.embedded.search({ kind: "achievement", pageSize: 1 }),
    (r) => r.total === expected && r.facets.techField?.["603"] === expected,
    30_000,
    5,
  );
  return Date.now() - (published.at as number);
}

describe("several workers on one database", () => {
  it("a listing published through one worker shows in another worker's facet counts", { timeout: 120_000 }, async () => {
    await startWorker("W1");
    await pollUntil(holders, allHeldBy("W1"));
    const w2 = await startWorker("W2");
    // This process's facet columns are loaded before the writes, as a serving worker's are.
    expect(search.embedded.search({ kind: "achievement" }).total).toBe(0);

    // W2 writes, W1 relays, this process searches: three processes.
    const delays: number[] = [];
    for (let i = 1; i <= 5; i++) delays.push(await publishAndSee(w2, `氢燃料电池双极板 ${i}`, i));
    process.stdout.write(`${JSON.stringify({ event: "publish_to_facet_ms", delays })}\n`);
    expect((await search.search({ kind: "achievement", text: "双极板" })).total).toBe(5);
  });

  it("kill -9 the worker holding the jobs: the other takes every one of them over, and stopping lets them go", { timeout: 120_000 }, async () => {
    const w1 = await startWorker("W1");
    await pollUntil(holders, allHeldBy("W1"));
    const w2 = await startWorker("W2");
    await w2.waitFor((e) => e.event === "ready");
    expect(holders()).toEqual(Object.fromEntries(JOBS.map((j) => [j, "W1"])));

    w1.proc.kill("SIGKILL");
    await w1.exited;
    await pollUntil(holders, allHeldBy("W2"));
    // The relay works in its new worker.
    await publishAndSee(w2, "赤泥综合利用", 1);

    w2.proc.kill("SIGTERM");
    expect(await w2.exited).toBe(0);
    expect(w2.events.some((e) => e.event === "stopped")).toBe(true);
    expect(holders()).toEqual({});
  });
});
