import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { fileURLToPath } from "node:url";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** The transaction handle drizzle passes to a write callback. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** The repository's root: the nearest folder above this module with a package.json, from db/ as from a compiled build/. */
function repositoryRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
export const MIGRATIONS_FOLDER = path.join(repositoryRoot(), "db", "migrations");

export interface OpenOptions {
  readonly?: boolean;
  /**
   * Refuse a file that is not there instead of creating it. Everything that serves or
   * maintains the real database opens it this way; only the explicit creation step
   * (db/prepare.ts) and throwaway test files may create one.
   */
  mustExist?: boolean;
}

/** The database file named by the configuration is not there; nothing was created. */
export class DatabaseMissingError extends Error {
  constructor(readonly file: string) {
    super(`database file not found: ${file}`);
    this.name = "DatabaseMissingError";
  }
}

/**
 * Opens the database with the pragmas every connection needs. better-sqlite3 opens an
 * existing WAL file with synchronous=NORMAL, which may lose the last commit on power loss,
 * so FULL is set on every open, not only the first.
 */
export function openSqlite(file: string, options: OpenOptions = {}): Database.Database {
  const mustExist = (options.readonly ?? false) || (options.mustExist ?? false);
  if (file !== ":memory:") {
    if (mustExist && !fs.existsSync(file)) throw new DatabaseMissingError(path.resolve(file));
    // SQLite would take an empty file for a new database and write a header into it.
    if (mustExist && fs.statSync(file).size === 0) throw new Error(`${path.resolve(file)} is an empty file, not a market database`);
    if (!mustExist) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }
  const sqlite = new Database(file, { readonly: options.readonly ?? false, fileMustExist: mustExist });
  try {
    if (!options.readonly) sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = FULL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
  } catch (err) {
    sqlite.close();
    throw err;
  }
  return sqlite;
}

export function openDb(file: string, options: OpenOptions = {}): Db {
  return drizzle(openSqlite(file, options), { schema }) as Db;
}

/** True when the file holds the platform's schema (its migration ledger), not an empty or foreign file. */
export function isMarketDatabase(db: Db): boolean {
  return db.$client.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get() !== undefined;
}

/**
 * Applies the committed SQL migrations; already-applied ones are skipped. Foreign keys are
 * off while they run: a migration that rebuilds a table (to change what ALTER TABLE cannot)
 * must drop it, which with foreign keys on would cascade or fail, and the pragma cannot be
 * changed inside the migrator's transaction. Such a migration checks the keys itself before
 * it commits; the check here afterwards fails loudly on anything that slipped through.
 */
export function migrateDb(db: Db, migrationsFolder: string = MIGRATIONS_FOLDER): void {
  const client = db.$client;
  const keysWereOn = client.pragma("foreign_keys", { simple: true }) === 1;
  client.pragma("foreign_keys = OFF");
  try {
    migrate(db, { migrationsFolder });
    const violations = client.prepare("PRAGMA foreign_key_check").all() as { table: string; rowid: number; parent: string }[];
    if (violations.length > 0) {
      const sample = violations.slice(0, 5).map((v) => `${v.table} row ${v.rowid} -> ${v.parent}`);
      throw new Error(`foreign key violations after migrating (${violations.length}): ${sample.join("; ")}`);
    }
  } finally {
    if (keysWereOn) client.pragma("foreign_keys = ON");
  }
}

/**
 * Every write goes through here: BEGIN IMMEDIATE takes the write lock up front, so a
 * read-then-write transaction waits on the busy timeout instead of failing with
 * SQLITE_BUSY_SNAPSHOT. The callback must be synchronous.
 */
export function writeTx<T>(db: Db, fn: (tx: Tx) => T): T {
  return db.transaction(fn, { behavior: "immediate" });
}

export function checkIntegrity(db: Db): string {
  const row = db.$client.prepare("PRAGMA quick_check").get() as { quick_check: string };
  return row.quick_check;
}
