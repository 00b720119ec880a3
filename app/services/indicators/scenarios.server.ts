import type { Db } from "../../../db/connection";
import { todayInShanghai } from "../../i18n";
import { DEFAULT_SCENARIO_TARGET } from "../scenarios/views.server";

// The scenario list's figures for the indicators: how many scenarios the year's list holds,
// how many are open today (Beijing date), and the list's target (policy data, 50 a year when
// the Bureau has set none).

export interface ScenarioIndicators {
  /** Scenarios published onto the year's list (those closed since stay on it). */
  scenarios: number;
  /** Published scenarios whose open period includes today, whatever their list year. */
  openScenarios: number;
  /** The year's target for the list. */
  scenarioTarget: number;
}

const LIST_SQL = "SELECT count(*) FROM scenarios WHERE list_year = ? AND status IN ('published', 'closed')";
const OPEN_SQL = "SELECT count(*) FROM scenarios WHERE status = 'published' AND opens_on <= ? AND closes_on >= ?";
const TARGET_SQL = "SELECT target_value FROM policy_targets WHERE indicator = 'scenarios' AND year = ?";

/** The list's figures of `year`; with `before` (an instant: a month's end), the list as it stood then. */
export function scenarioIndicators(db: Db, year: number, now: Date = new Date(), before: string | null = null): ScenarioIndicators {
  const today = todayInShanghai(now);
  const one = (text: string, ...params: unknown[]) =>
    db.$client
      .prepare(text)
      .pluck()
      .get(...params) as number | undefined;
  return {
    scenarios: Number((before ? one(`${LIST_SQL} AND published_at < ?`, year, before) : one(LIST_SQL, year)) ?? 0),
    openScenarios: Number(one(OPEN_SQL, today, today) ?? 0),
    scenarioTarget: Number(one(TARGET_SQL, year) ?? DEFAULT_SCENARIO_TARGET),
  };
}
