import { and, asc, count, desc, eq, gt, inArray, lte } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../../db/connection";
import { achievements, counties, industryChains, matches, needClaims, needs, organisations, policySettings, techFields, users } from "../../db/schema";
import { enqueueSearchSync } from "../../search/outbox";
import { yearInShanghai } from "../i18n";
import type { Actor } from "./actor";
import { writeAudit } from "./audit.server";
import { bumpDataVersion, cachedByVersion } from "./data-versions.server";
import { prepared } from "./prepared.server";
import { notify } from "./notifications.server";
import { notifyListingReviewed } from "./notify-events.server";

// The review workflow both lists share: a member of the owning organisation drafts and
// submits, the Bureau approves or returns with a reason, the owner withdraws or confirms
// the listing is still current. Needs and achievements differ only in their fields.

export type ListingKind = "need" | "achievement";

export const OWNER_ROLE = { need: "enterprise", achievement: "institute" } as const;

export const PUBLIC_STATUSES = {
  need: ["published", "matched", "closed"],
  achievement: ["published", "transferred"],
} as const satisfies Record<ListingKind, readonly string[]>;

const EDITABLE = ["draft", "rejected", "withdrawn"];
const WITHDRAWABLE = ["submitted", "published", "matched"];
const CONFIRMABLE = ["published", "matched"];

export type ListingAction = "submit" | "withdraw" | "confirm" | "approve" | "reject";

export type WorkflowResult = { ok: true } | { ok: false; error: "not_found" | "forbidden" | "conflict" | "unverified" };

type CommonRow = {
  id: number;
  orgId: number;
  status: string;
  reviewNote: string | null;
  publishedAt: string | null;
  confirmedAt: string | null;
};

// Both tables carry the same workflow columns; this view of them is the one place the
// shared code needs to treat them alike.
function table(kind: ListingKind) {
  return (kind === "need" ? needs : achievements) as unknown as typeof needs;
}

export function isPublicStatus(kind: ListingKind, status: string): boolean {
  return (PUBLIC_STATUSES[kind] as readonly string[]).includes(status);
}

export function isOwner(kind: ListingKind, actor: Actor | null, row: { orgId: number }): boolean {
  return !!actor && actor.role === OWNER_ROLE[kind] && actor.orgId === row.orgId;
}

/** Who may see a listing at all: anyone once public; before that its owners and the Bureau. */
export function canView(kind: ListingKind, actor: Actor | null, row: { orgId: number; status: string }): boolean {
  return isPublicStatus(kind, row.status) || isOwner(kind, actor, row) || actor?.role === "admin";
}

/**
 * Contact details go to the owners, the Bureau, and a broker only once he works on the
 * listing: the need's lead broker, or the broker of a live deal on the achievement.
 */
export function canSeeContact(db: Db, kind: ListingKind, actor: Actor | null, row: { id: number; orgId: number }): boolean {
  if (isOwner(kind, actor, row) || actor?.role === "admin") return true;
  if (actor?.role !== "broker") return false;
  if (kind === "need") {
    return !!db
      .select({ n: needClaims.needId })
      .from(needClaims)
      .where(and(eq(needClaims.needId, row.id), eq(needClaims.brokerUserId, actor.id)))
      .get();
  }
  return !!db
    .select({ id: matches.id })
    .from(matches)
    .where(and(eq(matches.achievementId, row.id), eq(matches.brokerUserId, actor.id), inArray(matches.stage, ["contacted", "negotiating", "signed"])))
    .get();
}

export function canEdit(kind: ListingKind, actor: Actor | null, row: { orgId: number; status: string }): boolean {
  return isOwner(kind, actor, row) && EDITABLE.includes(row.status);
}

/**
 * Whether the owner could submit the listing for review but for their organisation not being
 * verified yet: the page says so instead of offering the button.
 */
export function submitHeldBack(kind: ListingKind, actor: Actor | null, row: { orgId: number; status: string }): boolean {
  return isOwner(kind, actor, row) && EDITABLE.includes(row.status) && !actor?.orgVerified;
}

/** The actions the viewer may take on the listing now, for the page to offer. */
export function allowedActions(kind: ListingKind, actor: Actor | null, row: { orgId: number; status: string }): ListingAction[] {
  const out: ListingAction[] = [];
  if (isOwner(kind, actor, row)) {
    if (EDITABLE.includes(row.status) && actor?.orgVerified) out.push("submit");
    if (WITHDRAWABLE.includes(row.status)) out.push("withdraw");
    if (CONFIRMABLE.includes(row.status)) out.push("confirm");
  }
  if (actor?.role === "admin" && row.status === "submitted") out.push("approve", "reject");
  return out;
}

/**
 * Moves a listing through the workflow: checks the actor and the current state inside the
 * write transaction, then writes the change, its audit event and its search outbox row.
 */
export function transitionListing(
  db: Db,
  kind: ListingKind,
  actor: Actor,
  id: number,
  action: ListingAction,
  options: { reason?: string; requestId?: string | null; now?: Date } = {},
): WorkflowResult {
  const t = table(kind);
  const now = options.now ?? new Date();
  const iso = now.toISOString();
  return writeTx(db, (tx): WorkflowResult => {
    const before = tx.select().from(t).where(eq(t.id, id)).get() as (CommonRow & Record<string, unknown>) | undefined;
    if (!before || !canView(kind, actor, before)) return { ok: false, error: "not_found" };
    if (action === "submit" && submitHeldBack(kind, actor, before)) {
      writeAudit(tx, { actor, action: "denied:submit", entity: kind, entityId: id, after: { reason: "unverified" }, requestId: options.requestId });
      return { ok: false, error: "unverified" };
    }
    if (!allowedActions(kind, actor, before).includes(action)) {
      const permitted = isOwner(kind, actor, before) || actor.role === "admin";
      writeAudit(tx, { actor, action: `denied:${action}`, entity: kind, entityId: id, requestId: options.requestId });
      return { ok: false, error: permitted ? "conflict" : "forbidden" };
    }
    const change: Record<string, unknown> = { updatedAt: iso };
    switch (action) {
      case "submit":
        Object.assign(change, { status: "submitted", submittedAt: iso, reviewNote: null });
        break;
      case "withdraw":
        Object.assign(change, { status: "withdrawn" });
        break;
      case "confirm":
        Object.assign(change, { confirmedAt: iso });
        break;
      case "approve":
        Object.assign(change, { status: "published", publishedAt: iso, confirmedAt: iso, reviewedBy: actor.id, reviewNote: null });
        if (kind === "need") change.listYear = yearInShanghai(now);
        break;
      case "reject":
        Object.assign(change, { status: "rejected", reviewedBy: actor.id, reviewNote: options.reason ?? "" });
        break;
    }
    const after = tx.update(t).set(change).where(eq(t.id, id)).returning().get();
    writeAudit(tx, { actor, action, entity: kind, entityId: id, before, after, requestId: options.requestId });
    if (action === "approve" || action === "reject") {
      const listing = { id, title: String(before.title), orgId: before.orgId };
      notifyListingReviewed(tx, kind, listing, action === "approve" ? "approved" : "returned", options.reason ?? null);
    }
    enqueueSearchSync(tx, kind, id);
    // Publishing, withdrawing or confirming changes the home page's counts and latest lists.
    bumpDataVersion(tx, "listings");
    return { ok: true };
  });
}

/* ------------------------------------------------------------------ drafting */

export type SaveResult = { ok: true; id: number } | { ok: false; fieldErrors: FieldErrors } | { ok: false; error: "not_found" | "forbidden" | "conflict" };

type References = { industryChainId: string; techFieldCode: string; countyCode?: string | null | undefined };

/** A member of the owning kind drafts a listing for their own organisation. */
export function createListing(
  db: Db,
  kind: ListingKind,
  actor: Actor,
  columns: References & Record<string, unknown>,
  requestId: string | null = null,
): SaveResult {
  if (actor.role !== OWNER_ROLE[kind]) return { ok: false, error: "forbidden" };
  const t = table(kind);
  return writeTx(db, (tx): SaveResult => {
    const errors = referenceErrors(tx, { ...columns, countyCode: columns.countyCode ?? undefined });
    if (Object.keys(errors).length) return { ok: false, fieldErrors: errors };
    const row = tx
      .insert(t)
      .values({ ...columns, orgId: actor.orgId, createdBy: actor.id, status: "draft" } as typeof needs.$inferInsert)
      .returning()
      .get();
    writeAudit(tx, { actor, action: "create", entity: kind, entityId: row.id, after: row, requestId });
    return { ok: true, id: row.id };
  });
}

/** Edits a draft, returned or withdrawn listing; it goes back to draft and must be submitted again. */
export function updateListing(
  db: Db,
  kind: ListingKind,
  actor: Actor,
  id: number,
  columns: References & Record<string, unknown>,
  requestId: string | null = null,
): SaveResult {
  const t = table(kind);
  return writeTx(db, (tx): SaveResult => {
    const before = tx.select().from(t).where(eq(t.id, id)).get();
    if (!before || !canView(kind, actor, before)) return { ok: false, error: "not_found" };
    if (!canEdit(kind, actor, before)) {
      writeAudit(tx, { actor, action: "denied:update", entity: kind, entityId: id, requestId });
      return { ok: false, error: isOwner(kind, actor, before) ? "conflict" : "forbidden" };
    }
    const errors = referenceErrors(tx, { ...columns, countyCode: columns.countyCode ?? undefined });
    if (Object.keys(errors).length) return { ok: false, fieldErrors: errors };
    const after = tx
      .update(t)
      .set({ ...columns, status: "draft", updatedAt: new Date().toISOString() } as Partial<typeof needs.$inferInsert>)
      .where(eq(t.id, id))
      .returning()
      .get();
    writeAudit(tx, { actor, action: "update", entity: kind, entityId: id, before, after, requestId });
    enqueueSearchSync(tx, kind, id);
    return { ok: true, id };
  });
}

/* ------------------------------------------------------------------ reference data */

export type FieldErrors = Record<string, string[]>;

/** Checks that the chain, the technical field (a second-level high-tech field) and the county exist. */
export function referenceErrors(tx: Tx | Db, input: { industryChainId: string; techFieldCode: string; countyCode?: string | undefined }): FieldErrors {
  const errors: FieldErrors = {};
  if (!tx.select({ id: industryChains.id }).from(industryChains).where(eq(industryChains.id, input.industryChainId)).get()) {
    errors.industryChainId = ["v.choose"];
  }
  const field = tx.select().from(techFields).where(eq(techFields.code, input.techFieldCode)).get();
  if (!field || field.vocabulary !== "hightech" || field.level !== 2) errors.techFieldCode = ["v.choose"];
  if (input.countyCode !== undefined && !tx.select({ c: counties.code }).from(counties).where(eq(counties.code, input.countyCode)).get()) {
    errors.countyCode = ["v.choose"];
  }
  return errors;
}

export function listFormOptions(db: Db) {
  const fields = db.select().from(techFields).where(eq(techFields.vocabulary, "hightech")).orderBy(asc(techFields.code)).all();
  return {
    chains: db.select().from(industryChains).orderBy(asc(industryChains.sort)).all(),
    counties: db.select().from(counties).orderBy(asc(counties.sort)).all(),
    fieldGroups: fields.filter((f) => f.level === 1).map((parent) => ({ ...parent, children: fields.filter((f) => f.parentCode === parent.code) })),
  };
}
export type FormOptions = ReturnType<typeof listFormOptions>;

/**
 * The vocabularies by code. They are written with the database (seed, migrations) and never
 * while it is served, so each connection reads them once.
 */
export function vocabularyMaps(db: Db) {
  return cachedByVersion(db, [], "vocabularies", () => ({
    chains: new Map(
      db
        .select()
        .from(industryChains)
        .all()
        .map((c) => [c.id, c]),
    ),
    fields: new Map(
      db
        .select()
        .from(techFields)
        .all()
        .map((f) => [f.code, f]),
    ),
    counties: new Map(
      db
        .select()
        .from(counties)
        .all()
        .map((c) => [c.code, c]),
    ),
  }));
}

/** Names for codes shown on a listing. */
export function describeCodes(db: Db, codes: { industryChainId: string; techFieldCode: string; countyCode: string | null }) {
  const v = vocabularyMaps(db);
  const field = v.fields.get(codes.techFieldCode);
  const parent = field?.parentCode ? v.fields.get(field.parentCode) : undefined;
  return {
    chain: v.chains.get(codes.industryChainId) ?? null,
    field: field ?? null,
    fieldParent: parent ?? null,
    county: codes.countyCode ? (v.counties.get(codes.countyCode) ?? null) : null,
  };
}

/* ------------------------------------------------------------------ freshness */

export const DEFAULT_FRESHNESS_DAYS = 180;

export function freshnessDays(db: Db): number {
  const row = prepared(db, "freshness-days", () =>
    db.select({ value: policySettings.value }).from(policySettings).where(eq(policySettings.key, "freshness_days")).prepare(),
  ).get();
  const n = Number(row?.value);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_FRESHNESS_DAYS;
}

/** The instant before which an unconfirmed published listing counts as stale. */
export function staleCutoff(db: Db, now: Date = new Date()): string {
  return new Date(now.getTime() - freshnessDays(db) * 86_400_000).toISOString();
}

export function isStale(row: { status: string; confirmedAt: string | null }, cutoff: string): boolean {
  return (row.status === "published" || row.status === "matched") && (!row.confirmedAt || row.confirmedAt < cutoff);
}

/** Listings awaiting the Bureau's review, oldest first. */
export function listSubmitted(db: Db, kind: ListingKind) {
  const t = table(kind);
  return db
    .select({ id: t.id, title: t.title, orgName: organisations.name, submittedAt: t.submittedAt })
    .from(t)
    .innerJoin(organisations, eq(organisations.id, t.orgId))
    .where(eq(t.status, "submitted"))
    .orderBy(asc(t.submittedAt))
    .all();
}

/** Ids of the given listings that the viewer may see (used to filter search hits defensively). */
export function visibleIds(db: Db, kind: ListingKind, ids: number[]): Set<number> {
  if (ids.length === 0) return new Set();
  const t = table(kind);
  const rows = db
    .select({ id: t.id })
    .from(t)
    .where(and(inArray(t.id, ids), inArray(t.status, [...PUBLIC_STATUSES[kind]] as never[])))
    .all();
  return new Set(rows.map((r) => r.id));
}

/** The newest public listings for the home page. */
export function latestPublished(db: Db, kind: ListingKind, limit: number) {
  const t = table(kind);
  return cachedByVersion(db, ["listings"], `latest-published:${kind}:${limit}`, () =>
    db
      .select({ id: t.id, title: t.title, orgName: organisations.name, publishedAt: t.publishedAt })
      .from(t)
      .innerJoin(organisations, eq(organisations.id, t.orgId))
      .where(eq(t.status, "published"))
      .orderBy(desc(t.publishedAt), desc(t.id))
      .limit(limit)
      .all(),
  );
}

export function countPublished(db: Db, kind: ListingKind): number {
  const t = table(kind);
  return cachedByVersion(
    db,
    ["listings"],
    `count-published:${kind}`,
    () =>
      db
        .select({ n: count() })
        .from(t)
        .where(inArray(t.status, [...PUBLIC_STATUSES[kind]] as never[]))
        .get()?.n ?? 0,
  );
}

/** Whether the listing exists for this viewer at all (a record they may not see is a 404). */
export function listingVisible(db: Db, kind: ListingKind, actor: Actor | null, id: number): boolean {
  const t = table(kind);
  const row = db.select({ orgId: t.orgId, status: t.status }).from(t).where(eq(t.id, id)).get();
  return !!row && canView(kind, actor, row);
}

/** Days before a listing goes stale that its owners are reminded to confirm it. */
export const STALE_REMINDER_DAYS = 7;

/**
 * Reminds the owners of each published listing that will go stale within a week. Once per
 * confirmation: confirming starts a new period and so a new reminder.
 */
export function remindStaleSoon(db: Db, now: Date = new Date()): number {
  const days = freshnessDays(db);
  const from = new Date(now.getTime() - days * 86_400_000).toISOString();
  const to = new Date(now.getTime() - (days - STALE_REMINDER_DAYS) * 86_400_000).toISOString();
  let sent = 0;
  writeTx(db, (tx) => {
    for (const kind of ["need", "achievement"] as const) {
      const t = table(kind);
      const due = tx
        .select({ id: t.id, title: t.title, orgId: t.orgId, confirmedAt: t.confirmedAt })
        .from(t)
        .where(and(inArray(t.status, ["published", "matched"] as never[]), gt(t.confirmedAt, from), lte(t.confirmedAt, to)))
        .all();
      for (const row of due) {
        const owners = tx
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.orgId, row.orgId), eq(users.role, OWNER_ROLE[kind])))
          .all();
        const left = Math.max(1, Math.ceil((Date.parse(row.confirmedAt!) + days * 86_400_000 - now.getTime()) / 86_400_000));
        for (const o of owners) {
          notify(tx, {
            userId: o.id,
            kind: "listing_stale_soon",
            params: { title: row.title, days: left },
            link: "/me/listings",
            dedupeKey: `stale:${kind}:${row.id}:${row.confirmedAt}`,
          });
          sent++;
        }
      }
    }
  });
  return sent;
}
