import { and, asc, desc, eq, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../../db/connection";
import { brokers, industryChains, organisations, policyTargets, users, type Broker, type BrokerStatus } from "../../db/schema";
import { todayInShanghai } from "../i18n";
import type { BrokerApplicationInput, BrokerDecision, BrokerDecisionInput } from "../schemas/brokers";
import type { Actor } from "./actor";
import { writeAudit } from "./audit.server";
import { bumpDataVersion } from "./data-versions.server";
import { notify } from "./notifications.server";
import { prepared } from "./prepared.server";

/**
 * The user's broker certification when it lets him work today: certified, not suspended or
 * revoked, and inside its validity period (Beijing dates). Claiming needs and recording
 * contracts both require one.
 */
export function getActiveBroker(db: Db | Tx, userId: number, now: Date = new Date()): Broker | null {
  const row = db
    .select()
    .from(brokers)
    .where(and(eq(brokers.userId, userId), eq(brokers.status, "certified")))
    .get();
  if (!row) return null;
  const today = todayInShanghai(now);
  return row.validFrom <= today && today <= row.validUntil ? row : null;
}

/**
 * Where a broker stands today and so what the workbench tells him: "active" may work;
 * every other state explains why he cannot.
 */
export type BrokerStanding =
  { state: "none"; broker: null } | { state: "active" | "applied" | "rejected" | "suspended" | "revoked" | "expired" | "not_yet_valid"; broker: Broker };

export function brokerStanding(db: Db | Tx, userId: number, now: Date = new Date()): BrokerStanding {
  // Every workbench page asks: outside a write the statement is prepared once per connection.
  const broker =
    "$client" in db
      ? prepared(db, "broker-by-user", () =>
          db
            .select()
            .from(brokers)
            .where(eq(brokers.userId, sql.placeholder("userId")))
            .prepare(),
        ).get({ userId })
      : db.select().from(brokers).where(eq(brokers.userId, userId)).get();
  if (!broker) return { state: "none", broker: null };
  if (broker.status !== "certified") return { state: broker.status, broker };
  const today = todayInShanghai(now);
  if (today < broker.validFrom) return { state: "not_yet_valid", broker };
  if (today > broker.validUntil) return { state: "expired", broker };
  return { state: "active", broker };
}

/**
 * Records an action refused before its form is read: the page is not for this role. The
 * services audit the refusals they decide themselves.
 */
export function refuseBrokerAction(
  db: Db,
  actor: Actor | null,
  action: string,
  entity: string,
  entityId: number | string,
  requestId: string | null = null,
): void {
  writeTx(db, (tx) => writeAudit(tx, { actor, action: `denied:${action}`, entity, entityId, requestId }));
}

/* ------------------------------------------------------------------ applying */

export type FieldErrors = Record<string, string[]>;
export type ApplyResult = { ok: true; id: number } | { ok: false; fieldErrors: FieldErrors } | { ok: false; error: "forbidden" | "conflict" };

/** Transfer agencies a broker may practise under (verified ones only). */
export function practisingOrgOptions(db: Db) {
  return db
    .select({ id: organisations.id, name: organisations.name, nameEn: organisations.nameEn })
    .from(organisations)
    .where(and(eq(organisations.kind, "agency"), isNotNull(organisations.verifiedAt)))
    .orderBy(asc(organisations.name))
    .all();
}

export function chainOptions(db: Db) {
  return db.select().from(industryChains).orderBy(asc(industryChains.sort)).all();
}

/**
 * A broker applies for certification, or corrects an application that is pending or was
 * rejected. A certified, suspended or revoked certificate is the Bureau's to change, not his.
 */
export function applyAsBroker(db: Db, actor: Actor, input: BrokerApplicationInput, requestId: string | null = null): ApplyResult {
  return writeTx(db, (tx): ApplyResult => {
    const before = tx.select().from(brokers).where(eq(brokers.userId, actor.id)).get();
    if (actor.role !== "broker" || (before && !["applied", "rejected"].includes(before.status))) {
      writeAudit(tx, { actor, action: "denied:apply", entity: "broker", entityId: before?.id ?? `user:${actor.id}`, requestId });
      return { ok: false, error: actor.role !== "broker" ? "forbidden" : "conflict" };
    }
    const errors: FieldErrors = {};
    const org = tx.select().from(organisations).where(eq(organisations.id, input.orgId)).get();
    if (!org || org.kind !== "agency" || !org.verifiedAt) errors.orgId = ["v.choose"];
    const known = new Set(
      tx
        .select({ id: industryChains.id })
        .from(industryChains)
        .where(inArray(industryChains.id, input.chains))
        .all()
        .map((c) => c.id),
    );
    if (input.chains.some((c) => !known.has(c))) errors.chains = ["v.choose"];
    const holder = tx.select({ userId: brokers.userId }).from(brokers).where(eq(brokers.certificateNo, input.certificateNo)).get();
    if (holder && holder.userId !== actor.id) errors.certificateNo = ["v.certificateTaken"];
    if (Object.keys(errors).length) return { ok: false, fieldErrors: errors };
    const values = {
      orgId: input.orgId,
      certificateNo: input.certificateNo,
      grade: input.grade,
      validFrom: input.validFrom,
      validUntil: input.validUntil,
      chains: [...new Set(input.chains)],
      cohort: input.cohort ?? null,
      bio: input.bio ?? null,
      status: "applied" as const,
      statusNote: null,
      decidedBy: null,
      decidedAt: null,
      updatedAt: new Date().toISOString(),
    };
    const after = before
      ? tx.update(brokers).set(values).where(eq(brokers.id, before.id)).returning().get()
      : tx
          .insert(brokers)
          .values({ ...values, userId: actor.id })
          .returning()
          .get();
    writeAudit(tx, { actor, action: "apply", entity: "broker", entityId: after.id, before, after, requestId });
    return { ok: true, id: after.id };
  });
}

/* ------------------------------------------------------------------ the Bureau's decisions */

/** From which states each decision may be taken, and where it leads. */
const DECISIONS: Record<BrokerDecision, { from: BrokerStatus[]; to: BrokerStatus }> = {
  certify: { from: ["applied", "suspended"], to: "certified" },
  reject: { from: ["applied"], to: "rejected" },
  suspend: { from: ["certified"], to: "suspended" },
  revoke: { from: ["certified", "suspended"], to: "revoked" },
};

export function decisionsFor(status: BrokerStatus): BrokerDecision[] {
  return (Object.keys(DECISIONS) as BrokerDecision[]).filter((d) => DECISIONS[d].from.includes(status));
}

export type DecideResult = { ok: true } | { ok: false; error: "not_found" | "forbidden" | "conflict" };

/** The Bureau certifies, rejects, suspends or revokes; the broker is told in his own language. */
export function decideBroker(db: Db, actor: Actor, input: BrokerDecisionInput, requestId: string | null = null, now: Date = new Date()): DecideResult {
  return writeTx(db, (tx): DecideResult => {
    const before = tx.select().from(brokers).where(eq(brokers.id, input.brokerId)).get();
    if (actor.role !== "admin") {
      writeAudit(tx, { actor, action: `denied:${input.intent}`, entity: "broker", entityId: input.brokerId, requestId });
      return { ok: false, error: "forbidden" };
    }
    if (!before) return { ok: false, error: "not_found" };
    const rule = DECISIONS[input.intent];
    if (!rule.from.includes(before.status)) {
      writeAudit(tx, { actor, action: `denied:${input.intent}`, entity: "broker", entityId: before.id, before, requestId });
      return { ok: false, error: "conflict" };
    }
    const iso = now.toISOString();
    const after = tx
      .update(brokers)
      .set({ status: rule.to, statusNote: input.note ?? null, decidedBy: actor.id, decidedAt: iso, updatedAt: iso })
      .where(eq(brokers.id, before.id))
      .returning()
      .get();
    writeAudit(tx, { actor, action: input.intent, entity: "broker", entityId: before.id, before, after, requestId });
    // The count of certified brokers (a policy target) changes with every decision.
    bumpDataVersion(tx, "brokers");
    notify(tx, {
      userId: before.userId,
      kind: "broker_decided",
      params: { statusKey: `broker.status.${rule.to}`, ...(input.note ? { note: input.note } : {}) },
      link: "/broker",
    });
    return { ok: true };
  });
}

export function listBrokersForAdmin(db: Db) {
  return db
    .select({ broker: brokers, name: users.name, email: users.email, orgName: organisations.name })
    .from(brokers)
    .innerJoin(users, eq(users.id, brokers.userId))
    .innerJoin(organisations, eq(organisations.id, brokers.orgId))
    .orderBy(sql`CASE ${brokers.status} WHEN 'applied' THEN 0 WHEN 'certified' THEN 1 WHEN 'suspended' THEN 2 ELSE 3 END`, desc(brokers.updatedAt))
    .all()
    .map((r) => ({ ...r, decisions: decisionsFor(r.broker.status) }));
}

/** Brokers the Bureau may make a need's lead: certified and in force today. */
export function activeBrokerOptions(db: Db, now: Date = new Date()) {
  const today = todayInShanghai(now);
  return db
    .select({ userId: brokers.userId, name: users.name, certificateNo: brokers.certificateNo })
    .from(brokers)
    .innerJoin(users, eq(users.id, brokers.userId))
    .where(and(eq(brokers.status, "certified"), sql`${brokers.validFrom} <= ${today}`, sql`${brokers.validUntil} >= ${today}`))
    .orderBy(asc(users.name))
    .all();
}

/* ------------------------------------------------------------------ public directory */

/**
 * The track record a broker is known by: deals closed (his matches that reached "signed")
 * and the technology-transaction value of his registered contracts, each contract family
 * counted once through its current (non-superseded) version.
 */
const dealsClosed = sql<number>`(SELECT count(*) FROM matches m WHERE m.broker_user_id = ${brokers.userId} AND m.stage = 'signed')`;
const registeredValueFen = sql<number>`(SELECT coalesce(sum(c.tech_value_fen), 0) FROM contracts c
  WHERE c.broker_user_id = ${brokers.userId} AND c.status = 'registered' AND c.superseded_at IS NULL)`;
const registeredContracts = sql<number>`(SELECT count(*) FROM contracts c
  WHERE c.broker_user_id = ${brokers.userId} AND c.status = 'registered' AND c.superseded_at IS NULL)`;
const openDeals = sql<number>`(SELECT count(*) FROM matches m WHERE m.broker_user_id = ${brokers.userId} AND m.stage IN ('contacted', 'negotiating'))`;
const claimedNeeds = sql<number>`(SELECT count(*) FROM need_claims nc WHERE nc.broker_user_id = ${brokers.userId})`;

function publicColumns() {
  return {
    id: brokers.id,
    userId: brokers.userId,
    name: users.name,
    orgId: organisations.id,
    orgName: organisations.name,
    orgNameEn: organisations.nameEn,
    grade: brokers.grade,
    chains: brokers.chains,
    cohort: brokers.cohort,
    bio: brokers.bio,
    certificateNo: brokers.certificateNo,
    validFrom: brokers.validFrom,
    validUntil: brokers.validUntil,
    dealsClosed,
    registeredValueFen,
    registeredContracts,
    openDeals,
    claimedNeeds,
  };
}

function inForce(today: string) {
  return and(eq(brokers.status, "certified"), sql`${brokers.validFrom} <= ${today}`, sql`${brokers.validUntil} >= ${today}`);
}

const GRADE_ORDER = sql`CASE ${brokers.grade} WHEN 'senior' THEN 0 WHEN 'intermediate' THEN 1 ELSE 2 END`;

/** Certified brokers in force today, most senior and most successful first. */
export function listPublicBrokers(db: Db, filter: { chain?: string | undefined } = {}, now: Date = new Date()) {
  const rows = db
    .select(publicColumns())
    .from(brokers)
    .innerJoin(users, eq(users.id, brokers.userId))
    .innerJoin(organisations, eq(organisations.id, brokers.orgId))
    .where(inForce(todayInShanghai(now)))
    .orderBy(GRADE_ORDER, desc(dealsClosed), asc(users.name))
    .all();
  return filter.chain ? rows.filter((r) => r.chains.includes(filter.chain!)) : rows;
}

/** One broker's public profile, or null when he is not certified and in force (a 404). */
export function getPublicBroker(db: Db, id: number, now: Date = new Date()) {
  return (
    db
      .select(publicColumns())
      .from(brokers)
      .innerJoin(users, eq(users.id, brokers.userId))
      .innerJoin(organisations, eq(organisations.id, brokers.orgId))
      .where(and(eq(brokers.id, id), inForce(todayInShanghai(now))))
      .get() ?? null
  );
}

/**
 * 百名技术经纪人培育行动: the first phase's target (the earliest "brokers_trained" policy
 * target) against the brokers of the programme's cohorts up to that year whom the Bureau
 * certified: an expired or suspended certificate does not undo the training, a rejected
 * or revoked one never made a broker. One certified before the programme has no cohort.
 */
/** The brokers certified from the programme's cohorts; with `before` (an instant), those certified before then. */
export function cohortProgress(db: Db, before: string | null = null) {
  const target = db.select().from(policyTargets).where(eq(policyTargets.indicator, "brokers_trained")).orderBy(asc(policyTargets.year)).get();
  const rows = db
    .select({ cohort: brokers.cohort, n: sql<number>`count(*)` })
    .from(brokers)
    .where(and(inArray(brokers.status, ["certified", "suspended"]), isNotNull(brokers.cohort), before ? lt(brokers.decidedAt, before) : undefined))
    .groupBy(brokers.cohort)
    .orderBy(asc(brokers.cohort))
    .all()
    .filter((r): r is { cohort: string; n: number } => r.cohort !== null)
    .filter((r) => !target || Number(r.cohort.slice(0, 4)) <= target.year);
  return {
    year: target?.year ?? null,
    target: target?.targetValue ?? null,
    source: target?.source ?? null,
    done: rows.reduce((s, r) => s + r.n, 0),
    byCohort: rows,
  };
}
