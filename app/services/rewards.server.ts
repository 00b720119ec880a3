import { cachedWhileUnchanged } from "./data-versions.server";
import { asc, desc, eq } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { rewardRules, type RewardRule } from "../../db/schema";
import type { RewardRuleInput } from "../schemas/contracts";
import type { Actor } from "./actor";
import { writeAudit } from "./audit.server";

// Government rewards to brokers for registered contracts (e.g. 兰州 2025: 5% of the amount
// actually paid, at most 200,000 yuan a broker a year). The rules are policy data the Bureau
// edits; every rule has a cap. What is awarded is computed and frozen in batches
// (award-batches.server.ts); the figures here are the year's running estimate. A
// contract counts in the year of its family's registration, in its current (non-superseded)
// version; each contract's reward is rounded down to the fen, then the year's total is
// capped. Where several rules cover the same year, a broker gets the one that pays him most
// and never two (从高不重复).

export type { RewardRule };

// A need counts as "on the platform before signing" when it was published before the signing
// day began in Beijing (signed_on is a Beijing calendar date, published_at a UTC instant).
const NEED_BEFORE_SIGNING = `(n.published_at IS NOT NULL AND n.published_at < strftime('%Y-%m-%dT%H:%M:%fZ', c.signed_on, '-8 hours'))`;

const counted = (join = "") => `
  FROM contracts c ${join}
  LEFT JOIN matches m ON m.id = c.match_id
  LEFT JOIN needs n ON n.id = m.need_id
  WHERE c.status = 'registered' AND c.superseded_at IS NULL AND c.broker_user_id IS NOT NULL AND c.related_party = 0 AND c.registration_year = @year`;

function ruleParams(rule: RewardRule) {
  return { year: rule.year, rate: rule.rateBp, base: rule.base, requireNeed: rule.requireNeedBeforeSigning ? 1 : 0 };
}

const ELIGIBLE = `(@requireNeed = 0 OR ${NEED_BEFORE_SIGNING})`;
// The received amount is the family's payments less refunds in the ledger so far, never below zero.
const RECEIVED = `MAX(0, COALESCE((SELECT SUM(CASE l.kind WHEN 'payment' THEN l.amount_fen ELSE -l.amount_fen END) FROM ledger_entries l
  WHERE l.contract_id = COALESCE(c.family_id, c.id) AND l.kind IN ('payment', 'refund')), 0))`;
const BASE = `(CASE @base WHEN 'tech_value' THEN c.tech_value_fen WHEN 'contract_value' THEN c.contract_value_fen ELSE ${RECEIVED} END)`;
// Integer division truncates, so each contract's reward is rounded down to the fen. The rate
// is cast because better-sqlite3 binds every JavaScript number as a REAL.
const REWARD = `(CASE WHEN ${ELIGIBLE} THEN (${BASE} * CAST(@rate AS INTEGER)) / 10000 ELSE 0 END)`;

export function activeRulesFor(db: Db, year: number): RewardRule[] {
  return db
    .select()
    .from(rewardRules)
    .where(eq(rewardRules.year, year))
    .orderBy(asc(rewardRules.id))
    .all()
    .filter((r) => r.active);
}

function capped(uncapped: number, rule: RewardRule): number {
  return Math.min(uncapped, rule.capPerBrokerYearFen);
}

interface BrokerTotal {
  brokerUserId: number;
  name: string;
  contracts: number;
  eligible: number;
  uncappedFen: number;
}

function totalsUnder(db: Db, rule: RewardRule, brokerUserId?: number): BrokerTotal[] {
  const rows = db.$client
    .prepare(
      `SELECT c.broker_user_id AS brokerUserId, u.name AS name, COUNT(*) AS contracts,
              SUM(CASE WHEN ${ELIGIBLE} THEN 1 ELSE 0 END) AS eligible,
              SUM(${REWARD}) AS uncappedFen
       ${counted("JOIN users u ON u.id = c.broker_user_id")}
       ${brokerUserId === undefined ? "" : "AND c.broker_user_id = @broker"}
       GROUP BY c.broker_user_id ORDER BY c.broker_user_id`,
    )
    .all({ ...ruleParams(rule), ...(brokerUserId === undefined ? {} : { broker: brokerUserId }) }) as BrokerTotal[];
  return rows;
}

export interface RewardLine {
  contractId: number;
  title: string;
  registrationNo: string | null;
  signedOn: string;
  needPublishedAt: string | null;
  /** Whether the contract came from a deal on the platform at all. */
  fromDeal: boolean;
  baseFen: number;
  eligible: boolean;
  rewardFen: number;
}

export interface BrokerRewardSummary {
  brokerUserId: number;
  year: number;
  /** The rule applied: the one that pays this broker most this year; null when no rule is in force. */
  rule: Pick<RewardRule, "id" | "name" | "rateBp" | "base" | "capPerBrokerYearFen" | "requireNeedBeforeSigning" | "source"> | null;
  lines: RewardLine[];
  contracts: number;
  eligible: number;
  uncappedFen: number;
  dueFen: number;
  capped: boolean;
}

/**
 * What a broker is due for a year under the rules in force: his registered, current
 * contracts of that year, each with its reward, and the capped total. The broker workbench
 * and his contracts list show it.
 */
export function brokerRewardSummary(db: Db, brokerUserId: number, year: number): BrokerRewardSummary {
  return cachedWhileUnchanged(db, `broker-reward-summary:${brokerUserId}:${year}`, () => computeBrokerRewardSummary(db, brokerUserId, year));
}

function computeBrokerRewardSummary(db: Db, brokerUserId: number, year: number): BrokerRewardSummary {
  let best: { rule: RewardRule; total: BrokerTotal | undefined; due: number } | null = null;
  for (const rule of activeRulesFor(db, year)) {
    const total = totalsUnder(db, rule, brokerUserId)[0];
    const due = capped(total?.uncappedFen ?? 0, rule);
    if (!best || due > best.due) best = { rule, total, due };
  }
  const empty: BrokerRewardSummary = { brokerUserId, year, rule: null, lines: [], contracts: 0, eligible: 0, uncappedFen: 0, dueFen: 0, capped: false };
  if (!best) return empty;
  const { rule } = best;
  const lines = (
    db.$client
      .prepare(
        `SELECT c.id AS contractId, c.title, c.registration_no AS registrationNo, c.signed_on AS signedOn,
                n.published_at AS needPublishedAt, c.match_id IS NOT NULL AS fromDeal, ${BASE} AS baseFen,
                ${ELIGIBLE} AS eligible, ${REWARD} AS rewardFen
         ${counted()} AND c.broker_user_id = @broker
         ORDER BY c.signed_on, c.id`,
      )
      .all({ ...ruleParams(rule), broker: brokerUserId }) as (Omit<RewardLine, "eligible" | "fromDeal"> & { eligible: number; fromDeal: number })[]
  ).map((l) => ({ ...l, eligible: l.eligible === 1, fromDeal: l.fromDeal === 1 }));
  const uncappedFen = best.total?.uncappedFen ?? 0;
  return {
    brokerUserId,
    year,
    rule: {
      id: rule.id,
      name: rule.name,
      rateBp: rule.rateBp,
      base: rule.base,
      capPerBrokerYearFen: rule.capPerBrokerYearFen,
      requireNeedBeforeSigning: rule.requireNeedBeforeSigning,
      source: rule.source,
    },
    lines,
    contracts: best.total?.contracts ?? lines.length,
    eligible: best.total?.eligible ?? 0,
    uncappedFen,
    dueFen: best.due,
    capped: best.due < uncappedFen,
  };
}

export interface BrokerDue {
  brokerUserId: number;
  name: string;
  ruleId: number;
  contracts: number;
  eligible: number;
  uncappedFen: number;
  dueFen: number;
}

/** Every broker's reward for a year, for the Bureau: the best rule per broker, capped. */
export function rewardsDue(db: Db, year: number): { brokers: BrokerDue[]; totalFen: number } {
  const best = new Map<number, BrokerDue>();
  for (const rule of activeRulesFor(db, year)) {
    for (const t of totalsUnder(db, rule)) {
      const due = capped(t.uncappedFen, rule);
      const current = best.get(t.brokerUserId);
      if (!current || due > current.dueFen) best.set(t.brokerUserId, { ...t, ruleId: rule.id, dueFen: due });
    }
  }
  const brokers = [...best.values()].sort((a, b) => b.dueFen - a.dueFen || a.brokerUserId - b.brokerUserId);
  return { brokers, totalFen: brokers.reduce((s, b) => s + b.dueFen, 0) };
}

export function listRewardRules(db: Db): RewardRule[] {
  return db.select().from(rewardRules).orderBy(desc(rewardRules.year), asc(rewardRules.id)).all();
}

/** Records a refused attempt to change the rules, made before any form is read. */
export function refuseRewardRuleChange(db: Db, actor: Actor | null, requestId: string | null = null): void {
  writeTx(db, (tx) => writeAudit(tx, { actor, action: "denied:update", entity: "reward_rule", entityId: "any", requestId }));
}

export type RuleResult = { ok: true; id: number } | { ok: false; error: "forbidden" | "not_found" };

/** Creates a rule, or changes one; either way the before and after are audited. */
export function saveRewardRule(db: Db, actor: Actor, input: RewardRuleInput, requestId: string | null = null): RuleResult {
  return writeTx(db, (tx): RuleResult => {
    if (actor.role !== "admin") {
      writeAudit(tx, { actor, action: input.id ? "denied:update" : "denied:create", entity: "reward_rule", entityId: input.id ?? "new", requestId });
      return { ok: false, error: "forbidden" };
    }
    const values = {
      name: input.name,
      year: input.year,
      rateBp: input.ratePercent,
      base: input.base,
      capPerBrokerYearFen: input.capWan,
      requireNeedBeforeSigning: input.requireNeedBeforeSigning,
      source: input.source,
      active: input.active,
      updatedBy: actor.id,
      updatedAt: new Date().toISOString(),
    };
    if (input.id === undefined) {
      const after = tx.insert(rewardRules).values(values).returning().get();
      writeAudit(tx, { actor, action: "create", entity: "reward_rule", entityId: after.id, after, requestId });
      return { ok: true, id: after.id };
    }
    const before = tx.select().from(rewardRules).where(eq(rewardRules.id, input.id)).get();
    if (!before) return { ok: false, error: "not_found" };
    const after = tx.update(rewardRules).set(values).where(eq(rewardRules.id, input.id)).returning().get();
    writeAudit(tx, { actor, action: "update", entity: "reward_rule", entityId: after.id, before, after, requestId });
    return { ok: true, id: after.id };
  });
}
