import { and, desc, eq, sql } from "drizzle-orm";
import { writeTx, type Db } from "../../../db/connection";
import { achievements, matches, organisations, scenarioDismissals, scenarios } from "../../../db/schema";
import { matchContext, type MatchResult, type Search } from "../../../search/index";
import { matchForScenario } from "../../../search/scenario-match";
import type { DismissReason } from "../../codes";
import type { Actor } from "../actor";
import { writeAudit } from "../audit.server";
import { getActiveBroker } from "../brokers.server";
import { openContactedDeal } from "../claims.server";
import { isScenarioOwner } from "./access.server";
import { scenarioOwners } from "./workflow.server";

// The engine's proposals for a scenario, and a broker taking one of them into a deal: the same
// deal room, stages and answers as a need's deal, with the scenario's owner as the buyer side.

export interface ScenarioProposal {
  achievementId: number;
  title: string;
  orgName: string;
  priceFen: number | null;
  score: number;
  explanation: MatchResult["explanation"];
}

/** Numbers and units score a match but tell a reader nothing; words do. */
function isTellingTerm(term: string): boolean {
  return /\p{Script=Han}/u.test(term) || /^[a-z][a-z-]{2,}$/i.test(term);
}

/** Proposals are for those who act on them: the scenario's owners, brokers and the Bureau. */
export function canSeeScenarioProposals(actor: Actor | null, row: { orgId: number }): boolean {
  return isScenarioOwner(actor, row) || actor?.role === "broker" || actor?.role === "admin";
}

/**
 * The top achievements for a published scenario with their explanations, without the pairs
 * already taken into a deal or set aside; null when the viewer may not see them.
 */
export async function scenarioProposals(db: Db, search: Search, actor: Actor | null, scenarioId: number, limit = 10): Promise<ScenarioProposal[] | null> {
  const s = db.select({ orgId: scenarios.orgId, status: scenarios.status }).from(scenarios).where(eq(scenarios.id, scenarioId)).get();
  if (!s || s.status !== "published" || !canSeeScenarioProposals(actor, s)) return null;
  const taken = new Set(
    db
      .select({ id: matches.achievementId })
      .from(matches)
      .where(eq(matches.scenarioId, scenarioId))
      .all()
      .map((r) => r.id),
  );
  const results = (await matchForScenario(matchContext(search, db, null), scenarioId, { limit: limit + taken.size }))
    .filter((r) => !taken.has(r.id))
    .slice(0, limit);
  if (results.length === 0) return [];
  const rows = db
    .select({ id: achievements.id, title: achievements.title, orgName: organisations.name, priceFen: achievements.priceFen })
    .from(achievements)
    .innerJoin(organisations, eq(organisations.id, achievements.orgId))
    .where(and(sql`${achievements.id} in (select value from json_each(${JSON.stringify(results.map((r) => r.id))}))`, eq(achievements.status, "published")))
    .all();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return results.flatMap((r) => {
    const a = byId.get(r.id);
    if (!a) return [];
    const explanation = { ...r.explanation, sharedTerms: r.explanation.sharedTerms.filter(isTellingTerm) };
    return [{ achievementId: a.id, title: a.title, orgName: a.orgName, priceFen: a.priceFen, score: r.score, explanation }];
  });
}

/** The scenario's deals, for its broker page. */
export function scenarioDeals(db: Db, scenarioId: number) {
  return db
    .select({
      id: matches.id,
      achievementId: matches.achievementId,
      title: achievements.title,
      stage: matches.stage,
      score: matches.score,
      brokerUserId: matches.brokerUserId,
    })
    .from(matches)
    .innerJoin(achievements, eq(achievements.id, matches.achievementId))
    .where(eq(matches.scenarioId, scenarioId))
    .orderBy(desc(matches.id))
    .all();
}

export type TakeError = "forbidden" | "inactive_broker" | "not_found" | "conflict" | "dismissed";
export type TakeResult = { ok: true; matchId: number } | { ok: false; error: TakeError };

/**
 * An active broker takes a proposed pair into a deal at stage "contacted": both sides hear of
 * it and each is asked for a reason-coded answer on its interest. The engine's score and
 * explanation go with it; a pair the engine did not rank is the broker's own.
 */
export async function takeScenarioIntoDeal(
  db: Db,
  search: Search,
  actor: Actor,
  input: { scenarioId: number; achievementId: number },
  requestId: string | null = null,
  now: Date = new Date(),
): Promise<TakeResult> {
  const ranked =
    actor.role === "broker"
      ? (await matchForScenario(matchContext(search, db, null), input.scenarioId, { limit: 50, now })).find((r) => r.id === input.achievementId)
      : undefined;
  return writeTx(db, (tx): TakeResult => {
    const pair = `scenario:${input.scenarioId}:${input.achievementId}`;
    const deny = (error: TakeError): TakeResult => {
      writeAudit(tx, { actor, action: "denied:confirm", entity: "match", entityId: pair, after: { reason: error }, requestId });
      return { ok: false, error };
    };
    if (actor.role !== "broker") return deny("forbidden");
    if (!getActiveBroker(tx, actor.id, now)) return deny("inactive_broker");
    const scenario = tx.select().from(scenarios).where(eq(scenarios.id, input.scenarioId)).get();
    const achievement = tx.select().from(achievements).where(eq(achievements.id, input.achievementId)).get();
    if (!scenario || !achievement || achievement.status !== "published" || scenario.status !== "published") return deny("not_found");
    const dismissed = tx
      .select({ id: scenarioDismissals.achievementId })
      .from(scenarioDismissals)
      .where(and(eq(scenarioDismissals.scenarioId, input.scenarioId), eq(scenarioDismissals.achievementId, input.achievementId)))
      .get();
    if (dismissed) return deny("dismissed");
    const existing = tx
      .select()
      .from(matches)
      .where(and(eq(matches.scenarioId, input.scenarioId), eq(matches.achievementId, input.achievementId)))
      .get();
    if (existing && existing.stage !== "suggested") return deny("conflict");
    const match = openContactedDeal(
      tx,
      actor,
      {
        subject: { scenarioId: scenario.id },
        title: scenario.title,
        buyerOrgId: scenario.orgId,
        buyerMembers: scenarioOwners(tx, scenario.orgId),
        achievement,
        existing,
        ranked,
      },
      requestId,
      now,
    );
    return { ok: true, matchId: match.id };
  });
}

export type DismissPairResult = { ok: true } | { ok: false; error: "not_found" | "forbidden" };

/** A broker, the Bureau or an owner of either side sets a proposed pair aside for good, with a reason. */
export function dismissScenarioPair(
  db: Db,
  actor: Actor,
  input: { scenarioId: number; achievementId: number; reason: DismissReason; note?: string | undefined },
  requestId: string | null = null,
  now: Date = new Date(),
): DismissPairResult {
  return writeTx(db, (tx): DismissPairResult => {
    const scenario = tx.select({ orgId: scenarios.orgId }).from(scenarios).where(eq(scenarios.id, input.scenarioId)).get();
    const achievement = tx.select({ orgId: achievements.orgId }).from(achievements).where(eq(achievements.id, input.achievementId)).get();
    if (!scenario || !achievement) return { ok: false, error: "not_found" };
    const pair = `scenario:${input.scenarioId}:${input.achievementId}`;
    const ownsAchievement = actor.role === "institute" && actor.orgId === achievement.orgId;
    if (!(actor.role === "broker" || actor.role === "admin" || isScenarioOwner(actor, scenario) || ownsAchievement)) {
      writeAudit(tx, { actor, action: "denied:dismiss", entity: "match", entityId: pair, requestId });
      return { ok: false, error: "forbidden" };
    }
    const row = { ...input, note: input.note ?? null, dismissedBy: actor.id, createdAt: now.toISOString() };
    const inserted = tx.insert(scenarioDismissals).values(row).onConflictDoNothing().returning().get();
    if (inserted) writeAudit(tx, { actor, action: "dismiss", entity: "match", entityId: pair, after: inserted, requestId });
    return { ok: true };
  });
}
