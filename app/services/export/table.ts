import { todayInShanghai } from "../../i18n/format";
import { fenToWanInput, FEN_PER_WAN, FEN_PER_YUAN } from "../money";

// A list as a spreadsheet: columns say how each value is written, sheets hold rows. The same
// definitions write .xlsx (numbers as numbers, the header frozen) and CSV (UTF-8 with a BOM,
// RFC 4180 quoting, CRLF), so both files of one list hold the same cells.

export const EXPORT_FORMATS = ["xlsx", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const CSV_MIME = "text/csv; charset=utf-8";

/**
 * How a column's value is written:
 * text (neutralised against formulas), int / number, yuan (fen → 元 with two decimals),
 * wan (fen → 万元, exact), date (an ISO instant or YYYY-MM-DD → Beijing YYYY-MM-DD).
 */
export type CellKind = "text" | "int" | "number" | "yuan" | "wan" | "date";
export type CellValue = string | number | null | undefined;

export type ExportColumn<R> = {
  key: string;
  /** The heading in the visitor's language; a money column's heading names its unit. */
  heading: string;
  kind?: CellKind;
  width?: number;
  value: (row: R) => CellValue;
};

export type ExportSheet<R = never> = {
  name: string;
  /** A title row above the headings (the Bureau's templates have one). */
  title?: string;
  columns: ExportColumn<R>[];
  rows: readonly R[];
  /** Rows after the data (a total, a note), by column key, written by the columns' kinds; bold when asked. */
  footer?: { cells: Record<string, CellValue>; bold?: boolean }[];
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySheet = ExportSheet<any>;

export type ExportFile = {
  /** The file name without extension: the list, its filters and the date. */
  baseName: string;
  sheets: AnySheet[];
};

/** Builds a sheet, checking the columns against the row type. */
export function sheet<R>(s: ExportSheet<R>): AnySheet {
  return s;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text that a spreadsheet would read as a formula is written with a leading apostrophe. */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** An ISO instant or a calendar date as the Beijing date YYYY-MM-DD. */
export function beijingDate(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : todayInShanghai(d);
}

const isBlank = (v: CellValue): v is null | undefined | "" => v === null || v === undefined || v === "";

/** A cell's value for .xlsx: a number where the column holds numbers, otherwise neutralised text. */
export function xlsxCell(kind: CellKind, v: CellValue): string | number | null {
  if (isBlank(v)) return null;
  switch (kind) {
    case "int":
    case "number":
      return typeof v === "number" ? v : neutralise(v);
    case "yuan":
      return typeof v === "number" ? v / FEN_PER_YUAN : neutralise(v);
    case "wan":
      return typeof v === "number" ? v / FEN_PER_WAN : neutralise(v);
    case "date":
      return beijingDate(String(v));
    default:
      return neutralise(String(v));
  }
}

/** A cell's value for CSV: money exact to the fen, dates as YYYY-MM-DD, text neutralised. */
export function csvCell(kind: CellKind, v: CellValue): string {
  if (isBlank(v)) return "";
  if (typeof v === "number") {
    if (kind === "yuan") return (v / FEN_PER_YUAN).toFixed(2);
    if (kind === "wan") return fenToWanInput(v);
    if (kind === "int" || kind === "number") return String(v);
  }
  if (kind === "date") return beijingDate(String(v));
  return neutralise(String(v));
}

const NUM_FMT: Partial<Record<CellKind, string>> = { yuan: "#,##0.00", wan: "#,##0.00####", int: "0" };

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

function csvLines(s: AnySheet, withTitle: boolean): string[] {
  const lines: string[] = [];
  if (withTitle && s.title) lines.push(quote(neutralise(s.title)));
  lines.push(s.columns.map((c) => quote(neutralise(c.heading))).join(","));
  for (const row of s.rows) lines.push(s.columns.map((c) => quote(csvCell(c.kind ?? "text", c.value(row)))).join(","));
  for (const f of s.footer ?? []) lines.push(s.columns.map((c) => quote(csvCell(c.kind ?? "text", f.cells[c.key]))).join(","));
  return lines;
}

/**
 * The file as CSV. One sheet: its title row if it has one, the headings, the rows. Several
 * sheets (one file per page section): each as its name, headings and rows, a blank line between.
 */
export function writeCsv(file: ExportFile): Buffer {
  const several = file.sheets.length > 1;
  const blocks = file.sheets.map((s) => (several ? [quote(neutralise(s.title ?? s.name)), ...csvLines(s, false)] : csvLines(s, true)));
  const text = blocks.map((b) => b.join("\r\n")).join("\r\n\r\n");
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${text}\r\n`, "utf8")]);
}

const SHEET_NAME_BAD = /[\\/?*[\]:]/g;

function uniqueSheetName(name: string, used: Set<string>): string {
  const base = name.replace(SHEET_NAME_BAD, " ").slice(0, 28) || "Sheet";
  let out = base;
  for (let i = 2; used.has(out.toLowerCase()); i++) out = `${base} ${i}`;
  used.add(out.toLowerCase());
  return out;
}

/** The file as an .xlsx workbook: one worksheet per sheet, the heading row frozen and bold. */
export async function writeXlsx(file: ExportFile, now: Date = new Date()): Promise<Buffer> {
  // Loaded on the first export, not when a worker starts: the library takes about half a second to load.
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  wb.created = now;
  const used = new Set<string>();
  for (const s of file.sheets) {
    const top = s.title ? 1 : 0;
    const ws = wb.addWorksheet(uniqueSheetName(s.name, used), { views: [{ state: "frozen", ySplit: top + 1 }] });
    ws.columns = s.columns.map((c) => ({
      key: c.key,
      width: c.width ?? defaultWidth(c),
      style: NUM_FMT[c.kind ?? "text"] ? { numFmt: NUM_FMT[c.kind ?? "text"] } : {},
    }));
    if (s.title) {
      ws.addRow([neutralise(s.title)]).font = { bold: true, size: 14 };
      if (s.columns.length > 1) ws.mergeCells(1, 1, 1, s.columns.length);
    }
    ws.addRow(s.columns.map((c) => neutralise(c.heading))).font = { bold: true };
    const kinds = s.columns.map((c) => c.kind ?? "text");
    for (const row of s.rows) ws.addRow(s.columns.map((c, i) => xlsxCell(kinds[i]!, c.value(row))));
    for (const f of s.footer ?? []) {
      const added = ws.addRow(s.columns.map((c, i) => xlsxCell(kinds[i]!, f.cells[c.key])));
      if (f.bold) added.font = { bold: true };
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function defaultWidth(c: ExportColumn<never>): number {
  if (c.kind === "date") return 12;
  if (c.kind === "yuan" || c.kind === "wan") return 16;
  if (c.kind === "int" || c.kind === "number") return 10;
  return Math.min(40, Math.max(12, c.heading.length * 2 + 2));
}

/** A file name part from a filter value: no path or control characters, short. */
export function namePart(value: string): string {
  return value
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, "_")
    .trim()
    .slice(0, 40);
}

/** "<list>[-<filter>…]-<YYYY-MM-DD>": the list, the filters that were applied and the Beijing date. */
export function exportBaseName(list: string, filters: (string | null | undefined)[], now: Date = new Date()): string {
  return [list, ...filters.filter((f): f is string => !!f).map(namePart), todayInShanghai(now)].join("-");
}
