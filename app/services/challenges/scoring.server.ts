import { and, eq, sql } from "drizzle-orm";
import { writeTx, type Db } from "../../../db/connection";
import { challengeApplications, challengePanel, challengeScores, users, type Challenge } from "../../../db/schema";
import type { Actor } from "../actor";
import { writeAudit } from "../audit.server";
import { deny, effectiveStatus, loadChallenge, type ChallengeResult } from "./common.server";
import { canScore } from "./permissions.server";

// Scoring: once the window has closed, the challenger and the panel the Bureau names score
// each application 0-100 on every criterion; the weighted total is Σ score × weight / 100 per
// scorer, averaged over the scorers.

const SCORING_STATUSES = ["closed", "shortlisted"] as const;

/** The Bureau names a panel member (any existing, active user). */
export function addPanelMember(
  db: Db,
  actor: Actor,
  challengeId: number,
  userEmail: string,
  requestId: string | null = null,
  now: Date = new Date(),
): ChallengeResult {
  return writeTx(db, (tx): ChallengeResult => {
    const c = loadChallenge(tx, challengeId);
    if (!c) return deny(tx, actor, "panel_add", challengeId, "not_found", requestId);
    if (actor.role !== "admin") return deny(tx, actor, "panel_add", challengeId, "forbidden", requestId);
    const user = tx.select({ id: users.id, disabledAt: users.disabledAt }).from(users).where(eq(users.email, userEmail.toLowerCase())).get();
    if (!user || user.disabledAt) return deny(tx, actor, "panel_add", challengeId, "invalid", requestId);
    const row = tx
      .insert(challengePanel)
      .values({ challengeId, userId: user.id, addedBy: actor.id, addedAt: now.toISOString() })
      .onConflictDoNothing()
      .returning()
      .get();
    if (!row) return deny(tx, actor, "panel_add", challengeId, "duplicate", requestId);
    writeAudit(tx, { actor, action: "panel_add", entity: "challenge", entityId: challengeId, after: row, requestId });
    return { ok: true };
  });
}

export function removePanelMember(db: Db, actor: Actor, challengeId: number, userId: number, requestId: string | null = null): ChallengeResult {
  return writeTx(db, (tx): ChallengeResult => {
    if (actor.role !== "admin") return deny(tx, actor, "panel_remove", challengeId, "forbidden", requestId);
    const row = tx
      .delete(challengePanel)
      .where(and(eq(challengePanel.challengeId, challengeId), eq(challengePanel.userId, userId)))
      .returning()
      .get();
    if (!row) return deny(tx, actor, "panel_remove", challengeId, "not_found", requestId);
    writeAudit(tx, { actor, action: "panel_remove", entity: "challenge", entityId: challengeId, before: row, requestId });
    return { ok: true };
  });
}

/** Records (or replaces) the actor's scores of one application, one per criterion in order. */
export function scoreApplication(
  db: Db,
  actor: Actor,
  challengeId: number,
  input: { applicationId: number; scores: number[]; note?: string },
  requestId: string | null = null,
  now: Date = new Date(),
): ChallengeResult {
  return writeTx(db, (tx): ChallengeResult => {
    const c = loadChallenge(tx, challengeId);
    if (!c) return deny(tx, actor, "score", challengeId, "not_found", requestId);
    if (!canScore(tx, actor, c)) return deny(tx, actor, "score", challengeId, "forbidden", requestId);
    if (!(SCORING_STATUSES as readonly string[]).includes(effectiveStatus(c, now))) return deny(tx, actor, "score", challengeId, "not_closed", requestId);
    const app = tx
      .select()
      .from(challengeApplications)
      .where(and(eq(challengeApplications.id, input.applicationId), eq(challengeApplications.challengeId, challengeId)))
      .get();
    if (!app || app.status === "withdrawn") return deny(tx, actor, "score", challengeId, "not_found", requestId);
    if (input.scores.length !== c.criteria.length || input.scores.some((s) => !Number.isInteger(s) || s < 0 || s > 100))
      return deny(tx, actor, "score", challengeId, "invalid", requestId);
    const t = now.toISOString();
    input.scores.forEach((score, criterion) => {
      tx.insert(challengeScores)
        .values({ applicationId: app.id, scorerUserId: actor.id, criterion, score, note: input.note ?? null, scoredAt: t })
        .onConflictDoUpdate({
          target: [challengeScores.applicationId, challengeScores.scorerUserId, challengeScores.criterion],
          set: { score, note: input.note ?? null, scoredAt: t },
        })
        .run();
    });
    writeAudit(tx, { actor, action: "score", entity: "challenge", entityId: challengeId, after: { applicationId: app.id, scores: input.scores }, requestId });
    return { ok: true };
  });
}

export interface ScoreSummary {
  /** Average over scorers of each scorer's weighted total (0-100, one decimal), null when nobody scored. */
  weighted: number | null;
  scorers: number;
  /** Per criterion, the average score. */
  byCriterion: (number | null)[];
}

/** The weighted totals of every application of a challenge, keyed by application id. */
export function scoreSummaries(db: Db, c: Challenge): Map<number, ScoreSummary> {
  const rows = db
    .select({
      applicationId: challengeScores.applicationId,
      scorer: challengeScores.scorerUserId,
      criterion: challengeScores.criterion,
      score: challengeScores.score,
    })
    .from(challengeScores)
    .innerJoin(challengeApplications, eq(challengeApplications.id, challengeScores.applicationId))
    .where(eq(challengeApplications.challengeId, c.id))
    .orderBy(sql`1`)
    .all();
  const byApp = new Map<number, Map<number, number[]>>();
  for (const r of rows) {
    const scorers = byApp.get(r.applicationId) ?? new Map<number, number[]>();
    const list = scorers.get(r.scorer) ?? new Array<number>(c.criteria.length).fill(NaN);
    list[r.criterion] = r.score;
    scorers.set(r.scorer, list);
    byApp.set(r.applicationId, scorers);
  }
  const out = new Map<number, ScoreSummary>();
  for (const [appId, scorers] of byApp) {
    const complete = [...scorers.values()].filter((l) => l.every((s) => !Number.isNaN(s)));
    const totals = complete.map((l) => l.reduce((s, v, i) => s + v * c.criteria[i]!.weight, 0) / 100);
    const weighted = totals.length ? Math.round((totals.reduce((a, b) => a + b, 0) / totals.length) * 10) / 10 : null;
    const byCriterion = c.criteria.map((_, i) => {
      const vals = complete.map((l) => l[i]!);
      return vals.length ? Math.round((vals.reduce((a, b) => a + b, 0) / vals.length) * 10) / 10 : null;
    });
    out.set(appId, { weighted, scorers: complete.length, byCriterion });
  }
  return out;
}

/** The actor's own scores of each application (to fill the scoring form again). */
export function myScores(db: Db, actor: Actor, challengeId: number): Map<number, number[]> {
  const rows = db
    .select({ applicationId: challengeScores.applicationId, criterion: challengeScores.criterion, score: challengeScores.score })
    .from(challengeScores)
    .innerJoin(challengeApplications, eq(challengeApplications.id, challengeScores.applicationId))
    .where(and(eq(challengeApplications.challengeId, challengeId), eq(challengeScores.scorerUserId, actor.id)))
    .all();
  const out = new Map<number, number[]>();
  for (const r of rows) {
    const l = out.get(r.applicationId) ?? [];
    l[r.criterion] = r.score;
    out.set(r.applicationId, l);
  }
  return out;
}
