import {
  NATIONAL_COLUMNS,
  NATIONAL_HEADINGS,
  nationalRowSchema,
  normaliseHeading,
  normaliseRegistrationNo,
  type NationalColumn,
  type NationalRow,
} from "../../schemas/national-records";
import type { Sheet } from "./read.server";

// Every row of a sheet checked against the row schema; a problem is reported as the row's
// number in the spreadsheet, the column's heading and a message key (with its parameters in the
// "key|{json}" form the forms use), to be put in the user's language by the caller.

export interface ImportIssue {
  row: number;
  column: string;
  /** A message key, possibly with parameters: "v.tooLong|{\"max\":200}". */
  message: string;
}

export interface ValidRow extends NationalRow {
  rowNo: number;
}

export type Progress = (phase: "read" | "validate" | "apply", done: number, total: number) => void | Promise<void>;

/**
 * Where each column is in the sheet, or the heading problems: a heading that is not one of
 * the expected ones, one given twice, or one missing, all reported on row 1.
 */
export function matchHeadings(headings: string[]): { index: Record<NationalColumn, number> } | { issues: ImportIssue[] } {
  const wanted = new Map(NATIONAL_COLUMNS.map(([key, heading]) => [normaliseHeading(heading), key]));
  const index = {} as Record<NationalColumn, number>;
  const issues: ImportIssue[] = [];
  const expected = JSON.stringify({ expected: NATIONAL_HEADINGS.join("、") });
  headings.forEach((h, i) => {
    const key = wanted.get(normaliseHeading(h));
    if (!key) issues.push({ row: 1, column: h.trim().slice(0, 60), message: `v.nimport.unknownHeading|${expected}` });
    else if (index[key] !== undefined) issues.push({ row: 1, column: h.trim().slice(0, 60), message: `v.nimport.repeatedHeading|${expected}` });
    else index[key] = i;
  });
  for (const [key, heading] of NATIONAL_COLUMNS)
    if (index[key] === undefined) issues.push({ row: 1, column: heading, message: `v.nimport.missingHeading|${expected}` });
  return issues.length > 0 ? { issues } : { index };
}

const HEADING_OF = Object.fromEntries(NATIONAL_COLUMNS) as Record<NationalColumn, string>;

/** How many rows are checked between two progress reports (and two turns of the event loop). */
const CHUNK = 500;

/**
 * Checks every row (none is left unchecked after a bad one, so the report lists them all) and
 * a registration number given twice in the file (reported on the second row). `fields` maps
 * the contract vocabulary's names and codes to codes.
 */
export async function validateSheet(
  sheet: Sheet,
  index: Record<NationalColumn, number>,
  fields: ReadonlyMap<string, string>,
  onProgress?: Progress,
): Promise<{ valid: ValidRow[]; issues: ImportIssue[]; badRows: number }> {
  const schema = nationalRowSchema(fields);
  const valid: ValidRow[] = [];
  const issues: ImportIssue[] = [];
  const seen = new Map<string, number>();
  let badRows = 0;
  const total = sheet.rows.length;
  for (let start = 0; start < total; start += CHUNK) {
    for (const { row, cells } of sheet.rows.slice(start, start + CHUNK)) {
      const input = {} as Record<NationalColumn, string>;
      for (const [key] of NATIONAL_COLUMNS) input[key] = cells[index[key]] ?? "";
      const parsed = schema.safeParse(input);
      const rowIssues: ImportIssue[] = [];
      if (!parsed.success) {
        const taken = new Set<string>();
        for (const issue of parsed.error.issues) {
          const key = String(issue.path[0]) as NationalColumn;
          // One message per cell: the first problem found.
          if (taken.has(key)) continue;
          taken.add(key);
          rowIssues.push({ row, column: HEADING_OF[key] ?? "", message: issue.message });
        }
      }
      // A number given twice is an error on the second row, even when other cells of either row are wrong.
      const no = normaliseRegistrationNo(input.registrationNo);
      const first = no === "" ? undefined : seen.get(no);
      if (first !== undefined) {
        if (!rowIssues.some((i) => i.column === HEADING_OF.registrationNo))
          rowIssues.push({ row, column: HEADING_OF.registrationNo, message: `v.nimport.repeatedNo|${JSON.stringify({ row: first })}` });
      } else if (no !== "") {
        seen.set(no, row);
      }
      if (parsed.success && rowIssues.length === 0) valid.push({ ...parsed.data, rowNo: row });
      if (rowIssues.length > 0) {
        badRows++;
        issues.push(...rowIssues);
      }
    }
    const done = Math.min(total, start + CHUNK);
    if (onProgress) await onProgress("validate", done, total);
    // Let the server answer others (and send the progress) between chunks.
    if (done < total) await new Promise((resolve) => setImmediate(resolve));
  }
  return { valid, issues, badRows };
}
