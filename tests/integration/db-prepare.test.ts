// Creating the database is an explicit step (db/prepare.ts, run by `npm start` and `npm run dev`):
// only the first run at the default path or DB_INIT makes one; migrations and the seed never do,
// and the demo accounts only ever go into a database created as a demo.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDb } from "../helpers/db";
import { childEnv, runScript } from "../helpers/run-script";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-prepare-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function facts(file: string): { origin: string | null; users: number; counties: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const hasOrigin = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'database_origin'").get();
    const origin = hasOrigin ? (db.prepare("SELECT created_as AS o FROM database_origin").get() as { o: string }).o : null;
    const count = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    return { origin, users: count("users"), counties: count("counties") };
  } finally {
    db.close();
  }
}

describe("db/prepare.ts", () => {
  it("creates data/market.db with the demo on the very first run at the default path", async () => {
    const install = path.join(work, "install");
    fs.mkdirSync(install);
    const r = await runScript("db/prepare.ts", [], { env: childEnv(), cwd: install });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("first run: creating");
    const file = path.join(install, "data", "market.db");
    // Built under a temporary name and renamed into place: nothing else is left beside it.
    expect(fs.readdirSync(path.dirname(file))).toEqual(["market.db"]);
    expect(facts(file)).toMatchObject({ origin: "demo" });
    expect(facts(file).users).toBeGreaterThan(0);
    // The second run finds it and only migrates.
    const again = await runScript("db/prepare.ts", [], { env: childEnv(), cwd: install });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`migrated ${file}`);
    // Deleted after it has served (its deal files are still there): not a first run any more.
    fs.mkdirSync(path.join(install, "data", "files"));
    fs.rmSync(file);
    const deleted = await runScript("db/prepare.ts", [], { env: childEnv(), cwd: install });
    expect(deleted.code).toBe(1);
    expect(deleted.stderr).toContain(`Database not found: ${file}`);
    expect(fs.existsSync(file)).toBe(false);
  }, 120_000);

  it("creates an empty market for DB_INIT=empty, leaves it alone for a later DB_INIT=demo, and the seed refuses it", async () => {
    const file = path.join(work, "empty.db");
    const created = await runScript("db/prepare.ts", [], { env: childEnv({ DATABASE_PATH: file, DB_INIT: "empty" }) });
    expect(created.code).toBe(0);
    expect(facts(file)).toEqual({ origin: "empty", users: 0, counties: expect.any(Number) });
    expect(facts(file).counties).toBeGreaterThan(0);

    const demoAsked = await runScript("db/prepare.ts", [], { env: childEnv({ DATABASE_PATH: file, DB_INIT: "demo" }) });
    expect(demoAsked.code).toBe(0);
    expect(demoAsked.stdout).toContain(`DB_INIT=demo: ${file} already exists; left as it is (only migrated)`);
    expect(facts(file)).toMatchObject({ origin: "empty", users: 0 });

    const seeded = await runScript("db/seed.ts", [], { env: childEnv({ DATABASE_PATH: file }) });
    expect(seeded.code).toBe(1);
    expect(seeded.stderr).toMatch(/was created as an empty database .*only loaded into a database created as a demo/);
    expect(facts(file).users).toBe(0);
  }, 120_000);

  it("refuses a missing file anywhere else, and creates neither the file nor its folder", async () => {
    const file = path.join(work, "volume", "market.db");
    const results = await Promise.all([
      runScript("db/prepare.ts", [], { env: childEnv({ DATABASE_PATH: file }) }),
      runScript("db/prepare.ts", [], { env: childEnv({ DATABASE_PATH: file, DB_INIT: "empty" }) }),
      runScript("db/migrate.ts", [], { env: childEnv({ DATABASE_PATH: file }) }),
      runScript("db/seed.ts", [], { env: childEnv({ DATABASE_PATH: file }) }),
    ]);
    for (const r of results) expect(r.code).toBe(1);
    expect(results[0]!.stderr).toContain(`Database not found: ${file}`);
    expect(results[0]!.stderr).toMatch(/DB_INIT=demo npm start[\s\S]*DB_INIT=empty npm start[\s\S]*npm run db:restore -- <backup>/);
    expect(results[1]!.stderr).toMatch(/Folder not found: .*volume[\s\S]*is the volume mounted/);
    expect(results[2]!.stderr).toContain(`Database not found: ${file}`);
    expect(results[3]!.stderr).toContain("never creates one");
    expect(fs.existsSync(path.join(work, "volume"))).toBe(false);
  }, 120_000);

  it("refuses a DB_INIT it does not know, naming it", async () => {
    const r = await runScript("db/prepare.ts", [], { env: childEnv({ DATABASE_PATH: path.join(work, "x.db"), DB_INIT: "yes" }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/DB_INIT/);
    expect(fs.existsSync(path.join(work, "x.db"))).toBe(false);
  }, 60_000);

  it("will not load the demo into a database with no record of being created as one", async () => {
    const t = createTestDb();
    try {
      t.db.$client.pragma("wal_checkpoint(TRUNCATE)");
      const r = await runScript("db/seed.ts", ["--if-empty"], { env: childEnv({ DATABASE_PATH: t.file }) });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("has no record of being created as a demo");
      expect((t.db.$client.prepare("SELECT count(*) AS n FROM users").get() as { n: number }).n).toBe(0);
    } finally {
      t.cleanup();
    }
  }, 60_000);
});
