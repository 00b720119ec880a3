import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import type { Db, Tx } from "../../db/connection";
import { achievements, challenges, matches, needClaims, needs, scenarios } from "../../db/schema";
import { LISTING_SUBJECTS, type ListingSubject, type Role } from "../codes";
import { todayInShanghai } from "../i18n";
import type { Actor } from "./actor";

// The four kinds of listing a member may write to or attach files to — needs, achievements,
// challenges and scenarios — seen through the few columns they share (owner organisation,
// status, title). Which statuses are public, open to interest or editable, who owns one, and
// who its lead broker is: every rule per kind is written here, once.

export interface ListingRef {
  subject: ListingSubject;
  id: number;
  orgId: number;
  status: string;
  title: string;
  /** Anyone may see it. */
  isPublic: boolean;
  /** Published and open: members may express interest now. */
  isOpen: boolean;
  /** Its owner may still change it (and its attachments). */
  isEditable: boolean;
}

type Row = { id: number; orgId: number; status: string; title: string };

interface SubjectRules {
  load(db: Db | Tx, id: number): (Row & { opensOn?: string; closesOn?: string; needId?: number | null }) | undefined;
  publicStatuses: readonly string[];
  editableStatuses: readonly string[];
  /** The roles whose members of the owning organisation act for it. */
  ownerRoles: readonly Role[];
  open(row: Row & { opensOn?: string; closesOn?: string }, today: string): boolean;
  path: string;
}

const RULES: Record<ListingSubject, SubjectRules> = {
  need: {
    load: (db, id) => db.select({ id: needs.id, orgId: needs.orgId, status: needs.status, title: needs.title }).from(needs).where(eq(needs.id, id)).get(),
    publicStatuses: ["published", "matched", "closed"],
    editableStatuses: ["draft", "rejected", "withdrawn"],
    ownerRoles: ["enterprise"],
    open: (row) => row.status === "published",
    path: "/needs",
  },
  achievement: {
    load: (db, id) =>
      db
        .select({ id: achievements.id, orgId: achievements.orgId, status: achievements.status, title: achievements.title })
        .from(achievements)
        .where(eq(achievements.id, id))
        .get(),
    publicStatuses: ["published", "transferred"],
    editableStatuses: ["draft", "rejected", "withdrawn"],
    ownerRoles: ["institute"],
    open: (row) => row.status === "published",
    path: "/achievements",
  },
  challenge: {
    load: (db, id) =>
      db
        .select({ id: challenges.id, orgId: challenges.orgId, status: challenges.status, title: challenges.title, needId: challenges.needId })
        .from(challenges)
        .where(eq(challenges.id, id))
        .get(),
    publicStatuses: ["published", "open", "closed", "shortlisted", "awarded", "accepted", "paid", "cancelled"],
    editableStatuses: ["draft", "returned"],
    ownerRoles: ["enterprise", "admin"],
    open: (row) => row.status === "published" || row.status === "open",
    path: "/challenges",
  },
  scenario: {
    load: (db, id) =>
      db
        .select({
          id: scenarios.id,
          orgId: scenarios.orgId,
          status: scenarios.status,
          title: scenarios.title,
          opensOn: scenarios.opensOn,
          closesOn: scenarios.closesOn,
        })
        .from(scenarios)
        .where(eq(scenarios.id, id))
        .get(),
    publicStatuses: ["published", "closed"],
    editableStatuses: ["draft", "returned", "withdrawn"],
    ownerRoles: ["enterprise", "institute", "admin"],
    open: (row, today) => row.status === "published" && !!row.opensOn && !!row.closesOn && row.opensOn <= today && today <= row.closesOn,
    path: "/scenarios",
  },
};

/** A route's subject parameter, or null when it names no kind of listing. */
export function parseSubject(value: string | undefined): ListingSubject | null {
  return (LISTING_SUBJECTS as readonly string[]).includes(value ?? "") ? (value as ListingSubject) : null;
}

/** A listing of any kind as the shared rules see it; null when there is no such record. */
export function loadListing(db: Db | Tx, subject: ListingSubject, id: number, now: Date = new Date()): ListingRef | null {
  const rules = RULES[subject];
  const row = rules.load(db, id);
  if (!row) return null;
  return {
    subject,
    id: row.id,
    orgId: row.orgId,
    status: row.status,
    title: row.title,
    isPublic: rules.publicStatuses.includes(row.status),
    isOpen: rules.open(row, todayInShanghai(now)),
    isEditable: rules.editableStatuses.includes(row.status),
  };
}

/** The public page of a listing. */
export function listingPath(subject: ListingSubject, id: number): string {
  return `${RULES[subject].path}/${id}`;
}

/** The owner's edit page of a listing, where its attachments are managed. */
export function listingEditPath(subject: ListingSubject, id: number): string {
  return `${RULES[subject].path}/${id}/edit`;
}

/** The roles whose members act for the organisation that owns a listing of this kind. */
export function listingOwnerRoles(subject: ListingSubject): readonly Role[] {
  return RULES[subject].ownerRoles;
}

/** A member acting for the organisation that owns the listing. */
export function isListingOwner(actor: Actor | null, listing: Pick<ListingRef, "subject" | "orgId">): boolean {
  return !!actor && actor.orgId === listing.orgId && RULES[listing.subject].ownerRoles.includes(actor.role);
}

/** Who may see a listing (and its attachments): anyone once public; before that its owners and the Bureau. */
export function canSeeListing(actor: Actor | null, listing: ListingRef): boolean {
  return listing.isPublic || isListingOwner(actor, listing) || actor?.role === "admin";
}

const LIVE_STAGES = ["contacted", "negotiating"] as const;

/**
 * The broker who leads the listing, if any: a need's claim (for a challenge, the claim on the
 * need it grew from); for an achievement or a scenario, the broker of its latest live deal.
 */
export function leadBrokerOf(db: Db | Tx, subject: ListingSubject, id: number): number | null {
  const claimOf = (needId: number) =>
    db.select({ broker: needClaims.brokerUserId }).from(needClaims).where(eq(needClaims.needId, needId)).get()?.broker ?? null;
  if (subject === "need") return claimOf(id);
  if (subject === "challenge") {
    const needId = db.select({ needId: challenges.needId }).from(challenges).where(eq(challenges.id, id)).get()?.needId;
    return needId ? claimOf(needId) : null;
  }
  const column = subject === "achievement" ? matches.achievementId : matches.scenarioId;
  return (
    db
      .select({ broker: matches.brokerUserId })
      .from(matches)
      .where(and(eq(column, id), inArray(matches.stage, [...LIVE_STAGES]), isNotNull(matches.brokerUserId)))
      .orderBy(desc(matches.stageChangedAt), desc(matches.id))
      .get()?.broker ?? null
  );
}
