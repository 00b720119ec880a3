// The national system's spreadsheet as rows of text: an .xlsx workbook (its first sheet) or a
// UTF-8 .csv file, with or without a byte-order mark. Numbers become their decimal text (an
// amount keeps its two decimals: 12345.6 → "12345.60"), dates their calendar day. Row numbers are
// the spreadsheet's own, the headings being row 1; wholly blank rows are left out.

export interface SheetRow {
  /** The spreadsheet's row number (headings = 1). */
  row: number;
  cells: string[];
}

export interface Sheet {
  headings: string[];
  rows: SheetRow[];
}

export type ReadProblem = "format" | "encoding" | "empty";

export class SheetReadError extends Error {
  constructor(readonly problem: ReadProblem) {
    super(`spreadsheet not readable: ${problem}`);
  }
}

/** A number as the decimal text a person would type: integers as they are, fractions with at least two decimals. */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return Number.isSafeInteger(n) ? n.toFixed(0) : String(n);
  const s = String(n);
  const m = /^(-?\d+)\.(\d+)$/.exec(s);
  if (!m) return s;
  return m[2]!.length === 1 ? `${s}0` : s;
}

/**
 * A date cell's calendar day. ExcelJS gives a date cell as the UTC instant of its day's midnight
 * (plus its time of day), so the day is read in UTC; half a second absorbs the rounding of the
 * serial number it came from.
 */
export function dateCellText(d: Date): string {
  const t = new Date(d.getTime() + 500);
  return `${String(t.getUTCFullYear()).padStart(4, "0")}-${String(t.getUTCMonth() + 1).padStart(2, "0")}-${String(t.getUTCDate()).padStart(2, "0")}`;
}

/** The text of one ExcelJS cell value, whatever kind of value it holds. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return dateCellText(value);
  if (typeof value === "object") {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join("");
    if ("result" in v) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (v.error !== undefined) return String(v.error);
  }
  return "";
}

function isZip(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

async function readXlsx(bytes: Uint8Array): Promise<string[][] & { rowNumbers: number[] }> {
  // Loaded on the first import, not when a worker starts: the library is heavy.
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    throw new SheetReadError("format");
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new SheetReadError("empty");
  const rows = [] as unknown as string[][] & { rowNumbers: number[] };
  rows.rowNumbers = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    const count = row.cellCount;
    for (let c = 1; c <= count; c++) cells.push(cellText(row.getCell(c).value));
    rows.push(cells);
    rows.rowNumbers.push(rowNumber);
  });
  return rows;
}

/** RFC 4180: fields separated by commas, quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (ch === '"' && field === "") {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          field += text.slice(i);
          i = n;
          break;
        }
        field += text.slice(i, q);
        if (text[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else if (ch === ",") {
      row.push(field);
      field = "";
      i++;
    } else if (ch === "\r" || ch === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function readCsv(bytes: Uint8Array): string[][] {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new SheetReadError("encoding");
  }
  return parseCsv(text);
}

/** Reads an .xlsx or .csv file (told apart by its bytes, not its name) into headings and rows of text. */
export async function readSheet(bytes: Uint8Array): Promise<Sheet> {
  let raw: string[][];
  let rowNumbers: number[];
  if (isZip(bytes)) {
    const x = await readXlsx(bytes);
    raw = x;
    rowNumbers = x.rowNumbers;
  } else {
    raw = readCsv(bytes);
    rowNumbers = raw.map((_, i) => i + 1);
  }
  const blank = (cells: string[]) => cells.every((c) => c.trim() === "");
  if (raw.length === 0 || blank(raw[0]!) || rowNumbers[0] !== 1) throw new SheetReadError("empty");
  const headings = [...raw[0]!];
  while (headings.length > 0 && headings[headings.length - 1]!.trim() === "") headings.pop();
  const rows: SheetRow[] = [];
  for (let i = 1; i < raw.length; i++) if (!blank(raw[i]!)) rows.push({ row: rowNumbers[i]!, cells: raw[i]! });
  return { headings, rows };
}
