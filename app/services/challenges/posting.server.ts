import { and, eq } from "drizzle-orm";
import { writeTx, type Db } from "../../../db/connection";
import { challenges, needs, type Challenge, type NewChallenge } from "../../../db/schema";
import { enqueueSearchSync } from "../../../search/outbox";
import type { ChallengeInput } from "../../schemas/challenges";
import type { Actor } from "../actor";
import { writeAudit } from "../audit.server";
import { bumpDataVersion } from "../data-versions.server";
import { deny, link, loadChallenge, notifyOrg, type ChallengeResult } from "./common.server";
import { isChallenger } from "./permissions.server";

// Posting and review: an enterprise member of a verified organisation, or the Bureau, drafts a
// challenge (from one of its needs or from scratch) and submits it; the Bureau publishes it
// or returns it with a reason. Only a draft or returned challenge can be edited.

const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3_600_000;

/** The instant a Beijing date starts, in UTC ISO. */
export function beijingDayStart(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - BEIJING_MS).toISOString();
}

/** The window as instants: from the first day's start to the end of the last day (Beijing). */
export function windowOf(input: Pick<ChallengeInput, "opensOn" | "closesOn">): { opensAt: string; closesAt: string } {
  return { opensAt: beijingDayStart(input.opensOn), closesAt: new Date(Date.parse(beijingDayStart(input.closesOn)) + DAY_MS).toISOString() };
}

/** The Beijing date of an instant. */
export function beijingDate(iso: string): string {
  return new Date(Date.parse(iso) + BEIJING_MS).toISOString().slice(0, 10);
}

/** The last Beijing day of a window that ends at a day's end. */
export function lastWindowDay(closesAt: string): string {
  return beijingDate(new Date(Date.parse(closesAt) - 1).toISOString());
}

function columns(input: ChallengeInput, needId: number | null): Omit<NewChallenge, "orgId" | "createdBy"> {
  return {
    needId,
    title: input.title,
    problem: input.problem,
    indicators: input.indicators,
    industryChainId: input.industryChainId,
    techFieldCode: input.techFieldCode,
    countyCode: input.countyCode,
    rewardFen: input.rewardWan,
    payout: input.payout,
    mode: input.mode,
    teams: input.mode === "single" ? 1 : input.teams,
    ...windowOf(input),
    deliverBy: input.deliverBy,
    qualifications: input.qualifications,
    criteria: input.criteria,
    acceptance: input.acceptance,
    contactName: input.contactName,
    contactPhone: input.contactPhone,
    contactEmail: input.contactEmail ?? null,
  };
}

/** Who may post: an enterprise member of a verified organisation, or the Bureau. */
function mayPost(actor: Actor): "ok" | "forbidden" | "unverified" {
  if (actor.role === "admin") return "ok";
  if (actor.role !== "enterprise") return "forbidden";
  return actor.orgVerified ? "ok" : "unverified";
}

/** A need of the poster's own organisation, or null when none is given; undefined when the id is not one of its needs. */
function ownNeedId(db: Db, actor: Actor, needId: number | undefined): number | null | undefined {
  if (needId === undefined) return null;
  const need = db
    .select({ id: needs.id })
    .from(needs)
    .where(and(eq(needs.id, needId), eq(needs.orgId, actor.orgId)))
    .get();
  return need ? need.id : undefined;
}

/** Drafts a challenge for the actor's organisation. */
export function createChallenge(
  db: Db,
  actor: Actor,
  input: ChallengeInput,
  requestId: string | null = null,
  now: Date = new Date(),
): ChallengeResult<{ id: number }> {
  return writeTx(db, (tx): ChallengeResult<{ id: number }> => {
    const may = mayPost(actor);
    if (may !== "ok") return deny(tx, actor, "create", 0, may, requestId);
    const needId = ownNeedId(db, actor, input.needId);
    if (needId === undefined) return deny(tx, actor, "create", 0, "forbidden", requestId);
    const t = now.toISOString();
    const row = tx
      .insert(challenges)
      .values({ ...columns(input, needId), orgId: actor.orgId, createdBy: actor.id, status: "draft", createdAt: t, updatedAt: t })
      .returning()
      .get();
    writeAudit(tx, { actor, action: "create", entity: "challenge", entityId: row.id, after: row, requestId });
    return { ok: true, id: row.id };
  });
}

/** Edits a draft or returned challenge; it stays a draft until submitted again. */
export function updateChallenge(
  db: Db,
  actor: Actor,
  id: number,
  input: ChallengeInput,
  requestId: string | null = null,
  now: Date = new Date(),
): ChallengeResult {
  return writeTx(db, (tx): ChallengeResult => {
    const before = loadChallenge(tx, id);
    if (!before) return deny(tx, actor, "update", id, "not_found", requestId);
    if (!isChallenger(actor, before)) return deny(tx, actor, "update", id, "forbidden", requestId);
    if (before.status !== "draft" && before.status !== "returned") return deny(tx, actor, "update", id, "conflict", requestId);
    const needId = ownNeedId(db, actor, input.needId);
    if (needId === undefined) return deny(tx, actor, "update", id, "forbidden", requestId);
    const after = tx
      .update(challenges)
      .set({ ...columns(input, needId), status: "draft", updatedAt: now.toISOString() })
      .where(eq(challenges.id, id))
      .returning()
      .get();
    writeAudit(tx, { actor, action: "update", entity: "challenge", entityId: id, before, after, requestId });
    return { ok: true };
  });
}

/** Sends a draft to the Bureau's review queue. */
export function submitChallenge(db: Db, actor: Actor, id: number, requestId: string | null = null, now: Date = new Date()): ChallengeResult {
  return writeTx(db, (tx): ChallengeResult => {
    const before = loadChallenge(tx, id);
    if (!before) return deny(tx, actor, "submit", id, "not_found", requestId);
    if (!isChallenger(actor, before)) return deny(tx, actor, "submit", id, "forbidden", requestId);
    if (before.status !== "draft" && before.status !== "returned") return deny(tx, actor, "submit", id, "conflict", requestId);
    if (before.closesAt <= now.toISOString()) return deny(tx, actor, "submit", id, "window", requestId);
    const t = now.toISOString();
    const after = tx.update(challenges).set({ status: "submitted", submittedAt: t, updatedAt: t }).where(eq(challenges.id, id)).returning().get();
    writeAudit(tx, { actor, action: "submit", entity: "challenge", entityId: id, before, after, requestId });
    return { ok: true };
  });
}

/**
 * The Bureau's review: approve publishes the challenge (open at once when its window has
 * begun), return sends it back with a reason the poster sees.
 */
export function reviewChallenge(
  db: Db,
  actor: Actor,
  id: number,
  decision: { decision: "approve" } | { decision: "return"; reason: string },
  requestId: string | null = null,
  now: Date = new Date(),
): ChallengeResult {
  return writeTx(db, (tx): ChallengeResult => {
    const before = loadChallenge(tx, id);
    if (!before) return deny(tx, actor, "review", id, "not_found", requestId);
    if (actor.role !== "admin") return deny(tx, actor, "review", id, "forbidden", requestId);
    if (before.status !== "submitted") return deny(tx, actor, "review", id, "conflict", requestId);
    const t = now.toISOString();
    let after: Challenge;
    if (decision.decision === "approve") {
      if (before.closesAt <= t) return deny(tx, actor, "review", id, "window", requestId);
      const status = before.opensAt <= t ? "open" : "published";
      after = tx
        .update(challenges)
        .set({ status, publishedAt: t, reviewedBy: actor.id, reviewNote: null, updatedAt: t })
        .where(eq(challenges.id, id))
        .returning()
        .get();
      notifyOrg(tx, before.orgId, "listing_approved", { title: before.title, kindKey: "notify.kind.challenge" }, link(id));
      if (status === "open") notifyOrg(tx, before.orgId, "challenge_window_opened", { title: before.title }, link(id), `challenge-open:${id}`);
      bumpDataVersion(tx, "listings");
    } else {
      after = tx
        .update(challenges)
        .set({ status: "returned", reviewNote: decision.reason, reviewedBy: actor.id, updatedAt: t })
        .where(eq(challenges.id, id))
        .returning()
        .get();
      notifyOrg(tx, before.orgId, "listing_returned", { title: before.title, kindKey: "notify.kind.challenge", reason: decision.reason }, link(id));
    }
    writeAudit(tx, { actor, action: decision.decision === "approve" ? "approve" : "return", entity: "challenge", entityId: id, before, after, requestId });
    enqueueSearchSync(tx, "challenge", id);
    return { ok: true };
  });
}
