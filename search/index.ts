// The search layer as the app sees it. Routes and services call this; nothing outside
// search/ talks to FTS5 or Meilisearch.
//
//   const search = createSearch(db, { MEILI_HOST, MEILI_API_KEY });
//   await search.search({ kind: "achievement", text: "氢能", filters: { stage: ["pilot"] } });
//   await search.matchForNeed(needId);
//   search.startRelay();            // keeps the index in step with the outbox
//
// Writes never come through here: services call enqueueSearchSync (search/outbox.ts) inside
// their own transaction and the relay does the rest.

import type { Db } from "../db/connection";
import { EmbeddedEngine } from "./embedded";
import { keptMatches } from "./kept-matches";
import type { RemoteIndex } from "./engine";
import {
  matchAchievementLike,
  matchForAchievement,
  prepareMatching,
  matchForNeed,
  matchNeedLike,
  type AchievementLike,
  type MatchContext,
  type MatchOptions,
  type MatchResult,
  type NeedLike,
} from "./match";
import { MeilisearchIndex, meiliErrorCode } from "./meilisearch";
import { RemoteGate } from "./remote-gate";
import { SearchRelay, type RelayOptions, type RelayStatus } from "./relay";
import { reconcile, reindexAll, type ReconcileReport, type ReindexReport } from "./reindex";
import type { ListingKind, SearchQuery, SearchResult } from "./types";

export type { AchievementLike, MatchOptions, MatchResult, NeedLike } from "./match";
export type { MatchExplanation, FactorScore } from "./match";
export type { ReconcileReport, ReindexReport } from "./reindex";
export type { RelayStatus, DrainReport } from "./relay";
export type { FactorName } from "./weights";
export { FACTOR_POINTS } from "./weights";
export * from "./types";

export interface SearchEnv {
  MEILI_HOST?: string;
  MEILI_API_KEY?: string;
  /** Index name prefix on a shared Meilisearch server; "lsm_" unless set. */
  MEILI_INDEX_PREFIX?: string;
}

export interface CreateSearchOptions {
  /** A remote engine to use instead of the one MEILI_HOST describes (tests pass a fake). */
  remote?: RemoteIndex;
  relay?: RelayOptions;
  /** After a failed remote search, answer from the embedded engine for this long before trying again. */
  remoteRetryAfterMs?: number;
  /** The remote engine's version and settings are verified at most this often (60 s unless set). */
  remoteCheckEveryMs?: number;
  /**
   * How long a search waits for a remote engine that has never been ready yet (a process
   * just started) before the embedded engine answers; 1 s unless set. A search never waits
   * for a settings update or a busy task queue.
   */
  remoteReadyWaitMs?: number;
  now?: () => Date;
}

/** What a health page shows: the engine in use, or why the configured one is not. */
export type EngineStatus = "embedded" | "meilisearch" | "meilisearch-unsupported";

export interface Search {
  /** The configured engine: "meilisearch" when MEILI_HOST is set, else "embedded". */
  readonly engineName: "embedded" | "meilisearch";
  /** engineName, or "meilisearch-unsupported" while the server is too old and embedded serves. */
  engineStatus(): EngineStatus;
  readonly embedded: EmbeddedEngine;
  readonly relay: SearchRelay;
  /** Full-text search with filters, facets, sorts and highlights. Falls back to embedded with degraded: true. */
  search(q: SearchQuery): Promise<SearchResult>;
  /** Suggested achievements for a stored need (dismissed pairs left out). */
  matchForNeed(needId: number, opts?: MatchOptions): Promise<MatchResult[]>;
  /** Suggested needs for a stored achievement (dismissed pairs left out). */
  matchForAchievement(achievementId: number, opts?: MatchOptions): Promise<MatchResult[]>;
  /** Suggested achievements for a need that is not (yet) stored: a draft, a preview, the benchmark. */
  matchNeedLike(need: NeedLike, opts?: MatchOptions): Promise<MatchResult[]>;
  /** Suggested needs for an achievement that is not (yet) stored. */
  matchAchievementLike(achievement: AchievementLike, opts?: MatchOptions): Promise<MatchResult[]>;
  /** Loads at start what the first matches would otherwise load (jieba, statements, term vectors). */
  prepareMatching(): void;
  /** Starts the outbox relay in the background (applies rows left by a crash first). */
  startRelay(intervalMs?: number): void;
  stopRelay(): void;
  /** Outbox backlog and the last error, for a health page. */
  relayStatus(): RelayStatus;
  /** Rebuilds every engine from the database without an empty moment; then drains the outbox. */
  reindex(kinds?: readonly ListingKind[]): Promise<ReindexReport[]>;
  /** Finds listings an index lacks or holds stale, and queues them for the relay. */
  reconcile(): Promise<ReconcileReport[]>;
  close(): void;
}

/** Answers from Meilisearch when it may, else from the embedded engine marked degraded. */
function remoteSearch(
  embedded: EmbeddedEngine,
  gate: RemoteGate | null,
  options: CreateSearchOptions,
  now: () => Date,
): (q: SearchQuery) => Promise<SearchResult> {
  const retryAfter = options.remoteRetryAfterMs ?? 10_000;
  const readyWait = options.remoteReadyWaitMs ?? 1000;
  // After a failure the remote engine is skipped for a while, so an outage costs one
  // timeout, not one per request.
  let remoteDownUntil = 0;
  return async (q) => {
    if (gate && now().getTime() >= remoteDownUntil) {
      if (await gate.readyForSearch(readyWait)) {
        try {
          return await gate.remote.search(q);
        } catch (err) {
          // An index without its settings (dropped and recreated behind the platform) refuses
          // filters, sorts and facets: re-apply them in the background and serve meanwhile.
          if (SETTINGS_LOST.has(meiliErrorCode(err) ?? "")) gate.recheck();
          else remoteDownUntil = now().getTime() + retryAfter;
          console.warn(JSON.stringify({ level: "warn", event: "search_degraded", engine: gate.remote.name, message: String(err) }));
        }
      } else if (gate.state === "down") remoteDownUntil = now().getTime() + retryAfter;
    }
    const result = embedded.search(q);
    return gate ? { ...result, degraded: true } : result;
  };
}

const SETTINGS_LOST = new Set(["index_not_found", "invalid_search_filter", "invalid_search_sort", "invalid_search_facets"]);

export function createSearch(db: Db, env: SearchEnv = {}, options: CreateSearchOptions = {}): Search {
  const embedded = new EmbeddedEngine(db);
  const remote: RemoteIndex | null =
    options.remote ?? (env.MEILI_HOST ? new MeilisearchIndex({ host: env.MEILI_HOST, apiKey: env.MEILI_API_KEY, indexPrefix: env.MEILI_INDEX_PREFIX }) : null);
  const now = options.now ?? (() => new Date());
  // An upgraded server once accepted, or an index recreated behind the platform, catches up
  // on what only the embedded engine holds.
  const onCatchUp = () => {
    reconcile(db, embedded, remote).catch((err: unknown) =>
      console.warn(JSON.stringify({ level: "warn", event: "search_reconcile_failed", message: String(err) })),
    );
  };
  const gate = remote ? new RemoteGate(remote, { checkEveryMs: options.remoteCheckEveryMs, now, onCatchUp }) : null;
  const relay = new SearchRelay(db, embedded, remote, { now: options.now, gate: gate ?? undefined, ...options.relay });
  const ctx: MatchContext = { db, embedded, remote: null, kept: keptMatches(db) };

  return {
    engineName: remote ? "meilisearch" : "embedded",
    engineStatus: () => (!gate ? "embedded" : gate.state === "unsupported" ? "meilisearch-unsupported" : "meilisearch"),
    embedded,
    relay,
    search: remoteSearch(embedded, gate, options, now),

    matchForNeed: (needId, opts) => matchForNeed(ctx, needId, opts),
    matchForAchievement: (achievementId, opts) => matchForAchievement(ctx, achievementId, opts),
    matchNeedLike: (need, opts) => matchNeedLike(ctx, need, opts),
    matchAchievementLike: (achievement, opts) => matchAchievementLike(ctx, achievement, opts),
    prepareMatching: () => prepareMatching(ctx),

    startRelay: (intervalMs) => relay.start(intervalMs),
    stopRelay: () => relay.stop(),
    relayStatus: () => relay.status(),

    async reindex(kinds) {
      // A refused server is left out: the embedded engine is the one serving.
      const state = gate ? await gate.check(true) : null;
      const reports = await reindexAll(db, embedded, state === "unsupported" ? null : remote, kinds);
      await relay.drain();
      return reports;
    },

    reconcile: () => reconcile(db, embedded, gate?.state === "unsupported" ? null : remote),

    close() {
      relay.stop();
      embedded.close();
      remote?.close();
    },
  };
}

/**
 * A search layer whose matcher takes its candidates from the remote engine (the benchmark's
 * --engine meilisearch). The app's matcher always retrieves from the embedded index, which
 * holds the BM25 statistics every score is computed with.
 */
export function matchContext(search: Search, db: Db, remote: RemoteIndex | null): MatchContext {
  return { db, embedded: search.embedded, remote };
}
