// Drills D1 (process killed mid-commit) and D7 (WAL kept bounded) from the reliability plan.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDb, writeTx, type Db } from "../../db/connection";
import * as health from "../../app/routes/healthz";
import { checkpointJob, checkpointWal, walBytes } from "../../app/services/db-health.server";
import { getSearch } from "../../app/services/search.server";
import { useAppDb } from "../helpers/app";

const child = path.resolve("tests/integration/drills-transfer-child.ts");

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.reverse()) c();
  cleanups = [];
});

/** Runs the child until it is ready, lets it commit for 100–600 ms, then SIGKILLs it. */
function crashCycle(file: string, cycle: number): Promise<{ ready: string; acked: string[] }> {
  return new Promise((resolve, reject) => {
    // node itself with tsx's loader, not the tsx launcher, so SIGKILL reaches the writer.
    const proc = spawn(process.execPath, ["--import", "tsx", child, file, String(cycle)], { stdio: ["ignore", "pipe", "pipe"] });
    cleanups.push(() => proc.kill("SIGKILL"));
    let out = "";
    let err = "";
    let armed = false;
    proc.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (!armed && out.includes("\n")) {
        armed = true;
        setTimeout(() => proc.kill("SIGKILL"), 100 + Math.floor(Math.random() * 500));
      }
    });
    proc.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    proc.on("error", reject);
    proc.on("close", (_code, signal) => {
      if (signal !== "SIGKILL") return reject(new Error(`child ended by itself: ${err}`));
      const lines = out.split("\n").filter(Boolean);
      resolve({ ready: lines[0] ?? "", acked: lines.slice(1).map((l) => l.replace(/^ACK /, "")) });
    });
  });
}

function checkAfterCrash(file: string, cycle: number, acked: string[]) {
  const db = openDb(file); // recovery happens here, as on the next start
  try {
    const sqlite = db.$client;
    expect(sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
    const rows = sqlite
      .prepare("SELECT transfer_key AS key, count(*) AS legs, sum(amount_fen) AS net FROM drill_entries WHERE transfer_key LIKE ? GROUP BY transfer_key")
      .all(`${cycle}-%`) as { key: string; legs: number; net: number }[];
    expect(rows.filter((r) => r.legs !== 2 || r.net !== 0)).toEqual([]); // no half transfer
    const committed = new Set(rows.map((r) => r.key));
    expect(acked.filter((k) => !committed.has(k))).toEqual([]); // every promise kept
    const unacked = rows.length - acked.length;
    expect(unacked).toBeGreaterThanOrEqual(0);
    expect(unacked).toBeLessThanOrEqual(1);
    expect((sqlite.prepare("SELECT coalesce(sum(amount_fen), 0) AS s FROM drill_entries").get() as { s: number }).s).toBe(0);
    return unacked;
  } finally {
    db.$client.close();
  }
}

describe("D1: SIGKILL while committing transfers (synchronous=FULL)", () => {
  it("loses no acknowledged transfer and never keeps half of one, over 20 kills", { timeout: 120_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-d1-"));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, "ledger.db");
    const setup = openDb(file);
    setup.$client.exec(`CREATE TABLE drill_entries (
      transfer_key TEXT NOT NULL, account TEXT NOT NULL, amount_fen INTEGER NOT NULL,
      UNIQUE (transfer_key, account)) STRICT`);
    setup.$client.close();

    let totalAcked = 0;
    let totalUnacked = 0;
    for (let cycle = 1; cycle <= 20; cycle++) {
      const { ready, acked } = await crashCycle(file, cycle);
      expect(ready).toBe("READY synchronous=2");
      totalAcked += acked.length;
      totalUnacked += checkAfterCrash(file, cycle, acked);
    }
    console.log(JSON.stringify({ drill: "D1", cycles: 20, acked: totalAcked, committedUnacked: totalUnacked }));
    expect(totalAcked).toBeGreaterThan(0);
  });
});

const MB = 1024 * 1024;

describe("D7: a reader that never lets go, then the checkpoint job", () => {
  async function healthWal(): Promise<number> {
    const res = health.loader();
    expect(res.status).toBe(200);
    return ((await res.json()) as health.Health).walBytes;
  }

  function writeRows(db: Db, rows: number): void {
    const payload = "吕梁科技大市场".repeat(20);
    for (let done = 0; done < rows; done += 100) {
      writeTx(db, () => {
        const insert = db.$client.prepare("INSERT INTO drill_rows (payload) VALUES (?)");
        for (let i = 0; i < 100; i++) insert.run(`${done + i} ${payload}`);
      });
    }
  }

  it("lets the WAL grow while the reader holds its snapshot, and truncates it once the reader is gone", async () => {
    const app = useAppDb();
    cleanups.push(app.cleanup);
    const { db } = app;
    getSearch();
    db.$client.exec("CREATE TABLE drill_rows (id INTEGER PRIMARY KEY, payload TEXT NOT NULL) STRICT");
    checkpointWal(db);

    const reader = openDb(db.$client.name);
    cleanups.push(() => reader.$client.close());
    reader.$client.exec("BEGIN");
    reader.$client.prepare("SELECT count(*) FROM drill_rows").get();

    writeRows(db, 10_000);
    const grown = walBytes(db);
    expect(grown).toBeGreaterThan(MB);
    // While the snapshot is held the job can copy nothing past it and cannot truncate.
    expect(checkpointWal(db).busy).toBe(true);
    expect(walBytes(db)).toBe(grown);

    reader.$client.exec("COMMIT");
    writeRows(db, 100); // SQLite's own auto-checkpoint runs, but never shrinks the file
    expect(walBytes(db)).toBeGreaterThanOrEqual(grown);
    expect(await healthWal()).toBe(walBytes(db));

    checkpointJob(db);
    expect(walBytes(db)).toBeLessThan(MB);
    expect(await healthWal()).toBeLessThan(MB);
    expect((db.$client.prepare("SELECT count(*) AS n FROM drill_rows").get() as { n: number }).n).toBe(10_100);
    expect(db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
    console.log(JSON.stringify({ drill: "D7", walBytesWhileHeld: grown, walBytesAfterJob: walBytes(db) }));
  });
});
