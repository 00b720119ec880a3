import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "../../db/connection";
import { contractDocuments } from "../../db/schema";
import type { ContractDocumentKind } from "../codes";
import type { Actor } from "./actor";
import { canViewContract, load, type FieldErrors } from "./contracts.server";
import {
  checkReceipt,
  MAX_RECEIPT_BYTES,
  receiptPath,
  writeReceiptFile,
  type Receipt,
  type ReceiptProblem,
  type StoredReceipt,
} from "./payment-receipts.server";

// Files kept with a contract: the certificate of a registration elsewhere (登记证明), and
// evidence of a cancellation or termination. Judged by their bytes as bank receipts are (PDF,
// PNG or JPEG), written under a generated name before their row, removed when it is not written.

export const MAX_DOCUMENT_BYTES = MAX_RECEIPT_BYTES;

const DOCUMENT_MESSAGES: Record<ReceiptProblem, string> = {
  receipt_missing: "v.contract.documentRequired",
  receipt_too_large: "v.contract.documentTooLarge",
  receipt_type: "v.contract.documentType",
};

/**
 * Checks an uploaded document and writes it to disk. A missing file is an error only when
 * `required`; otherwise the result carries no file.
 */
export function acceptDocument(
  file: Receipt | null,
  field: string,
  required: boolean,
): { ok: true; stored: StoredReceipt | null } | { ok: false; fieldErrors: FieldErrors; detail: string } {
  if (!required && (!file || file.bytes.byteLength === 0)) return { ok: true, stored: null };
  const checked = checkReceipt(file);
  if (!checked.ok) return { ok: false, fieldErrors: { [field]: [DOCUMENT_MESSAGES[checked.problem]] }, detail: checked.detail ?? checked.problem };
  return { ok: true, stored: writeReceiptFile(checked.receipt) };
}

export function insertContractDocument(tx: Tx, contractId: number, kind: ContractDocumentKind, uploadedBy: number, stored: StoredReceipt, now: Date): number {
  return tx
    .insert(contractDocuments)
    .values({
      contractId,
      kind,
      uploadedBy,
      displayName: stored.displayName,
      storedName: stored.storedName,
      mime: stored.mime,
      sizeBytes: stored.sizeBytes,
      sha256: stored.sha256,
      createdAt: now.toISOString(),
    })
    .returning({ id: contractDocuments.id })
    .get().id;
}

/**
 * Runs `write` with the stored file (or none), removing the file again when the write refuses
 * or fails, so no file is left on disk without its row.
 */
export function withStoredDocument<R extends { ok: boolean }>(stored: StoredReceipt | null, write: () => R): R {
  let outcome: R;
  try {
    outcome = write();
  } catch (err) {
    stored?.remove();
    throw err;
  }
  if (!outcome.ok) stored?.remove();
  return outcome;
}

/**
 * A document for download: only to the registrar and those who may see the contract (its
 * parties and broker), and only under its own contract's address.
 */
export function getContractDocument(db: Db, actor: Actor | null, contractId: number, documentId: number) {
  const row = load(db, contractId);
  if (!row || !canViewContract(actor, row)) return null;
  const doc = db
    .select()
    .from(contractDocuments)
    .where(and(eq(contractDocuments.id, documentId), eq(contractDocuments.contractId, contractId)))
    .get();
  if (!doc) return null;
  const path = receiptPath(doc.storedName);
  return path ? { path, mime: doc.mime, sizeBytes: doc.sizeBytes, displayName: doc.displayName, sha256: doc.sha256 } : null;
}

const FILE_FAULTS = new Set(["ENOSPC", "EDQUOT", "EROFS", "EIO", "EACCES", "EPERM"]);

/** A document that could not be written (a full or read-only disk): a fault to retry, not a bug. */
export const isFileStorageFault = (err: unknown) => err instanceof Error && FILE_FAULTS.has(String((err as { code?: unknown }).code));
