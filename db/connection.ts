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

const here = path.dirname(fileURLToPath(import.meta.url));
export const MIGRATIONS_FOLDER = path.resolve(here, "migrations");

/**
 * Opens the database with the pragmas every connection needs. better-sqlite3 opens an
 * existing WAL file with synchronous=NORMAL, which may lose the last commit on power loss,
 * so FULL is set on every open, not only the first.
 */
export function openSqlite(file: string, options: { readonly?: boolean } = {}): Database.Database {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  if (!options.readonly) sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return sqlite;
}

export function openDb(file: string, options: { readonly?: boolean } = {}): Db {
  return drizzle(openSqlite(file, options), { schema }) as Db;
}

/** Applies the committed SQL migrations; already-applied ones are skipped. */
export function migrateDb(db: Db): void {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
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
