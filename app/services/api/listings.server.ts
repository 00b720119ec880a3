import type { Db } from "../../../db/connection";
import type { Search } from "../../../search/index";
import type { Locale } from "../../i18n";
import { API_DEFAULT_PAGE_SIZE, type ApiAchievementItem, type ApiAchievementsQuery, type ApiNeedItem, type ApiNeedsQuery } from "../../schemas/api";
import type { BrowseQuery } from "../../schemas/browse";
import { browseListings, type BrowseResult } from "../browse.server";
import type { ListingKind } from "../listings.server";

// The needs and achievements of the open API: the list pages' own search (browseListings),
// so a query gives the same listings in the same order as the page, with a page size of the
// caller's choosing. Only what a card shows goes out: never a contact or a description.

/** The API's query as the list page's: the same names, the status left to the page's default when absent. */
export function toBrowseQuery(q: ApiNeedsQuery | ApiAchievementsQuery): BrowseQuery {
  return {
    q: q.q === "" ? undefined : q.q,
    industryChainId: q.industryChainId ?? [],
    techField: q.techField ?? [],
    countyCode: q.countyCode ?? [],
    mode: q.mode ?? [],
    priceBand: q.priceBand ?? [],
    stage: q.stage ?? [],
    year: q.year ?? [],
    status: q.status ?? [],
    stale: q.stale,
    sort: q.sort,
    page: q.page,
  };
}

type Row = BrowseResult["items"][number];

function common(row: Row, origin: string, kind: ListingKind) {
  return {
    id: row.id,
    url: `${origin}/${kind === "need" ? "needs" : "achievements"}/${row.id}`,
    title: row.title,
    organisation: row.org,
    industryChain: row.chain,
    techField: row.field,
    modes: row.modes,
    stage: row.stage,
    stale: row.stale,
  };
}

function needItem(row: Row, origin: string): ApiNeedItem {
  return {
    ...common(row, origin, "need"),
    status: row.status as ApiNeedItem["status"],
    county: row.county ?? "",
    budgetMinFen: row.amountMinFen,
    budgetMaxFen: row.amountMaxFen,
    deadline: row.deadline,
  };
}

function achievementItem(row: Row, origin: string): ApiAchievementItem {
  return {
    ...common(row, origin, "achievement"),
    status: row.status as ApiAchievementItem["status"],
    county: row.county,
    priceFen: row.amountMinFen,
    transformationListYear: row.transformationListYear,
  };
}

function facetsOf(result: BrowseResult) {
  return Object.fromEntries(Object.entries(result.facets).map(([name, values]) => [name, values.map(({ value, count, label }) => ({ value, count, label }))]));
}

export interface ApiListingOptions {
  locale: Locale;
  origin: string;
  now?: Date;
}

/** One page of published needs for GET /api/v1/needs. */
export async function apiNeeds(db: Db, search: Search, q: ApiNeedsQuery, options: ApiListingOptions) {
  const pageSize = q.pageSize ?? API_DEFAULT_PAGE_SIZE;
  const result = await browseListings(db, search, "need", toBrowseQuery(q), options.locale, { now: options.now, pageSize });
  return {
    total: result.total,
    page: result.page,
    pageSize,
    pages: result.pages,
    items: result.items.map((row) => needItem(row, options.origin)),
    facets: facetsOf(result),
  };
}

/** One page of published achievements for GET /api/v1/achievements. */
export async function apiAchievements(db: Db, search: Search, q: ApiAchievementsQuery, options: ApiListingOptions) {
  const pageSize = q.pageSize ?? API_DEFAULT_PAGE_SIZE;
  const result = await browseListings(db, search, "achievement", toBrowseQuery(q), options.locale, { now: options.now, pageSize });
  return {
    total: result.total,
    page: result.page,
    pageSize,
    pages: result.pages,
    items: result.items.map((row) => achievementItem(row, options.origin)),
    facets: facetsOf(result),
  };
}
