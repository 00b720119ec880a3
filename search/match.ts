// Explainable matching in both directions: need → achievements and achievement → needs.
//
// 1. Retrieval: the source's text becomes word and bigram terms; the rarest ones (see
//    weights.ts) query the target index by BM25 for a candidate pool.
// 2. Scoring: text relevance is BM25 of all the source's informative terms, computed in
//    memory from the candidates' term vectors; every candidate gets each factor of
//    weights.ts valued 0..1; the score is the weighted sum (0-100) and the explanation is
//    that sum's breakdown plus the shared terms.
// Pairs a broker or an owner dismissed never come back.

import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/connection";
import { achievements, matchDismissals, needs, policySettings, techFields } from "../db/schema";
import { trlStage } from "../db/vocabularies";
import { matchText } from "./documents";
import { termFrequency, type CandidateRow, type EmbeddedEngine, type MatchRetrieval, type TermVector } from "./embedded";
import type { RemoteIndex } from "./engine";
import type { KeptMatches } from "./kept-matches";
import { isGenericTerm } from "./stop-words";
import { synonymGroupOf } from "./synonyms";
import { charBigrams, indexWords, isHanTerm, segmenter } from "./tokenizer";
import type { ListingKind } from "./types";
import {
  BM25_B,
  BM25_GRAM_WEIGHT,
  BM25_K1,
  DEFAULT_FRESHNESS_DAYS,
  FACTOR_NAMES,
  FACTOR_POINTS,
  FIELD_SAME_LEVEL1,
  FIELD_SAME_LEVEL2,
  MATCH_CANDIDATES_MIN,
  MATCH_CANDIDATES_PER_RESULT,
  MATURITY_GAP_VALUE,
  MATURITY_NEAR_PRODUCTION_TRL,
  MATURITY_PILOT_FOR_PRODUCTION,
  MATURITY_SMALL_TRIAL_FOR_PRODUCTION,
  MODE_COMPATIBILITY,
  PRICE_STRETCH,
  PRICE_STRETCH_VALUE,
  RETRIEVAL_MAX_TERMS,
  RETRIEVAL_POSTINGS_BUDGET,
  SCORED_MAX_TERMS,
  SYNONYM_WEIGHT,
  TEXT_IDEAL_TERMS,
  TEXT_SATURATION,
  UNKNOWN_VALUE,
  type FactorName,
} from "./weights";

/** A need as the matcher sees it: a stored need, or a draft / benchmark need not in the database. */
export interface NeedLike {
  id?: number;
  title: string;
  description: string;
  industryChainId?: string | null;
  techFieldCode?: string | null;
  expectedTrl?: number | null;
  budgetMinFen?: number | null;
  budgetMaxFen?: number | null;
  cooperationModes?: readonly string[] | null;
  countyCode?: string | null;
}

export interface AchievementLike {
  id?: number;
  title: string;
  summary: string;
  keywords?: readonly string[] | null;
  industryChainId?: string | null;
  techFieldCode?: string | null;
  trl?: number | null;
  priceFen?: number | null;
  transferModes?: readonly string[] | null;
  countyCode?: string | null;
}

export interface MatchOptions {
  /** How many matches to return; 10 unless told. */
  limit?: number;
  /** Statuses a suggested listing may have: ["published"] unless told. */
  statuses?: string[];
  /** The clock for freshness and deadlines. */
  now?: Date;
}

export interface FactorScore {
  /** Points earned (0..max), one decimal. */
  points: number;
  max: number;
  /** The factor's value 0..1 before weighting. */
  value: number;
}

export interface MatchExplanation {
  factors: Record<FactorName, FactorScore>;
  /** Distinctive words both sides use, most distinctive first. */
  sharedTerms: string[];
}

export interface MatchResult {
  /** The suggested listing. */
  kind: ListingKind;
  id: number;
  needId: number | null;
  achievementId: number | null;
  /** 0-100, one decimal. */
  score: number;
  explanation: MatchExplanation;
}

/** What the matcher needs from the search layer. */
export interface MatchContext {
  db: Db;
  embedded: EmbeddedEngine;
  /** When set, candidates come from this engine and are scored with the same BM25 statistics. */
  remote?: RemoteIndex | null;
  /** When set, a stored listing's answers are kept while what they are computed from is unchanged. */
  kept?: KeptMatches;
}

interface Side {
  chain: string | null;
  field: string | null;
  field1: string | null;
  /** Achievement TRL or the TRL a need expects. */
  trl: number | null;
  modes: readonly string[];
  county: string | null;
  /** Achievement price, or null. */
  priceFen: number | null;
  budgetMinFen: number | null;
  budgetMaxFen: number | null;
}

/* ------------------------------------------------------------------ factor values */

export function fieldValue(a: { field: string | null; field1: string | null }, b: { field: string | null; field1: string | null }): number {
  if (!a.field || !b.field) return 0;
  if (a.field === b.field) return FIELD_SAME_LEVEL2;
  if (a.field1 && a.field1 === b.field1) return FIELD_SAME_LEVEL1;
  return 0;
}

export function maturityValue(expectedTrl: number | null, achievementTrl: number | null): number {
  if (!expectedTrl || !achievementTrl) return UNKNOWN_VALUE;
  if (achievementTrl >= expectedTrl) return 1;
  if (expectedTrl >= MATURITY_NEAR_PRODUCTION_TRL) {
    const stage = trlStage(achievementTrl);
    if (stage === "pilot") return MATURITY_PILOT_FOR_PRODUCTION;
    if (stage === "small_trial") return MATURITY_SMALL_TRIAL_FOR_PRODUCTION;
    return 0;
  }
  return MATURITY_GAP_VALUE[expectedTrl - achievementTrl] ?? 0;
}

export function priceValue(priceFen: number | null, budgetMinFen: number | null, budgetMaxFen: number | null): number {
  if (priceFen === null || (budgetMinFen === null && budgetMaxFen === null)) return UNKNOWN_VALUE;
  if (budgetMaxFen === null) return 1;
  if (priceFen <= budgetMaxFen) return 1;
  if (priceFen <= budgetMaxFen * PRICE_STRETCH) return PRICE_STRETCH_VALUE;
  return 0;
}

export function modesValue(needModes: readonly string[], transferModes: readonly string[]): number {
  if (needModes.length === 0 || transferModes.length === 0) return UNKNOWN_VALUE;
  let best = 0;
  for (const n of needModes) {
    const row = MODE_COMPATIBILITY[n as keyof typeof MODE_COMPATIBILITY];
    if (!row) continue;
    for (const t of transferModes) best = Math.max(best, row[t as keyof typeof row] ?? 0);
  }
  return best;
}

export function freshnessValue(confirmedAt: string | null, publishedAt: string | null, now: Date, freshnessDays: number): number {
  const at = Date.parse(confirmedAt ?? publishedAt ?? "");
  if (Number.isNaN(at)) return UNKNOWN_VALUE;
  const days = (now.getTime() - at) / 86_400_000;
  if (days <= freshnessDays) return 1;
  if (days >= 2 * freshnessDays) return 0;
  return 1 - (days - freshnessDays) / freshnessDays;
}

/* ------------------------------------------------------------------ text terms */

interface QueryTerm {
  term: string;
  columns: "w" | "g";
  /** Interned id, for term-vector lookups. */
  id: number;
  df: number;
  idf: number;
  /** BM25 multiplier: bigram and synonym terms count less than the source's own words. */
  weight: number;
  /** A synonym added to the source's words, not a word it used. */
  synonym: boolean;
}

interface SourceTerms {
  /** Terms scored by BM25, most informative first. */
  scored: QueryTerm[];
  /** The rarest terms, sent to the index for the candidate pool. */
  retrieval: QueryTerm[];
  /** The source's own words present in the index, for shared terms. */
  words: QueryTerm[];
  /** BM25 of an average-length document containing each of the most distinctive terms once. */
  ideal: number;
  avgWords: number;
  avgGrams: number;
}

/** BM25's idf in its always-positive form, so a small or young index still ranks. */
export function bm25Idf(docs: number, df: number): number {
  return Math.log(1 + (docs - df + 0.5) / (df + 0.5));
}

// A listing's page asks for its matches on every view: its text is segmented once, not each time.
const SEGMENTED_TEXTS = 512;
const segmented = new Map<string, { words: string[]; grams: string[] }>();

function segment(text: string): { words: string[]; grams: string[] } {
  let hit = segmented.get(text);
  if (hit) {
    // Map keeps insertion order: re-inserting marks the text as recently used.
    segmented.delete(text);
  } else {
    hit = { words: indexWords(text), grams: charBigrams(text) };
    if (segmented.size >= SEGMENTED_TEXTS) segmented.delete(segmented.keys().next().value!);
  }
  segmented.set(text, hit);
  return hit;
}

// The same listing's terms, on every view of its page, while the index's statistics stay put.
const SOURCE_TERMS_CACHED = 256;
const sourceTermsCache = new WeakMap<EmbeddedEngine, Map<string, { stamp: string; terms: SourceTerms }>>();

function sourceTerms(ctx: MatchContext, kind: ListingKind, text: string): SourceTerms {
  // Inside a transaction the index may hold writes that are later rolled back: nothing is kept there.
  if (ctx.db.$client.inTransaction) return computeSourceTerms(ctx, kind, text);
  let cache = sourceTermsCache.get(ctx.embedded);
  if (!cache) {
    cache = new Map();
    sourceTermsCache.set(ctx.embedded, cache);
  }
  const key = `${kind}\u0001${text}`;
  const stamp = ctx.embedded.statsStamp(kind);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    if (hit.stamp === stamp) {
      cache.set(key, hit);
      return hit.terms;
    }
  }
  const terms = computeSourceTerms(ctx, kind, text);
  if (cache.size >= SOURCE_TERMS_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(key, { stamp, terms });
  return terms;
}

function computeSourceTerms(ctx: MatchContext, kind: ListingKind, text: string): SourceTerms {
  const seg = segment(text);
  const own = new Set(seg.words);
  // A need written with 固体废弃物 should meet an achievement about 固废: single-word synonym
  // members join the word terms (multi-word English members cannot be one term).
  const synonyms = new Set<string>();
  for (const w of own) for (const m of synonymGroupOf(w) ?? []) if (!m.includes(" ") && !own.has(m)) synonyms.add(m);
  const grams = new Set(seg.grams);
  const stats = ctx.embedded.termStats(kind, [
    ...[...own, ...synonyms].map((term) => ({ term, columns: "w" as const })),
    ...[...grams].map((term) => ({ term, columns: "g" as const })),
  ]);
  const corpus = ctx.embedded.corpusStats(kind);
  const present: QueryTerm[] = stats
    .filter((s) => s.df > 0)
    .map((s) => {
      const synonym = s.columns === "w" && synonyms.has(s.term);
      return {
        ...s,
        id: ctx.embedded.termId(s.columns, s.term),
        idf: bm25Idf(corpus.docs, s.df),
        weight: (s.columns === "g" ? BM25_GRAM_WEIGHT : 1) * (synonym ? SYNONYM_WEIGHT : 1),
        synonym,
      };
    });

  const scored = [...present].sort((a, b) => b.idf * b.weight - a.idf * a.weight || a.term.localeCompare(b.term)).slice(0, SCORED_MAX_TERMS);
  const retrieval: QueryTerm[] = [];
  let postings = 0;
  for (const t of [...present].sort((a, b) => a.df - b.df || a.term.localeCompare(b.term))) {
    if (retrieval.length >= RETRIEVAL_MAX_TERMS) break;
    if (retrieval.length > 0 && postings + t.df > RETRIEVAL_POSTINGS_BUDGET) break;
    retrieval.push(t);
    postings += t.df;
  }
  const top = (cols: "w" | "g") =>
    scored
      .filter((t) => t.columns === cols)
      .map((t) => t.idf * t.weight)
      .sort((a, b) => b - a)
      .slice(0, TEXT_IDEAL_TERMS)
      .reduce((a, b) => a + b, 0);
  return {
    scored,
    retrieval,
    words: present.filter((t) => t.columns === "w" && !t.synonym),
    ideal: top("w") + top("g") || 1,
    avgWords: corpus.avgWords,
    avgGrams: corpus.avgGrams,
  };
}

/** Okapi BM25 of a candidate's term vector against the source's terms. */
function bm25(v: TermVector, terms: SourceTerms): number {
  let score = 0;
  const wNorm = BM25_K1 * (1 - BM25_B + (BM25_B * v.wordLen) / terms.avgWords);
  const gNorm = BM25_K1 * (1 - BM25_B + (BM25_B * v.gramLen) / terms.avgGrams);
  for (const t of terms.scored) {
    const tf = t.columns === "w" ? termFrequency(v.wordIds, v.wordTf, t.id) : termFrequency(v.gramIds, v.gramTf, t.id);
    if (tf === 0) continue;
    score += (t.weight * t.idf * tf * (BM25_K1 + 1)) / (tf + (t.columns === "w" ? wNorm : gNorm));
  }
  return score;
}

/** The source's own words the candidate uses too, and their share of the words' idf. */
function sharedTerms(terms: SourceTerms, v: TermVector): { coverage: number; display: string[] } {
  let total = 0;
  let got = 0;
  const shared: QueryTerm[] = [];
  for (const w of terms.words) {
    total += w.idf;
    if (termFrequency(v.wordIds, v.wordTf, w.id) > 0) {
      got += w.idf;
      shared.push(w);
    }
  }
  // 人工智能 says all that 人工 and 智能 would: list only the longest of nested terms, and
  // no lone characters (后, 及), numbers or units (180, m3), which tell a broker nothing.
  // Generic words and units (技术, 提高, 万元, 小时) are shared by almost any two listings: not a reason.
  const display = shared
    .sort((a, b) => b.idf - a.idf || b.term.length - a.term.length)
    .map((w) => w.term)
    .filter((t) => !isGenericTerm(t))
    .filter((t) => (isHanTerm(t) ? t.length > 1 : /^[a-z][a-z0-9.]{2,}$/.test(t)))
    .filter((t, _, all) => !all.some((o) => o !== t && o.length > t.length && o.includes(t)))
    .slice(0, 10);
  return { coverage: total > 0 ? got / total : 0, display };
}

/* ------------------------------------------------------------------ ranking */

interface Source {
  /** Kind of the listings to suggest. */
  target: ListingKind;
  text: string;
  side: Side;
  excluded: ReadonlySet<number>;
}

// Policy settings and the field tree change rarely; reading them once a minute spares every
// match call two queries.
const SETTINGS_TTL_MS = 60_000;
const settingsCache = new WeakMap<Db, { at: number; freshnessDays: number; parents: Map<string, string | null> }>();

function settings(db: Db): { freshnessDays: number; parents: Map<string, string | null> } {
  const cached = settingsCache.get(db);
  if (cached && Date.now() - cached.at < SETTINGS_TTL_MS) return cached;
  const row = db.select().from(policySettings).where(eq(policySettings.key, "freshness_days")).get();
  const n = Number(row?.value);
  const parents = new Map(
    db
      .select({ code: techFields.code, parent: techFields.parentCode })
      .from(techFields)
      .all()
      .map((r) => [r.code, r.parent]),
  );
  const fresh = { at: Date.now(), freshnessDays: Number.isInteger(n) && n > 0 ? n : DEFAULT_FRESHNESS_DAYS, parents };
  settingsCache.set(db, fresh);
  return fresh;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

async function rank(ctx: MatchContext, source: Source, opts: MatchOptions): Promise<MatchResult[]> {
  const limit = Math.max(1, Math.floor(opts.limit ?? 10));
  const now = opts.now ?? new Date();
  const statuses = new Set(opts.statuses ?? ["published"]);
  const kind = source.target;
  const terms = sourceTerms(ctx, kind, source.text);
  const poolSize = Math.max(MATCH_CANDIDATES_MIN, limit * MATCH_CANDIDATES_PER_RESULT) + source.excluded.size;

  let pool: MatchRetrieval[];
  if (ctx.remote) {
    const distinctive = [...terms.words].sort((a, b) => b.idf - a.idf).map((w) => w.term);
    pool = (await ctx.remote.candidates(kind, distinctive, poolSize)).map((id) => ({ id, score: 0 }));
  } else {
    pool = ctx.embedded.retrieve(kind, terms.retrieval, poolSize);
  }
  const ids = pool.map((p) => p.id);
  // Few textual candidates (a terse need, a young platform): listings of the same chain still
  // deserve a look, ranked by the structured factors.
  if (ids.length < limit && source.side.chain) {
    const inPool = new Set(ids);
    for (const id of ctx.embedded.recentInChain(kind, source.side.chain, limit * 2)) if (!inPool.has(id)) ids.push(id);
  }
  const rows = ctx.embedded.candidateRows(kind, ids);
  const today = now.toISOString().slice(0, 10);
  const fresh = settings(ctx.db).freshnessDays;
  const eligible = ids.filter((id) => {
    const row = rows.get(id);
    if (!row || source.excluded.has(id) || !statuses.has(row.status)) return false;
    return !(kind === "need" && row.deadline && row.deadline < today);
  });
  const vectors = ctx.embedded.termVectors(kind, eligible);

  const ranked: Ranked[] = [];
  for (const id of eligible) {
    const row = rows.get(id)!;
    const v = vectors.get(id);
    const text = v ? bm25(v, terms) : 0;
    const shared = v ? sharedTerms(terms, v) : { coverage: 0, display: [] };
    const values = structuredValues(source, row, terms, text, now, fresh);
    values.sharedTerms = shared.coverage;
    let exact = 0;
    for (const name of FACTOR_NAMES) exact += FACTOR_POINTS[name] * values[name];
    ranked.push({ id, bm25: text, exact, values, sharedTerms: shared.display });
  }
  // The unrounded score decides the order; ties fall to text relevance, then the newer id.
  ranked.sort((a, b) => b.exact - a.exact || b.bm25 - a.bm25 || b.id - a.id);
  return ranked.slice(0, limit).map((c) => {
    const factors = {} as Record<FactorName, FactorScore>;
    for (const name of FACTOR_NAMES) {
      const max = FACTOR_POINTS[name];
      factors[name] = { points: round1(max * c.values[name]), max, value: Math.round(c.values[name] * 1000) / 1000 };
    }
    return {
      kind,
      id: c.id,
      needId: kind === "need" ? c.id : null,
      achievementId: kind === "achievement" ? c.id : null,
      score: round1(c.exact),
      explanation: { factors, sharedTerms: c.sharedTerms },
    };
  });
}

interface Ranked {
  id: number;
  bm25: number;
  exact: number;
  values: Record<FactorName, number>;
  sharedTerms: string[];
}

function structuredValues(source: Source, row: CandidateRow, terms: SourceTerms, bm25Score: number, now: Date, freshDays: number): Record<FactorName, number> {
  const s = source.side;
  const needSide = source.target === "achievement";
  const other: Side = {
    chain: row.chain,
    field: row.field,
    field1: row.field1,
    trl: row.trl,
    modes: row.modes,
    county: row.county,
    priceFen: needSide ? row.amountFen : null,
    budgetMinFen: needSide ? null : row.amountMinFen,
    budgetMaxFen: needSide ? null : row.amountMaxFen,
  };
  const need = needSide ? s : other;
  const ach = needSide ? other : s;
  return {
    text: bm25Score > 0 ? 1 - Math.exp((-TEXT_SATURATION * bm25Score) / terms.ideal) : 0,
    sharedTerms: 0,
    chain: s.chain && s.chain === other.chain ? 1 : 0,
    field: fieldValue(s, other),
    maturity: maturityValue(need.trl, ach.trl),
    price: priceValue(ach.priceFen, need.budgetMinFen, need.budgetMaxFen),
    modes: modesValue(need.modes, ach.modes),
    county: s.county && s.county === other.county ? 1 : 0,
    freshness: freshnessValue(row.confirmedAt, row.publishedAt, now, freshDays),
  };
}

/* ------------------------------------------------------------------ entry points */

/**
 * Does at engine start what the first matches would otherwise pay for: jieba's dictionaries,
 * the policy settings, the statements and the candidates' term vectors.
 */
export function prepareMatching(ctx: MatchContext): void {
  segmenter();
  settings(ctx.db);
  for (const kind of ["achievement", "need"] as const) ctx.embedded.prepareMatching(kind);
}

export async function matchNeedLike(
  ctx: MatchContext,
  need: NeedLike,
  opts: MatchOptions = {},
  excluded: ReadonlySet<number> = new Set(),
): Promise<MatchResult[]> {
  const parents = settings(ctx.db).parents;
  const field = need.techFieldCode ?? null;
  return rank(
    ctx,
    {
      target: "achievement",
      text: [need.title, need.description].filter(Boolean).join("\n"),
      side: {
        chain: need.industryChainId ?? null,
        field,
        field1: field ? (parents.get(field) ?? field) : null,
        trl: need.expectedTrl ?? null,
        modes: need.cooperationModes ?? [],
        county: need.countyCode ?? null,
        priceFen: null,
        budgetMinFen: need.budgetMinFen ?? null,
        budgetMaxFen: need.budgetMaxFen ?? null,
      },
      excluded,
    },
    opts,
  );
}

export async function matchAchievementLike(
  ctx: MatchContext,
  achievement: AchievementLike,
  opts: MatchOptions = {},
  excluded: ReadonlySet<number> = new Set(),
): Promise<MatchResult[]> {
  const parents = settings(ctx.db).parents;
  const field = achievement.techFieldCode ?? null;
  return rank(
    ctx,
    {
      target: "need",
      text: matchText({ title: achievement.title, summary: achievement.summary, keywords: [...(achievement.keywords ?? [])] }),
      side: {
        chain: achievement.industryChainId ?? null,
        field,
        field1: field ? (parents.get(field) ?? field) : null,
        trl: achievement.trl ?? null,
        modes: achievement.transferModes ?? [],
        county: achievement.countyCode ?? null,
        priceFen: achievement.priceFen ?? null,
        budgetMinFen: null,
        budgetMaxFen: null,
      },
      excluded,
    },
    opts,
  );
}

// A listing's page asks for its matches on every view: its row and its dismissed pairs are
// read through statements prepared once per connection.
function preparedReads(db: Db) {
  return {
    need: db
      .select()
      .from(needs)
      .where(eq(needs.id, sql.placeholder("id")))
      .prepare(),
    needDismissals: db
      .select({ id: matchDismissals.achievementId })
      .from(matchDismissals)
      .where(eq(matchDismissals.needId, sql.placeholder("id")))
      .prepare(),
    achievement: db
      .select()
      .from(achievements)
      .where(eq(achievements.id, sql.placeholder("id")))
      .prepare(),
    achievementDismissals: db
      .select({ id: matchDismissals.needId })
      .from(matchDismissals)
      .where(eq(matchDismissals.achievementId, sql.placeholder("id")))
      .prepare(),
  };
}
const readsByDb = new WeakMap<Db, ReturnType<typeof preparedReads>>();

function reads(db: Db): ReturnType<typeof preparedReads> {
  let r = readsByDb.get(db);
  if (!r) {
    r = preparedReads(db);
    readsByDb.set(db, r);
  }
  return r;
}

/** Suggested achievements for a stored need, without the pairs dismissed for it. */
export async function matchForNeed(ctx: MatchContext, needId: number, opts: MatchOptions = {}): Promise<MatchResult[]> {
  const need = reads(ctx.db).need.get({ id: needId });
  if (!need) return [];
  const dismissed = reads(ctx.db)
    .needDismissals.all({ id: needId })
    .map((d) => d.id);
  const compute = () => matchNeedLike(ctx, { ...need, techFieldCode: need.techFieldCode }, opts, new Set(dismissed));
  return ctx.kept ? ctx.kept(`need:${needId}`, opts, inputsOf(ctx, "achievement", need, dismissed), compute) : compute();
}

/** What a stored listing's answer is computed from: the other side's index, the listing, its dismissed pairs. */
function inputsOf(ctx: MatchContext, target: ListingKind, source: { updatedAt: string; status: string }, dismissed: number[]): string {
  return `${ctx.embedded.indexVersion(target)}|${source.updatedAt}|${source.status}|${dismissed.join(",")}`;
}

/** Suggested needs for a stored achievement, without the pairs dismissed for it. */
export async function matchForAchievement(ctx: MatchContext, achievementId: number, opts: MatchOptions = {}): Promise<MatchResult[]> {
  const a = reads(ctx.db).achievement.get({ id: achievementId });
  if (!a) return [];
  const dismissed = reads(ctx.db)
    .achievementDismissals.all({ id: achievementId })
    .map((d) => d.id);
  const compute = () => matchAchievementLike(ctx, a, opts, new Set(dismissed));
  return ctx.kept ? ctx.kept(`achievement:${achievementId}`, opts, inputsOf(ctx, "need", a, dismissed), compute) : compute();
}
