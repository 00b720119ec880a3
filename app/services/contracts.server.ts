import { aliasedTable, and, asc, desc, eq, inArray, isNull, ne, or } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../../db/connection";
import { creditCodeDivision } from "../../db/credit-code";
import {
  achievements,
  contracts,
  dealFiles,
  industryChains,
  matches,
  needs,
  organisations,
  techFields,
  users,
  type Contract,
  type ContractStatus,
} from "../../db/schema";
import { yearInShanghai } from "../i18n";
import { partyCodeProblem, type ContractInput, type RegistrationInput } from "../schemas/contracts";
import type { Actor } from "./actor";
import { listAuditForRecord, writeAudit } from "./audit.server";
import { getActiveBroker } from "./brokers.server";
import { carryMilestones } from "./milestones.server";
import { bumpDataVersion } from "./data-versions.server";
import { notify } from "./notifications.server";

// 技术合同 from recording to 认定登记. The recorder (the deal's broker, or a member of one of
// the parties when no broker was involved) drafts and submits; the Bureau's registrar
// registers or returns it. A registered contract is never edited: an amendment is a new row
// of the same family that is registered in its turn and then supersedes the version it amends.

export type FieldErrors = Record<string, string[]>;
export type ContractError = "not_found" | "forbidden" | "conflict" | "inactive_broker" | "unverified";
export type ContractResult = { ok: true; id: number } | { ok: false; fieldErrors: FieldErrors } | { ok: false; error: ContractError };

const EDITABLE: readonly ContractStatus[] = ["draft", "returned"];
const OPEN: readonly ContractStatus[] = ["draft", "submitted", "returned"];

export type ContractAction = "edit" | "submit" | "amend";

type Loaded = { c: Contract; creatorOrgId: number };

function load(tx: Db | Tx, id: number): Loaded | undefined {
  return tx
    .select({ c: contracts, creatorOrgId: users.orgId })
    .from(contracts)
    .innerJoin(users, eq(users.id, contracts.createdBy))
    .where(eq(contracts.id, id))
    .get();
}

const isMember = (actor: Actor | null): actor is Actor => !!actor && (actor.role === "enterprise" || actor.role === "institute");

/**
 * The recorder's side owns a contract: its broker when it has one, otherwise the members of
 * the organisation whose member recorded it (a colleague may carry on with the draft).
 */
export function isContractOwner(actor: Actor | null, row: Loaded): boolean {
  if (!actor) return false;
  if (row.c.brokerUserId !== null) return actor.role === "broker" && actor.id === row.c.brokerUserId;
  return isMember(actor) && actor.orgId === row.creatorOrgId;
}

function isParty(actor: Actor | null, c: Contract): boolean {
  return isMember(actor) && (actor.orgId === c.buyerOrgId || actor.orgId === c.sellerOrgId);
}

/** The Bureau sees every contract; the parties see theirs once it has left the recorder's drafts. */
export function canViewContract(actor: Actor | null, row: Loaded): boolean {
  if (!actor) return false;
  return actor.role === "admin" || isContractOwner(actor, row) || (isParty(actor, row.c) && row.c.status !== "draft");
}

function hasOpenAmendment(tx: Db | Tx, c: Contract): boolean {
  const family = c.familyId ?? c.id;
  return !!tx
    .select({ id: contracts.id })
    .from(contracts)
    .where(and(eq(contracts.familyId, family), inArray(contracts.status, [...OPEN]), ne(contracts.id, c.id)))
    .get();
}

/** What the viewer may do to the contract now, for the page to offer. */
export function contractActions(tx: Db | Tx, actor: Actor | null, row: Loaded): ContractAction[] {
  if (!isContractOwner(actor, row)) return [];
  const { c } = row;
  if (EDITABLE.includes(c.status)) return ["edit", "submit"];
  if (c.status === "registered" && c.supersededAt === null && !hasOpenAmendment(tx, c)) return ["amend"];
  return [];
}

function audit(tx: Tx, actor: Actor | null, action: string, id: number | string, requestId: string | null, before?: unknown, after?: unknown) {
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

/* ------------------------------------------------------------------ checks on the content */

function orgIdByCode(tx: Tx, code: string): number | null {
  return tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.creditCode, code)).get()?.id ?? null;
}

function checkMatch(tx: Tx, actor: Actor, matchId: number | undefined): "ok" | "not_found" | "dismissed" {
  if (matchId === undefined) return "ok";
  if (actor.role !== "broker") return "not_found";
  const m = tx.select().from(matches).where(eq(matches.id, matchId)).get();
  if (!m || m.brokerUserId !== actor.id) return "not_found";
  return m.stage === "dismissed" ? "dismissed" : "ok";
}

function contentErrors(tx: Tx, actor: Actor, input: ContractInput, matchId: number | null): FieldErrors {
  const errors: FieldErrors = {};
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

function columns(tx: Tx, input: ContractInput) {
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
    techValueFen: input.techValueFen,
    equipmentFen: 0,
    instrumentsFen: 0,
    materialsFen: 0,
    otherFen: input.contractValueFen - input.techValueFen,
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

/* ------------------------------------------------------------------ recording */

/** Records a draft: from a deal (the deal's broker) or without one (a broker or a party's member). */
export function createContract(db: Db, actor: Actor, input: ContractInput, requestId: string | null = null, now: Date = new Date()): ContractResult {
  return writeTx(db, (tx): ContractResult => {
    const deny = (error: ContractError): ContractResult => {
      audit(tx, actor, "denied:create", "new", requestId, undefined, { matchId: input.matchId ?? null });
      return { ok: false, error };
    };
    const right = recordingRight(tx, actor, now);
    if (!right.ok) return deny(right.error);
    const match = checkMatch(tx, actor, input.matchId);
    if (match === "not_found") return deny("not_found");
    const errors = contentErrors(tx, actor, input, input.matchId ?? null);
    if (match === "dismissed") errors.matchId = ["v.contract.matchDismissed"];
    if (Object.keys(errors).length) return { ok: false, fieldErrors: errors };
    const iso = now.toISOString();
    const inserted = tx
      .insert(contracts)
      .values({
        ...columns(tx, input),
        matchId: input.matchId ?? null,
        brokerUserId: actor.role === "broker" ? actor.id : null,
        status: "draft",
        createdBy: actor.id,
        createdAt: iso,
        updatedAt: iso,
      })
      .returning()
      .get();
    // The first version names its own family; amendments inherit it.
    const row = tx.update(contracts).set({ familyId: inserted.id }).where(eq(contracts.id, inserted.id)).returning().get();
    audit(tx, actor, "create", row.id, requestId, undefined, row);
    return { ok: true, id: row.id };
  });
}

/** Edits a draft or a returned contract; a returned one keeps its reason until it is submitted again. */
export function updateContract(
  db: Db,
  actor: Actor,
  id: number,
  input: ContractInput,
  requestId: string | null = null,
  now: Date = new Date(),
): ContractResult {
  return writeTx(db, (tx): ContractResult => {
    const row = load(tx, id);
    const deny = (error: ContractError): ContractResult => {
      audit(tx, actor, "denied:update", id, requestId);
      return { ok: false, error };
    };
    if (!row || !canViewContract(actor, row)) return deny("not_found");
    if (!isContractOwner(actor, row)) return deny("forbidden");
    if (!EDITABLE.includes(row.c.status)) return deny("conflict");
    if (actor.role === "broker" && !getActiveBroker(tx, actor.id, now)) return deny("inactive_broker");
    // The deal a contract came from is fixed when it is recorded: an edit cannot move it to another.
    const errors = contentErrors(tx, actor, input, row.c.matchId);
    if (Object.keys(errors).length) return { ok: false, fieldErrors: errors };
    const after = tx
      .update(contracts)
      .set({ ...columns(tx, input), updatedAt: now.toISOString() })
      .where(eq(contracts.id, id))
      .returning()
      .get();
    audit(tx, actor, "update", id, requestId, row.c, after);
    return { ok: true, id };
  });
}

/** Sends a draft or a corrected returned contract to the registrar. */
export function submitContract(db: Db, actor: Actor, id: number, requestId: string | null = null, now: Date = new Date()): ContractResult {
  return writeTx(db, (tx): ContractResult => {
    const row = load(tx, id);
    const deny = (error: ContractError): ContractResult => {
      audit(tx, actor, "denied:submit", id, requestId);
      return { ok: false, error };
    };
    if (!row || !canViewContract(actor, row)) return deny("not_found");
    if (!isContractOwner(actor, row)) return deny("forbidden");
    if (!EDITABLE.includes(row.c.status)) return deny("conflict");
    if (actor.role === "broker" && !getActiveBroker(tx, actor.id, now)) return deny("inactive_broker");
    if (isMember(actor) && !actor.orgVerified) return deny("unverified");
    const iso = now.toISOString();
    const after = tx
      .update(contracts)
      .set({ status: "submitted", submittedAt: iso, returnReason: null, updatedAt: iso })
      .where(eq(contracts.id, id))
      .returning()
      .get();
    audit(tx, actor, "submit", id, requestId, row.c, after);
    return { ok: true, id };
  });
}

/**
 * Opens an amendment of a registered contract: a new draft of the same family carrying the
 * current terms, to be corrected, submitted and registered like any contract. One amendment
 * at a time, so two can never both supersede the same version.
 */
export function amendContract(db: Db, actor: Actor, id: number, requestId: string | null = null, now: Date = new Date()): ContractResult {
  return writeTx(db, (tx): ContractResult => {
    const row = load(tx, id);
    const deny = (error: ContractError): ContractResult => {
      audit(tx, actor, "denied:amend", id, requestId);
      return { ok: false, error };
    };
    if (!row || !canViewContract(actor, row)) return deny("not_found");
    if (!isContractOwner(actor, row)) return deny("forbidden");
    const { c } = row;
    if (c.status !== "registered" || c.supersededAt !== null || hasOpenAmendment(tx, c)) return deny("conflict");
    if (actor.role === "broker" && !getActiveBroker(tx, actor.id, now)) return deny("inactive_broker");
    const iso = now.toISOString();
    const {
      id: _id,
      status: _status,
      registrationNo: _no,
      registeredAt: _at,
      registeredBy: _by,
      registrationYear: _year,
      returnReason: _reason,
      submittedAt: _submitted,
      supersededAt: _superseded,
      createdAt: _created,
      updatedAt: _updated,
      createdBy: _creator,
      ...terms
    } = c;
    const amendment = tx
      .insert(contracts)
      .values({
        ...terms,
        familyId: c.familyId ?? c.id,
        amendsId: c.id,
        amendmentNo: c.amendmentNo + 1,
        status: "draft",
        createdBy: actor.id,
        createdAt: iso,
        updatedAt: iso,
      })
      .returning()
      .get();
    audit(tx, actor, "amend", amendment.id, requestId, undefined, amendment);
    return { ok: true, id: amendment.id };
  });
}

/* ------------------------------------------------------------------ the registrar */

/** Codes that pass neither the credit-code nor the ID-number check; the registrar must accept them. */
export function codesNeedingAcceptance(c: Pick<Contract, "buyerCreditCode" | "sellerCreditCode">): string[] {
  return [c.buyerCreditCode, c.sellerCreditCode].filter((code) => partyCodeProblem(code) !== null);
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Error && "code" in err && (err as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE";
}

/**
 * 予以登记: the registrar gives the registry's number and may correct the 技术交易额. The
 * indicator year is the Beijing year of the family's first registration, so an amendment
 * keeps the year of the contract it amends; registering it supersedes that version in the
 * same transaction, which is what keeps a family counted once.
 */
export function registerContract(
  db: Db,
  actor: Actor,
  id: number,
  input: RegistrationInput,
  requestId: string | null = null,
  now: Date = new Date(),
): ContractResult {
  const attempt = () =>
    writeTx(db, (tx): ContractResult => {
      const deny = (error: ContractError): ContractResult => {
        audit(tx, actor, "denied:register", id, requestId);
        return { ok: false, error };
      };
      if (actor.role !== "admin") return deny("forbidden");
      const row = load(tx, id);
      if (!row) return deny("not_found");
      const { c } = row;
      if (c.status !== "submitted") return deny("conflict");
      const errors: FieldErrors = {};
      if (tx.select({ id: contracts.id }).from(contracts).where(eq(contracts.registrationNo, input.registrationNo)).get()) {
        errors.registrationNo = ["v.contract.registrationNoTaken"];
      }
      const techValueFen = input.techValueWan ?? c.techValueFen;
      if (techValueFen > c.contractValueFen) errors.techValueWan = ["v.contract.techAboveTotal"];
      if (codesNeedingAcceptance(c).length > 0 && !input.acceptCodes) errors.acceptCodes = ["v.contract.acceptCodesRequired"];
      if (Object.keys(errors).length) return { ok: false, fieldErrors: errors };
      const amended = c.amendsId !== null ? load(tx, c.amendsId)?.c : undefined;
      if (c.amendsId !== null && (!amended || amended.status !== "registered" || amended.supersededAt !== null)) return deny("conflict");
      const iso = now.toISOString();
      const after = tx
        .update(contracts)
        .set({
          status: "registered",
          registrationNo: input.registrationNo,
          registeredAt: iso,
          registeredBy: actor.id,
          registrationYear: amended?.registrationYear ?? yearInShanghai(now),
          techValueFen,
          otherFen: c.contractValueFen - techValueFen - c.equipmentFen - c.instrumentsFen - c.materialsFen,
          returnReason: null,
          updatedAt: iso,
        })
        .where(eq(contracts.id, id))
        .returning()
        .get();
      audit(tx, actor, "register", id, requestId, c, { ...after, codesAccepted: input.acceptCodes ? codesNeedingAcceptance(c) : [] });
      // A registration (and the supersession below) changes the city's totals.
      bumpDataVersion(tx, "contracts");
      if (amended) {
        const superseded = tx.update(contracts).set({ supersededAt: iso, updatedAt: iso }).where(eq(contracts.id, amended.id)).returning().get();
        audit(tx, actor, "supersede", amended.id, requestId, amended, superseded);
      }
      carryMilestones(tx, actor, after, iso, requestId);
      notify(tx, {
        userId: c.createdBy,
        kind: "contract_registered",
        params: { title: c.title, number: input.registrationNo },
        link: `/contracts/${id}`,
      });
      return { ok: true, id };
    });
  try {
    return attempt();
  } catch (err) {
    // The number is checked first; a unique violation here means another registrar took it meanwhile.
    if (isUniqueViolation(err)) return { ok: false, fieldErrors: { registrationNo: ["v.contract.registrationNoTaken"] } };
    throw err;
  }
}

/** 不予登记 / 退回补正: back to the recorder with the reason, to correct and resubmit. */
export function returnContract(db: Db, actor: Actor, id: number, reason: string, requestId: string | null = null, now: Date = new Date()): ContractResult {
  return writeTx(db, (tx): ContractResult => {
    const deny = (error: ContractError): ContractResult => {
      audit(tx, actor, "denied:return", id, requestId);
      return { ok: false, error };
    };
    if (actor.role !== "admin") return deny("forbidden");
    const row = load(tx, id);
    if (!row) return deny("not_found");
    if (row.c.status !== "submitted") return deny("conflict");
    const iso = now.toISOString();
    const after = tx.update(contracts).set({ status: "returned", returnReason: reason, updatedAt: iso }).where(eq(contracts.id, id)).returning().get();
    audit(tx, actor, "return", id, requestId, row.c, after);
    notify(tx, { userId: row.c.createdBy, kind: "contract_returned", params: { title: row.c.title, reason }, link: `/contracts/${id}` });
    return { ok: true, id };
  });
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
        .select({ id: matches.id, needId: needs.id, needTitle: needs.title, achievementId: achievements.id, achievementTitle: achievements.title })
        .from(matches)
        .innerJoin(needs, eq(needs.id, matches.needId))
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
  return {
    contract: c,
    brokerName: nameOf(c.brokerUserId),
    creatorName: nameOf(c.createdBy) ?? "",
    field,
    chain,
    deal,
    file,
    family,
    isOwner: owner,
    actions: contractActions(db, actor, row),
    canRegister: actor?.role === "admin" && c.status === "submitted",
    codesToAccept: codesNeedingAcceptance(c),
    history: actor?.role === "admin" ? listAuditForRecord(db, "contract", id) : [],
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

/** The registrar's desk: the queue oldest first, then what was returned and registered lately. */
export function listRegistrationQueue(db: Db, limit = 50) {
  const base = () =>
    db
      .select({ ...listColumns, recorder: users.name })
      .from(contracts)
      .innerJoin(users, eq(users.id, contracts.createdBy));
  return {
    submitted: base().where(eq(contracts.status, "submitted")).orderBy(asc(contracts.submittedAt), asc(contracts.id)).all(),
    returned: base().where(eq(contracts.status, "returned")).orderBy(desc(contracts.updatedAt)).limit(limit).all(),
    registered: base().where(eq(contracts.status, "registered")).orderBy(desc(contracts.registeredAt), desc(contracts.id)).limit(limit).all(),
  };
}

/** Vocabularies the contract form offers. */
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
    .select({ match: matches, need: needs, achievement: achievements, buyer: buyerOrg, seller: sellerOrg })
    .from(matches)
    .innerJoin(needs, eq(needs.id, matches.needId))
    .innerJoin(achievements, eq(achievements.id, matches.achievementId))
    .innerJoin(buyerOrg, eq(buyerOrg.id, needs.orgId))
    .innerJoin(sellerOrg, eq(sellerOrg.id, achievements.orgId))
    .where(and(eq(matches.id, matchId), eq(matches.brokerUserId, actor.id)))
    .get();
  if (!row) return null;
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
    industryChainId: row.need.industryChainId,
    ipTypes: [row.achievement.ipType],
    deal: { needTitle: row.need.title, achievementTitle: row.achievement.title },
  };
}

/** A member's own organisation as a party, for the blank form. */
export function ownOrgParty(db: Db, actor: Actor) {
  if (!isMember(actor)) return null;
  const org = db.select().from(organisations).where(eq(organisations.id, actor.orgId)).get();
  return org ? { ...partyOf(org), kind: org.kind } : null;
}
