import { databaseChangeToken } from "../db/change-token";
import type { Db } from "../db/connection";
import type { MatchOptions, MatchResult } from "./match";

// A stored listing's matches are read far more often than anything they depend on changes: a
// broker's workbench counts the suggestions of every need he leads on each visit. They depend on
// the listing, the other side's index, the dismissed pairs (all in the database) and the day
// (freshness, deadlines). So a worker keeps each answer while the database is unchanged, and
// for at most a minute. An answer asked for a given moment (`now`) is always computed.

const SECONDS = 60;
const MAX_ENTRIES = 2000;

interface Kept {
  token: string;
  at: number;
  results: MatchResult[];
}

export type KeptMatches = (key: string, opts: MatchOptions | undefined, compute: () => Promise<MatchResult[]>) => Promise<MatchResult[]>;

export function keptMatches(db: Db, clock: () => number = Date.now): KeptMatches {
  const tokenOf = databaseChangeToken(db.$client);
  const kept = new Map<string, Kept>();
  return async (key, opts, compute) => {
    // Inside a transaction the connection may see its own uncommitted writes.
    if (opts?.now || db.$client.inTransaction) return compute();
    const full = `${key}:${opts?.limit ?? ""}:${opts?.statuses?.join(",") ?? ""}`;
    const token = tokenOf();
    const hit = kept.get(full);
    if (hit && hit.token === token && clock() - hit.at < SECONDS * 1000) return [...hit.results];
    const at = clock();
    const results = await compute();
    if (kept.size >= MAX_ENTRIES) kept.clear();
    kept.set(full, { token, at, results });
    return [...results];
  };
}
