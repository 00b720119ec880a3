import type { Db } from "../db/connection";
import type { MatchOptions, MatchResult } from "./match";

// A stored listing's matches are read far more often than what they are computed from
// changes: a broker's workbench counts the suggestions of every need he leads on each visit.
// They are computed from the other side's index, the listing and its dismissed pairs (the
// caller names these as `inputs`), the policy settings and the day. So a worker keeps each
// answer while its inputs are unchanged, and for at most a minute, which bounds the day and
// the settings (which matching itself reads once a minute). An answer asked for a given
// moment (`now`) is always computed.

const SECONDS = 60;
const MAX_ENTRIES = 2000;

interface Kept {
  inputs: string;
  at: number;
  results: MatchResult[];
}

export type KeptMatches = (key: string, opts: MatchOptions | undefined, inputs: string, compute: () => Promise<MatchResult[]>) => Promise<MatchResult[]>;

export function keptMatches(db: Db, clock: () => number = Date.now): KeptMatches {
  const kept = new Map<string, Kept>();
  return async (key, opts, inputs, compute) => {
    // Inside a transaction the connection may see its own uncommitted writes.
    if (opts?.now || db.$client.inTransaction) return compute();
    const full = `${key}:${opts?.limit ?? ""}:${opts?.statuses?.join(",") ?? ""}`;
    const hit = kept.get(full);
    if (hit && hit.inputs === inputs && clock() - hit.at < SECONDS * 1000) return [...hit.results];
    const at = clock();
    const results = await compute();
    if (kept.size >= MAX_ENTRIES) kept.clear();
    kept.set(full, { inputs, at, results });
    return [...results];
  };
}
