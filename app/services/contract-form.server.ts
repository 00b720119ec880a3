import { aliasedTable, and, asc, eq } from "drizzle-orm";
import type { Db, Tx } from "../../db/connection";
import { creditCodeDivision } from "../../db/credit-code";
import { achievements, dealFiles, industryChains, matches, needs, organisations, scenarios, techFields } from "../../db/schema";
import { dealSubject, subjectOrgId } from "./scenarios/deal-subject.server";
import { NON_TECH_FIELD, nonTechSum, techValueOf, type ContractInput } from "../schemas/contracts";
import type { Actor } from "./actor";
import { isMember, type FieldErrors } from "./contracts.server";

// The contract form's side of recording: what it offers, what it starts from, the checks on
// what was typed that need the database, and the columns it writes.

/* ------------------------------------------------------------------ checks on the content */

function orgIdByCode(tx: Tx, code: string): number | null {
  return tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.creditCode, code)).get()?.id ?? null;
}

export function checkMatch(tx: Tx, actor: Actor, matchId: number | undefined): "ok" | "not_found" | "dismissed" {
  if (matchId === undefined) return "ok";
  if (actor.role !== "broker") return "not_found";
  const m = tx.select().from(matches).where(eq(matches.id, matchId)).get();
  if (!m || m.brokerUserId !== actor.id) return "not_found";
  return m.stage === "dismissed" ? "dismissed" : "ok";
}

export function contentErrors(tx: Tx, actor: Actor, input: ContractInput, matchId: number | null): FieldErrors {
  const errors: FieldErrors = {};
  if (nonTechSum(input) > input.contractValueFen) errors[NON_TECH_FIELD] = ["v.contract.itemsAboveTotal"];
  const field = tx.select().from(techFields).where(eq(techFields.code, input.contractFieldCode)).get();
  if (!field || field.vocabulary !== "contract") errors.contractFieldCode = ["v.choose"];
  if (input.industryChainId && !tx.select({ id: industryChains.id }).from(industryChains).where(eq(industryChains.id, input.industryChainId)).get()) {
    errors.industryChainId = ["v.choose"];
  }
  if (input.fileId !== undefined) {
    const file = tx.select({ matchId: dealFiles.matchId }).from(dealFiles).where(eq(dealFiles.id, input.fileId)).get();
    if (!file || matchId === null || file.matchId !== matchId) errors.fileId = ["v.contract.fileNotInDeal"];
  }
  if (actor.role !== "broker" && (input.commissionRateBp !== null || input.commissionFixedFen !== null)) {
    errors.commissionRatePercent = ["v.contract.commissionBrokerOnly"];
  }
  if (isMember(actor)) {
    // A member records only contracts his own organisation signed, as buyer or seller.
    const own = tx.select({ code: organisations.creditCode }).from(organisations).where(eq(organisations.id, actor.orgId)).get();
    if (!own || (own.code !== input.buyerCreditCode && own.code !== input.sellerCreditCode)) errors.sellerCreditCode = ["v.contract.ownOrgParty"];
  }
  return errors;
}

export function columns(tx: Tx, input: ContractInput) {
  return {
    title: input.title,
    type: input.type,
    subType: input.subType,
    buyerName: input.buyerName,
    buyerCreditCode: input.buyerCreditCode,
    buyerDivision: input.buyerDivision,
    buyerOrgId: orgIdByCode(tx, input.buyerCreditCode),
    sellerName: input.sellerName,
    sellerCreditCode: input.sellerCreditCode,
    sellerDivision: input.sellerDivision,
    sellerOrgId: orgIdByCode(tx, input.sellerCreditCode),
    contractValueFen: input.contractValueFen,
    techValueFen: techValueOf(input.contractValueFen, input),
    equipmentFen: input.equipmentFen,
    instrumentsFen: input.instrumentsFen,
    materialsFen: input.materialsFen,
    otherFen: input.otherFen,
    signedOn: input.signedOn,
    termStart: input.termStart,
    termEnd: input.termEnd,
    paymentMode: input.paymentMode,
    milestones: input.milestones,
    relatedParty: input.relatedParty,
    contractFieldCode: input.contractFieldCode,
    industryChainId: input.industryChainId ?? null,
    ipTypes: input.ipTypes,
    commissionRateBp: input.commissionRateBp,
    commissionFixedFen: input.commissionFixedFen,
    fileId: input.fileId ?? null,
  };
}

export function contractFormOptions(db: Db) {
  return {
    fields: db.select().from(techFields).where(eq(techFields.vocabulary, "contract")).orderBy(asc(techFields.sort)).all(),
    chains: db.select().from(industryChains).orderBy(asc(industryChains.sort)).all(),
  };
}
export type ContractFormOptions = ReturnType<typeof contractFormOptions>;

function partyOf(org: { name: string; creditCode: string; countyCode: string | null }) {
  // An organisation outside Lüliang has no county here; its code still names where it was registered.
  return { name: org.name, creditCode: org.creditCode, division: org.countyCode ?? creditCodeDivision(org.creditCode) };
}

/**
 * A new contract's starting values from the broker's deal: buyer = the need's organisation,
 * seller = the achievement's. Null when the deal is not this broker's (the page is then a 404).
 */
export function prefillFromMatch(db: Db, actor: Actor, matchId: number) {
  if (actor.role !== "broker") return null;
  const buyerOrg = aliasedTable(organisations, "buyer_org");
  const sellerOrg = aliasedTable(organisations, "seller_org");
  const row = db
    .select({ match: matches, need: needs, scenario: scenarios, achievement: achievements, buyer: buyerOrg, seller: sellerOrg })
    .from(matches)
    .leftJoin(needs, eq(needs.id, matches.needId))
    .leftJoin(scenarios, eq(scenarios.id, matches.scenarioId))
    .innerJoin(achievements, eq(achievements.id, matches.achievementId))
    .innerJoin(buyerOrg, eq(buyerOrg.id, subjectOrgId))
    .innerJoin(sellerOrg, eq(sellerOrg.id, achievements.orgId))
    .where(and(eq(matches.id, matchId), eq(matches.brokerUserId, actor.id)))
    .get();
  const subject = row ? dealSubject(row.need, row.scenario) : null;
  if (!row || !subject) return null;
  const buyer = partyOf(row.buyer);
  const seller = partyOf(row.seller);
  return {
    matchId: String(matchId),
    title: row.achievement.title,
    buyerName: buyer.name,
    buyerCreditCode: buyer.creditCode,
    buyerDivision: buyer.division,
    sellerName: seller.name,
    sellerCreditCode: seller.creditCode,
    sellerDivision: seller.division,
    industryChainId: subject.industryChainId,
    ipTypes: [row.achievement.ipType],
    deal: { needTitle: subject.title, achievementTitle: row.achievement.title },
  };
}

/** A member's own organisation as a party, for the blank form. */
export function ownOrgParty(db: Db, actor: Actor) {
  if (!isMember(actor)) return null;
  const org = db.select().from(organisations).where(eq(organisations.id, actor.orgId)).get();
  return org ? { ...partyOf(org), kind: org.kind } : null;
}
