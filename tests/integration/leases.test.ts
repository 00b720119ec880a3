// Leases between real processes on one SQLite file (tests/integration/leases-child.ts). Each
// child writes a marker when a pass starts and when it ends; the markers' order in the
// database, not anyone's timing, shows whether two passes ever overlapped.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Lease, runOncePerPeriod } from "../../app/services/leases.server";
import { writeTx, type Db } from "../../db/connection";
import { pollUntil, startChild, type Child } from "../helpers/lease-children";
import { createTestDb } from "../helpers/db";

interface Marker {
  id: number;
  holder: string;
  kind: string;
  at_ms: number;
}

let db: Db;
let file: string;
let cleanup: () => void;
const children: Child[] = [];

beforeEach(() => {
  ({ db, file, cleanup } = createTestDb());
  writeTx(db, () =>
    db.$client.exec("CREATE TABLE markers (id INTEGER PRIMARY KEY AUTOINCREMENT, holder TEXT NOT NULL, kind TEXT NOT NULL, at_ms INTEGER NOT NULL)"),
  );
});

afterEach(async () => {
  for (const c of children.splice(0)) {
    c.proc.kill("SIGKILL");
    await c.exited;
  }
  cleanup();
});

function spawnScheduler(holder: string, options: Record<string, unknown>): Child {
  const child = startChild("scheduler", file, holder, { ttlMs: 1500, tickMs: 20, jobMs: 100, ...options });
  children.push(child);
  return child;
}

function markers(kind?: string): Marker[] {
  const all = db.$client.prepare("SELECT id, holder, kind, at_ms FROM markers ORDER BY id").all() as Marker[];
  return kind ? all.filter((m) => m.kind === kind) : all;
}

function leaseRow(name: string): { holder: string; expires_at_ms: number } | undefined {
  return db.$client.prepare("SELECT holder, expires_at_ms FROM leases WHERE name = ?").get(name) as { holder: string; expires_at_ms: number } | undefined;
}

/** Passes never overlap: every start is followed by the same holder's end before any other start. */
function expectNoOverlap(list: Marker[]): void {
  const passes = list.filter((m) => m.kind === "start" || m.kind === "end");
  for (let i = 0; i < passes.length; i += 2) {
    expect(passes[i]!.kind).toBe("start");
    if (i + 1 < passes.length) expect(passes[i + 1]).toMatchObject({ kind: "end", holder: passes[i]!.holder });
  }
}

describe("leases between processes", () => {
  it("two processes competing for a lease: one runs the job at a time, and the lease changes hands", { timeout: 90_000 }, async () => {
    const a = spawnScheduler("A", { rounds: 3, passes: 2 });
    const b = spawnScheduler("B", { rounds: 3, passes: 2 });
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
    const list = markers();
    expectNoOverlap(list);
    expect(list.filter((m) => m.kind === "start" && m.holder === "A")).toHaveLength(6);
    expect(list.filter((m) => m.kind === "start" && m.holder === "B")).toHaveLength(6);
  });

  it("kill -9 the holder: the other process takes over once the lease has expired, not before", { timeout: 90_000 }, async () => {
    const a = spawnScheduler("A", {});
    await pollUntil(
      () => markers("start").length,
      (n) => n >= 1,
    );
    const b = spawnScheduler("B", {});
    await b.waitFor((e) => e.event === "ready");
    // B is up and asking while A keeps working.
    const seen = markers("start").length;
    await pollUntil(
      () => markers("start").length,
      (n) => n >= seen + 3,
    );
    expect(markers().every((m) => m.holder === "A")).toBe(true);

    const killedAt = Date.now();
    a.proc.kill("SIGKILL");
    await a.exited;
    const dead = leaseRow("compete")!;
    expect(dead.holder).toBe("A");
    const firstB = await pollUntil(
      () => markers("start").find((m) => m.holder === "B"),
      (m) => m !== undefined,
    );
    expect(firstB!.at_ms).toBeGreaterThanOrEqual(dead.expires_at_ms);
    process.stdout.write(
      `${JSON.stringify({ event: "takeover", afterKillMs: firstB!.at_ms - killedAt, afterExpiryMs: firstB!.at_ms - dead.expires_at_ms })}\n`,
    );
    expect(markers().filter((m) => m.holder === "A" && m.id > firstB!.id)).toEqual([]);
    expect(leaseRow("compete")!.holder).toBe("B");
  });

  it("an hourly job runs once in its hour however often its lease changes hands", { timeout: 90_000 }, async () => {
    const a = spawnScheduler("A", { jobs: ["hourly"] });
    await a.waitFor((e) => e.event === "hourly_tried" && e.ran === true);
    a.proc.kill("SIGKILL");
    await a.exited;

    const b = spawnScheduler("B", { jobs: ["hourly"], rounds: 1, passes: 1 });
    expect(await b.exited).toBe(0);
    expect(b.events.filter((e) => e.event === "hourly_tried")).toEqual([{ child: "B", event: "hourly_tried", ran: false }]);
    expect(markers("hourly")).toHaveLength(1);

    // A process an hour later runs it again.
    const c = spawnScheduler("C", { jobs: ["hourly"], rounds: 1, passes: 1, offsetMs: 3_601_000 });
    expect(await c.exited).toBe(0);
    expect(c.events.find((e) => e.event === "hourly_tried")).toMatchObject({ ran: true });
    expect(markers("hourly").map((m) => m.holder)).toEqual(["A", "C"]);
  });

  it("a process that stops lets its lease go at once: the next holder does not wait for it to expire", { timeout: 90_000 }, async () => {
    const a = spawnScheduler("A", { ttlMs: 60_000 });
    await pollUntil(
      () => markers("start").length,
      (n) => n >= 1,
    );
    const held = leaseRow("compete")!;
    expect(held.holder).toBe("A");

    a.proc.kill("SIGTERM");
    expect(await a.exited).toBe(0);
    expect(leaseRow("compete")!.expires_at_ms).toBeLessThanOrEqual(Date.now());
    expect(markers().at(-1)).toMatchObject({ holder: "A", kind: "end" });

    spawnScheduler("B", { ttlMs: 60_000 });
    const firstB = await pollUntil(
      () => markers("start").find((m) => m.holder === "B"),
      (m) => m !== undefined,
    );
    expect(firstB!.at_ms).toBeLessThan(held.expires_at_ms);
    expectNoOverlap(markers());
  });
});

describe("a holder paused past its lease", () => {
  let at = 0;
  const clock = () => at;

  it("knows it without asking the database, and its fenced writes are refused once another process holds the lease", () => {
    at = 1_000_000;
    const a = new Lease(db, "sweep", 1000, { holder: "A", now: clock });
    const b = new Lease(db, "sweep", 1000, { holder: "B", now: clock });
    expect(a.acquire()).toBe(true);
    expect(b.hold()).toBe(false);
    expect(a.whileHeld(() => "ran")).toEqual({ value: "ran" });

    // A stalls (a long GC, a slow disk) for longer than its lease; B takes over meanwhile.
    at += 1500;
    expect(b.hold()).toBe(true);
    expect(a.held()).toBe(false);
    let ran = false;
    expect(
      a.whileHeld(() => {
        ran = true;
      }),
    ).toBeNull();
    expect(ran).toBe(false);
    expect(runOncePerPeriod(db, a, 3_600_000, () => (ran = true), clock)).toBeNull();
    expect(ran).toBe(false);
    // Renewal fails too: A has lost it until B lets go.
    expect(a.hold()).toBe(false);
    b.release();
    expect(a.hold()).toBe(true);
  });

  it("stops before its lease runs out, with a margin, even when nobody else wanted it", () => {
    at = 2_000_000;
    const a = new Lease(db, "mail", 1000, { holder: "A", now: clock });
    expect(a.acquire()).toBe(true);
    at += 799;
    expect(a.held()).toBe(true);
    at += 2;
    expect(a.held()).toBe(false);
    // Nobody took it: asking the database renews it.
    expect(a.hold()).toBe(true);
    expect(a.held()).toBe(true);
  });

  it("a periodic job runs once in its period, and is not held up for a day when the clock is set back a day", () => {
    at = 3_000_000_000;
    const a = new Lease(db, "purge", 60_000, { holder: "A", now: clock });
    expect(a.acquire()).toBe(true);
    const runs: number[] = [];
    const tryRun = () => runOncePerPeriod(db, a, 3_600_000, () => runs.push(at), clock);
    tryRun();
    at += 30_000;
    expect(a.hold()).toBe(true);
    tryRun();
    expect(runs).toHaveLength(1);
    at -= 86_400_000;
    expect(a.acquire()).toBe(true);
    tryRun();
    expect(runs).toHaveLength(2);
  });
});
