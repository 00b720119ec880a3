import { and, eq, inArray } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../../../db/connection";
import { challengeApplications, challengeMilestones, challenges, type Challenge } from "../../../db/schema";
import { enqueueSearchSync } from "../../../search/outbox";
import type { Actor } from "../actor";
import { writeAudit } from "../audit.server";
import { bumpDataVersion } from "../data-versions.server";
import { deny, effectiveStatus, link, loadChallenge, notifyOrg, type ChallengeResult } from "./common.server";
import { canDecide } from "./permissions.server";

// Shortlist and award. Nothing is shortlisted before the window has closed and nothing is
// awarded before the shortlist; a single-winner challenge awards one team, a race up to its
// number of teams, each with its part of the reward, the parts never more than the reward.

function applicationsOf(tx: Tx, challengeId: number) {
  return tx.select().from(challengeApplications).where(eq(challengeApplications.challengeId, challengeId)).all();
}

/** The challenger picks the shortlist from the applications once the window has closed. */
export function shortlistApplications(
  db: Db,
  actor: Actor,
  challengeId: number,
  applicationIds: number[],
  requestId: string | null = null,
  now: Date = new Date(),
): ChallengeResult {
  return writeTx(db, (tx): ChallengeResult => {
    const before = loadChallenge(tx, challengeId);
    if (!before) return deny(tx, actor, "shortlist", challengeId, "not_found", requestId);
    if (!canDecide(actor, before)) return deny(tx, actor, "shortlist", challengeId, "forbidden", requestId);
    if (effectiveStatus(before, now) !== "closed") return deny(tx, actor, "shortlist", challengeId, "not_closed", requestId);
    const apps = applicationsOf(tx, challengeId).filter((a) => a.status !== "withdrawn");
    const chosen = new Set(applicationIds);
    if (chosen.size === 0 || [...chosen].some((id) => !apps.some((a) => a.id === id))) return deny(tx, actor, "shortlist", challengeId, "invalid", requestId);
    const t = now.toISOString();
    for (const a of apps) {
      const status = chosen.has(a.id) ? "shortlisted" : "not_shortlisted";
      tx.update(challengeApplications).set({ status, decidedAt: t, updatedAt: t }).where(eq(challengeApplications.id, a.id)).run();
      if (status === "shortlisted") notifyOrg(tx, a.orgId, "challenge_shortlisted", { title: before.title }, link(challengeId));
    }
    const after = tx
      .update(challenges)
      .set({ status: "shortlisted", shortlistedAt: t, closedAt: before.closedAt ?? t, updatedAt: t })
      .where(eq(challenges.id, challengeId))
      .returning()
      .get();
    writeAudit(tx, { actor, action: "shortlist", entity: "challenge", entityId: challengeId, before, after: { ...after, shortlist: [...chosen] }, requestId });
    enqueueSearchSync(tx, "challenge", challengeId);
    bumpDataVersion(tx, "listings");
    return { ok: true };
  });
}

export interface AwardInput {
  applicationId: number;
  awardFen: number;
}

function awardRefusal(c: Challenge, apps: { id: number; status: string }[], awards: AwardInput[]) {
  const ids = new Set(awards.map((a) => a.applicationId));
  if (ids.size !== awards.length || awards.some((a) => !apps.some((x) => x.id === a.applicationId && x.status === "shortlisted")))
    return "not_shortlisted" as const;
  if (c.mode === "single" ? awards.length !== 1 : awards.length > c.teams) return "too_many" as const;
  if (awards.some((a) => !Number.isSafeInteger(a.awardFen) || a.awardFen <= 0)) return "invalid" as const;
  if (awards.reduce((s, a) => s + a.awardFen, 0) > c.rewardFen) return "over_reward" as const;
  return null;
}

/**
 * Awards the chosen shortlisted teams. Each awarded team gets one milestone for its whole
 * award (the plan of a by-milestones challenge can then be split before anything is accepted).
 */
export function awardChallenge(
  db: Db,
  actor: Actor,
  challengeId: number,
  awards: AwardInput[],
  requestId: string | null = null,
  now: Date = new Date(),
): ChallengeResult {
  return writeTx(db, (tx): ChallengeResult => {
    const before = loadChallenge(tx, challengeId);
    if (!before) return deny(tx, actor, "award", challengeId, "not_found", requestId);
    if (!canDecide(actor, before)) return deny(tx, actor, "award", challengeId, "forbidden", requestId);
    if (before.status !== "shortlisted") return deny(tx, actor, "award", challengeId, before.status === "awarded" ? "awarded" : "not_shortlisted", requestId);
    const apps = applicationsOf(tx, challengeId);
    const refusal = awardRefusal(before, apps, awards);
    if (refusal) return deny(tx, actor, "award", challengeId, refusal, requestId);
    const t = now.toISOString();
    const winners = new Map(awards.map((a) => [a.applicationId, a.awardFen]));
    for (const a of apps.filter((x) => x.status === "shortlisted")) {
      const fen = winners.get(a.id);
      tx.update(challengeApplications)
        .set({ status: fen === undefined ? "not_awarded" : "awarded", awardFen: fen ?? null, decidedAt: t, updatedAt: t })
        .where(eq(challengeApplications.id, a.id))
        .run();
      if (fen === undefined) continue;
      tx.insert(challengeMilestones)
        .values({
          challengeId,
          applicationId: a.id,
          seq: 1,
          title: before.payout === "on_award" ? "揭榜奖励" : "最终验收",
          dueOn: before.deliverBy,
          amountFen: fen,
          createdAt: t,
        })
        .run();
      notifyOrg(tx, a.orgId, "challenge_awarded", { title: before.title }, link(challengeId));
    }
    const after = tx.update(challenges).set({ status: "awarded", awardedAt: t, updatedAt: t }).where(eq(challenges.id, challengeId)).returning().get();
    writeAudit(tx, { actor, action: "award", entity: "challenge", entityId: challengeId, before, after: { ...after, awards }, requestId });
    enqueueSearchSync(tx, "challenge", challengeId);
    bumpDataVersion(tx, "listings");
    return { ok: true };
  });
}

/** The awarded teams of challenges, for public pages: the winners' organisation ids and awards. */
export function awardedApplications(tx: Db | Tx, challengeIds: number[]) {
  if (challengeIds.length === 0) return [];
  return tx
    .select()
    .from(challengeApplications)
    .where(and(inArray(challengeApplications.challengeId, challengeIds), eq(challengeApplications.status, "awarded")))
    .all();
}
