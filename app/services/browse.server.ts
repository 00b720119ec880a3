import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { achievements, needs, organisations } from "../../db/schema";
import { trlStage } from "../../db/vocabularies";
import type { Search } from "../../search/index";
import type { FacetName, PriceBandId, SearchFilters, SearchSort } from "../../search/types";
import type { Locale } from "../i18n";
import type { BrowseQuery } from "../schemas/browse";
import { keptWhileUnchanged } from "./data-versions.server";
import { prepared } from "./prepared.server";
import { isPublicStatus, isStale, staleCutoff, vocabularyMaps, type ListingKind } from "./listings.server";

export const PAGE_SIZE = 20;

const DEFAULT_STATUSES: Record<ListingKind, string[]> = { need: ["published", "matched"], achievement: ["published"] };

function toFilters(kind: ListingKind, q: BrowseQuery, cutoff: string): SearchFilters {
  const filters: SearchFilters = {
    industryChainId: q.industryChainId,
    techField: q.techField,
    countyCode: q.countyCode,
    mode: q.mode,
    priceBand: q.priceBand as PriceBandId[],
    stage: q.stage,
    year: q.year.map(Number).filter((n) => Number.isInteger(n) && n > 2000 && n < 3000),
    status: q.status.length ? q.status : DEFAULT_STATUSES[kind],
  };
  // Listings whose owners stopped confirming them leave the default view, not the platform.
  if (!q.stale && !q.status.length) filters.confirmedSince = cutoff;
  return filters;
}

function label(locale: Locale, row: { nameZh: string; nameEn: string } | undefined, fallback: string): string {
  if (!row) return fallback;
  return locale === "en" ? row.nameEn : row.nameZh;
}

/** The ids of one page of hits, passed as one JSON array, so one prepared statement serves every page. */
const idsParam = () => sql`(select value from json_each(${sql.placeholder("ids")}))`;

// Only the columns a card shows: the descriptions are long and no card reads them.
const needRows = (db: Db) =>
  prepared(db, "browse-need-rows", () =>
    db
      .select({
        id: needs.id,
        title: needs.title,
        status: needs.status,
        orgId: organisations.id,
        orgName: organisations.name,
        orgNameEn: organisations.nameEn,
        industryChainId: needs.industryChainId,
        techFieldCode: needs.techFieldCode,
        countyCode: needs.countyCode,
        cooperationModes: needs.cooperationModes,
        expectedTrl: needs.expectedTrl,
        budgetMinFen: needs.budgetMinFen,
        budgetMaxFen: needs.budgetMaxFen,
        deadline: needs.deadline,
        confirmedAt: needs.confirmedAt,
      })
      .from(needs)
      .innerJoin(organisations, eq(organisations.id, needs.orgId))
      .where(sql`${needs.id} in ${idsParam()}`)
      .prepare(),
  );

const achievementRows = (db: Db) =>
  prepared(db, "browse-achievement-rows", () =>
    db
      .select({
        id: achievements.id,
        title: achievements.title,
        status: achievements.status,
        orgId: organisations.id,
        orgName: organisations.name,
        orgNameEn: organisations.nameEn,
        industryChainId: achievements.industryChainId,
        techFieldCode: achievements.techFieldCode,
        countyCode: achievements.countyCode,
        transferModes: achievements.transferModes,
        trl: achievements.trl,
        priceFen: achievements.priceFen,
        transformationListYear: achievements.transformationListYear,
        confirmedAt: achievements.confirmedAt,
      })
      .from(achievements)
      .innerJoin(organisations, eq(organisations.id, achievements.orgId))
      .where(sql`${achievements.id} in ${idsParam()}`)
      .prepare(),
  );

/** One page of public listings for the list pages: the engine finds and counts, the database supplies the rows. */
export async function browseListings(
  db: Db,
  search: Search,
  kind: ListingKind,
  q: BrowseQuery,
  locale: Locale,
  options: { now?: Date; transformationList?: boolean; pageSize?: number } = {},
) {
  const now = options.now ?? new Date();
  const cutoff = staleCutoff(db, now);
  const filters = toFilters(kind, q, cutoff);
  if (options.transformationList) filters.transformationList = true;
  const sort: SearchSort = q.sort ?? (q.q ? "relevance" : "newest");
  const page = q.page ?? 1;
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const result = await search.search({ kind, text: q.q, filters, sort, page, pageSize });
  const ids = result.hits.map((h) => h.id);

  const { chains, fields, counties: countyRows } = vocabularyMaps(db);

  const rows =
    ids.length === 0
      ? []
      : kind === "need"
        ? needRows(db)
            .all({ ids: JSON.stringify(ids) })
            .map((l) => ({
              id: l.id,
              title: l.title,
              status: l.status,
              org: locale === "en" ? (l.orgNameEn ?? l.orgName) : l.orgName,
              orgId: l.orgId,
              chain: label(locale, chains.get(l.industryChainId), l.industryChainId),
              field: label(locale, fields.get(l.techFieldCode), l.techFieldCode),
              county: label(locale, countyRows.get(l.countyCode), l.countyCode),
              modes: l.cooperationModes as string[],
              stage: trlStage(l.expectedTrl),
              amountMinFen: l.budgetMinFen,
              amountMaxFen: l.budgetMaxFen,
              deadline: l.deadline as string | null,
              transformationListYear: null as number | null,
              stale: isStale(l, cutoff),
            }))
        : achievementRows(db)
            .all({ ids: JSON.stringify(ids) })
            .map((l) => ({
              id: l.id,
              title: l.title,
              status: l.status,
              org: locale === "en" ? (l.orgNameEn ?? l.orgName) : l.orgName,
              orgId: l.orgId,
              chain: label(locale, chains.get(l.industryChainId), l.industryChainId),
              field: label(locale, fields.get(l.techFieldCode), l.techFieldCode),
              county: l.countyCode ? label(locale, countyRows.get(l.countyCode), l.countyCode) : null,
              modes: l.transferModes as string[],
              stage: trlStage(l.trl),
              amountMinFen: l.priceFen,
              amountMaxFen: l.priceFen,
              deadline: null,
              transformationListYear: l.transformationListYear,
              stale: isStale(l, cutoff),
            }));
  const byId = new Map(rows.map((r) => [r.id, r]));
  // A hit whose row is gone or no longer public is dropped, so a lagging index never shows a private listing.
  const items = result.hits.flatMap((h) => {
    const row = byId.get(h.id);
    return row && isPublicStatus(kind, row.status) ? [{ ...row, highlight: h.highlight }] : [];
  });

  const facetLabel = (name: FacetName, value: string): string => {
    switch (name) {
      case "industryChainId":
        return label(locale, chains.get(value), value);
      case "techField":
        return label(locale, fields.get(value), value);
      case "countyCode":
        return label(locale, countyRows.get(value), value);
      default:
        return value;
    }
  };
  const facets = Object.fromEntries(
    (Object.entries(result.facets) as [FacetName, Record<string, number>][]).map(([name, counts]) => [
      name,
      Object.entries(counts)
        .filter(([, n]) => n > 0)
        .map(([value, count]) => ({ value, count, label: facetLabel(name, value) }))
        .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)),
    ]),
  ) as Partial<Record<FacetName, { value: string; count: number; label: string }[]>>;

  return {
    total: result.total,
    page,
    pages: Math.max(1, Math.ceil(result.total / pageSize)),
    sort,
    items,
    facets,
    degraded: result.degraded,
  };
}
export type BrowseResult = Awaited<ReturnType<typeof browseListings>>;

/** Values of each facet a list page shows: the most frequent ones, and any the visitor has chosen. */
export const FACET_VALUES_SHOWN = 12;

type Facets = BrowseResult["facets"];

/** Each facet cut to what a list page shows (the open API's answer keeps them whole). */
export function shownFacets(facets: Facets, query: BrowseQuery, shown = FACET_VALUES_SHOWN): Facets {
  return Object.fromEntries(
    Object.entries(facets).map(([name, values]) => {
      const chosen = (query[name as FacetName] as string[] | undefined) ?? [];
      return [name, values.filter((v, i) => i < shown || chosen.includes(v.value))];
    }),
  ) as Facets;
}

/** List pages' results kept per worker and search layer: the most recently asked queries. */
export const KEPT_LIST_PAGES = 200;

/**
 * A list page's results: as browseListings, with the facets the page shows and nothing it
 * would not. The same query asked again before anything is written to the database is
 * answered from the copy kept then (the search index is written through the database too),
 * in the same minute: a listing goes stale by the minute, not by the millisecond. An answer
 * the search layer marks degraded is not kept.
 */
export function browsePage(
  db: Db,
  search: Search,
  kind: ListingKind,
  q: BrowseQuery,
  locale: Locale,
  options: { now?: Date; transformationList?: boolean } = {},
): Promise<BrowseResult> {
  const minute = new Date(Math.floor((options.now ?? new Date()).getTime() / 60_000) * 60_000);
  const key = JSON.stringify([kind, locale, options.transformationList === true, minute.getTime(), q]);
  return keptWhileUnchanged(
    db,
    search,
    key,
    async () => {
      const result = await browseListings(db, search, kind, q, locale, { ...options, now: minute });
      return { ...result, facets: shownFacets(result.facets, q) };
    },
    { limit: KEPT_LIST_PAGES, keep: (result) => !result.degraded },
  );
}
