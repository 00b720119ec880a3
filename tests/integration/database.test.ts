import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { MIGRATIONS_FOLDER, openDb } from "../../db/connection";
import { createTestDb } from "../helpers/db";
import { makeOrg, makeUser } from "../helpers/app";
import { createNeed } from "../../app/services/needs.server";
import { needInput } from "../helpers/world";

const run = promisify(execFile);
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe("concurrent writers (D3)", () => {
  it("four processes incrementing through writeTx lose no update and see no SQLITE_BUSY", async () => {
    const t = createTestDb();
    cleanups.push(t.cleanup);
    t.db.$client.exec("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO counter VALUES (1, 0);");
    const child = path.resolve("tests/helpers/increment-child.ts");
    const tsx = path.resolve("node_modules/.bin/tsx");
    const results = await Promise.all([0, 1, 2, 3].map(() => run(tsx, [child, t.file, "300", "immediate"])));
    const failures = results.map((r) => (JSON.parse(r.stdout) as { failures: number }).failures);
    expect(failures).toEqual([0, 0, 0, 0]);
    expect(t.db.$client.prepare("SELECT n FROM counter").get()).toEqual({ n: 1200 });
  }, 180_000);

  it("has a lint rule that refuses a service write outside writeTx", async () => {
    const { ESLint } = await import("eslint");
    const eslint = new ESLint({ cwd: process.cwd() });
    const probe = [
      "import { writeTx, type Db } from '../../db/connection';",
      "import { needs } from '../../db/schema';",
      "export function bare(db: Db) { db.delete(needs).run(); }",
      "export function deferred(db: Db) { db.transaction((tx) => tx.delete(needs).run()); }",
      "export function locked(db: Db) { writeTx(db, (tx) => tx.delete(needs).run()); }",
      "",
    ].join("\n");
    const [result] = await eslint.lintText(probe, { filePath: "app/services/probe.server.ts" });
    const refused = result!.messages.filter((m) => m.ruleId === "no-restricted-syntax").map((m) => m.line);
    expect(refused).toEqual([3, 4]);
  }, 60_000);
});

describe("bad data never becomes a 500 or a half-written row (D8)", () => {
  it("refuses negative money and a budget range upside down at the database too", () => {
    const t = createTestDb();
    cleanups.push(t.cleanup);
    const insert = (min: number, max: number) =>
      t.db.$client
        .prepare(
          `INSERT INTO needs (org_id, created_by, title, description, industry_chain_id, tech_field_code, budget_min_fen, budget_max_fen,
           cooperation_modes, expected_trl, deadline, county_code, contact_name, contact_phone)
           VALUES (1, 1, 't', 'd', 'hydrogen', '602', ?, ?, '[]', 5, '2099-01-01', '141102', 'n', 'p')`,
        )
        .run(min, max);
    expect(() => insert(-1, 10)).toThrow(/CHECK constraint failed/);
    expect(() => insert(10, 5)).toThrow(/CHECK constraint failed/);
  });

  it("answers a reference to a missing chain or field with a field error, not an exception", async () => {
    const t = createTestDb();
    cleanups.push(t.cleanup);
    const org = makeOrg(t.db, "enterprise");
    const u = await makeUser(t.db, "enterprise", org.id);
    const r = createNeed(t.db, u.actor, needInput({ industryChainId: "unicorns", techFieldCode: "6", countyCode: "110101" }));
    expect(r).toEqual({ ok: false, fieldErrors: { industryChainId: ["v.choose"], techFieldCode: ["v.choose"], countyCode: ["v.choose"] } });
  });

  it("applies migrations all or nothing: a failing migration leaves the schema as it was", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-mig-"));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const folder = path.join(dir, "migrations");
    fs.cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
    const journalPath = path.join(folder, "meta", "_journal.json");
    const journal = JSON.parse(fs.readFileSync(journalPath, "utf8")) as {
      entries: { idx: number; when: number; tag: string; breakpoints: boolean; version: string }[];
    };
    const last = journal.entries.at(-1)!;
    journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1, tag: "9999_broken" });
    fs.writeFileSync(journalPath, JSON.stringify(journal));
    fs.writeFileSync(
      path.join(folder, "9999_broken.sql"),
      "CREATE TABLE half_done (id INTEGER);\n--> statement-breakpoint\nALTER TABLE no_such_table ADD COLUMN x INTEGER;\n",
    );
    const db = openDb(path.join(dir, "m.db"));
    expect(() => migrate(db, { migrationsFolder: folder })).toThrow();
    const tables = db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    expect(tables.map((t) => t.name)).not.toContain("half_done");
    expect(tables.map((t) => t.name)).not.toContain("needs");
    db.$client.close();
  });

  it("runs migrations again as a no-op", () => {
    const t = createTestDb();
    cleanups.push(t.cleanup);
    const before = t.db.$client.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get();
    migrate(t.db, { migrationsFolder: MIGRATIONS_FOLDER });
    expect(t.db.$client.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get()).toEqual(before);
  });
});
