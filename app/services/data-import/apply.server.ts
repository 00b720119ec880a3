import { createHash } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../../../db/connection";
import { achievements, dataImports, needs, organisations, users } from "../../../db/schema";
import { enqueueSearchSync } from "../../../search/outbox";
import type { DataImportKind } from "../../codes";
import { todayInShanghai, type Locale } from "../../i18n";
import type { Actor } from "../actor";
import { writeAudit } from "../audit.server";
import { bumpDataVersion } from "../data-versions.server";
import { localiseMessage } from "../forms";
import { readSheet, SheetReadError } from "../national-import/read.server";
import { loadExisting, type CheckedRow } from "./rows.server";
import { matchImportHeadings, validateImportSheet, type ImportIssue, type Progress } from "./validate.server";

// Importing one of the Bureau's spreadsheets: read, check every row, and when no row is bad
// write them all in one transaction. A need or an achievement is created as its owner would
// have submitted it (status "submitted", in the review queue, queued for the search index); an
// organisation unverified unless the Bureau says it is. A row repeating a record already there,
// or an earlier row, is reported and left out, so the same file imported twice adds nothing.

export interface DataImportError {
  row: number;
  column: string;
  message: string;
}

export interface DataImportReport {
  kind: DataImportKind;
  rows: number;
  imported: number;
  /** Problems that refuse the file. */
  errors: DataImportError[];
  /** Rows left out as repeats: reported, not imported twice. */
  duplicates: DataImportError[];
  importId: number | null;
}

export interface DataImportOptions {
  kind: DataImportKind;
  fileName: string;
  bytes: Uint8Array;
  /** The Bureau's admin importing; null for the command line (then `system` names it). */
  actor: Actor | null;
  system?: string;
  dryRun?: boolean;
  /** Organisations only: create them verified (the Bureau has checked them). */
  verified?: boolean;
  locale: Locale;
  requestId?: string | null;
  now?: Date;
  onProgress?: Progress;
}

const localise = (locale: Locale, issues: ImportIssue[]): DataImportError[] =>
  issues.map((i) => ({ row: i.row, column: i.column, message: localiseMessage(locale, i.message) }));

class DryRun extends Error {
  constructor(readonly report: DataImportReport) {
    super("dry run");
  }
}

/** Records a refused import (someone not the Bureau's admin tried it). */
export function refuseDataImport(db: Db, actor: Actor | null, requestId: string | null): void {
  writeTx(db, (tx) => writeAudit(tx, { actor, action: "denied:import", entity: "data_import", entityId: "new", requestId }));
}

/**
 * Reads, checks and (unless a dry run, or a row is bad) imports a spreadsheet of one kind.
 * Returns "forbidden" (audited) for anyone but an admin; the command line (actor null) may.
 */
export async function importDataFile(db: Db, o: DataImportOptions): Promise<DataImportReport | "forbidden"> {
  if (o.actor && o.actor.role !== "admin") {
    refuseDataImport(db, o.actor, o.requestId ?? null);
    return "forbidden";
  }
  const now = o.now ?? new Date();
  const base = { kind: o.kind, imported: 0, duplicates: [], importId: null };
  const refusal = (rows: number, issues: ImportIssue[]): DataImportReport => ({ ...base, rows, errors: localise(o.locale, issues) });
  await o.onProgress?.("read", 0, 1);
  let sheet;
  try {
    sheet = await readSheet(o.bytes);
  } catch (err) {
    if (!(err instanceof SheetReadError)) throw err;
    return refusal(0, [{ row: 1, column: "", message: `v.dimport.${err.problem}` }]);
  }
  await o.onProgress?.("read", 1, 1);
  const rows = sheet.rows.length;
  const headings = matchImportHeadings(o.kind, sheet.headings);
  if ("issues" in headings) return refusal(rows, headings.issues);
  const creator = o.kind === "organisations" ? null : (o.actor?.id ?? firstAdminId(db));
  if (o.kind !== "organisations" && creator === null) return refusal(rows, [{ row: 1, column: "", message: "v.dimport.noAdmin" }]);
  const checked = await validateImportSheet(db, o.kind, sheet, headings.index, {
    today: todayInShanghai(now),
    onProgress: o.onProgress,
    existing: loadExisting(db, o.kind),
  });
  if (checked.badRows > 0) return refusal(rows, checked.issues);
  if (o.onProgress) {
    await o.onProgress("apply", 0, checked.valid.length);
    // The writing below holds the process for a moment: let the lines sent so far go out first.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  try {
    const report = writeTx(db, (tx) => {
      // Checked again inside the transaction: another import may have written the same records meanwhile.
      const existing = loadExisting(tx, o.kind);
      const fresh = checked.valid.filter((r) => !existing.keys.has(keyOf(o.kind, r)));
      const late = checked.valid.filter((r) => existing.keys.has(keyOf(o.kind, r)));
      const duplicates = [...checked.duplicates, ...late.map((r) => ({ row: r.rowNo, column: "", message: "v.dimport.duplicateExisting" }))].sort(
        (a, b) => a.row - b.row,
      );
      const importId = write(tx, o, fresh, rows, creator, now);
      const report: DataImportReport = { ...base, rows, imported: fresh.length, errors: [], duplicates: localise(o.locale, duplicates), importId };
      if (o.dryRun) throw new DryRun({ ...report, importId: null });
      return report;
    });
    await o.onProgress?.("apply", checked.valid.length, checked.valid.length);
    return report;
  } catch (err) {
    if (err instanceof DryRun) return err.report;
    throw err;
  }
}

function keyOf(kind: DataImportKind, r: CheckedRow): string {
  return kind === "organisations" ? String(r.values.creditCode) : `${r.orgId}\u0000${String(r.values.title).trim()}`;
}

/** The Bureau's first admin: the command line's imports are created in the desk's name. */
function firstAdminId(db: Db): number | null {
  return db.select({ id: users.id }).from(users).where(eq(users.role, "admin")).orderBy(asc(users.id)).limit(1).get()?.id ?? null;
}

const INSERT_CHUNK = 200;

/** Writes the import row, its records, their audit and search outbox rows; returns the import's id. */
function write(tx: Tx, o: DataImportOptions, fresh: CheckedRow[], rows: number, creator: number | null, now: Date): number {
  const iso = now.toISOString();
  const importRow = tx
    .insert(dataImports)
    .values({
      kind: o.kind,
      fileName: o.fileName.slice(0, 200),
      sha256: createHash("sha256").update(o.bytes).digest("hex"),
      rows,
      imported: fresh.length,
      importedBy: o.actor?.id ?? null,
      createdAt: iso,
    })
    .returning({ id: dataImports.id })
    .get();
  const importId = importRow.id;
  const ids: number[] = [];
  const audit = { actor: o.actor, system: o.system, requestId: o.requestId ?? null };
  for (let start = 0; start < fresh.length; start += INSERT_CHUNK) {
    const chunk = fresh.slice(start, start + INSERT_CHUNK);
    if (o.kind === "organisations") {
      const verified = o.verified ? { verifiedAt: iso, verifiedBy: o.actor?.id ?? null } : {};
      const values = chunk.map((r) => ({ ...(r.values as typeof organisations.$inferInsert), ...verified, importId, createdAt: iso, updatedAt: iso }));
      for (const row of tx.insert(organisations).values(values).returning().all()) {
        ids.push(row.id);
        writeAudit(tx, { ...audit, action: "import", entity: "organisation", entityId: row.id, after: row });
        if (o.verified) writeAudit(tx, { ...audit, action: "verify", entity: "organisation", entityId: row.id, after: { verifiedAt: iso, importId } });
      }
      continue;
    }
    const kind = o.kind === "needs" ? "need" : "achievement";
    const t = o.kind === "needs" ? needs : achievements;
    // As a member's listing once submitted: waiting in the review queue.
    const values = chunk.map((r) => ({
      ...r.values,
      ...(r.values.transformationListYear ? { transformationListedAt: iso } : {}),
      orgId: r.orgId!,
      createdBy: creator!,
      status: "submitted" as const,
      submittedAt: iso,
      importId,
      createdAt: iso,
      updatedAt: iso,
    }));
    for (const row of tx
      .insert(t)
      .values(values as (typeof needs.$inferInsert)[])
      .returning()
      .all()) {
      ids.push(row.id);
      writeAudit(tx, { ...audit, action: "import", entity: kind, entityId: row.id, after: row });
      enqueueSearchSync(tx, kind, row.id);
    }
  }
  writeAudit(tx, {
    ...audit,
    action: o.dryRun ? "import_dry_run" : "import",
    entity: "data_import",
    entityId: importId,
    after: {
      kind: o.kind,
      fileName: o.fileName.slice(0, 200),
      rows,
      imported: fresh.length,
      verified: o.kind === "organisations" ? Boolean(o.verified) : undefined,
      ids,
    },
  });
  if (o.kind !== "organisations") bumpDataVersion(tx, "listings");
  return importId;
}
