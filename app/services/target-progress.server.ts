import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { policyTargets } from "../../db/schema";
import { POLICY_INDICATORS, type PolicyIndicator } from "../codes";
import { transformationListProgress } from "./achievements.server";
import { cachedByVersion, type DataName } from "./data-versions.server";
import { indicatorSetting } from "./indicator.server";
import type { MonthEnd } from "./indicators/month-end.server";
import { rollupTotals } from "./indicators/rollup.server";
import { beijingYear } from "./indicators/sql.server";
import { scenarioIndicators } from "./indicators/scenarios.server";
import { needsListProgress } from "./needs.server";
import { officialIndicator } from "./official-indicator.server";

// Every policy target of a year beside the platform's current value for it: the one reading of
// "how far are we" that the Bureau's dashboard, the public indicator page and the monthly report
// share, so they never disagree.

export interface TargetSetting {
  value: number;
  unit: string;
  source: string;
  deadline: string | null;
}

export interface TargetProgress {
  indicator: PolicyIndicator;
  year: number;
  target: TargetSetting | null;
  /** The platform's value now; null where the platform does not track the indicator yet. */
  current: number | null;
  /** current / target, unrounded; null without both. */
  share: number | null;
}

const count = (db: Db, text: string, ...params: unknown[]) =>
  Number(
    db.$client
      .prepare(text)
      .pluck()
      .get(...params) ?? 0,
  );

/** The contract amount of the target's 口径 that entered the figure in `year` up to the end of `end`'s month. */
function contractAmountThrough(db: Db, year: number, end: MonthEnd): number {
  const setting = indicatorSetting(db);
  const totals = rollupTotals(db, year, null, end.year === year ? end.month : 12)[setting.series];
  return setting.amount === "tech" ? totals.techFen : totals.contractFen;
}

/** What the platform counts toward each indicator in `year`; with `end`, as it stood at that month's end. */
function currentValue(db: Db, indicator: PolicyIndicator, year: number, end: MonthEnd | null): number | null {
  const before = (column: string) => (end ? `AND ${column} < '${end.cut}'` : "");
  switch (indicator) {
    case "contract_amount_fen":
      return end ? contractAmountThrough(db, year, end) : officialIndicator(db, year).contractAmountFen;
    case "needs_list":
      return needsListProgress(db, year, end?.cut ?? null).done;
    case "transformation_list":
      return transformationListProgress(db, year, end?.cut ?? null).done;
    case "achievements_published":
      return count(
        db,
        `SELECT count(*) FROM achievements WHERE status IN ('published', 'transferred') AND published_at IS NOT NULL AND ${beijingYear("published_at")} = ? ${before("published_at")}`,
        year,
      );
    case "brokers_trained":
      // Brokers of the programme's cohorts up to the year whom the Bureau certified (a lapsed
      // or suspended certificate does not undo the training).
      return count(
        db,
        `SELECT count(*) FROM brokers WHERE status IN ('certified', 'suspended') AND cohort IS NOT NULL AND CAST(substr(cohort, 1, 4) AS INTEGER) <= ? ${before("decided_at")}`,
        year,
      );
    case "enterprise_needs_collected":
      // Needs enterprises sent in for review in the year, whatever became of them.
      return count(db, `SELECT count(*) FROM needs WHERE submitted_at IS NOT NULL AND ${beijingYear("submitted_at")} = ? ${before("submitted_at")}`, year);
    case "scenarios":
      return scenarioIndicators(db, year, new Date(), end?.cut ?? null).scenarios;
  }
}

/** Indicators counted over listings or brokers alone: a registered contract does not count them again. */
const COUNTED_APART: Partial<Record<PolicyIndicator, DataName[]>> = {
  achievements_published: ["listings"],
  enterprise_needs_collected: ["listings"],
  brokers_trained: ["brokers"],
};

function computeTargetProgress(db: Db, year: number, end: MonthEnd | null): TargetProgress[] {
  return POLICY_INDICATORS.map((indicator) => {
    const apart = COUNTED_APART[indicator];
    const row = db
      .select()
      .from(policyTargets)
      .where(and(eq(policyTargets.indicator, indicator), eq(policyTargets.year, year)))
      .get();
    const target = row ? { value: row.targetValue, unit: row.unit, source: row.source, deadline: row.deadline } : null;
    const current = apart
      ? cachedByVersion(db, apart, `target-current:${indicator}:${year}:${end?.cut ?? "now"}`, () => currentValue(db, indicator, year, end))
      : currentValue(db, indicator, year, end);
    const share = target && current !== null && target.value > 0 ? current / target.value : null;
    return { indicator, year, target, current, share };
  });
}

/**
 * Each indicator's target for `year` (or null) and the current value, kept until a figure or a
 * target changes; with `end` (the monthly report of an ended month), the values at that month's end.
 */
export function targetProgress(db: Db, year: number, end: MonthEnd | null = null): TargetProgress[] {
  return cachedByVersion(db, ["contracts", "listings", "brokers", "policy"], `target-progress:${year}:${end?.cut ?? "now"}`, () =>
    computeTargetProgress(db, year, end),
  );
}
