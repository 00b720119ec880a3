import { yearInShanghai } from "../../i18n/format";
import type { ExportContext, ListExport } from "./context";
import { allBrowseItems, browseFilterNames, listingDetails } from "./listings.server";
import { exportBaseName, sheet, type ExportColumn } from "./table";

// The needs list (年度技术需求清单) and the transformation list (科技成果转化清单) in the Bureau's
// template: a title row, the Bureau's headings, one row per item. The headings are the ones the
// Bureau's import templates use, so a file written here reads back through the importer. The
// contact columns are the Bureau's own: only an admin's file has them.

type Row = Awaited<ReturnType<typeof allBrowseItems>>["items"][number] & { no: number; text: string; contactName: string; contactPhone: string };

const join = (ctx: ExportContext, codes: readonly string[]) => codes.map((c) => ctx.t(`mode.${c}`)).join(ctx.locale === "en" ? ", " : "、");

function listYear(ctx: ExportContext): number {
  const years = ctx.params.getAll("year");
  const asked = years.length === 1 ? Number(years[0]) : NaN;
  return Number.isInteger(asked) && asked > 2000 && asked < 3000 ? asked : yearInShanghai(ctx.now);
}

/**
 * The year's list: the page's rows for the same query, narrowed to the list of one year (the
 * query's year, else this year in Beijing). For needs the search's year is the list year; for
 * the transformation list it is the year of publication, so the list year is applied to the rows.
 */
async function bureauRows(ctx: ExportContext, kind: "need" | "achievement") {
  const year = listYear(ctx);
  const params = new URLSearchParams(ctx.params);
  params.delete("year");
  if (kind === "need") params.set("year", String(year));
  const { query, items } = await allBrowseItems({ ...ctx, params }, kind, kind === "achievement");
  const listed = kind === "need" ? items : items.filter((i) => i.transformationListYear === year);
  const details = listingDetails(
    ctx,
    kind,
    listed.map((i) => i.id),
  );
  const rows: Row[] = listed.map((item, i) => {
    const d = details.get(item.id);
    return { ...item, no: i + 1, text: d?.text ?? "", contactName: d?.contactName ?? "", contactPhone: d?.contactPhone ?? "" };
  });
  return { query, rows, year };
}

function contactColumns(ctx: ExportContext): ExportColumn<Row>[] {
  if (ctx.actor?.role !== "admin") return [];
  return [
    { key: "contactName", heading: ctx.t("export.col.contactName"), value: (r) => r.contactName },
    { key: "contactPhone", heading: ctx.t("export.col.contactPhone"), value: (r) => r.contactPhone },
  ];
}

export const needsBureauExport: ListExport = {
  admin: false,
  async build(ctx) {
    const t = ctx.t;
    const { query, rows, year } = await bureauRows(ctx, "need");
    const columns: ExportColumn<Row>[] = [
      { key: "no", heading: t("export.col.no"), kind: "int", width: 6, value: (r) => r.no },
      { key: "title", heading: t("export.col.needTitle"), width: 36, value: (r) => r.title },
      { key: "org", heading: t("export.col.needOrg"), width: 28, value: (r) => r.org },
      { key: "county", heading: t("export.col.county"), value: (r) => r.county },
      { key: "chain", heading: t("export.col.chain"), value: (r) => r.chain },
      { key: "field", heading: t("export.col.field"), value: (r) => r.field },
      { key: "text", heading: t("export.col.needContent"), width: 60, value: (r) => r.text },
      { key: "budget", heading: t("export.col.budgetWan"), kind: "wan", value: (r) => r.amountMaxFen ?? r.amountMinFen },
      { key: "modes", heading: t("export.col.cooperation"), width: 20, value: (r) => join(ctx, r.modes) },
      { key: "deadline", heading: t("export.col.deadline"), kind: "date", value: (r) => r.deadline },
      ...contactColumns(ctx),
    ];
    const name = t("export.file.needsBureau");
    return {
      baseName: exportBaseName(`${year}${name}`, browseFilterNames({ ...query, year: [] }), ctx.now),
      sheets: [sheet({ name, title: t("export.title.needsBureau", { year }), columns, rows })],
    };
  },
};

export const transformationBureauExport: ListExport = {
  admin: false,
  async build(ctx) {
    const t = ctx.t;
    const { query, rows, year } = await bureauRows(ctx, "achievement");
    const columns: ExportColumn<Row>[] = [
      { key: "no", heading: t("export.col.no"), kind: "int", width: 6, value: (r) => r.no },
      { key: "title", heading: t("export.col.achievementTitle"), width: 36, value: (r) => r.title },
      { key: "org", heading: t("export.col.achievementOrg"), width: 28, value: (r) => r.org },
      { key: "county", heading: t("export.col.county"), value: (r) => r.county },
      { key: "chain", heading: t("export.col.chain"), value: (r) => r.chain },
      { key: "field", heading: t("export.col.field"), value: (r) => r.field },
      { key: "text", heading: t("export.col.achievementSummary"), width: 60, value: (r) => r.text },
      { key: "stage", heading: t("export.col.stage"), value: (r) => t(`stage.${r.stage}`) },
      { key: "modes", heading: t("export.col.transferModes"), width: 20, value: (r) => join(ctx, r.modes) },
      { key: "price", heading: t("export.col.priceWan"), kind: "wan", value: (r) => r.amountMinFen },
      { key: "listYear", heading: t("export.col.listYear"), kind: "int", value: (r) => r.transformationListYear },
      ...contactColumns(ctx),
    ];
    const name = t("export.file.transformationBureau");
    return {
      baseName: exportBaseName(`${year}${name}`, browseFilterNames({ ...query, year: [] }), ctx.now),
      sheets: [sheet({ name, title: t("export.title.transformationBureau", { year }), columns, rows })],
    };
  },
};
