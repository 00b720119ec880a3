import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { and, count, eq } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../../db/connection";
import { dealEvents, dealFiles } from "../../db/schema";
import type { Actor } from "./actor";
import { writeAudit } from "./audit.server";
import { getActiveBroker } from "./brokers.server";
import { dealRole, loadDeal } from "./deals.server";

// Attachments of a deal room (W7). The bytes decide what a file is, never its name or the
// browser's Content-Type; the uploader's name is shown but never used as a path; the file
// is written under a random name before the database row, and removed again whenever the
// row is not written, so a refused upload leaves nothing behind.

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES_PER_DEAL = 20;
/** No part of a real office document comes near this; a larger one is a decompression bomb. */
export const MAX_ENTRY_UNCOMPRESSED = 64 * 1024 * 1024;
export const MAX_TOTAL_UNCOMPRESSED = 256 * 1024 * 1024;
/** XML deflates well (10-30×); a thousandfold ratio only comes from crafted or padding data. */
const MAX_RATIO = 1000;
const MAX_ENTRIES = 5000;

export const FILE_TYPES = {
  pdf: { mime: "application/pdf", ext: ["pdf"] },
  png: { mime: "image/png", ext: ["png"] },
  jpeg: { mime: "image/jpeg", ext: ["jpg", "jpeg"] },
  docx: { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ext: ["docx"] },
  xlsx: { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ext: ["xlsx"] },
  pptx: { mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation", ext: ["pptx"] },
} as const;
export type FileType = keyof typeof FILE_TYPES;

/** Extensions that name a type: claiming one while the bytes say another is a lie, refused. */
const KNOWN_EXTENSIONS = new Set(["pdf", "png", "jpg", "jpeg", "gif", "webp", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "zip", "txt", "html", "htm", "svg"]);

/** Where attachments live: FILES_DIR, or data/files beside the database. */
export function filesDir(): string {
  return path.resolve(process.env.FILES_DIR || "data/files");
}

export type SniffResult = { ok: true; type: FileType } | { ok: false; reason: "unsupported" | "not_ooxml" | "zip_bomb" | "corrupt" };

const startsWith = (buf: Uint8Array, bytes: number[]) => bytes.every((b, i) => buf[i] === b);

/** What the bytes are, by their magic numbers (and, for a zip, by what its directory holds). */
export function sniffFile(buf: Uint8Array): SniffResult {
  if (startsWith(buf, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { ok: true, type: "pdf" };
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { ok: true, type: "png" };
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return { ok: true, type: "jpeg" };
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) return inspectOoxml(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength));
  return { ok: false, reason: "unsupported" };
}

/**
 * Reads a zip's central directory without inflating anything. An OOXML package must list
 * [Content_Types].xml and its main part; every entry's declared uncompressed size must be
 * plausible for a document. ZIP64 is refused: a 10 MB office file never needs it, and its
 * 0xFFFFFFFF size markers are a common way to hide a bomb.
 */
export function inspectOoxml(buf: Buffer): SniffResult {
  const EOCD = 0x06054b50;
  const CEN = 0x02014b50;
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, reason: "corrupt" };
  const entries = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) return { ok: false, reason: "zip_bomb" };
  if (entries > MAX_ENTRIES) return { ok: false, reason: "zip_bomb" };
  if (cdOffset + cdSize > eocd) return { ok: false, reason: "corrupt" };
  const names = new Set<string>();
  let total = 0;
  let p = cdOffset;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== CEN) return { ok: false, reason: "corrupt" };
    const compressed = buf.readUInt32LE(p + 20);
    const uncompressed = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    if (p + 46 + nameLen > eocd) return { ok: false, reason: "corrupt" };
    names.add(buf.toString("utf8", p + 46, p + 46 + nameLen));
    if (compressed === 0xffffffff || uncompressed === 0xffffffff) return { ok: false, reason: "zip_bomb" };
    if (uncompressed > MAX_ENTRY_UNCOMPRESSED) return { ok: false, reason: "zip_bomb" };
    if (uncompressed > 1024 * 1024 && uncompressed > Math.max(compressed, 1) * MAX_RATIO) return { ok: false, reason: "zip_bomb" };
    total += uncompressed;
    if (total > MAX_TOTAL_UNCOMPRESSED) return { ok: false, reason: "zip_bomb" };
    p += 46 + nameLen + extraLen + commentLen;
  }
  if (!names.has("[Content_Types].xml")) return { ok: false, reason: "not_ooxml" };
  if (names.has("word/document.xml")) return { ok: true, type: "docx" };
  if (names.has("xl/workbook.xml")) return { ok: true, type: "xlsx" };
  if (names.has("ppt/presentation.xml")) return { ok: true, type: "pptx" };
  return { ok: false, reason: "not_ooxml" };
}

/**
 * The name shown for a file: the uploader's base name without control or path characters,
 * ending in the extension of what the file really is. A name claiming another known type
 * is refused (null): "report.pdf" that is a PNG is not quietly renamed.
 */
export function displayNameFor(raw: string, type: FileType): string | null {
  return nameWithExtension(raw, FILE_TYPES[type].ext);
}

/** The same, for a file whose real type allows the extensions given (the first is the usual one). */
export function nameWithExtension(raw: string, allowed: readonly string[]): string | null {
  const base = (raw.split(/[\\/]/).pop() ?? "")
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, "_")
    .replace(/^[.\s]+/, "")
    .trim();
  const dot = base.lastIndexOf(".");
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
  if (allowed.includes(ext)) return base.slice(-120);
  if (ext && KNOWN_EXTENSIONS.has(ext)) return null;
  const stem = (base || "file").slice(0, 110);
  return `${stem}.${allowed[0]}`;
}

export type UploadError = "not_found" | "forbidden" | "inactive_broker" | "closed" | "empty" | "too_large" | "unsupported_type" | "quota";
export type UploadResult = { ok: true; fileId: number } | { ok: false; error: UploadError };

/** Who may add a file to the deal now; the same check runs before the bytes are written and again with the row. */
function uploadRefusal(tx: Db | Tx, actor: Actor, matchId: number, now: Date): UploadError | null {
  const deal = loadDeal(tx, matchId);
  if (!deal) return "not_found";
  const role = dealRole(actor, deal);
  if (!role) return "not_found";
  if (role === "admin") return "forbidden";
  if (role === "lead" && !getActiveBroker(tx, actor.id, now)) return "inactive_broker";
  if (deal.match.stage === "dismissed") return "closed";
  const n = tx.select({ n: count() }).from(dealFiles).where(eq(dealFiles.matchId, matchId)).get()?.n ?? 0;
  if (n >= MAX_FILES_PER_DEAL) return "quota";
  return null;
}

/** Records a refused upload (W9); the route uses it for a body too large to read at all. */
export function refuseUpload(db: Db, actor: Actor, matchId: number, error: UploadError, requestId: string | null, detail?: string): UploadResult {
  writeTx(db, (tx) =>
    writeAudit(tx, { actor, action: "denied:upload", entity: "match", entityId: matchId, after: { reason: error, ...(detail ? { detail } : {}) }, requestId }),
  );
  return { ok: false, error };
}

/** Stores an uploaded file for a deal: checks, bytes to disk under a random name, then the row. */
export function storeDealFile(
  db: Db,
  actor: Actor,
  matchId: number,
  file: { name: string; bytes: Uint8Array },
  requestId: string | null = null,
  now: Date = new Date(),
): UploadResult {
  const early = uploadRefusal(db, actor, matchId, now);
  if (early) return refuseUpload(db, actor, matchId, early, requestId);
  if (file.bytes.byteLength === 0) return { ok: false, error: "empty" };
  if (file.bytes.byteLength > MAX_FILE_BYTES) return refuseUpload(db, actor, matchId, "too_large", requestId);
  const sniffed = sniffFile(file.bytes);
  if (!sniffed.ok) return refuseUpload(db, actor, matchId, "unsupported_type", requestId, sniffed.reason);
  const displayName = displayNameFor(file.name, sniffed.type);
  if (displayName === null) return refuseUpload(db, actor, matchId, "unsupported_type", requestId, "extension_mismatch");

  const dir = filesDir();
  fs.mkdirSync(dir, { recursive: true });
  const storedName = `${crypto.randomBytes(16).toString("hex")}.${FILE_TYPES[sniffed.type].ext[0]}`;
  const target = path.join(dir, storedName);
  const sha256 = crypto.createHash("sha256").update(file.bytes).digest("hex");
  fs.writeFileSync(target, file.bytes, { flag: "wx", mode: 0o640 });
  let outcome: UploadResult;
  try {
    outcome = writeTx(db, (tx): UploadResult => {
      // Checked again with the row: another upload may have filled the quota meanwhile.
      const late = uploadRefusal(tx, actor, matchId, now);
      if (late) {
        writeAudit(tx, { actor, action: "denied:upload", entity: "match", entityId: matchId, after: { reason: late }, requestId });
        return { ok: false, error: late };
      }
      const row = tx
        .insert(dealFiles)
        .values({
          matchId,
          uploadedBy: actor.id,
          displayName,
          storedName,
          mime: FILE_TYPES[sniffed.type].mime,
          sizeBytes: file.bytes.byteLength,
          sha256,
          createdAt: now.toISOString(),
        })
        .returning()
        .get();
      tx.insert(dealEvents)
        .values({ matchId, actorUserId: actor.id, kind: "file", body: JSON.stringify({ name: displayName }), createdAt: now.toISOString() })
        .run();
      writeAudit(tx, { actor, action: "upload", entity: "match", entityId: matchId, after: row, requestId });
      return { ok: true, fileId: row.id };
    });
  } catch (err) {
    fs.rmSync(target, { force: true });
    throw err;
  }
  if (!outcome.ok) fs.rmSync(target, { force: true });
  return outcome;
}

/** A stored file for download, when the viewer may see its deal; null otherwise (a 404). */
export function openDealFile(db: Db, actor: Actor | null, matchId: number, fileId: number) {
  const deal = loadDeal(db, matchId);
  if (!deal || !dealRole(actor, deal)) return null;
  const row = db
    .select()
    .from(dealFiles)
    .where(and(eq(dealFiles.id, fileId), eq(dealFiles.matchId, matchId)))
    .get();
  if (!row) return null;
  // Stored names are generated as hex plus a known extension; anything else is not ours to serve.
  if (!/^[0-9a-f]{32}\.[a-z]{3,4}$/.test(row.storedName)) return null;
  const file = path.join(filesDir(), row.storedName);
  if (!fs.existsSync(file)) {
    console.warn(JSON.stringify({ level: "warn", event: "deal_file_missing", fileId: row.id }));
    return null;
  }
  return { path: file, displayName: row.displayName, mime: row.mime, sizeBytes: row.sizeBytes, sha256: row.sha256 };
}

/** Content-Disposition with an ASCII fallback and the real (often Chinese) name per RFC 6266/5987. */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
