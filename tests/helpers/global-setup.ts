import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateDb, openDb } from "../../db/connection";
import { seedVocabularies } from "../../db/seed-vocabularies";

// Migrate one base database per run; each test copies it, which is far faster than
// running every migration again.
export default function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-test-"));
  const base = path.join(dir, "base.db");
  const db = openDb(base);
  migrateDb(db);
  seedVocabularies(db);
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
  process.env.LSM_TEST_BASE_DB = base;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
