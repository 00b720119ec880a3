// Who hears of the Bureau's decisions and of a contract's registration, inside the
// transaction that made the change. Each message carries its codes as message keys, so it
// reads in the recipient's language in the inbox and in the e-mail alike.

import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db, Tx } from "../../db/connection";
import { organisations, users, type Contract, type NotificationKind, type Role } from "../../db/schema";
import { notify } from "./notifications.server";

/** The active members of an organisation, optionally only those acting in the given roles. */
export function activeMembers(tx: Tx | Db, orgId: number, roles?: readonly Role[]): number[] {
  const where = and(eq(users.orgId, orgId), isNull(users.disabledAt), roles ? inArray(users.role, [...roles]) : undefined);
  return tx
    .select({ id: users.id })
    .from(users)
    .where(where)
    .all()
    .map((r) => r.id);
}

function notifyEach(
  tx: Tx,
  userIds: Iterable<number>,
  message: { kind: NotificationKind; params: Record<string, string | number>; link: string; dedupeKey?: string },
) {
  for (const userId of new Set(userIds)) notify(tx, { userId, ...message });
}

/**
 * Tells every member of an organisation that the Bureau verified it or refused to. Called in
 * the decision's transaction; `now` is the decision's time, so the same decision is told once.
 */
export function notifyOrganisationDecision(tx: Tx, orgId: number, decision: "verified" | "refused", reason: string | null, now: Date): void {
  const org = tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, orgId)).get();
  if (!org) return;
  const params: Record<string, string> = { org: org.name };
  if (decision === "refused") Object.assign(params, reason?.trim() ? { reason: reason.trim() } : { reasonKey: "notify.reasonNone" });
  notifyEach(tx, activeMembers(tx, orgId), {
    kind: decision === "verified" ? "org_verified" : "org_refused",
    params,
    link: "/account",
    dedupeKey: `org:${decision}:${orgId}:${now.toISOString()}`,
  });
}

const OWNER_ROLE = { need: "enterprise", achievement: "institute" } as const;
const LISTING_PATH = { need: "needs", achievement: "achievements" } as const;

/** Tells the owning organisation's members that the Bureau published their listing or returned it with its reason. */
export function notifyListingReviewed(
  tx: Tx,
  kind: "need" | "achievement",
  listing: { id: number; title: string; orgId: number },
  outcome: "approved" | "returned",
  reason: string | null,
): void {
  const params: Record<string, string> = { title: listing.title, kindKey: `notify.kind.${kind}` };
  if (outcome === "returned") Object.assign(params, reason?.trim() ? { reason: reason.trim() } : { reasonKey: "notify.reasonNone" });
  notifyEach(tx, activeMembers(tx, listing.orgId, [OWNER_ROLE[kind]]), {
    kind: outcome === "approved" ? "listing_approved" : "listing_returned",
    params,
    link: `/${LISTING_PATH[kind]}/${listing.id}`,
  });
}

/**
 * A contract's news goes to whoever filed it, its broker, and the members of the buyer's and
 * the seller's organisations on the platform.
 */
export function notifyContractParties(
  tx: Tx,
  c: Pick<Contract, "id" | "createdBy" | "brokerUserId" | "buyerOrgId" | "sellerOrgId">,
  kind: NotificationKind,
  params: Record<string, string | number>,
): void {
  const people = [c.createdBy, ...(c.brokerUserId === null ? [] : [c.brokerUserId])];
  for (const orgId of [c.buyerOrgId, c.sellerOrgId]) if (orgId !== null) people.push(...activeMembers(tx, orgId));
  notifyEach(tx, people, { kind, params, link: `/contracts/${c.id}` });
}
