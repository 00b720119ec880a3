import { NATIONAL_COLUMNS, NATIONAL_HEADINGS, type NationalColumn } from "../../schemas/national-records";

// The template the registrar can fill or compare an export with: the national system's
// headings and one example row (amounts as numbers, dates as date cells, as it exports them).

export const TEMPLATE_FILE_NAME = "national-registrations-template.xlsx";

const EXAMPLE: Record<NationalColumn, string | number | Date> = {
  registrationNo: "2026141100000123",
  title: "焦炉煤气制氢提纯工艺技术开发",
  type: "技术开发",
  field: "新能源与高效节能",
  sellerName: "吕梁示例科技有限公司",
  sellerCreditCode: "91141102MA0K2X3Y4T",
  sellerDivision: "141102",
  buyerName: "山西示例能源集团有限公司",
  buyerCreditCode: "91140105MA0L5N6P74",
  buyerDivision: "140105",
  contractValue: 1_250_000,
  techValue: 1_180_000.5,
  signedOn: new Date(Date.UTC(2026, 2, 18)),
  registeredOn: new Date(Date.UTC(2026, 3, 2)),
  office: "吕梁市技术市场管理办公室",
};

export async function templateWorkbook(): Promise<Uint8Array<ArrayBuffer>> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("技术合同登记");
  ws.columns = NATIONAL_HEADINGS.map((header) => ({ header, width: Math.max(14, header.length * 3) }));
  ws.addRow(NATIONAL_COLUMNS.map(([key]) => EXAMPLE[key]));
  for (const key of ["contractValue", "techValue"] as const) ws.getColumn(NATIONAL_COLUMNS.findIndex(([k]) => k === key) + 1).numFmt = "0.00";
  for (const key of ["signedOn", "registeredOn"] as const) ws.getColumn(NATIONAL_COLUMNS.findIndex(([k]) => k === key) + 1).numFmt = "yyyy-mm-dd";
  ws.getRow(1).font = { bold: true };
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
