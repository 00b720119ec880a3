import { eq } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { contracts, type NewContract } from "../../db/schema";
import { NATIONAL_COLUMNS, NATIONAL_HEADINGS, type NationalColumn } from "../../app/schemas/national-records";
import { freshCreditCode } from "../helpers/app";

// National spreadsheets built in tests (as CSV text or an ExcelJS workbook) and platform
// contracts written as rows, so the import is tested against every kind of counterpart.

export type SheetRowValues = Record<NationalColumn, string>;

let serial = 0;

/** A valid row: a Lüliang seller (output) and a buyer outside Lüliang, registered in 2026. */
export function nationalRow(overrides: Partial<SheetRowValues> = {}): SheetRowValues {
  serial += 1;
  return {
    registrationNo: `2026141100T${String(serial).padStart(6, "0")}`,
    title: `煤矸石综合利用技术服务 ${serial}`,
    type: "技术服务",
    field: "环境保护与资源综合利用",
    sellerName: "吕梁测试技术有限公司",
    sellerCreditCode: freshCreditCode(),
    sellerDivision: "141102",
    buyerName: "太原测试集团有限公司",
    buyerCreditCode: freshCreditCode(),
    buyerDivision: "140105",
    contractValue: `${1000 + serial}.50`,
    techValue: `${900 + serial}.25`,
    signedOn: "2026-03-02",
    registeredOn: "2026-04-10",
    office: "吕梁市技术市场管理办公室",
    ...overrides,
  };
}

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The rows as the national system's CSV file, UTF-8, with a byte-order mark unless told otherwise. */
export function csvFile(rows: SheetRowValues[], opts: { bom?: boolean; headings?: readonly string[] } = {}): Uint8Array {
  const headings = opts.headings ?? NATIONAL_HEADINGS;
  const lines = [headings.map(quote).join(","), ...rows.map((r) => NATIONAL_COLUMNS.map(([k]) => quote(r[k])).join(","))];
  const text = `${opts.bom === false ? "" : "\uFEFF"}${lines.join("\r\n")}\r\n`;
  return new TextEncoder().encode(text);
}

/** The rows as an .xlsx workbook: amounts as number cells, dates as date cells, as the national system exports them. */
export async function xlsxFile(rows: SheetRowValues[]): Promise<Uint8Array> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("登记合同");
  ws.addRow(NATIONAL_HEADINGS.map((h) => h.replace("(", "（").replace(")", "）")));
  for (const r of rows) {
    ws.addRow(
      NATIONAL_COLUMNS.map(([k]) => {
        if (k === "contractValue" || k === "techValue") return Number(r[k]);
        if (k === "signedOn" || k === "registeredOn") return new Date(`${r[k]}T00:00:00Z`);
        return r[k];
      }),
    );
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** A platform contract as its row: registered (with a number) unless told otherwise. */
export function insertContract(db: Db, createdBy: number, o: Partial<NewContract> = {}): number {
  const cv = o.contractValueFen ?? 5_000_000;
  const tv = o.techValueFen ?? cv;
  return writeTx(db, (tx) => {
    const row = tx
      .insert(contracts)
      .values({
        title: "平台合同",
        type: "DEV",
        subType: "commissioned",
        buyerName: "买方",
        buyerCreditCode: freshCreditCode(),
        buyerDivision: "140105",
        sellerName: "卖方",
        sellerCreditCode: freshCreditCode(),
        sellerDivision: "141102",
        signedOn: "2026-02-01",
        termStart: "2026-02-01",
        termEnd: "2026-12-31",
        paymentMode: "lump_sum_once",
        milestones: [],
        contractFieldCode: "C07",
        ipTypes: [],
        createdBy,
        status: "registered",
        registrationYear: 2026,
        registeredAt: "2026-03-01T02:00:00.000Z",
        ...o,
        contractValueFen: cv,
        techValueFen: tv,
        otherFen: cv - tv,
      })
      .returning({ id: contracts.id })
      .get();
    tx.update(contracts).set({ familyId: row.id }).where(eq(contracts.id, row.id)).run();
    return row.id;
  });
}
