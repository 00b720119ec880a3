// The database a command works on: the one at DATABASE_PATH, which must exist and be a market
// database (a command never creates one). Shared by every command line, so each answers a
// missing or foreign file the same way: the reason on standard error and exit code 3.
import path from "node:path";
import { DatabaseMissingError, isMarketDatabase, openDb, type Db } from "../../db/connection";
import { databasePath, missingDatabaseHelp } from "../../db/path";

/** Runs `work` on the market database and closes it; 3 (and why, on stderr) when there is none. */
export async function withMarketDb(work: (db: Db, file: string) => number | Promise<number>): Promise<number> {
  const file = path.resolve(databasePath());
  let db: Db;
  try {
    db = openDb(file, { mustExist: true });
  } catch (err) {
    if (!(err instanceof DatabaseMissingError)) throw err;
    process.stderr.write(`${missingDatabaseHelp(file)}\n`);
    return 3;
  }
  try {
    if (!isMarketDatabase(db)) {
      process.stderr.write(`${file} is not a market database\n`);
      return 3;
    }
    return await work(db, file);
  } finally {
    db.$client.close();
  }
}
