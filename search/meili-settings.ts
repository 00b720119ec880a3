// What the Meilisearch engine sends: the document shape, the index settings, filters and
// sorts, and the server versions it supports. Kept apart from the client code so each stays
// readable.

import type { Settings } from "meilisearch";
import { ALL_DOMAIN_TERMS } from "./dictionary";
import type { SearchDocument } from "./documents";
import { CJK_RUN, normalizeText } from "./normalize";
import { meilisearchSynonyms } from "./synonyms";
import { indexWords, isHanTerm, latinTokens } from "./tokenizer";
import type { FacetName, SearchFilters, SearchQuery } from "./types";

/**
 * The oldest server the settings are valid on: `typoTolerance.disableOnNumbers` is refused
 * before 1.15, and a swap without `rename` (which the client always sends) before 1.18.
 */
export const MIN_SERVER_VERSION = "1.18.0";

/** [major, minor, patch] of "1.18.2" or "v1.18.0-rc.1"; null when it is not a version. */
export function parseVersion(v: string): [number, number, number] | null {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : null;
}

export function versionSupported(v: string): boolean {
  const have = parseVersion(v);
  const need = parseVersion(MIN_SERVER_VERSION)!;
  if (!have) return false;
  for (let i = 0; i < 3; i++) if (have[i] !== need[i]) return have[i]! > need[i]!;
  return true;
}

/**
 * The document as Meilisearch stores it: flat, with timestamps as numbers for sorting.
 * Searchable text is folded by normalizeText (traditional → simplified, full-width, case),
 * as the embedded engine folds it: Meilisearch's own normaliser leaves 電, 發 and 體 as they
 * are. The text as written is kept apart for highlights.
 */
export interface MeiliDocument {
  id: number;
  title: string;
  summary: string;
  keywords: string[];
  /** Chain, field, county and organisation names. */
  meta: string;
  /** Patent and registration numbers as written and without separators. */
  codes: string[];
  /** The parts of dictionary words (许可 in 专利许可), which Meilisearch keeps whole. */
  terms: string;
  /** The Latin words of the text: the only place a typo may match. */
  latin: string;
  shownTitle: string;
  shownSummary: string;
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

export const FACETS: readonly FacetName[] = ["industryChainId", "techField", "stage", "countyCode", "mode", "priceBand", "year"];

function ts(iso: string | null): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(t) ? undefined : t;
}

/** Jieba's search-mode parts of the Han words, and the Latin words, of the text. */
function wordFields(text: string): { terms: string; latin: string } {
  const han = new Set(indexWords(text).filter(isHanTerm));
  const latin = normalizeText(text).replace(CJK_RUN, " ").replace(/\s+/g, " ").trim();
  return { terms: [...han].join(" "), latin };
}

export function toMeiliDocument(doc: SearchDocument): MeiliDocument {
  const meta = [doc.chainName, doc.fieldName, doc.countyName ?? "", doc.orgName].join(" ");
  const out: MeiliDocument = {
    id: doc.id,
    title: normalizeText(doc.title),
    summary: normalizeText(doc.summary),
    keywords: doc.keywords.map(normalizeText),
    meta: normalizeText(meta),
    codes: [...new Set([...doc.codes, ...doc.codes.flatMap((c) => latinTokens(c.toLowerCase()))])],
    ...wordFields([doc.title, doc.keywords.join(" "), doc.summary, meta].join("\n")),
    shownTitle: doc.title,
    shownSummary: doc.summary,
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

const TEXT_ATTRIBUTES = ["title", "keywords", "summary", "codes", "meta", "terms"];

export const MEILI_SETTINGS: Settings = {
  searchableAttributes: [...TEXT_ATTRIBUTES, "latin"],
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
  sortableAttributes: ["publishedAtTs", "deadlineTs", "amountFen", "id"],
  // "sort" first: a visitor who asks for the newest or the cheapest gets exactly that order,
  // as from the embedded engine; without a sort parameter the rule does nothing and
  // relevance decides. Ties go to the higher id, the newer listing, as in the embedded engine.
  rankingRules: ["sort", "words", "typo", "proximity", "attribute", "exactness", "id:desc"],
  synonyms: meilisearchSynonyms(),
  // A registration or patent number one digit off is a different record (M9), and typo
  // tolerance on numbers turns 2024 into 2023. Typos count characters, so a five-character
  // Chinese word would take one: they are allowed only in the Latin words.
  typoTolerance: { enabled: true, disableOnNumbers: true, disableOnAttributes: TEXT_ATTRIBUTES },
  // Han-only text is ambiguous between Chinese and Japanese to the language detector; the
  // listings are Chinese.
  localizedAttributes: [{ attributePatterns: ["title", "summary", "keywords", "meta", "terms"], locales: ["cmn"] }],
  dictionary: [...ALL_DOMAIN_TERMS],
  faceting: { maxValuesPerFacet: 500 },
  pagination: { maxTotalHits: 10_000 },
};

/** Order-free form of a settings value, for comparing what the server holds with ours. */
function canonical(value: unknown, ordered: boolean): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => canonical(v, false));
    return ordered ? items : items.map((v) => JSON.stringify(v)).sort();
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v, false)]));
  }
  return value;
}

/** True when `have` holds `want` (objects may hold more keys: the server's defaults). */
function holds(have: unknown, want: unknown): boolean {
  if (want && typeof want === "object" && !Array.isArray(want)) {
    if (!have || typeof have !== "object" || Array.isArray(have)) return false;
    return Object.entries(want as Record<string, unknown>).every(([k, v]) => holds((have as Record<string, unknown>)[k], v));
  }
  return JSON.stringify(have) === JSON.stringify(want);
}

const ORDERED_SETTINGS = new Set(["searchableAttributes", "rankingRules"]);

/** The names of the settings the server holds differently from ours. */
export function settingsDrift(have: Record<string, unknown>, want: Settings = MEILI_SETTINGS): string[] {
  return Object.entries(want)
    .filter(([key, value]) => !holds(canonical(have[key], ORDERED_SETTINGS.has(key)), canonical(value, ORDERED_SETTINGS.has(key))))
    .map(([key]) => key);
}

/**
 * A string in a filter expression. The server reads `\"` and `\\` as escapes (and rejects
 * other escapes it cannot read), so both are escaped and control characters, which no
 * vocabulary holds, are dropped.
 */
export function quoteValue(v: string | number | boolean): string {
  if (typeof v !== "string") return String(v);
  const clean = v.replace(/[\u0000-\u001f\u007f]/g, "");
  return `"${clean.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
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
  for (const facet of FACETS) push(facet, inFilter(facet, filters[facet]));
  push(null, inFilter("status", filters.status));
  if (filters.transformationList) push(null, "transformationList = true");
  if (filters.confirmedSince) {
    const since = Date.parse(filters.confirmedSince);
    if (!Number.isNaN(since)) push(null, `(staleable = false OR confirmedAtTs >= ${since})`);
  }
  return out;
}

/** The sort of a query, ties to the newer listing; undefined leaves the order to relevance. */
export function sortParam(sort: SearchQuery["sort"], hasText: boolean): string[] | undefined {
  switch (sort ?? (hasText ? "relevance" : "newest")) {
    case "newest":
      return ["publishedAtTs:desc", "id:desc"];
    case "deadline":
      return ["deadlineTs:asc", "id:desc"];
    case "budget":
      return ["amountFen:desc", "id:desc"];
    case "price":
      return ["amountFen:asc", "id:desc"];
    default:
      return hasText ? undefined : ["publishedAtTs:desc", "id:desc"];
  }
}
