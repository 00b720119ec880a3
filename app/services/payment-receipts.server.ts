import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { readSingleFileUpload } from "./file-upload.server";
import { FILE_TYPES, MAX_FILE_BYTES, displayNameFor, filesDir, sniffFile, type FileType } from "./deal-files.server";

// 银行回单: the receipt a seller or broker uploads with a bank transfer. It is judged by its
// bytes exactly as a deal room's attachment is (only PDF and images are receipts), written
// under a generated name before its row, and removed again when the row is not written.

export const RECEIPT_TYPES: readonly FileType[] = ["pdf", "png", "jpeg"];
export const MAX_RECEIPT_BYTES = MAX_FILE_BYTES;

export type Receipt = { name: string; bytes: Uint8Array };
export type CheckedReceipt = { type: FileType; displayName: string; bytes: Uint8Array };
export type ReceiptProblem = "receipt_missing" | "receipt_too_large" | "receipt_type";

/** What the bytes are, when they are a receipt at all: a PDF, PNG or JPEG whose name does not claim another type. */
export function checkReceipt(receipt: Receipt | null): { ok: true; receipt: CheckedReceipt } | { ok: false; problem: ReceiptProblem; detail?: string } {
  if (!receipt || receipt.bytes.byteLength === 0) return { ok: false, problem: "receipt_missing" };
  if (receipt.bytes.byteLength > MAX_RECEIPT_BYTES) return { ok: false, problem: "receipt_too_large" };
  const sniffed = sniffFile(receipt.bytes);
  if (!sniffed.ok) return { ok: false, problem: "receipt_type", detail: sniffed.reason };
  if (!RECEIPT_TYPES.includes(sniffed.type)) return { ok: false, problem: "receipt_type", detail: sniffed.type };
  const displayName = displayNameFor(receipt.name, sniffed.type);
  if (displayName === null) return { ok: false, problem: "receipt_type", detail: "extension_mismatch" };
  return { ok: true, receipt: { type: sniffed.type, displayName, bytes: receipt.bytes } };
}

export type StoredReceipt = { storedName: string; displayName: string; mime: string; sizeBytes: number; sha256: string; remove: () => void };

/** Writes checked bytes under a random name; the caller removes them again if its row is not written. */
export function writeReceiptFile(receipt: CheckedReceipt): StoredReceipt {
  const dir = filesDir();
  fs.mkdirSync(dir, { recursive: true });
  const storedName = `${crypto.randomBytes(16).toString("hex")}.${FILE_TYPES[receipt.type].ext[0]}`;
  const target = path.join(dir, storedName);
  fs.writeFileSync(target, receipt.bytes, { flag: "wx", mode: 0o640 });
  return {
    storedName,
    displayName: receipt.displayName,
    mime: FILE_TYPES[receipt.type].mime,
    sizeBytes: receipt.bytes.byteLength,
    sha256: crypto.createHash("sha256").update(receipt.bytes).digest("hex"),
    remove: () => fs.rmSync(target, { force: true }),
  };
}

/** The path of a stored receipt, or null when the name is not one we generate or the file is gone. */
export function receiptPath(storedName: string): string | null {
  if (!/^[0-9a-f]{32}\.[a-z]{3,4}$/.test(storedName)) return null;
  const file = path.join(filesDir(), storedName);
  if (!fs.existsSync(file)) {
    console.warn(JSON.stringify({ level: "warn", event: "receipt_file_missing", storedName }));
    return null;
  }
  return file;
}

export type ReceiptUpload = { fields: FormData; receipt: Receipt | null };

/**
 * Reads the multipart transfer form: its text fields, and at most one file part named
 * "receipt" (any other file part is drained, never kept). "too_large" when the receipt or the
 * declared body is over the limit; null when the body is not a readable form at all.
 */
export async function readReceiptUpload(request: Request): Promise<ReceiptUpload | "too_large" | null> {
  const upload = await readSingleFileUpload(request, "receipt", MAX_RECEIPT_BYTES);
  if (upload === null || upload === "too_large") return upload;
  return { fields: upload.fields, receipt: upload.file };
}
