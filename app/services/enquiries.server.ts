import { and, desc, eq, inArray, isNull, type SQL } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../../db/connection";
import { achievements, enquiries, organisations, users, type Enquiry } from "../../db/schema";
import type { EnquiryReason, ListingSubject, ResponseCode } from "../codes";
import { translate, type Locale } from "../i18n";
import type { Actor } from "./actor";
import { writeAudit } from "./audit.server";
import { canSeeListing, leadBrokerOf, listingOwnerRoles, listingPath, loadListing, type ListingRef } from "./listing-subjects.server";
import { notify } from "./notifications.server";

// Expressions of interest: a member of a verified organisation writes, with a reason code, to
// the owner of a published listing (need, achievement, challenge or scenario). The owner's
// members and the listing's lead broker hear of it; the owner answers with the same reason
// codes as a deal's proposals, and the answer counts in the organisation's response rate.

export interface EnquiryInput {
  subject: ListingSubject;
  subjectId: number;
  reason: EnquiryReason;
  message: string;
  /** One of the enquiring institute's own published achievements, when it offers one. */
  achievementId?: number | undefined;
}

export type EnquiryError = "not_found" | "sign_in" | "own_listing" | "not_member" | "unverified" | "not_open" | "duplicate" | "bad_achievement";
export type EnquiryResult = { ok: true; enquiryId: number } | { ok: false; error: EnquiryError; enquiryId?: number };

export type AnswerError = "not_found" | "forbidden" | "answered";
export type AnswerResult = { ok: true } | { ok: false; error: AnswerError };

/** The roles that write to a listing's owner: the members of enterprises and institutes. */
const MEMBER_ROLES = ["enterprise", "institute"] as const;

/** Where an enquiry is read and answered. */
export function enquiryLink(enquiryId: number): string {
  return `/me/enquiries#enquiry-${enquiryId}`;
}

/** The organisation's enquiry on this listing still waiting for an answer, if any. */
export function openEnquiryOf(db: Db | Tx, orgId: number, subject: ListingSubject, subjectId: number): Enquiry | undefined {
  return db
    .select()
    .from(enquiries)
    .where(and(eq(enquiries.fromOrgId, orgId), eq(enquiries.subject, subject), eq(enquiries.subjectId, subjectId), isNull(enquiries.respondedAt)))
    .get();
}

/** Why this actor may not write to this listing now; null when they may. */
function refusal(tx: Db | Tx, actor: Actor | null, listing: ListingRef | null, input: EnquiryInput): { error: EnquiryError; enquiryId?: number } | null {
  if (!listing || !canSeeListing(actor, listing)) return { error: "not_found" };
  if (!actor) return { error: "sign_in" };
  if (actor.orgId === listing.orgId) return { error: "own_listing" };
  if (!(MEMBER_ROLES as readonly string[]).includes(actor.role)) return { error: "not_member" };
  const org = tx.select({ verifiedAt: organisations.verifiedAt }).from(organisations).where(eq(organisations.id, actor.orgId)).get();
  if (!org?.verifiedAt) return { error: "unverified" };
  if (!listing.isOpen) return { error: "not_open" };
  if (input.achievementId !== undefined && !offerableAchievements(tx, actor).some((a) => a.id === input.achievementId)) return { error: "bad_achievement" };
  const open = openEnquiryOf(tx, actor.orgId, listing.subject, listing.id);
  if (open) return { error: "duplicate", enquiryId: open.id };
  return null;
}

/**
 * A member expresses interest in a published listing. Refused for a visitor not signed in,
 * the owner's own members, brokers and the Bureau, an unverified organisation, a listing not
 * (or no longer) open, and a second enquiry while the organisation's first is unanswered.
 */
export function expressInterest(db: Db, actor: Actor | null, input: EnquiryInput, now: Date = new Date(), requestId: string | null = null): EnquiryResult {
  return writeTx(db, (tx): EnquiryResult => {
    const listing = loadListing(tx, input.subject, input.subjectId, now);
    const refused = refusal(tx, actor, listing, input);
    if (refused) {
      writeAudit(tx, {
        actor,
        action: "denied:express_interest",
        entity: input.subject,
        entityId: input.subjectId,
        after: { reason: refused.error },
        requestId,
      });
      return { ok: false, ...refused };
    }
    const row = tx
      .insert(enquiries)
      .values({
        subject: listing!.subject,
        subjectId: listing!.id,
        ownerOrgId: listing!.orgId,
        fromOrgId: actor!.orgId,
        fromUserId: actor!.id,
        reason: input.reason,
        message: input.message,
        achievementId: input.achievementId ?? null,
        requestedAt: now.toISOString(),
      })
      .returning()
      .get();
    writeAudit(tx, { actor, action: "express_interest", entity: "enquiry", entityId: row.id, after: row, requestId });
    tellOwner(tx, listing!, row, actor!.id);
    return { ok: true, enquiryId: row.id };
  });
}

function orgName(tx: Db | Tx, orgId: number): string {
  return tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, orgId)).get()?.name ?? "";
}

function localeOf(tx: Db | Tx, userId: number): Locale {
  return tx.select({ locale: users.locale }).from(users).where(eq(users.id, userId)).get()?.locale ?? "zh-CN";
}

/** The owner's members hear of the enquiry in their inbox, and so does the listing's lead broker. */
function tellOwner(tx: Tx, listing: ListingRef, row: Enquiry, exclude: number): void {
  const members = tx
    .select({ id: users.id, locale: users.locale })
    .from(users)
    .where(and(eq(users.orgId, listing.orgId), inArray(users.role, [...listingOwnerRoles(listing.subject)]), isNull(users.disabledAt)))
    .all();
  const from = orgName(tx, row.fromOrgId);
  const told = new Set<number>([exclude]);
  const send = (userId: number, locale: Locale, link: string) => {
    if (told.has(userId)) return;
    told.add(userId);
    notify(tx, {
      userId,
      // A scenario's owner hears of it as a solver's interest in the site (场景对接意向).
      kind: listing.subject === "scenario" ? "scenario_interest" : "enquiry_received",
      params: { org: from, title: listing.title, reason: translate(locale, `enquiry.reason.${row.reason}`) },
      link,
    });
  };
  for (const m of members) send(m.id, m.locale, enquiryLink(row.id));
  const broker = leadBrokerOf(tx, listing.subject, listing.id);
  // The broker reads the listing itself; the enquiry's text stays between the two organisations.
  if (broker !== null) send(broker, localeOf(tx, broker), listingPath(listing.subject, listing.id));
}

/**
 * The owner answers an enquiry with a reason code and an optional note, once; the member
 * who wrote hears of it.
 */
export function answerEnquiry(
  db: Db,
  actor: Actor,
  input: { enquiryId: number; code: ResponseCode; note?: string | undefined },
  now: Date = new Date(),
  requestId: string | null = null,
): AnswerResult {
  return writeTx(db, (tx): AnswerResult => {
    const before = tx.select().from(enquiries).where(eq(enquiries.id, input.enquiryId)).get();
    const error: AnswerError | null = !before
      ? "not_found"
      : before.ownerOrgId !== actor.orgId || !listingOwnerRoles(before.subject).includes(actor.role)
        ? "forbidden"
        : before.respondedAt
          ? "answered"
          : null;
    if (error || !before) {
      writeAudit(tx, { actor, action: "denied:answer_enquiry", entity: "enquiry", entityId: input.enquiryId, after: { reason: error }, requestId });
      return { ok: false, error: error ?? "not_found" };
    }
    const after = tx
      .update(enquiries)
      .set({ code: input.code, note: input.note ?? null, respondedAt: now.toISOString(), respondedBy: actor.id })
      .where(and(eq(enquiries.id, before.id), isNull(enquiries.respondedAt)))
      .returning()
      .get();
    writeAudit(tx, { actor, action: "answer_enquiry", entity: "enquiry", entityId: before.id, before, after, requestId });
    const listing = loadListing(tx, before.subject, before.subjectId, now);
    const locale = localeOf(tx, before.fromUserId);
    notify(tx, {
      userId: before.fromUserId,
      kind: "enquiry_answered",
      params: { org: orgName(tx, before.ownerOrgId), title: listing?.title ?? "", code: translate(locale, `deal.code.${input.code}`) },
      link: enquiryLink(before.id),
    });
    return { ok: true };
  });
}

/** The institute's own published achievements it may name in an enquiry. */
export function offerableAchievements(db: Db | Tx, actor: Actor | null): { id: number; title: string }[] {
  if (actor?.role !== "institute") return [];
  return db
    .select({ id: achievements.id, title: achievements.title })
    .from(achievements)
    .where(and(eq(achievements.orgId, actor.orgId), eq(achievements.status, "published")))
    .orderBy(desc(achievements.publishedAt))
    .limit(50)
    .all();
}

/** What a listing's page offers the viewer about expressing interest. */
export type InterestState =
  | { kind: "sign_in" }
  | { kind: "form"; achievements: { id: number; title: string }[] }
  | { kind: "sent"; enquiryId: number; requestedAt: string }
  | { kind: "own"; waiting: number }
  | { kind: "unverified" }
  | { kind: "closed" }
  | { kind: "hidden" };

/** The state of the page's interest panel for this viewer and listing. */
export function interestState(db: Db, actor: Actor | null, subject: ListingSubject, subjectId: number, now: Date = new Date()): InterestState {
  const listing = loadListing(db, subject, subjectId, now);
  if (!listing || !canSeeListing(actor, listing)) return { kind: "hidden" };
  if (actor && actor.orgId === listing.orgId) {
    if (!listing.isPublic) return { kind: "hidden" };
    const waiting = db
      .select({ id: enquiries.id })
      .from(enquiries)
      .where(and(eq(enquiries.subject, subject), eq(enquiries.subjectId, subjectId), isNull(enquiries.respondedAt)))
      .all().length;
    return { kind: "own", waiting };
  }
  if (!listing.isOpen) return listing.isPublic ? { kind: "closed" } : { kind: "hidden" };
  if (!actor) return { kind: "sign_in" };
  if (!(MEMBER_ROLES as readonly string[]).includes(actor.role)) return { kind: "hidden" };
  if (!actor.orgVerified) return { kind: "unverified" };
  const open = openEnquiryOf(db, actor.orgId, subject, subjectId);
  if (open) return { kind: "sent", enquiryId: open.id, requestedAt: open.requestedAt };
  return { kind: "form", achievements: offerableAchievements(db, actor) };
}

/* ------------------------------------------------------------------ lists */

export interface EnquiryRow {
  id: number;
  subject: ListingSubject;
  subjectId: number;
  title: string;
  path: string;
  otherOrgId: number;
  otherOrgName: string;
  writerName: string | null;
  reason: EnquiryReason;
  message: string;
  achievementId: number | null;
  achievementTitle: string | null;
  requestedAt: string;
  code: ResponseCode | null;
  note: string | null;
  respondedAt: string | null;
}

function rowsWhere(db: Db, where: SQL, other: "owner" | "from"): EnquiryRow[] {
  const rows = db
    .select({
      e: enquiries,
      otherOrgName: organisations.name,
      writerName: users.name,
      achievementTitle: achievements.title,
    })
    .from(enquiries)
    .innerJoin(organisations, eq(organisations.id, other === "owner" ? enquiries.ownerOrgId : enquiries.fromOrgId))
    .leftJoin(users, eq(users.id, enquiries.fromUserId))
    .leftJoin(achievements, eq(achievements.id, enquiries.achievementId))
    .where(where)
    .orderBy(desc(enquiries.requestedAt), desc(enquiries.id))
    .limit(200)
    .all();
  return rows.map(({ e, otherOrgName, writerName, achievementTitle }) => ({
    id: e.id,
    subject: e.subject,
    subjectId: e.subjectId,
    title: loadListing(db, e.subject, e.subjectId)?.title ?? "",
    path: listingPath(e.subject, e.subjectId),
    otherOrgId: other === "owner" ? e.ownerOrgId : e.fromOrgId,
    otherOrgName,
    writerName,
    reason: e.reason,
    message: e.message,
    achievementId: e.achievementId,
    achievementTitle,
    requestedAt: e.requestedAt,
    code: e.code,
    note: e.note,
    respondedAt: e.respondedAt,
  }));
}

/**
 * The enquiries an organisation received on its listings (to answer) and those it sent. Only
 * the members who act for the owner see what it received: an institute's members do not see
 * enquiries on its enterprise sister's needs, and brokers and the Bureau see none here.
 */
export function listEnquiries(db: Db, actor: Actor): { received: EnquiryRow[]; sent: EnquiryRow[] } {
  if (!(MEMBER_ROLES as readonly string[]).includes(actor.role)) return { received: [], sent: [] };
  const received = rowsWhere(db, eq(enquiries.ownerOrgId, actor.orgId), "from").filter((r) => listingOwnerRoles(r.subject).includes(actor.role));
  const sent = rowsWhere(db, eq(enquiries.fromOrgId, actor.orgId), "owner");
  return { received, sent };
}

/** How many enquiries to the organisation wait for its answer. */
export function waitingEnquiries(db: Db, orgId: number): number {
  return db
    .select({ id: enquiries.id })
    .from(enquiries)
    .where(and(eq(enquiries.ownerOrgId, orgId), isNull(enquiries.respondedAt)))
    .all().length;
}
