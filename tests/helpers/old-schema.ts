// Databases "from before": the schema as an earlier migration left it, holding the demo's rows.
// The demo is seeded once at the current schema and copied column by column into the old one,
// so the seed never has to know what earlier schemas looked like.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { MIGRATIONS_FOLDER, migrateDb, openDb, type Db } from "../../db/connection";
import { loadDemo } from "../../db/seed";

/** A copy of the migrations that stops at `last`. */
export function migrationsUpTo(dir: string, last: { idx: number; tag: string }): string {
  const folder = path.join(dir, `migrations-${last.idx}`);
  fs.cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalPath, "utf8")) as { entries: { idx: number; tag: string }[] };
  const kept = journal.entries.filter((e) => e.idx <= last.idx);
  expect(kept.at(-1)!.tag).toBe(last.tag);
  fs.writeFileSync(journalPath, JSON.stringify({ ...journal, entries: kept }));
  return folder;
}

let currentDemo: Promise<string> | undefined;

/** The demo seeded at the current schema, once per test file. */
function demoAtCurrentSchema(): Promise<string> {
  currentDemo ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-demo-now-"));
    process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, "market.db");
    const db = openDb(file);
    migrateDb(db);
    await loadDemo(db, file, false);
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    db.$client.close();
    return file;
  })();
  return currentDemo;
}

const columnsOf = (db: Db, schema: string, table: string) =>
  (db.$client.prepare(`SELECT name FROM pragma_table_info(?, ?)`).all(table, schema) as { name: string }[]).map((c) => c.name);

/**
 * Fills `db` (migrated to an earlier schema) with the demo's rows: every table and column the
 * old schema has, ids and id counters included. Columns the old schema lacks are left out.
 */
export async function fillWithDemo(db: Db): Promise<void> {
  const source = await demoAtCurrentSchema();
  const c = db.$client;
  c.prepare("ATTACH DATABASE ? AS demo").run(source);
  try {
    const tables = (
      c.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'").all() as {
        name: string;
      }[]
    ).map((t) => t.name);
    c.pragma("foreign_keys = OFF");
    c.transaction(() => {
      for (const table of tables) {
        const theirs = new Set(columnsOf(db, "demo", table));
        if (theirs.size === 0) continue;
        const shared = columnsOf(db, "main", table).filter((col) => theirs.has(col));
        const list = shared.map((col) => `"${col}"`).join(", ");
        c.exec(`INSERT INTO main."${table}" (${list}) SELECT ${list} FROM demo."${table}"`);
      }
    })();
    c.pragma("foreign_keys = ON");
  } finally {
    c.exec("DETACH DATABASE demo");
  }
}
