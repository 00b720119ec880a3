// Index settings: the defaults a fresh index has, the validation a real server applies to
// an update (unknown fields, fields newer than the server, wrong types), and the merge.

import { MeiliError, invalidValue, unknownField } from "./errors";
import { NESTED_SINCE, SETTING_SINCE, atLeast } from "./version";

export type Settings = Record<string, unknown>;

export const DEFAULT_RANKING_RULES = ["words", "typo", "proximity", "attribute", "sort", "exactness"];

export function defaultSettings(version: string): Settings {
  const all: Settings = {
    displayedAttributes: ["*"],
    searchableAttributes: ["*"],
    filterableAttributes: [],
    sortableAttributes: [],
    rankingRules: [...DEFAULT_RANKING_RULES],
    stopWords: [],
    nonSeparatorTokens: [],
    separatorTokens: [],
    dictionary: [],
    synonyms: {},
    distinctAttribute: null,
    proximityPrecision: "byWord",
    typoTolerance: {
      enabled: true,
      minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
      disableOnWords: [],
      disableOnAttributes: [],
      disableOnNumbers: false,
    },
    faceting: { maxValuesPerFacet: 100, sortFacetValuesBy: { "*": "alpha" } },
    pagination: { maxTotalHits: 1000 },
    embedders: {},
    searchCutoffMs: null,
    localizedAttributes: null,
    facetSearch: true,
    prefixSearch: "indexingTime",
  };
  const out: Settings = {};
  for (const [k, v] of Object.entries(all)) {
    if (!atLeast(version, SETTING_SINCE[k]!)) continue;
    const nested = NESTED_SINCE[k];
    out[k] = nested ? Object.fromEntries(Object.entries(v as Settings).filter(([f]) => atLeast(version, nested[f]!))) : v;
  }
  return out;
}

/** Route segment → setting name, for /indexes/:uid/settings/<segment>. */
export const SUB_ROUTES: Record<string, string> = {
  "displayed-attributes": "displayedAttributes",
  "searchable-attributes": "searchableAttributes",
  "filterable-attributes": "filterableAttributes",
  "sortable-attributes": "sortableAttributes",
  "ranking-rules": "rankingRules",
  "stop-words": "stopWords",
  "non-separator-tokens": "nonSeparatorTokens",
  "separator-tokens": "separatorTokens",
  dictionary: "dictionary",
  synonyms: "synonyms",
  "distinct-attribute": "distinctAttribute",
  "proximity-precision": "proximityPrecision",
  "typo-tolerance": "typoTolerance",
  faceting: "faceting",
  pagination: "pagination",
  embedders: "embedders",
  "search-cutoff-ms": "searchCutoffMs",
  "localized-attributes": "localizedAttributes",
  "facet-search": "facetSearch",
  "prefix-search": "prefixSearch",
};

/** Sub-routes updated with PATCH (objects merged) rather than PUT. */
export const PATCH_SUB_ROUTES = new Set(["typoTolerance", "faceting", "pagination", "embedders"]);

export function settingCode(name: string): string {
  return `invalid_settings_${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function checkStringArray(name: string, v: unknown): void {
  if (v !== null && !isStringArray(v)) invalidValueThrow(name, "an array", v);
}

function invalidValueThrow(name: string, expected: string, v: unknown): never {
  throw invalidValue(settingCode(name), `.${name}`, expected, v);
}

const RANKING_RULE = /^(words|typo|proximity|attribute|sort|exactness|attributeRank|wordPosition|[^:\s]+:(asc|desc))$/;

function checkNested(name: string, v: unknown, version: string, subRoute: boolean): void {
  if (v === null) return;
  if (!isObject(v)) invalidValueThrow(name, "an object", v);
  const known = Object.keys(NESTED_SINCE[name]!).filter((f) => atLeast(version, NESTED_SINCE[name]![f]!));
  for (const field of Object.keys(v)) {
    // On the setting's own route the object is the whole body: no "inside" in the message.
    if (!known.includes(field)) throw unknownField(settingCode(name), field, known, subRoute ? undefined : `.${name}`);
  }
}

function checkFilterable(v: unknown, version: string): void {
  if (v === null || isStringArray(v)) return;
  const granular =
    atLeast(version, "1.14.0") && Array.isArray(v) && v.every((x) => typeof x === "string" || (isObject(x) && Array.isArray(x.attributePatterns)));
  if (!granular) invalidValueThrow("filterableAttributes", "an array", v);
}

/** Throws what a server of this version answers to the update; returns nothing when valid. */
export function validateSettings(update: unknown, version: string): asserts update is Settings {
  if (!isObject(update)) throw invalidValue("bad_request", "", "an object", update);
  const known = Object.keys(SETTING_SINCE).filter((k) => atLeast(version, SETTING_SINCE[k]!));
  for (const [name, v] of Object.entries(update)) {
    if (!known.includes(name)) throw unknownField("bad_request", name, known);
    validateOne(name, v, version);
  }
}

export function validateOne(name: string, v: unknown, version: string, subRoute = false): void {
  if (name in NESTED_SINCE) return checkNested(name, v, version, subRoute);
  switch (name) {
    case "filterableAttributes":
      return checkFilterable(v, version);
    case "rankingRules":
      checkStringArray(name, v);
      for (const r of (v as string[] | null) ?? []) {
        if (!RANKING_RULE.test(r)) {
          throw new MeiliError(
            settingCode(name),
            `Invalid value at \`.rankingRules[${(v as string[]).indexOf(r)}]\`: \`${r}\` ranking rule is invalid. Valid ranking rules are words, typo, sort, proximity, attribute, exactness and custom ranking rules.`,
          );
        }
      }
      return;
    case "synonyms":
      if (v !== null && (!isObject(v) || !Object.values(v).every(isStringArray))) invalidValueThrow(name, "an object", v);
      return;
    case "distinctAttribute":
    case "proximityPrecision":
    case "prefixSearch":
      if (v !== null && typeof v !== "string") invalidValueThrow(name, "a string", v);
      return;
    case "searchCutoffMs":
      if (v !== null && typeof v !== "number") invalidValueThrow(name, "a positive integer", v);
      return;
    case "facetSearch":
      if (v !== null && typeof v !== "boolean") invalidValueThrow(name, "a boolean", v);
      return;
    case "localizedAttributes":
    case "embedders":
      return;
    default:
      return checkStringArray(name, v);
  }
}

/** Settings the server keeps as sets (BTreeSet): returned sorted, without duplicates. */
const SET_SETTINGS = new Set(["sortableAttributes", "stopWords", "nonSeparatorTokens", "separatorTokens", "dictionary"]);
const sortedSet = (v: unknown) => [...new Set(v as string[])].sort();

/** A value as the server stores and returns it: sets sorted, synonyms by key (BTreeMap). */
function stored(name: string, v: unknown): unknown {
  if (SET_SETTINGS.has(name)) return sortedSet(v);
  if (name === "synonyms") return Object.fromEntries(Object.entries(v as Record<string, string[]>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  if (name === "typoTolerance") {
    const t = { ...(v as Record<string, unknown>) };
    for (const k of ["disableOnWords", "disableOnAttributes"]) if (Array.isArray(t[k])) t[k] = sortedSet(t[k]);
    return t;
  }
  return v;
}

/** The settings after an update: null resets a setting, nested objects merge field by field. */
export function mergeSettings(current: Settings, update: Settings, version: string): Settings {
  const defaults = defaultSettings(version);
  const out: Settings = { ...current };
  for (const [name, v] of Object.entries(update)) {
    if (v === null) out[name] = defaults[name];
    else if (name in NESTED_SINCE) out[name] = stored(name, { ...(current[name] as Settings), ...(v as Settings) });
    else out[name] = stored(name, v);
  }
  return out;
}

/** Attribute names of a filterableAttributes value, plain or granular. */
export function filterableNames(settings: Settings): string[] {
  const v = (settings.filterableAttributes as unknown[] | undefined) ?? [];
  return v.flatMap((x) => (typeof x === "string" ? [x] : ((x as { attributePatterns: string[] }).attributePatterns ?? [])));
}
