import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { and, count, eq } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../../../db/connection";
import { achievements, challengeApplications, challengeFiles, type Challenge } from "../../../db/schema";
import type { ChallengeApplicationInput } from "../../schemas/challenges";
import type { Actor } from "../actor";
import { writeAudit } from "../audit.server";
import { displayNameFor, FILE_TYPES, filesDir, MAX_FILE_BYTES, sniffFile } from "../deal-files.server";
import type { UploadedFile } from "../file-upload.server";
import { deny, link, loadChallenge, notifyOrg, windowOpen, type ChallengeError, type ChallengeResult } from "./common.server";
import { canSeeApplication, mayApply } from "./permissions.server";

// 揭榜: a member of a verified institute or enterprise (not the challenger's) applies while the
// window is open by the clock, with a proposal, team, budget, an optional achievement of its
// own organisation, and files checked by their bytes, stored outside the database under
// random names, and private to the applicant and the challenge's parties.

export const MAX_FILES_PER_APPLICATION = 10;

export type ApplyResult = ChallengeResult<{ applicationId: number }> | { ok: false; error: "unsupported_type" | "too_large" };

function applyRefusal(tx: Db | Tx, actor: Actor, c: Challenge | undefined, input: ChallengeApplicationInput, now: Date): ChallengeError | null {
  if (!c) return "not_found";
  const may = mayApply(actor, c);
  if (may !== "ok") return may;
  if (!windowOpen(c, now)) return "window";
  if (input.achievementId !== undefined) {
    const own = tx
      .select({ id: achievements.id })
      .from(achievements)
      .where(and(eq(achievements.id, input.achievementId), eq(achievements.orgId, actor.orgId)))
      .get();
    if (!own) return "invalid";
  }
  const existing = tx
    .select({ id: challengeApplications.id })
    .from(challengeApplications)
    .where(and(eq(challengeApplications.challengeId, c.id), eq(challengeApplications.orgId, actor.orgId)))
    .get();
  return existing ? "duplicate" : null;
}

type Checked = { bytes: Uint8Array; displayName: string; mime: string; ext: string };

function checkFile(file: UploadedFile): Checked | "unsupported_type" | "too_large" {
  if (file.bytes.byteLength > MAX_FILE_BYTES) return "too_large";
  const sniffed = sniffFile(file.bytes);
  if (!sniffed.ok) return "unsupported_type";
  const displayName = displayNameFor(file.name, sniffed.type);
  if (displayName === null) return "unsupported_type";
  return { bytes: file.bytes, displayName, mime: FILE_TYPES[sniffed.type].mime, ext: FILE_TYPES[sniffed.type].ext[0] };
}

/** Applies to a challenge; the files are written before the rows and removed again when the rows are not. */
export function applyToChallenge(
  db: Db,
  actor: Actor,
  challengeId: number,
  input: ChallengeApplicationInput,
  files: UploadedFile[] = [],
  requestId: string | null = null,
  now: Date = new Date(),
): ApplyResult {
  const checked: Checked[] = [];
  for (const f of files.slice(0, MAX_FILES_PER_APPLICATION)) {
    const c = checkFile(f);
    if (typeof c === "string") {
      writeTx(db, (tx) => deny(tx, actor, "apply", challengeId, "invalid", requestId));
      return { ok: false, error: c };
    }
    checked.push(c);
  }
  const dir = filesDir();
  fs.mkdirSync(dir, { recursive: true });
  const written = checked.map((c) => {
    const storedName = `${crypto.randomBytes(16).toString("hex")}.${c.ext}`;
    fs.writeFileSync(path.join(dir, storedName), c.bytes, { flag: "wx", mode: 0o640 });
    return { ...c, storedName, sha256: crypto.createHash("sha256").update(c.bytes).digest("hex") };
  });
  const removeFiles = () => written.forEach((w) => fs.rmSync(path.join(dir, w.storedName), { force: true }));
  try {
    const result = writeTx(db, (tx): ApplyResult => {
      const c = loadChallenge(tx, challengeId);
      const refusal = applyRefusal(tx, actor, c, input, now);
      if (refusal || !c) return deny(tx, actor, "apply", challengeId, refusal ?? "not_found", requestId);
      const t = now.toISOString();
      const row = tx
        .insert(challengeApplications)
        .values({
          challengeId,
          orgId: actor.orgId,
          createdBy: actor.id,
          proposal: input.proposal,
          team: input.team,
          budgetFen: input.budgetWan,
          achievementId: input.achievementId ?? null,
          status: "submitted",
          submittedAt: t,
          createdAt: t,
          updatedAt: t,
        })
        .returning()
        .get();
      for (const w of written) {
        tx.insert(challengeFiles)
          .values({
            applicationId: row.id,
            uploadedBy: actor.id,
            displayName: w.displayName,
            storedName: w.storedName,
            mime: w.mime,
            sizeBytes: w.bytes.byteLength,
            sha256: w.sha256,
            createdAt: t,
          })
          .run();
      }
      writeAudit(tx, {
        actor,
        action: "apply",
        entity: "challenge",
        entityId: challengeId,
        after: { ...row, files: written.map((w) => w.displayName) },
        requestId,
      });
      notifyOrg(tx, c.orgId, "challenge_application_received", { title: c.title }, link(challengeId, "/applications"));
      return { ok: true, applicationId: row.id };
    });
    if (!result.ok) removeFiles();
    return result;
  } catch (err) {
    removeFiles();
    throw err;
  }
}

/** Adds a file to one's own application while the window is still open. */
export function addApplicationFile(
  db: Db,
  actor: Actor,
  applicationId: number,
  file: UploadedFile,
  requestId: string | null = null,
  now: Date = new Date(),
): ApplyResult {
  const app = db.select().from(challengeApplications).where(eq(challengeApplications.id, applicationId)).get();
  if (!app || app.orgId !== actor.orgId) return writeTx(db, (tx) => deny(tx, actor, "upload", app?.challengeId ?? 0, "not_found", requestId));
  const c = checkFile(file);
  if (typeof c === "string") {
    writeTx(db, (tx) => deny(tx, actor, "upload", app.challengeId, "invalid", requestId));
    return { ok: false, error: c };
  }
  const dir = filesDir();
  fs.mkdirSync(dir, { recursive: true });
  const storedName = `${crypto.randomBytes(16).toString("hex")}.${c.ext}`;
  const target = path.join(dir, storedName);
  fs.writeFileSync(target, c.bytes, { flag: "wx", mode: 0o640 });
  try {
    const result = writeTx(db, (tx): ApplyResult => {
      const ch = loadChallenge(tx, app.challengeId);
      if (!ch || !windowOpen(ch, now)) return deny(tx, actor, "upload", app.challengeId, "window", requestId);
      const n = tx.select({ n: count() }).from(challengeFiles).where(eq(challengeFiles.applicationId, applicationId)).get()?.n ?? 0;
      if (n >= MAX_FILES_PER_APPLICATION) return deny(tx, actor, "upload", app.challengeId, "too_many", requestId);
      const sha256 = crypto.createHash("sha256").update(c.bytes).digest("hex");
      const row = tx
        .insert(challengeFiles)
        .values({
          applicationId,
          uploadedBy: actor.id,
          displayName: c.displayName,
          storedName,
          mime: c.mime,
          sizeBytes: c.bytes.byteLength,
          sha256,
          createdAt: now.toISOString(),
        })
        .returning()
        .get();
      writeAudit(tx, { actor, action: "upload", entity: "challenge", entityId: app.challengeId, after: row, requestId });
      return { ok: true, applicationId };
    });
    if (!result.ok) fs.rmSync(target, { force: true });
    return result;
  } catch (err) {
    fs.rmSync(target, { force: true });
    throw err;
  }
}

/** An application's stored file for download, when the viewer may see the application; null otherwise (a 404). */
export function openChallengeFile(db: Db, actor: Actor | null, challengeId: number, fileId: number) {
  const row = db
    .select({ f: challengeFiles, a: challengeApplications })
    .from(challengeFiles)
    .innerJoin(challengeApplications, eq(challengeApplications.id, challengeFiles.applicationId))
    .where(and(eq(challengeFiles.id, fileId), eq(challengeApplications.challengeId, challengeId)))
    .get();
  const c = row ? loadChallenge(db, challengeId) : undefined;
  if (!row || !c || !canSeeApplication(db, actor, c, row.a)) return null;
  if (!/^[0-9a-f]{32}\.[a-z]{3,4}$/.test(row.f.storedName)) return null;
  const file = path.join(filesDir(), row.f.storedName);
  if (!fs.existsSync(file)) return null;
  return { path: file, displayName: row.f.displayName, mime: row.f.mime, sizeBytes: row.f.sizeBytes, sha256: row.f.sha256 };
}
