import { and, eq, ne, sum } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../../db/connection";
import { bankTransfers, contracts, paymentReceipts, type BankTransfer, type Contract, type PaymentMilestone, type TransferRecorder } from "../../db/schema";
import type { TransferInput } from "../schemas/payments";
import type { Actor } from "./actor";
import { writeAudit } from "./audit.server";
import { getActiveBroker } from "./brokers.server";
import { appendPayment, contractLedger, currentRegisteredVersion } from "./ledger.server";
import { familyOf, getCurrentMilestone } from "./milestones.server";
import { formatFen } from "./money";
import { notify } from "./notifications.server";
import { checkReceipt, writeReceiptFile, type Receipt } from "./payment-receipts.server";

// 银行转账: money paid outside Stripe. The seller's members or the contract's broker record a
// transfer received, with its bank receipt; the Bureau verifies or rejects it, once. Only a
// verified transfer enters the ledger, in the transaction that verifies it, under the
// transfer's id, so however often "verify" arrives the money is counted once.

/** Who a visitor is to a contract's money: one side, its broker, or the Bureau. */
export type PaymentRole = TransferRecorder | "buyer" | "admin";

export function loadContract(db: Db | Tx, id: number): Contract | undefined {
  return db.select().from(contracts).where(eq(contracts.id, id)).get();
}

const isMember = (actor: Actor) => actor.role === "enterprise" || actor.role === "institute";

/** The Bureau, the contract's own broker, and the members of either party once it has been submitted. */
export function paymentRole(actor: Actor | null, c: Contract): PaymentRole | null {
  if (!actor) return null;
  if (actor.role === "admin") return "admin";
  if (actor.role === "broker") return c.brokerUserId === actor.id ? "broker" : null;
  if (!isMember(actor) || c.status === "draft") return null;
  if (actor.orgId === c.sellerOrgId) return "seller";
  if (actor.orgId === c.buyerOrgId) return "buyer";
  return null;
}

/** Money is recorded on the version in force: registered and not superseded by an amendment. */
export const isCurrentRegistered = (c: Contract) => c.status === "registered" && c.supersededAt === null;

function audit(
  tx: Tx,
  actor: Actor | null,
  action: string,
  entity: "contract" | "bank_transfer",
  id: number,
  requestId: string | null,
  after?: unknown,
  before?: unknown,
) {
  writeAudit(tx, { actor, action, entity, entityId: id, before, after, requestId });
}

/* ------------------------------------------------------------------ recording */

export type RecordRefusal = "not_found" | "forbidden" | "inactive_broker" | "not_registered";
export type FieldErrors = Record<string, string[]>;
export type RecordResult = { ok: true; id: number } | { ok: false; error: RecordRefusal } | { ok: false; fieldErrors: FieldErrors };

/** Whether the actor may record a transfer on this contract now, and as whom. */
function recordingRight(tx: Db | Tx, actor: Actor, contractId: number, now: Date): { c: Contract; as: TransferRecorder } | { error: RecordRefusal } {
  const c = loadContract(tx, contractId);
  const role = c ? paymentRole(actor, c) : null;
  if (!c || !role) return { error: "not_found" };
  if (role !== "seller" && role !== "broker") return { error: "forbidden" };
  if (role === "seller" && !actor.orgVerified) return { error: "forbidden" };
  if (role === "broker" && !getActiveBroker(tx, actor.id, now)) return { error: "inactive_broker" };
  if (!isCurrentRegistered(c)) return { error: "not_registered" };
  return { c, as: role };
}

/** What is pending on a milestone, or on the whole family when none is named: recorded, not yet decided. */
function pendingFen(tx: Db | Tx, familyId: number, milestoneId: number | null): number {
  const where = milestoneId === null ? eq(bankTransfers.contractId, familyId) : eq(bankTransfers.milestoneId, milestoneId);
  const row = tx
    .select({ n: sum(bankTransfers.amountFen) })
    .from(bankTransfers)
    .where(and(where, eq(bankTransfers.status, "pending")))
    .get();
  return Number(row?.n ?? 0);
}

/** Whether the family's payment plan has milestones; without one, money is recorded on the contract as a whole. */
export function hasMilestones(tx: Db | Tx, familyId: number): boolean {
  return (contractLedger(tx, familyId)?.milestones ?? []).some((m) => !m.removed);
}

/** What is still outstanding on a milestone, or on the whole contract (null). */
function outstandingFen(tx: Db | Tx, familyId: number, milestoneId: number | null): number {
  const ledger = contractLedger(tx, familyId);
  if (milestoneId === null) return ledger?.outstandingFen ?? 0;
  return ledger?.milestones.find((m) => m.id === milestoneId)?.outstandingFen ?? 0;
}

/** What may still be recorded: the outstanding amount less the transfers awaiting a decision. */
export function openToRecordFen(tx: Db | Tx, familyId: number, milestoneId: number | null): number {
  return Math.max(0, outstandingFen(tx, familyId, milestoneId) - pendingFen(tx, familyId, milestoneId));
}

/**
 * The checks on the form's content, against the family's ledger as it stands. A contract with
 * a payment plan takes money by milestone; one without takes it on the contract as a whole.
 */
function contentErrors(tx: Db | Tx, c: Contract, input: TransferInput): { fieldErrors: FieldErrors } | { milestone: PaymentMilestone | null } {
  const familyId = familyOf(c);
  let milestone: PaymentMilestone | null = null;
  if (hasMilestones(tx, familyId)) {
    milestone = input.milestoneId === undefined ? null : (getCurrentMilestone(tx, familyId, input.milestoneId) ?? null);
    if (!milestone) return { fieldErrors: { milestoneId: ["v.choose"] } };
  } else if (input.milestoneId !== undefined) return { fieldErrors: { milestoneId: ["v.choose"] } };
  const errors: FieldErrors = {};
  const open = openToRecordFen(tx, familyId, milestone?.id ?? null);
  if (open === 0) errors.amountYuan = ["v.transfer.nothingOutstanding"];
  else if (input.amountYuan > open) errors.amountYuan = ["v.transfer.overOutstanding"];
  const taken = tx
    .select({ id: bankTransfers.id })
    .from(bankTransfers)
    .where(and(eq(bankTransfers.contractId, familyId), eq(bankTransfers.bankReference, input.bankReference), ne(bankTransfers.status, "rejected")))
    .get();
  if (taken) errors.bankReference = ["v.transfer.referenceTaken"];
  return Object.keys(errors).length ? { fieldErrors: errors } : { milestone };
}

const RECEIPT_MESSAGES = {
  receipt_missing: "v.transfer.receiptRequired",
  receipt_too_large: "v.transfer.receiptTooLarge",
  receipt_type: "v.transfer.receiptType",
} as const;

/** Records a refusal that happens before any form content is looked at. */
export function refuseTransferAction(db: Db, actor: Actor | null, action: string, contractId: number, requestId: string | null, reason?: string): void {
  writeTx(db, (tx) => audit(tx, actor, `denied:${action}`, "contract", contractId, requestId, reason ? { reason } : undefined));
}

/**
 * Records a bank transfer received, with its receipt, awaiting the Bureau's verification.
 * Everything is checked before the receipt is written to disk and again with the row.
 */
export function recordTransfer(
  db: Db,
  actor: Actor,
  contractId: number,
  input: TransferInput,
  receipt: Receipt | null,
  requestId: string | null = null,
  now: Date = new Date(),
): RecordResult {
  const early = recordingRight(db, actor, contractId, now);
  if ("error" in early) {
    refuseTransferAction(db, actor, "record_transfer", contractId, requestId, early.error);
    return { ok: false, error: early.error };
  }
  const checked = checkReceipt(receipt);
  const content = contentErrors(db, early.c, input);
  const fieldErrors: FieldErrors = "fieldErrors" in content ? { ...content.fieldErrors } : {};
  if (!checked.ok) fieldErrors.receipt = [RECEIPT_MESSAGES[checked.problem]];
  if (!checked.ok && checked.problem !== "receipt_missing")
    refuseTransferAction(db, actor, "receipt", contractId, requestId, checked.detail ?? checked.problem);
  if (!checked.ok || Object.keys(fieldErrors).length) return { ok: false, fieldErrors };

  const file = writeReceiptFile(checked.receipt);
  let outcome: RecordResult;
  try {
    outcome = writeTx(db, (tx) => insertTransfer(tx, actor, contractId, input, file, requestId, now));
  } catch (err) {
    file.remove();
    throw err;
  }
  if (!outcome.ok) file.remove();
  return outcome;
}

function insertTransfer(
  tx: Tx,
  actor: Actor,
  contractId: number,
  input: TransferInput,
  file: Omit<ReturnType<typeof writeReceiptFile>, "remove">,
  requestId: string | null,
  now: Date,
): RecordResult {
  // Checked again under the write lock: another transfer may have been recorded meanwhile.
  const right = recordingRight(tx, actor, contractId, now);
  if ("error" in right) {
    audit(tx, actor, "denied:record_transfer", "contract", contractId, requestId, { reason: right.error });
    return { ok: false, error: right.error };
  }
  const content = contentErrors(tx, right.c, input);
  if ("fieldErrors" in content) return { ok: false, fieldErrors: content.fieldErrors };
  const familyId = familyOf(right.c);
  const iso = now.toISOString();
  const { storedName, displayName, mime, sizeBytes, sha256 } = file;
  const receipt = tx
    .insert(paymentReceipts)
    .values({ contractId: familyId, uploadedBy: actor.id, storedName, displayName, mime, sizeBytes, sha256, createdAt: iso })
    .returning()
    .get();
  const row = tx
    .insert(bankTransfers)
    .values({
      contractId: familyId,
      milestoneId: content.milestone?.id ?? null,
      amountFen: input.amountYuan,
      receivedOn: input.receivedOn,
      payerName: input.payerName,
      bankReference: input.bankReference,
      receiptFileId: receipt.id,
      recordedBy: actor.id,
      recordedAs: right.as,
      status: "pending",
      createdAt: iso,
    })
    .returning()
    .get();
  audit(tx, actor, "record", "bank_transfer", row.id, requestId, { ...row, receipt });
  return { ok: true, id: row.id };
}

/* ------------------------------------------------------------------ the Bureau's decision */

export type DecisionError = "forbidden" | "not_found" | "decided" | "over_due" | "reason_required";
export type DecisionResult = { ok: true; id: number } | { ok: false; error: DecisionError };

type Decision = { kind: "verify" } | { kind: "reject"; reason: string };

/** Records a decision refused before the form is read (someone other than the Bureau). */
export function refuseTransferDecision(db: Db, actor: Actor, requestId: string | null): void {
  writeTx(db, (tx) => writeAudit(tx, { actor, action: "denied:decide", entity: "bank_transfer", entityId: "queue", requestId }));
}

/** Verifies a pending transfer: its status and its ledger entry are written together, once. */
export function verifyTransfer(db: Db, actor: Actor, transferId: number, requestId: string | null = null, now: Date = new Date()): DecisionResult {
  return decide(db, actor, transferId, { kind: "verify" }, requestId, now);
}

/** Rejects a pending transfer with the reason its recorder will read; nothing enters the ledger. */
export function rejectTransfer(
  db: Db,
  actor: Actor,
  transferId: number,
  reason: string,
  requestId: string | null = null,
  now: Date = new Date(),
): DecisionResult {
  return decide(db, actor, transferId, { kind: "reject", reason: reason.trim() }, requestId, now);
}

function decide(db: Db, actor: Actor, transferId: number, decision: Decision, requestId: string | null, now: Date): DecisionResult {
  return writeTx(db, (tx): DecisionResult => {
    const deny = (error: DecisionError): DecisionResult => {
      audit(tx, actor, `denied:${decision.kind}`, "bank_transfer", transferId, requestId, { reason: error });
      return { ok: false, error };
    };
    if (actor.role !== "admin") return deny("forbidden");
    if (decision.kind === "reject" && decision.reason.length < 2) return deny("reason_required");
    const before = tx.select().from(bankTransfers).where(eq(bankTransfers.id, transferId)).get();
    if (!before) return deny("not_found");
    if (before.status !== "pending") return deny("decided");
    if (decision.kind === "verify" && before.amountFen > outstandingFen(tx, before.contractId, before.milestoneId)) return deny("over_due");
    const iso = now.toISOString();
    const after = tx
      .update(bankTransfers)
      .set({
        status: decision.kind === "verify" ? "verified" : "rejected",
        decisionReason: decision.kind === "reject" ? decision.reason : null,
        decidedBy: actor.id,
        decidedAt: iso,
      })
      .where(and(eq(bankTransfers.id, transferId), eq(bankTransfers.status, "pending")))
      .returning()
      .get();
    if (!after) return deny("decided");
    const c = currentRegisteredVersion(tx, before.contractId) ?? loadContract(tx, before.contractId);
    if (decision.kind === "verify") enterLedger(tx, actor, after, c);
    audit(tx, actor, decision.kind, "bank_transfer", transferId, requestId, after, before);
    notifyRecorder(tx, after, c, decision);
    return { ok: true, id: transferId };
  });
}

/**
 * The payment entry of a verified transfer (with the broker's commission on it), dated the day
 * the bank received it, Beijing time. Keyed by the transfer's id: it can only be entered once.
 */
function enterLedger(tx: Tx, actor: Actor, t: BankTransfer, c: Contract | undefined): void {
  appendPayment(tx, {
    contractId: t.contractId,
    milestoneId: t.milestoneId,
    amountFen: t.amountFen,
    source: "transfer",
    sourceRef: String(t.id),
    beneficiaryOrgId: c?.sellerOrgId ?? null,
    effectiveAt: new Date(`${t.receivedOn}T00:00:00+08:00`).toISOString(),
    createdBy: actor.id,
  });
}

function notifyRecorder(tx: Tx, t: BankTransfer, c: Contract | undefined, decision: Decision): void {
  // The amount is spelled once, in a form both languages read, since the message is rendered later.
  const params = { amount: formatFen(t.amountFen, "en"), title: c?.title ?? "" };
  notify(tx, {
    userId: t.recordedBy,
    kind: decision.kind === "verify" ? "transfer_verified" : "transfer_rejected",
    params: decision.kind === "reject" ? { ...params, reason: decision.reason } : params,
    link: `/contracts/${c?.id ?? t.contractId}/payments`,
  });
}
