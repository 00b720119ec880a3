import { and, asc, count, desc, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { creditCodeProblem } from "../../db/credit-code";
import { auditEvents, organisations, users } from "../../db/schema";
import type { Actor } from "./actor";
import { writeAudit } from "./audit.server";
import { notifyOrganisationDecision } from "./notify-events.server";

export function listOrganisationsForAdmin(db: Db) {
  const members = new Map(
    db
      .select({ orgId: users.orgId, n: count() })
      .from(users)
      .groupBy(users.orgId)
      .all()
      .map((r) => [r.orgId, r.n]),
  );
  const pending = db.select().from(organisations).where(isNull(organisations.verifiedAt)).orderBy(asc(organisations.createdAt)).all();
  const refusals = latestRefusals(
    db,
    pending.map((o) => o.id),
  );
  const decorate = (o: typeof organisations.$inferSelect) => ({
    ...o,
    members: members.get(o.id) ?? 0,
    codeFailsCheck: creditCodeProblem(o.creditCode) !== null,
    refusal: refusals.get(o.id) ?? null,
  });
  return {
    pending: pending.map(decorate),
    verified: db.select().from(organisations).where(isNotNull(organisations.verifiedAt)).orderBy(asc(organisations.name)).all().map(decorate),
  };
}

/** What a refusal records: the Bureau's reason and when it was given. */
export type Refusal = { reason: string; refusedAt: string };

/** An unverified organisation's latest refusal (for its members' pages), or null. */
export function organisationRefusal(db: Db, orgId: number): Refusal | null {
  const org = db.select({ verifiedAt: organisations.verifiedAt }).from(organisations).where(eq(organisations.id, orgId)).get();
  return org && !org.verifiedAt ? (latestRefusals(db, [orgId]).get(orgId) ?? null) : null;
}

/** The latest refusal of each of these organisations, read from their audit trail. */
function latestRefusals(db: Db, orgIds: number[]): Map<number, Refusal> {
  const out = new Map<number, Refusal>();
  if (orgIds.length === 0) return out;
  const rows = db
    .select({ entityId: auditEvents.entityId, after: auditEvents.after })
    .from(auditEvents)
    .where(and(eq(auditEvents.entity, "organisation"), eq(auditEvents.action, "refuse"), inArray(auditEvents.entityId, orgIds.map(String))))
    .orderBy(desc(auditEvents.id))
    .all();
  for (const row of rows) {
    const id = Number(row.entityId);
    const after = row.after as Partial<Refusal> | null;
    if (!out.has(id) && after?.reason && after.refusedAt) out.set(id, { reason: after.reason, refusedAt: after.refusedAt });
  }
  return out;
}

export type OrgActionResult = { ok: true } | { ok: false; error: "not_found" | "forbidden" | "conflict" | "code_check" };

/**
 * Verifies an organisation. One whose credit code fails the check character can be
 * verified only after an admin has accepted that code by hand.
 */
export function verifyOrganisation(db: Db, actor: Actor, orgId: number, requestId: string | null = null): OrgActionResult {
  return writeTx(db, (tx): OrgActionResult => {
    if (actor.role !== "admin") {
      writeAudit(tx, { actor, action: "denied:verify", entity: "organisation", entityId: orgId, requestId });
      return { ok: false, error: "forbidden" };
    }
    const before = tx.select().from(organisations).where(eq(organisations.id, orgId)).get();
    if (!before) return { ok: false, error: "not_found" };
    if (before.verifiedAt) return { ok: true };
    if (creditCodeProblem(before.creditCode) !== null && before.creditCodeOverrideBy === null) return { ok: false, error: "code_check" };
    const at = new Date();
    const now = at.toISOString();
    const after = tx.update(organisations).set({ verifiedAt: now, verifiedBy: actor.id, updatedAt: now }).where(eq(organisations.id, orgId)).returning().get();
    writeAudit(tx, { actor, action: "verify", entity: "organisation", entityId: orgId, before, after, requestId });
    notifyOrganisationDecision(tx, orgId, "verified", null, at);
    return { ok: true };
  });
}

/**
 * Refuses an organisation's verification with a reason its members will read. The organisation
 * stays unverified (it may correct its details and be verified later); the refusal, its reason
 * and time are kept in the organisation's audit trail. A verified organisation is not refused.
 */
export function refuseOrganisation(
  db: Db,
  actor: Actor,
  orgId: number,
  reason: string,
  now: Date = new Date(),
  requestId: string | null = null,
): OrgActionResult {
  return writeTx(db, (tx): OrgActionResult => {
    if (actor.role !== "admin") {
      writeAudit(tx, { actor, action: "denied:refuse", entity: "organisation", entityId: orgId, requestId });
      return { ok: false, error: "forbidden" };
    }
    const before = tx.select().from(organisations).where(eq(organisations.id, orgId)).get();
    if (!before) return { ok: false, error: "not_found" };
    if (before.verifiedAt) return { ok: false, error: "conflict" };
    const refusal: Refusal = { reason, refusedAt: now.toISOString() };
    writeAudit(tx, { actor, action: "refuse", entity: "organisation", entityId: orgId, before, after: refusal, requestId });
    notifyOrganisationDecision(tx, orgId, "refused", reason, now);
    return { ok: true };
  });
}

/** Accepts an early pilot credit code that fails the check character; the decision is audited. */
export function overrideCreditCode(db: Db, actor: Actor, orgId: number, requestId: string | null = null): OrgActionResult {
  return writeTx(db, (tx): OrgActionResult => {
    if (actor.role !== "admin") {
      writeAudit(tx, { actor, action: "denied:override", entity: "organisation", entityId: orgId, requestId });
      return { ok: false, error: "forbidden" };
    }
    const before = tx.select().from(organisations).where(eq(organisations.id, orgId)).get();
    if (!before) return { ok: false, error: "not_found" };
    if (creditCodeProblem(before.creditCode) === null) return { ok: false, error: "conflict" };
    const after = tx
      .update(organisations)
      .set({ creditCodeOverrideBy: actor.id, updatedAt: new Date().toISOString() })
      .where(eq(organisations.id, orgId))
      .returning()
      .get();
    writeAudit(tx, { actor, action: "override", entity: "organisation", entityId: orgId, before, after, requestId });
    return { ok: true };
  });
}
