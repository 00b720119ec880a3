import type { AwardBatch, AwardBatchLine } from "../../db/schema";
import { translate, type Locale, type MessageKey } from "../i18n";
import { sheet, writeXlsx, XLSX_MIME, type ExportColumn } from "./export/table";

// A batch as the .xlsx workbook the Bureau files and pays from: one row per line, amounts in
// yuan with two decimals (exactly the fen, which fit a double), then the total row. Written by
// the same layer as the list exports: the heading row frozen, names neutralised against formulas.

export const XLSX_TYPE = XLSX_MIME;

export function batchFileName(batch: AwardBatch): string {
  return `${batch.kind}-batch-${batch.id}-${batch.periodEnd}.xlsx`;
}

function batchColumns(t: (key: MessageKey) => string): ExportColumn<AwardBatchLine>[] {
  const money = (key: string, label: MessageKey, fen: (l: AwardBatchLine) => number): ExportColumn<AwardBatchLine> => ({
    key,
    heading: `${t(label)} (${t("batch.unitYuan")})`,
    kind: "yuan",
    width: 16,
    value: fen,
  });
  return [
    { key: "line", heading: t("batch.col.line"), kind: "int", width: 8, value: (l) => l.id },
    { key: "registrationNo", heading: t("batch.col.registrationNo"), width: 22, value: (l) => l.registrationNo ?? "" },
    { key: "title", heading: t("batch.col.contract"), width: 40, value: (l) => l.title },
    { key: "beneficiary", heading: t("batch.col.beneficiary"), width: 32, value: (l) => l.beneficiaryName },
    { key: "code", heading: t("batch.col.beneficiaryCode"), width: 22, value: (l) => l.beneficiaryKey.replace(/^(org|broker):/, "") },
    money("base", "batch.col.base", (l) => l.baseFen),
    { key: "rate", heading: t("batch.col.rate"), width: 10, value: (l) => `${(l.rateBp / 100).toFixed(2)}%` },
    money("cap", "batch.col.cap", (l) => l.capFen),
    { key: "capApplied", heading: t("batch.col.capApplied"), width: 10, value: (l) => (l.capApplied ? t("common.yes") : t("common.no")) },
    money("entitled", "batch.col.entitled", (l) => l.entitledFen),
    money("before", "batch.col.awardedBefore", (l) => l.awardedBeforeFen),
    money("amount", "batch.col.amount", (l) => l.amountFen),
  ];
}

export async function batchWorkbook(batch: AwardBatch, lines: AwardBatchLine[], locale: Locale): Promise<Buffer> {
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
  const note = t("batch.exportNote", { start: batch.periodStart, end: batch.periodEnd, status: t(`batch.status.${batch.status}`) });
  const total = lines.reduce((s, l) => s + l.amountFen, 0);
  const ws = sheet({
    name: t(batch.kind === "subsidy" ? "batch.kind.subsidy" : "batch.kind.reward"),
    columns: batchColumns(t),
    rows: lines,
    footer: [{ cells: { line: t("batch.total"), amount: total }, bold: true }, { cells: {} }, { cells: { line: note } }],
  });
  return writeXlsx({ baseName: batchFileName(batch).replace(/\.xlsx$/, ""), sheets: [ws] }, new Date(batch.approvedAt ?? batch.computedAt));
}
