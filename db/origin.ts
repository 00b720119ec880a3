import type { Db } from "./connection";

/** How a database came to be: a demo (published accounts and password) or an empty market. */
export const DATABASE_ORIGINS = ["demo", "empty"] as const;
export type DatabaseOrigin = (typeof DATABASE_ORIGINS)[number];

/*
 * The creation step records the origin in a one-row table rather than in PRAGMA
 * application_id or user_version: a table says what it means by name, carries the moment
 * of creation, is read with plain SQL by anyone inspecting a backup, and no other tool
 * claims it (user_version is commonly taken for schema versions). Triggers refuse to
 * change or remove the row, so an empty market cannot be relabelled a demo through SQL
 * the application runs. A database without the row (made before the record existed, or
 * by hand) counts as not a demo.
 */
const CREATE_SQL = `
CREATE TABLE IF NOT EXISTS database_origin (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  created_as TEXT NOT NULL CHECK (created_as IN ('demo', 'empty')),
  created_at TEXT NOT NULL
) STRICT;
CREATE TRIGGER IF NOT EXISTS database_origin_no_update BEFORE UPDATE ON database_origin
BEGIN SELECT RAISE(ABORT, 'database_origin is written once, at creation'); END;
CREATE TRIGGER IF NOT EXISTS database_origin_no_delete BEFORE DELETE ON database_origin
BEGIN SELECT RAISE(ABORT, 'database_origin is written once, at creation'); END;
`;

/** Written once by the creation step, in the same file before it is put in place. */
export function recordOrigin(db: Db, origin: DatabaseOrigin, now: Date = new Date()): void {
  const client = db.$client;
  client.exec(CREATE_SQL);
  client.prepare("INSERT INTO database_origin (id, created_as, created_at) VALUES (1, ?, ?)").run(origin, now.toISOString());
}

/** The recorded origin, or null when the database carries no record of how it was made. */
export function readOrigin(db: Db): { createdAs: DatabaseOrigin; createdAt: string } | null {
  const client = db.$client;
  const table = client.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'database_origin'").get();
  if (!table) return null;
  const row = client.prepare("SELECT created_as AS createdAs, created_at AS createdAt FROM database_origin WHERE id = 1").get() as
    { createdAs: DatabaseOrigin; createdAt: string } | undefined;
  return row ?? null;
}
