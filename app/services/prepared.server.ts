import type { Db } from "../../db/connection";

// Statements a page runs on every view, prepared once per connection instead of on every
// call: building the SQL and preparing it cost more than running it.
//
//   const byKey = (db: Db) => prepared(db, "policy-setting", () => db.select()...where(eq(k, sql.placeholder("key"))).prepare());
//   byKey(db).get({ key: "freshness_days" });

const byConnection = new WeakMap<Db["$client"], Map<string, unknown>>();

/** The statement `build` makes for this connection, made on the first call only. */
export function prepared<T>(db: Db, name: string, build: () => T): T {
  let statements = byConnection.get(db.$client);
  if (!statements) {
    statements = new Map();
    byConnection.set(db.$client, statements);
  }
  let stmt = statements.get(name) as T | undefined;
  if (stmt === undefined) {
    stmt = build();
    statements.set(name, stmt);
  }
  return stmt;
}
