// The one contract every search engine meets. The app calls these through search/index.ts;
// it never talks to FTS5 or Meilisearch directly.

/** Every kind of listing the search layer indexes. */
export const LISTING_KIND_LIST = ["need", "achievement", "challenge", "scenario"] as const;
export type ListingKind = (typeof LISTING_KIND_LIST)[number];

/** Budget (needs, by maximum budget) and asking-price (achievements) bands, in fen (50万元 = 50,000,000 fen). */
export const PRICE_BANDS = [
  { id: "lt50w", minFen: 0, maxFen: 49_999_999 },
  { id: "50w-200w", minFen: 50_000_000, maxFen: 199_999_999 },
  { id: "200w-1000w", minFen: 200_000_000, maxFen: 999_999_999 },
  { id: "gte1000w", minFen: 1_000_000_000, maxFen: Number.MAX_SAFE_INTEGER },
  { id: "negotiable", minFen: null, maxFen: null },
] as const;
export type PriceBandId = (typeof PRICE_BANDS)[number]["id"];

export function priceBandOf(fen: number | null): PriceBandId {
  if (fen === null) return "negotiable";
  for (const b of PRICE_BANDS) if (b.minFen !== null && fen >= b.minFen && fen <= b.maxFen) return b.id;
  return "gte1000w";
}

export interface SearchFilters {
  /** Needs: the needs-list year. Achievements: the year of publication. */
  year?: number[];
  industryChainId?: string[];
  /** A level-1 high-tech field code also matches its level-2 children. */
  techField?: string[];
  countyCode?: string[];
  /** Cooperation modes (needs) or transfer modes (achievements): any of them. */
  mode?: string[];
  priceBand?: PriceBandId[];
  /** Maturity stage (achievements: from its TRL; needs: from the expected TRL). */
  stage?: string[];
  status?: string[];
  /** Achievements on the transformation project list only. */
  transformationList?: boolean;
  /** Leave out listings whose owner has not confirmed them since this instant (ISO UTC). */
  confirmedSince?: string;
}

/**
 * relevance: BM25 (the default with text; without text it falls back to newest);
 * newest: publication date, latest first; deadline: soonest first (needs);
 * budget: largest first (needs); price: lowest first (achievements).
 * Listings without the value (面议, no deadline) come last; ties go to the newer listing.
 */
export type SearchSort = "relevance" | "newest" | "deadline" | "budget" | "price";

export interface SearchQuery {
  kind: ListingKind;
  text?: string;
  filters?: SearchFilters;
  sort?: SearchSort;
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export type FacetName = "industryChainId" | "techField" | "stage" | "countyCode" | "mode" | "priceBand" | "year";

export interface SearchHit {
  id: number;
  score: number;
  /** HTML-escaped text with matched words in <mark>…</mark>. */
  highlight: { title: string; summary: string };
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  facets: Partial<Record<FacetName, Record<string, number>>>;
  /** True when the configured engine failed and the embedded engine answered instead. */
  degraded: boolean;
  engine: "embedded" | "meilisearch";
}
