import type { DataImportKind } from "../../codes";
import { IMPORT_COLUMNS } from "../../schemas/data-import";

// Each kind's template: its headings in the Bureau's words and one example row (amounts and
// years as numbers, a date as a date cell), filled in as the forms would accept it.

export const templateFileName = (kind: DataImportKind) => `${kind}-template.xlsx`;

const SHEET_NAME: Record<DataImportKind, string> = { needs: "技术需求", achievements: "科技成果", organisations: "单位" };

export const TEMPLATE_EXAMPLES: Record<DataImportKind, Record<string, string | number | Date>> = {
  needs: {
    title: "焦炉煤气制氢提纯工艺优化",
    orgName: "交城示例氢能科技有限公司",
    creditCode: "91141122MA0K2X3Y4R",
    countyCode: "交城县",
    industryChainId: "氢能",
    techFieldCode: "核能及氢能",
    description: "现有焦炉煤气变压吸附制氢装置氢气纯度 99.9%，希望提升到 99.999% 以满足燃料电池用氢标准，同时降低能耗 15%。",
    budgetMinWan: 100,
    budgetMaxWan: 300,
    cooperationModes: "合作开发、委托开发",
    expectedTrl: 7,
    // The end of next year: the example's deadline is never in the past.
    deadline: new Date(Date.UTC(new Date().getUTCFullYear() + 1, 11, 31)),
    contactName: "王工",
    contactPhone: "13812345678",
    contactEmail: "wang@example.com",
    listYear: 2026,
  },
  achievements: {
    title: "高纯氢低能耗变压吸附提纯技术",
    orgName: "吕梁示例产业研究院",
    creditCode: "12141100MB1234567E",
    countyCode: "离石区",
    industryChainId: "氢能",
    techFieldCode: "核能及氢能",
    summary: "采用新型复合吸附剂与十塔变压吸附流程，可将焦炉煤气中的氢气提纯至 99.999%，单位能耗比常规工艺低 18%，已完成千方级中试。",
    keywords: "氢能、变压吸附、提纯",
    owners: "张教授团队",
    transferModes: "技术许可、合作开发",
    priceWan: 200,
    ipType: "发明专利",
    patentNumbers: "ZL202110654321.X",
    trl: 6,
    listYear: 2026,
    contactName: "李老师",
    contactPhone: "0358-8221234",
    contactEmail: "li@example.edu.cn",
  },
  organisations: {
    orgName: "交城示例氢能科技有限公司",
    orgNameEn: "Jiaocheng Example Hydrogen Co., Ltd.",
    creditCode: "91141122MA0K2X3Y4R",
    kind: "企业",
    countyCode: "交城县",
    address: "交城县经济开发区示例路 1 号",
    website: "https://example.com",
    contactName: "王工",
    contactPhone: "13812345678",
  },
};

export async function importTemplateWorkbook(kind: DataImportKind): Promise<Uint8Array<ArrayBuffer>> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(SHEET_NAME[kind]);
  const columns = IMPORT_COLUMNS[kind];
  ws.columns = columns.map((c) => ({ header: c.heading, width: Math.max(14, c.heading.length * 3) }));
  ws.addRow(columns.map((c) => TEMPLATE_EXAMPLES[kind][c.key] ?? ""));
  columns.forEach((c, i) => {
    if (TEMPLATE_EXAMPLES[kind][c.key] instanceof Date) ws.getColumn(i + 1).numFmt = "yyyy-mm-dd";
  });
  ws.getRow(1).font = { bold: true };
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
