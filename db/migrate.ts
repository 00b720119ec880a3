import { migrateDb, openDb } from "./connection";
import { databasePath } from "./path";

const file = databasePath();
const db = openDb(file);
migrateDb(db);
db.$client.close();
console.log(`migrated ${file}`);
