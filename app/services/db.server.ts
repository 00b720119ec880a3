import path from "node:path";
import { checkIntegrity, isMarketDatabase, migrateDb, openDb, type Db } from "../../db/connection";
import { missingDatabaseHelp } from "../../db/path";
import { getEnv } from "./env.server";

let served: Db | undefined;

/** The configured database cannot be served: missing, damaged, or not a market database. */
export class DatabaseUnusableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatabaseUnusableError";
  }
}

function refuseDamaged(file: string, why: string): DatabaseUnusableError {
  return new DatabaseUnusableError(
    `Database ${file} cannot be served: ${why}\nRestore the last good backup with the server stopped: npm run db:restore -- <backup>`,
  );
}

/** Opens an existing, sound market database; never creates one. */
function openServedDb(file: string): Db {
  let db: Db;
  try {
    db = openDb(file, { mustExist: true });
  } catch (err) {
    if (err instanceof Error && err.name === "DatabaseMissingError") throw new DatabaseUnusableError(missingDatabaseHelp(file));
    throw refuseDamaged(file, err instanceof Error ? err.message : String(err));
  }
  try {
    const check = checkIntegrity(db);
    if (check !== "ok") throw refuseDamaged(file, `integrity check failed: ${check}`);
    if (!isMarketDatabase(db)) throw refuseDamaged(file, "it is not a market database (no migration ledger)");
    migrateDb(db);
    return db;
  } catch (err) {
    db.$client.close();
    if (err instanceof DatabaseUnusableError) throw err;
    throw refuseDamaged(file, err instanceof Error ? err.message : String(err));
  }
}

/**
 * The process's one connection. It opens only a file that exists, checks its integrity and
 * refuses to serve a damaged database rather than quietly starting an empty one.
 */
export function getDb(): Db {
  served ??= openServedDb(path.resolve(getEnv().DATABASE_PATH));
  return served;
}

/** The connection if one is open; never opens one. */
export function openedDb(): Db | undefined {
  return served;
}

/** Points the services at another connection, or at none (tests use their own files). */
export function useDatabase(db: Db | undefined): void {
  served = db;
}

/**
 * The last step of a clean stop: fold the write-ahead log back into the database file, so
 * the stopped installation is one file (and a copy of it is whole), then close it.
 */
export function closeDatabase(): void {
  const db = served;
  served = undefined;
  if (!db?.$client.open) return;
  try {
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.$client.close();
  }
}

/**
 * Called once before the server listens: a missing or damaged database stops the start with
 * a message naming the file and what to do, instead of failing on the first request.
 */
export function openDatabaseOrExit(): void {
  try {
    getDb();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
