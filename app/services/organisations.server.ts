import { asc, count, eq, isNotNull, isNull } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { creditCodeProblem } from "../../db/credit-code";
import { organisations, users } from "../../db/schema";
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
  const decorate = (o: typeof organisations.$inferSelect) => ({
    ...o,
    members: members.get(o.id) ?? 0,
    codeFailsCheck: creditCodeProblem(o.creditCode) !== null,
  });
  return {
    pending: db.select().from(organisations).where(isNull(organisations.verifiedAt)).orderBy(asc(organisations.createdAt)).all().map(decorate),
    verified: db.select().from(organisations).where(isNotNull(organisations.verifiedAt)).orderBy(asc(organisations.name)).all().map(decorate),
  };
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
