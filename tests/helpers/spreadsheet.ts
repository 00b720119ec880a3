// Reading exported files back as a spreadsheet program would: CSV by RFC 4180, .xlsx with ExcelJS.

export const BOM = "\uFEFF";

/** RFC 4180: fields split on commas, quoted fields may hold commas, quotes ("") and line breaks; records end with CRLF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else if (c === "\n") throw new Error(`bare LF at ${i}: records must end with CRLF`);
    else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** A CSV download's text after checking and removing its BOM. */
export function csvText(body: Buffer): string {
  const text = body.toString("utf8");
  if (!text.startsWith(BOM)) throw new Error("CSV without a UTF-8 BOM");
  return text.slice(1);
}

export type SheetValues = { name: string; rows: (string | number | null)[][]; frozenRows: number };

/** Every worksheet's cell values (strings and numbers as stored), row by row. */
export async function readXlsx(body: Buffer): Promise<SheetValues[]> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const rows: (string | number | null)[][] = [];
    const width = ws.columnCount;
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      const values: (string | number | null)[] = [];
      for (let c = 1; c <= width; c++) {
        const v = row.getCell(c).value;
        values.push(v === null || v === undefined ? null : typeof v === "number" || typeof v === "string" ? v : String(v));
      }
      rows[n - 1] = values;
    });
    const view = ws.views[0] as { state?: string; ySplit?: number } | undefined;
    return { name: ws.name, rows, frozenRows: view?.state === "frozen" ? (view.ySplit ?? 0) : 0 };
  });
}
