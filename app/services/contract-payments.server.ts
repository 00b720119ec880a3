import { aliasedTable, and, asc, desc, eq, ne, sql } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { bankTransfers, contracts, paymentMilestones, paymentReceipts, users } from "../../db/schema";
import type { Actor } from "./actor";
import { contractLedger, currentRegisteredVersion } from "./ledger.server";
import { familyOf } from "./milestones.server";
import { receiptPath } from "./payment-receipts.server";
import { getActiveBroker } from "./brokers.server";
import { isCurrentRegistered, loadContract, openToRecordFen, paymentRole } from "./transfers.server";

// What the payments tab and the Bureau's queue read: a contract family's ledger by milestone,
// its bank transfers with their status, and the receipts, for those who may see them.

const recorder = aliasedTable(users, "recorder");

const transferColumns = {
  id: bankTransfers.id,
  contractId: bankTransfers.contractId,
  milestoneId: bankTransfers.milestoneId,
  milestoneTitle: paymentMilestones.title,
  amountFen: bankTransfers.amountFen,
  receivedOn: bankTransfers.receivedOn,
  payerName: bankTransfers.payerName,
  bankReference: bankTransfers.bankReference,
  hasReceipt: bankTransfers.receiptFileId,
  recordedAs: bankTransfers.recordedAs,
  recorderName: recorder.name,
  status: bankTransfers.status,
  decisionReason: bankTransfers.decisionReason,
  // Two aliases of one table in a join defeat the query builder's types; the decider is one look-up.
  deciderName: sql<string | null>`(SELECT ${users.name} FROM ${users} WHERE ${users.id} = ${bankTransfers.decidedBy})`,
  decidedAt: bankTransfers.decidedAt,
  createdAt: bankTransfers.createdAt,
};

function transfersQuery(db: Db) {
  return db
    .select(transferColumns)
    .from(bankTransfers)
    .leftJoin(paymentMilestones, eq(paymentMilestones.id, bankTransfers.milestoneId))
    .innerJoin(recorder, eq(recorder.id, bankTransfers.recordedBy));
}

/** The payments tab of a contract version, or null when the viewer may not see it (a 404). */
export function getPaymentsForViewer(db: Db, actor: Actor | null, contractId: number, now: Date = new Date()) {
  const c = loadContract(db, contractId);
  const role = c ? paymentRole(actor, c) : null;
  if (!c || !actor || !role) return null;
  const familyId = familyOf(c);
  const current = currentRegisteredVersion(db, familyId);
  const ledger = current ? (contractLedger(db, familyId) ?? null) : null;
  const recordable = isCurrentRegistered(c) && (role === "seller" ? actor.orgVerified : role === "broker" && !!getActiveBroker(db, actor.id, now));
  const planned = (ledger?.milestones ?? []).filter((m) => !m.removed);
  const transfers = transfersQuery(db).where(eq(bankTransfers.contractId, familyId)).orderBy(desc(bankTransfers.createdAt), desc(bankTransfers.id)).all();
  return {
    contract: { id: c.id, title: c.title, status: c.status, supersededAt: c.supersededAt, registrationNo: c.registrationNo },
    currentId: current?.id ?? null,
    role,
    canRecord: recordable && !!ledger,
    canPayOnline: role === "buyer" && isCurrentRegistered(c) && !!ledger,
    ledger,
    /** Per milestone, what may still be recorded: outstanding less the transfers awaiting a decision. */
    openFen: Object.fromEntries((ledger?.milestones ?? []).filter((m) => !m.removed).map((m) => [m.id, openToRecordFen(db, familyId, m.id)])),
    /** For a contract without milestones: what may still be recorded on it as a whole. */
    wholeOpenFen: ledger ? openToRecordFen(db, familyId, null) : 0,
    /** The milestones' sum, or the contract value when the plan has none. */
    dueFen: planned.length > 0 ? planned.reduce((a, m) => a + m.dueFen, 0) : (current?.contractValueFen ?? 0),
    transfers: transfers.map((t) => ({ ...t, hasReceipt: t.hasReceipt !== null })),
  };
}
export type PaymentsView = NonNullable<ReturnType<typeof getPaymentsForViewer>>;

/** What is outstanding on a milestone, or on the whole contract when the transfer names none. */
function outstandingOf(ledger: ReturnType<typeof contractLedger>, milestoneId: number | null): number | null {
  if (!ledger) return null;
  if (milestoneId === null) return ledger.outstandingFen;
  return ledger.milestones.find((m) => m.id === milestoneId)?.outstandingFen ?? null;
}

/** The Bureau's desk: pending transfers oldest first, then the latest decided. */
export function listTransferQueue(db: Db, limit = 50) {
  const withContract = () =>
    db
      .select({ ...transferColumns, contractTitle: contracts.title, registrationNo: contracts.registrationNo })
      .from(bankTransfers)
      .innerJoin(contracts, eq(contracts.id, bankTransfers.contractId))
      .leftJoin(paymentMilestones, eq(paymentMilestones.id, bankTransfers.milestoneId))
      .innerJoin(recorder, eq(recorder.id, bankTransfers.recordedBy));
  const pending = withContract().where(eq(bankTransfers.status, "pending")).orderBy(asc(bankTransfers.createdAt), asc(bankTransfers.id)).all();
  const decided = withContract().where(ne(bankTransfers.status, "pending")).orderBy(desc(bankTransfers.decidedAt), desc(bankTransfers.id)).limit(limit).all();
  // The family's version in force names the contract as it now stands, and what is still outstanding.
  const families = [...new Set(pending.map((t) => t.contractId))];
  const current = new Map(families.map((f) => [f, currentRegisteredVersion(db, f)]));
  const ledgers = new Map(families.map((f) => [f, contractLedger(db, f)]));
  return {
    pending: pending.map((t) => ({
      ...t,
      hasReceipt: t.hasReceipt !== null,
      contractTitle: current.get(t.contractId)?.title ?? t.contractTitle,
      registrationNo: current.get(t.contractId)?.registrationNo ?? t.registrationNo,
      outstandingFen: outstandingOf(ledgers.get(t.contractId), t.milestoneId),
    })),
    decided: decided.map((t) => ({ ...t, hasReceipt: t.hasReceipt !== null })),
  };
}

/**
 * A transfer's receipt for download: only to the contract's parties, its broker and the
 * Bureau, and only under a contract of the transfer's family. Null otherwise (a 404).
 */
export function openTransferReceipt(db: Db, actor: Actor | null, contractId: number, transferId: number) {
  const c = loadContract(db, contractId);
  if (!c || !paymentRole(actor, c)) return null;
  const row = db
    .select({ r: paymentReceipts })
    .from(bankTransfers)
    .innerJoin(paymentReceipts, eq(paymentReceipts.id, bankTransfers.receiptFileId))
    .where(and(eq(bankTransfers.id, transferId), eq(bankTransfers.contractId, familyOf(c))))
    .get();
  if (!row) return null;
  const file = receiptPath(row.r.storedName);
  if (!file) return null;
  return { path: file, displayName: row.r.displayName, mime: row.r.mime, sizeBytes: row.r.sizeBytes, sha256: row.r.sha256 };
}
