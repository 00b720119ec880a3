// Server versions: which release introduced the settings and request fields the stand-in
// knows, so an older server refuses what it would not have understood.

export const NEWEST_VERSION = "1.18.0";
export const OLDEST_VERSION = "1.0.0";

export function parseVersion(v: string): [number, number, number] {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(v);
  if (!m) throw new Error(`not a version: ${v}`);
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

export function atLeast(version: string, floor: string): boolean {
  const a = parseVersion(version);
  const b = parseVersion(floor);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return true;
}

/** The release that first accepted each top-level setting (release notes of each version). */
export const SETTING_SINCE: Record<string, string> = {
  displayedAttributes: "0.1.0",
  searchableAttributes: "0.1.0",
  filterableAttributes: "0.21.0",
  sortableAttributes: "0.23.0",
  rankingRules: "0.1.0",
  stopWords: "0.1.0",
  synonyms: "0.1.0",
  distinctAttribute: "0.1.0",
  typoTolerance: "0.27.0",
  faceting: "0.28.0",
  pagination: "0.28.0",
  separatorTokens: "1.4.0",
  nonSeparatorTokens: "1.4.0",
  dictionary: "1.4.0",
  proximityPrecision: "1.6.0",
  embedders: "1.6.0",
  searchCutoffMs: "1.8.0",
  localizedAttributes: "1.10.0",
  facetSearch: "1.12.0",
  prefixSearch: "1.12.0",
};

/** Nested fields added after their parent setting. */
export const NESTED_SINCE: Record<string, Record<string, string>> = {
  typoTolerance: {
    enabled: "0.27.0",
    minWordSizeForTypos: "0.27.0",
    disableOnWords: "0.27.0",
    disableOnAttributes: "0.27.0",
    disableOnNumbers: "1.15.0",
  },
  faceting: { maxValuesPerFacet: "0.28.0", sortFacetValuesBy: "1.3.0" },
  pagination: { maxTotalHits: "0.28.0" },
};

/** Search parameters and values added over time. */
export const SEARCH_SINCE = {
  matchingStrategyFrequency: "1.9.0",
  showRankingScore: "1.3.0",
  multiSearch: "1.1.0",
  swapRename: "1.18.0",
  granularFilterableAttributes: "1.14.0",
};
