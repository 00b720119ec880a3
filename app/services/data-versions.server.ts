import type Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { databaseChangeToken } from "../../db/change-token";
import type { Db, Tx } from "../../db/connection";
import { dataVersions } from "../../db/schema";

// Figures that change only when a contract is registered or a listing is published (the
// home page's totals and counts) are computed once and reused until that happens. Every
// write that changes such a figure bumps its counter in data_versions in the same
// transaction; a reader compares the counters (one primary-key read each) before reusing
// its copy. The counters live in the database, not in memory, so a write made by any worker
// process is seen by all of them at their next read.

/** What a cached figure depends on: contracts (registration), public listings, brokers' certificates, policy settings. */
export type DataName = "contracts" | "listings" | "brokers" | "policy";

interface Entry {
  versions: number[];
  value: unknown;
}

interface ConnectionCache {
  read: Database.Statement;
  entries: Map<string, Entry>;
}

const caches = new WeakMap<Database.Database, ConnectionCache>();

function connectionCache(db: Db): ConnectionCache {
  let c = caches.get(db.$client);
  if (!c) {
    c = { read: db.$client.prepare("SELECT version FROM data_versions WHERE name = ?").pluck(), entries: new Map() };
    caches.set(db.$client, c);
  }
  return c;
}

/** Marks every cached figure depending on `name` as out of date, when `tx` commits. */
export function bumpDataVersion(tx: Tx, name: DataName): void {
  tx.insert(dataVersions)
    .values({ name, version: 1 })
    .onConflictDoUpdate({ target: dataVersions.name, set: { version: sql`${dataVersions.version} + 1` } })
    .run();
}

/**
 * The value cached under `key` while the counters of `names` are unchanged; otherwise
 * `compute()`'s, kept for the next call. The value is shared: callers must not change it.
 */
export function cachedByVersion<T>(db: Db, names: readonly DataName[], key: string, compute: () => T): T {
  // Inside a transaction the connection may see its own uncommitted writes: neither reuse
  // nor keep anything there.
  if (db.$client.inTransaction) return compute();
  const cache = connectionCache(db);
  // Counters first, figure second: a write committed in between makes the copy look older
  // than it is (one extra computation later), never newer.
  const versions = names.map((n) => (cache.read.get(n) as number | undefined) ?? 0);
  const hit = cache.entries.get(key);
  if (hit && hit.versions.every((v, i) => v === versions[i])) return hit.value as T;
  const value = compute();
  cache.entries.set(key, { versions, value });
  return value;
}

interface Unchanged {
  token: () => string;
  entries: Map<string, { token: string; value: unknown }>;
  /** Bounded stores of keptWhileUnchanged, one per owner. */
  stores: WeakMap<object, Map<string, { token: string; value: Promise<unknown> }>>;
}

const unchangedCaches = new WeakMap<Database.Database, Unchanged>();
/** At most this many values per connection; all are dropped when it is reached. */
const UNCHANGED_MAX_ENTRIES = 2000;

function unchangedCache(db: Db): Unchanged {
  let cache = unchangedCaches.get(db.$client);
  if (!cache) {
    cache = { token: databaseChangeToken(db.$client), entries: new Map(), stores: new WeakMap() };
    unchangedCaches.set(db.$client, cache);
  }
  return cache;
}

/**
 * The value kept under `key` while nothing at all has been written to the database, by this
 * connection or any other (`databaseChangeToken`); otherwise `compute()`'s. For a figure that
 * depends on many tables (a broker's rewards: contracts, rules, batches, needs) where naming
 * each counter would be a promise easily broken. The key must hold every argument, the day
 * included. The value is shared: callers must not change it.
 */
export function cachedWhileUnchanged<T>(db: Db, key: string, compute: () => T): T {
  if (db.$client.inTransaction) return compute();
  const cache = unchangedCache(db);
  const token = cache.token();
  const hit = cache.entries.get(key);
  if (hit && hit.token === token) return hit.value as T;
  const value = compute();
  if (cache.entries.size >= UNCHANGED_MAX_ENTRIES) cache.entries.clear();
  cache.entries.set(key, { token, value });
  return value;
}

/**
 * As cachedWhileUnchanged, for a value computed asynchronously under a key that visitors
 * choose (a list page's query), so the store is bounded: at most `limit` values per
 * connection and `owner`, the least recently used dropped first. Those who ask while the
 * value is being computed share that computation. A computation that fails, or whose value
 * `keep` refuses, is not kept. The value is shared: callers must not change it.
 */
export function keptWhileUnchanged<T>(
  db: Db,
  owner: object,
  key: string,
  compute: () => Promise<T>,
  options: { limit: number; keep?: (value: T) => boolean },
): Promise<T> {
  if (db.$client.inTransaction) return compute();
  const cache = unchangedCache(db);
  let store = cache.stores.get(owner);
  if (!store) cache.stores.set(owner, (store = new Map()));
  const token = cache.token();
  const hit = store.get(key);
  if (hit && hit.token === token) {
    // Most recently used last: a Map keeps the order of insertion.
    store.delete(key);
    store.set(key, hit);
    return hit.value as Promise<T>;
  }
  const entry = { token, value: compute() as Promise<unknown> };
  store.delete(key);
  store.set(key, entry);
  while (store.size > options.limit) store.delete(store.keys().next().value!);
  const drop = () => {
    if (store.get(key) === entry) store.delete(key);
  };
  entry.value.then((value) => {
    if (options.keep && !options.keep(value as T)) drop();
  }, drop);
  return entry.value as Promise<T>;
}
