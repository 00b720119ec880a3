import { and, count, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { achievements, organisations, policyTargets, type Achievement } from "../../db/schema";
import { enqueueSearchSync } from "../../search/outbox";
import { yearInShanghai } from "../i18n";
import type { AchievementInput } from "../schemas/listings";
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
  staleCutoff,
  createListing,
  updateListing,
  type SaveResult,
} from "./listings.server";

export function columns(input: AchievementInput) {
  return {
    title: input.title,
    summary: input.summary,
    keywords: input.keywords,
    industryChainId: input.industryChainId,
    techFieldCode: input.techFieldCode,
    trl: input.trl,
    ipType: input.ipType,
    patentNumbers: input.patentNumbers,
    transferModes: input.transferModes,
    priceFen: input.priceWan ?? null,
    owners: input.owners,
    countyCode: input.countyCode ?? null,
    contactName: input.contactName,
    contactPhone: input.contactPhone,
    contactEmail: input.contactEmail ?? null,
  };
}

/** A member of the owning organisation drafts a achievement. */
export function createAchievement(db: Db, actor: Actor, input: AchievementInput, requestId: string | null = null): SaveResult {
  return createListing(db, "achievement", actor, columns(input), requestId);
}

/** Edits a draft, returned or withdrawn achievement; it goes back to draft and must be submitted again. */
export function updateAchievement(db: Db, actor: Actor, id: number, input: AchievementInput, requestId: string | null = null): SaveResult {
  return updateListing(db, "achievement", actor, id, columns(input), requestId);
}

export function getAchievementForViewer(db: Db, viewer: Actor | null, id: number, now: Date = new Date()) {
  const row = prepared(db, "achievement-for-viewer", () =>
    db
      .select({ achievement: achievements, orgName: organisations.name, orgNameEn: organisations.nameEn })
      .from(achievements)
      .innerJoin(organisations, eq(organisations.id, achievements.orgId))
      .where(eq(achievements.id, sql.placeholder("id")))
      .prepare(),
  ).get({ id });
  if (!row || !canView("achievement", viewer, row.achievement)) return null;
  const a = row.achievement;
  const showContact = canSeeContact(db, "achievement", viewer, a);
  return {
    achievement: showContact ? a : { ...a, contactName: null, contactPhone: null, contactEmail: null },
    org: { name: row.orgName, nameEn: row.orgNameEn },
    codes: describeCodes(db, a),
    stale: isStale(a, staleCutoff(db, now)),
    isOwner: isOwner("achievement", viewer, a),
    canEdit: canEdit("achievement", viewer, a),
    showContact,
    actions: allowedActions("achievement", viewer, a),
    submitHeld: submitHeldBack("achievement", viewer, a),
    canManageList: viewer?.role === "admin" && a.status === "published",
  };
}

export function getAchievementForEdit(
  db: Db,
  actor: Actor,
  id: number,
): { ok: true; achievement: Achievement } | { ok: false; error: "not_found" | "forbidden" | "conflict" } {
  const a = db.select().from(achievements).where(eq(achievements.id, id)).get();
  if (!a || !canView("achievement", actor, a)) return { ok: false, error: "not_found" };
  if (!isOwner("achievement", actor, a)) return { ok: false, error: "forbidden" };
  if (!canEdit("achievement", actor, a)) return { ok: false, error: "conflict" };
  return { ok: true, achievement: a };
}

export function listOwnAchievements(db: Db, actor: Actor, now: Date = new Date()) {
  if (actor.role !== "institute") return [];
  const cutoff = staleCutoff(db, now);
  return db
    .select()
    .from(achievements)
    .where(eq(achievements.orgId, actor.orgId))
    .orderBy(desc(achievements.updatedAt))
    .all()
    .map((a) => ({ ...a, stale: isStale(a, cutoff) }));
}

export type ListResult = { ok: true } | { ok: false; error: "not_found" | "forbidden" | "conflict" };

/** The Bureau puts a published achievement on (or takes it off) the year's transformation project list. */
export function setOnTransformationList(
  db: Db,
  actor: Actor,
  id: number,
  onList: boolean,
  options: { requestId?: string | null; now?: Date } = {},
): ListResult {
  if (actor.role !== "admin") return { ok: false, error: "forbidden" };
  const now = options.now ?? new Date();
  return writeTx(db, (tx): ListResult => {
    const before = tx.select().from(achievements).where(eq(achievements.id, id)).get();
    if (!before) return { ok: false, error: "not_found" };
    if (onList && before.status !== "published") return { ok: false, error: "conflict" };
    if (onList === (before.transformationListYear !== null)) return { ok: true };
    const after = tx
      .update(achievements)
      .set(
        onList
          ? { transformationListYear: yearInShanghai(now), transformationListedAt: now.toISOString(), updatedAt: now.toISOString() }
          : { transformationListYear: null, transformationListedAt: null, updatedAt: now.toISOString() },
      )
      .where(eq(achievements.id, id))
      .returning()
      .get();
    writeAudit(tx, { actor, action: onList ? "tlist.add" : "tlist.remove", entity: "achievement", entityId: id, before, after, requestId: options.requestId });
    enqueueSearchSync(tx, "achievement", id);
    bumpDataVersion(tx, "listings");
    return { ok: true };
  });
}

/** The transformation project list of a year against its target (≥ 200; targets are seeded policy data). */
export function transformationListProgress(db: Db, year: number, before: string | null = null) {
  return cachedByVersion(db, ["listings"], `transformation-list-progress:${year}:${before ?? "now"}`, () =>
    computeTransformationListProgress(db, year, before),
  );
}

/** The year's transformation list; with `before` (an instant), the achievements put on it before then. */
function computeTransformationListProgress(db: Db, year: number, before: string | null) {
  const done =
    db
      .select({ n: count() })
      .from(achievements)
      .where(
        and(
          eq(achievements.transformationListYear, year),
          inArray(achievements.status, ["published", "transferred"]),
          before ? lt(achievements.transformationListedAt, before) : undefined,
        ),
      )
      .get()?.n ?? 0;
  const target = db
    .select()
    .from(policyTargets)
    .where(and(eq(policyTargets.indicator, "transformation_list"), eq(policyTargets.year, year)))
    .get();
  return { year, done, target: target?.targetValue ?? null };
}
