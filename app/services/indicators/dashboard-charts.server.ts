import type { Db } from "../../../db/connection";
import { CONTRACT_TYPES, INDICATOR_SERIES, type IndicatorSeries } from "../../codes";
import type { Locale } from "../../i18n/define";
import { cachedByVersion } from "../data-versions.server";
import { chart, fenToWan, tr, type Chart, type ChartRow } from "./charts.server";
import type { FigureRow } from "./contract-figures.server";
import { dashboardData, publicIndicators, type DashboardData, type PublicRow } from "./dashboard.server";
import { contractListHref, funnelHref, indicatorListHref } from "./links";

// The charts of the dashboard and of the public page, drawn once per change of their figures.

const DEPENDS = ["contracts", "listings", "brokers", "policy"] as const;

export interface TrendCharts {
  indicator: string;
  month: Chart;
  year: Chart;
}

export interface DashboardCharts {
  trends: TrendCharts[];
  breakdowns: Chart[];
  funnel: Chart;
}

const label = (locale: Locale, r: { labelZh: string; labelEn: string }) => (locale === "en" ? r.labelEn : r.labelZh);

async function trendCharts(d: DashboardData, locale: Locale): Promise<TrendCharts[]> {
  return Promise.all(
    d.trends.map(async (t) => {
      const name = tr(locale, `ind.indicator.${t.indicator}`);
      const money = t.indicator === "contract_amount_fen";
      const value = (v: number) => (money ? fenToWan(v) : v);
      const valueLabel = tr(locale, money ? "ind.col.amountWan" : "ind.col.value");
      const countyForLink = t.byCounty ? d.county : null;
      const months: ChartRow[] = t.months.map((v, i) => ({
        label: locale === "en" ? String(i + 1) : `${i + 1}月`,
        value: value(v),
        href: money
          ? contractListHref({ year: d.year, county: d.county, series: d.setting.series, month: i + 1 })
          : indicatorListHref(t.indicator, d.year, countyForLink),
      }));
      const years: ChartRow[] = t.years.map((y) => ({
        label: String(y.year),
        value: value(y.value),
        href: indicatorListHref(t.indicator, y.year, countyForLink, d.setting.series),
      }));
      return {
        indicator: t.indicator,
        month: await chart(`trend-${t.indicator}-month`, "line", tr(locale, "ind.trend.month", { name, year: d.year }), valueLabel, months),
        year: await chart(`trend-${t.indicator}-year`, "bar", tr(locale, "ind.trend.year", { name }), valueLabel, years),
      };
    }),
  );
}

function pickFen(d: DashboardData, r: FigureRow): number {
  const a = r.series[d.setting.series];
  return d.setting.amount === "tech" ? a.techFen : a.contractFen;
}

async function breakdownCharts(d: DashboardData, locale: Locale): Promise<Chart[]> {
  const series = tr(locale, `stats.series.${d.setting.series}`);
  const title = (by: string) => tr(locale, "ind.breakdown", { by: tr(locale, `ind.by.${by}`), year: d.year, series });
  const valueLabel = tr(locale, "ind.col.amountWan");
  const base = { year: d.year, county: d.county, series: d.setting.series };
  const rowsOf = (list: FigureRow[], link: (r: FigureRow) => string) =>
    list.filter((r) => r.series[d.setting.series].count > 0).map((r) => ({ label: label(locale, r), value: fenToWan(pickFen(d, r)), href: link(r) }));
  const typeOrder = (r: FigureRow) => CONTRACT_TYPES.indexOf(r.key as (typeof CONTRACT_TYPES)[number]);
  const byType = [...d.figures.byType].sort((a, b) => typeOrder(a) - typeOrder(b));
  const typeRows = rowsOf(byType, (r) => contractListHref({ ...base, type: r.key })).map((row, i) => ({
    ...row,
    label: tr(locale, `contract.type.${byType.filter((r) => r.series[d.setting.series].count > 0)[i]!.key}`),
  }));
  const countyRows = d.figures.byCounty[d.setting.series].map((r) => ({
    label: label(locale, r),
    value: fenToWan(d.setting.amount === "tech" ? r.amounts.techFen : r.amounts.contractFen),
    href: contractListHref({ ...base, county: r.key }),
  }));
  const seriesRows = INDICATOR_SERIES.map((s: IndicatorSeries) => ({
    label: tr(locale, `stats.series.${s}`),
    value: fenToWan(d.setting.amount === "tech" ? d.figures.totals[s].techFen : d.figures.totals[s].contractFen),
    href: contractListHref({ year: d.year, county: d.county, series: s }),
  }));
  const byBroker = [...d.figures.byBroker].sort((a, b) => pickFen(d, b) - pickFen(d, a)).slice(0, 20);
  return Promise.all([
    chart("by-series", "bar", title("series"), valueLabel, seriesRows),
    chart("by-type", "hbar", title("type"), valueLabel, typeRows),
    chart("by-county", "hbar", title("county"), valueLabel, countyRows),
    chart(
      "by-chain",
      "hbar",
      title("chain"),
      valueLabel,
      rowsOf(d.figures.byChain, (r) => contractListHref({ ...base, chain: r.key || "none" })),
    ),
    chart(
      "by-field",
      "hbar",
      title("field"),
      valueLabel,
      rowsOf(d.figures.byField, (r) => contractListHref({ ...base, field: r.key })),
    ),
    chart(
      "by-broker",
      "hbar",
      title("broker"),
      valueLabel,
      rowsOf(byBroker, (r) => contractListHref({ ...base, broker: r.key })),
    ),
  ]);
}

function funnelChart(d: DashboardData, locale: Locale): Promise<Chart> {
  const rows = d.funnel.map((f) => ({
    label: tr(locale, `ind.step.${f.step}`),
    value: f.count,
    href: funnelHref(d.year, d.county, f.step),
    medianDays: f.medianDays,
  }));
  return chart("funnel", "funnel", tr(locale, "ind.funnel", { year: d.year }), tr(locale, "ind.col.needs"), rows);
}

/** The dashboard's figures and charts for `year`, `county`, in `locale`. */
export function dashboardView(db: Db, year: number, county: string | null, locale: Locale): Promise<{ data: DashboardData; charts: DashboardCharts }> {
  const data = dashboardData(db, year, county);
  return cachedByVersion(db, DEPENDS, `indicators:dashboard-view:${year}:${county ?? ""}:${locale}`, async () => {
    const [trends, breakdowns, funnel] = await Promise.all([trendCharts(data, locale), breakdownCharts(data, locale), funnelChart(data, locale)]);
    return { data, charts: { trends, breakdowns, funnel } };
  });
}

export interface PublicCharts {
  month: Chart;
  year: Chart;
  byType: Chart;
  byCounty: Chart;
  byField: Chart;
  byChain: Chart;
}

/** The public page's figures and charts for `year` in `locale`: no links into the Bureau's pages, no names of people. */
export function publicView(db: Db, year: number, locale: Locale) {
  const data = publicIndicators(db, year);
  return cachedByVersion(db, DEPENDS, `indicators:public-view:${year}:${locale}`, async () => {
    const series = tr(locale, `stats.series.${data.setting.series}`);
    const valueLabel = tr(locale, "ind.col.amountWan");
    const name = tr(locale, "ind.indicator.contract_amount_fen");
    const rowsOf = (list: PublicRow[], lab: (r: PublicRow) => string = (r) => label(locale, r)) =>
      list.map((r) => ({ label: lab(r), value: fenToWan(r.valueFen) }));
    const title = (by: string) => tr(locale, "ind.breakdown", { by: tr(locale, `ind.by.${by}`), year, series });
    const [month, yearChart, byType, byCounty, byField, byChain] = await Promise.all([
      chart("month", "line", tr(locale, "ind.trend.month", { name, year }), valueLabel, rowsOf(data.byMonth)),
      chart("year", "bar", tr(locale, "ind.trend.year", { name }), valueLabel, rowsOf(data.byYear)),
      chart(
        "by-type",
        "hbar",
        title("type"),
        valueLabel,
        rowsOf(data.byType, (r) => tr(locale, `contract.type.${r.key}`)),
      ),
      chart("by-county", "hbar", title("county"), valueLabel, rowsOf(data.byCounty)),
      chart("by-field", "hbar", title("field"), valueLabel, rowsOf(data.byField)),
      chart("by-chain", "hbar", title("chain"), valueLabel, rowsOf(data.byChain)),
    ]);
    const charts: PublicCharts = { month, year: yearChart, byType, byCounty, byField, byChain };
    return { data, charts };
  });
}
