// Applies pending migrations to the existing database (DATABASE_PATH, default data/market.db).
// A missing file is refused, never created: db/prepare.ts is the one place a database is made.
import path from "node:path";
import { DatabaseMissingError, isMarketDatabase, migrateDb, openDb, type Db } from "./connection";
import { databasePath, missingDatabaseHelp } from "./path";

function main(): number {
  const file = path.resolve(databasePath());
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

process.exitCode = main();
