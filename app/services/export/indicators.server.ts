import { dashboardView } from "../indicators/dashboard-charts.server";
import { dashboardFilters } from "../indicators/filters.server";
import type { ChartRow } from "../indicators/charts.server";
import type { FunnelRow } from "../indicators/funnel.server";
import type { TargetProgress } from "../target-progress.server";
import type { ExportContext, ListExport } from "./context";
import { exportBaseName, sheet, type AnySheet, type ExportColumn } from "./table";

// The Bureau's dashboard as a file, with its year and county: the rows of the page's tables, from
// the same computation as the page (the target cards, the contract amount's breakdowns, each
// indicator's months, the needs funnel).

const FEN_PER_WAN = 1_000_000;

function targetSheet(ctx: ExportContext, targets: TargetProgress[]): AnySheet {
  const t = ctx.t;
  const money = (r: TargetProgress) => r.indicator === "contract_amount_fen";
  const amount = (r: TargetProgress, v: number) => (money(r) ? v / FEN_PER_WAN : v);
  const columns: ExportColumn<TargetProgress>[] = [
    { key: "indicator", heading: t("ind.export.col.indicator"), width: 24, value: (r) => t(`ind.indicator.${r.indicator}`) },
    { key: "current", heading: t("ind.current"), kind: "number", value: (r) => (r.current === null ? t("ind.notTracked") : amount(r, r.current)) },
    { key: "target", heading: t("ind.target"), kind: "number", value: (r) => (r.target ? amount(r, r.target.value) : null) },
    { key: "unit", heading: t("ind.export.col.unit"), value: (r) => (money(r) ? t("ind.export.unit.wan") : (r.target?.unit ?? null)) },
    { key: "share", heading: t("ind.export.col.sharePct"), kind: "number", value: (r) => (r.share === null ? null : Math.round(r.share * 1000) / 10) },
    { key: "deadline", heading: t("ind.deadline"), kind: "date", value: (r) => r.target?.deadline ?? null },
    { key: "source", heading: t("ind.source"), width: 36, value: (r) => r.target?.source ?? null },
  ];
  return sheet({ name: t("ind.export.sheet.targets"), columns, rows: targets });
}

type BreakdownRow = ChartRow & { breakdown: string };

function amountSheet(ctx: ExportContext, charts: { title: string; rows: ChartRow[] }[]): AnySheet {
  const t = ctx.t;
  const rows: BreakdownRow[] = charts.flatMap((c) => c.rows.map((r) => ({ ...r, breakdown: c.title })));
  const columns: ExportColumn<BreakdownRow>[] = [
    { key: "breakdown", heading: t("ind.export.col.breakdown"), width: 36, value: (r) => r.breakdown },
    { key: "name", heading: t("ind.col.name"), width: 28, value: (r) => r.label },
    { key: "amount", heading: t("ind.col.amountWan"), kind: "number", width: 16, value: (r) => r.value },
  ];
  return sheet({ name: t("ind.export.sheet.amount"), columns, rows });
}

type MonthRow = { label: string; values: Record<string, number> };

function trendSheet(ctx: ExportContext, trends: { indicator: string; month: { rows: ChartRow[] } }[]): AnySheet {
  const t = ctx.t;
  const rows: MonthRow[] = (trends[0]?.month.rows ?? []).map((r, i) => ({
    label: r.label,
    values: Object.fromEntries(trends.map((tc) => [tc.indicator, tc.month.rows[i]!.value])),
  }));
  const columns: ExportColumn<MonthRow>[] = [
    { key: "month", heading: t("ind.col.month"), value: (r) => r.label },
    ...trends.map((tc): ExportColumn<MonthRow> => ({
      key: tc.indicator,
      heading:
        tc.indicator === "contract_amount_fen" ? `${t(`ind.indicator.${tc.indicator}`)}（${t("ind.export.unit.wan")}）` : t(`ind.indicator.${tc.indicator}`),
      kind: "number",
      width: 18,
      value: (r) => r.values[tc.indicator],
    })),
  ];
  return sheet({ name: t("ind.export.sheet.trends"), columns, rows });
}

function funnelSheet(ctx: ExportContext, funnel: FunnelRow[]): AnySheet {
  const t = ctx.t;
  const columns: ExportColumn<FunnelRow>[] = [
    { key: "step", heading: t("ind.col.step"), value: (r) => t(`ind.step.${r.step}`) },
    { key: "count", heading: t("ind.col.needs"), kind: "int", value: (r) => r.count },
    { key: "median", heading: t("ind.col.medianDays"), kind: "number", width: 24, value: (r) => r.medianDays },
  ];
  return sheet({ name: t("ind.export.sheet.funnel"), columns, rows: funnel });
}

/** The dashboard of ?year= and ?county=: four sheets, the Bureau's only. */
export const indicatorsExport: ListExport = {
  admin: true,
  async build(ctx) {
    const { year, county } = dashboardFilters(ctx.params, ctx.now);
    const { data, charts } = await dashboardView(ctx.db, year, county, ctx.locale);
    const countyName = data.counties.find((c) => c.code === data.county);
    const sheets = [targetSheet(ctx, data.targets), amountSheet(ctx, charts.breakdowns), trendSheet(ctx, charts.trends), funnelSheet(ctx, data.funnel)];
    const place = countyName ? (ctx.locale === "en" ? countyName.nameEn : countyName.nameZh) : null;
    return { baseName: exportBaseName(ctx.t("ind.export.file"), [String(year), place], ctx.now), sheets };
  },
};
