// POST /indexes/:uid/search (and each query of /multi-search): parameters checked as the
// server checks them, documents matched and ranked by the index's ranking rules, filtered,
// faceted and paged.

import { MeiliError, unknownField } from "./errors";
import { covered, facetValues, matches, valueAt, type Doc } from "./filter-eval";
import { filterAttributes, parseFilter, type Filter } from "./filter";
import { covers, keptSets, matchTerms, planQuery, type QueryPlan, type TermMatch } from "./query";
import { filterableNames } from "./settings";
import type { IndexData, StoredDoc } from "./store";
import { SEARCH_SINCE, atLeast } from "./version";
import { formatHit } from "./format";
import type { TypoSettings } from "./typo";

export const SEARCH_PARAMS = [
  "q",
  "vector",
  "offset",
  "limit",
  "page",
  "hitsPerPage",
  "attributesToRetrieve",
  "retrieveVectors",
  "attributesToCrop",
  "cropLength",
  "cropMarker",
  "attributesToHighlight",
  "highlightPreTag",
  "highlightPostTag",
  "showMatchesPosition",
  "showRankingScore",
  "showRankingScoreDetails",
  "filter",
  "sort",
  "distinct",
  "facets",
  "matchingStrategy",
  "attributesToSearchOn",
  "rankingScoreThreshold",
  "locales",
  "hybrid",
];

type Params = Record<string, unknown>;

interface Ranked {
  stored: StoredDoc;
  key: number[];
  sortKey: SortValue[];
  score: number;
}

type SortValue = { rank: number; v: number | string };

function nonNegativeInt(params: Params, name: string, code: string): number | undefined {
  const v = params[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
    throw new MeiliError(code, `Invalid value type at \`.${name}\`: expected a positive integer, but found ${JSON.stringify(v)}`);
  }
  return v;
}

function checkParams(params: Params, version: string): void {
  for (const k of Object.keys(params))
    if (!SEARCH_PARAMS.includes(k) && k !== "indexUid" && k !== "federationOptions") throw unknownField("bad_request", k, SEARCH_PARAMS);
  const ms = params.matchingStrategy;
  const strategies = atLeast(version, SEARCH_SINCE.matchingStrategyFrequency) ? ["last", "all", "frequency"] : ["last", "all"];
  if (ms !== undefined && !strategies.includes(ms as string)) {
    throw new MeiliError(
      "invalid_search_matching_strategy",
      `Unknown value \`${String(ms)}\` at \`.matchingStrategy\`: expected one of ${strategies.map((s) => `\`${s}\``).join(", ")}`,
    );
  }
  if (params.q !== undefined && params.q !== null && typeof params.q !== "string") {
    throw new MeiliError("invalid_search_q", `Invalid value type at \`.q\`: expected a string, but found ${JSON.stringify(params.q)}`);
  }
}

function parseSort(params: Params, index: IndexData): { attr: string; desc: boolean }[] {
  const sort = params.sort;
  if (sort === undefined || sort === null) return [];
  if (!Array.isArray(sort))
    throw new MeiliError("invalid_search_sort", `Invalid value type at \`.sort\`: expected an array, but found ${JSON.stringify(sort)}`);
  const sortable = (index.settings.sortableAttributes as string[] | undefined) ?? [];
  return sort.map((s: unknown) => {
    const m = /^(.+):(asc|desc)$/.exec(String(s));
    if (!m)
      throw new MeiliError(
        "invalid_search_sort",
        `Invalid syntax for the sort parameter: expected expression ending by \`:asc\` or \`:desc\`, found \`${String(s)}\`.`,
      );
    if (!covered(m[1]!, sortable)) {
      const list = sortable.length
        ? `Available sortable attributes are: \`${sortable.join(", ")}\`.`
        : "This index does not have configured sortable attributes.";
      throw new MeiliError("invalid_search_sort", `Attribute \`${m[1]}\` is not sortable. ${list}`);
    }
    return { attr: m[1]!, desc: m[2] === "desc" };
  });
}

function parseFilterChecked(params: Params, index: IndexData): Filter | null {
  const filter = parseFilter(params.filter);
  const filterable = filterableNames(index.settings);
  for (const attr of filterAttributes(filter)) {
    if (!covered(attr, filterable)) {
      const list = filterable.length
        ? `Available filterable attribute patterns are: \`${filterable.join(", ")}\`.`
        : "This index does not have configured filterable attributes.";
      throw new MeiliError("invalid_search_filter", `Attribute \`${attr}\` is not filterable. ${list}`);
    }
  }
  return filter;
}

function parseFacets(params: Params, index: IndexData): string[] {
  const facets = params.facets;
  if (facets === undefined || facets === null) return [];
  if (!Array.isArray(facets))
    throw new MeiliError("invalid_search_facets", `Invalid value type at \`.facets\`: expected an array, but found ${JSON.stringify(facets)}`);
  const filterable = filterableNames(index.settings);
  const out: string[] = [];
  for (const f of facets as string[]) {
    if (f === "*") out.push(...filterable.filter((x) => !x.includes("*")));
    else if (!covered(f, filterable)) {
      const list = filterable.length ? `Available facets are: \`${filterable.join(", ")}\`.` : "This index does not have configured filterable attributes.";
      throw new MeiliError("invalid_search_facets", `Invalid facet distribution: Attribute \`${f}\` is not filterable. ${list}`);
    } else out.push(f);
  }
  return out;
}

function sortValue(doc: Doc, attr: string): SortValue {
  const v = valueAt(doc, attr);
  if (typeof v === "number") return { rank: 0, v };
  if (typeof v === "string") return { rank: 1, v: v.toLowerCase() };
  return { rank: 2, v: 0 };
}

function compareSort(a: SortValue[], b: SortValue[], sort: { desc: boolean }[]): number {
  for (let i = 0; i < sort.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.rank !== y.rank) return x.rank - y.rank;
    if (x.v === y.v) continue;
    const less = x.v < y.v ? -1 : 1;
    return sort[i]!.desc ? -less : less;
  }
  return 0;
}

function proximity(matched: readonly TermMatch[]): number {
  let total = 0;
  const singles = matched.filter((m) => m.term.start === m.term.end).sort((a, b) => a.term.start - b.term.start);
  for (let i = 1; i < singles.length; i++) {
    let best = 8;
    for (const a of singles[i - 1]!.occurrences) for (const b of singles[i]!.occurrences) if (a.attr === b.attr) best = Math.min(best, Math.abs(b.pos - a.pos));
    total += best;
  }
  return total;
}

/** The per-rule keys of one matching document (smaller sorts first), or null if it does not match. */
function rankKeys(plan: QueryPlan, matched: TermMatch[], kept: Set<number>[], rules: string[]): { key: number[]; score: number } | null {
  const level = plan.words.length === 0 ? 0 : kept.findIndex((set) => covers(matched, set));
  if (level < 0) return null;
  const used = matched.filter((m) => kept[level]!.has(m.term.start));
  const attrRank = used.length ? Math.min(...used.flatMap((m) => m.occurrences.map((o) => o.attr * 10_000 + o.pos))) : 0;
  const exact = used.filter((m) => m.exact).length;
  const typoCount = used.reduce((n, m) => n + m.typos, 0);
  const prox = proximity(used);
  const key: number[] = [];
  for (const rule of rules) {
    if (rule === "words") key.push(level);
    else if (rule === "typo") key.push(typoCount);
    else if (rule === "proximity") key.push(prox);
    else if (rule === "attribute" || rule === "attributeRank") key.push(Math.floor(attrRank / 10_000));
    else if (rule === "wordPosition") key.push(attrRank % 10_000);
    else if (rule === "exactness") key.push(-exact);
  }
  const n = Math.max(1, plan.words.length);
  const score =
    plan.words.length === 0
      ? 1
      : ((n - level) / n) * (1 - Math.min(prox, 8 * n) / (16 * n)) * (1 - Math.min(Math.floor(attrRank / 10_000), 9) / 20) * (1 - typoCount / (4 * n));
  return { key, score };
}

function customKeys(rules: string[], doc: Doc): SortValue[] {
  return rules.filter((r) => /:(asc|desc)$/.test(r)).map((r) => sortValue(doc, r.replace(/:(asc|desc)$/, "")));
}

function compareRanked(a: Ranked, b: Ranked, rules: string[], sort: { desc: boolean }[]): number {
  let k = 0;
  let custom = 0;
  for (const rule of rules) {
    let c = 0;
    if (rule === "sort") c = compareSort(a.sortKey, b.sortKey, sort);
    else if (/:(asc|desc)$/.test(rule)) {
      const desc = rule.endsWith(":desc");
      c = compareSort([customKeys(rules, a.stored.doc)[custom]!], [customKeys(rules, b.stored.doc)[custom]!], [{ desc }]);
      custom++;
    } else {
      c = a.key[k]! - b.key[k]!;
      k++;
    }
    if (c !== 0) return c;
  }
  return a.stored.internalId - b.stored.internalId;
}

function facetDistribution(docs: readonly StoredDoc[], facets: string[], index: IndexData) {
  const faceting = (index.settings.faceting as { maxValuesPerFacet?: number; sortFacetValuesBy?: Record<string, string> } | undefined) ?? {};
  const max = faceting.maxValuesPerFacet ?? 100;
  const order = (f: string) => faceting.sortFacetValuesBy?.[f] ?? faceting.sortFacetValuesBy?.["*"] ?? "alpha";
  const distribution: Record<string, Record<string, number>> = {};
  const stats: Record<string, { min: number; max: number }> = {};
  for (const f of facets) {
    const counts = new Map<string, { label: string; n: number }>();
    for (const d of docs) {
      for (const v of new Set(facetValues(d.doc, f).map((x) => String(x)))) {
        const key = v.toLowerCase();
        const entry = counts.get(key) ?? { label: v, n: 0 };
        entry.n++;
        counts.set(key, entry);
      }
      const nums = facetValues(d.doc, f).filter((x): x is number => typeof x === "number");
      if (nums.length) stats[f] = { min: Math.min(stats[f]?.min ?? Infinity, ...nums), max: Math.max(stats[f]?.max ?? -Infinity, ...nums) };
    }
    const alpha = (a: { label: string }, b: { label: string }) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
    const byCount = order(f) === "count";
    const sorted = [...counts.values()].sort((a, b) => (byCount ? b.n - a.n || alpha(a, b) : alpha(a, b))).slice(0, max);
    distribution[f] = Object.fromEntries(sorted.map((e) => [e.label, e.n]));
  }
  return { facetDistribution: distribution, facetStats: stats };
}

/** `attributesToSearchOn`: which attribute ranks of a document the query may match in. */
function searchOn(params: Params, index: IndexData): (stored: StoredDoc) => (attr: number) => boolean {
  const wanted = params.attributesToSearchOn as string[] | undefined | null;
  if (!wanted || wanted.includes("*")) return () => () => true;
  const searchable = (index.settings.searchableAttributes as string[] | undefined) ?? ["*"];
  for (const a of wanted) {
    if (!searchable.includes("*") && !searchable.includes(a)) {
      throw new MeiliError(
        "invalid_search_attributes_to_search_on",
        `Attribute \`${a}\` is not searchable. Available searchable attributes are: \`${searchable.join(", ")}\`.`,
      );
    }
  }
  return (stored) => {
    const names = index.searchableFor(stored.doc);
    return (attr) => wanted.includes(names[attr]!);
  };
}

/** `distinct` (or the distinctAttribute setting): the best-ranked document per value. */
function distinctOnly(ranked: Ranked[], params: Params, index: IndexData): Ranked[] {
  const attr = (params.distinct as string | undefined) ?? (index.settings.distinctAttribute as string | null | undefined);
  if (!attr) return ranked;
  if (params.distinct !== undefined && !covered(attr, filterableNames(index.settings))) {
    throw new MeiliError(
      "invalid_search_distinct",
      `Attribute \`${attr}\` is not filterable and thus, cannot be used as distinct attribute. Available filterable attributes patterns are: \`${filterableNames(index.settings).join(", ")}\`.`,
    );
  }
  const seen = new Set<string>();
  return ranked.filter((r) => {
    const values = facetValues(r.stored.doc, attr).map((v) => String(v).toLowerCase());
    if (values.length === 0) return true;
    if (values.some((v) => seen.has(v))) return false;
    values.forEach((v) => seen.add(v));
    return true;
  });
}

function candidates(index: IndexData, params: Params, filter: Filter | null, sort: { attr: string; desc: boolean }[]): Ranked[] {
  const opts = index.tokenizerOptions();
  const stopWords = (index.settings.stopWords as string[] | undefined) ?? [];
  const plan = planQuery(
    typeof params.q === "string" ? params.q : "",
    opts,
    index.synonyms(),
    index.settings.typoTolerance as TypoSettings | undefined,
    stopWords,
  );
  const within = searchOn(params, index);
  const rules = (index.settings.rankingRules as string[]) ?? [];
  const pool = [...index.docs.values()].filter((d) => matches(filter, d.doc));
  const matchedBy = new Map(pool.map((d) => [d, matchTerms(plan, index.wordsOf(d), within(d))]));
  const frequency = (i: number) => pool.filter((d) => matchedBy.get(d)!.some((m) => m.term.start === i && m.term.end === i)).length;
  const kept = keptSets(String(params.matchingStrategy ?? "last"), plan.words.length, frequency);
  const out: Ranked[] = [];
  for (const stored of pool) {
    const ranked = rankKeys(plan, matchedBy.get(stored)!, kept, rules);
    if (ranked) out.push({ stored, key: ranked.key, score: ranked.score, sortKey: sort.map((s) => sortValue(stored.doc, s.attr)) });
  }
  const threshold = params.rankingScoreThreshold;
  if (threshold !== undefined && threshold !== null && (typeof threshold !== "number" || threshold < 0 || threshold > 1)) {
    throw new MeiliError(
      "invalid_search_ranking_score_threshold",
      `Invalid value at \`.rankingScoreThreshold\`: the value of \`rankingScoreThreshold\` is invalid, expected a float between \`0.0\` and \`1.0\`.`,
    );
  }
  const aboveThreshold = typeof threshold === "number" ? out.filter((r) => r.score >= threshold) : out;
  return distinctOnly(
    aboveThreshold.sort((a, b) => compareRanked(a, b, rules, sort)),
    params,
    index,
  );
}

export function search(index: IndexData, params: Params, version: string): Record<string, unknown> {
  const started = Date.now();
  checkParams(params, version);
  const filter = parseFilterChecked(params, index);
  const sort = parseSort(params, index);
  const facets = parseFacets(params, index);
  const offset = nonNegativeInt(params, "offset", "invalid_search_offset");
  const limit = nonNegativeInt(params, "limit", "invalid_search_limit");
  const page = nonNegativeInt(params, "page", "invalid_search_page");
  const hitsPerPage = nonNegativeInt(params, "hitsPerPage", "invalid_search_hits_per_page");
  const maxTotalHits = ((index.settings.pagination as { maxTotalHits?: number }) ?? {}).maxTotalHits ?? 1000;
  const all = candidates(index, params, filter, sort).slice(0, maxTotalHits);
  const exhaustive = page !== undefined || hitsPerPage !== undefined;
  const size = exhaustive ? (hitsPerPage ?? 20) : (limit ?? 20);
  const from = exhaustive ? Math.max(0, ((page ?? 1) - 1) * size) : (offset ?? 0);
  const hits = (page === 0 ? [] : all.slice(from, from + size)).map((r) => formatHit(r.stored.doc, r.score, params, index));
  const out: Record<string, unknown> = { hits, query: typeof params.q === "string" ? params.q : "", processingTimeMs: Date.now() - started };
  if (exhaustive) Object.assign(out, { hitsPerPage: size, page: page ?? 1, totalPages: size === 0 ? 0 : Math.ceil(all.length / size), totalHits: all.length });
  else Object.assign(out, { limit: size, offset: from, estimatedTotalHits: all.length });
  if (params.facets !== undefined && params.facets !== null)
    Object.assign(
      out,
      facetDistribution(
        all.map((r) => r.stored),
        facets,
        index,
      ),
    );
  return out;
}
