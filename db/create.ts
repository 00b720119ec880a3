import fs from "node:fs";
import path from "node:path";
import { migrateDb, openDb } from "./connection";
import { fsyncDir, fsyncFile, removeDatabaseFiles } from "./durable-files";
import { recordOrigin, type DatabaseOrigin } from "./origin";
import { loadDemo } from "./seed";
import { seedVocabularies } from "./seed-vocabularies";

export class DatabaseExistsError extends Error {
  constructor(readonly file: string) {
    super(`${file} already exists; it is never replaced by a new database`);
    this.name = "DatabaseExistsError";
  }
}

/**
 * Creates a new database at `file` (which must not exist, in a folder that must exist):
 * migrated, its origin recorded, the vocabularies loaded and, for a demo, the demo market.
 * It is built beside the target under a temporary name and renamed into place only when
 * complete, so an interrupted creation never leaves a half-made database at the real path.
 */
export async function createDatabase(file: string, origin: DatabaseOrigin): Promise<void> {
  const target = path.resolve(file);
  if (fs.existsSync(target)) throw new DatabaseExistsError(target);
  const temp = `${target}.creating-${process.pid}`;
  removeDatabaseFiles(temp);
  const db = openDb(temp);
  try {
    migrateDb(db);
    recordOrigin(db, origin);
    if (origin === "demo") await loadDemo(db, target, false);
    else seedVocabularies(db);
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    db.$client.close();
    fsyncFile(temp);
    if (fs.existsSync(target)) throw new DatabaseExistsError(target);
    fs.renameSync(temp, target);
    fsyncDir(path.dirname(target));
  } catch (err) {
    if (db.$client.open) db.$client.close();
    removeDatabaseFiles(temp);
    throw err;
  }
  // Closing the last connection removed the temporary -wal and -shm; nothing may be left over.
  removeDatabaseFiles(temp);
}
