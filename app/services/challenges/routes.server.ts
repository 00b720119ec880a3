import { json, redirect } from "@remix-run/node";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { needs, type Challenge } from "../../../db/schema";
import type { Actor } from "../actor";
import { criteriaText } from "../../schemas/challenges";
import { forbidden, notFound } from "../http.server";
import { fenToWanInput } from "../money";
import type { ChallengeError } from "./common.server";
import { beijingDate, lastWindowDay } from "./posting.server";

// What the challenge pages share around the services: a refusal as a response or a message
// key, the edit form's values, and the poster's needs to start from.

/** A refused step: 404 for what the viewer may not see, 403 for what they may not do, otherwise the message to show. */
export function refusalReply(error: ChallengeError | "unsupported_type" | "too_large", back: string) {
  if (error === "not_found") notFound();
  if (error === "forbidden") forbidden();
  return json({ error: `challenge.error.${error}` as const, back }, { status: 409 });
}

export function doneRedirect(to: string) {
  return redirect(to, { status: 303 });
}

/** The form's values of a stored challenge. */
export function challengeFormValues(c: Challenge): Record<string, string | undefined> {
  return {
    needId: c.needId ? String(c.needId) : undefined,
    title: c.title,
    problem: c.problem,
    indicators: c.indicators,
    industryChainId: c.industryChainId,
    techFieldCode: c.techFieldCode,
    countyCode: c.countyCode,
    rewardWan: fenToWanInput(c.rewardFen),
    payout: c.payout,
    mode: c.mode,
    teams: String(c.teams),
    opensOn: beijingDate(c.opensAt),
    closesOn: lastWindowDay(c.closesAt),
    deliverBy: c.deliverBy,
    qualifications: c.qualifications,
    criteria: criteriaText(c.criteria),
    acceptance: c.acceptance,
    contactName: c.contactName,
    contactPhone: c.contactPhone,
    contactEmail: c.contactEmail ?? undefined,
  };
}

/** The poster's needs a challenge may start from (published or matched). */
export function ownNeedsForChallenge(db: Db, actor: Actor) {
  return db
    .select({ id: needs.id, title: needs.title })
    .from(needs)
    .where(and(eq(needs.orgId, actor.orgId), inArray(needs.status, ["published", "matched"])))
    .orderBy(desc(needs.id))
    .all();
}

/** The form's values prefilled from one of the poster's needs. */
export function prefillFromNeed(db: Db, actor: Actor, needId: number): Record<string, string | undefined> | null {
  const n = db
    .select()
    .from(needs)
    .where(and(eq(needs.id, needId), eq(needs.orgId, actor.orgId)))
    .get();
  if (!n) return null;
  return {
    needId: String(n.id),
    title: n.title,
    problem: n.description,
    industryChainId: n.industryChainId,
    techFieldCode: n.techFieldCode,
    countyCode: n.countyCode,
    rewardWan: n.budgetMaxFen ? fenToWanInput(n.budgetMaxFen) : undefined,
    contactName: n.contactName,
    contactPhone: n.contactPhone,
    contactEmail: n.contactEmail ?? undefined,
  };
}
