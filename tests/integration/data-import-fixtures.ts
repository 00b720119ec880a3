import type { DataImportKind } from "../../app/codes";
import { IMPORT_COLUMNS } from "../../app/schemas/data-import";

// Bureau spreadsheets built in the tests: rows under the template's headings, as .csv or .xlsx.

export type Row = Record<string, string>;

let serial = 0;

/** A valid need row for the enterprise with this credit code. */
export function needRow(creditCode: string, overrides: Row = {}): Row {
  serial += 1;
  return {
    title: `焦炉煤气制氢提纯工艺优化 ${serial}`,
    orgName: "交城测试氢能科技有限公司",
    creditCode,
    countyCode: "交城县",
    industryChainId: "氢能",
    techFieldCode: "核能及氢能",
    description: "现有焦炉煤气变压吸附制氢装置氢气纯度 99.9%，希望提升到 99.999% 以满足燃料电池用氢标准，同时降低能耗。",
    budgetMinWan: "100",
    budgetMaxWan: "300",
    cooperationModes: "合作开发、委托开发",
    expectedTrl: "7",
    deadline: "2099-12-31",
    contactName: "王工",
    contactPhone: "13812345678",
    contactEmail: "wang@example.com",
    listYear: "2026",
    ...overrides,
  };
}

export function achievementRow(creditCode: string, overrides: Row = {}): Row {
  serial += 1;
  return {
    title: `高纯氢低能耗变压吸附提纯技术 ${serial}`,
    orgName: "吕梁测试产业研究院",
    creditCode,
    countyCode: "141102",
    industryChainId: "hydrogen",
    techFieldCode: "602",
    summary: "采用新型复合吸附剂与十塔变压吸附流程，可将焦炉煤气中的氢气提纯至 99.999%，单位能耗比常规工艺低 18%，已完成千方级中试。",
    keywords: "氢能、变压吸附",
    owners: "张教授团队",
    transferModes: "技术许可、合作开发",
    priceWan: "200",
    ipType: "发明专利",
    patentNumbers: "ZL202110654321.X",
    trl: "6",
    listYear: "2026",
    contactName: "李老师",
    contactPhone: "0358-8221234",
    contactEmail: "li@example.edu.cn",
    ...overrides,
  };
}

export function organisationRow(creditCode: string, overrides: Row = {}): Row {
  serial += 1;
  return {
    orgName: `吕梁测试单位 ${serial}`,
    orgNameEn: "",
    creditCode,
    kind: "企业",
    countyCode: "离石区",
    address: "离石区测试路 1 号",
    website: "",
    contactName: "赵工",
    contactPhone: "13900001111",
    ...overrides,
  };
}

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function headingsOf(kind: DataImportKind): string[] {
  return IMPORT_COLUMNS[kind].map((c) => c.heading);
}

export function csvFile(kind: DataImportKind, rows: Row[], headings: readonly string[] = headingsOf(kind)): Uint8Array {
  const keys = IMPORT_COLUMNS[kind].map((c) => c.key);
  const lines = [headings.map(quote).join(","), ...rows.map((r) => keys.map((k) => quote(r[k] ?? "")).join(","))];
  return new TextEncoder().encode(`\uFEFF${lines.join("\r\n")}\r\n`);
}

/** As the Bureau's Excel would hold it: full-width parentheses, numbers as numbers, the deadline as a date cell. */
export async function xlsxFile(kind: DataImportKind, rows: Row[]): Promise<Uint8Array> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("导入");
  const columns = IMPORT_COLUMNS[kind];
  ws.addRow(columns.map((c) => c.heading.replace(/\(/g, "（").replace(/\)/g, "）")));
  for (const r of rows) {
    ws.addRow(
      columns.map(({ key }) => {
        const v = r[key] ?? "";
        if (key === "deadline" && v) return new Date(`${v}T00:00:00Z`);
        if (/^(budgetMinWan|budgetMaxWan|priceWan|expectedTrl|trl|listYear)$/.test(key) && /^\d+(\.\d+)?$/.test(v)) return Number(v);
        return v;
      }),
    );
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
