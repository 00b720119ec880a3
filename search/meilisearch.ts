// The Meilisearch engine, used when MEILI_HOST is set. Same contract as the embedded engine:
// the same documents (documents.ts), filters, facets, sorts and highlights.
//
// Settings are applied in code at init, never by hand in a dashboard, so a fresh server and a
// rebuilt index always behave the same; init compares them with what the server holds and
// re-applies them when they differ (an index dropped and recreated behind the platform gets
// the server's defaults). Every write waits for its task and treats any final state but
// "succeeded" as a failure: Meilisearch accepts a task first and may fail it later
// (RELIABILITY.md §3), and the relay must not mark a row done on an acceptance alone.

import { Meilisearch, MeilisearchApiError, type EnqueuedTaskPromise, type Index, type MultiSearchQuery, type Task } from "meilisearch";
import type { SearchDocument } from "./documents";
import type { IndexChange, RemoteIndex } from "./engine";
import { IndexTaskFailedError } from "./errors";
import { highlightFull, highlightSnippet } from "./highlight";
import {
  FACETS,
  MEILI_SETTINGS,
  MIN_SERVER_VERSION,
  meiliFilters,
  settingsDrift,
  sortParam,
  toMeiliDocument,
  versionSupported,
  type MeiliDocument,
} from "./meili-settings";
import { normalizeText } from "./normalize";
import { parseQuery } from "./query";
import { LISTING_KIND_LIST, type FacetName, type ListingKind, type SearchQuery, type SearchResult } from "./types";

export { MEILI_SETTINGS, MIN_SERVER_VERSION, meiliFilters, settingsDrift, sortParam, toMeiliDocument } from "./meili-settings";

export interface MeilisearchConfig {
  host: string;
  apiKey?: string;
  /** Prefix of the index names, so several deployments can share one server. */
  indexPrefix?: string;
  /** Per-request timeout; a search that takes longer falls back to the embedded engine. */
  timeoutMs?: number;
  /** How long a write waits for its task to finish (60 s unless set). */
  taskTimeoutMs?: number;
  /** How often a waiting write asks for its task's state (50 ms unless set). */
  taskIntervalMs?: number;
}

/** The server is older than the oldest version the settings are valid on. */
export class UnsupportedServerError extends Error {
  constructor(readonly serverVersion: string) {
    super(`Meilisearch ${serverVersion} is not supported: the search engine needs v${MIN_SERVER_VERSION} or newer`);
    this.name = "UnsupportedServerError";
  }
}

const KINDS = LISTING_KIND_LIST;

function assertSucceeded(task: Task): void {
  if (task.status !== "succeeded") {
    throw new IndexTaskFailedError(
      `Meilisearch task ${task.uid} (${task.type}) ended ${task.status}: ${task.error?.message ?? "no error message"}`,
      task.uid,
      task.error?.code ?? null,
    );
  }
}

/** The error code the server answered with, if it answered. */
export function meiliErrorCode(err: unknown): string | null {
  if (err instanceof IndexTaskFailedError) return err.code;
  if (err instanceof MeilisearchApiError) return err.cause?.code ?? null;
  return null;
}

export class MeilisearchIndex implements RemoteIndex {
  readonly name = "meilisearch" as const;
  private readonly client: Meilisearch;
  private readonly prefix: string;
  private readonly wait: { timeout: number; interval: number };
  /** The version the server reported at the last init. */
  serverVersion: string | null = null;

  constructor(config: MeilisearchConfig) {
    this.wait = { timeout: config.taskTimeoutMs ?? 60_000, interval: config.taskIntervalMs ?? 50 };
    this.client = new Meilisearch({
      host: config.host,
      apiKey: config.apiKey,
      timeout: config.timeoutMs ?? 5000,
      defaultWaitOptions: this.wait,
    });
    this.prefix = config.indexPrefix ?? "lsm_";
  }

  uid(kind: ListingKind): string {
    return `${this.prefix}${kind}s`;
  }

  private index(uid: string): Index<MeiliDocument> {
    return this.client.index<MeiliDocument>(uid);
  }

  /** Waits for the task with the configured options (the client's createIndex ignores them). */
  private async done(task: EnqueuedTaskPromise, ...okCodes: string[]): Promise<void> {
    const finished = await task.waitTask(this.wait);
    if (finished.status === "succeeded" || okCodes.includes(finished.error?.code ?? "")) return;
    assertSucceeded(finished);
  }

  /** The index's settings, or null when the index does not exist. */
  private async currentSettings(uid: string): Promise<Record<string, unknown> | null> {
    try {
      return (await this.index(uid).getSettings()) as Record<string, unknown>;
    } catch (err) {
      if (meiliErrorCode(err) === "index_not_found") return null;
      throw err;
    }
  }

  /**
   * Creates the index if needed and applies the settings when the server holds others.
   * True when the index was missing or held the server's defaults (nothing filterable): it
   * was dropped behind the platform and may lack documents.
   */
  private async ensureIndex(uid: string): Promise<boolean> {
    const current = await this.currentSettings(uid);
    if (current === null) await this.done(this.client.createIndex(uid, { primaryKey: "id" }), "index_already_exists");
    const drift = current === null ? [] : settingsDrift(current);
    if (current !== null && drift.length === 0) return false;
    if (!(await this.settingsUpdatePending(uid))) {
      if (current !== null) console.warn(JSON.stringify({ level: "warn", event: "search_settings_reapplied", index: uid, settings: drift }));
      await this.done(this.index(uid).updateSettings(MEILI_SETTINGS));
    }
    return current === null || drift.includes("filterableAttributes");
  }

  /**
   * Waits for a settings update of the index still queued or running, if any, and says
   * whether there was one: a check repeated while a long update runs must not queue another.
   */
  private async settingsUpdatePending(uid: string): Promise<boolean> {
    const { results } = await this.client.tasks.getTasks({ indexUids: [uid], types: ["settingsUpdate"], statuses: ["enqueued", "processing"] });
    if (results.length === 0) return false;
    for (const task of results) assertSucceeded(await this.client.tasks.waitForTask(task.uid, this.wait));
    return true;
  }

  /** Refuses a server older than MIN_SERVER_VERSION: its settings would be rejected. */
  async checkVersion(): Promise<string> {
    const { pkgVersion } = await this.client.getVersion();
    this.serverVersion = pkgVersion;
    if (!versionSupported(pkgVersion)) throw new UnsupportedServerError(pkgVersion);
    return pkgVersion;
  }

  /** Checks the version, creates the indexes and applies the settings; true when an index was lost. */
  async init(): Promise<boolean> {
    await this.checkVersion();
    let repaired = false;
    for (const kind of KINDS) repaired = (await this.ensureIndex(this.uid(kind))) || repaired;
    return repaired;
  }

  async apply(changes: readonly IndexChange[]): Promise<void> {
    for (const kind of KINDS) {
      const mine = changes.filter((c) => c.kind === kind);
      const upserts = mine.flatMap((c) => (c.doc ? [toMeiliDocument(c.doc)] : []));
      const deletes = mine.filter((c) => !c.doc).map((c) => c.id);
      const index = this.index(this.uid(kind));
      if (upserts.length > 0) await this.done(index.addDocuments(upserts, { primaryKey: "id" }));
      if (deletes.length > 0) await this.done(index.deleteDocuments(deletes));
    }
  }

  async search(q: SearchQuery): Promise<SearchResult> {
    const parsed = parseQuery(q.text);
    // Folded as the embedded engine folds it, and as the documents were folded.
    const text = normalizeText((q.text ?? "").trim());
    const pageSize = Math.min(Math.max(1, Math.floor(q.pageSize ?? 20)), 100);
    const page = Math.max(1, Math.floor(q.page ?? 1));
    const clauses = meiliFilters(q.filters ?? {});
    const uid = this.uid(q.kind);
    const except = (facet: FacetName) => clauses.filter((c) => c.facet !== facet).map((c) => c.clause);
    const filtered = new Set(clauses.map((c) => c.facet).filter((f): f is FacetName => f !== null));

    // Every query word must match, as in the embedded engine (the server's default drops
    // words from the end until something matches). Facets are disjunctive: a facet with a
    // selected value is counted by a second query without its own filter.
    const base = { indexUid: uid, q: text, matchingStrategy: "all" as const };
    const queries: MultiSearchQuery[] = [
      {
        ...base,
        filter: clauses.map((c) => c.clause),
        sort: sortParam(q.sort, text.length > 0),
        page,
        hitsPerPage: pageSize,
        facets: FACETS.filter((f) => !filtered.has(f)),
        attributesToRetrieve: ["id", "shownTitle", "shownSummary"],
        showRankingScore: true,
      },
      ...[...filtered].map((facet) => ({ ...base, filter: except(facet), limit: 0, facets: [facet] })),
    ];
    const { results } = await this.client.multiSearch({ queries });
    const main = results[0]!;
    const facets: Partial<Record<FacetName, Record<string, number>>> = {};
    for (const r of results) {
      for (const [name, counts] of Object.entries(r.facetDistribution ?? {})) {
        if ((FACETS as readonly string[]).includes(name)) facets[name as FacetName] = { ...counts };
      }
    }
    const terms = parsed.highlightTerms;
    return {
      total: main.totalHits ?? main.estimatedTotalHits ?? main.hits.length,
      hits: main.hits.map((h) => ({
        id: Number(h.id),
        score: typeof h._rankingScore === "number" ? h._rankingScore : 0,
        highlight: { title: highlightFull(String(h.shownTitle ?? ""), terms), summary: highlightSnippet(String(h.shownSummary ?? ""), terms) },
      })),
      facets,
      degraded: false,
      engine: "meilisearch",
    };
  }

  async candidates(kind: ListingKind, terms: readonly string[], limit: number): Promise<number[]> {
    // Meilisearch reads at most ten words of a query; "frequency" drops the commonest first
    // when nothing contains them all.
    const res = await this.index(this.uid(kind)).search(terms.slice(0, 10).map(normalizeText).join(" "), {
      limit,
      matchingStrategy: "frequency",
      attributesToRetrieve: ["id"],
    });
    return res.hits.map((h) => Number(h.id));
  }

  async indexedVersions(kind: ListingKind): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    const index = this.index(this.uid(kind));
    for (let offset = 0; ; offset += 1000) {
      const page = await index.getDocuments({ fields: ["id", "sourceUpdatedAt"], limit: 1000, offset });
      for (const d of page.results) out.set(Number(d.id), String(d.sourceUpdatedAt));
      if (page.results.length < 1000) return out;
    }
  }

  async rebuild(kind: ListingKind, pages: AsyncIterable<SearchDocument[]> | Iterable<SearchDocument[]>): Promise<number> {
    const live = this.uid(kind);
    const fresh = `${live}_rebuild`;
    await this.deleteIfExists(fresh);
    await this.ensureIndex(fresh);
    let count = 0;
    const tasks: number[] = [];
    for await (const page of pages) {
      if (page.length === 0) continue;
      const enqueued = await this.index(fresh).addDocuments(page.map(toMeiliDocument), { primaryKey: "id" });
      tasks.push(enqueued.taskUid);
      count += page.length;
    }
    for (const task of await this.client.tasks.waitForTasks(tasks, this.wait)) assertSucceeded(task);
    await this.ensureIndex(live);
    // The swap is atomic: every search sees either the whole old index or the whole new one.
    await this.done(this.client.swapIndexes([{ indexes: [live, fresh], rename: false }]));
    await this.done(this.client.deleteIndex(fresh));
    return count;
  }

  /** Deletes an index and waits until it is gone; a missing index is not an error. */
  private async deleteIfExists(uid: string): Promise<void> {
    try {
      await this.done(this.client.deleteIndex(uid), "index_not_found");
    } catch (err) {
      if (meiliErrorCode(err) !== "index_not_found") throw err;
    }
  }

  /** Deletes this deployment's indexes (test teardown, decommissioning). */
  async dropIndexes(): Promise<void> {
    for (const kind of KINDS) {
      await this.deleteIfExists(this.uid(kind));
      await this.deleteIfExists(`${this.uid(kind)}_rebuild`);
    }
  }

  close(): void {
    // The client holds no sockets between requests.
  }
}
