import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "../../../db/connection";
import { challengePanel, needClaims, type Challenge, type ChallengeApplication } from "../../../db/schema";
import type { Actor } from "../actor";

// Who stands where on a challenge. The challenger is a member of the posting organisation
// (an enterprise member, or the Bureau when it posted); the broker is the lead broker of the
// need the challenge came from; the panel is named by the Bureau.

export type ChallengeParty = "challenger" | "panel" | "broker" | "admin";

export function isChallenger(actor: Actor | null, c: Pick<Challenge, "orgId">): boolean {
  return !!actor && actor.orgId === c.orgId && (actor.role === "enterprise" || actor.role === "admin");
}

export function isPanelMember(tx: Db | Tx, actor: Actor | null, challengeId: number): boolean {
  if (!actor) return false;
  return !!tx
    .select({ u: challengePanel.userId })
    .from(challengePanel)
    .where(and(eq(challengePanel.challengeId, challengeId), eq(challengePanel.userId, actor.id)))
    .get();
}

export function isChallengeBroker(tx: Db | Tx, actor: Actor | null, c: Pick<Challenge, "needId">): boolean {
  if (!actor || actor.role !== "broker" || c.needId === null) return false;
  const claim = tx.select({ b: needClaims.brokerUserId }).from(needClaims).where(eq(needClaims.needId, c.needId)).get();
  return claim?.b === actor.id;
}

/** The parties who see every application of a challenge (beside each applicant, who sees its own). */
export function partiesOf(tx: Db | Tx, actor: Actor | null, c: Challenge): Set<ChallengeParty> {
  const out = new Set<ChallengeParty>();
  if (!actor) return out;
  if (isChallenger(actor, c)) out.add("challenger");
  if (actor.role === "admin") out.add("admin");
  if (isPanelMember(tx, actor, c.id)) out.add("panel");
  if (isChallengeBroker(tx, actor, c)) out.add("broker");
  return out;
}

export function isApplicant(actor: Actor | null, a: Pick<ChallengeApplication, "orgId">): boolean {
  return !!actor && actor.orgId === a.orgId && (actor.role === "institute" || actor.role === "enterprise");
}

export function canSeeApplication(tx: Db | Tx, actor: Actor | null, c: Challenge, a: ChallengeApplication): boolean {
  return isApplicant(actor, a) || partiesOf(tx, actor, c).size > 0;
}

/** Scores come from the challenger and the panel. */
export function canScore(tx: Db | Tx, actor: Actor | null, c: Challenge): boolean {
  const p = partiesOf(tx, actor, c);
  return p.has("challenger") || p.has("panel");
}

/** Shortlisting, awarding, milestone plans and acceptance belong to the challenger. */
export function canDecide(actor: Actor | null, c: Challenge): boolean {
  return isChallenger(actor, c);
}

/** Members of verified organisations who may apply: institutes and enterprises, not the challenger's own. */
export function mayApply(actor: Actor | null, c: Pick<Challenge, "orgId">): "ok" | "forbidden" | "unverified" | "own_org" {
  if (!actor || (actor.role !== "institute" && actor.role !== "enterprise")) return "forbidden";
  if (!actor.orgVerified) return "unverified";
  if (actor.orgId === c.orgId) return "own_org";
  return "ok";
}
