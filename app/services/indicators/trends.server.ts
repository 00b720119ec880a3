import type { Db } from "../../../db/connection";
import type { PolicyIndicator } from "../../codes";
import { indicatorSetting } from "../indicator.server";
import type { ContractFigures } from "./contract-figures.server";
import { beijingMonth, beijingYear, checkedCounty, exact, rows } from "./sql.server";

// Each policy indicator's values by month within a year and by year over the years with data,
// counted the way targetProgress counts the indicator: the contract amount by the month it
// entered the figure, the needs list and the transformation list by the month of publication,
// achievements by publication, brokers by the month of the certification decision, enterprise
// needs by the month they were sent in. Brokers have no county; the other indicators take one.

export interface YearValue {
  year: number;
  value: number;
}

export interface IndicatorTrend {
  indicator: PolicyIndicator;
  /** Values for months 1-12 of the year. */
  months: number[];
  years: YearValue[];
  /** Whether the county filter applies to this indicator. */
  byCounty: boolean;
}

interface CountSource {
  /** The table and its conditions, with `{county}` where the county filter goes. */
  from: string;
  monthOf: string;
  yearOf: string;
  county: string | null;
}

const SOURCES: Partial<Record<PolicyIndicator, CountSource>> = {
  needs_list: {
    from: "needs WHERE status IN ('published', 'matched', 'closed') AND list_year IS NOT NULL",
    monthOf: beijingMonth("published_at"),
    yearOf: "list_year",
    county: "county_code",
  },
  transformation_list: {
    from: "achievements WHERE status IN ('published', 'transferred') AND transformation_list_year IS NOT NULL",
    monthOf: beijingMonth("published_at"),
    yearOf: "transformation_list_year",
    county: "county_code",
  },
  achievements_published: {
    from: "achievements WHERE status IN ('published', 'transferred') AND published_at IS NOT NULL",
    monthOf: beijingMonth("published_at"),
    yearOf: beijingYear("published_at"),
    county: "county_code",
  },
  enterprise_needs_collected: {
    from: "needs WHERE submitted_at IS NOT NULL",
    monthOf: beijingMonth("submitted_at"),
    yearOf: beijingYear("submitted_at"),
    county: "county_code",
  },
};

function countTrend(db: Db, indicator: PolicyIndicator, source: CountSource, year: number, county: string | null): IndicatorTrend {
  const countyWhere = county !== null && source.county ? ` AND ${source.county} = '${county}'` : "";
  const months = Array.from({ length: 12 }, () => 0);
  for (const r of rows(db, `SELECT ${source.monthOf} AS m, count(*) AS n FROM ${source.from}${countyWhere} AND ${source.yearOf} = ? GROUP BY m`, [year])) {
    const m = exact(r.m);
    if (m >= 1 && m <= 12) months[m - 1] = exact(r.n);
  }
  const years = rows(db, `SELECT ${source.yearOf} AS y, count(*) AS n FROM ${source.from}${countyWhere} GROUP BY y ORDER BY y`).map((r) => ({
    year: exact(r.y),
    value: exact(r.n),
  }));
  return { indicator, months, years, byCounty: source.county !== null };
}

/** Brokers the programme trained: certified (or since suspended) brokers of the cohorts up to each year. */
function brokerTrend(db: Db, year: number): IndicatorTrend {
  const base = "FROM brokers WHERE status IN ('certified', 'suspended') AND cohort IS NOT NULL";
  const months = Array.from({ length: 12 }, () => 0);
  const monthly = `SELECT ${beijingMonth("decided_at")} AS m, count(*) AS n ${base} AND CAST(substr(cohort, 1, 4) AS INTEGER) <= ? AND decided_at IS NOT NULL AND ${beijingYear("decided_at")} = ? GROUP BY m`;
  for (const r of rows(db, monthly, [year, year])) {
    const m = exact(r.m);
    if (m >= 1 && m <= 12) months[m - 1] = exact(r.n);
  }
  let running = 0;
  const years = rows(db, `SELECT CAST(substr(cohort, 1, 4) AS INTEGER) AS y, count(*) AS n ${base} GROUP BY y ORDER BY y`).map((r) => {
    running += exact(r.n);
    return { year: exact(r.y), value: running };
  });
  return { indicator: "brokers_trained", months, years, byCounty: false };
}

/** The contract amount's trend in the target's series and amount, from the figures already computed. */
export function contractTrend(db: Db, figures: ContractFigures): IndicatorTrend {
  const setting = indicatorSetting(db);
  const pick = (s: ContractFigures["totals"]) => (setting.amount === "tech" ? s[setting.series].techFen : s[setting.series].contractFen);
  return {
    indicator: "contract_amount_fen",
    months: figures.byMonth.map((r) => pick(r.series)),
    years: figures.byYear.map((r) => ({ year: Number(r.key), value: pick(r.series) })),
    byCounty: true,
  };
}

/** The trend of every indicator the platform tracks except the contract amount (see contractTrend); scenarios are not tracked. */
export function listingTrends(db: Db, year: number, countyInput: string | null = null): IndicatorTrend[] {
  const county = checkedCounty(countyInput);
  const out: IndicatorTrend[] = [];
  for (const [indicator, source] of Object.entries(SOURCES) as [PolicyIndicator, CountSource][]) out.push(countTrend(db, indicator, source, year, county));
  out.push(brokerTrend(db, year));
  return out;
}
