import { and, eq, inArray, sql } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { achievements, matchDismissals, needs, organisations } from "../../db/schema";
import type { MatchResult, Search } from "../../search/index";
import type { DismissReason } from "../codes";
import type { Actor } from "./actor";
import { writeAudit } from "./audit.server";
import { prepared } from "./prepared.server";
import { isOwner, type ListingKind } from "./listings.server";

export { DISMISS_REASONS, type DismissReason } from "../codes";

/** Suggestions are for the people who act on them: the listing's owners, brokers and the Bureau. */
export function canSeeMatches(kind: ListingKind, actor: Actor | null, row: { orgId: number }): boolean {
  return isOwner(kind, actor, row) || actor?.role === "broker" || actor?.role === "admin";
}

export interface SuggestionView {
  id: number;
  title: string;
  orgName: string;
  score: number;
  explanation: MatchResult["explanation"];
}

/** Numbers and units ("180", "m3", "mg") score a match but tell a reader nothing; words do. */
function isTellingTerm(term: string): boolean {
  if (/\p{Script=Han}/u.test(term)) return true;
  return /^[a-z][a-z-]{2,}$/i.test(term);
}

function label(rows: { id: number; title: string; orgName: string }[]) {
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * The top suggestions for a listing, with their explanation, when the viewer may see them;
 * null otherwise. Only published listings get suggestions.
 */
export async function suggestionsFor(db: Db, search: Search, kind: ListingKind, actor: Actor | null, id: number): Promise<SuggestionView[] | null> {
  // Asked on every view of a listing, by visitors too, who then see no matches: prepared once.
  const source =
    kind === "need"
      ? prepared(db, "need-owner-status", () =>
          db
            .select({ orgId: needs.orgId, status: needs.status })
            .from(needs)
            .where(eq(needs.id, sql.placeholder("id")))
            .prepare(),
        ).get({ id })
      : prepared(db, "achievement-owner-status", () =>
          db
            .select({ orgId: achievements.orgId, status: achievements.status })
            .from(achievements)
            .where(eq(achievements.id, sql.placeholder("id")))
            .prepare(),
        ).get({ id });
  if (!source || !canSeeMatches(kind, actor, source) || source.status !== "published") return null;
  const results = kind === "need" ? await search.matchForNeed(id, { limit: 10 }) : await search.matchForAchievement(id, { limit: 10 });
  const ids = results.map((r) => r.id);
  if (ids.length === 0) return [];
  const targets =
    kind === "need"
      ? db
          .select({ id: achievements.id, title: achievements.title, orgName: organisations.name })
          .from(achievements)
          .innerJoin(organisations, eq(organisations.id, achievements.orgId))
          .where(and(inArray(achievements.id, ids), eq(achievements.status, "published")))
          .all()
      : db
          .select({ id: needs.id, title: needs.title, orgName: organisations.name })
          .from(needs)
          .innerJoin(organisations, eq(organisations.id, needs.orgId))
          .where(and(inArray(needs.id, ids), eq(needs.status, "published")))
          .all();
  const byId = label(targets);
  return results.flatMap((r) => {
    const t = byId.get(r.id);
    if (!t) return [];
    const sharedTerms = r.explanation.sharedTerms.filter(isTellingTerm);
    return [{ id: r.id, title: t.title, orgName: t.orgName, score: r.score, explanation: { ...r.explanation, sharedTerms } }];
  });
}

export type DismissResult = { ok: true } | { ok: false; error: "not_found" | "forbidden" };

/**
 * Removes a suggested pair for good. A broker, the Bureau, or an owner of either side may;
 * the reason is kept, because it is what ranking learns from.
 */
export function dismissMatch(
  db: Db,
  actor: Actor,
  input: { needId: number; achievementId: number; reason: DismissReason; note?: string | undefined },
  requestId: string | null = null,
): DismissResult {
  return writeTx(db, (tx): DismissResult => {
    const need = tx.select({ orgId: needs.orgId }).from(needs).where(eq(needs.id, input.needId)).get();
    const achievement = tx.select({ orgId: achievements.orgId }).from(achievements).where(eq(achievements.id, input.achievementId)).get();
    if (!need || !achievement) return { ok: false, error: "not_found" };
    const allowed = actor.role === "broker" || actor.role === "admin" || isOwner("need", actor, need) || isOwner("achievement", actor, achievement);
    if (!allowed) {
      writeAudit(tx, { actor, action: "denied:dismiss", entity: "match", entityId: `${input.needId}:${input.achievementId}`, requestId });
      return { ok: false, error: "forbidden" };
    }
    const row = { needId: input.needId, achievementId: input.achievementId, reason: input.reason, note: input.note ?? null, dismissedBy: actor.id };
    const inserted = tx.insert(matchDismissals).values(row).onConflictDoNothing().returning().get();
    if (inserted) writeAudit(tx, { actor, action: "dismiss", entity: "match", entityId: `${input.needId}:${input.achievementId}`, after: inserted, requestId });
    return { ok: true };
  });
}
