import { eq } from "drizzle-orm";
import { writeTx, type Db } from "../../../db/connection";
import { scenarios, type Scenario } from "../../../db/schema";
import { enqueueSearchSync } from "../../../search/outbox";
import type { ScenarioInput } from "../../schemas/scenarios";
import type { Actor } from "../actor";
import { writeAudit } from "../audit.server";
import { referenceErrors, type SaveResult } from "../listings.server";
import { canEditScenario, canViewScenario, isScenarioOwner } from "./access.server";

export function scenarioColumns(input: ScenarioInput) {
  return {
    title: input.title,
    description: input.description,
    techWanted: input.techWanted,
    resources: input.resources,
    conditions: input.conditions,
    site: input.site,
    countyCode: input.countyCode,
    industryChainId: input.industryChainId,
    techFieldCode: input.techFieldCode,
    kind: input.kind,
    grade: input.grade,
    subsidyCapFen: input.subsidyCapWan ?? null,
    investmentFen: input.investmentWan ?? null,
    opensOn: input.opensOn,
    closesOn: input.closesOn,
    contactName: input.contactName,
    contactPhone: input.contactPhone,
    contactEmail: input.contactEmail ?? null,
  };
}

/** An enterprise member (or the Bureau, for the city's own sites) drafts a scenario for its organisation. */
export function createScenario(db: Db, actor: Actor, input: ScenarioInput, requestId: string | null = null, now: Date = new Date()): SaveResult {
  return writeTx(db, (tx): SaveResult => {
    if (actor.role !== "enterprise" && actor.role !== "admin") {
      writeAudit(tx, { actor, action: "denied:create", entity: "scenario", entityId: 0, requestId });
      return { ok: false, error: "forbidden" };
    }
    const errors = referenceErrors(tx, input);
    if (Object.keys(errors).length) return { ok: false, fieldErrors: errors };
    const iso = now.toISOString();
    const row = tx
      .insert(scenarios)
      .values({ ...scenarioColumns(input), orgId: actor.orgId, createdBy: actor.id, status: "draft", createdAt: iso, updatedAt: iso })
      .returning()
      .get();
    writeAudit(tx, { actor, action: "create", entity: "scenario", entityId: row.id, after: row, requestId });
    return { ok: true, id: row.id };
  });
}

/** Edits a draft, returned or withdrawn scenario; it goes back to draft and must be submitted again. */
export function updateScenario(db: Db, actor: Actor, id: number, input: ScenarioInput, requestId: string | null = null, now: Date = new Date()): SaveResult {
  return writeTx(db, (tx): SaveResult => {
    const before = tx.select().from(scenarios).where(eq(scenarios.id, id)).get();
    if (!before || !canViewScenario(actor, before)) return { ok: false, error: "not_found" };
    if (!canEditScenario(actor, before)) {
      writeAudit(tx, { actor, action: "denied:update", entity: "scenario", entityId: id, requestId });
      return { ok: false, error: isScenarioOwner(actor, before) ? "conflict" : "forbidden" };
    }
    const errors = referenceErrors(tx, input);
    if (Object.keys(errors).length) return { ok: false, fieldErrors: errors };
    const after = tx
      .update(scenarios)
      .set({ ...scenarioColumns(input), status: "draft", updatedAt: now.toISOString() })
      .where(eq(scenarios.id, id))
      .returning()
      .get();
    writeAudit(tx, { actor, action: "update", entity: "scenario", entityId: id, before, after, requestId });
    enqueueSearchSync(tx, "scenario", id);
    return { ok: true, id };
  });
}

/** A scenario for its edit form: only an owner may load it, and only while editable. */
export function getScenarioForEdit(
  db: Db,
  actor: Actor,
  id: number,
): { ok: true; scenario: Scenario } | { ok: false; error: "not_found" | "forbidden" | "conflict" } {
  const scenario = db.select().from(scenarios).where(eq(scenarios.id, id)).get();
  if (!scenario || !canViewScenario(actor, scenario)) return { ok: false, error: "not_found" };
  if (!isScenarioOwner(actor, scenario)) return { ok: false, error: "forbidden" };
  if (!canEditScenario(actor, scenario)) return { ok: false, error: "conflict" };
  return { ok: true, scenario };
}
