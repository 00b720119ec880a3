// Every number that decides how a match is scored lives here, so a broker asking "why is
// this suggestion 72?" and a developer changing the ranking read the same page.
//
// A match score is a weighted sum of factors, each factor valued 0..1 and worth at most its
// points below. The points sum to 100, so a score reads as "72 of 100 possible points" and
// the explanation lists exactly where they came from.

import type { CooperationMode, TransferMode } from "../db/schema";

export const FACTOR_POINTS = {
  /** BM25 of the need's text against the achievement's title, summary and keywords. */
  text: 40,
  /** Share of the need's distinctive words (weighted by rarity) that the other side uses too. */
  sharedTerms: 10,
  /** Same industry chain (产业链). */
  chain: 12,
  /** Same technical field: level 2 full points, only level 1 half. */
  field: 10,
  /** The achievement is as mature as the need expects (TRL / 研发阶段). */
  maturity: 8,
  /** The asking price fits the budget. */
  price: 8,
  /** A transfer mode the owner offers suits a cooperation mode the enterprise wants. */
  modes: 6,
  /** Both in the same county: site visits and local subsidies are easier. */
  county: 3,
  /** The suggested listing was confirmed recently, so it is likely still available. */
  freshness: 3,
} as const;

export type FactorName = keyof typeof FACTOR_POINTS;
export const FACTOR_NAMES = Object.keys(FACTOR_POINTS) as FactorName[];

/** Value given when one side does not say (面议, no modes, no TRL): neither reward nor penalty. */
export const UNKNOWN_VALUE = 0.5;

/**
 * Text points = 1 - exp(-TEXT_SATURATION × BM25 / ideal), where ideal is the score a
 * document of average length would get by containing each of the need's most distinctive
 * terms once. Saturating rather than capping keeps strong matches apart instead of tying
 * them all at full points.
 */
export const TEXT_SATURATION = 2;
/** How many of the need's most distinctive word (and, separately, bigram) terms define "ideal". */
export const TEXT_IDEAL_TERMS = 12;

/**
 * Text relevance is Okapi BM25 over two token streams, jieba words and character bigrams
 * (tokenizer.ts), summed. k1 and b are the textbook values, which the benchmark found best.
 */
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;
/** A bigram hit counts this much of a word hit: a shared word also shares its bigrams. */
export const BM25_GRAM_WEIGHT = 1;
/** A synonym of the source's word (固废 for 固体废弃物) counts half the word itself. */
export const SYNONYM_WEIGHT = 0.5;
/** At most this many of the source's most informative terms are scored. */
export const SCORED_MAX_TERMS = 96;

/** Field agreement values. */
export const FIELD_SAME_LEVEL2 = 1;
export const FIELD_SAME_LEVEL1 = 0.5;

/**
 * Maturity when the achievement is less mature than expected, by TRL gap. A need expecting
 * TRL ≥ 7 wants something near production, so for it only 中试 (pilot) earns partial credit.
 */
export const MATURITY_GAP_VALUE = [1, 0.6, 0.3] as const;
export const MATURITY_NEAR_PRODUCTION_TRL = 7;
export const MATURITY_PILOT_FOR_PRODUCTION = 0.7;
export const MATURITY_SMALL_TRIAL_FOR_PRODUCTION = 0.2;

/** Price up to this multiple of the maximum budget earns PRICE_STRETCH_VALUE: a budget is a starting point. */
export const PRICE_STRETCH = 1.25;
export const PRICE_STRETCH_VALUE = 0.5;

/**
 * How well an achievement's transfer mode (成果转化方式) serves a need's cooperation mode
 * (合作方式); the best pair counts. Unlisted pairs are 0.
 * - transfer/licence: an owner selling outright will often license; a licensor rarely sells.
 * - joint and commissioned development need a team willing to keep working on the
 *   technology: joint_dev offers that, self_implement (the owner runs it) a little.
 * - service: an owner implementing the technology itself or developing it jointly can serve.
 * - equity meets equity (作价入股), and joint development often ends in a joint venture.
 * - "other" (其他协商确定的方式) is open to negotiation: some credit for anything.
 */
export const MODE_COMPATIBILITY: Readonly<Record<CooperationMode, Partial<Record<TransferMode, number>>>> = {
  transfer: { transfer: 1, licence: 0.4, equity: 0.3, other: 0.3 },
  licence: { licence: 1, transfer: 0.6, other: 0.3 },
  joint_dev: { joint_dev: 1, equity: 0.5, self_implement: 0.2, other: 0.3 },
  commissioned_dev: { joint_dev: 0.8, self_implement: 0.3, other: 0.4 },
  service: { self_implement: 0.6, joint_dev: 0.6, other: 0.5 },
  equity: { equity: 1, joint_dev: 0.4, other: 0.3 },
};

/** Full freshness points within the policy's freshness period, falling to 0 at twice it. */
export const DEFAULT_FRESHNESS_DAYS = 180;

/** Candidates fetched from the index before the structured factors re-rank them. */
export const MATCH_CANDIDATES_MIN = 100;
export const MATCH_CANDIDATES_PER_RESULT = 5;
/**
 * Term selection for the candidate pool: the rarest terms first, until their posting lists
 * add up to this many entries or this many terms. A listing that shares none of a need's
 * rarest terms is rarely a good match, while frequent terms dominate FTS5's cost.
 */
export const RETRIEVAL_POSTINGS_BUDGET = 10_000;
export const RETRIEVAL_MAX_TERMS = 12;
