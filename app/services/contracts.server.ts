import { and, asc, desc, eq, inArray, isNotNull, isNull, ne, or } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../../db/connection";
import {
  contractDocuments,
  contracts,
  dealFiles,
  industryChains,
  matches,
  needs,
  achievements,
  techFields,
  users,
  type Contract,
  type ContractStatus,
  scenarios,
} from "../../db/schema";
import { subjectTitle } from "./scenarios/deal-subject.server";
import { partyCodeProblem } from "../schemas/contracts";
import type { Actor } from "./actor";
import { listAuditForRecord, writeAudit } from "./audit.server";
import { getActiveBroker } from "./brokers.server";
import { openContractFlags } from "./padding-flags.server";

// 技术合同 from recording to 认定登记, the part every step shares: who may see and do what,
// and reading. The recorder (the deal's broker, or a member of one of the parties) drafts;
// the seller's side files it (its member, or the broker on its behalf) with the Bureau's
// registrar when the seller is in Lüliang, or records where the office of its own locality
// registered it; the registrar registers, confirms, returns, cancels or records a termination
// (contract-filing.server.ts and contract-registrar.server.ts). A registered contract is never
// edited: an amendment is a new row of the same family that supersedes the version it amends.

export type FieldErrors = Record<string, string[]>;
export type ContractError = "not_found" | "forbidden" | "conflict" | "inactive_broker" | "unverified" | "not_seller" | "seller_elsewhere" | "seller_local";
export type ContractResult = { ok: true; id: number } | { ok: false; fieldErrors: FieldErrors } | { ok: false; error: ContractError };

export const EDITABLE: readonly ContractStatus[] = ["draft", "returned"];
/** Not yet decided: an amendment in one of these (or registered elsewhere and not yet confirmed) is still open. */
export const OPEN: readonly ContractStatus[] = ["draft", "submitted", "returned"];

/** Lüliang's divisions (GB/T 2260) begin with 1411: the desk registers only sellers there. */
export const isLuliangDivision = (division: string): boolean => division.startsWith("1411");

export type ContractAction = "edit" | "submit" | "elsewhere" | "amend";

export type Loaded = { c: Contract; creatorOrgId: number };

export function load(tx: Db | Tx, id: number): Loaded | undefined {
  return tx
    .select({ c: contracts, creatorOrgId: users.orgId })
    .from(contracts)
    .innerJoin(users, eq(users.id, contracts.createdBy))
    .where(eq(contracts.id, id))
    .get();
}

export const isMember = (actor: Actor | null): actor is Actor => !!actor && (actor.role === "enterprise" || actor.role === "institute");

/**
 * The recorder's side owns a contract: its broker when it has one, otherwise the members of
 * the organisation whose member recorded it (a colleague may carry on with the draft).
 */
export function isContractOwner(actor: Actor | null, row: Loaded): boolean {
  if (!actor) return false;
  if (row.c.brokerUserId !== null) return actor.role === "broker" && actor.id === row.c.brokerUserId;
  return isMember(actor) && actor.orgId === row.creatorOrgId;
}

export function isParty(actor: Actor | null, c: Contract): boolean {
  return isMember(actor) && (actor.orgId === c.buyerOrgId || actor.orgId === c.sellerOrgId);
}

/**
 * The Bureau sees every contract; the parties see theirs once it has left the recorder's
 * drafts, except that the seller's members see a draft the buyer's side recorded without a
 * broker from the start, since they are the ones who file it.
 */
export function canViewContract(actor: Actor | null, row: Loaded): boolean {
  if (!actor) return false;
  if (actor.role === "admin" || isContractOwner(actor, row)) return true;
  if (!isParty(actor, row.c)) return false;
  return row.c.status !== "draft" || (row.c.brokerUserId === null && actor.orgId === row.c.sellerOrgId);
}

/** Whether another version of the family is still open (an amendment not yet decided). */
export function hasOpenAmendment(tx: Db | Tx, c: Contract): boolean {
  const family = c.familyId ?? c.id;
  return !!tx
    .select({ id: contracts.id })
    .from(contracts)
    .where(
      and(
        eq(contracts.familyId, family),
        or(inArray(contracts.status, [...OPEN]), and(eq(contracts.status, "elsewhere"), isNull(contracts.elsewhereConfirmedAt))),
        ne(contracts.id, c.id),
      ),
    )
    .get();
}

/** The version of a family that counts now: registered, or registered elsewhere and confirmed; not superseded. */
export function isCountedVersion(c: Contract): boolean {
  const counted = c.status === "registered" || (c.status === "elsewhere" && c.elsewhereConfirmedAt !== null);
  return counted && c.supersededAt === null;
}

/* ------------------------------------------------------------------ who may file */

export type FilingRight = { ok: true; onBehalf: boolean } | { ok: false; error: "forbidden" | "inactive_broker" | "unverified" | "not_seller" };

/**
 * Filing for registration is the seller's (the registering party's): a member of the seller's
 * verified organisation, or the contract's broker with a certificate in force on its behalf.
 * The buyer's side may record and correct a draft but not file it.
 */
export function filingRight(tx: Db | Tx, actor: Actor | null, row: Loaded, now: Date = new Date()): FilingRight {
  if (!actor) return { ok: false, error: "forbidden" };
  const { c } = row;
  if (actor.role === "broker" && c.brokerUserId === actor.id)
    return getActiveBroker(tx, actor.id, now) ? { ok: true, onBehalf: true } : { ok: false, error: "inactive_broker" };
  if (isMember(actor) && c.sellerOrgId !== null && actor.orgId === c.sellerOrgId)
    return actor.orgVerified ? { ok: true, onBehalf: false } : { ok: false, error: "unverified" };
  if (isContractOwner(actor, row) || isParty(actor, c)) return { ok: false, error: "not_seller" };
  return { ok: false, error: "forbidden" };
}

/** What the viewer may do to the contract now, for the page to offer. */
export function contractActions(tx: Db | Tx, actor: Actor | null, row: Loaded, now: Date = new Date()): ContractAction[] {
  const { c } = row;
  const out: ContractAction[] = [];
  const owner = isContractOwner(actor, row);
  if (EDITABLE.includes(c.status)) {
    if (owner) out.push("edit");
    // An unverified member is offered the button and told why it is refused.
    const right = filingRight(tx, actor, row, now);
    if (right.ok || right.error === "unverified") out.push(isLuliangDivision(c.sellerDivision) ? "submit" : "elsewhere");
  }
  if (owner && isCountedVersion(c) && !hasOpenAmendment(tx, c)) out.push("amend");
  return out;
}

export function audit(tx: Tx, actor: Actor | null, action: string, id: number | string, requestId: string | null, before?: unknown, after?: unknown) {
  writeAudit(tx, { actor, action, entity: "contract", entityId: id, before, after, requestId });
}

/* ------------------------------------------------------------------ who may record */

export type RecordingRight = { ok: true } | { ok: false; error: "forbidden" | "inactive_broker" };

/** Brokers with a certificate in force and members of enterprises and institutes record contracts. */
export function recordingRight(db: Db | Tx, actor: Actor, now: Date = new Date()): RecordingRight {
  if (actor.role === "broker") return getActiveBroker(db, actor.id, now) ? { ok: true } : { ok: false, error: "inactive_broker" };
  return isMember(actor) ? { ok: true } : { ok: false, error: "forbidden" };
}

/**
 * Refuses an action before its form is read, and records the refusal. A contract the actor
 * may not see is reported as missing whether or not it exists.
 */
export function refuseContractAction(db: Db, actor: Actor | null, action: string, id: number | "new", requestId: string | null = null): void {
  writeTx(db, (tx) => audit(tx, actor, `denied:${action}`, id, requestId));
}

/** Whether the actor may see the contract at all (routes check this before parsing a form). */
export function contractVisible(db: Db, actor: Actor | null, id: number): boolean {
  const row = load(db, id);
  return !!row && canViewContract(actor, row);
}

/** Codes that pass neither the credit-code nor the ID-number check; the registrar must accept them. */
export function codesNeedingAcceptance(c: Pick<Contract, "buyerCreditCode" | "sellerCreditCode">): string[] {
  return [c.buyerCreditCode, c.sellerCreditCode].filter((code) => partyCodeProblem(code) !== null);
}

export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Error && "code" in err && (err as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE";
}

/* ------------------------------------------------------------------ reading */

/** A contract as the viewer may see it, with its family's versions, or null when it does not exist for them. */
export function getContractForViewer(db: Db, actor: Actor | null, id: number) {
  const row = load(db, id);
  if (!row || !canViewContract(actor, row)) return null;
  const { c } = row;
  const nameOf = (userId: number | null) =>
    userId === null ? null : (db.select({ name: users.name }).from(users).where(eq(users.id, userId)).get()?.name ?? null);
  const field = db.select().from(techFields).where(eq(techFields.code, c.contractFieldCode)).get() ?? null;
  const chain = c.industryChainId ? (db.select().from(industryChains).where(eq(industryChains.id, c.industryChainId)).get() ?? null) : null;
  const deal = c.matchId
    ? (db
        .select({
          id: matches.id,
          needId: needs.id,
          scenarioId: matches.scenarioId,
          needTitle: subjectTitle,
          achievementId: achievements.id,
          achievementTitle: achievements.title,
        })
        .from(matches)
        .leftJoin(needs, eq(needs.id, matches.needId))
        .leftJoin(scenarios, eq(scenarios.id, matches.scenarioId))
        .innerJoin(achievements, eq(achievements.id, matches.achievementId))
        .where(eq(matches.id, c.matchId))
        .get() ?? null)
    : null;
  const file = c.fileId
    ? (db.select({ id: dealFiles.id, displayName: dealFiles.displayName }).from(dealFiles).where(eq(dealFiles.id, c.fileId)).get() ?? null)
    : null;
  // Versions the viewer may see: a party does not see the recorder's unsent amendment drafts.
  const owner = isContractOwner(actor, row);
  const family = db
    .select({
      id: contracts.id,
      amendmentNo: contracts.amendmentNo,
      status: contracts.status,
      registrationNo: contracts.registrationNo,
      registeredAt: contracts.registeredAt,
      supersededAt: contracts.supersededAt,
    })
    .from(contracts)
    .where(eq(contracts.familyId, c.familyId ?? c.id))
    .orderBy(asc(contracts.amendmentNo), asc(contracts.id))
    .all()
    .filter((v) => owner || actor?.role === "admin" || v.status !== "draft");
  const admin = actor?.role === "admin";
  const filing = filingRight(db, actor, row);
  return {
    contract: c,
    brokerName: nameOf(c.brokerUserId),
    filerName: nameOf(c.filedBy),
    documents: listContractDocuments(db, id),
    creatorName: nameOf(c.createdBy) ?? "",
    field,
    chain,
    deal,
    file,
    family,
    isOwner: owner,
    actions: contractActions(db, actor, row),
    // The buyer's side may correct its draft but the seller's side files it: the page says so.
    filingRefused: EDITABLE.includes(c.status) && filing.ok === false && filing.error === "not_seller",
    canRegister: admin && c.status === "submitted",
    canConfirm: admin && c.status === "elsewhere" && c.elsewhereConfirmedAt === null,
    canCancel: admin && isCountedVersion(c),
    canTerminate: admin && isCountedVersion(c) && c.terminatedOn === null,
    openFlags: admin ? openContractFlags(db, id).map((f) => ({ id: f.id, kind: f.kind, raisedAt: f.raisedAt })) : [],
    codesToAccept: codesNeedingAcceptance(c),
    history: admin ? listAuditForRecord(db, "contract", id) : [],
  };
}
export type ContractView = NonNullable<ReturnType<typeof getContractForViewer>>;

/** A contract for its edit form: only its owner, and only while it is a draft or returned. */
export function getContractForEdit(
  db: Db,
  actor: Actor,
  id: number,
): { ok: true; contract: Contract } | { ok: false; error: "not_found" | "forbidden" | "conflict" } {
  const row = load(db, id);
  if (!row || !canViewContract(actor, row)) return { ok: false, error: "not_found" };
  if (!isContractOwner(actor, row)) return { ok: false, error: "forbidden" };
  if (!EDITABLE.includes(row.c.status)) return { ok: false, error: "conflict" };
  return { ok: true, contract: row.c };
}

const listColumns = {
  id: contracts.id,
  title: contracts.title,
  type: contracts.type,
  buyerName: contracts.buyerName,
  sellerName: contracts.sellerName,
  contractValueFen: contracts.contractValueFen,
  techValueFen: contracts.techValueFen,
  signedOn: contracts.signedOn,
  status: contracts.status,
  amendmentNo: contracts.amendmentNo,
  supersededAt: contracts.supersededAt,
  registrationNo: contracts.registrationNo,
  registrationYear: contracts.registrationYear,
  returnReason: contracts.returnReason,
  submittedAt: contracts.submittedAt,
  updatedAt: contracts.updatedAt,
  elsewhereOffice: contracts.elsewhereOffice,
  elsewhereNo: contracts.elsewhereNo,
  elsewhereConfirmedAt: contracts.elsewhereConfirmedAt,
  cancelledAt: contracts.cancelledAt,
};

/**
 * "My contracts": a broker's own; for a member, those his organisation recorded or is a
 * party to (the other side's drafts excepted). The rule sits in the query so no row leaks.
 */
export function listContractsForActor(db: Db, actor: Actor) {
  let where;
  if (actor.role === "broker") where = or(eq(contracts.brokerUserId, actor.id), eq(contracts.createdBy, actor.id));
  else if (isMember(actor)) {
    where = or(
      and(isNull(contracts.brokerUserId), eq(users.orgId, actor.orgId)),
      and(or(eq(contracts.buyerOrgId, actor.orgId), eq(contracts.sellerOrgId, actor.orgId)), ne(contracts.status, "draft")),
      and(eq(contracts.sellerOrgId, actor.orgId), isNull(contracts.brokerUserId)),
    );
  } else return [];
  return db
    .select(listColumns)
    .from(contracts)
    .innerJoin(users, eq(users.id, contracts.createdBy))
    .where(where)
    .orderBy(desc(contracts.updatedAt), desc(contracts.id))
    .all();
}

/**
 * The registrar's desk: the queue oldest first, registrations elsewhere awaiting confirmation,
 * then what was returned, registered and cancelled lately.
 */
export function listRegistrationQueue(db: Db, limit = 50) {
  const base = () =>
    db
      .select({ ...listColumns, recorder: users.name })
      .from(contracts)
      .innerJoin(users, eq(users.id, contracts.createdBy));
  return {
    submitted: base().where(eq(contracts.status, "submitted")).orderBy(asc(contracts.submittedAt), asc(contracts.id)).all(),
    elsewhere: base()
      .where(and(eq(contracts.status, "elsewhere"), isNull(contracts.elsewhereConfirmedAt)))
      .orderBy(asc(contracts.submittedAt), asc(contracts.id))
      .all(),
    returned: base().where(eq(contracts.status, "returned")).orderBy(desc(contracts.updatedAt)).limit(limit).all(),
    registered: base()
      .where(or(eq(contracts.status, "registered"), and(eq(contracts.status, "elsewhere"), isNotNull(contracts.elsewhereConfirmedAt))))
      .orderBy(desc(contracts.updatedAt), desc(contracts.id))
      .limit(limit)
      .all(),
    cancelled: base().where(eq(contracts.status, "cancelled")).orderBy(desc(contracts.cancelledAt)).limit(limit).all(),
  };
}

/** Vocabularies the contract form offers. */
/** The files kept with a contract (certificate elsewhere, evidence of cancellation or termination). */
export function listContractDocuments(db: Db | Tx, contractId: number) {
  return db
    .select({ id: contractDocuments.id, kind: contractDocuments.kind, displayName: contractDocuments.displayName, createdAt: contractDocuments.createdAt })
    .from(contractDocuments)
    .where(eq(contractDocuments.contractId, contractId))
    .orderBy(asc(contractDocuments.id))
    .all();
}
