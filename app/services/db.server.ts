import { checkIntegrity, migrateDb, openDb, type Db } from "../../db/connection";
import { getEnv } from "./env.server";

declare global {
  // Survives module reloads in development so one process keeps one writing connection.
  var __lsmDb: Db | undefined;
}

/**
 * The process's one connection. On first use it checks the file's integrity and refuses
 * to serve a damaged database rather than quietly starting an empty one.
 */
export function getDb(): Db {
  if (globalThis.__lsmDb) return globalThis.__lsmDb;
  const db = openDb(getEnv().DATABASE_PATH);
  const check = checkIntegrity(db);
  if (check !== "ok") {
    db.$client.close();
    throw new Error(`Database integrity check failed: ${check}`);
  }
  migrateDb(db);
  globalThis.__lsmDb = db;
  return db;
}
