import { and, asc, desc, eq } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { auditEvents, policyTargets, users, type PolicyTarget } from "../../db/schema";
import { POLICY_INDICATORS, type PolicyIndicator } from "../codes";
import type { PolicyTargetInput, RemovePolicyTargetInput } from "../schemas/policy-targets";
import type { Actor } from "./actor";
import { writeAudit } from "./audit.server";
import { bumpDataVersion } from "./data-versions.server";

// The Bureau's policy targets, one per indicator and year: every change is one transaction
// that writes the row, its audit event (before → after) and bumps the policy figures' version,
// so every page that reads a target shows the new one at once.

export const POLICY_TARGET_ENTITY = "policy_target";

/** The audit key of a target: its indicator and year, so the history outlives a removal. */
export const targetKey = (indicator: PolicyIndicator, year: number) => `${indicator}:${year}`;

export type TargetSnapshot = Pick<PolicyTarget, "indicator" | "year" | "targetValue" | "unit" | "source" | "deadline">;

export type SaveTargetResult = { ok: true; created: boolean; target: PolicyTarget } | { ok: false; error: "forbidden" | "unchanged" };
export type RemoveTargetResult = { ok: true } | { ok: false; error: "forbidden" | "not_found" };

const snapshot = (row: PolicyTarget): TargetSnapshot => ({
  indicator: row.indicator,
  year: row.year,
  targetValue: row.targetValue,
  unit: row.unit,
  source: row.source,
  deadline: row.deadline,
});

const findTarget = (db: Db, indicator: PolicyIndicator, year: number) =>
  db
    .select()
    .from(policyTargets)
    .where(and(eq(policyTargets.indicator, indicator), eq(policyTargets.year, year)))
    .get();

/** Adds a year's target or changes it. Admin only; a refusal is audited as denied:save_policy_target. */
export function savePolicyTarget(
  db: Db,
  actor: Actor | null,
  input: PolicyTargetInput,
  requestId: string | null = null,
  now: Date = new Date(),
): SaveTargetResult {
  return writeTx(db, (tx): SaveTargetResult => {
    const key = targetKey(input.indicator, input.year);
    if (actor?.role !== "admin") {
      writeAudit(tx, { actor, action: "denied:save_policy_target", entity: POLICY_TARGET_ENTITY, entityId: key, requestId });
      return { ok: false, error: "forbidden" };
    }
    const before = findTarget(db, input.indicator, input.year);
    const values = {
      targetValue: input.value,
      unit: input.unit,
      source: input.source,
      deadline: input.deadline,
      updatedBy: actor.id,
      updatedAt: now.toISOString(),
    };
    if (
      before &&
      before.targetValue === values.targetValue &&
      before.unit === values.unit &&
      before.source === values.source &&
      before.deadline === values.deadline
    ) {
      return { ok: false, error: "unchanged" };
    }
    const target = before
      ? tx.update(policyTargets).set(values).where(eq(policyTargets.id, before.id)).returning().get()
      : tx
          .insert(policyTargets)
          .values({ indicator: input.indicator, year: input.year, ...values })
          .returning()
          .get();
    writeAudit(tx, {
      actor,
      action: before ? "update_policy_target" : "create_policy_target",
      entity: POLICY_TARGET_ENTITY,
      entityId: key,
      before: before ? snapshot(before) : undefined,
      after: snapshot(target),
      requestId,
    });
    bumpDataVersion(tx, "policy");
    return { ok: true, created: !before, target };
  });
}

/** Removes a year's target, with the reason in its audit event. Admin only. */
export function removePolicyTarget(db: Db, actor: Actor | null, input: RemovePolicyTargetInput, requestId: string | null = null): RemoveTargetResult {
  return writeTx(db, (tx): RemoveTargetResult => {
    const key = targetKey(input.indicator, input.year);
    if (actor?.role !== "admin") {
      writeAudit(tx, { actor, action: "denied:remove_policy_target", entity: POLICY_TARGET_ENTITY, entityId: key, requestId });
      return { ok: false, error: "forbidden" };
    }
    const before = findTarget(db, input.indicator, input.year);
    if (!before) return { ok: false, error: "not_found" };
    tx.delete(policyTargets).where(eq(policyTargets.id, before.id)).run();
    writeAudit(tx, {
      actor,
      action: "remove_policy_target",
      entity: POLICY_TARGET_ENTITY,
      entityId: key,
      before: snapshot(before),
      after: { reason: input.reason },
      requestId,
    });
    bumpDataVersion(tx, "policy");
    return { ok: true };
  });
}

/** Records a refused change that never reached the service (a non-admin's post that does not parse). */
export function refusePolicyTargetChange(db: Db, actor: Actor | null, intent: string, key: string, requestId: string | null = null): void {
  const action = intent === "remove" ? "denied:remove_policy_target" : "denied:save_policy_target";
  writeTx(db, (tx) => writeAudit(tx, { actor, action, entity: POLICY_TARGET_ENTITY, entityId: key.slice(0, 60), requestId }));
}

/** Every target, newest year first, indicators in their policy order. */
export function listPolicyTargets(db: Db): PolicyTarget[] {
  const order = new Map(POLICY_INDICATORS.map((k, i) => [k, i]));
  return db
    .select()
    .from(policyTargets)
    .orderBy(desc(policyTargets.year))
    .all()
    .sort((a, b) => b.year - a.year || (order.get(a.indicator) ?? 0) - (order.get(b.indicator) ?? 0));
}

export interface TargetHistoryEntry {
  id: number;
  action: "create_policy_target" | "update_policy_target" | "remove_policy_target";
  actorName: string | null;
  at: string;
  before: TargetSnapshot | null;
  after: TargetSnapshot | null;
  reason: string | null;
}

/** The changes to each target (keyed by targetKey), oldest first; refusals are left out. */
export function policyTargetHistory(db: Db): Record<string, TargetHistoryEntry[]> {
  const rows = db
    .select({
      id: auditEvents.id,
      action: auditEvents.action,
      entityId: auditEvents.entityId,
      actorName: users.name,
      before: auditEvents.before,
      after: auditEvents.after,
      createdAt: auditEvents.createdAt,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(eq(auditEvents.entity, POLICY_TARGET_ENTITY))
    .orderBy(asc(auditEvents.id))
    .all();
  const history: Record<string, TargetHistoryEntry[]> = {};
  for (const r of rows) {
    if (r.action.startsWith("denied:")) continue;
    const removed = r.action === "remove_policy_target";
    const after = r.after as (TargetSnapshot & { reason?: string }) | null;
    (history[r.entityId] ??= []).push({
      id: r.id,
      action: r.action as TargetHistoryEntry["action"],
      actorName: r.actorName,
      at: r.createdAt,
      before: (r.before as TargetSnapshot | null) ?? null,
      after: removed ? null : after,
      reason: removed ? (after?.reason ?? null) : null,
    });
  }
  return history;
}
