import { DatabaseMissingError, isMarketDatabase, migrateDb, openDb, type Db } from "./connection";
import { missingDatabaseHelp } from "./path";

/**
 * Applies pending migrations to a database file that must already exist and be a market
 * database; says what it did or why it refused. Returns the process exit code.
 */
export function migrateExisting(file: string): number {
  let db: Db;
  try {
    db = openDb(file, { mustExist: true });
  } catch (err) {
    console.error(err instanceof DatabaseMissingError ? missingDatabaseHelp(file) : `cannot open ${file}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  try {
    if (!isMarketDatabase(db)) {
      console.error(`${file} is not a market database (no migration ledger); refusing to migrate it`);
      return 1;
    }
    migrateDb(db);
    console.log(`migrated ${file}`);
    return 0;
  } finally {
    db.$client.close();
  }
}
