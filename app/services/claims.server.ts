import { and, asc, desc, eq, inArray, isNotNull, isNull, ne, sql } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../../db/connection";
import { achievements, dealEvents, dealResponses, industryChains, matchDismissals, matches, needClaims, needs, organisations, users } from "../../db/schema";
import type { MatchResult, Search } from "../../search/index";
import { INTEREST_SUBJECT } from "../schemas/deals";
import type { Actor } from "./actor";
import { writeAudit } from "./audit.server";
import { brokerStanding, getActiveBroker } from "./brokers.server";
import { dismissMatch, type DismissReason } from "./matching.server";
import { notify } from "./notifications.server";
import { prepared } from "./prepared.server";

// A broker's part before a deal exists: he takes a published need as its lead broker (one
// per need), looks at what the engine suggests for it, and confirms a pairing (which opens
// the deal room and asks both sides whether they are interested) or dismisses it for good.

export type ClaimError = "not_found" | "forbidden" | "inactive_broker" | "taken" | "conflict";
export type ClaimResult = { ok: true } | { ok: false; error: ClaimError };

/** Needs a broker may take: published and not matched or closed. */
const CLAIMABLE = ["published"] as const;

/** Members of an organisation in the role that acts for it on this side of a deal. */
export function sideMembers(tx: Db | Tx, orgId: number, role: "enterprise" | "institute") {
  return tx
    .select({ id: users.id, locale: users.locale })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.role, role), isNull(users.disabledAt)))
    .all();
}

/**
 * Published needs nobody leads yet, newest first. `chains` narrows them to the industry
 * chains given (the broker's specialties by default); null shows every chain.
 */
export function listOpenNeeds(db: Db, chains: string[] | null, limit = 100) {
  // The broker's workbench reads these on every view: prepared once per connection.
  return prepared(db, "open-needs", () =>
    db
      .select({
        id: needs.id,
        title: needs.title,
        orgName: organisations.name,
        industryChainId: needs.industryChainId,
        chainZh: industryChains.nameZh,
        chainEn: industryChains.nameEn,
        budgetMinFen: needs.budgetMinFen,
        budgetMaxFen: needs.budgetMaxFen,
        deadline: needs.deadline,
        publishedAt: needs.publishedAt,
      })
      .from(needs)
      .innerJoin(organisations, eq(organisations.id, needs.orgId))
      .innerJoin(industryChains, eq(industryChains.id, needs.industryChainId))
      .leftJoin(needClaims, eq(needClaims.needId, needs.id))
      .where(
        and(
          inArray(needs.status, [...CLAIMABLE]),
          isNull(needClaims.needId),
          sql`(${sql.placeholder("chains")} is null or ${needs.industryChainId} in (select value from json_each(${sql.placeholder("chains")})))`,
        ),
      )
      .orderBy(desc(needs.publishedAt), desc(needs.id))
      .limit(sql.placeholder("limit"))
      .prepare(),
  ).all({ chains: chains ? JSON.stringify(chains) : null, limit });
}

/**
 * Takes a need as its lead broker. The need_claims primary key is what makes "one lead
 * broker per need" hold under concurrent claims: the loser's insert does nothing and he is
 * told the need is taken.
 */
export function claimNeed(db: Db, actor: Actor, needId: number, requestId: string | null = null, now: Date = new Date()): ClaimResult {
  return writeTx(db, (tx): ClaimResult => {
    const deny = (error: ClaimError, reason?: string): ClaimResult => {
      writeAudit(tx, { actor, action: "denied:claim", entity: "need_claim", entityId: needId, after: reason ? { reason } : undefined, requestId });
      return { ok: false, error };
    };
    if (actor.role !== "broker") return deny("forbidden");
    if (!getActiveBroker(tx, actor.id, now)) return deny("inactive_broker", brokerStanding(tx, actor.id, now).state);
    const need = tx.select().from(needs).where(eq(needs.id, needId)).get();
    if (!need || !(CLAIMABLE as readonly string[]).includes(need.status)) return deny(need ? "conflict" : "not_found");
    const claim = tx.insert(needClaims).values({ needId, brokerUserId: actor.id, claimedAt: now.toISOString() }).onConflictDoNothing().returning().get();
    if (!claim) return deny("taken", "taken");
    writeAudit(tx, { actor, action: "claim", entity: "need_claim", entityId: needId, after: claim, requestId });
    const broker = tx.select({ name: users.name }).from(users).where(eq(users.id, actor.id)).get();
    for (const m of sideMembers(tx, need.orgId, "enterprise")) {
      notify(tx, { userId: m.id, kind: "need_claimed", params: { broker: broker?.name ?? "", title: need.title }, link: `/needs/${needId}` });
    }
    return { ok: true };
  });
}

export type ReassignResult = { ok: true } | { ok: false; error: "not_found" | "forbidden" | "inactive_broker" | "conflict" };

/**
 * The Bureau makes another broker the need's lead. His open deals on the need follow him;
 * deals already signed keep the broker who signed them, as his track record.
 */
export function reassignNeed(
  db: Db,
  actor: Actor,
  input: { needId: number; brokerUserId: number },
  requestId: string | null = null,
  now: Date = new Date(),
): ReassignResult {
  return writeTx(db, (tx): ReassignResult => {
    if (actor.role !== "admin") {
      writeAudit(tx, { actor, action: "denied:reassign", entity: "need_claim", entityId: input.needId, requestId });
      return { ok: false, error: "forbidden" };
    }
    const need = tx.select().from(needs).where(eq(needs.id, input.needId)).get();
    if (!need) return { ok: false, error: "not_found" };
    if (!getActiveBroker(tx, input.brokerUserId, now)) return { ok: false, error: "inactive_broker" };
    const before = tx.select().from(needClaims).where(eq(needClaims.needId, input.needId)).get();
    if (before?.brokerUserId === input.brokerUserId) return { ok: false, error: "conflict" };
    const values = { needId: input.needId, brokerUserId: input.brokerUserId, claimedAt: now.toISOString(), assignedBy: actor.id };
    const after = tx
      .insert(needClaims)
      .values(values)
      .onConflictDoUpdate({ target: needClaims.needId, set: { brokerUserId: values.brokerUserId, claimedAt: values.claimedAt, assignedBy: actor.id } })
      .returning()
      .get();
    const moved = tx
      .update(matches)
      .set({ brokerUserId: input.brokerUserId, updatedAt: now.toISOString() })
      .where(and(eq(matches.needId, input.needId), inArray(matches.stage, ["suggested", "contacted", "negotiating"])))
      .returning({ id: matches.id })
      .all();
    writeAudit(tx, {
      actor,
      action: "reassign",
      entity: "need_claim",
      entityId: input.needId,
      before,
      after: { ...after, movedMatches: moved.map((m) => m.id) },
      requestId,
    });
    const broker = tx.select({ name: users.name }).from(users).where(eq(users.id, input.brokerUserId)).get();
    const recipients = [...sideMembers(tx, need.orgId, "enterprise").map((m) => m.id), input.brokerUserId];
    for (const userId of recipients) {
      notify(tx, {
        userId,
        kind: "need_claimed",
        params: { broker: broker?.name ?? "", title: need.title },
        link: userId === input.brokerUserId ? `/broker/needs/${need.id}` : `/needs/${need.id}`,
      });
    }
    return { ok: true };
  });
}

/** Every led need with its lead broker, for the Bureau's reassignment page. */
export function listClaimsForAdmin(db: Db) {
  return db
    .select({
      needId: needs.id,
      title: needs.title,
      status: needs.status,
      orgName: organisations.name,
      brokerUserId: needClaims.brokerUserId,
      brokerName: users.name,
      claimedAt: needClaims.claimedAt,
      assignedBy: needClaims.assignedBy,
    })
    .from(needClaims)
    .innerJoin(needs, eq(needs.id, needClaims.needId))
    .innerJoin(organisations, eq(organisations.id, needs.orgId))
    .innerJoin(users, eq(users.id, needClaims.brokerUserId))
    .orderBy(desc(needClaims.claimedAt))
    .all();
}

/** The needs a broker leads, with how far each has got. */
export function listClaimsOf(db: Db, brokerUserId: number) {
  const rows = prepared(db, "claims-of", () =>
    db
      .select({
        needId: needs.id,
        title: needs.title,
        status: needs.status,
        orgName: organisations.name,
        industryChainId: needs.industryChainId,
        claimedAt: needClaims.claimedAt,
      })
      .from(needClaims)
      .innerJoin(needs, eq(needs.id, needClaims.needId))
      .innerJoin(organisations, eq(organisations.id, needs.orgId))
      .where(eq(needClaims.brokerUserId, sql.placeholder("broker")))
      .orderBy(desc(needClaims.claimedAt))
      .prepare(),
  ).all({ broker: brokerUserId });
  if (rows.length === 0) return [];
  // His deals on needs, counted per need; suggestions are not deals yet.
  const deals = new Map<number, number>();
  const dealNeeds = prepared(db, "claims-of-deals", () =>
    db
      .select({ needId: matches.needId })
      .from(matches)
      .where(and(eq(matches.brokerUserId, sql.placeholder("broker")), isNotNull(matches.needId), ne(matches.stage, "suggested")))
      .prepare(),
  ).all({ broker: brokerUserId });
  for (const { needId } of dealNeeds) deals.set(needId!, (deals.get(needId!) ?? 0) + 1);
  return rows.map((r) => ({ ...r, deals: deals.get(r.needId) ?? 0 }));
}

/** A need the broker leads, for his page of suggestions; null when he does not lead it (a 404). */
export function getLedNeed(db: Db, actor: Actor, needId: number) {
  if (actor.role !== "broker") return null;
  // The broker's page reads these on every view: prepared once per connection.
  const row = prepared(db, "led-need", () =>
    db
      .select({ need: needs, orgName: organisations.name, claim: needClaims })
      .from(needClaims)
      .innerJoin(needs, eq(needs.id, needClaims.needId))
      .innerJoin(organisations, eq(organisations.id, needs.orgId))
      .where(and(eq(needClaims.needId, sql.placeholder("needId")), eq(needClaims.brokerUserId, sql.placeholder("brokerId"))))
      .prepare(),
  ).get({ needId, brokerId: actor.id });
  if (!row) return null;
  const deals = prepared(db, "led-need-deals", () =>
    db
      .select({ id: matches.id, achievementId: matches.achievementId, title: achievements.title, stage: matches.stage, score: matches.score })
      .from(matches)
      .innerJoin(achievements, eq(achievements.id, matches.achievementId))
      .where(eq(matches.needId, sql.placeholder("needId")))
      .orderBy(desc(matches.id))
      .prepare(),
  ).all({ needId });
  return { ...row, deals };
}

export interface SuggestionRow {
  achievementId: number;
  title: string;
  orgName: string;
  priceFen: number | null;
  score: number;
  explanation: MatchResult["explanation"];
}

/**
 * The engine's suggestions for a need the broker leads, without the pairs already turned
 * into deals (dismissed pairs the engine leaves out itself). Null when he does not lead it.
 */
export async function suggestionsForLedNeed(db: Db, search: Search, actor: Actor, needId: number, limit = 10): Promise<SuggestionRow[] | null> {
  if (!getLedNeed(db, actor, needId)) return null;
  const taken = new Set(
    prepared(db, "need-matched-achievements", () =>
      db
        .select({ id: matches.achievementId })
        .from(matches)
        .where(eq(matches.needId, sql.placeholder("needId")))
        .prepare(),
    )
      .all({ needId })
      .map((r) => r.id),
  );
  const results = (await search.matchForNeed(needId, { limit: limit + taken.size })).filter((r) => !taken.has(r.id)).slice(0, limit);
  if (results.length === 0) return [];
  const rows = prepared(db, "suggested-achievements", () =>
    db
      .select({ id: achievements.id, title: achievements.title, orgName: organisations.name, priceFen: achievements.priceFen })
      .from(achievements)
      .innerJoin(organisations, eq(organisations.id, achievements.orgId))
      .where(and(sql`${achievements.id} in (select value from json_each(${sql.placeholder("ids")}))`, eq(achievements.status, "published")))
      .prepare(),
  ).all({ ids: JSON.stringify(results.map((r) => r.id)) });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return results.flatMap((r) => {
    const a = byId.get(r.id);
    return a ? [{ achievementId: a.id, title: a.title, orgName: a.orgName, priceFen: a.priceFen, score: r.score, explanation: r.explanation }] : [];
  });
}

/** A confirmed pairing about to become a deal: the need or the scenario it answers, its buyer side, and the achievement. */
export interface DealOpening {
  subject: { needId: number } | { scenarioId: number };
  /** The need's or the scenario's title, for the notices. */
  title: string;
  buyerOrgId: number;
  /** Who on the buyer's side hears of the deal. */
  buyerMembers: { id: number }[];
  achievement: typeof achievements.$inferSelect;
  /** The engine's suggestion of the pair, when there is one. */
  existing: typeof matches.$inferSelect | undefined;
  ranked: MatchResult | undefined;
}

/**
 * Writes a confirmed pairing as a deal at "contacted": the match (the suggestion's row, or a new
 * one), its first event, the interest question to each side, the audit and the notices. The score
 * and explanation are the engine's; a pairing the engine did not rank is the broker's own.
 */
export function openContactedDeal(tx: Tx, actor: Actor, o: DealOpening, requestId: string | null, now: Date) {
  const { existing, ranked, achievement } = o;
  const iso = now.toISOString();
  const values = {
    brokerUserId: actor.id,
    stage: "contacted" as const,
    score: ranked ? Math.round(ranked.score) : (existing?.score ?? 0),
    explanation: ranked ? ranked.explanation : (existing?.explanation ?? null),
    source: ranked ? ("engine" as const) : ("broker" as const),
    stageChangedAt: iso,
    updatedAt: iso,
  };
  const match = existing
    ? tx.update(matches).set(values).where(eq(matches.id, existing.id)).returning().get()
    : tx
        .insert(matches)
        .values({ ...values, ...o.subject, achievementId: achievement.id, createdAt: iso })
        .returning()
        .get();
  tx.insert(dealEvents)
    .values({ matchId: match.id, actorUserId: actor.id, kind: "stage", fromStage: existing?.stage ?? null, toStage: "contacted", createdAt: iso })
    .run();
  for (const [side, orgId] of [
    ["buyer", o.buyerOrgId],
    ["seller", achievement.orgId],
  ] as const) {
    tx.insert(dealResponses).values({ matchId: match.id, orgId, side, subject: INTEREST_SUBJECT, requestedAt: iso, requestedBy: actor.id }).run();
  }
  writeAudit(tx, { actor, action: "confirm", entity: "match", entityId: match.id, before: existing, after: match, requestId });
  for (const m of [...o.buyerMembers, ...sideMembers(tx, achievement.orgId, "institute")]) {
    notify(tx, { userId: m.id, kind: "match_proposed", params: { need: o.title, achievement: achievement.title }, link: `/deals/${match.id}` });
  }
  return match;
}

export type ConfirmError = ClaimError | "dismissed";
export type ConfirmResult = { ok: true; matchId: number } | { ok: false; error: ConfirmError };

/**
 * The broker confirms a pairing for a need he leads: the match becomes a deal at stage
 * "contacted", both sides' members hear of it, and each side is asked for a reason-coded
 * answer on its interest. The score and explanation are the engine's; a pairing the
 * engine did not rank is the broker's own and carries no score.
 */
export async function confirmSuggestion(
  db: Db,
  search: Search,
  actor: Actor,
  input: { needId: number; achievementId: number },
  requestId: string | null = null,
  now: Date = new Date(),
): Promise<ConfirmResult> {
  // Scoring reads the index asynchronously, so it happens before the write transaction.
  const ranked = actor.role === "broker" ? (await search.matchForNeed(input.needId, { limit: 50 })).find((r) => r.id === input.achievementId) : undefined;
  return writeTx(db, (tx): ConfirmResult => {
    const deny = (error: ConfirmError): ConfirmResult => {
      writeAudit(tx, {
        actor,
        action: "denied:confirm",
        entity: "match",
        entityId: `${input.needId}:${input.achievementId}`,
        after: { reason: error },
        requestId,
      });
      return { ok: false, error };
    };
    if (actor.role !== "broker") return deny("forbidden");
    if (!getActiveBroker(tx, actor.id, now)) return deny("inactive_broker");
    const claim = tx.select().from(needClaims).where(eq(needClaims.needId, input.needId)).get();
    if (!claim || claim.brokerUserId !== actor.id) return deny("not_found");
    const need = tx.select().from(needs).where(eq(needs.id, input.needId)).get();
    const achievement = tx.select().from(achievements).where(eq(achievements.id, input.achievementId)).get();
    if (!need || !achievement || achievement.status !== "published") return deny("not_found");
    if (!["published", "matched"].includes(need.status)) return deny("conflict");
    const dismissed = tx
      .select({ n: matchDismissals.needId })
      .from(matchDismissals)
      .where(and(eq(matchDismissals.needId, input.needId), eq(matchDismissals.achievementId, input.achievementId)))
      .get();
    if (dismissed) return deny("dismissed");
    const existing = tx
      .select()
      .from(matches)
      .where(and(eq(matches.needId, input.needId), eq(matches.achievementId, input.achievementId)))
      .get();
    if (existing && existing.stage !== "suggested") return deny("conflict");
    const match = openContactedDeal(
      tx,
      actor,
      {
        subject: { needId: input.needId },
        title: need.title,
        buyerOrgId: need.orgId,
        buyerMembers: sideMembers(tx, need.orgId, "enterprise"),
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

/**
 * The broker turns a suggestion down for a need he leads. The pair is removed through the
 * matcher's own dismissal, so it never comes back, for anyone.
 */
export function dismissSuggestion(
  db: Db,
  actor: Actor,
  input: { needId: number; achievementId: number; reason: DismissReason; note?: string | undefined },
  requestId: string | null = null,
  now: Date = new Date(),
): ClaimResult {
  const refusal = writeTx(db, (tx): ClaimError | null => {
    let error: ClaimError | null = null;
    if (actor.role !== "broker") error = "forbidden";
    else if (!getActiveBroker(tx, actor.id, now)) error = "inactive_broker";
    else {
      const claim = tx.select().from(needClaims).where(eq(needClaims.needId, input.needId)).get();
      if (!claim || claim.brokerUserId !== actor.id) error = "not_found";
    }
    if (error)
      writeAudit(tx, {
        actor,
        action: "denied:dismiss",
        entity: "match",
        entityId: `${input.needId}:${input.achievementId}`,
        after: { reason: error },
        requestId,
      });
    return error;
  });
  if (refusal) return { ok: false, error: refusal };
  const outcome = dismissMatch(db, actor, input, requestId);
  return outcome.ok ? { ok: true } : { ok: false, error: outcome.error };
}

/** The chains a filter value stands for: the broker's own ("mine", the default), every chain, or one. */
export function chainsForFilter(filter: string | undefined, own: string[]): string[] | null {
  if (filter === "all") return null;
  if (!filter || filter === "mine") return own.length ? own : null;
  return [filter];
}

export function chainNames(db: Db) {
  return prepared(db, "chain-names", () => db.select().from(industryChains).orderBy(asc(industryChains.sort)).prepare()).all();
}
