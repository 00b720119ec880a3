/** The database file: DATABASE_PATH, or data/market.db beside the project. */
export function databasePath(): string {
  return process.env.DATABASE_PATH || "data/market.db";
}
