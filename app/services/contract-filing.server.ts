import { eq } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../../db/connection";
import { contracts } from "../../db/schema";
import { todayInShanghai } from "../i18n";
import type { ContractInput, ElsewhereInput } from "../schemas/contracts";
import type { Actor } from "./actor";
import { getActiveBroker } from "./brokers.server";
import { checkMatch, columns, contentErrors } from "./contract-form.server";
import { acceptDocument, insertContractDocument, withStoredDocument } from "./contract-documents.server";
import {
  audit,
  canViewContract,
  EDITABLE,
  filingRight,
  hasOpenAmendment,
  isContractOwner,
  isCountedVersion,
  isLuliangDivision,
  load,
  recordingRight,
  type ContractError,
  type ContractResult,
  type FieldErrors,
  type Loaded,
} from "./contracts.server";
import { evaluateContractFlags } from "./padding-flags.server";
import type { Receipt } from "./payment-receipts.server";

// Recording and filing: the recorder drafts and corrects; the seller's side files it with the
// Lüliang desk, or, for a seller elsewhere, records the registration its own locality's office
// made, with that office's certificate; the recorder opens amendments of a counted version.

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
    if (!isCountedVersion(c) || hasOpenAmendment(tx, c)) return deny("conflict");
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
      filedBy: _filedBy,
      filedOnBehalf: _onBehalf,
      elsewhereOffice: _office,
      elsewhereNo: _elsewhereNo,
      elsewhereRegisteredOn: _elsewhereOn,
      elsewhereConfirmedAt: _confirmedAt,
      elsewhereConfirmedBy: _confirmedBy,
      cancelledAt: _cancelledAt,
      cancelledBy: _cancelledBy,
      cancelReason: _cancelReason,
      terminatedOn: _terminatedOn,
      terminatedBy: _terminatedBy,
      terminationReason: _terminationReason,
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

/* ------------------------------------------------------------------ filing */

/** Clears what an earlier filing left, for a new one. */
const NO_FILING = { elsewhereOffice: null, elsewhereNo: null, elsewhereRegisteredOn: null, elsewhereConfirmedAt: null, elsewhereConfirmedBy: null };

/** Who may file this contract now, as a refusal or the filer's standing. */
function filingCheck(tx: Tx, actor: Actor, row: Loaded | undefined, now: Date): { error: ContractError } | { onBehalf: boolean } {
  if (!row || !canViewContract(actor, row)) return { error: "not_found" };
  const right = filingRight(tx, actor, row, now);
  if (!right.ok) return { error: right.error };
  if (!EDITABLE.includes(row.c.status)) return { error: "conflict" };
  return { onBehalf: right.onBehalf };
}

/**
 * Files a draft or a corrected returned contract with the Lüliang desk (申请认定登记): the
 * seller's member, or the contract's broker on the seller's behalf. A seller outside Lüliang
 * files with its own locality's office instead (fileElsewhere). The padding checks run.
 */
export function submitContract(db: Db, actor: Actor, id: number, requestId: string | null = null, now: Date = new Date()): ContractResult {
  return writeTx(db, (tx): ContractResult => {
    const row = load(tx, id);
    const deny = (error: ContractError): ContractResult => {
      audit(tx, actor, "denied:submit", id, requestId, undefined, { reason: error });
      return { ok: false, error };
    };
    const check = filingCheck(tx, actor, row, now);
    if ("error" in check) return deny(check.error);
    if (!isLuliangDivision(row!.c.sellerDivision)) return deny("seller_elsewhere");
    const iso = now.toISOString();
    const after = tx
      .update(contracts)
      .set({ ...NO_FILING, status: "submitted", submittedAt: iso, returnReason: null, filedBy: actor.id, filedOnBehalf: check.onBehalf, updatedAt: iso })
      .where(eq(contracts.id, id))
      .returning()
      .get();
    audit(tx, actor, "submit", id, requestId, row!.c, after);
    evaluateContractFlags(tx, id, "filing", now);
    return { ok: true, id };
  });
}

/**
 * 异地登记: a contract whose seller is outside Lüliang, registered by the office of the seller's
 * locality, is recorded here with that office's name, its number and date, and its certificate
 * (PDF, PNG or JPEG, judged by its bytes). It counts once the registrar (or a matching national
 * record) confirms it.
 */
export function fileElsewhere(
  db: Db,
  actor: Actor,
  id: number,
  input: ElsewhereInput,
  certificate: Receipt | null,
  requestId: string | null = null,
  now: Date = new Date(),
): ContractResult {
  const early = writeTx(db, (tx): ContractResult | null => {
    const row = load(tx, id);
    const check = filingCheck(tx, actor, row, now);
    const error = "error" in check ? check.error : isLuliangDivision(row!.c.sellerDivision) ? "seller_local" : null;
    if (error === null) return null;
    audit(tx, actor, "denied:file_elsewhere", id, requestId, undefined, { reason: error });
    return { ok: false, error };
  });
  if (early) return early;
  const fieldErrors: FieldErrors = {};
  const c = load(db, id)!.c;
  if (input.registeredOn < c.signedOn) fieldErrors.registeredOn = ["v.contract.elsewhereBeforeSigning"];
  if (input.registeredOn > todayInShanghai(now)) fieldErrors.registeredOn = ["v.contract.dateInFuture"];
  const doc = acceptDocument(certificate, "certificate", true);
  if (!doc.ok) Object.assign(fieldErrors, doc.fieldErrors);
  if (!doc.ok || Object.keys(fieldErrors).length) {
    if (doc.ok) doc.stored?.remove();
    return { ok: false, fieldErrors };
  }
  return withStoredDocument(doc.stored, () =>
    writeTx(db, (tx): ContractResult => {
      const row = load(tx, id);
      const check = filingCheck(tx, actor, row, now);
      if ("error" in check) return { ok: false, error: check.error };
      const iso = now.toISOString();
      const after = tx
        .update(contracts)
        .set({
          status: "elsewhere",
          elsewhereOffice: input.office,
          elsewhereNo: input.registrationNo,
          elsewhereRegisteredOn: input.registeredOn,
          elsewhereConfirmedAt: null,
          elsewhereConfirmedBy: null,
          submittedAt: iso,
          returnReason: null,
          filedBy: actor.id,
          filedOnBehalf: check.onBehalf,
          updatedAt: iso,
        })
        .where(eq(contracts.id, id))
        .returning()
        .get();
      const documentId = insertContractDocument(tx, id, "elsewhere_certificate", actor.id, doc.stored!, now);
      audit(tx, actor, "file_elsewhere", id, requestId, row!.c, { ...after, documentId });
      evaluateContractFlags(tx, id, "filing", now);
      return { ok: true, id };
    }),
  );
}
