// Reliability drills for the database files: D5 (online backup while another process writes,
// and a restore the app then serves) and D6 (a damaged or missing file stops the real server
// start), and the restore's refusals.
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../../db/connection";
import { createDatabase } from "../../db/create";
import { computeContractIndicator } from "../../app/services/indicator.server";
import { childEnv, exited, runScript, startChild } from "../helpers/run-script";

// The restore drill serves its restored file through getDb, which reads DATABASE_PATH once:
// it is fixed before anything can read it, and never points at the project's own database.
const work = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-drills-"));
const restoredPath = path.join(work, "restored", "market.db");
process.env.DATABASE_PATH = restoredPath;

const demo = path.join(work, "demo.db");

async function waitFor(cond: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function readonly(file: string): Database.Database {
  return new Database(file, { readonly: true, fileMustExist: true });
}

beforeAll(async () => {
  await createDatabase(demo, "demo");
  const db = new Database(demo, { fileMustExist: true });
  db.exec("CREATE TABLE drill_ledger (id INTEGER PRIMARY KEY, tx INTEGER NOT NULL, amount_fen INTEGER NOT NULL, pad TEXT NOT NULL) STRICT");
  // A few megabytes, so the backup takes more than one step of the online backup API.
  const fill = db.prepare("INSERT INTO drill_ledger (tx, amount_fen, pad) VALUES (0, 0, ?)");
  db.transaction(() => {
    for (let i = 0; i < 4000; i++) fill.run("y".repeat(1500));
  })();
  db.close();
}, 120_000);

afterAll(async () => {
  const { openedDb, useDatabase } = await import("../../app/services/db.server");
  openedDb()?.$client.close();
  useDatabase(undefined);
  fs.rmSync(work, { recursive: true, force: true });
});

describe("D5: online backup while another process writes, then restore", () => {
  const copy = path.join(work, "backups", "copy.db");
  // A drill that runs out of time leaves its body waiting; the writer must still stop before
  // later drills copy the demo file, or they would copy a file being written.
  let writer: ChildProcess | undefined;
  afterEach(async () => {
    if (writer && writer.exitCode === null && writer.signalCode === null) {
      writer.kill("SIGKILL");
      await exited(writer);
    }
  });

  it("copies a consistent database holding every write acknowledged before the backup began", async () => {
    fs.mkdirSync(path.dirname(copy));
    let acked = 0;
    writer = await startChild("tests/helpers/drill-writer-child.ts", [demo], {
      env: childEnv(),
      ready: /^ACK /,
      onLine: (line) => {
        const m = /^ACK (\d+)$/.exec(line);
        if (m) acked = Number(m[1]);
      },
    });
    try {
      await waitFor(() => acked >= 50, "the writer's first 50 commits");
      const ackedBefore = acked;
      const r = await runScript("db/backup.ts", [copy], { env: childEnv({ DATABASE_PATH: demo }), timeoutMs: 60_000 });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toMatch(new RegExp(`^backup ${copy.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: \\d+ pages, \\d+ bytes, \\d+ ms, integrity ok$`));
      const ackedAfter = acked;
      writer.kill("SIGTERM");
      await exited(writer);
      console.log(`D5: ${ackedBefore} transactions acknowledged before the backup, ${ackedAfter} by its end; ${r.stdout.trim()}`);

      const c = readonly(copy);
      try {
        expect(c.pragma("integrity_check", { simple: true })).toBe("ok");
        expect(c.pragma("journal_mode", { simple: true })).toBe("delete");
        expect(fs.existsSync(`${copy}-wal`)).toBe(false);
        const held = c.prepare("SELECT count(DISTINCT tx) AS n FROM drill_ledger WHERE tx BETWEEN 1 AND ?").get(ackedBefore) as { n: number };
        expect(held.n).toBe(ackedBefore);
        expect(c.prepare("SELECT COALESCE(SUM(amount_fen), 0) AS s FROM drill_ledger").get()).toEqual({ s: 0 });
        expect(c.prepare("SELECT count(*) AS n FROM (SELECT tx FROM drill_ledger WHERE tx > 0 GROUP BY tx HAVING count(*) <> 2)").get()).toEqual({ n: 0 });
        expect(c.prepare("SELECT count(*) AS n FROM pragma_foreign_key_check").get()).toEqual({ n: 0 });
      } finally {
        c.close();
      }
    } finally {
      if (writer.exitCode === null) writer.kill("SIGKILL");
    }
  }, 240_000);

  it("restores the copy into a fresh location that the app then serves with the same statistic", async () => {
    fs.mkdirSync(path.dirname(restoredPath));
    const r = await runScript("db/restore.ts", [copy], { env: childEnv({ DATABASE_PATH: restoredPath }) });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`into ${restoredPath}`);
    expect(fs.readdirSync(path.dirname(restoredPath))).toEqual(["market.db"]);

    const { getDb, useDatabase } = await import("../../app/services/db.server");
    useDatabase(undefined);
    const served = getDb();
    expect(served.$client.name).toBe(restoredPath);
    const original = openDb(demo, { mustExist: true });
    try {
      const expected = computeContractIndicator(original);
      const got = computeContractIndicator(served);
      expect(got.totals.output.count).toBeGreaterThan(0);
      expect(got.totals).toEqual(expected.totals);
      expect(got.byYear).toEqual(expected.byYear);
    } finally {
      original.$client.close();
    }
    const audit = served.$client.prepare("SELECT after FROM audit_events WHERE action = 'database_restored'").all() as { after: string }[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.after)).toMatchObject({ backup: "copy.db", replacedKeptAs: null });
  }, 120_000);
});

/** A copy of the demo database with the page of the `needs` table's root overwritten. */
function damagedCopy(name: string, where: "root-page" | "header"): string {
  const file = path.join(work, name);
  const src = new Database(demo, { fileMustExist: true });
  const { rootpage } = src.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'needs'").get() as { rootpage: number };
  const pageSize = src.pragma("page_size", { simple: true }) as number;
  src.close();
  fs.copyFileSync(demo, file);
  const fd = fs.openSync(file, "r+");
  const offset = where === "header" ? 0 : (rootpage - 1) * pageSize;
  fs.writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, offset);
  fs.closeSync(fd);
  return file;
}

describe("D6: the real server start refuses a damaged or missing database", () => {
  it("exits non-zero naming the file, and creates nothing at a missing path", async () => {
    const cases = [
      { file: damagedCopy("flipped-page.db", "root-page"), expect: /cannot be served: integrity check failed/ },
      { file: damagedCopy("flipped-header.db", "header"), expect: /cannot be served: .*not a database/ },
      {
        file: path.join(work, "absent.db"),
        expect: /Database not found: .*absent\.db[\s\S]*DB_INIT=demo npm start[\s\S]*DB_INIT=empty npm start[\s\S]*db:restore/,
      },
      { file: path.join(work, "unmounted", "market.db"), expect: /Database not found: .*unmounted/ },
      { file: path.join(work, "zero-bytes.db"), expect: /cannot be served: .*is an empty file, not a market database/ },
    ];
    fs.writeFileSync(path.join(work, "zero-bytes.db"), "");
    const results = await Promise.all(
      cases.map((c) =>
        runScript("app/server/main.ts", [], {
          env: childEnv({ DATABASE_PATH: c.file, PORT: "3397", NODE_ENV: "production", WEB_CONCURRENCY: "1" }),
          timeoutMs: 120_000,
        }),
      ),
    );
    results.forEach((r, i) => {
      expect(r.signal).toBeNull();
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(cases[i]!.expect);
      expect(r.stderr).toContain(cases[i]!.file);
      expect(r.stdout).not.toContain("listening");
    });
    expect(fs.existsSync(path.join(work, "absent.db"))).toBe(false);
    expect(fs.existsSync(path.join(work, "unmounted"))).toBe(false);
    // An empty file is not filled with a new, empty market either.
    expect(fs.statSync(path.join(work, "zero-bytes.db")).size).toBe(0);
  }, 180_000);
});

describe("restore", () => {
  it("refuses a damaged backup and leaves the live database as it was", async () => {
    const live = path.join(work, "live-a.db");
    fs.copyFileSync(demo, live);
    const before = fs.readFileSync(live);
    const r = await runScript("db/restore.ts", [damagedCopy("bad-backup.db", "root-page")], { env: childEnv({ DATABASE_PATH: live }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refusing a damaged backup: .*failed integrity_check/);
    expect(fs.readFileSync(live).equals(before)).toBe(true);
    expect(fs.readdirSync(work).filter((f) => f.startsWith("live-a.db"))).toEqual(["live-a.db"]);
  }, 60_000);

  it("refuses while the database is open in a running server, and restores once it has stopped", async () => {
    const live = path.join(work, "live-b.db");
    fs.copyFileSync(demo, live);
    const backup = path.join(work, "backups", "for-b.db");
    expect((await runScript("db/backup.ts", [backup], { env: childEnv({ DATABASE_PATH: demo }) })).code).toBe(0);
    const holder = await startChild("tests/helpers/db-holder-child.ts", [], { env: childEnv({ DATABASE_PATH: live }), ready: /^READY / });
    try {
      const refused = await runScript("db/restore.ts", [backup], { env: childEnv({ DATABASE_PATH: live }) });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/is open in another process \(is the server running\?\)/);
      expect(fs.readdirSync(work).some((f) => f.startsWith("live-b.db.before-restore-"))).toBe(false);
    } finally {
      holder.stdin!.end();
      await exited(holder);
    }
    const r = await runScript("db/restore.ts", [backup], { env: childEnv({ DATABASE_PATH: live }) });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const left = fs.readdirSync(work).filter((f) => f.startsWith("live-b.db"));
    expect(left).toHaveLength(2);
    expect(left).toContain("live-b.db");
    const kept = left.find((f) => f !== "live-b.db")!;
    expect(kept).toMatch(/^live-b\.db\.before-restore-\d{8}T\d{6}Z$/);
    const k = readonly(path.join(work, kept));
    expect(k.pragma("integrity_check", { simple: true })).toBe("ok");
    k.close();
  }, 120_000);

  it("replaces a live database too damaged to open, keeping it for inspection", async () => {
    const live = damagedCopy("live-c.db", "header");
    const backup = path.join(work, "backups", "for-c.db");
    expect((await runScript("db/backup.ts", [backup], { env: childEnv({ DATABASE_PATH: demo }) })).code).toBe(0);
    const r = await runScript("db/restore.ts", [backup], { env: childEnv({ DATABASE_PATH: live }) });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const kept = fs.readdirSync(work).filter((f) => f.startsWith("live-c.db.before-restore-"));
    expect(kept).toHaveLength(1);
    expect(fs.readFileSync(path.join(work, kept[0]!)).subarray(0, 64).equals(Buffer.alloc(64, 0xff))).toBe(true);
    const restored = readonly(live);
    expect(restored.pragma("integrity_check", { simple: true })).toBe("ok");
    restored.close();
  }, 60_000);
});
