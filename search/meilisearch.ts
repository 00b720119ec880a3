// The Meilisearch engine, used when MEILI_HOST is set. Same contract as the embedded engine:
// the same documents (documents.ts), filters, facets, sorts and highlights.
//
// Settings are applied in code at init, never by hand in a dashboard, so a fresh server and a
// rebuilt index always behave the same. Every write waits for its task and treats any final
// state but "succeeded" as a failure: Meilisearch accepts a task first and may fail it later
// (RELIABILITY.md §3), and the relay must not mark a row done on an acceptance alone.

import { Meilisearch, type Index, type MultiSearchQuery, type Settings, type Task } from "meilisearch";
import { ALL_DOMAIN_TERMS } from "./dictionary";
import type { SearchDocument } from "./documents";
import type { IndexChange, RemoteIndex } from "./engine";
import { IndexTaskFailedError } from "./errors";
import { highlightFull, highlightSnippet } from "./highlight";
import { parseQuery } from "./query";
import { meilisearchSynonyms } from "./synonyms";
import { latinTokens } from "./tokenizer";
import type { FacetName, ListingKind, SearchFilters, SearchQuery, SearchResult } from "./types";

export interface MeilisearchConfig {
  host: string;
  apiKey?: string;
  /** Prefix of the index names, so several deployments can share one server. */
  indexPrefix?: string;
  /** Per-request timeout; a search that takes longer falls back to the embedded engine. */
  timeoutMs?: number;
}

/** The document as Meilisearch stores it: flat, with timestamps as numbers for sorting. */
interface MeiliDocument {
  id: number;
  title: string;
  summary: string;
  keywords: string[];
  /** Chain, field, county and organisation names. */
  meta: string;
  /** Patent and registration numbers as written and without separators. */
  codes: string[];
  industryChainId: string;
  /** Level-2 code and its level-1 parent, so filtering on either matches. */
  techField: string[];
  stage: string;
  countyCode: string | null;
  mode: string[];
  priceBand: string;
  year: number | null;
  status: string;
  /** Published or matched: the statuses a freshness filter applies to. */
  staleable: boolean;
  transformationList: boolean;
  confirmedAtTs: number;
  publishedAtTs?: number;
  deadlineTs?: number;
  amountFen?: number;
  sourceUpdatedAt: string;
}

const FACETS: readonly FacetName[] = ["industryChainId", "techField", "stage", "countyCode", "mode", "priceBand", "year"];

function ts(iso: string | null): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(t) ? undefined : t;
}

export function toMeiliDocument(doc: SearchDocument): MeiliDocument {
  const out: MeiliDocument = {
    id: doc.id,
    title: doc.title,
    summary: doc.summary,
    keywords: doc.keywords,
    meta: [doc.chainName, doc.fieldName, doc.countyName ?? "", doc.orgName].join(" "),
    codes: [...new Set([...doc.codes, ...doc.codes.flatMap((c) => latinTokens(c.toLowerCase()))])],
    industryChainId: doc.industryChainId,
    techField: [...new Set([doc.techField, doc.techFieldLevel1])],
    stage: doc.stage,
    countyCode: doc.countyCode,
    mode: doc.modes,
    priceBand: doc.priceBand,
    year: doc.year,
    status: doc.status,
    staleable: doc.status === "published" || doc.status === "matched",
    transformationList: doc.transformationList,
    confirmedAtTs: ts(doc.confirmedAt) ?? 0,
    sourceUpdatedAt: doc.sourceUpdatedAt,
  };
  // Absent rather than null: Meilisearch sorts documents without the attribute last in
  // both directions, which is where a 面议 price or a missing date belongs.
  const published = ts(doc.publishedAt);
  if (published !== undefined) out.publishedAtTs = published;
  const deadline = ts(doc.deadline);
  if (deadline !== undefined) out.deadlineTs = deadline;
  if (doc.amountFen !== null) out.amountFen = doc.amountFen;
  return out;
}

export const MEILI_SETTINGS: Settings = {
  searchableAttributes: ["title", "keywords", "summary", "codes", "meta"],
  filterableAttributes: [
    "industryChainId",
    "techField",
    "stage",
    "countyCode",
    "mode",
    "priceBand",
    "year",
    "status",
    "staleable",
    "transformationList",
    "confirmedAtTs",
  ],
  sortableAttributes: ["publishedAtTs", "deadlineTs", "amountFen"],
  // "sort" first: a visitor who asks for the newest or the cheapest gets exactly that order,
  // as from the embedded engine; without a sort parameter the rule does nothing and
  // relevance decides.
  rankingRules: ["sort", "words", "typo", "proximity", "attribute", "exactness"],
  synonyms: meilisearchSynonyms(),
  // A registration or patent number one digit off is a different record (M9), and typo
  // tolerance on numbers turns 2024 into 2023.
  typoTolerance: { enabled: true, disableOnNumbers: true, disableOnAttributes: ["codes"] },
  // Han-only text is ambiguous between Chinese and Japanese to the language detector; the
  // listings are Chinese.
  localizedAttributes: [{ attributePatterns: ["title", "summary", "keywords", "meta"], locales: ["cmn"] }],
  dictionary: [...ALL_DOMAIN_TERMS],
  faceting: { maxValuesPerFacet: 500 },
  pagination: { maxTotalHits: 10_000 },
};

function quoteValue(v: string | number | boolean): string {
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

function inFilter(attribute: string, values: readonly (string | number)[] | undefined): string | null {
  if (!values || values.length === 0) return null;
  return `${attribute} IN [${values.map(quoteValue).join(", ")}]`;
}

/** Filter clauses keyed by the facet they belong to (null for the ones that are not facets). */
export function meiliFilters(filters: SearchFilters): { facet: FacetName | null; clause: string }[] {
  const out: { facet: FacetName | null; clause: string }[] = [];
  const push = (facet: FacetName | null, clause: string | null) => {
    if (clause) out.push({ facet, clause });
  };
  push("industryChainId", inFilter("industryChainId", filters.industryChainId));
  push("techField", inFilter("techField", filters.techField));
  push("stage", inFilter("stage", filters.stage));
  push("countyCode", inFilter("countyCode", filters.countyCode));
  push("mode", inFilter("mode", filters.mode));
  push("priceBand", inFilter("priceBand", filters.priceBand));
  push("year", inFilter("year", filters.year));
  push(null, inFilter("status", filters.status));
  if (filters.transformationList) push(null, "transformationList = true");
  if (filters.confirmedSince) {
    const since = Date.parse(filters.confirmedSince);
    if (!Number.isNaN(since)) push(null, `(staleable = false OR confirmedAtTs >= ${since})`);
  }
  return out;
}

function sortParam(sort: SearchQuery["sort"], hasText: boolean): string[] | undefined {
  switch (sort ?? (hasText ? "relevance" : "newest")) {
    case "newest":
      return ["publishedAtTs:desc"];
    case "deadline":
      return ["deadlineTs:asc"];
    case "budget":
      return ["amountFen:desc"];
    case "price":
      return ["amountFen:asc"];
    default:
      return hasText ? undefined : ["publishedAtTs:desc"];
  }
}

function assertSucceeded(task: Task): void {
  if (task.status !== "succeeded") {
    throw new IndexTaskFailedError(
      `Meilisearch task ${task.uid} (${task.type}) ended ${task.status}: ${task.error?.message ?? "no error message"}`,
      task.uid,
      task.error?.code ?? null,
    );
  }
}

export class MeilisearchIndex implements RemoteIndex {
  readonly name = "meilisearch" as const;
  private readonly client: Meilisearch;
  private readonly prefix: string;

  constructor(config: MeilisearchConfig) {
    this.client = new Meilisearch({
      host: config.host,
      apiKey: config.apiKey,
      timeout: config.timeoutMs ?? 5000,
      defaultWaitOptions: { timeout: 60_000, interval: 50 },
    });
    this.prefix = config.indexPrefix ?? "lsm_";
  }

  uid(kind: ListingKind): string {
    return `${this.prefix}${kind}s`;
  }

  private index(kind: ListingKind, uid = this.uid(kind)): Index<MeiliDocument> {
    return this.client.index<MeiliDocument>(uid);
  }

  private async ensureIndex(uid: string): Promise<void> {
    const task = await this.client.createIndex(uid, { primaryKey: "id" }).waitTask();
    if (task.status !== "succeeded" && task.error?.code !== "index_already_exists") assertSucceeded(task);
  }

  async init(): Promise<void> {
    for (const kind of ["need", "achievement"] as const) {
      await this.ensureIndex(this.uid(kind));
      assertSucceeded(await this.index(kind).updateSettings(MEILI_SETTINGS).waitTask());
    }
  }

  async apply(changes: readonly IndexChange[]): Promise<void> {
    for (const kind of ["need", "achievement"] as const) {
      const mine = changes.filter((c) => c.kind === kind);
      const upserts = mine.flatMap((c) => (c.doc ? [toMeiliDocument(c.doc)] : []));
      const deletes = mine.filter((c) => !c.doc).map((c) => c.id);
      const index = this.index(kind);
      if (upserts.length > 0) assertSucceeded(await index.addDocuments(upserts, { primaryKey: "id" }).waitTask());
      if (deletes.length > 0) assertSucceeded(await index.deleteDocuments(deletes).waitTask());
    }
  }

  async search(q: SearchQuery): Promise<SearchResult> {
    const parsed = parseQuery(q.text);
    const text = (q.text ?? "").trim();
    const pageSize = Math.min(Math.max(1, Math.floor(q.pageSize ?? 20)), 100);
    const page = Math.max(1, Math.floor(q.page ?? 1));
    const clauses = meiliFilters(q.filters ?? {});
    const uid = this.uid(q.kind);
    const except = (facet: FacetName) => clauses.filter((c) => c.facet !== facet).map((c) => c.clause);
    const filtered = new Set(clauses.map((c) => c.facet).filter((f): f is FacetName => f !== null));

    // Facets are disjunctive, as in the embedded engine: a facet with a selected value is
    // counted by a second query without its own filter.
    const queries: MultiSearchQuery[] = [
      {
        indexUid: uid,
        q: text,
        filter: clauses.map((c) => c.clause),
        sort: sortParam(q.sort, text.length > 0),
        page,
        hitsPerPage: pageSize,
        facets: FACETS.filter((f) => !filtered.has(f)),
        attributesToRetrieve: ["id", "title", "summary"],
        showRankingScore: true,
      },
      ...[...filtered].map((facet) => ({ indexUid: uid, q: text, filter: except(facet), limit: 0, facets: [facet] })),
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
        highlight: { title: highlightFull(String(h.title ?? ""), terms), summary: highlightSnippet(String(h.summary ?? ""), terms) },
      })),
      facets,
      degraded: false,
      engine: "meilisearch",
    };
  }

  async candidates(kind: ListingKind, terms: readonly string[], limit: number): Promise<number[]> {
    // Meilisearch reads at most ten words of a query; "frequency" drops the commonest first
    // when nothing contains them all.
    const res = await this.index(kind).search(terms.slice(0, 10).join(" "), {
      limit,
      matchingStrategy: "frequency",
      attributesToRetrieve: ["id"],
    });
    return res.hits.map((h) => Number(h.id));
  }

  async indexedVersions(kind: ListingKind): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    const index = this.index(kind);
    for (let offset = 0; ; offset += 1000) {
      const page = await index.getDocuments({ fields: ["id", "sourceUpdatedAt"], limit: 1000, offset });
      for (const d of page.results) out.set(Number(d.id), String(d.sourceUpdatedAt));
      if (page.results.length < 1000) return out;
    }
  }

  async rebuild(kind: ListingKind, pages: AsyncIterable<SearchDocument[]> | Iterable<SearchDocument[]>): Promise<number> {
    const live = this.uid(kind);
    const fresh = `${live}_rebuild`;
    await this.client.deleteIndexIfExists(fresh);
    await this.ensureIndex(fresh);
    assertSucceeded(await this.index(kind, fresh).updateSettings(MEILI_SETTINGS).waitTask());
    let count = 0;
    const tasks: number[] = [];
    for await (const page of pages) {
      if (page.length === 0) continue;
      const enqueued = await this.index(kind, fresh).addDocuments(page.map(toMeiliDocument), { primaryKey: "id" });
      tasks.push(enqueued.taskUid);
      count += page.length;
    }
    for (const task of await this.client.tasks.waitForTasks(tasks)) assertSucceeded(task);
    await this.ensureIndex(live);
    // The swap is atomic: every search sees either the whole old index or the whole new one.
    assertSucceeded(await this.client.swapIndexes([{ indexes: [live, fresh], rename: false }]).waitTask());
    assertSucceeded(await this.client.deleteIndex(fresh).waitTask());
    return count;
  }

  /** Deletes this deployment's indexes (test teardown, decommissioning). */
  async dropIndexes(): Promise<void> {
    for (const kind of ["need", "achievement"] as const) {
      await this.client.deleteIndexIfExists(this.uid(kind));
      await this.client.deleteIndexIfExists(`${this.uid(kind)}_rebuild`);
    }
  }

  close(): void {
    // The client holds no sockets between requests.
  }
}
