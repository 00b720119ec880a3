import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { organisations, scenarios } from "../../../db/schema";
import type { Search } from "../../../search/index";
import { priceBandOf, type PriceBandId } from "../../../search/types";
import { todayInShanghai, yearInShanghai, type Locale } from "../../i18n";
import type { ScenarioBrowseQuery } from "../../schemas/scenarios";
import { vocabularyMaps } from "../listings.server";
import { PUBLIC_SCENARIO_STATUSES } from "./access.server";
import { isOpenOn, scenarioListProgress } from "./views.server";

// The year's scenario list as a visitor browses it. A year's list is small (the plan asks for
// fifty), so the page reads the whole year once and filters it here; words go through the
// search engine, which answers in both languages from the same index as needs.

export const SCENARIO_PAGE_SIZE = 20;
/** How many hits a text search may bring into a year's list. */
const TEXT_HITS_MAX = 500;
const ENGINE_PAGE = 100;

/** Subsidy bands in fen: the engine's budget bands, with "none" for a scenario that offers no subsidy. */
export const SUBSIDY_BANDS = ["lt50w", "50w-200w", "200w-1000w", "none"] as const;
export type SubsidyBand = (typeof SUBSIDY_BANDS)[number];

export function subsidyBandOf(fen: number | null): SubsidyBand {
  const band: PriceBandId = priceBandOf(fen);
  return band === "negotiable" ? "none" : band === "gte1000w" ? "200w-1000w" : band;
}

type FacetKey = "status" | "subsidyBand" | "countyCode" | "industryChainId" | "grade" | "kind";
const FACETS: FacetKey[] = ["status", "subsidyBand", "countyCode", "industryChainId", "grade", "kind"];

function yearRows(db: Db, year: number) {
  return db
    .select({
      id: scenarios.id,
      title: scenarios.title,
      site: scenarios.site,
      status: scenarios.status,
      orgName: organisations.name,
      orgNameEn: organisations.nameEn,
      countyCode: scenarios.countyCode,
      industryChainId: scenarios.industryChainId,
      grade: scenarios.grade,
      kind: scenarios.kind,
      subsidyCapFen: scenarios.subsidyCapFen,
      opensOn: scenarios.opensOn,
      closesOn: scenarios.closesOn,
      outcome: scenarios.outcome,
      publishedAt: scenarios.publishedAt,
    })
    .from(scenarios)
    .innerJoin(organisations, eq(organisations.id, scenarios.orgId))
    .where(and(eq(scenarios.listYear, year), inArray(scenarios.status, [...PUBLIC_SCENARIO_STATUSES])))
    .orderBy(desc(scenarios.publishedAt), desc(scenarios.id))
    .all();
}
type Row = ReturnType<typeof yearRows>[number] & { subsidyBand: SubsidyBand; openNow: boolean };

/** Ids the engine finds for the words, best first, with their highlighted titles. */
async function textHits(search: Search, text: string, year: number) {
  const order = new Map<number, { rank: number; title: string; summary: string }>();
  for (let page = 1; order.size < TEXT_HITS_MAX; page++) {
    const result = await search.search({ kind: "scenario", text, filters: { year: [year] }, sort: "relevance", page, pageSize: ENGINE_PAGE });
    for (const h of result.hits) if (!order.has(h.id)) order.set(h.id, { rank: order.size, ...h.highlight });
    if (result.hits.length < ENGINE_PAGE || page * ENGINE_PAGE >= result.total) break;
  }
  return order;
}

function matches(row: Row, q: ScenarioBrowseQuery, skip: FacetKey | null): boolean {
  if (q.open && !row.openNow) return false;
  for (const key of FACETS) {
    if (key === skip) continue;
    const wanted = q[key];
    if (wanted.length && !wanted.includes(String(row[key]))) return false;
  }
  return true;
}

/** The years that have a list, newest first (the current year always among them). */
export function scenarioListYears(db: Db, now: Date = new Date()): number[] {
  const years = db
    .selectDistinct({ y: scenarios.listYear })
    .from(scenarios)
    .where(and(isNotNull(scenarios.listYear), inArray(scenarios.status, [...PUBLIC_SCENARIO_STATUSES])))
    .all()
    .map((r) => r.y!);
  return [...new Set([yearInShanghai(now), ...years])].sort((a, b) => b - a);
}

/** One page of the year's list with its facets (each counted over the other filters) and the list's progress. */
export async function browseScenarios(db: Db, search: Search, q: ScenarioBrowseQuery, locale: Locale, now: Date = new Date()) {
  const year = q.year ?? yearInShanghai(now);
  const today = todayInShanghai(now);
  let rows: Row[] = yearRows(db, year).map((r) => ({ ...r, subsidyBand: subsidyBandOf(r.subsidyCapFen), openNow: isOpenOn(r, today) }));
  let highlights = new Map<number, { rank: number; title: string; summary: string }>();
  if (q.q) {
    highlights = await textHits(search, q.q, year);
    rows = rows.filter((r) => highlights.has(r.id)).sort((a, b) => highlights.get(a.id)!.rank - highlights.get(b.id)!.rank);
  } else {
    rows = [...rows].sort((a, b) => Number(b.openNow) - Number(a.openNow));
  }
  const v = vocabularyMaps(db);
  const name = (row: { nameZh: string; nameEn: string } | undefined, fallback: string) => (row ? (locale === "en" ? row.nameEn : row.nameZh) : fallback);
  const facets = Object.fromEntries(
    FACETS.map((key) => {
      const counts = new Map<string, number>();
      for (const r of rows) if (matches(r, q, key)) counts.set(String(r[key]), (counts.get(String(r[key])) ?? 0) + 1);
      const values = [...counts].map(([value, count]) => ({
        value,
        count,
        label: key === "countyCode" ? name(v.counties.get(value), value) : key === "industryChainId" ? name(v.chains.get(value), value) : null,
      }));
      return [key, values.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))];
    }),
  ) as Record<FacetKey, { value: string; count: number; label: string | null }[]>;
  const openCount = rows.filter((r) => r.openNow && matches(r, { ...q, open: undefined }, null)).length;
  const filtered = rows.filter((r) => matches(r, q, null));
  const page = Math.min(q.page ?? 1, Math.max(1, Math.ceil(filtered.length / SCENARIO_PAGE_SIZE)));
  const items = filtered.slice((page - 1) * SCENARIO_PAGE_SIZE, page * SCENARIO_PAGE_SIZE).map((r) => ({
    ...r,
    countyName: name(v.counties.get(r.countyCode), r.countyCode),
    chainName: name(v.chains.get(r.industryChainId), r.industryChainId),
    highlight: highlights.get(r.id)?.title ?? null,
  }));
  return {
    year,
    years: scenarioListYears(db, now),
    total: filtered.length,
    page,
    pages: Math.max(1, Math.ceil(filtered.length / SCENARIO_PAGE_SIZE)),
    items,
    facets,
    openCount,
    progress: scenarioListProgress(db, year),
  };
}
export type ScenarioBrowse = Awaited<ReturnType<typeof browseScenarios>>;
