import { inArray } from "drizzle-orm";
import { achievements, needs } from "../../../db/schema";
import { browseQuerySchema, searchParamsToObject, type BrowseQuery } from "../../schemas/browse";
import { browseListings, type BrowseResult } from "../browse.server";
import { chainOptions, listPublicBrokers } from "../brokers.server";
import type { ListingKind } from "../listings.server";
import { getSearch } from "../search.server";
import type { ExportContext, ListExport } from "./context";
import { exportBaseName, sheet, type ExportColumn } from "./table";

// The public list pages as files: every page of the same search, in the page's order, with
// exactly what a card shows publicly (no contact fields).

type Item = BrowseResult["items"][number];

/** The page's query, read by the page's own schema, and every page of its results in order. */
export async function allBrowseItems(ctx: ExportContext, kind: ListingKind, transformationList = false): Promise<{ query: BrowseQuery; items: Item[] }> {
  const query = browseQuerySchema.parse(searchParamsToObject(ctx.params));
  const items: Item[] = [];
  for (let page = 1; page <= 1000; page++) {
    const data = await browseListings(ctx.db, getSearch(), kind, { ...query, page }, ctx.locale, { now: ctx.now, transformationList });
    items.push(...data.items);
    if (page >= data.pages) break;
  }
  return { query, items };
}

/** The filters a file name mentions: the search text, then each filter's values. */
export function browseFilterNames(q: BrowseQuery): string[] {
  const parts = [q.q ?? ""];
  for (const key of ["year", "countyCode", "industryChainId", "techField", "mode", "stage", "priceBand", "status"] as const) {
    if (q[key].length) parts.push(q[key].join("+"));
  }
  return parts.filter(Boolean);
}

const list = (ctx: ExportContext, prefix: string, codes: readonly string[]) =>
  codes.map((c) => ctx.t(`${prefix}.${c}`)).join(ctx.locale === "en" ? ", " : "、");

function itemColumns(ctx: ExportContext, kind: ListingKind): ExportColumn<Item>[] {
  const t = ctx.t;
  const need = kind === "need";
  const cols: ExportColumn<Item>[] = [
    { key: "id", heading: t("export.col.id"), kind: "int", value: (r) => r.id },
    { key: "title", heading: t(need ? "export.col.needTitle" : "export.col.achievementTitle"), width: 40, value: (r) => r.title },
    { key: "org", heading: t(need ? "export.col.needOrg" : "export.col.achievementOrg"), width: 30, value: (r) => r.org },
    { key: "county", heading: t("export.col.county"), value: (r) => r.county },
    { key: "chain", heading: t("export.col.chain"), value: (r) => r.chain },
    { key: "field", heading: t("export.col.field"), value: (r) => r.field },
    { key: "stage", heading: t("export.col.stage"), value: (r) => t(`stage.${r.stage}`) },
    { key: "modes", heading: t(need ? "export.col.cooperation" : "export.col.transferModes"), width: 24, value: (r) => list(ctx, "mode", r.modes) },
  ];
  if (need) {
    cols.push(
      { key: "budgetMin", heading: t("export.col.budgetMinWan"), kind: "wan", value: (r) => r.amountMinFen },
      { key: "budgetMax", heading: t("export.col.budgetMaxWan"), kind: "wan", value: (r) => r.amountMaxFen },
      { key: "deadline", heading: t("export.col.deadline"), kind: "date", value: (r) => r.deadline },
    );
  } else {
    cols.push(
      { key: "price", heading: t("export.col.priceWan"), kind: "wan", value: (r) => r.amountMinFen },
      { key: "listYear", heading: t("export.col.listYear"), kind: "int", value: (r) => r.transformationListYear },
    );
  }
  cols.push({ key: "status", heading: t("export.col.status"), value: (r) => t(`status.${r.status}`) });
  return cols;
}

function browseExport(kind: ListingKind, fileKey: string, transformationList = false): ListExport {
  return {
    admin: false,
    async build(ctx) {
      const { query, items } = await allBrowseItems(ctx, kind, transformationList);
      const name = ctx.t(fileKey);
      return { baseName: exportBaseName(name, browseFilterNames(query), ctx.now), sheets: [sheet({ name, columns: itemColumns(ctx, kind), rows: items })] };
    },
  };
}

export const needsExport = browseExport("need", "export.file.needs");
export const achievementsExport = browseExport("achievement", "export.file.achievements");
export const transformationListExport = browseExport("achievement", "export.file.transformationList", true);

type Broker = ReturnType<typeof listPublicBrokers>[number];

export const brokersExport: ListExport = {
  admin: false,
  build(ctx) {
    const chain = ctx.params.get("chain")?.slice(0, 40) || undefined;
    const rows = listPublicBrokers(ctx.db, { chain }, ctx.now);
    const t = ctx.t;
    const columns: ExportColumn<Broker>[] = [
      { key: "name", heading: t("export.col.brokerName"), value: (r) => r.name },
      { key: "org", heading: t("export.col.org"), width: 30, value: (r) => (ctx.locale === "en" ? (r.orgNameEn ?? r.orgName) : r.orgName) },
      { key: "grade", heading: t("export.col.grade"), value: (r) => t(`broker.grade.${r.grade}`) },
      { key: "chains", heading: t("export.col.chains"), width: 30, value: (r) => chainNames(ctx, r.chains as string[]) },
      { key: "deals", heading: t("export.col.dealsClosed"), kind: "int", value: (r) => r.dealsClosed },
      { key: "value", heading: t("export.col.registeredValueYuan"), kind: "yuan", value: (r) => r.registeredValueFen },
    ];
    const name = t("export.file.brokers");
    return { baseName: exportBaseName(name, [chain], ctx.now), sheets: [sheet({ name, columns, rows })] };
  },
};

function chainNames(ctx: ExportContext, ids: string[]): string {
  const names = new Map(chainOptions(ctx.db).map((c) => [c.id, ctx.locale === "en" ? c.nameEn : c.nameZh]));
  return ids.map((id) => names.get(id) ?? id).join(ctx.locale === "en" ? ", " : "、");
}

/** Descriptions and contacts of listings by id, for the Bureau's template layout. */
export function listingDetails(ctx: ExportContext, kind: ListingKind, ids: number[]) {
  const table = kind === "need" ? needs : achievements;
  const out = new Map<number, { text: string; contactName: string; contactPhone: string }>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = ctx.db
      .select({
        id: table.id,
        text: kind === "need" ? needs.description : achievements.summary,
        contactName: table.contactName,
        contactPhone: table.contactPhone,
      })
      .from(table)
      .where(inArray(table.id, chunk))
      .all();
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}
