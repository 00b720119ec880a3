import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/connection";
import { LEDGER_KINDS } from "../codes";
import { contracts, ledgerEntries, type Contract, type LedgerKind, type LedgerSource } from "../../db/schema";
import { familyOf, listMilestones } from "./milestones.server";

// 资金台账. Every money fact is one append-only row: what moved, under which contract family,
// against which milestone, from which source, and when. Totals are always computed from
// these rows, never stored beside them. Amounts are positive integer fen; the kind gives
// the direction. (source, kind, source_ref) is unique, so recording the same fact again is
// a no-op that reports the entry already there.

export interface LedgerEntryInput {
  kind: LedgerKind;
  /** The contract family (contracts.family_id). */
  contractId: number;
  milestoneId?: number | null;
  amountFen: number;
  currency?: string;
  source: LedgerSource;
  sourceRef: string;
  beneficiaryOrgId?: number | null;
  beneficiaryUserId?: number | null;
  /** When the money moved, UTC ISO. */
  effectiveAt: string;
  createdBy?: number | null;
}

export type AppendResult = { recorded: boolean; id: number };

/** An entry refused before it reached the database: it would corrupt the ledger. */
export class LedgerEntryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LedgerEntryError";
  }
}

/** Within a JavaScript number's exact range and far beyond any contract (10^13 fen = 100 billion yuan). */
const MAX_ENTRY_FEN = 10_000_000_000_000;

function checkEntry(e: LedgerEntryInput): void {
  if (!Number.isSafeInteger(e.amountFen) || e.amountFen <= 0 || e.amountFen > MAX_ENTRY_FEN) {
    throw new LedgerEntryError(`amount must be a positive whole number of fen, got ${String(e.amountFen)}`);
  }
  if (!e.sourceRef || e.sourceRef.length > 255) throw new LedgerEntryError("source_ref must be 1 to 255 characters");
  if (Number.isNaN(Date.parse(e.effectiveAt))) throw new LedgerEntryError(`effective_at is not a time: ${e.effectiveAt}`);
}

/**
 * Appends one entry inside the caller's write transaction (with its record and audit event).
 * The same (source, kind, source_ref) recorded again returns the existing entry with
 * `recorded: false`; a different amount or contract under that reference is an error, since
 * it means two facts were given one name.
 */
export function appendLedgerEntry(tx: Tx, e: LedgerEntryInput): AppendResult {
  checkEntry(e);
  const values = {
    kind: e.kind,
    contractId: e.contractId,
    milestoneId: e.milestoneId ?? null,
    amountFen: e.amountFen,
    currency: (e.currency ?? "CNY").toUpperCase(),
    source: e.source,
    sourceRef: e.sourceRef,
    beneficiaryOrgId: e.beneficiaryOrgId ?? null,
    beneficiaryUserId: e.beneficiaryUserId ?? null,
    effectiveAt: new Date(e.effectiveAt).toISOString(),
    createdBy: e.createdBy ?? null,
  };
  const inserted = tx.insert(ledgerEntries).values(values).onConflictDoNothing().returning({ id: ledgerEntries.id }).get();
  if (inserted) return { recorded: true, id: inserted.id };
  const existing = findLedgerEntry(tx, e.source, e.kind, e.sourceRef);
  if (!existing) throw new LedgerEntryError(`ledger entry ${e.source}/${e.kind}/${e.sourceRef} was refused`);
  if (existing.amountFen !== values.amountFen || existing.contractId !== values.contractId) {
    throw new LedgerEntryError(`ledger entry ${e.source}/${e.kind}/${e.sourceRef} already holds a different amount or contract`);
  }
  return { recorded: false, id: existing.id };
}

export function findLedgerEntry(db: Db | Tx, source: LedgerSource, kind: LedgerKind, sourceRef: string) {
  return db
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.source, source), eq(ledgerEntries.kind, kind), eq(ledgerEntries.sourceRef, sourceRef)))
    .get();
}

/** The family's registered version in force, which carries the broker and the commission terms. */
export function currentRegisteredVersion(db: Db | Tx, familyId: number): Contract | undefined {
  return db
    .select()
    .from(contracts)
    .where(and(eq(contracts.familyId, familyId), eq(contracts.status, "registered"), isNull(contracts.supersededAt)))
    .get();
}

/**
 * The broker's commission on money received, as the contract sets it (技术中介合同): a rate
 * in basis points of the payment, floored to the fen; or, with a fixed fee, the fee's share
 * of the contract value received so far net of refunds (floored, never above the fee) less
 * what has accrued net of reversals. A rate takes precedence when both are set. Zero when there is nothing due.
 */
export function commissionDue(tx: Db | Tx, c: Contract, paymentFen: number): number {
  if (c.brokerUserId === null) return 0;
  if (c.commissionRateBp !== null && c.commissionRateBp > 0) return Math.floor((paymentFen * c.commissionRateBp) / 10_000);
  if (c.commissionFixedFen === null || c.commissionFixedFen <= 0) return 0;
  const familyId = familyOf(c);
  const sums = kindSums(tx, familyId);
  // Net of refunds and of the commission they reversed, so money refunded and paid again earns its share again.
  const receivedSoFar = BigInt(Math.max(0, sums.payment - sums.refund));
  const share = (BigInt(c.commissionFixedFen) * receivedSoFar) / BigInt(c.contractValueFen);
  const target = share > BigInt(c.commissionFixedFen) ? c.commissionFixedFen : Number(share);
  return Math.max(0, target - (sums.commission - sums.commission_reversal));
}

/**
 * Records money received under a contract and, in the same transaction, the commission it
 * earns the contract's broker (same source and reference, kind "commission"), so every
 * commission is in the ledger whichever way it is later paid. Used for Stripe payments and
 * for verified bank transfers alike.
 */
export function appendPayment(tx: Tx, e: Omit<LedgerEntryInput, "kind">): { payment: AppendResult; commission: AppendResult | null } {
  const payment = appendLedgerEntry(tx, { ...e, kind: "payment" });
  if (!payment.recorded) return { payment, commission: findCommission(tx, e) };
  const c = currentRegisteredVersion(tx, e.contractId);
  const fen = c ? commissionDue(tx, c, e.amountFen) : 0;
  if (!c || fen <= 0) return { payment, commission: null };
  const commission = appendLedgerEntry(tx, {
    ...e,
    kind: "commission",
    amountFen: fen,
    beneficiaryOrgId: null,
    beneficiaryUserId: c.brokerUserId,
  });
  return { payment, commission };
}

function findCommission(tx: Tx, e: Omit<LedgerEntryInput, "kind">): AppendResult | null {
  const row = findLedgerEntry(tx, e.source, "commission", e.sourceRef);
  return row ? { recorded: false, id: row.id } : null;
}

/**
 * How much of a payment's commission a refund takes back: the accrued commission's share of
 * the payment refunded so far, floored to the fen, less what earlier refunds of that payment
 * already reversed. The share is computed on the running total, not refund by refund, so
 * partial refunds never lose a fen to rounding; a refund of the whole payment (or more)
 * reverses all of it, and the result is never below 0 nor above what is left.
 */
export function commissionReversalDue(accruedFen: number, paymentFen: number, refundedTotalFen: number, reversedBeforeFen: number): number {
  if (accruedFen <= 0 || paymentFen <= 0 || refundedTotalFen <= 0) return 0;
  const target = refundedTotalFen >= paymentFen ? accruedFen : Number((BigInt(accruedFen) * BigInt(refundedTotalFen)) / BigInt(paymentFen));
  return Math.max(0, Math.min(target, accruedFen) - reversedBeforeFen);
}

export interface RefundOf {
  /** The payment refunded: its source and reference (the PaymentIntent id for Stripe). */
  paymentSource: LedgerSource;
  paymentRef: string;
  /** What has been refunded of that payment so far, this refund included. */
  refundedTotalFen: number;
  /** What earlier refunds of that payment have already reversed of its commission. */
  reversedBeforeFen: number;
}

/**
 * Records money refunded and, in the same transaction and under the same source and
 * reference, the reversal of the broker's commission accrued on the refunded payment
 * (kind "commission_reversal", see commissionReversalDue). A payment not yet in the ledger
 * has accrued nothing, so nothing is reversed. Recording the same refund again is a no-op.
 */
export function appendRefund(tx: Tx, e: Omit<LedgerEntryInput, "kind">, of: RefundOf): { refund: AppendResult; reversal: AppendResult | null } {
  const refund = appendLedgerEntry(tx, { ...e, kind: "refund" });
  if (!refund.recorded) {
    const row = findLedgerEntry(tx, e.source, "commission_reversal", e.sourceRef);
    return { refund, reversal: row ? { recorded: false, id: row.id } : null };
  }
  const payment = findLedgerEntry(tx, of.paymentSource, "payment", of.paymentRef);
  const commission = findLedgerEntry(tx, of.paymentSource, "commission", of.paymentRef);
  if (!payment || !commission) return { refund, reversal: null };
  const fen = commissionReversalDue(commission.amountFen, payment.amountFen, of.refundedTotalFen, of.reversedBeforeFen);
  if (fen <= 0) return { refund, reversal: null };
  const reversal = appendLedgerEntry(tx, {
    ...e,
    kind: "commission_reversal",
    amountFen: fen,
    currency: commission.currency,
    beneficiaryOrgId: null,
    beneficiaryUserId: commission.beneficiaryUserId,
  });
  return { refund, reversal };
}

type KindSums = Record<LedgerKind, number>;

function kindSums(db: Db | Tx, familyId: number): KindSums {
  const rows = db
    .select({ kind: ledgerEntries.kind, fen: sql<number>`sum(${ledgerEntries.amountFen})` })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.contractId, familyId), eq(ledgerEntries.currency, "CNY")))
    .groupBy(ledgerEntries.kind)
    .all();
  const sums = Object.fromEntries(LEDGER_KINDS.map((k) => [k, 0])) as KindSums;
  for (const r of rows) sums[r.kind] = r.fen;
  return sums;
}

export interface MilestoneLedger {
  id: number;
  seq: number;
  title: string;
  dueOn: string;
  dueFen: number;
  receivedFen: number;
  refundedFen: number;
  outstandingFen: number;
  /** Dropped from the plan by an amendment; listed because money stands against it. */
  removed: boolean;
}

export interface ContractLedger {
  /** The contract family. */
  contractId: number;
  receivedFen: number;
  refundedFen: number;
  outstandingFen: number;
  /** The broker's commission accrued, less what refunds reversed. */
  commissionFen: number;
  milestones: MilestoneLedger[];
}

const outstanding = (dueFen: number, receivedFen: number, refundedFen: number) => Math.max(0, dueFen - receivedFen + refundedFen);

/**
 * What a contract family has received, refunded and still owes, to the fen, from the
 * ledger. Received counts payments; refunded counts refunds; outstanding is what is due
 * less received plus refunded, never below zero. What is due is the sum of the milestones
 * in the plan or, for a contract without milestones, its contract value. Any version's id
 * may be given; undefined when there is no such contract.
 */
export function contractLedger(db: Db | Tx, contractId: number): ContractLedger | undefined {
  const version = db.select({ id: contracts.id, familyId: contracts.familyId }).from(contracts).where(eq(contracts.id, contractId)).get();
  if (!version) return undefined;
  const familyId = familyOf(version);
  const perMilestone = db
    .select({ milestoneId: ledgerEntries.milestoneId, kind: ledgerEntries.kind, fen: sql<number>`sum(${ledgerEntries.amountFen})` })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.contractId, familyId), eq(ledgerEntries.currency, "CNY")))
    .groupBy(ledgerEntries.milestoneId, ledgerEntries.kind)
    .all();
  const of = (id: number, kind: LedgerKind) => perMilestone.find((r) => r.milestoneId === id && r.kind === kind)?.fen ?? 0;
  const milestones: MilestoneLedger[] = listMilestones(db, familyId)
    .map((m) => {
      const dueFen = m.removedAt === null ? m.amountFen : 0;
      const receivedFen = of(m.id, "payment");
      const refundedFen = of(m.id, "refund");
      const removed = m.removedAt !== null;
      return {
        id: m.id,
        seq: m.seq,
        title: m.title,
        dueOn: m.dueOn,
        dueFen,
        receivedFen,
        refundedFen,
        outstandingFen: outstanding(dueFen, receivedFen, refundedFen),
        removed,
      };
    })
    .filter((m) => !m.removed || m.receivedFen > 0 || m.refundedFen > 0);
  const sums = kindSums(db, familyId);
  const planned = milestones.filter((m) => !m.removed);
  const dueFen = planned.length > 0 ? planned.reduce((a, m) => a + m.dueFen, 0) : (currentRegisteredVersion(db, familyId)?.contractValueFen ?? 0);
  return {
    contractId: familyId,
    receivedFen: sums.payment,
    refundedFen: sums.refund,
    outstandingFen: outstanding(dueFen, sums.payment, sums.refund),
    commissionFen: sums.commission - sums.commission_reversal,
    milestones,
  };
}
