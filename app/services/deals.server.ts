import { aliasedTable, and, asc, desc, eq, inArray, isNotNull, ne, sql } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../../db/connection";
import {
  achievements,
  brokers,
  counties,
  dealConfirmations,
  dealEvents,
  dealFiles,
  dealResponses,
  enquiries,
  matchDismissals,
  scenarioDismissals,
  scenarios,
  matches,
  needs,
  organisations,
  users,
  type MatchStage,
  type ResponseCode,
} from "../../db/schema";
import { translate, type Locale } from "../i18n";
import { INTEREST_SUBJECT, PROCEED_SUBJECT, type DealIntent, type StageTarget } from "../schemas/deals";
import type { Actor } from "./actor";
import { writeAudit } from "./audit.server";
import { getActiveBroker } from "./brokers.server";
import { bumpDataVersion } from "./data-versions.server";
import { sideMembers } from "./claims.server";
import { notify } from "./notifications.server";
import { prepared } from "./prepared.server";
import { enqueueSearchSync } from "../../search/outbox";
import { dealSubject, subjectOrgId, subjectTitle } from "./scenarios/deal-subject.server";

// A deal room is one confirmed match: the broker who leads the need runs it, the buyer
// (the need's enterprise) and the seller (the achievement's institute) take part, and the
// Bureau may look in. Nobody else learns that it exists.

export type DealRole = "lead" | "buyer" | "seller" | "admin";
export type Side = "buyer" | "seller";

/** Stages a deal room exists in; a "suggested" row is only a candidate, not yet a deal. */
const DEAL_STAGES: MatchStage[] = ["contacted", "negotiating", "signed", "dismissed"];
/** Stages in which the parties still negotiate: proposals, answers and agreement. */
const OPEN_STAGES: MatchStage[] = ["contacted", "negotiating"];

const NEXT: Record<MatchStage, StageTarget[]> = {
  suggested: [],
  contacted: ["negotiating", "dismissed"],
  negotiating: ["signed", "dismissed"],
  signed: [],
  dismissed: [],
};

const buyerOrg = aliasedTable(organisations, "buyer_org");
const sellerOrg = aliasedTable(organisations, "seller_org");

export function loadDeal(tx: Db | Tx, matchId: number) {
  const row = tx
    .select({ match: matches, need: needs, scenario: scenarios, achievement: achievements, buyer: buyerOrg, seller: sellerOrg })
    .from(matches)
    .leftJoin(needs, eq(needs.id, matches.needId))
    .leftJoin(scenarios, eq(scenarios.id, matches.scenarioId))
    .innerJoin(achievements, eq(achievements.id, matches.achievementId))
    .innerJoin(buyerOrg, eq(buyerOrg.id, subjectOrgId))
    .innerJoin(sellerOrg, eq(sellerOrg.id, achievements.orgId))
    .where(eq(matches.id, matchId))
    .get();
  if (!row || !DEAL_STAGES.includes(row.match.stage)) return null;
  // The deal answers the need or the scenario: the subject is whichever it is.
  const subject = dealSubject(row.need, row.scenario);
  return subject ? { match: row.match, subject, achievement: row.achievement, buyer: row.buyer, seller: row.seller } : null;
}
type Deal = NonNullable<ReturnType<typeof loadDeal>>;

/** The viewer's part in a deal, or null when the deal does not exist for him. */
export function dealRole(actor: Actor | null, deal: Deal): DealRole | null {
  if (!actor) return null;
  if (actor.role === "admin") return "admin";
  if (actor.role === "broker" && deal.match.brokerUserId === actor.id) return "lead";
  if (actor.role === "enterprise" && actor.orgId === deal.subject.orgId) return "buyer";
  if (actor.role === "institute" && actor.orgId === deal.achievement.orgId) return "seller";
  return null;
}

/** Records a write to a deal the actor may not see; he is told it does not exist (W2). */
export function refuseDealAction(db: Db, actor: Actor | null, matchId: number, requestId: string | null = null): void {
  writeTx(db, (tx) => writeAudit(tx, { actor, action: "denied:write", entity: "match", entityId: matchId, requestId }));
}

/** Whether the viewer may open the deal at all (the loader's 404 test). */
export function dealVisible(db: Db, actor: Actor | null, matchId: number): boolean {
  const deal = loadDeal(db, matchId);
  return !!deal && dealRole(actor, deal) !== null;
}

export type DealAction = "note" | "upload" | "stage" | "propose" | "agree";

/** What the viewer may do in the deal now, given its stage and his standing. */
function actionsFor(role: DealRole, deal: Deal, brokerActive: boolean, confirmed: Set<Side>): DealAction[] {
  const open = OPEN_STAGES.includes(deal.match.stage);
  const live = deal.match.stage !== "dismissed";
  const out: DealAction[] = [];
  if (role === "lead") {
    if (!brokerActive) return out;
    if (live) out.push("note", "upload");
    if (NEXT[deal.match.stage].length) out.push("stage");
    if (open) out.push("propose");
  } else if (role === "buyer" || role === "seller") {
    if (live) out.push("note", "upload");
    if (open) out.push("propose");
    if (open && !confirmed.has(role)) out.push("agree");
  }
  return out;
}

/** The labels a response subject shows: the system's own subjects are translated, a party's text is its own. */
export function subjectLabel(locale: Locale, subject: string): string {
  if (subject === INTEREST_SUBJECT) return translate(locale, "deal.subject.interest");
  if (subject === PROCEED_SUBJECT) return translate(locale, "deal.subject.proceed");
  return subject;
}

/**
 * A subject for a notice: the two fixed ones as message keys, rendered in the reader's language
 * when the notice is shown; a broker's own wording as typed.
 */
function subjectParam(subject: string): { subject: string } | { subjectKey: string } {
  if (subject === INTEREST_SUBJECT) return { subjectKey: "deal.subject.interest" };
  if (subject === PROCEED_SUBJECT) return { subjectKey: "deal.subject.proceed" };
  return { subject };
}

type EventBody = { code?: ResponseCode; subject?: string; org?: string; note?: string; side?: Side; sides?: Side[]; name?: string; reason?: string };

function parseBody(kind: string, body: string | null): EventBody | string | null {
  if (kind === "note" || body === null) return body;
  try {
    return JSON.parse(body) as EventBody;
  } catch {
    return body;
  }
}

/** Everything the deal room shows, or null when the viewer may not see the deal. */
export function getDealForViewer(db: Db, actor: Actor | null, matchId: number, now: Date = new Date()) {
  const deal = loadDeal(db, matchId);
  if (!deal) return null;
  const role = dealRole(actor, deal);
  if (!role || !actor) return null;
  const { match, subject, achievement } = deal;
  const broker = match.brokerUserId
    ? (db
        .select({
          id: users.id,
          name: users.name,
          email: users.email,
          phone: users.phone,
          brokerId: brokers.id,
          certificateNo: brokers.certificateNo,
          grade: brokers.grade,
        })
        .from(users)
        .leftJoin(brokers, eq(brokers.userId, users.id))
        .where(eq(users.id, match.brokerUserId))
        .get() ?? null)
    : null;
  const actorUser = aliasedTable(users, "actor_user");
  const events = db
    .select({
      id: dealEvents.id,
      kind: dealEvents.kind,
      body: dealEvents.body,
      fromStage: dealEvents.fromStage,
      toStage: dealEvents.toStage,
      createdAt: dealEvents.createdAt,
      actorName: actorUser.name,
    })
    .from(dealEvents)
    .leftJoin(actorUser, eq(actorUser.id, dealEvents.actorUserId))
    .where(eq(dealEvents.matchId, matchId))
    .orderBy(desc(dealEvents.createdAt), desc(dealEvents.id))
    .all()
    .map((e) => ({ ...e, body: parseBody(e.kind, e.body) }));
  const files = db
    .select({
      id: dealFiles.id,
      displayName: dealFiles.displayName,
      mime: dealFiles.mime,
      sizeBytes: dealFiles.sizeBytes,
      sha256: dealFiles.sha256,
      createdAt: dealFiles.createdAt,
      uploaderName: users.name,
    })
    .from(dealFiles)
    .innerJoin(users, eq(users.id, dealFiles.uploadedBy))
    .where(eq(dealFiles.matchId, matchId))
    .orderBy(asc(dealFiles.id))
    .all();
  const requester = aliasedTable(users, "requester");
  const responder = aliasedTable(users, "responder");
  const responses = db
    .select({
      id: dealResponses.id,
      side: dealResponses.side,
      orgId: dealResponses.orgId,
      orgName: organisations.name,
      subject: dealResponses.subject,
      requestedAt: dealResponses.requestedAt,
      requestedBy: requester.name,
      code: dealResponses.code,
      note: dealResponses.note,
      respondedAt: dealResponses.respondedAt,
      respondedBy: responder.name,
    })
    .from(dealResponses)
    .innerJoin(organisations, eq(organisations.id, dealResponses.orgId))
    .leftJoin(requester, eq(requester.id, dealResponses.requestedBy))
    .leftJoin(responder, eq(responder.id, dealResponses.respondedBy))
    .where(eq(dealResponses.matchId, matchId))
    .orderBy(desc(dealResponses.id))
    .all()
    .map((r) => ({ ...r, canAnswer: r.code === null && OPEN_STAGES.includes(match.stage) && role === r.side && actor.orgId === r.orgId }));
  const confirmations = db.select().from(dealConfirmations).where(eq(dealConfirmations.matchId, matchId)).all();
  const confirmed = new Set(confirmations.map((c) => c.side));
  const brokerActive = role === "lead" ? getActiveBroker(db, actor.id, now) !== null : false;
  const contact = (row: { contactName: string; contactPhone: string; contactEmail: string | null }) => ({
    name: row.contactName,
    phone: row.contactPhone,
    email: row.contactEmail,
  });
  return {
    role,
    brokerActive,
    actions: actionsFor(role, deal, brokerActive, confirmed),
    stageTargets: NEXT[match.stage],
    bothConfirmed: confirmed.has("buyer") && confirmed.has("seller"),
    match: {
      id: match.id,
      stage: match.stage,
      score: match.score,
      source: match.source,
      explanation: match.explanation as { factors: Record<string, { points: number; max: number }>; sharedTerms: string[] } | null,
      dismissReason: match.dismissReason,
      dismissNote: match.dismissNote,
      stageChangedAt: match.stageChangedAt,
      createdAt: match.createdAt,
    },
    subject: {
      kind: subject.kind,
      id: subject.id,
      title: subject.title,
      href: subject.href,
      budgetMinFen: subject.budgetMinFen,
      budgetMaxFen: subject.budgetMaxFen,
      deadline: subject.deadline,
      subsidyCapFen: subject.subsidyCapFen,
    },
    achievement: { id: achievement.id, title: achievement.title, priceFen: achievement.priceFen, trl: achievement.trl },
    buyer: { orgId: deal.buyer.id, name: deal.buyer.name, contact: contact(subject) },
    seller: { orgId: deal.seller.id, name: deal.seller.name, contact: contact(achievement) },
    broker,
    events,
    files,
    responses,
    confirmations: confirmations.map((c) => ({ side: c.side, confirmedAt: c.confirmedAt })),
  };
}
export type DealView = NonNullable<ReturnType<typeof getDealForViewer>>;

/* ------------------------------------------------------------------ changes */

export type DealError = "not_found" | "forbidden" | "inactive_broker" | "closed" | "conflict" | "needs_confirmations";
export type DealResult = { ok: true } | { ok: false; error: DealError };

interface Ctx {
  tx: Tx;
  deal: Deal;
  role: DealRole;
  now: Date;
}

/**
 * Runs one change to a deal inside a write transaction: loads the deal, finds the actor's
 * part in it, refuses (and audits the refusal) when he has none or may not do this now.
 */
function dealWrite(
  db: Db,
  actor: Actor,
  matchId: number,
  action: string,
  requestId: string | null,
  now: Date,
  allowed: (role: DealRole, deal: Deal, tx: Tx) => DealError | null,
  apply: (c: Ctx) => DealResult,
): DealResult {
  return writeTx(db, (tx): DealResult => {
    const deny = (error: DealError): DealResult => {
      writeAudit(tx, { actor, action: `denied:${action}`, entity: "match", entityId: matchId, after: { reason: error }, requestId });
      return { ok: false, error };
    };
    const deal = loadDeal(tx, matchId);
    if (!deal) return { ok: false, error: "not_found" };
    const role = dealRole(actor, deal);
    if (!role) return deny("not_found");
    if (role === "lead" && !getActiveBroker(tx, actor.id, now)) return deny("inactive_broker");
    const refusal = allowed(role, deal, tx);
    if (refusal) return deny(refusal);
    return apply({ tx, deal, role, now });
  });
}

const party = (role: DealRole) => role === "buyer" || role === "seller";

function recipients(tx: Tx, deal: Deal, exclude: number) {
  const people = [
    ...sideMembers(tx, deal.subject.orgId, "enterprise"),
    ...sideMembers(tx, deal.achievement.orgId, "institute"),
    ...(deal.match.brokerUserId ? tx.select({ id: users.id, locale: users.locale }).from(users).where(eq(users.id, deal.match.brokerUserId)).all() : []),
  ];
  const seen = new Set<number>([exclude]);
  return people.filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true)));
}

/** A dated note in the deal's log, by the lead broker or either party. */
export function addNote(db: Db, actor: Actor, matchId: number, body: string, requestId: string | null = null, now: Date = new Date()): DealResult {
  return dealWrite(
    db,
    actor,
    matchId,
    "note",
    requestId,
    now,
    (role, deal) => (role === "admin" ? "forbidden" : deal.match.stage === "dismissed" ? "closed" : null),
    ({ tx }) => {
      const event = tx.insert(dealEvents).values({ matchId, actorUserId: actor.id, kind: "note", body, createdAt: now.toISOString() }).returning().get();
      writeAudit(tx, { actor, action: "note", entity: "match", entityId: matchId, after: event, requestId });
      return { ok: true };
    },
  );
}

/**
 * The lead broker moves the deal on: contacted → negotiating → signed, or drops it. Signing
 * needs both parties' agreement on record; a dropped pair is dismissed for the matcher too.
 */
export function changeStage(
  db: Db,
  actor: Actor,
  matchId: number,
  input: { to: StageTarget; reason?: string | undefined; note?: string | undefined },
  requestId: string | null = null,
  now: Date = new Date(),
): DealResult {
  return dealWrite(
    db,
    actor,
    matchId,
    "stage",
    requestId,
    now,
    (role, deal, tx) => {
      if (role !== "lead") return "forbidden";
      if (!NEXT[deal.match.stage].includes(input.to)) return "conflict";
      if (input.to === "signed") {
        const sides = tx.select({ side: dealConfirmations.side }).from(dealConfirmations).where(eq(dealConfirmations.matchId, matchId)).all();
        if (sides.length < 2) return "needs_confirmations";
      }
      return null;
    },
    ({ tx, deal }) => {
      const iso = now.toISOString();
      const before = deal.match;
      const after = tx
        .update(matches)
        .set({
          stage: input.to,
          stageChangedAt: iso,
          updatedAt: iso,
          ...(input.to === "dismissed" ? { dismissReason: input.reason ?? "other", dismissNote: input.note ?? null } : {}),
        })
        .where(eq(matches.id, matchId))
        .returning()
        .get();
      if (input.to === "dismissed") {
        const why = { achievementId: before.achievementId, reason: input.reason ?? "other", note: input.note ?? null, dismissedBy: actor.id, createdAt: iso };
        if (before.needId !== null)
          tx.insert(matchDismissals)
            .values({ needId: before.needId, ...why })
            .onConflictDoNothing()
            .run();
        else if (before.scenarioId !== null)
          tx.insert(scenarioDismissals)
            .values({ scenarioId: before.scenarioId, ...why })
            .onConflictDoNothing()
            .run();
      }
      tx.insert(dealEvents)
        .values({
          matchId,
          actorUserId: actor.id,
          kind: "stage",
          fromStage: before.stage,
          toStage: input.to,
          body: input.to === "dismissed" ? JSON.stringify({ reason: input.reason ?? "other", note: input.note }) : null,
          createdAt: iso,
        })
        .run();
      writeAudit(tx, { actor, action: "stage", entity: "match", entityId: matchId, before, after, requestId });
      if (input.to === "signed" && before.needId !== null) {
        // A signed deal means the need found its technology: it stays public as 已对接 (matched).
        const needId = before.needId;
        const needBefore = tx.select().from(needs).where(eq(needs.id, needId)).get();
        if (needBefore?.status === "published") {
          const needAfter = tx.update(needs).set({ status: "matched", updatedAt: iso }).where(eq(needs.id, needId)).returning().get();
          writeAudit(tx, { actor, action: "matched", entity: "need", entityId: needId, before: needBefore, after: needAfter, requestId });
          enqueueSearchSync(tx, "need", needId);
          bumpDataVersion(tx, "listings");
        }
      }
      for (const p of recipients(tx, deal, actor.id)) {
        notify(tx, {
          userId: p.id,
          kind: "stage_changed",
          params: { title: `${deal.subject.title} ↔ ${deal.achievement.title}`, stageKey: `deal.stage.${input.to}` },
          link: `/deals/${matchId}`,
        });
      }
      return { ok: true };
    },
  );
}

/**
 * A proposal that the other side must answer with a reason code: a party's goes to the
 * other party; the broker names the side (or both).
 */
export function propose(
  db: Db,
  actor: Actor,
  matchId: number,
  input: { subject: string; side?: "buyer" | "seller" | "both" | undefined },
  requestId: string | null = null,
  now: Date = new Date(),
): DealResult {
  return dealWrite(
    db,
    actor,
    matchId,
    "propose",
    requestId,
    now,
    (role, deal) => {
      if (role === "admin") return "forbidden";
      if (!OPEN_STAGES.includes(deal.match.stage)) return "closed";
      if (role === "lead" && !input.side) return "conflict";
      return null;
    },
    ({ tx, deal, role }) => {
      const iso = now.toISOString();
      const sides: Side[] = role === "buyer" ? ["seller"] : role === "seller" ? ["buyer"] : input.side === "both" ? ["buyer", "seller"] : [input.side as Side];
      for (const side of sides) {
        const orgId = side === "buyer" ? deal.subject.orgId : deal.achievement.orgId;
        const row = tx
          .insert(dealResponses)
          .values({ matchId, orgId, side, subject: input.subject, requestedAt: iso, requestedBy: actor.id })
          .returning()
          .get();
        writeAudit(tx, { actor, action: "propose", entity: "match", entityId: matchId, after: row, requestId });
      }
      tx.insert(dealEvents)
        .values({ matchId, actorUserId: actor.id, kind: "response", body: JSON.stringify({ subject: input.subject, sides }), createdAt: iso })
        .run();
      return { ok: true };
    },
  );
}

/** A party's reason-coded answer to a request addressed to its side. Each request is answered once. */
export function answerRequest(
  db: Db,
  actor: Actor,
  matchId: number,
  input: { responseId: number; code: ResponseCode; note?: string | undefined },
  requestId: string | null = null,
  now: Date = new Date(),
): DealResult {
  let request: typeof dealResponses.$inferSelect | undefined;
  return dealWrite(
    db,
    actor,
    matchId,
    "answer",
    requestId,
    now,
    (role, deal, tx) => {
      request = tx
        .select()
        .from(dealResponses)
        .where(and(eq(dealResponses.id, input.responseId), eq(dealResponses.matchId, matchId)))
        .get();
      if (!request) return "not_found";
      if (role !== request.side || actor.orgId !== request.orgId) return "forbidden";
      if (request.respondedAt) return "conflict";
      if (!OPEN_STAGES.includes(deal.match.stage)) return "closed";
      return null;
    },
    ({ tx, deal }) => {
      const iso = now.toISOString();
      const before = request!;
      const after = tx
        .update(dealResponses)
        .set({ code: input.code, note: input.note ?? null, respondedAt: iso, respondedBy: actor.id })
        .where(eq(dealResponses.id, before.id))
        .returning()
        .get();
      const org = before.side === "buyer" ? deal.buyer.name : deal.seller.name;
      tx.insert(dealEvents)
        .values({
          matchId,
          actorUserId: actor.id,
          kind: "response",
          body: JSON.stringify({ code: input.code, subject: before.subject, org, note: input.note }),
          createdAt: iso,
        })
        .run();
      writeAudit(tx, { actor, action: "answer", entity: "match", entityId: matchId, before, after, requestId });
      const told = new Set<number>();
      const asked = [before.requestedBy, deal.match.brokerUserId].filter((id): id is number => id !== null && id !== actor.id);
      for (const userId of asked) {
        if (told.has(userId)) continue;
        told.add(userId);
        notify(tx, {
          userId,
          kind: "answer_received",
          params: { org, ...subjectParam(before.subject), codeKey: `deal.code.${input.code}` },
          link: `/deals/${matchId}`,
        });
      }
      return { ok: true };
    },
  );
}

/** A party records that it agrees to proceed; the broker may sign only once both have. */
export function agreeToProceed(db: Db, actor: Actor, matchId: number, requestId: string | null = null, now: Date = new Date()): DealResult {
  return dealWrite(
    db,
    actor,
    matchId,
    "agree",
    requestId,
    now,
    (role, deal, tx) => {
      if (!party(role)) return "forbidden";
      if (!OPEN_STAGES.includes(deal.match.stage)) return "closed";
      const done = tx
        .select({ side: dealConfirmations.side })
        .from(dealConfirmations)
        .where(and(eq(dealConfirmations.matchId, matchId), eq(dealConfirmations.side, role as Side)))
        .get();
      return done ? "conflict" : null;
    },
    ({ tx, deal, role }) => {
      const side = role as Side;
      const iso = now.toISOString();
      const row = tx
        .insert(dealConfirmations)
        .values({ matchId, side, orgId: actor.orgId, confirmedBy: actor.id, confirmedAt: iso })
        .onConflictDoNothing()
        .returning()
        .get();
      if (!row) return { ok: false, error: "conflict" };
      const org = side === "buyer" ? deal.buyer.name : deal.seller.name;
      tx.insert(dealEvents)
        .values({ matchId, actorUserId: actor.id, kind: "confirm", body: JSON.stringify({ side, org }), createdAt: iso })
        .run();
      writeAudit(tx, { actor, action: "agree", entity: "match", entityId: matchId, after: row, requestId });
      for (const p of recipients(tx, deal, actor.id)) {
        notify(tx, {
          userId: p.id,
          kind: "answer_received",
          params: { org, ...subjectParam(PROCEED_SUBJECT), codeKey: "deal.agreed" },
          link: `/deals/${matchId}`,
        });
      }
      return { ok: true };
    },
  );
}

/** One entry point for the deal room's form intents (uploads go through deal-files.server.ts). */
export function applyDealIntent(
  db: Db,
  actor: Actor,
  matchId: number,
  intent: DealIntent,
  requestId: string | null = null,
  now: Date = new Date(),
): DealResult {
  switch (intent.intent) {
    case "note":
      return addNote(db, actor, matchId, intent.body, requestId, now);
    case "stage":
      return changeStage(db, actor, matchId, intent, requestId, now);
    case "propose":
      return propose(db, actor, matchId, intent, requestId, now);
    case "answer":
      return answerRequest(db, actor, matchId, intent, requestId, now);
    case "agree":
      return agreeToProceed(db, actor, matchId, requestId, now);
  }
}

/* ------------------------------------------------------------------ lists */

/** The deals an enterprise or institute takes part in, with the answers still owed by it. */
export function listDealsForMember(db: Db, actor: Actor) {
  if (actor.role !== "enterprise" && actor.role !== "institute") return [];
  const own = actor.role === "enterprise" ? sql`${subjectOrgId} = ${actor.orgId}` : eq(achievements.orgId, actor.orgId);
  const brokerUser = aliasedTable(users, "broker_user");
  const rows = db
    .select({
      id: matches.id,
      stage: matches.stage,
      stageChangedAt: matches.stageChangedAt,
      subjectKind: sql<"need" | "scenario">`case when ${matches.needId} is null then 'scenario' else 'need' end`,
      subjectTitle,
      achievementTitle: achievements.title,
      buyerName: buyerOrg.name,
      sellerName: sellerOrg.name,
      brokerName: brokerUser.name,
    })
    .from(matches)
    .leftJoin(needs, eq(needs.id, matches.needId))
    .leftJoin(scenarios, eq(scenarios.id, matches.scenarioId))
    .innerJoin(achievements, eq(achievements.id, matches.achievementId))
    .innerJoin(buyerOrg, eq(buyerOrg.id, subjectOrgId))
    .innerJoin(sellerOrg, eq(sellerOrg.id, achievements.orgId))
    .leftJoin(brokerUser, eq(brokerUser.id, matches.brokerUserId))
    .where(and(own, ne(matches.stage, "suggested")))
    .orderBy(desc(matches.stageChangedAt), desc(matches.id))
    .all();
  const owed = new Map(
    db
      .select({ matchId: dealResponses.matchId, n: sql<number>`count(*)` })
      .from(dealResponses)
      .where(and(eq(dealResponses.orgId, actor.orgId), sql`${dealResponses.respondedAt} IS NULL`))
      .groupBy(dealResponses.matchId)
      .all()
      .map((r) => [r.matchId, r.n]),
  );
  return rows.map((r) => ({ ...r, owed: OPEN_STAGES.includes(r.stage) ? (owed.get(r.id) ?? 0) : 0 }));
}

export const PIPELINE_STAGES: MatchStage[] = ["suggested", "contacted", "negotiating", "signed", "dismissed"];

/**
 * A broker's matches by stage, with counts, and the value in negotiation: per deal the
 * need's budget ceiling, or the achievement's asking price when the need has none.
 */
export function brokerPipeline(db: Db, brokerUserId: number) {
  // The broker's workbench reads this on every view: prepared once per connection.
  const rows = prepared(db, "broker-pipeline", () =>
    db
      .select({
        id: matches.id,
        needId: matches.needId,
        scenarioId: matches.scenarioId,
        stage: matches.stage,
        score: matches.score,
        stageChangedAt: matches.stageChangedAt,
        subjectTitle,
        achievementTitle: achievements.title,
        valueFen: sql<number | null>`coalesce(${needs.budgetMaxFen}, ${scenarios.investmentFen}, ${achievements.priceFen})`,
      })
      .from(matches)
      .leftJoin(needs, eq(needs.id, matches.needId))
      .leftJoin(scenarios, eq(scenarios.id, matches.scenarioId))
      .innerJoin(achievements, eq(achievements.id, matches.achievementId))
      .where(eq(matches.brokerUserId, sql.placeholder("broker")))
      .orderBy(desc(matches.stageChangedAt), desc(matches.id))
      .prepare(),
  ).all({ broker: brokerUserId });
  const columns = PIPELINE_STAGES.map((stage) => {
    const items = rows.filter((r) => r.stage === stage);
    return { stage, count: items.length, valueFen: items.reduce((s, r) => s + (r.valueFen ?? 0), 0), items: items.slice(0, 20) };
  });
  return { columns, negotiationValueFen: columns.find((c) => c.stage === "negotiating")!.valueFen };
}

/* ------------------------------------------------------------------ responsiveness */

/** An unanswered request counts against the rate once it has waited this long. */
export const RESPONSE_DUE_DAYS = 7;
/** Fewer answered-or-due requests than this give no rate: one missed question is not "0 %". */
export const MIN_RATED_REQUESTS = 3;

export interface ResponseStats {
  /** Requests the rate is taken over: the answered ones and those left unanswered past RESPONSE_DUE_DAYS. */
  requests: number;
  answered: number;
  /** Requests still unanswered but within their time: not yet held against the rate. */
  pending: number;
  /** answered / requests, 0..1; null while fewer than MIN_RATED_REQUESTS requests are answered or due. */
  rate: number | null;
  /** Median of (answered - asked) over answered requests, in milliseconds; null when none. */
  medianMs: number | null;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

/**
 * How an organisation answers the proposals and enquiries put to it. A request unanswered past
 * its due time counts against the rate, whatever became of the deal: it is the silence the rate
 * measures. A request still within its time is pending, neither answered nor missed yet, and a
 * new organisation with only a couple of answered-or-due requests has no rate yet rather than a
 * harsh one.
 */
export function organisationResponseStats(db: Db | Tx, orgId: number, now: Date = new Date()): ResponseStats {
  // Enquiries on the organisation's listings are requests to it like a deal's proposals.
  const rows = [
    ...db
      .select({ requestedAt: dealResponses.requestedAt, respondedAt: dealResponses.respondedAt })
      .from(dealResponses)
      .where(eq(dealResponses.orgId, orgId))
      .all(),
    ...db.select({ requestedAt: enquiries.requestedAt, respondedAt: enquiries.respondedAt }).from(enquiries).where(eq(enquiries.ownerOrgId, orgId)).all(),
  ];
  const times = rows.filter((r) => r.respondedAt !== null).map((r) => Date.parse(r.respondedAt!) - Date.parse(r.requestedAt));
  const dueBefore = now.getTime() - RESPONSE_DUE_DAYS * 24 * 3_600_000;
  const pending = rows.filter((r) => r.respondedAt === null && Date.parse(r.requestedAt) > dueBefore).length;
  const requests = rows.length - pending;
  return {
    requests,
    answered: times.length,
    pending,
    rate: requests >= MIN_RATED_REQUESTS ? times.length / requests : null,
    medianMs: median(times),
  };
}

/** A verified organisation's public profile; null for an unverified or unknown one (a 404). */
export function getPublicOrganisation(db: Db, orgId: number) {
  const org = db
    .select({
      id: organisations.id,
      name: organisations.name,
      nameEn: organisations.nameEn,
      kind: organisations.kind,
      website: organisations.website,
      verifiedAt: organisations.verifiedAt,
      countyZh: counties.nameZh,
      countyEn: counties.nameEn,
    })
    .from(organisations)
    .leftJoin(counties, eq(counties.code, organisations.countyCode))
    .where(and(eq(organisations.id, orgId), isNotNull(organisations.verifiedAt)))
    .get();
  if (!org) return null;
  const publicNeeds = db
    .select({ id: needs.id, title: needs.title, publishedAt: needs.publishedAt })
    .from(needs)
    .where(and(eq(needs.orgId, orgId), inArray(needs.status, ["published", "matched", "closed"])))
    .orderBy(desc(needs.publishedAt))
    .limit(20)
    .all();
  const publicAchievements = db
    .select({ id: achievements.id, title: achievements.title, publishedAt: achievements.publishedAt })
    .from(achievements)
    .where(and(eq(achievements.orgId, orgId), inArray(achievements.status, ["published", "transferred"])))
    .orderBy(desc(achievements.publishedAt))
    .limit(20)
    .all();
  const signed = db
    .select({ n: sql<number>`count(*)` })
    .from(matches)
    .leftJoin(needs, eq(needs.id, matches.needId))
    .leftJoin(scenarios, eq(scenarios.id, matches.scenarioId))
    .innerJoin(achievements, eq(achievements.id, matches.achievementId))
    .where(and(eq(matches.stage, "signed"), sql`(${subjectOrgId} = ${orgId} OR ${achievements.orgId} = ${orgId})`))
    .get();
  return { org, needs: publicNeeds, achievements: publicAchievements, dealsSigned: signed?.n ?? 0, responses: organisationResponseStats(db, orgId) };
}
