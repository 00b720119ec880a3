import { eq } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../../db/connection";
import { contracts, users, type Contract } from "../../db/schema";
import { yearInShanghai } from "../i18n";
import { NON_TECH_COLUMNS, NON_TECH_FIELD, nonTechSum, techValueOf, type NonTechItems, type RegistrationInput } from "../schemas/contracts";
import type { Actor } from "./actor";
import { writeAudit } from "./audit.server";
import { acceptDocument, insertContractDocument, withStoredDocument } from "./contract-documents.server";
import {
  audit,
  codesNeedingAcceptance,
  isCountedVersion,
  isLuliangDivision,
  isUniqueViolation,
  load,
  type ContractError,
  type ContractResult,
  type FieldErrors,
} from "./contracts.server";
import { carryMilestones } from "./milestones.server";
import { bumpDataVersion } from "./data-versions.server";
import { notify } from "./notifications.server";
import { notifyContractParties } from "./notify-events.server";
import { evaluateContractFlags } from "./padding-flags.server";
import type { Receipt } from "./payment-receipts.server";

// The Bureau's registrar: 予以登记 (Lüliang sellers only), confirming a registration made by
// another locality's office, 退回补正, 撤销登记 and recording a termination. Every refusal is
// audited; every change to what counts bumps the contracts' data version.

const itemsOf = (c: NonTechItems): NonTechItems => ({
  equipmentFen: c.equipmentFen,
  instrumentsFen: c.instrumentsFen,
  materialsFen: c.materialsFen,
  otherFen: c.otherFen,
});

/** The items as the registrar finds them: a blank item keeps what was filed. */
function correctedItems(c: Contract, input: RegistrationInput): NonTechItems {
  const filed = itemsOf(c);
  return Object.fromEntries(NON_TECH_COLUMNS.map((k) => [k, input[k] ?? filed[k]])) as NonTechItems;
}

function registrationErrors(tx: Tx, c: Contract, input: RegistrationInput, items: NonTechItems): FieldErrors {
  const errors: FieldErrors = {};
  if (!isLuliangDivision(c.sellerDivision)) errors.sellerDivision = ["v.contract.sellerOutside"];
  if (tx.select({ id: contracts.id }).from(contracts).where(eq(contracts.registrationNo, input.registrationNo)).get()) {
    errors.registrationNo = ["v.contract.registrationNoTaken"];
  }
  if (nonTechSum(items) > c.contractValueFen) errors[NON_TECH_FIELD] = ["v.contract.itemsAboveTotal"];
  const changed = NON_TECH_COLUMNS.some((k) => items[k] !== c[k]);
  if (changed && !input.correctionReason) errors.correctionReason = ["v.contract.correctionReasonRequired"];
  if (codesNeedingAcceptance(c).length > 0 && !input.acceptCodes) errors.acceptCodes = ["v.contract.acceptCodesRequired"];
  return errors;
}

/**
 * 予以登记: the registrar gives the registry's number and may correct the non-technical items
 * (with a reason). Only a seller in Lüliang is registered here, and not while a padding flag
 * is open (the flags raised by this attempt stay recorded). The indicator year is the Beijing
 * year of the family's first registration, so an amendment keeps the year of the contract it
 * amends; registering it supersedes that version in the same transaction, which keeps a
 * family counted once.
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
      const items = correctedItems(c, input);
      const errors = registrationErrors(tx, c, input, items);
      const flags = evaluateContractFlags(tx, id, "registration", now);
      if (flags.length > 0) {
        errors.flags = ["v.contract.flagsOpen"];
        audit(tx, actor, "denied:register", id, requestId, undefined, { openFlags: flags.map((f) => f.kind) });
      }
      if (Object.keys(errors).length) return { ok: false, fieldErrors: errors };
      const amended = c.amendsId !== null ? load(tx, c.amendsId)?.c : undefined;
      if (c.amendsId !== null && (!amended || !isCountedVersion(amended))) return deny("conflict");
      const iso = now.toISOString();
      const after = tx
        .update(contracts)
        .set({
          status: "registered",
          registrationNo: input.registrationNo,
          registeredAt: iso,
          registeredBy: actor.id,
          registrationYear: amended?.registrationYear ?? yearInShanghai(now),
          ...items,
          techValueFen: techValueOf(c.contractValueFen, items),
          returnReason: null,
          updatedAt: iso,
        })
        .where(eq(contracts.id, id))
        .returning()
        .get();
      audit(tx, actor, "register", id, requestId, c, {
        ...after,
        codesAccepted: input.acceptCodes ? codesNeedingAcceptance(c) : [],
        filedItems: itemsOf(c),
        correctedItems: items,
        correctionReason: input.correctionReason ?? null,
      });
      // A registration (and the supersession below) changes the city's totals.
      bumpDataVersion(tx, "contracts");
      if (amended) supersede(tx, actor, amended, iso, requestId);
      carryMilestones(tx, actor, after, iso, requestId);
      notifyContractParties(tx, c, "contract_registered", { title: c.title, number: input.registrationNo });
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

function supersede(tx: Tx, actor: Actor | null, amended: Contract, iso: string, requestId: string | null) {
  const superseded = tx.update(contracts).set({ supersededAt: iso, updatedAt: iso }).where(eq(contracts.id, amended.id)).returning().get();
  audit(tx, actor, "supersede", amended.id, requestId, amended, superseded);
}

/** 不予登记 / 退回补正: a filing (with the desk or of a registration elsewhere) goes back to be corrected and filed again. */
export function returnContract(db: Db, actor: Actor, id: number, reason: string, requestId: string | null = null, now: Date = new Date()): ContractResult {
  return writeTx(db, (tx): ContractResult => {
    const deny = (error: ContractError): ContractResult => {
      audit(tx, actor, "denied:return", id, requestId);
      return { ok: false, error };
    };
    if (actor.role !== "admin") return deny("forbidden");
    const row = load(tx, id);
    if (!row) return deny("not_found");
    const awaiting = row.c.status === "submitted" || (row.c.status === "elsewhere" && row.c.elsewhereConfirmedAt === null);
    if (!awaiting) return deny("conflict");
    const iso = now.toISOString();
    const after = tx.update(contracts).set({ status: "returned", returnReason: reason, updatedAt: iso }).where(eq(contracts.id, id)).returning().get();
    audit(tx, actor, "return", id, requestId, row.c, after);
    notifyContractParties(tx, row.c, "contract_returned", { title: row.c.title, reason });
    return { ok: true, id };
  });
}

/* ------------------------------------------------------------------ registered elsewhere */

export type ConfirmResult = { ok: true; id: number; registrationNo: string | null } | { ok: false; error: "not_found" | "conflict" };

/**
 * Confirms a registration elsewhere inside the caller's transaction: by the registrar
 * (`by.userId`), or by an imported national record that matches it (`by.nationalRecordId`).
 * The contract takes the other office's number as its registration number when no other
 * contract holds it, and the Beijing year of that office's registration date as its year (an
 * amendment keeps its family's year and supersedes the version it amends).
 */
export function confirmElsewhere(tx: Tx, contractId: number, by: { userId: number | null; nationalRecordId?: number }, now: Date): ConfirmResult {
  const row = load(tx, contractId);
  if (!row) return { ok: false, error: "not_found" };
  const { c } = row;
  if (c.status !== "elsewhere" || c.elsewhereConfirmedAt !== null || c.elsewhereNo === null || c.elsewhereRegisteredOn === null) {
    return { ok: false, error: "conflict" };
  }
  const amended = c.amendsId !== null ? load(tx, c.amendsId)?.c : undefined;
  if (c.amendsId !== null && (!amended || !isCountedVersion(amended))) return { ok: false, error: "conflict" };
  const taken = tx.select({ id: contracts.id }).from(contracts).where(eq(contracts.registrationNo, c.elsewhereNo)).get();
  const registrationNo = taken ? null : c.elsewhereNo;
  const iso = now.toISOString();
  const after = tx
    .update(contracts)
    .set({
      elsewhereConfirmedAt: iso,
      elsewhereConfirmedBy: by.userId,
      registrationNo,
      registrationYear: amended?.registrationYear ?? Number(c.elsewhereRegisteredOn.slice(0, 4)),
      returnReason: null,
      updatedAt: iso,
    })
    .where(eq(contracts.id, contractId))
    .returning()
    .get();
  const user = by.userId === null ? undefined : tx.select().from(users).where(eq(users.id, by.userId)).get();
  const actor: Actor | null = user ? { id: user.id, role: user.role, orgId: user.orgId, orgVerified: true } : null;
  writeAudit(tx, {
    actor,
    system: actor ? undefined : "national_import",
    action: "confirm_elsewhere",
    entity: "contract",
    entityId: contractId,
    before: c,
    after: { ...after, nationalRecordId: by.nationalRecordId ?? null },
  });
  bumpDataVersion(tx, "contracts");
  if (amended) supersede(tx, actor, amended, iso, null);
  notifyContractParties(tx, c, "contract_registered", { title: c.title, number: registrationNo ?? c.elsewhereNo ?? "" });
  return { ok: true, id: contractId, registrationNo };
}

/** The registrar confirms a registration elsewhere from the contract's page. */
export function confirmElsewhereContract(db: Db, actor: Actor, id: number, requestId: string | null = null, now: Date = new Date()): ContractResult {
  return writeTx(db, (tx): ContractResult => {
    if (actor.role !== "admin") {
      audit(tx, actor, "denied:confirm_elsewhere", id, requestId);
      return { ok: false, error: "forbidden" };
    }
    const outcome = confirmElsewhere(tx, id, { userId: actor.id }, now);
    if (!outcome.ok) {
      audit(tx, actor, "denied:confirm_elsewhere", id, requestId);
      return outcome;
    }
    return { ok: true, id };
  });
}

/* ------------------------------------------------------------------ cancellation and termination */

type Closing = { action: "cancel" | "terminate"; kind: "cancellation_evidence" | "termination_evidence" };

/**
 * The common path of a cancellation and a termination: admin only, on the family's counted
 * version, with optional evidence kept as a document; `change` gives the columns to set.
 */
function closeContract(
  db: Db,
  actor: Actor,
  id: number,
  closing: Closing,
  evidence: Receipt | null | undefined,
  requestId: string | null,
  now: Date,
  change: (c: Contract) => { set: Partial<Contract>; fieldErrors?: FieldErrors; refused?: boolean },
): ContractResult {
  const early = writeTx(db, (tx): ContractResult | null => {
    const row = actor.role === "admin" ? load(tx, id) : undefined;
    const error: ContractError | null =
      actor.role !== "admin" ? "forbidden" : !row ? "not_found" : !isCountedVersion(row.c) || change(row.c).refused ? "conflict" : null;
    if (error === null) return null;
    audit(tx, actor, `denied:${closing.action}`, id, requestId);
    return { ok: false, error };
  });
  if (early) return early;
  const first = change(load(db, id)!.c);
  if (first.fieldErrors) return { ok: false, fieldErrors: first.fieldErrors };
  const doc = acceptDocument(evidence ?? null, "evidence", false);
  if (!doc.ok) return { ok: false, fieldErrors: doc.fieldErrors };
  return withStoredDocument(doc.stored, () =>
    writeTx(db, (tx): ContractResult => {
      const row = load(tx, id);
      if (!row || !isCountedVersion(row.c) || change(row.c).refused) return { ok: false, error: "conflict" };
      const iso = now.toISOString();
      const after = tx
        .update(contracts)
        .set({ ...change(row.c).set, updatedAt: iso })
        .where(eq(contracts.id, id))
        .returning()
        .get();
      const documentId = doc.stored ? insertContractDocument(tx, id, closing.kind, actor.id, doc.stored, now) : null;
      audit(tx, actor, closing.action, id, requestId, row.c, { ...after, documentId });
      bumpDataVersion(tx, "contracts");
      const reason = closing.action === "cancel" ? after.cancelReason : after.terminationReason;
      notify(tx, {
        userId: row.c.createdBy,
        kind: closing.action === "cancel" ? "contract_cancelled" : "contract_terminated",
        params: { title: row.c.title, reason: reason ?? "" },
        link: `/contracts/${id}`,
      });
      return { ok: true, id };
    }),
  );
}

/**
 * 撤销登记: the registrar cancels the registration of a family's counted version (registered
 * here, or elsewhere and confirmed). The family leaves every figure; the recorder is told.
 */
export function cancelRegistration(
  db: Db,
  actor: Actor,
  id: number,
  input: { reason: string; evidence?: Receipt | null },
  requestId: string | null = null,
  now: Date = new Date(),
): ContractResult {
  return closeContract(db, actor, id, { action: "cancel", kind: "cancellation_evidence" }, input.evidence, requestId, now, () => ({
    set: { status: "cancelled", cancelledAt: now.toISOString(), cancelledBy: actor.id, cancelReason: input.reason },
  }));
}

/**
 * 终止: the registrar records that a counted contract ended early, with the date and reason.
 * Its status stays and its registered amount stays counted; it is recorded once.
 */
export function recordTermination(
  db: Db,
  actor: Actor,
  id: number,
  input: { terminatedOn: string; reason: string; evidence?: Receipt | null },
  requestId: string | null = null,
  now: Date = new Date(),
): ContractResult {
  return closeContract(db, actor, id, { action: "terminate", kind: "termination_evidence" }, input.evidence, requestId, now, (c) => ({
    refused: c.terminatedOn !== null,
    fieldErrors: input.terminatedOn < c.signedOn ? { terminatedOn: ["v.contract.terminatedBeforeSigning"] } : undefined,
    set: { terminatedOn: input.terminatedOn, terminatedBy: actor.id, terminationReason: input.reason },
  }));
}
