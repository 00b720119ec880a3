import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateDb, openDb, type Db } from "../../db/connection";
import { seedVocabularies } from "../../db/seed-vocabularies";

/**
 * A fresh, migrated database file with the vocabularies loaded, private to the caller.
 * Copies the base made by the global setup when there is one.
 */
export function createTestDb(): { db: Db; file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-db-"));
  const file = path.join(dir, "test.db");
  const base = process.env.LSM_TEST_BASE_DB;
  let db: Db;
  if (base && fs.existsSync(base)) {
    fs.copyFileSync(base, file);
    db = openDb(file);
  } else {
    db = openDb(file);
    migrateDb(db);
    seedVocabularies(db);
  }
  return {
    db,
    file,
    cleanup: () => {
      try {
        db.$client.close();
      } catch {
        /* already closed */
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
