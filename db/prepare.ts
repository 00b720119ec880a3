// Makes the database ready before the server starts; `npm start` and `npm run dev` run it.
//
//   the file exists            migrate it (DB_INIT, if set, changes nothing and says so)
//   missing, DB_INIT=demo      create it with the demo market
//   missing, DB_INIT=empty     create it empty: migrated, vocabularies only, no accounts
//   missing, no DATABASE_PATH  the very first run (no data/ folder yet, or an empty one): create
//                              data/market.db with the demo market
//   missing otherwise          stop: a wrong path or an unmounted volume must not become a new,
//                              empty market that takes registrations
//
// This is the only place a database is created; the server itself refuses a missing file.
import fs from "node:fs";
import path from "node:path";
import { getEnv, type Env } from "../app/services/env.server";
import { migrateExisting } from "./migrate-existing";
import { databasePath, missingDatabaseHelp, usesDefaultDatabasePath } from "./path";

async function main(): Promise<number> {
  let env: Env;
  try {
    env = getEnv();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return 1;
  }
  const file = path.resolve(databasePath());
  if (fs.existsSync(file)) {
    if (env.DB_INIT) console.log(`DB_INIT=${env.DB_INIT}: ${file} already exists; left as it is (only migrated)`);
    return migrateExisting(file);
  }
  // A data/ folder with anything in it (deal files, an old backup) has served before: a
  // database missing from it was deleted or moved, and a fresh demo must not take its place.
  const folder = path.dirname(file);
  const firstRun = usesDefaultDatabasePath() && (!fs.existsSync(folder) || fs.readdirSync(folder).length === 0);
  const origin = env.DB_INIT ?? (firstRun ? "demo" : undefined);
  if (!origin) {
    console.error(missingDatabaseHelp(file));
    return 1;
  }
  if (firstRun) fs.mkdirSync(folder, { recursive: true });
  else if (!fs.existsSync(folder)) {
    console.error(`Folder not found: ${folder}\nNot creating it: a database goes into an existing folder (is the volume mounted?)`);
    return 1;
  }
  const why = env.DB_INIT ? `DB_INIT=${env.DB_INIT}` : "first run";
  console.log(`${why}: creating ${file} (${origin === "demo" ? "demo market" : "empty market, no accounts"})`);
  // Loaded only here: the demo's data and the password hashing are not needed to migrate.
  const { createDatabase } = await import("./create");
  await createDatabase(file, origin);
  console.log(`created ${file}`);
  return 0;
}

process.exitCode = await main();
