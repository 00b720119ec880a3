import { asc, desc, eq } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { subsidyRules, type SubsidyRule } from "../../db/schema";
import type { SubsidyRuleInput } from "../schemas/awards";
import type { Actor } from "./actor";
import { writeAudit } from "./audit.server";

// The city's subsidy rules (技术合同奖补) are policy data the Bureau edits, one or more per
// year; editing one never touches an approved batch, which keeps the rate and cap it used.

export type { SubsidyRule };

export function listSubsidyRules(db: Db): SubsidyRule[] {
  return db.select().from(subsidyRules).orderBy(desc(subsidyRules.year), asc(subsidyRules.id)).all();
}

export type SubsidyRuleResult = { ok: true; id: number } | { ok: false; error: "forbidden" | "not_found" };

/** Creates or changes a rule; the before and after are audited in the same transaction. */
export function saveSubsidyRule(db: Db, actor: Actor, input: SubsidyRuleInput, requestId: string | null = null): SubsidyRuleResult {
  return writeTx(db, (tx): SubsidyRuleResult => {
    if (actor.role !== "admin") {
      writeAudit(tx, { actor, action: input.id ? "denied:update" : "denied:create", entity: "subsidy_rule", entityId: input.id ?? "new", requestId });
      return { ok: false, error: "forbidden" };
    }
    const values = {
      name: input.name,
      year: input.year,
      rateBp: input.ratePercent,
      beneficiary: input.beneficiary,
      capPerAchievementFen: input.capPerAchievementWan,
      capPerBeneficiaryYearFen: input.capPerBeneficiaryYearWan ?? null,
      source: input.source,
      active: input.active,
      updatedBy: actor.id,
      updatedAt: new Date().toISOString(),
    };
    if (input.id === undefined) {
      const after = tx.insert(subsidyRules).values(values).returning().get();
      writeAudit(tx, { actor, action: "create", entity: "subsidy_rule", entityId: after.id, after, requestId });
      return { ok: true, id: after.id };
    }
    const before = tx.select().from(subsidyRules).where(eq(subsidyRules.id, input.id)).get();
    if (!before) return { ok: false, error: "not_found" };
    const after = tx.update(subsidyRules).set(values).where(eq(subsidyRules.id, input.id)).returning().get();
    writeAudit(tx, { actor, action: "update", entity: "subsidy_rule", entityId: after.id, before, after, requestId });
    return { ok: true, id: after.id };
  });
}
