// The city's subsidy on registered contracts for the demo's two story years: 5 % of what the
// technology seller actually received, at most 200,000 yuan per achievement (the Changzhi
// plan the Bureau follows). Policy data the Bureau then edits; seeded once per year.

import { and, eq } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../connection";
import { auditEvents, subsidyRules } from "../schema";
import { setStoryClock, storyYear } from "./timeline";

export const DEMO_SUBSIDY_RULE = {
  name: "技术合同实际到账奖补",
  rateBp: 500,
  beneficiary: "seller" as const,
  capPerAchievementFen: 20_000_000,
  capPerBeneficiaryYearFen: null,
  source: "参照长治市做法：按技术卖方实际到账金额5%奖补，每项成果不超过20万元（示例政策数据，可由科技局修改）",
  active: true,
};

/** The story years the rule covers, as story years (2025 is last year, 2026 this year). */
const STORY_YEARS = [2025, 2026];

export function seedSubsidyRules(db: Db | Tx, now: Date = new Date()): number[] {
  setStoryClock(now);
  const run = (tx: Tx) => {
    return STORY_YEARS.map((story) => {
      const year = storyYear(story);
      const existing = tx
        .select()
        .from(subsidyRules)
        .where(and(eq(subsidyRules.name, DEMO_SUBSIDY_RULE.name), eq(subsidyRules.year, year)))
        .get();
      if (existing) return existing.id;
      const row = tx
        .insert(subsidyRules)
        .values({ ...DEMO_SUBSIDY_RULE, year })
        .returning()
        .get();
      tx.insert(auditEvents)
        .values({ action: "seed", entity: "subsidy_rule", entityId: String(row.id), after: row })
        .run();
      return row.id;
    });
  };
  if ("$client" in db) return writeTx(db as Db, run);
  return run(db);
}
