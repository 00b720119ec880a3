import { eq } from "drizzle-orm";
import { writeTx, type Db } from "../../../db/connection";
import { challengeApplications, challenges } from "../../../db/schema";
import { enqueueSearchSync } from "../../../search/outbox";
import type { Actor } from "../actor";
import { writeAudit } from "../audit.server";
import { bumpDataVersion } from "../data-versions.server";
import { deny, link, loadChallenge, notifyOrg, type ChallengeResult } from "./common.server";
import { isChallenger } from "./permissions.server";

/** Statuses from which a challenge may still be cancelled: nothing has been awarded yet. */
const CANCELLABLE = ["draft", "submitted", "returned", "published", "open", "closed", "shortlisted"] as const;

/** The challenger or the Bureau cancels a challenge with a reason shown publicly; refused once anything is awarded. */
export function cancelChallenge(db: Db, actor: Actor, id: number, reason: string, requestId: string | null = null, now: Date = new Date()): ChallengeResult {
  return writeTx(db, (tx): ChallengeResult => {
    const before = loadChallenge(tx, id);
    if (!before) return deny(tx, actor, "cancel", id, "not_found", requestId);
    if (!isChallenger(actor, before) && actor.role !== "admin") return deny(tx, actor, "cancel", id, "forbidden", requestId);
    const apps = tx.select().from(challengeApplications).where(eq(challengeApplications.challengeId, id)).all();
    if (apps.some((a) => a.status === "awarded") || ["awarded", "accepted", "paid"].includes(before.status))
      return deny(tx, actor, "cancel", id, "awarded", requestId);
    if (!(CANCELLABLE as readonly string[]).includes(before.status)) return deny(tx, actor, "cancel", id, "conflict", requestId);
    const t = now.toISOString();
    const after = tx
      .update(challenges)
      .set({ status: "cancelled", cancelledAt: t, cancelledBy: actor.id, cancelReason: reason, updatedAt: t })
      .where(eq(challenges.id, id))
      .returning()
      .get();
    writeAudit(tx, { actor, action: "cancel", entity: "challenge", entityId: id, before, after, requestId });
    notifyOrg(tx, before.orgId, "challenge_cancelled", { title: before.title, reason }, link(id));
    for (const a of apps) notifyOrg(tx, a.orgId, "challenge_cancelled", { title: before.title, reason }, link(id));
    enqueueSearchSync(tx, "challenge", id);
    bumpDataVersion(tx, "listings");
    return { ok: true };
  });
}
