/** Where the database lives when DATABASE_PATH is not set, relative to the project folder. */
export const DEFAULT_DATABASE_PATH = "data/market.db";

/** The database file: DATABASE_PATH, or data/market.db beside the project. */
export function databasePath(): string {
  return process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
}

/** True when DATABASE_PATH is not set: the installation's own data/market.db. */
export function usesDefaultDatabasePath(): boolean {
  return !process.env.DATABASE_PATH;
}

/** What to say when the configured database file is not there: its path, and the ways to make one. */
export function missingDatabaseHelp(file: string): string {
  return [
    `Database not found: ${file}`,
    "Nothing was created: the server, migrations and seed never create a database.",
    "If the file should be there, check DATABASE_PATH and that its volume is mounted. To make one:",
    "  DB_INIT=demo npm start           create it with the demo market (accounts with the README's password)",
    "  DB_INIT=empty npm start          create it empty (migrated, vocabularies only, no accounts)",
    "  npm run db:restore -- <backup>   restore it from a backup",
  ].join("\n");
}
