// Full reindex and reconciliation: the two ways the index is brought back to the database
// when the outbox alone is not trusted (a restore from backup, a new engine, a document
// dropped behind our back).

import { writeTx, type Db } from "../db/connection";
import { iterateDocuments, loadDocuments, publicListingVersions, type SearchDocument } from "./documents";
import type { EmbeddedEngine } from "./embedded";
import type { IndexChange, RemoteIndex } from "./engine";
import { enqueueSearchSync } from "./outbox";
import { LISTING_KIND_LIST, type ListingKind } from "./types";

const KINDS: readonly ListingKind[] = LISTING_KIND_LIST;

export interface ReindexReport {
  engine: "embedded" | "meilisearch";
  kind: ListingKind;
  documents: number;
  ms: number;
  /** Listings written during a remote rebuild and queued again for the new index. */
  requeued: number;
}

function outboxHighWater(db: Db): number {
  return (db.$client.prepare("SELECT coalesce(max(id), 0) FROM search_outbox").pluck().get() as number) ?? 0;
}

function listingsChangedSince(db: Db, kind: ListingKind, outboxId: number): number[] {
  return db.$client
    .prepare("SELECT DISTINCT entity_id FROM search_outbox WHERE entity = ? AND id > ? ORDER BY entity_id")
    .pluck()
    .all(kind, outboxId) as number[];
}

/**
 * Rebuilds the embedded index (always: it is the fallback and the matcher's statistics) and
 * the remote one when configured, each into a fresh copy that replaces the old one at once.
 *
 * Listings written during a build are caught through the outbox: every write after the
 * build started has an outbox id above the high-water mark read before it. The embedded
 * swap re-reads those listings inside its own transaction; for the remote engine they are
 * queued again once the swap is done, since the relay wrote them to the index that was
 * swapped out (M6). Deleted or unpublished listings are simply absent from the pages, and
 * their re-reads say "not public", so nothing comes back from the dead (M5).
 */
export async function reindexAll(
  db: Db,
  embedded: EmbeddedEngine,
  remote: RemoteIndex | null,
  kinds: readonly ListingKind[] = KINDS,
): Promise<ReindexReport[]> {
  const reports: ReindexReport[] = [];
  for (const kind of kinds) reports.push(rebuildEmbedded(db, embedded, kind));
  if (remote) {
    await remote.init();
    for (const kind of kinds) reports.push(await rebuildRemote(db, remote, kind));
  }
  return reports;
}

/** Rebuilds one kind of the embedded index; `pages` defaults to every public listing. */
export function rebuildEmbedded(
  db: Db,
  embedded: EmbeddedEngine,
  kind: ListingKind,
  pages: Iterable<SearchDocument[]> = iterateDocuments(db, kind, 500),
): ReindexReport {
  const started = performance.now();
  const mark = outboxHighWater(db);
  const documents = embedded.rebuild(kind, pages, (): IndexChange[] => {
    const ids = listingsChangedSince(db, kind, mark);
    const docs = loadDocuments(db, kind, ids);
    return ids.map((id) => ({ kind, id, doc: docs.get(id) ?? null }));
  });
  return { engine: "embedded", kind, documents, ms: Math.round(performance.now() - started), requeued: 0 };
}

/** Rebuilds one kind of the remote index, then queues the listings written meanwhile. */
export async function rebuildRemote(db: Db, remote: RemoteIndex, kind: ListingKind): Promise<ReindexReport> {
  const started = performance.now();
  const mark = outboxHighWater(db);
  const documents = await remote.rebuild(kind, iterateDocuments(db, kind, 1000));
  const changed = listingsChangedSince(db, kind, mark);
  if (changed.length > 0) writeTx(db, (tx) => changed.forEach((id) => enqueueSearchSync(tx, kind, id, "upsert")));
  return { engine: "meilisearch", kind, documents, ms: Math.round(performance.now() - started), requeued: changed.length };
}

export interface ReconcileReport {
  engine: "embedded" | "meilisearch";
  kind: ListingKind;
  /** Public listings the index lacks. */
  missing: number[];
  /** Indexed documents built from an older version of the listing. */
  stale: number[];
  /** Indexed documents whose listing is gone or no longer public. */
  extra: number[];
}

function diff(expected: Map<number, string>, indexed: Map<number, string>) {
  const missing: number[] = [];
  const stale: number[] = [];
  const extra: number[] = [];
  for (const [id, version] of expected) {
    const got = indexed.get(id);
    if (got === undefined) missing.push(id);
    else if (got !== version) stale.push(id);
  }
  for (const id of indexed.keys()) if (!expected.has(id)) extra.push(id);
  return { missing, stale, extra };
}

/**
 * Compares every engine with the database and queues an outbox row for each listing that
 * differs, so the relay (and its retry rules) does the repair (M7). Returns what it found.
 */
export async function reconcile(db: Db, embedded: EmbeddedEngine, remote: RemoteIndex | null): Promise<ReconcileReport[]> {
  const reports: ReconcileReport[] = [];
  for (const kind of KINDS) {
    const expected = publicListingVersions(db, kind);
    reports.push({ engine: "embedded", kind, ...diff(expected, embedded.indexedVersions(kind)) });
    if (remote) reports.push({ engine: "meilisearch", kind, ...diff(expected, await remote.indexedVersions(kind)) });
  }
  const queue = new Map<string, { kind: ListingKind; id: number; op: "upsert" | "delete" }>();
  for (const r of reports) {
    for (const id of [...r.missing, ...r.stale]) queue.set(`${r.kind}:${id}`, { kind: r.kind, id, op: "upsert" });
    for (const id of r.extra) if (!queue.has(`${r.kind}:${id}`)) queue.set(`${r.kind}:${id}`, { kind: r.kind, id, op: "delete" });
  }
  if (queue.size > 0) writeTx(db, (tx) => queue.forEach((q) => enqueueSearchSync(tx, q.kind, q.id, q.op)));
  return reports;
}
