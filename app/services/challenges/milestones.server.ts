import { and, asc, eq, isNull } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../../../db/connection";
import { challengeApplications, challengeMilestones, challenges, ledgerEntries, type Challenge } from "../../../db/schema";
import { enqueueSearchSync } from "../../../search/outbox";
import type { Actor } from "../actor";
import { writeAudit } from "../audit.server";
import { bumpDataVersion } from "../data-versions.server";
import { deny, link, loadChallenge, notifyOrg, type ChallengeResult } from "./common.server";
import { canDecide } from "./permissions.server";

// Milestones and payment. Each awarded team has milestones whose amounts make up its award;
// the challenger accepts (验收) each one, and the acceptance records its reward as paid
// through the ledger (kind challenge_reward, source challenge, one source_ref per milestone,
// so a second acceptance can never pay it again). When every milestone of every awarded team
// is accepted the challenge is accepted, and with every reward in the ledger, paid.

export function milestoneSourceRef(milestoneId: number): string {
  return `challenge-milestone:${milestoneId}`;
}

/** Replaces an awarded team's milestone plan (by-milestones challenges, before any of its milestones is accepted). */
export function setMilestonePlan(
  db: Db,
  actor: Actor,
  challengeId: number,
  input: { applicationId: number; milestones: { title: string; dueOn: string; amountFen: number }[] },
  requestId: string | null = null,
  now: Date = new Date(),
): ChallengeResult {
  return writeTx(db, (tx): ChallengeResult => {
    const c = loadChallenge(tx, challengeId);
    if (!c) return deny(tx, actor, "milestones", challengeId, "not_found", requestId);
    if (!canDecide(actor, c)) return deny(tx, actor, "milestones", challengeId, "forbidden", requestId);
    if (c.status !== "awarded" || c.payout !== "by_milestones") return deny(tx, actor, "milestones", challengeId, "conflict", requestId);
    const app = tx
      .select()
      .from(challengeApplications)
      .where(and(eq(challengeApplications.id, input.applicationId), eq(challengeApplications.challengeId, challengeId)))
      .get();
    if (!app || app.status !== "awarded" || app.awardFen === null) return deny(tx, actor, "milestones", challengeId, "not_found", requestId);
    const before = tx.select().from(challengeMilestones).where(eq(challengeMilestones.applicationId, app.id)).all();
    if (before.some((m) => m.acceptedAt)) return deny(tx, actor, "milestones", challengeId, "conflict", requestId);
    if (input.milestones.reduce((s, m) => s + m.amountFen, 0) !== app.awardFen) return deny(tx, actor, "milestones", challengeId, "invalid", requestId);
    tx.delete(challengeMilestones).where(eq(challengeMilestones.applicationId, app.id)).run();
    const t = now.toISOString();
    input.milestones.forEach((m, i) =>
      tx
        .insert(challengeMilestones)
        .values({ challengeId, applicationId: app.id, seq: i + 1, title: m.title, dueOn: m.dueOn, amountFen: m.amountFen, createdAt: t })
        .run(),
    );
    writeAudit(tx, { actor, action: "milestones", entity: "challenge", entityId: challengeId, before, after: input.milestones, requestId });
    return { ok: true };
  });
}

/** Moves the challenge to accepted and paid once every milestone is accepted and in the ledger. */
function settleIfDone(tx: Tx, actor: Actor, c: Challenge, now: Date, requestId: string | null): void {
  const ms = tx.select().from(challengeMilestones).where(eq(challengeMilestones.challengeId, c.id)).all();
  if (ms.length === 0 || ms.some((m) => !m.acceptedAt)) return;
  const paid = tx.select({ m: ledgerEntries.challengeMilestoneId }).from(ledgerEntries).where(eq(ledgerEntries.challengeId, c.id)).all();
  const paidIds = new Set(paid.map((p) => p.m));
  const t = now.toISOString();
  const allPaid = ms.every((m) => paidIds.has(m.id));
  const after = tx
    .update(challenges)
    .set({ status: allPaid ? "paid" : "accepted", acceptedAt: t, ...(allPaid ? { paidAt: t } : {}), updatedAt: t })
    .where(eq(challenges.id, c.id))
    .returning()
    .get();
  writeAudit(tx, { actor, action: allPaid ? "paid" : "accepted", entity: "challenge", entityId: c.id, before: c, after, requestId });
  enqueueSearchSync(tx, "challenge", c.id);
}

/**
 * The challenger accepts one milestone: the acceptance and its ledger entry are written in
 * one transaction; a milestone already accepted is refused (and audited), so accepting twice,
 * or two acceptances at once, pay once.
 */
export function acceptMilestone(
  db: Db,
  actor: Actor,
  challengeId: number,
  input: { milestoneId: number; note?: string },
  requestId: string | null = null,
  now: Date = new Date(),
): ChallengeResult<{ ledgerEntryId: number }> {
  return writeTx(db, (tx): ChallengeResult<{ ledgerEntryId: number }> => {
    const c = loadChallenge(tx, challengeId);
    if (!c) return deny(tx, actor, "accept", challengeId, "not_found", requestId);
    if (!canDecide(actor, c)) return deny(tx, actor, "accept", challengeId, "forbidden", requestId);
    if (c.status !== "awarded") return deny(tx, actor, "accept", challengeId, "conflict", requestId);
    const row = tx
      .select({ m: challengeMilestones, orgId: challengeApplications.orgId })
      .from(challengeMilestones)
      .innerJoin(challengeApplications, eq(challengeApplications.id, challengeMilestones.applicationId))
      .where(and(eq(challengeMilestones.id, input.milestoneId), eq(challengeMilestones.challengeId, challengeId)))
      .get();
    if (!row) return deny(tx, actor, "accept", challengeId, "not_found", requestId);
    const t = now.toISOString();
    const accepted = tx
      .update(challengeMilestones)
      .set({ acceptedAt: t, acceptedBy: actor.id, acceptNote: input.note ?? null })
      .where(and(eq(challengeMilestones.id, row.m.id), isNull(challengeMilestones.acceptedAt)))
      .returning()
      .get();
    if (!accepted) return deny(tx, actor, "accept", challengeId, "conflict", requestId);
    const entry = tx
      .insert(ledgerEntries)
      .values({
        kind: "challenge_reward",
        source: "challenge",
        sourceRef: milestoneSourceRef(row.m.id),
        contractId: null,
        challengeId,
        challengeMilestoneId: row.m.id,
        amountFen: row.m.amountFen,
        beneficiaryOrgId: row.orgId,
        effectiveAt: t,
        createdBy: actor.id,
      })
      .onConflictDoNothing()
      .returning()
      .get();
    if (!entry) return deny(tx, actor, "accept", challengeId, "conflict", requestId);
    writeAudit(tx, {
      actor,
      action: "accept_milestone",
      entity: "challenge",
      entityId: challengeId,
      before: row.m,
      after: { ...accepted, ledgerEntryId: entry.id },
      requestId,
    });
    notifyOrg(tx, row.orgId, "challenge_milestone_accepted", { title: c.title, milestone: row.m.title }, link(challengeId));
    notifyOrg(tx, row.orgId, "challenge_reward_paid", { title: c.title, milestone: row.m.title, amountFen: row.m.amountFen }, link(challengeId));
    bumpDataVersion(tx, "contracts");
    settleIfDone(tx, actor, c, now, requestId);
    return { ok: true, ledgerEntryId: entry.id };
  });
}

/** An awarded team's milestones in order, with the ledger entry that paid each. */
export function milestonesOf(db: Db | Tx, challengeId: number) {
  return db
    .select({ m: challengeMilestones, ledgerEntryId: ledgerEntries.id })
    .from(challengeMilestones)
    .leftJoin(ledgerEntries, and(eq(ledgerEntries.challengeMilestoneId, challengeMilestones.id), eq(ledgerEntries.kind, "challenge_reward")))
    .where(eq(challengeMilestones.challengeId, challengeId))
    .orderBy(asc(challengeMilestones.applicationId), asc(challengeMilestones.seq))
    .all();
}
