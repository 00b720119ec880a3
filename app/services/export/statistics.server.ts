import { INDICATOR_SERIES } from "../../codes";
import { yearInShanghai } from "../../i18n/format";
import { statisticsYearQuery } from "../../schemas/index.server";
import { computeContractIndicator, type BreakdownRow, type SeriesAmounts, type SeriesRow } from "../indicator.server";
import type { ExportContext, ListExport } from "./context";
import { exportBaseName, sheet, type AnySheet, type ExportColumn } from "./table";

// The statistics page's tables, one sheet each, amounts in 万元 (named in every heading): by year,
// type, county (one block per series), industry chain and broker, with the page's totals rows.

type Line = { label: string; series: SeriesAmounts };

function seriesColumns(ctx: ExportContext, head: string): ExportColumn<Line>[] {
  const t = ctx.t;
  const cols: ExportColumn<Line>[] = [{ key: "label", heading: head, width: 24, value: (r) => r.label }];
  for (const s of INDICATOR_SERIES) {
    const name = t(`stats.series.${s}`);
    cols.push(
      { key: `${s}_c`, heading: `${name} ${t("export.col.contractWan")}`, kind: "wan", value: (r) => r.series[s].contractFen },
      { key: `${s}_t`, heading: `${name} ${t("export.col.techWan")}`, kind: "wan", value: (r) => r.series[s].techFen },
      { key: `${s}_n`, heading: `${name} ${t("export.col.count")}`, kind: "int", value: (r) => r.series[s].count },
    );
  }
  return cols;
}

type CountyLine = SeriesRow & { series: string; label: string };

export const statisticsExport: ListExport = {
  admin: true,
  refusal: "notFound",
  build(ctx) {
    const t = ctx.t;
    const asked = statisticsYearQuery.parse(ctx.params.get("year") ?? undefined);
    const year = asked === "all" ? null : (asked ?? yearInShanghai(ctx.now));
    const ind = computeContractIndicator(ctx.db, { year });
    const label = (r: BreakdownRow) => (ctx.locale === "en" ? r.labelEn : r.labelZh);
    const total: Line = { label: t("stats.total"), series: ind.totals };
    const lines = (rows: BreakdownRow[], name: (r: BreakdownRow) => string = label, withTotal = true): Line[] => [
      ...rows.map((r) => ({ label: name(r), series: r.series })),
      ...(withTotal && rows.length ? [total] : []),
    ];
    const countyRows: CountyLine[] = INDICATOR_SERIES.flatMap((s) =>
      ind.byCounty[s].map((r) => ({ ...r, series: t(`stats.series.${s}`), label: ctx.locale === "en" ? r.labelEn : r.labelZh })),
    );
    const countyColumns: ExportColumn<CountyLine>[] = [
      { key: "series", heading: t("export.col.series"), value: (r) => r.series },
      { key: "county", heading: t("export.col.county"), width: 20, value: (r) => r.label },
      { key: "contract", heading: t("export.col.contractWan"), kind: "wan", value: (r) => r.amounts.contractFen },
      { key: "tech", heading: t("export.col.techWan"), kind: "wan", value: (r) => r.amounts.techFen },
      { key: "count", heading: t("export.col.count"), kind: "int", value: (r) => r.amounts.count },
    ];
    const sheets: AnySheet[] = [
      sheet({ name: t("stats.byYear"), columns: seriesColumns(ctx, t("export.col.year")), rows: lines(ind.byYear, label, false) }),
      sheet({ name: t("stats.byType"), columns: seriesColumns(ctx, t("export.col.type")), rows: lines(ind.byType, (r) => t(`contract.type.${r.key}`)) }),
      sheet({ name: t("stats.byCounty"), columns: countyColumns, rows: countyRows }),
      sheet({ name: t("stats.byChain"), columns: seriesColumns(ctx, t("export.col.chain")), rows: lines(ind.byChain) }),
      sheet({ name: t("stats.byBroker"), columns: seriesColumns(ctx, t("export.col.broker")), rows: lines(ind.byBroker) }),
    ];
    return { baseName: exportBaseName(t("export.file.statistics"), [year === null ? t("export.allYears") : String(year)], ctx.now), sheets };
  },
};
