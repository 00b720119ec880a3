import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { and, asc, count, eq, isNull } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../../db/connection";
import { listingAttachments } from "../../db/schema";
import type { ListingSubject } from "../codes";
import type { Actor } from "./actor";
import { writeAudit } from "./audit.server";
import { filesDir, nameWithExtension, sniffFile } from "./deal-files.server";
import type { StoredFile } from "./file-upload.server";
import { canSeeListing, isListingOwner, loadListing } from "./listing-subjects.server";

// A listing's brochure and images (W7 as for a deal's files): the bytes decide what a file is,
// never its name or the browser's Content-Type; the name given is shown, never used as a path;
// the bytes are written under a random name before the row, and removed again whenever the row
// is not written. The owner adds and removes them while the listing is editable; anyone who may
// see the listing may see them.

export const ATTACHMENT_TYPES = {
  pdf: { mime: "application/pdf", ext: ["pdf"], image: false },
  png: { mime: "image/png", ext: ["png"], image: true },
  jpeg: { mime: "image/jpeg", ext: ["jpg", "jpeg"], image: true },
  webp: { mime: "image/webp", ext: ["webp"], image: true },
} as const;
export type AttachmentType = keyof typeof ATTACHMENT_TYPES;

export const MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;

export type AttachmentError = "not_found" | "forbidden" | "not_editable" | "empty" | "too_large" | "unsupported_type" | "quota";
export type AttachResult = { ok: true; attachmentId: number } | { ok: false; error: AttachmentError };
export type DetachResult = { ok: true } | { ok: false; error: "not_found" | "forbidden" | "not_editable" };

const isWebp = (b: Uint8Array) =>
  b.length >= 12 && String.fromCharCode(b[0]!, b[1]!, b[2]!, b[3]!) === "RIFF" && String.fromCharCode(b[8]!, b[9]!, b[10]!, b[11]!) === "WEBP";

/** What the bytes are, among the types a listing may carry; null for anything else. */
export function sniffAttachment(bytes: Uint8Array): AttachmentType | null {
  if (isWebp(bytes)) return "webp";
  const sniffed = sniffFile(bytes);
  return sniffed.ok && (sniffed.type === "pdf" || sniffed.type === "png" || sniffed.type === "jpeg") ? sniffed.type : null;
}

/** Who may change the listing's attachments now; checked before the bytes are written and again with the row. */
function changeRefusal(tx: Db | Tx, actor: Actor, subject: ListingSubject, subjectId: number, now: Date): "not_found" | "forbidden" | "not_editable" | null {
  const listing = loadListing(tx, subject, subjectId, now);
  if (!listing || !canSeeListing(actor, listing)) return "not_found";
  if (!isListingOwner(actor, listing)) return "forbidden";
  if (!listing.isEditable) return "not_editable";
  return null;
}

function attached(tx: Db | Tx, subject: ListingSubject, subjectId: number): number {
  return (
    tx
      .select({ n: count() })
      .from(listingAttachments)
      .where(and(eq(listingAttachments.subject, subject), eq(listingAttachments.subjectId, subjectId), isNull(listingAttachments.removedAt)))
      .get()?.n ?? 0
  );
}

/** Records a refused upload; the route uses it for a body too large to read at all. */
export function refuseAttachment(
  db: Db,
  actor: Actor,
  subject: ListingSubject,
  subjectId: number,
  error: AttachmentError,
  requestId: string | null = null,
  detail?: string,
): AttachResult {
  writeTx(db, (tx) =>
    writeAudit(tx, {
      actor,
      action: "denied:attach",
      entity: subject,
      entityId: subjectId,
      after: { reason: error, ...(detail ? { detail } : {}) },
      requestId,
    }),
  );
  return { ok: false, error };
}

/** The checks on the bytes: the name and type a stored file will carry, or why it is refused. */
function inspect(file: { name: string; bytes: Uint8Array }): { type: AttachmentType; displayName: string } | { error: AttachmentError; detail?: string } {
  if (file.bytes.byteLength === 0) return { error: "empty" };
  if (file.bytes.byteLength > MAX_ATTACHMENT_BYTES) return { error: "too_large" };
  const type = sniffAttachment(file.bytes);
  if (!type) return { error: "unsupported_type", detail: "bytes" };
  const displayName = nameWithExtension(file.name, ATTACHMENT_TYPES[type].ext);
  if (displayName === null) return { error: "unsupported_type", detail: "extension_mismatch" };
  return { type, displayName };
}

/** Stores a brochure or image for a listing: checks, bytes to disk under a random name, then the row. */
export function storeListingAttachment(
  db: Db,
  actor: Actor,
  subject: ListingSubject,
  subjectId: number,
  file: { name: string; bytes: Uint8Array },
  now: Date = new Date(),
  requestId: string | null = null,
): AttachResult {
  const early = changeRefusal(db, actor, subject, subjectId, now) ?? (attached(db, subject, subjectId) >= MAX_ATTACHMENTS ? "quota" : null);
  if (early) return refuseAttachment(db, actor, subject, subjectId, early, requestId);
  const checked = inspect(file);
  if ("error" in checked) return refuseAttachment(db, actor, subject, subjectId, checked.error, requestId, checked.detail);
  const { type, displayName } = checked;

  const dir = filesDir();
  fs.mkdirSync(dir, { recursive: true });
  const storedName = `${crypto.randomBytes(16).toString("hex")}.${ATTACHMENT_TYPES[type].ext[0]}`;
  const target = path.join(dir, storedName);
  const sha256 = crypto.createHash("sha256").update(file.bytes).digest("hex");
  fs.writeFileSync(target, file.bytes, { flag: "wx", mode: 0o640 });
  let outcome: AttachResult;
  try {
    outcome = writeTx(db, (tx): AttachResult => {
      // Checked again with the row: the listing may have been submitted, or the quota filled, meanwhile.
      const late = changeRefusal(tx, actor, subject, subjectId, now) ?? (attached(tx, subject, subjectId) >= MAX_ATTACHMENTS ? "quota" : null);
      if (late) {
        writeAudit(tx, { actor, action: "denied:attach", entity: subject, entityId: subjectId, after: { reason: late }, requestId });
        return { ok: false, error: late };
      }
      const row = tx
        .insert(listingAttachments)
        .values({
          subject,
          subjectId,
          uploadedBy: actor.id,
          displayName,
          storedName,
          mime: ATTACHMENT_TYPES[type].mime,
          sizeBytes: file.bytes.byteLength,
          sha256,
          createdAt: now.toISOString(),
        })
        .returning()
        .get();
      writeAudit(tx, { actor, action: "attach", entity: subject, entityId: subjectId, after: row, requestId });
      return { ok: true, attachmentId: row.id };
    });
  } catch (err) {
    fs.rmSync(target, { force: true });
    throw err;
  }
  if (!outcome.ok) fs.rmSync(target, { force: true });
  return outcome;
}

/** The owner removes an attachment while the listing is editable; its bytes go with it. */
export function removeListingAttachment(
  db: Db,
  actor: Actor,
  subject: ListingSubject,
  subjectId: number,
  attachmentId: number,
  now: Date = new Date(),
  requestId: string | null = null,
): DetachResult {
  const outcome = writeTx(db, (tx): DetachResult & { storedName?: string } => {
    const refused = changeRefusal(tx, actor, subject, subjectId, now);
    const before = tx
      .select()
      .from(listingAttachments)
      .where(and(eq(listingAttachments.id, attachmentId), eq(listingAttachments.subject, subject), eq(listingAttachments.subjectId, subjectId)))
      .get();
    const error = refused ?? (!before || before.removedAt ? "not_found" : null);
    if (error) {
      writeAudit(tx, { actor, action: "denied:detach", entity: subject, entityId: subjectId, after: { reason: error, attachmentId }, requestId });
      return { ok: false, error };
    }
    const after = tx.update(listingAttachments).set({ removedAt: now.toISOString() }).where(eq(listingAttachments.id, attachmentId)).returning().get();
    writeAudit(tx, { actor, action: "detach", entity: subject, entityId: subjectId, before, after, requestId });
    return { ok: true, storedName: before!.storedName };
  });
  if (!outcome.ok) return outcome;
  if (outcome.storedName && STORED_NAME.test(outcome.storedName)) fs.rmSync(path.join(filesDir(), outcome.storedName), { force: true });
  return { ok: true };
}

export interface AttachmentItem {
  id: number;
  displayName: string;
  mime: string;
  sizeBytes: number;
  image: boolean;
  url: string;
}

/** Where an attachment is served. */
export function attachmentUrl(subject: ListingSubject, subjectId: number, attachmentId: number): string {
  return `/attachments/${subject}/${subjectId}/${attachmentId}`;
}

/** A listing's current attachments, oldest first; call it only for a viewer who may see the listing. */
export function listAttachments(db: Db, subject: ListingSubject, subjectId: number): AttachmentItem[] {
  return db
    .select()
    .from(listingAttachments)
    .where(and(eq(listingAttachments.subject, subject), eq(listingAttachments.subjectId, subjectId), isNull(listingAttachments.removedAt)))
    .orderBy(asc(listingAttachments.id))
    .all()
    .map((r) => ({
      id: r.id,
      displayName: r.displayName,
      mime: r.mime,
      sizeBytes: r.sizeBytes,
      image: r.mime.startsWith("image/"),
      url: attachmentUrl(subject, subjectId, r.id),
    }));
}

/** Stored names are generated as hex plus a known extension; anything else is not ours to serve. */
const STORED_NAME = /^[0-9a-f]{32}\.(pdf|png|jpg|webp)$/;

/**
 * An attachment to serve, when the viewer may see its listing: anyone once it is public, its
 * owners and the Bureau before. Null otherwise (a 404).
 */
export function openListingAttachment(
  db: Db,
  actor: Actor | null,
  subject: ListingSubject,
  subjectId: number,
  attachmentId: number,
  now: Date = new Date(),
): (StoredFile & { image: boolean; isPublic: boolean }) | null {
  const listing = loadListing(db, subject, subjectId, now);
  if (!listing || !canSeeListing(actor, listing)) return null;
  const row = db
    .select()
    .from(listingAttachments)
    .where(
      and(
        eq(listingAttachments.id, attachmentId),
        eq(listingAttachments.subject, subject),
        eq(listingAttachments.subjectId, subjectId),
        isNull(listingAttachments.removedAt),
      ),
    )
    .get();
  if (!row || !STORED_NAME.test(row.storedName)) return null;
  const file = path.join(filesDir(), row.storedName);
  if (!fs.existsSync(file)) {
    console.warn(JSON.stringify({ level: "warn", event: "listing_file_missing", attachmentId: row.id }));
    return null;
  }
  return {
    path: file,
    displayName: row.displayName,
    mime: row.mime,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    image: row.mime.startsWith("image/"),
    isPublic: listing.isPublic,
  };
}
