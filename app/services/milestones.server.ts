import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db, Tx } from "../../db/connection";
import { paymentMilestones, type Contract, type PaymentMilestone } from "../../db/schema";
import type { Actor } from "./actor";
import { writeAudit } from "./audit.server";

// 付款节点. Money belongs to the contract family; a milestone is the family's position in the
// payment plan (see payment_milestones in db/schema.ts). Registering a version carries the
// plan over by position, so ids, and what was received against them, survive an amendment.

/** The family a contract version belongs to: the id of its first version. */
export const familyOf = (c: Pick<Contract, "id" | "familyId">): number => c.familyId ?? c.id;

/**
 * Makes the family's milestones those of the version just registered, inside the
 * registration's transaction: same position, same id; new positions added; dropped ones
 * marked removed. Each change is audited.
 */
export function carryMilestones(tx: Tx, actor: Actor | null, c: Contract, iso: string, requestId: string | null = null): void {
  const familyId = familyOf(c);
  const existing = tx.select().from(paymentMilestones).where(eq(paymentMilestones.familyId, familyId)).all();
  const bySeq = new Map(existing.map((m) => [m.seq, m]));
  c.milestones.forEach((m, i) => {
    const seq = i + 1;
    const terms = { contractId: c.id, title: m.title, dueOn: m.dueOn, amountFen: m.amountFen, removedAt: null, updatedAt: iso };
    const before = bySeq.get(seq);
    const after = before
      ? tx.update(paymentMilestones).set(terms).where(eq(paymentMilestones.id, before.id)).returning().get()
      : tx
          .insert(paymentMilestones)
          .values({ ...terms, familyId, seq, createdAt: iso })
          .returning()
          .get();
    writeAudit(tx, { actor, action: before ? "carry" : "create", entity: "milestone", entityId: after.id, before, after, requestId });
  });
  for (const gone of existing.filter((m) => m.seq > c.milestones.length && m.removedAt === null)) {
    const after = tx.update(paymentMilestones).set({ removedAt: iso, updatedAt: iso }).where(eq(paymentMilestones.id, gone.id)).returning().get();
    writeAudit(tx, { actor, action: "remove", entity: "milestone", entityId: gone.id, before: gone, after, requestId });
  }
}

/** The family's milestones in plan order, removed ones included (money may stand against them). */
export function listMilestones(db: Db | Tx, familyId: number): PaymentMilestone[] {
  return db.select().from(paymentMilestones).where(eq(paymentMilestones.familyId, familyId)).orderBy(asc(paymentMilestones.seq)).all();
}

/** One milestone of the family that is still in the plan, or undefined. */
export function getCurrentMilestone(db: Db | Tx, familyId: number, milestoneId: number): PaymentMilestone | undefined {
  return db
    .select()
    .from(paymentMilestones)
    .where(and(eq(paymentMilestones.id, milestoneId), eq(paymentMilestones.familyId, familyId), isNull(paymentMilestones.removedAt)))
    .get();
}
