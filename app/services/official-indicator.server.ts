import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { policyTargets } from "../../db/schema";
import { closedYear } from "./closed-years.server";
import { cachedByVersion } from "./data-versions.server";
import { flaggedFigures } from "./padding-flag-list.server";
import { challengeIndicators, type ChallengeIndicators } from "./indicators/challenges.server";
import { scenarioIndicators, type ScenarioIndicators } from "./indicators/scenarios.server";
import { contractTotals, COUNTED_RECORD_CONDITION, indicatorSetting, type IndicatorSetting } from "./indicator.server";

// The official figure as data: what the API (/api/v1/indicators) and `npm run -s indicator`
// print, one object with the same keys in the same order, every amount an integer in fen.

export interface OfficialIndicator extends ChallengeIndicators, ScenarioIndicators {
  year: number;
  targetFen: number | null;
  contractAmountFen: number;
  outputAmountFen: number;
  outputTechnologyAmountFen: number;
  absorbedAmountFen: number;
  absorbedTechnologyAmountFen: number;
  localAmountFen: number;
  localTechnologyAmountFen: number;
  registeredContracts: number;
  offPlatformAmountFen: number;
  flaggedAmountFen: number;
  flaggedContracts: number;
  closed: boolean;
  closedContractAmountFen: number | null;
}

const LULIANG = "1411";

function seriesWhere(setting: IndicatorSetting, alias: string): string {
  const s = `substr(${alias}.seller_division, 1, 4) = '${LULIANG}'`;
  const b = `substr(${alias}.buyer_division, 1, 4) = '${LULIANG}'`;
  return setting.series === "output" ? s : setting.series === "absorbed" ? b : `${s} AND ${b}`;
}

function amountColumn(setting: IndicatorSetting, alias: string): string {
  return `${alias}.${setting.amount === "tech" ? "tech_value_fen" : "contract_value_fen"}`;
}

/** The target's series and amount over counted off-platform national records of `year`. */
function offPlatformFen(db: Db, setting: IndicatorSetting, year: number): number {
  const text = `SELECT COALESCE(SUM(${amountColumn(setting, "r")}), 0) FROM national_records r
    WHERE ${COUNTED_RECORD_CONDITION} AND r.registration_year = ? AND ${seriesWhere(setting, "r")}`;
  return Number(db.$client.prepare(text).pluck().get(year));
}

function computeOfficial(db: Db, year: number): Omit<OfficialIndicator, keyof ChallengeIndicators | keyof ScenarioIndicators> {
  const setting = indicatorSetting(db);
  const totals = contractTotals(db, year);
  const pick = (a: { contractFen: number; techFen: number }) => (setting.amount === "tech" ? a.techFen : a.contractFen);
  const target = db
    .select({ value: policyTargets.targetValue })
    .from(policyTargets)
    .where(and(eq(policyTargets.indicator, "contract_amount_fen"), eq(policyTargets.year, year)))
    .get();
  const flagged = flaggedFigures(db, year);
  const closed = closedYear(db, year);
  const frozen = closed ? (closed.figures as Record<string, { contractFen: number; techFen: number } | undefined>)[setting.series] : undefined;
  return {
    year,
    targetFen: target ? target.value : null,
    contractAmountFen: pick(totals[setting.series]),
    outputAmountFen: totals.output.contractFen,
    outputTechnologyAmountFen: totals.output.techFen,
    absorbedAmountFen: totals.absorbed.contractFen,
    absorbedTechnologyAmountFen: totals.absorbed.techFen,
    localAmountFen: totals.local.contractFen,
    localTechnologyAmountFen: totals.local.techFen,
    registeredContracts: totals[setting.series].count,
    offPlatformAmountFen: offPlatformFen(db, setting, year),
    flaggedAmountFen: flagged.flaggedAmountFen,
    flaggedContracts: flagged.flaggedContracts,
    closed: closed !== null,
    closedContractAmountFen: closed ? (frozen ? pick(frozen) : 0) : null,
  };
}

/**
 * The official figure of `year`, kept until a contract, a closing or the policy changes, with
 * the challenges' and the scenario list's figures (read fresh: what is open changes with the date).
 */
export function officialIndicator(db: Db, year: number, now: Date = new Date()): OfficialIndicator {
  return {
    ...cachedByVersion(db, ["contracts", "policy"], `official-indicator:${year}`, () => computeOfficial(db, year)),
    ...challengeIndicators(db, year, now),
    ...scenarioIndicators(db, year, now),
  };
}

/** The one serialisation the API and the command line share, so their bytes are the same. */
export function officialIndicatorJson(db: Db, year: number): string {
  return JSON.stringify(officialIndicator(db, year));
}
