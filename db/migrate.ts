// Applies pending migrations to the existing database (DATABASE_PATH, default data/market.db).
// A missing file is refused, never created: db/prepare.ts is the one place a database is made.
import path from "node:path";
import { migrateExisting } from "./migrate-existing";
import { databasePath } from "./path";

process.exitCode = migrateExisting(path.resolve(databasePath()));
