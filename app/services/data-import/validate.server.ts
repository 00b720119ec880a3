import type { Db, Tx } from "../../../db/connection";
import type { DataImportKind } from "../../codes";
import { IMPORT_COLUMNS, normaliseImportHeading, type ImportColumn } from "../../schemas/data-import";
import type { Sheet } from "../national-import/read.server";
import type { ImportIssue, Progress } from "../national-import/validate.server";
import { importLabels, type ImportLabels } from "./labels.server";
import { rowChecker, type Existing, type CheckedRow } from "./rows.server";

// Every row of a Bureau spreadsheet checked: its headings against the kind's columns, then each
// row by the form's own schema (cells put under the form's field names, labels turned into
// codes), its owner by credit code, and whether it repeats a record already there or an
// earlier row of the file.

export type { ImportIssue, Progress };

/** Where each column is in the sheet, or the heading problems (unknown, repeated, missing), all on row 1. */
export function matchImportHeadings(kind: DataImportKind, headings: string[]): { index: Map<string, number> } | { issues: ImportIssue[] } {
  const columns = IMPORT_COLUMNS[kind];
  const wanted = new Map<string, ImportColumn>();
  for (const c of columns) for (const h of [c.heading, ...(c.synonyms ?? [])]) wanted.set(normaliseImportHeading(h), c);
  const index = new Map<string, number>();
  const issues: ImportIssue[] = [];
  const expected = JSON.stringify({ expected: columns.map((c) => c.heading).join("、") });
  headings.forEach((h, i) => {
    const c = wanted.get(normaliseImportHeading(h));
    const shown = h.trim().slice(0, 60);
    if (!c) issues.push({ row: 1, column: shown, message: `v.dimport.unknownHeading|${expected}` });
    else if (index.has(c.key)) issues.push({ row: 1, column: shown, message: `v.dimport.repeatedHeading|${expected}` });
    else index.set(c.key, i);
  });
  for (const c of columns) if (c.required && !index.has(c.key)) issues.push({ row: 1, column: c.heading, message: `v.dimport.missingHeading|${expected}` });
  return issues.length > 0 ? { issues } : { index };
}

/** How many rows are checked between two progress reports (and two turns of the event loop). */
const CHUNK = 500;

export interface Validated {
  valid: CheckedRow[];
  issues: ImportIssue[];
  /** Rows left out because they repeat a record already there or an earlier row: reported, not errors. */
  duplicates: ImportIssue[];
  badRows: number;
}

/** Checks every row (none is left unchecked after a bad one, so the report lists them all). */
export async function validateImportSheet(
  db: Db | Tx,
  kind: DataImportKind,
  sheet: Sheet,
  index: Map<string, number>,
  o: { today: string; onProgress?: Progress | undefined; labels?: ImportLabels; existing: Existing },
): Promise<Validated> {
  const check = rowChecker(db, kind, o.labels ?? importLabels(db), o.today, o.existing);
  const out: Validated = { valid: [], issues: [], duplicates: [], badRows: 0 };
  const total = sheet.rows.length;
  for (let start = 0; start < total; start += CHUNK) {
    for (const { row, cells } of sheet.rows.slice(start, start + CHUNK)) {
      const cell = (key: string): string | undefined => {
        const i = index.get(key);
        const v = i === undefined ? undefined : (cells[i] ?? "").trim();
        return v === "" ? undefined : v;
      };
      const r = check(row, cell);
      if ("issues" in r) {
        out.badRows++;
        out.issues.push(...r.issues);
      } else if ("duplicate" in r) out.duplicates.push(r.duplicate);
      else out.valid.push(r);
    }
    const done = Math.min(total, start + CHUNK);
    if (o.onProgress) await o.onProgress("validate", done, total);
    if (done < total) await new Promise((resolve) => setImmediate(resolve));
  }
  return out;
}
