// The outbox relay: moves listing changes from search_outbox into the engines.
//
// Rules it keeps (RELIABILITY.md §3):
// - It re-reads the listing's current row instead of trusting what the outbox row says, so
//   edits applied out of order still converge on the latest state (M4).
// - A row is marked done only after every engine confirmed the change; on failure it keeps
//   the row, records the error, counts the attempt and retries later with exponential
//   backoff (capped). No row is ever deleted or skipped (M2, M3).
// - The embedded index is updated inside the same transaction that reads the listing, so it
//   is fresh even while a remote engine is down and search falls back to it.
// - With a remote engine one relay at a time works (a lease row), because two relays sending
//   the same listing concurrently could let an older read overwrite a newer one. The server
//   runs its relay under a lease of its own, checked before every batch, in one process only.
// - The remote engine's settings are verified before writes (at most every so often, through
//   the gate) and re-applied when a write finds its index gone; a server too old to take them
//   is left out, and the relay keeps the embedded index, which then serves every search.

import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import { writeTx, type Db } from "../db/connection";
import type { SearchOutboxRow } from "../db/schema";
import { loadDocuments } from "./documents";
import type { EmbeddedEngine } from "./embedded";
import type { IndexChange, RemoteIndex } from "./engine";
import { IndexTaskFailedError } from "./errors";
import { meiliErrorCode } from "./meilisearch";
import { RemoteGate } from "./remote-gate";
import { LISTING_KIND_LIST, type ListingKind } from "./types";

export interface RelayFailure {
  outboxIds: number[];
  entity: ListingKind;
  entityId: number;
  attempts: number;
  error: string;
  nextAttemptAt: string;
}

export interface RelayOptions {
  /** Outbox rows handled per batch. */
  batchSize?: number;
  /** First retry delay; doubles with every failed attempt. */
  baseDelayMs?: number;
  /** The backoff never waits longer than this. */
  maxDelayMs?: number;
  /** How long a relay's claim on the remote engine lasts without renewal. */
  leaseMs?: number;
  /** The clock; tests pass a fake one. */
  now?: () => Date;
  /** Told about every failed attempt; the default writes a warning line. */
  onFailure?: (failure: RelayFailure) => void;
  /** The remote engine's gate, shared with the search facade; the relay makes its own otherwise. */
  gate?: RemoteGate;
}

export interface DrainReport {
  /** Outbox rows marked done. */
  done: number;
  /** Outbox rows that failed and were rescheduled. */
  failed: number;
  /** True when another relay holds the lease and this one did nothing. */
  leaseHeldElsewhere: boolean;
}

export interface RelayStatus {
  pending: number;
  /** Pending rows whose last attempt failed. */
  failing: number;
  oldestPendingAt: string | null;
  lastError: string | null;
}

const LEASE_NAME = "search_relay";

function defaultOnFailure(f: RelayFailure): void {
  console.warn(JSON.stringify({ level: "warn", event: "search_sync_failed", ...f }));
}

export class SearchRelay {
  private readonly sqlite: Database.Database;
  private readonly owner = randomUUID();
  private readonly batchSize: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly leaseMs: number;
  private readonly now: () => Date;
  private readonly onFailure: (f: RelayFailure) => void;
  private readonly gate: RemoteGate | null;
  private timer: NodeJS.Timeout | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private leaseRenewAt = 0;

  constructor(
    private readonly db: Db,
    private readonly embedded: EmbeddedEngine,
    private readonly remote: RemoteIndex | null,
    options: RelayOptions = {},
  ) {
    this.sqlite = db.$client;
    this.batchSize = options.batchSize ?? 200;
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 5 * 60_000;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.now = options.now ?? (() => new Date());
    this.onFailure = options.onFailure ?? defaultOnFailure;
    this.gate = remote ? (options.gate ?? new RemoteGate(remote, { now: this.now })) : null;
  }

  /**
   * Handles one batch of due rows. Calls are serialised: a second call waits for the first.
   * A caller that runs the relay under a lease of its own (the server's background jobs)
   * passes its check, asked before the batch.
   */
  drainOnce(stillHeld?: () => boolean): Promise<DrainReport> {
    const run = this.queue.then(() => this.drainBatch(stillHeld));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Handles batches until no due row is left (or a batch makes no progress). */
  async drain(stillHeld?: () => boolean): Promise<DrainReport> {
    const total: DrainReport = { done: 0, failed: 0, leaseHeldElsewhere: false };
    for (;;) {
      const r = await this.drainOnce(stillHeld);
      total.done += r.done;
      total.failed += r.failed;
      total.leaseHeldElsewhere ||= r.leaseHeldElsewhere;
      if (r.leaseHeldElsewhere || r.done + r.failed < this.batchSize || r.done === 0) return total;
    }
  }

  /**
   * Starts the background loop: drains at once (so rows left by a crash are applied on
   * start, M1), then every `intervalMs`. The timer is unref'd so it never keeps a process
   * alive on its own.
   */
  start(intervalMs = 1000): void {
    if (this.timer) return;
    const tick = () => {
      this.drain().catch((err: unknown) => console.warn(JSON.stringify({ level: "warn", event: "search_relay_error", message: String(err) })));
    };
    tick();
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Waits for the batch in flight, if any. */
  async idle(): Promise<void> {
    await this.queue;
  }

  status(): RelayStatus {
    const row = this.sqlite
      .prepare(
        `SELECT count(*) AS pending, coalesce(sum(last_error IS NOT NULL), 0) AS failing, min(created_at) AS oldest
         FROM search_outbox WHERE done_at IS NULL`,
      )
      .get() as { pending: number; failing: number; oldest: string | null };
    const last = this.sqlite
      .prepare("SELECT last_error FROM search_outbox WHERE done_at IS NULL AND last_error IS NOT NULL ORDER BY id DESC LIMIT 1")
      .pluck()
      .get() as string | undefined;
    return { pending: row.pending, failing: row.failing, oldestPendingAt: row.oldest, lastError: last ?? null };
  }

  private dueRows(nowIso: string): SearchOutboxRow[] {
    return this.db.$client
      .prepare(
        `SELECT id, entity, entity_id AS entityId, op, attempts, next_attempt_at AS nextAttemptAt,
                last_error AS lastError, done_at AS doneAt, created_at AS createdAt
         FROM search_outbox
         WHERE done_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
         ORDER BY id LIMIT ?`,
      )
      .all(nowIso, this.batchSize) as SearchOutboxRow[];
  }

  private acquireLease(now: Date): boolean {
    // Renewed a third of the way through, not on every batch: a relay polling several times
    // a second would otherwise write (and sync) the lease row as often.
    if (now.getTime() < this.leaseRenewAt) return true;
    const won = writeTx(this.db, () => {
      const row = this.sqlite.prepare("SELECT owner, expires_at AS expiresAt FROM search_lease WHERE name = ?").get(LEASE_NAME) as
        { owner: string; expiresAt: string } | undefined;
      if (row && row.owner !== this.owner && row.expiresAt > now.toISOString()) return false;
      this.sqlite
        .prepare("INSERT OR REPLACE INTO search_lease (name, owner, expires_at) VALUES (?, ?, ?)")
        .run(LEASE_NAME, this.owner, new Date(now.getTime() + this.leaseMs).toISOString());
      return true;
    });
    this.leaseRenewAt = won ? now.getTime() + Math.floor(this.leaseMs / 3) : 0;
    return won;
  }

  private async drainBatch(stillHeld?: () => boolean): Promise<DrainReport> {
    const now = this.now();
    // With a remote engine the relay's own lease is taken as well: it also keeps out a relay
    // in another command (a reindex), which holds no server lease.
    const mine = (stillHeld?.() ?? true) && (!this.remote || this.acquireLease(now));
    if (!mine) return { done: 0, failed: 0, leaseHeldElsewhere: true };
    const rows = this.dueRows(now.toISOString());
    if (rows.length === 0) {
      // Nothing to write: still verify the remote settings when due, so a dropped index or
      // an upgraded server is noticed without waiting for the next edit.
      await this.gate?.check();
      return { done: 0, failed: 0, leaseHeldElsewhere: false };
    }
    return this.applyRows(rows);
  }

  /**
   * Applies the given outbox rows (normally the due ones, oldest first; tests pass them in
   * other orders to show the order does not matter).
   */
  async applyRows(rows: readonly SearchOutboxRow[]): Promise<DrainReport> {
    const now = this.now();
    const groups = groupByListing(rows);
    // A server too old for the settings is not written to: the embedded index is then the
    // platform's engine, and the remote one is reconciled once the server is upgraded.
    const state = this.gate ? await this.gate.check() : null;
    const remote = state === "unsupported" ? null : this.remote;
    let changes: { change: IndexChange; outboxIds: number[] }[];
    try {
      changes = writeTx(this.db, () => {
        const out = this.readChanges(groups);
        for (const { change } of out) this.embedded.applyInTx(change);
        // Without a remote engine the embedded write above is the whole job: mark the rows
        // done in the same transaction, so "indexed" and "done" can never disagree.
        if (!remote)
          this.markDone(
            out.flatMap((c) => c.outboxIds),
            now,
          );
        return out;
      });
    } catch (err) {
      this.markFailed(groups, err, now);
      return { done: 0, failed: rows.length, leaseHeldElsewhere: false };
    }
    if (!remote) return { done: rows.length, failed: 0, leaseHeldElsewhere: false };
    if (state === "down") {
      this.markFailed(groups, this.gate!.error, now);
      return { done: 0, failed: rows.length, leaseHeldElsewhere: false };
    }

    try {
      await this.applyRemote(
        remote,
        changes.map((c) => c.change),
      );
      writeTx(this.db, () =>
        this.markDone(
          changes.flatMap((c) => c.outboxIds),
          now,
        ),
      );
      return { done: rows.length, failed: 0, leaseHeldElsewhere: false };
    } catch (err) {
      // A task the engine accepted and then failed may be caused by one bad document: apply
      // one listing at a time so the others are not held hostage. A refused connection
      // would fail the same way for all of them, so the whole batch waits instead.
      if (!(err instanceof IndexTaskFailedError) || changes.length === 1) {
        this.markFailed(groups, err, now);
        return { done: 0, failed: rows.length, leaseHeldElsewhere: false };
      }
    }
    return this.applyOneByOne(remote, changes, groups, now);
  }

  /** Sends each listing on its own, so one the engine rejects does not hold up the others. */
  private async applyOneByOne(
    remote: RemoteIndex,
    changes: readonly { change: IndexChange; outboxIds: number[] }[],
    groups: readonly ListingGroup[],
    now: Date,
  ): Promise<DrainReport> {
    let done = 0;
    let failed = 0;
    for (const c of changes) {
      try {
        await this.applyRemote(remote, [c.change]);
        writeTx(this.db, () => this.markDone(c.outboxIds, now));
        done += c.outboxIds.length;
      } catch (err) {
        this.markFailed(
          groups.filter((g) => g.entity === c.change.kind && g.entityId === c.change.id),
          err,
          now,
        );
        failed += c.outboxIds.length;
      }
    }
    return { done, failed, leaseHeldElsewhere: false };
  }

  /**
   * Sends the changes; when the engine says the index is gone (dropped behind the platform),
   * re-creates it with its settings through the gate and sends them once more.
   */
  private async applyRemote(remote: RemoteIndex, changes: readonly IndexChange[]): Promise<void> {
    try {
      await remote.apply(changes);
    } catch (err) {
      if (!this.gate || meiliErrorCode(err) !== "index_not_found") throw err;
      if ((await this.gate.check(true)) !== "ready") throw err;
      await remote.apply(changes);
    }
  }

  /** The current state of each listing, read now: the outbox row's op is only a hint. */
  private readChanges(groups: ListingGroup[]): { change: IndexChange; outboxIds: number[] }[] {
    const out: { change: IndexChange; outboxIds: number[] }[] = [];
    for (const kind of LISTING_KIND_LIST) {
      const mine = groups.filter((g) => g.entity === kind);
      if (mine.length === 0) continue;
      const docs = loadDocuments(
        this.db,
        kind,
        mine.map((g) => g.entityId),
      );
      for (const g of mine) out.push({ change: { kind, id: g.entityId, doc: docs.get(g.entityId) ?? null }, outboxIds: g.outboxIds });
    }
    return out;
  }

  private markDone(ids: readonly number[], now: Date): void {
    const stmt = this.sqlite.prepare("UPDATE search_outbox SET done_at = ? WHERE id = ? AND done_at IS NULL");
    for (const id of ids) stmt.run(now.toISOString(), id);
  }

  private backoffMs(attempts: number): number {
    return Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(attempts, 30));
  }

  private markFailed(groups: readonly ListingGroup[], err: unknown, now: Date): void {
    const message = describeError(err);
    const failures: RelayFailure[] = [];
    writeTx(this.db, () => {
      const stmt = this.sqlite.prepare(
        "UPDATE search_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ? AND done_at IS NULL",
      );
      for (const g of groups) {
        const attempts = g.maxAttempts + 1;
        const next = new Date(now.getTime() + this.backoffMs(g.maxAttempts)).toISOString();
        for (const id of g.outboxIds) stmt.run(message.slice(0, 2000), next, id);
        failures.push({ outboxIds: g.outboxIds, entity: g.entity, entityId: g.entityId, attempts, error: message, nextAttemptAt: next });
      }
    });
    for (const f of failures) this.onFailure(f);
  }
}

/** The error's message and its causes' ("Request to … has failed: request timed out after 5000ms"). */
function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const parts = [err.message];
  // Only causes that are errors: an API error's cause is the response body it already quotes.
  for (let e = err.cause, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) parts.push(e.message);
  return parts.join(": ");
}

interface ListingGroup {
  entity: ListingKind;
  entityId: number;
  outboxIds: number[];
  maxAttempts: number;
}

/** One entry per listing, in order of its first row: several edits need one index write. */
function groupByListing(rows: readonly SearchOutboxRow[]): ListingGroup[] {
  const map = new Map<string, ListingGroup>();
  for (const r of rows) {
    const key = `${r.entity}:${r.entityId}`;
    let g = map.get(key);
    if (!g) {
      g = { entity: r.entity, entityId: r.entityId, outboxIds: [], maxAttempts: 0 };
      map.set(key, g);
    }
    g.outboxIds.push(r.id);
    g.maxAttempts = Math.max(g.maxAttempts, r.attempts);
  }
  return [...map.values()];
}
