import { asc } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { counties } from "../../../db/schema";
import { cachedByVersion } from "../data-versions.server";
import { indicatorSetting, indicatorYears, type IndicatorSetting } from "../indicator.server";
import { officialIndicator, type OfficialIndicator } from "../official-indicator.server";
import { targetProgress, type TargetProgress } from "../target-progress.server";
import { computeContractFigures, type ContractFigures } from "./contract-figures.server";
import { computeNeedFunnel, publishedNeedsCount, type FunnelRow } from "./funnel.server";
import { checkedCounty } from "./sql.server";
import { contractTrend, listingTrends, type IndicatorTrend } from "./trends.server";

// What the Bureau's dashboard and the public indicator page show, each computed once per change
// of the figures it rests on (contracts, listings, brokers, policy) and year and county.

const DEPENDS = ["contracts", "listings", "brokers", "policy"] as const;

export interface CountyOption {
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface DashboardData {
  year: number;
  county: string | null;
  years: number[];
  counties: CountyOption[];
  setting: IndicatorSetting;
  /** City-wide: targets are set for the city. */
  targets: TargetProgress[];
  trends: IndicatorTrend[];
  figures: ContractFigures;
  funnel: FunnelRow[];
}

export function countyOptions(db: Db): CountyOption[] {
  return db
    .select({ code: counties.code, nameZh: counties.nameZh, nameEn: counties.nameEn })
    .from(counties)
    .orderBy(asc(counties.sort), asc(counties.code))
    .all();
}

/** The contract amount's breakdowns of `year` (for `county`), cached; without brokers for the public page. */
export function contractFigures(db: Db, year: number, county: string | null = null, brokers = true): ContractFigures {
  const c = checkedCounty(county);
  return cachedByVersion(db, ["contracts"], `indicators:contract-figures:${year}:${c ?? ""}:${brokers}`, () =>
    computeContractFigures(db, year, c, { brokers }),
  );
}

/** The needs funnel of `year` (for `county`), cached. */
export function needFunnel(db: Db, year: number, county: string | null = null): FunnelRow[] {
  const c = checkedCounty(county);
  return cachedByVersion(db, DEPENDS, `indicators:funnel:${year}:${c ?? ""}`, () => computeNeedFunnel(db, year, c));
}

/**
 * Every indicator's trend by month of `year` and by year (for `county` where it applies), cached.
 * The listings' and brokers' trends are counted again only when a listing or a broker changes: a
 * registered contract moves the contract amount's trend alone.
 */
export function indicatorTrends(db: Db, year: number, county: string | null = null): IndicatorTrend[] {
  const c = checkedCounty(county);
  return cachedByVersion(db, DEPENDS, `indicators:trends:${year}:${c ?? ""}`, () => [
    contractTrend(db, contractFigures(db, year, c)),
    ...cachedByVersion(db, ["listings", "brokers"], `indicators:listing-trends:${year}:${c ?? ""}`, () => listingTrends(db, year, c)),
  ]);
}

/** Everything the dashboard shows for `year` and `county` (null: the whole city). */
export function dashboardData(db: Db, year: number, county: string | null = null): DashboardData {
  const c = checkedCounty(county);
  return cachedByVersion(db, DEPENDS, `indicators:dashboard:${year}:${c ?? ""}`, () => {
    const years = new Set(indicatorYears(db));
    years.add(year);
    return {
      year,
      county: c,
      years: [...years].sort((a, b) => b - a),
      counties: countyOptions(db),
      setting: indicatorSetting(db),
      targets: targetProgress(db, year),
      trends: indicatorTrends(db, year, c),
      figures: contractFigures(db, year, c),
      funnel: needFunnel(db, year, c),
    };
  });
}

export interface PublicRow {
  key: string;
  labelZh: string;
  labelEn: string;
  valueFen: number;
  count: number;
}

export interface PublicIndicators {
  year: number;
  years: number[];
  setting: IndicatorSetting;
  /** The official figure, exactly as /api/v1/indicators serves it. */
  official: OfficialIndicator;
  targets: TargetProgress[];
  /** In the target's series and amount. */
  byMonth: PublicRow[];
  byYear: PublicRow[];
  byType: PublicRow[];
  byField: PublicRow[];
  byChain: PublicRow[];
  byCounty: PublicRow[];
  /** Certified brokers of the programme: a count, never names. */
  brokerCount: number;
  publishedNeeds: number;
}

/** The public indicator page's figures for `year`: no person is named anywhere in it. */
export function publicIndicators(db: Db, year: number): PublicIndicators {
  return cachedByVersion(db, DEPENDS, `indicators:public:${year}`, () => {
    const setting = indicatorSetting(db);
    const figures = contractFigures(db, year, null, false);
    const pick = (r: { key: string; labelZh: string; labelEn: string; series: ContractFigures["totals"] }): PublicRow => ({
      key: r.key,
      labelZh: r.labelZh,
      labelEn: r.labelEn,
      valueFen: setting.amount === "tech" ? r.series[setting.series].techFen : r.series[setting.series].contractFen,
      count: r.series[setting.series].count,
    });
    const inSeries = (r: PublicRow) => r.count > 0;
    const targets = targetProgress(db, year);
    const years = new Set(indicatorYears(db));
    years.add(year);
    const countySide = setting.series;
    return {
      year,
      years: [...years].sort((a, b) => b - a),
      setting,
      official: officialIndicator(db, year),
      targets,
      byMonth: figures.byMonth.map(pick),
      byYear: figures.byYear.map(pick).filter(inSeries),
      byType: figures.byType.map(pick).filter(inSeries),
      byField: figures.byField.map(pick).filter(inSeries),
      byChain: figures.byChain.map(pick).filter(inSeries),
      byCounty: figures.byCounty[countySide].map((r) => ({
        key: r.key,
        labelZh: r.labelZh,
        labelEn: r.labelEn,
        valueFen: setting.amount === "tech" ? r.amounts.techFen : r.amounts.contractFen,
        count: r.amounts.count,
      })),
      brokerCount: targets.find((t) => t.indicator === "brokers_trained")?.current ?? 0,
      publishedNeeds: cachedByVersion(db, ["listings"], `indicators:published-needs:${year}`, () => publishedNeedsCount(db, year)),
    };
  });
}
