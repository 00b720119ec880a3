import path from "node:path";
import { checkIntegrity, isMarketDatabase, migrateDb, openDb, type Db } from "../../db/connection";
import { missingDatabaseHelp } from "../../db/path";
import { getEnv } from "./env.server";

declare global {
  // Survives module reloads in development so one process keeps one writing connection.
  var __lsmDb: Db | undefined;
}

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
  if (globalThis.__lsmDb) return globalThis.__lsmDb;
  const db = openServedDb(path.resolve(getEnv().DATABASE_PATH));
  globalThis.__lsmDb = db;
  return db;
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
