import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../../../db/connection";
import { nationalImports, nationalRecords, techFields } from "../../../db/schema";
import type { Locale } from "../../i18n";
import type { Actor } from "../actor";
import { writeAudit } from "../audit.server";
import { bumpDataVersion } from "../data-versions.server";
import { localiseMessage } from "../forms";
import { evaluateRecordFlags } from "../padding-flags.server";
import { confirmElsewhere } from "../contract-registrar.server";
import { classify, loadLookups, type Classified } from "./match.server";
import { readSheet, SheetReadError } from "./read.server";
import { matchHeadings, validateSheet, type ImportIssue, type Progress } from "./validate.server";

// Importing the national system's spreadsheet: read, check every row, and when no row is bad
// write them all in one transaction. A number already imported changes nothing; a platform
// contract's number makes the record "matched" (and confirms a registration elsewhere); the same
// parties, signing date and 成交额 as a platform family make it a pair for the registrar to decide;
// anything else is off the platform and counts.

export interface ImportError {
  row: number;
  column: string;
  message: string;
}

export interface ImportReport {
  rows: number;
  imported: number;
  matched: number;
  toConfirm: number;
  refused: number;
  errors: ImportError[];
}

export interface ImportOptions {
  fileName: string;
  bytes: Uint8Array;
  /** The registrar importing; null for the command line (then `system` names it). */
  actor: Actor | null;
  system?: string;
  dryRun?: boolean;
  locale: Locale;
  requestId?: string | null;
  now?: Date;
  onProgress?: Progress;
}

/** The contract vocabulary's 技术领域 by Chinese name, English name and code (C01–C11), each to its code. */
export function contractFieldNames(db: Db | Tx): Map<string, string> {
  const map = new Map<string, string>();
  const rows = db.select().from(techFields).where(eq(techFields.vocabulary, "contract")).all();
  for (const f of rows) {
    map.set(f.code.toUpperCase(), f.code);
    map.set(f.nameZh.normalize("NFKC").replace(/\s+/g, ""), f.code);
    map.set(f.nameEn.normalize("NFKC").replace(/\s+/g, ""), f.code);
  }
  return map;
}

const localise = (locale: Locale, issues: ImportIssue[]): ImportError[] =>
  issues.map((i) => ({ row: i.row, column: i.column, message: localiseMessage(locale, i.message) }));

class DryRun extends Error {
  constructor(readonly report: ImportReport) {
    super("dry run");
  }
}

/** Records a refused import (someone not the registrar tried it). */
export function refuseNationalImport(db: Db, actor: Actor | null, requestId: string | null): void {
  writeTx(db, (tx) => writeAudit(tx, { actor, action: "denied:import", entity: "national_import", entityId: "new", requestId }));
}

/**
 * Reads, checks and (unless a dry run, or a row is bad) imports a national spreadsheet.
 * Returns "forbidden" (audited) for anyone but the registrar; the command line (actor null) may.
 */
export async function importNationalFile(db: Db, o: ImportOptions): Promise<ImportReport | "forbidden"> {
  if (o.actor && o.actor.role !== "admin") {
    refuseNationalImport(db, o.actor, o.requestId ?? null);
    return "forbidden";
  }
  const now = o.now ?? new Date();
  const refusal = (rows: number, issues: ImportIssue[], refused = rows): ImportReport => ({
    rows,
    imported: 0,
    matched: 0,
    toConfirm: 0,
    refused,
    errors: localise(o.locale, issues),
  });
  await o.onProgress?.("read", 0, 1);
  let sheet;
  try {
    sheet = await readSheet(o.bytes);
  } catch (err) {
    if (!(err instanceof SheetReadError)) throw err;
    return refusal(0, [{ row: 1, column: "", message: `v.nimport.${err.problem}` }]);
  }
  await o.onProgress?.("read", 1, 1);
  const rows = sheet.rows.length;
  const headings = matchHeadings(sheet.headings);
  if ("issues" in headings) return refusal(rows, headings.issues);
  const { valid, issues, badRows } = await validateSheet(sheet, headings.index, contractFieldNames(db), o.onProgress);
  if (badRows > 0) return refusal(rows, issues, badRows);
  if (o.onProgress) {
    await o.onProgress("apply", 0, valid.length);
    // The writing below holds the process for a moment: let the lines sent so far go out first.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  try {
    const report = writeTx(db, (tx) => {
      const { fresh } = classify(valid, loadLookups(tx));
      const report = write(tx, o, fresh, rows, now);
      if (o.dryRun) throw new DryRun(report);
      return report;
    });
    await o.onProgress?.("apply", valid.length, valid.length);
    return report;
  } catch (err) {
    if (err instanceof DryRun) return err.report;
    throw err;
  }
}

const INSERT_CHUNK = 400;

/** Writes the import, its new records, the confirmations and the audit; returns the counts. */
function write(tx: Tx, o: ImportOptions, fresh: Classified[], rows: number, now: Date): ImportReport {
  const count = (s: Classified["status"]) => fresh.filter((f) => f.status === s).length;
  const report: ImportReport = { rows, imported: count("off_platform"), matched: count("matched"), toConfirm: count("to_confirm"), refused: 0, errors: [] };
  const importRow = tx
    .insert(nationalImports)
    .values({
      fileName: o.fileName.slice(0, 200),
      sha256: createHash("sha256").update(o.bytes).digest("hex"),
      rows,
      imported: report.imported,
      matched: report.matched,
      toConfirm: report.toConfirm,
      importedBy: o.actor?.id ?? null,
      createdAt: now.toISOString(),
    })
    .returning({ id: nationalImports.id })
    .get();
  const ids: number[] = [];
  for (let start = 0; start < fresh.length; start += INSERT_CHUNK) {
    const values = fresh.slice(start, start + INSERT_CHUNK).map(({ row: r, status, contractId }) => ({
      registrationNo: r.registrationNo,
      title: r.title,
      type: r.type,
      contractFieldCode: r.field,
      sellerName: r.sellerName,
      sellerCreditCode: r.sellerCreditCode,
      sellerDivision: r.sellerDivision,
      buyerName: r.buyerName,
      buyerCreditCode: r.buyerCreditCode,
      buyerDivision: r.buyerDivision,
      contractValueFen: r.contractValue,
      techValueFen: r.techValue,
      signedOn: r.signedOn,
      registeredOn: r.registeredOn,
      registrationYear: Number(r.registeredOn.slice(0, 4)),
      office: r.office,
      status,
      contractId,
      importId: importRow.id,
      rowNo: r.rowNo,
      createdAt: now.toISOString(),
    }));
    for (const { id } of tx.insert(nationalRecords).values(values).returning({ id: nationalRecords.id }).all()) ids.push(id);
  }
  const confirmed: number[] = [];
  fresh.forEach((f, i) => {
    if (!f.confirms || f.contractId === null) return;
    // The matching record is the evidence: the contract counts from now, audited as confirmed by it.
    if (confirmElsewhere(tx, f.contractId, { userId: o.actor?.id ?? null, nationalRecordId: ids[i] }, now).ok) confirmed.push(f.contractId);
  });
  for (const id of ids) evaluateRecordFlags(tx, id, now);
  writeAudit(tx, {
    actor: o.actor,
    system: o.system,
    action: o.dryRun ? "import_dry_run" : "import",
    entity: "national_import",
    entityId: importRow.id,
    after: {
      fileName: o.fileName.slice(0, 200),
      rows,
      imported: report.imported,
      matched: report.matched,
      toConfirm: report.toConfirm,
      unchanged: rows - fresh.length,
      recordIds: ids,
      confirmedContractIds: confirmed,
    },
    requestId: o.requestId ?? null,
  });
  bumpDataVersion(tx, "contracts");
  return report;
}
