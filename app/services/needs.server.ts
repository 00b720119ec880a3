import { and, count, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { needs, organisations, policyTargets, type Need } from "../../db/schema";
import { enqueueSearchSync } from "../../search/outbox";
import { todayInShanghai } from "../i18n";
import type { NeedInput } from "../schemas/listings";
import type { Actor } from "./actor";
import { writeAudit } from "./audit.server";
import { bumpDataVersion, cachedByVersion } from "./data-versions.server";
import { prepared } from "./prepared.server";
import {
  allowedActions,
  submitHeldBack,
  canEdit,
  canSeeContact,
  canView,
  describeCodes,
  isOwner,
  isStale,
  createListing,
  staleCutoff,
  updateListing,
  type SaveResult,
} from "./listings.server";

export type { SaveResult } from "./listings.server";

export function columns(input: NeedInput) {
  return {
    title: input.title,
    description: input.description,
    industryChainId: input.industryChainId,
    techFieldCode: input.techFieldCode,
    budgetMinFen: input.budgetMinWan ?? null,
    budgetMaxFen: input.budgetMaxWan ?? null,
    cooperationModes: input.cooperationModes,
    expectedTrl: input.expectedTrl,
    deadline: input.deadline,
    countyCode: input.countyCode,
    contactName: input.contactName,
    contactPhone: input.contactPhone,
    contactEmail: input.contactEmail ?? null,
  };
}

/** A member of the owning organisation drafts a need. */
export function createNeed(db: Db, actor: Actor, input: NeedInput, requestId: string | null = null): SaveResult {
  return createListing(db, "need", actor, columns(input), requestId);
}

/** Edits a draft, returned or withdrawn need; it goes back to draft and must be submitted again. */
export function updateNeed(db: Db, actor: Actor, id: number, input: NeedInput, requestId: string | null = null): SaveResult {
  return updateListing(db, "need", actor, id, columns(input), requestId);
}

export type NeedView = ReturnType<typeof getNeedForViewer> & {};

/** A need as the viewer may see it, or null when it does not exist for them. */
export function getNeedForViewer(db: Db, viewer: Actor | null, id: number, now: Date = new Date()) {
  const row = prepared(db, "need-for-viewer", () =>
    db
      .select({ need: needs, orgName: organisations.name, orgNameEn: organisations.nameEn })
      .from(needs)
      .innerJoin(organisations, eq(organisations.id, needs.orgId))
      .where(eq(needs.id, sql.placeholder("id")))
      .prepare(),
  ).get({ id });
  if (!row || !canView("need", viewer, row.need)) return null;
  const { need } = row;
  const showContact = canSeeContact(db, "need", viewer, need);
  return {
    need: showContact ? need : { ...need, contactName: null, contactPhone: null, contactEmail: null },
    org: { name: row.orgName, nameEn: row.orgNameEn },
    codes: describeCodes(db, need),
    stale: isStale(need, staleCutoff(db, now)),
    isOwner: isOwner("need", viewer, need),
    canEdit: canEdit("need", viewer, need),
    showContact,
    actions: allowedActions("need", viewer, need),
    submitHeld: submitHeldBack("need", viewer, need),
  };
}

/** Needs for the edit form: only an owner may load them, and only while editable. */
export function getNeedForEdit(db: Db, actor: Actor, id: number): { ok: true; need: Need } | { ok: false; error: "not_found" | "forbidden" | "conflict" } {
  const need = db.select().from(needs).where(eq(needs.id, id)).get();
  if (!need || !canView("need", actor, need)) return { ok: false, error: "not_found" };
  if (!isOwner("need", actor, need)) return { ok: false, error: "forbidden" };
  if (!canEdit("need", actor, need)) return { ok: false, error: "conflict" };
  return { ok: true, need };
}

/** The organisation's own needs, every status, newest first. */
export function listOwnNeeds(db: Db, actor: Actor, now: Date = new Date()) {
  if (actor.role !== "enterprise") return [];
  const cutoff = staleCutoff(db, now);
  return db
    .select()
    .from(needs)
    .where(eq(needs.orgId, actor.orgId))
    .orderBy(desc(needs.updatedAt))
    .all()
    .map((n) => ({ ...n, stale: isStale(n, cutoff) }));
}

/** Closes every published need whose deadline (Beijing date) has passed. Returns how many. */
export function closeExpiredNeeds(db: Db, now: Date = new Date()): number {
  const today = todayInShanghai(now);
  return writeTx(db, (tx) => {
    const expired = tx
      .select()
      .from(needs)
      .where(and(inArray(needs.status, ["published", "matched"]), lt(needs.deadline, today)))
      .all();
    for (const before of expired) {
      const after = tx
        .update(needs)
        .set({ status: "closed", closedAt: now.toISOString(), updatedAt: now.toISOString() })
        .where(eq(needs.id, before.id))
        .returning()
        .get();
      writeAudit(tx, { actor: null, action: "close", entity: "need", entityId: before.id, before, after });
      enqueueSearchSync(tx, "need", before.id);
    }
    if (expired.length) bumpDataVersion(tx, "listings");
    return expired.length;
  });
}

/** The year's needs list against its policy target, e.g. 87 / 100 (targets are seeded policy data). */
export function needsListProgress(db: Db, year: number, before: string | null = null) {
  return cachedByVersion(db, ["listings"], `needs-list-progress:${year}:${before ?? "now"}`, () => computeNeedsListProgress(db, year, before));
}

/** The year's needs list; with `before` (an instant), the needs on it that were published before then. */
function computeNeedsListProgress(db: Db, year: number, before: string | null) {
  const done =
    db
      .select({ n: count() })
      .from(needs)
      .where(and(eq(needs.listYear, year), inArray(needs.status, ["published", "matched", "closed"]), before ? lt(needs.publishedAt, before) : undefined))
      .get()?.n ?? 0;
  const target = db
    .select()
    .from(policyTargets)
    .where(and(eq(policyTargets.indicator, "needs_list"), eq(policyTargets.year, year)))
    .get();
  return { year, done, target: target?.targetValue ?? null };
}
