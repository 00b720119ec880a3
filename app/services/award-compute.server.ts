import type { Db } from "../../db/connection";
import type { AwardKind, RewardBase } from "../../db/schema";

// What the city owes, cumulatively, up to a cut-off: the entitlement of every beneficiary on
// every contract family under the rules in force for the family's registration year. A batch
// line is this entitlement less what approved batches already awarded for the same
// beneficiary and family, so recomputing never awards twice and a refund after approval
// comes back as a negative line. Amounts are rounded down to the fen per contract, before
// caps are applied; caps are allocated in signing order (then family id).

/** One beneficiary's cumulative entitlement on one contract family. */
export interface Entitlement {
  familyId: number;
  versionId: number;
  title: string;
  registrationNo: string | null;
  signedOn: string;
  achievementId: number | null;
  /** "org:<credit code>" for a subsidy, "broker:<user id>" for a reward. */
  beneficiaryKey: string;
  beneficiaryName: string;
  beneficiaryOrgId: number | null;
  brokerUserId: number | null;
  ruleId: number;
  year: number;
  baseKind: RewardBase;
  baseFen: number;
  rateBp: number;
  capFen: number;
  capApplied: boolean;
  entitledFen: number;
}

interface ContractRow {
  versionId: number;
  familyId: number;
  title: string;
  registrationNo: string | null;
  signedOn: string;
  year: number;
  sellerName: string;
  sellerCreditCode: string;
  sellerOrgId: number | null;
  buyerName: string;
  buyerCreditCode: string;
  buyerOrgId: number | null;
  brokerUserId: number | null;
  brokerName: string | null;
  techValueFen: number;
  contractValueFen: number;
  achievementId: number | null;
  needBeforeSigning: number;
  brokerCertified: number;
  netReceivedFen: number;
}

/** The end of a Beijing calendar day as a UTC instant: what "up to the period's end" means. */
export function cutoffOf(periodEnd: string): string {
  return `${periodEnd}T16:00:00.000Z`;
}

// Registered current versions, registered before the cut-off, with the family's net received
// amount (payments less refunds that moved before the cut-off) and the facts the rules test.
// A broker is certified on the signing date when his certificate covered that date and his
// standing then was certified: still certified, or suspended or revoked only after that day.
const CONTRACTS = `
  SELECT c.id AS versionId, COALESCE(c.family_id, c.id) AS familyId, c.title, c.registration_no AS registrationNo,
         c.signed_on AS signedOn, c.registration_year AS year, c.seller_name AS sellerName, c.seller_credit_code AS sellerCreditCode,
         c.seller_org_id AS sellerOrgId, c.buyer_name AS buyerName, c.buyer_credit_code AS buyerCreditCode, c.buyer_org_id AS buyerOrgId,
         c.broker_user_id AS brokerUserId, u.name AS brokerName, c.tech_value_fen AS techValueFen, c.contract_value_fen AS contractValueFen,
         m.achievement_id AS achievementId,
         (n.published_at IS NOT NULL AND n.published_at < strftime('%Y-%m-%dT%H:%M:%fZ', c.signed_on, '-8 hours')) AS needBeforeSigning,
         (b.id IS NOT NULL AND b.valid_from <= c.signed_on AND c.signed_on <= b.valid_until
          AND (b.status = 'certified' OR (b.status IN ('suspended', 'revoked') AND b.decided_at >= strftime('%Y-%m-%dT%H:%M:%fZ', c.signed_on, '+16 hours')))) AS brokerCertified,
         COALESCE((SELECT SUM(CASE l.kind WHEN 'payment' THEN l.amount_fen ELSE -l.amount_fen END) FROM ledger_entries l
                   WHERE l.contract_id = COALESCE(c.family_id, c.id) AND l.kind IN ('payment', 'refund') AND l.effective_at < @cutoff), 0) AS netReceivedFen
  FROM contracts c
  LEFT JOIN matches m ON m.id = c.match_id
  LEFT JOIN needs n ON n.id = m.need_id
  LEFT JOIN users u ON u.id = c.broker_user_id
  LEFT JOIN brokers b ON b.user_id = c.broker_user_id
  WHERE c.status = 'registered' AND c.superseded_at IS NULL AND c.related_party = 0 AND c.registered_at < @cutoff
  ORDER BY c.signed_on, COALESCE(c.family_id, c.id)`;

function eligibleContracts(db: Db, cutoff: string): ContractRow[] {
  return db.$client.prepare(CONTRACTS).all({ cutoff }) as ContractRow[];
}

interface SubsidyRuleRow {
  id: number;
  year: number;
  rateBp: number;
  beneficiary: "seller" | "buyer";
  capPerAchievementFen: number;
  capPerBeneficiaryYearFen: number | null;
}

interface RewardRuleRow {
  id: number;
  year: number;
  rateBp: number;
  base: RewardBase;
  capPerBrokerYearFen: number;
  requireNeedBeforeSigning: number;
}

const rateOf = (baseFen: number, rateBp: number) => Math.floor((Math.max(0, baseFen) * rateBp) / 10_000);

/** Tracks what a cap has already given out, in allocation order. */
class CapPool {
  private used = new Map<string, number>();
  take(key: string, cap: number, wanted: number): number {
    const used = this.used.get(key) ?? 0;
    const given = Math.max(0, Math.min(wanted, cap - used));
    this.used.set(key, used + given);
    return given;
  }
}

/** Where several subsidy rules cover a year and a beneficiary role, the most generous one applies (从高不重复). */
function bestSubsidyRules(db: Db): Map<string, SubsidyRuleRow> {
  const rows = db.$client
    .prepare(
      `SELECT id, year, rate_bp AS rateBp, beneficiary, cap_per_achievement_fen AS capPerAchievementFen,
              cap_per_beneficiary_year_fen AS capPerBeneficiaryYearFen
       FROM subsidy_rules WHERE active = 1 ORDER BY rate_bp DESC, cap_per_achievement_fen DESC, id`,
    )
    .all() as SubsidyRuleRow[];
  const best = new Map<string, SubsidyRuleRow>();
  for (const r of rows) if (!best.has(`${r.year}|${r.beneficiary}`)) best.set(`${r.year}|${r.beneficiary}`, r);
  return best;
}

/**
 * Subsidies: the rule's rate on the family's net received amount, at most the rule's cap per
 * achievement (across every contract of that achievement; a contract without an achievement
 * is its own cap group) and, where the rule sets one, per beneficiary per year.
 */
export function subsidyEntitlements(db: Db, periodEnd: string): Entitlement[] {
  const rules = bestSubsidyRules(db);
  const out: Entitlement[] = [];
  const perAchievement = new CapPool();
  const perYear = new CapPool();
  for (const c of eligibleContracts(db, cutoffOf(periodEnd))) {
    for (const role of ["seller", "buyer"] as const) {
      const rule = rules.get(`${c.year}|${role}`);
      if (!rule) continue;
      const creditCode = role === "seller" ? c.sellerCreditCode : c.buyerCreditCode;
      const key = `org:${creditCode}`;
      const raw = rateOf(c.netReceivedFen, rule.rateBp);
      const group = c.achievementId === null ? `contract:${c.familyId}` : `achievement:${c.achievementId}`;
      let entitled = perAchievement.take(`${role}|${group}`, rule.capPerAchievementFen, raw);
      if (rule.capPerBeneficiaryYearFen !== null) entitled = perYear.take(`${key}|${c.year}`, rule.capPerBeneficiaryYearFen, entitled);
      out.push({
        ...describe(c),
        beneficiaryKey: key,
        beneficiaryName: role === "seller" ? c.sellerName : c.buyerName,
        beneficiaryOrgId: role === "seller" ? c.sellerOrgId : c.buyerOrgId,
        brokerUserId: null,
        ruleId: rule.id,
        baseKind: "received",
        baseFen: Math.max(0, c.netReceivedFen),
        rateBp: rule.rateBp,
        capFen: rule.capPerAchievementFen,
        capApplied: entitled < raw,
        entitledFen: entitled,
      });
    }
  }
  return out;
}

function describe(c: ContractRow) {
  return {
    familyId: c.familyId,
    versionId: c.versionId,
    title: c.title,
    registrationNo: c.registrationNo,
    signedOn: c.signedOn,
    achievementId: c.achievementId,
    year: c.year,
  };
}

function rewardBaseOf(c: ContractRow, base: RewardBase): number {
  if (base === "tech_value") return c.techValueFen;
  if (base === "contract_value") return c.contractValueFen;
  return Math.max(0, c.netReceivedFen);
}

/** One broker's entitlements for one year under one rule, capped per broker per year. */
function underRewardRule(rule: RewardRuleRow, contracts: ContractRow[]): Entitlement[] {
  const pool = new CapPool();
  return contracts.map((c) => {
    const eligible = c.brokerCertified === 1 && (rule.requireNeedBeforeSigning === 0 || c.needBeforeSigning === 1);
    const baseFen = rewardBaseOf(c, rule.base);
    const raw = eligible ? rateOf(baseFen, rule.rateBp) : 0;
    const entitled = pool.take("year", rule.capPerBrokerYearFen, raw);
    return {
      ...describe(c),
      beneficiaryKey: `broker:${c.brokerUserId}`,
      beneficiaryName: c.brokerName ?? "",
      beneficiaryOrgId: null,
      brokerUserId: c.brokerUserId,
      ruleId: rule.id,
      baseKind: rule.base,
      baseFen,
      rateBp: rule.rateBp,
      capFen: rule.capPerBrokerYearFen,
      capApplied: entitled < raw,
      entitledFen: entitled,
    };
  });
}

/**
 * Broker rewards: for each broker and registration year, every active rule of that year is
 * applied and the one that pays him most is kept, never two (从高不重复). Related-party
 * contracts and contracts signed while the broker was not certified earn nothing.
 */
export function rewardEntitlements(db: Db, periodEnd: string, brokerUserId?: number): Entitlement[] {
  const rules = db.$client
    .prepare(
      `SELECT id, year, rate_bp AS rateBp, base, cap_per_broker_year_fen AS capPerBrokerYearFen,
              require_need_before_signing AS requireNeedBeforeSigning
       FROM reward_rules WHERE active = 1 ORDER BY id`,
    )
    .all() as RewardRuleRow[];
  const groups = new Map<string, ContractRow[]>();
  for (const c of eligibleContracts(db, cutoffOf(periodEnd))) {
    if (c.brokerUserId === null || (brokerUserId !== undefined && c.brokerUserId !== brokerUserId)) continue;
    const key = `${c.brokerUserId}|${c.year}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const out: Entitlement[] = [];
  for (const contracts of groups.values()) {
    let best: Entitlement[] | null = null;
    let bestTotal = -1;
    for (const rule of rules.filter((r) => r.year === contracts[0]!.year)) {
      const lines = underRewardRule(rule, contracts);
      const total = lines.reduce((s, l) => s + l.entitledFen, 0);
      if (total > bestTotal) [best, bestTotal] = [lines, total];
    }
    if (best) out.push(...best);
  }
  return out;
}

export function entitlements(db: Db, kind: AwardKind, periodEnd: string): Entitlement[] {
  return kind === "subsidy" ? subsidyEntitlements(db, periodEnd) : rewardEntitlements(db, periodEnd);
}
