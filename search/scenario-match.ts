// Achievements for an application scenario, scored exactly as for a need (match.ts): the
// scenario's pain points and the technology it wants are its text, its chain, field and county
// its structured side, its stated investment the budget a price is weighed against. Pairs set
// aside for the scenario (scenario_dismissals) never come back.

import { eq } from "drizzle-orm";
import type { Db } from "../db/connection";
import { scenarioDismissals, scenarios, type Scenario } from "../db/schema";
import { matchNeedLike, type MatchContext, type MatchOptions, type MatchResult, type NeedLike } from "./match";

/** The need the matcher sees in a scenario. */
export function scenarioAsNeed(
  s: Pick<Scenario, "id" | "title" | "description" | "techWanted" | "industryChainId" | "techFieldCode" | "countyCode" | "investmentFen">,
): NeedLike {
  return {
    id: s.id,
    title: s.title,
    description: [s.techWanted, s.description].join("\n"),
    industryChainId: s.industryChainId,
    techFieldCode: s.techFieldCode,
    // A site opened for a pilot wants technology ready for one.
    expectedTrl: 7,
    budgetMinFen: null,
    budgetMaxFen: s.investmentFen,
    cooperationModes: [],
    countyCode: s.countyCode,
  };
}

/** The achievements set aside for a scenario. */
export function dismissedForScenario(db: Db, scenarioId: number): Set<number> {
  return new Set(
    db
      .select({ id: scenarioDismissals.achievementId })
      .from(scenarioDismissals)
      .where(eq(scenarioDismissals.scenarioId, scenarioId))
      .all()
      .map((r) => r.id),
  );
}

/** Suggested achievements for a stored scenario, without the pairs dismissed for it. */
export async function matchForScenario(ctx: MatchContext, scenarioId: number, opts: MatchOptions = {}): Promise<MatchResult[]> {
  const s = ctx.db.select().from(scenarios).where(eq(scenarios.id, scenarioId)).get();
  if (!s) return [];
  return matchNeedLike(ctx, scenarioAsNeed(s), opts, dismissedForScenario(ctx.db, scenarioId));
}
