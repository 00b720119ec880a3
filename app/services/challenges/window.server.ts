import { and, eq, inArray, lte } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../../../db/connection";
import { challengeApplications, challenges, type Challenge } from "../../../db/schema";
import { enqueueSearchSync } from "../../../search/outbox";
import type { Actor } from "../actor";
import { writeAudit } from "../audit.server";
import { bumpDataVersion } from "../data-versions.server";
import { deny, effectiveStatus, link, loadChallenge, notifyOrg, type ChallengeResult } from "./common.server";
import { isChallenger } from "./permissions.server";

// The application window. The services judge it by the clock; this sweep (hourly, under its
// lease) brings the stored status in step and tells the parties the window opened or closed.
// The challenger may also close a running window early.

function closeNow(tx: Tx, actor: Actor | null, before: Challenge, now: Date, action: string, requestId: string | null = null): void {
  const t = now.toISOString();
  const early = before.closesAt > t;
  const after = tx
    .update(challenges)
    .set({ status: "closed", closedAt: t, ...(early ? { closesAt: t } : {}), updatedAt: t })
    .where(eq(challenges.id, before.id))
    .returning()
    .get();
  writeAudit(tx, { actor, system: actor ? undefined : "sweep", action, entity: "challenge", entityId: before.id, before, after, requestId });
  notifyOrg(tx, before.orgId, "challenge_window_closed", { title: before.title }, link(before.id, "/applications"), `challenge-closed:${before.id}`);
  const applicants = tx
    .select({ orgId: challengeApplications.orgId })
    .from(challengeApplications)
    .where(eq(challengeApplications.challengeId, before.id))
    .all();
  for (const a of applicants) notifyOrg(tx, a.orgId, "challenge_window_closed", { title: before.title }, link(before.id), `challenge-closed:${before.id}`);
  enqueueSearchSync(tx, "challenge", before.id);
}

/** Advances stored statuses to what the clock says: published → open → closed. Returns how many moved. */
export function sweepChallengeWindows(db: Db, now: Date = new Date()): { opened: number; closed: number } {
  const t = now.toISOString();
  return writeTx(db, (tx) => {
    let opened = 0;
    let closed = 0;
    const due = tx
      .select()
      .from(challenges)
      .where(and(inArray(challenges.status, ["published", "open"]), lte(challenges.opensAt, t)))
      .all();
    for (const before of due) {
      const status = effectiveStatus(before, now);
      if (status === "closed") {
        closeNow(tx, null, before, now, "close");
        closed++;
      } else if (status === "open" && before.status === "published") {
        const after = tx.update(challenges).set({ status: "open", updatedAt: t }).where(eq(challenges.id, before.id)).returning().get();
        writeAudit(tx, { actor: null, system: "sweep", action: "open", entity: "challenge", entityId: before.id, before, after });
        notifyOrg(tx, before.orgId, "challenge_window_opened", { title: before.title }, link(before.id), `challenge-open:${before.id}`);
        enqueueSearchSync(tx, "challenge", before.id);
        opened++;
      }
    }
    if (opened || closed) bumpDataVersion(tx, "listings");
    return { opened, closed };
  });
}

/** The challenger ends a running window now (no more applications); the window's end becomes this instant. */
export function closeChallengeEarly(db: Db, actor: Actor, id: number, requestId: string | null = null, now: Date = new Date()): ChallengeResult {
  return writeTx(db, (tx): ChallengeResult => {
    const before = loadChallenge(tx, id);
    if (!before) return deny(tx, actor, "close", id, "not_found", requestId);
    if (!isChallenger(actor, before)) return deny(tx, actor, "close", id, "forbidden", requestId);
    const status = effectiveStatus(before, now);
    if (status !== "open" && !(status === "closed" && before.status !== "closed")) return deny(tx, actor, "close", id, "conflict", requestId);
    closeNow(tx, actor, before, now, "close_early", requestId);
    bumpDataVersion(tx, "listings");
    return { ok: true };
  });
}
