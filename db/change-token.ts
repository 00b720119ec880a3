import type { Database } from "better-sqlite3";

/**
 * A token that moves whenever the database may have changed: SQLite's data_version moves when
 * another connection (another worker, the search relay, a script) commits, and total_changes()
 * when this one writes. What is kept only while it is unchanged is never older than the data.
 */
export function databaseChangeToken(sqlite: Database): () => string {
  const dataVersion = sqlite.prepare("PRAGMA data_version").pluck();
  const ownChanges = sqlite.prepare("SELECT total_changes()").pluck();
  return () => `${String(dataVersion.get())}:${String(ownChanges.get())}`;
}
