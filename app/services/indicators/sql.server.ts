import type { Statement } from "better-sqlite3";
import type { Db } from "../../../db/connection";

// Statement cache and exact integer reading shared by the indicator's and the dashboard's queries.

export type RawRow = Record<string, unknown>;

const statements = new WeakMap<Db["$client"], Map<string, Statement<unknown[]>>>();

/** Runs `text` (prepared once per connection) with 64-bit integers read exactly. */
export function rows(db: Db, text: string, params: unknown[] = []): RawRow[] {
  let byText = statements.get(db.$client);
  if (!byText) {
    byText = new Map();
    statements.set(db.$client, byText);
  }
  let stmt = byText.get(text);
  if (!stmt) {
    stmt = db.$client.prepare(text).safeIntegers(true);
    byText.set(text, stmt);
  }
  return stmt.all(...params) as RawRow[];
}

/** An integer from SQLite; a sum beyond 2^53 fails rather than rounds. */
export function exact(v: unknown): number {
  if (v === null || v === undefined) return 0;
  // A fraction here would be a bug upstream (every summed column is an integer): it throws too.
  const big = typeof v === "bigint" ? v : BigInt(v as number);
  if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) throw new RangeError(`total ${big} is beyond exact JavaScript integers`);
  return Number(big);
}

/** The Beijing year of an ISO time column. */
export const beijingYear = (column: string) => `CAST(strftime('%Y', ${column}, '+8 hours') AS INTEGER)`;
/** The Beijing month (1-12) of an ISO time column. */
export const beijingMonth = (column: string) => `CAST(strftime('%m', ${column}, '+8 hours') AS INTEGER)`;

import { COUNTY_PATTERN } from "./links";
export { COUNTY_PATTERN };

export function checkedCounty(county: string | null | undefined): string | null {
  if (county === null || county === undefined || county === "") return null;
  if (!COUNTY_PATTERN.test(county)) throw new RangeError(`not a Lüliang county code: ${county}`);
  return county;
}
