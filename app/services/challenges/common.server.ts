import { and, eq, isNull } from "drizzle-orm";
import type { Db, Tx } from "../../../db/connection";
import { challenges, users, type Challenge, type NotificationKind } from "../../../db/schema";
import type { ChallengeStatus } from "../../codes";
import type { Actor } from "../actor";
import { writeAudit } from "../audit.server";
import { notify } from "../notifications.server";

// What every challenge service shares: the result type, the refusal that is audited, the
// status a visitor sees at a given instant, and who hears of a step.

export type ChallengeError =
  | "not_found"
  | "forbidden"
  | "unverified"
  | "conflict"
  | "window"
  | "not_closed"
  | "not_shortlisted"
  | "too_many"
  | "over_reward"
  | "own_org"
  | "duplicate"
  | "invalid"
  | "awarded";
export type ChallengeResult<T = object> = ({ ok: true } & T) | { ok: false; error: ChallengeError };

export function loadChallenge(tx: Db | Tx, id: number): Challenge | undefined {
  return tx.select().from(challenges).where(eq(challenges.id, id)).get();
}

/** Writes the refusal as an audit event (denied:<action>) and returns it. */
export function deny(
  tx: Tx,
  actor: Actor | null,
  action: string,
  entityId: number,
  error: ChallengeError,
  requestId: string | null = null,
): { ok: false; error: ChallengeError } {
  writeAudit(tx, { actor, action: `denied:${action}`, entity: "challenge", entityId, after: { reason: error }, requestId });
  return { ok: false, error };
}

/** Statuses before the window opens and while it runs: the window's time decides between them. */
const WINDOW_STATUSES: readonly ChallengeStatus[] = ["published", "open"];

/** The status at `now`: a published challenge is open once its window opens and closed once it ends, whatever the sweep has stored. */
export function effectiveStatus(c: Pick<Challenge, "status" | "opensAt" | "closesAt">, now: Date): ChallengeStatus {
  if (!WINDOW_STATUSES.includes(c.status)) return c.status;
  const t = now.toISOString();
  if (t >= c.closesAt) return "closed";
  if (t >= c.opensAt) return "open";
  return "published";
}

/** True while applications are taken: reviewed, not closed early, and inside the window by the clock. */
export function windowOpen(c: Pick<Challenge, "status" | "opensAt" | "closesAt">, now: Date): boolean {
  return effectiveStatus(c, now) === "open";
}

/** Statuses a visitor may see. */
export const PUBLIC_CHALLENGE_STATUSES: readonly ChallengeStatus[] = ["published", "open", "closed", "shortlisted", "awarded", "accepted", "paid", "cancelled"];

/** Active members of an organisation (every role), who hear of their organisation's challenge or application. */
export function orgMembers(tx: Db | Tx, orgId: number) {
  return tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, orgId), isNull(users.disabledAt)))
    .all();
}

export function notifyOrg(tx: Tx, orgId: number, kind: NotificationKind, params: Record<string, string | number>, link: string, dedupe?: string): void {
  for (const m of orgMembers(tx, orgId)) notify(tx, { userId: m.id, kind, params, link, dedupeKey: dedupe ? `${dedupe}:${m.id}` : null });
}

export function link(id: number, tail = ""): string {
  return `/challenges/${id}${tail}`;
}
