import type { AwardBatch, AwardBatchLine } from "../../db/schema";
import { translate, type Locale, type MessageKey } from "../i18n";

// A batch as the .xlsx workbook the Bureau files and pays from: one row per line, amounts in
// yuan with two decimals (exactly the fen, which fit a double), then the total row.

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const COLUMNS: { key: string; label: MessageKey; width: number; money?: boolean }[] = [
  { key: "line", label: "batch.col.line", width: 8 },
  { key: "registrationNo", label: "batch.col.registrationNo", width: 22 },
  { key: "title", label: "batch.col.contract", width: 40 },
  { key: "beneficiary", label: "batch.col.beneficiary", width: 32 },
  { key: "code", label: "batch.col.beneficiaryCode", width: 22 },
  { key: "base", label: "batch.col.base", width: 16, money: true },
  { key: "rate", label: "batch.col.rate", width: 10 },
  { key: "cap", label: "batch.col.cap", width: 16, money: true },
  { key: "capApplied", label: "batch.col.capApplied", width: 10 },
  { key: "entitled", label: "batch.col.entitled", width: 16, money: true },
  { key: "before", label: "batch.col.awardedBefore", width: 16, money: true },
  { key: "amount", label: "batch.col.amount", width: 16, money: true },
];

const yuan = (fen: number) => fen / 100;

export function batchFileName(batch: AwardBatch): string {
  return `${batch.kind}-batch-${batch.id}-${batch.periodEnd}.xlsx`;
}

export async function batchWorkbook(batch: AwardBatch, lines: AwardBatchLine[], locale: Locale): Promise<Buffer> {
  // Loaded on the first export, not when a worker starts: the library takes about half a second to load.
  const { default: ExcelJS } = await import("exceljs");
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
  const wb = new ExcelJS.Workbook();
  wb.created = new Date(batch.approvedAt ?? batch.computedAt);
  const ws = wb.addWorksheet(t(batch.kind === "subsidy" ? "batch.kind.subsidy" : "batch.kind.reward"));
  ws.columns = COLUMNS.map((c) => ({
    header: c.money ? `${t(c.label)} (${t("batch.unitYuan")})` : t(c.label),
    key: c.key,
    width: c.width,
    style: c.money ? { numFmt: "#,##0.00" } : {},
  }));
  ws.getRow(1).font = { bold: true };
  for (const l of lines) {
    ws.addRow({
      line: l.id,
      registrationNo: l.registrationNo ?? "",
      title: l.title,
      beneficiary: l.beneficiaryName,
      code: l.beneficiaryKey.replace(/^(org|broker):/, ""),
      base: yuan(l.baseFen),
      rate: `${(l.rateBp / 100).toFixed(2)}%`,
      cap: yuan(l.capFen),
      capApplied: l.capApplied ? t("common.yes") : t("common.no"),
      entitled: yuan(l.entitledFen),
      before: yuan(l.awardedBeforeFen),
      amount: yuan(l.amountFen),
    });
  }
  const total = ws.addRow({ line: t("batch.total"), amount: yuan(lines.reduce((s, l) => s + l.amountFen, 0)) });
  total.font = { bold: true };
  ws.addRow([]);
  ws.addRow([t("batch.exportNote", { start: batch.periodStart, end: batch.periodEnd, status: t(`batch.status.${batch.status}`) })]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
