import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import {
  challengeApplications,
  challengeFiles,
  challengePanel,
  challenges,
  counties,
  industryChains,
  organisations,
  users,
  type Challenge,
} from "../../../db/schema";
import type { ChallengeStatus } from "../../codes";
import type { Actor } from "../actor";
import { awardedApplications } from "./award.server";
import { effectiveStatus, PUBLIC_CHALLENGE_STATUSES } from "./common.server";
import { milestonesOf } from "./milestones.server";
import { lastWindowDay } from "./posting.server";
import { canDecide, canScore, isApplicant, isChallenger, mayApply, partiesOf } from "./permissions.server";
import { myScores, scoreSummaries, type ScoreSummary } from "./scoring.server";

// What the pages read. A visitor sees a challenge once reviewed; its poster and the Bureau see
// it in every status. Applications are read through canSeeApplication's rule, in the WHERE:
// the parties read all of a challenge's, an applicant only its own organisation's.

/** Reward bands in fen (100万元 = 100,000,000 fen). */
export const REWARD_BANDS = [
  { id: "lt100w", min: 0, max: 99_999_999 },
  { id: "100w-500w", min: 100_000_000, max: 499_999_999 },
  { id: "500w-1000w", min: 500_000_000, max: 999_999_999 },
  { id: "gte1000w", min: 1_000_000_000, max: Number.MAX_SAFE_INTEGER },
] as const;
export type RewardBand = (typeof REWARD_BANDS)[number]["id"];
export function rewardBandOf(fen: number): RewardBand {
  return REWARD_BANDS.find((b) => fen >= b.min && fen <= b.max)?.id ?? "gte1000w";
}

/** The window as a visitor filters it: not yet open, open now, ended. */
export type WindowState = "upcoming" | "open" | "ended";
export function windowStateOf(c: Pick<Challenge, "opensAt" | "closesAt">, now: Date): WindowState {
  const t = now.toISOString();
  return t < c.opensAt ? "upcoming" : t < c.closesAt ? "open" : "ended";
}

function isPublic(c: Challenge): boolean {
  return PUBLIC_CHALLENGE_STATUSES.includes(c.status);
}

/** Who may see the challenge at all. */
export function canViewChallenge(viewer: Actor | null, c: Challenge): boolean {
  return isPublic(c) || isChallenger(viewer, c) || viewer?.role === "admin";
}

function orgNames(db: Db, ids: number[]) {
  if (ids.length === 0) return new Map<number, { name: string; nameEn: string | null }>();
  const rows = db
    .select({ id: organisations.id, name: organisations.name, nameEn: organisations.nameEn })
    .from(organisations)
    .where(inArray(organisations.id, ids))
    .all();
  return new Map(rows.map((r) => [r.id, { name: r.name, nameEn: r.nameEn }]));
}

/** Challenges with their organisation's, chain's and county's names in both languages. */
function challengesWithNames(db: Db) {
  return db
    .select({
      c: challenges,
      orgName: organisations.name,
      orgNameEn: organisations.nameEn,
      chainZh: industryChains.nameZh,
      chainEn: industryChains.nameEn,
      countyZh: counties.nameZh,
      countyEn: counties.nameEn,
    })
    .from(challenges)
    .innerJoin(organisations, eq(organisations.id, challenges.orgId))
    .leftJoin(industryChains, eq(industryChains.id, challenges.industryChainId))
    .leftJoin(counties, eq(counties.code, challenges.countyCode));
}

/** A challenge as the viewer may see it, with the winners once awarded; null when it does not exist for them. */
export function getChallengeForViewer(db: Db, viewer: Actor | null, id: number, now: Date = new Date()) {
  const row = challengesWithNames(db).where(eq(challenges.id, id)).get();
  if (!row || !canViewChallenge(viewer, row.c)) return null;
  const c = row.c;
  const status = effectiveStatus(c, now);
  const winners = ["awarded", "accepted", "paid"].includes(c.status) ? awardedApplications(db, [c.id]) : [];
  const names = orgNames(
    db,
    winners.map((w) => w.orgId),
  );
  const parties = partiesOf(db, viewer, c);
  const mine = viewer
    ? db
        .select({ id: challengeApplications.id, status: challengeApplications.status, submittedAt: challengeApplications.submittedAt })
        .from(challengeApplications)
        .where(and(eq(challengeApplications.challengeId, id), eq(challengeApplications.orgId, viewer.orgId)))
        .get()
    : undefined;
  const showContact = !!viewer;
  return {
    challenge: showContact ? c : { ...c, contactName: null, contactPhone: null, contactEmail: null, reviewNote: null },
    status,
    org: { name: row.orgName, nameEn: row.orgNameEn },
    chain: { zh: row.chainZh, en: row.chainEn },
    county: { zh: row.countyZh, en: row.countyEn },
    winners: winners.map((w) => ({ applicationId: w.id, orgId: w.orgId, awardFen: w.awardFen ?? 0, org: names.get(w.orgId) ?? { name: "", nameEn: null } })),
    parties: [...parties],
    isChallenger: isChallenger(viewer, c),
    myApplication: mine && mine.status ? mine : null,
    canApply: status === "open" && mayApply(viewer, c) === "ok" && !mine,
    applyRefusal: status === "open" ? mayApply(viewer, c) : null,
  };
}
export type ChallengeView = NonNullable<ReturnType<typeof getChallengeForViewer>>;

/** The applications the viewer may see, with files, scores and milestones; null when the viewer sees none. */
export function getApplicationsForViewer(db: Db, viewer: Actor | null, id: number, now: Date = new Date()) {
  const c = db.select().from(challenges).where(eq(challenges.id, id)).get();
  if (!c || !viewer) return null;
  const parties = partiesOf(db, viewer, c);
  const ownOnly = parties.size === 0;
  if (ownOnly && viewer.role !== "institute" && viewer.role !== "enterprise") return null;
  const apps = db
    .select({ a: challengeApplications, orgName: organisations.name, orgNameEn: organisations.nameEn, applicant: users.name })
    .from(challengeApplications)
    .innerJoin(organisations, eq(organisations.id, challengeApplications.orgId))
    .innerJoin(users, eq(users.id, challengeApplications.createdBy))
    .where(and(eq(challengeApplications.challengeId, id), ownOnly ? eq(challengeApplications.orgId, viewer.orgId) : undefined))
    .orderBy(asc(challengeApplications.id))
    .all()
    .filter((r) => !ownOnly || isApplicant(viewer, r.a));
  if (ownOnly && apps.length === 0) return null;
  const files = apps.length
    ? db
        .select({
          id: challengeFiles.id,
          applicationId: challengeFiles.applicationId,
          displayName: challengeFiles.displayName,
          sizeBytes: challengeFiles.sizeBytes,
        })
        .from(challengeFiles)
        .where(
          inArray(
            challengeFiles.applicationId,
            apps.map((r) => r.a.id),
          ),
        )
        .all()
    : [];
  const summaries = ownOnly ? new Map<number, ScoreSummary>() : scoreSummaries(db, c);
  const mineScores = canScore(db, viewer, c) ? myScores(db, viewer, c.id) : new Map<number, number[]>();
  const visibleIds = new Set(apps.map((r) => r.a.id));
  const milestones = milestonesOf(db, id).filter((m) => visibleIds.has(m.m.applicationId));
  const status = effectiveStatus(c, now);
  const panel = parties.has("admin")
    ? db
        .select({ userId: challengePanel.userId, name: users.name, email: users.email })
        .from(challengePanel)
        .innerJoin(users, eq(users.id, challengePanel.userId))
        .where(eq(challengePanel.challengeId, id))
        .all()
    : [];
  return {
    challenge: c,
    status,
    parties: [...parties],
    ownOnly,
    canScore: canScore(db, viewer, c) && (status === "closed" || status === "shortlisted"),
    canDecide: canDecide(viewer, c),
    panel,
    applications: apps.map((r) => ({
      ...r.a,
      orgName: r.orgName,
      orgNameEn: r.orgNameEn,
      applicant: r.applicant,
      files: files.filter((f) => f.applicationId === r.a.id),
      summary: summaries.get(r.a.id) ?? null,
      myScores: mineScores.get(r.a.id) ?? null,
    })),
    milestones: milestones.map((m) => ({ ...m.m, paid: m.ledgerEntryId !== null })),
  };
}
export type ApplicationsView = NonNullable<ReturnType<typeof getApplicationsForViewer>>;

export interface ChallengeFilters {
  status?: ChallengeStatus[];
  rewardBand?: RewardBand[];
  window?: WindowState[];
  countyCode?: string[];
  industryChainId?: string[];
  /** Ids the search engine found for the text, in its order; undefined when there is no text. */
  ids?: number[];
}

/** Public challenges with facet counts over every public challenge; filtered by the facets and, when given, by the search engine's ids. */
export function listPublicChallenges(db: Db, filters: ChallengeFilters = {}, now: Date = new Date()) {
  const rows = challengesWithNames(db)
    .where(inArray(challenges.status, [...PUBLIC_CHALLENGE_STATUSES]))
    .orderBy(desc(challenges.publishedAt), desc(challenges.id))
    .all()
    .map((r) => ({ ...r, status: effectiveStatus(r.c, now), band: rewardBandOf(r.c.rewardFen), window: windowStateOf(r.c, now) }));
  const facets = {
    status: {} as Record<string, number>,
    rewardBand: {} as Record<string, number>,
    window: {} as Record<string, number>,
    countyCode: {} as Record<string, number>,
    industryChainId: {} as Record<string, number>,
  };
  for (const r of rows) {
    facets.status[r.status] = (facets.status[r.status] ?? 0) + 1;
    facets.rewardBand[r.band] = (facets.rewardBand[r.band] ?? 0) + 1;
    facets.window[r.window] = (facets.window[r.window] ?? 0) + 1;
    facets.countyCode[r.c.countyCode] = (facets.countyCode[r.c.countyCode] ?? 0) + 1;
    facets.industryChainId[r.c.industryChainId] = (facets.industryChainId[r.c.industryChainId] ?? 0) + 1;
  }
  const has = <T>(list: T[] | undefined, v: T) => !list || list.length === 0 || list.includes(v);
  let items = rows.filter(
    (r) =>
      has(filters.status, r.status) &&
      has(filters.rewardBand, r.band) &&
      has(filters.window, r.window) &&
      has(filters.countyCode, r.c.countyCode) &&
      has(filters.industryChainId, r.c.industryChainId),
  );
  if (filters.ids) {
    const order = new Map(filters.ids.map((id, i) => [id, i]));
    items = items.filter((r) => order.has(r.c.id)).sort((a, b) => order.get(a.c.id)! - order.get(b.c.id)!);
  }
  const winners = awardedApplications(
    db,
    items.map((r) => r.c.id),
  );
  const names = orgNames(
    db,
    winners.map((w) => w.orgId),
  );
  return {
    total: items.length,
    facets,
    items: items.map((r) => ({
      id: r.c.id,
      title: r.c.title,
      problem: r.c.problem.slice(0, 160),
      rewardFen: r.c.rewardFen,
      mode: r.c.mode,
      teams: r.c.teams,
      opensAt: r.c.opensAt,
      closesAt: r.c.closesAt,
      closesOn: lastWindowDay(r.c.closesAt),
      status: r.status,
      org: { name: r.orgName, nameEn: r.orgNameEn },
      chain: { zh: r.chainZh, en: r.chainEn },
      county: { zh: r.countyZh, en: r.countyEn },
      winners: winners.filter((w) => w.challengeId === r.c.id).map((w) => names.get(w.orgId) ?? { name: "", nameEn: null }),
    })),
  };
}

/** The actor's organisation's challenges, every status, newest first. */
export function listOwnChallenges(db: Db, actor: Actor, now: Date = new Date()) {
  if (actor.role !== "enterprise" && actor.role !== "admin") return [];
  return db
    .select()
    .from(challenges)
    .where(eq(challenges.orgId, actor.orgId))
    .orderBy(desc(challenges.updatedAt))
    .all()
    .map((c) => ({ ...c, status: effectiveStatus(c, now) }));
}

/** The actor's organisation's applications with their challenges. */
export function listOwnApplications(db: Db, actor: Actor) {
  if (actor.role !== "enterprise" && actor.role !== "institute") return [];
  return db
    .select({
      id: challengeApplications.id,
      challengeId: challenges.id,
      title: challenges.title,
      status: challengeApplications.status,
      awardFen: challengeApplications.awardFen,
      submittedAt: challengeApplications.submittedAt,
    })
    .from(challengeApplications)
    .innerJoin(challenges, eq(challenges.id, challengeApplications.challengeId))
    .where(eq(challengeApplications.orgId, actor.orgId))
    .orderBy(desc(challengeApplications.submittedAt))
    .all();
}

/** The Bureau's desk: challenges waiting for review first, then every other, newest first. */
export function listChallengesForBureau(db: Db, now: Date = new Date()) {
  return db
    .select({
      c: challenges,
      orgName: organisations.name,
      applications: sql<number>`(SELECT count(*) FROM challenge_applications a WHERE a.challenge_id = ${challenges.id})`,
    })
    .from(challenges)
    .innerJoin(organisations, eq(organisations.id, challenges.orgId))
    .orderBy(sql`${challenges.status} <> 'submitted'`, desc(challenges.updatedAt))
    .all()
    .filter((r) => r.c.status !== "draft")
    .map((r) => ({ ...r.c, status: effectiveStatus(r.c, now), orgName: r.orgName, applications: r.applications }));
}

/** The challenge for its edit form: only its poster, only while a draft or returned. */
export function getChallengeForEdit(
  db: Db,
  actor: Actor,
  id: number,
): { ok: true; challenge: Challenge } | { ok: false; error: "not_found" | "forbidden" | "conflict" } {
  const c = db.select().from(challenges).where(eq(challenges.id, id)).get();
  if (!c || !canViewChallenge(actor, c)) return { ok: false, error: "not_found" };
  if (!isChallenger(actor, c)) return { ok: false, error: "forbidden" };
  if (c.status !== "draft" && c.status !== "returned") return { ok: false, error: "conflict" };
  return { ok: true, challenge: c };
}
