import { flagFilterSchema, nationalRecordFilterSchema } from "../../schemas/index.server";
import { listRegistrationQueue } from "../contracts.server";
import { listTransferQueue } from "../contract-payments.server";
import { listSubmitted } from "../listings.server";
import { listNationalRecords } from "../national-import/records.server";
import { listOrganisationsForAdmin } from "../organisations.server";
import { listFlags } from "../padding-flag-list.server";
import type { ExportContext, ListExport } from "./context";
import { exportBaseName, sheet, type AnySheet, type ExportColumn } from "./table";

// The Bureau's lists as files: the same service call as the page, the page's sections as sheets
// in the page's order, codes written as their names.

type Contract = ReturnType<typeof listRegistrationQueue>["submitted"][number];

function contractColumns(ctx: ExportContext): ExportColumn<Contract>[] {
  const t = ctx.t;
  return [
    { key: "id", heading: t("export.col.id"), kind: "int", value: (r) => r.id },
    { key: "title", heading: t("export.col.contractTitle"), width: 36, value: (r) => r.title },
    { key: "type", heading: t("export.col.type"), value: (r) => t(`contract.type.${r.type}`) },
    { key: "seller", heading: t("export.col.seller"), width: 28, value: (r) => r.sellerName },
    { key: "buyer", heading: t("export.col.buyer"), width: 28, value: (r) => r.buyerName },
    { key: "contract", heading: t("export.col.contractYuan"), kind: "yuan", value: (r) => r.contractValueFen },
    { key: "tech", heading: t("export.col.techYuan"), kind: "yuan", value: (r) => r.techValueFen },
    { key: "no", heading: t("export.col.registrationNo"), width: 22, value: (r) => r.registrationNo ?? r.elsewhereNo },
    { key: "status", heading: t("export.col.status"), value: (r) => t(`contract.status.${r.status}`) },
    { key: "submittedAt", heading: t("export.col.submittedAt"), kind: "date", value: (r) => r.submittedAt },
    { key: "recorder", heading: t("export.col.recorder"), value: (r) => r.recorder },
  ];
}

export const contractsDeskExport: ListExport = {
  admin: true,
  build(ctx) {
    const queue = listRegistrationQueue(ctx.db);
    const columns = contractColumns(ctx);
    const sections = ["submitted", "elsewhere", "returned", "registered", "cancelled"] as const;
    const sheets = sections.map((s) => sheet({ name: ctx.t(`export.section.${s}`), columns, rows: queue[s] }));
    return { baseName: exportBaseName(ctx.t("export.file.contracts"), [], ctx.now), sheets };
  },
};

type NationalRow = ReturnType<typeof listNationalRecords>["rows"][number];

export const registrationsExport: ListExport = {
  admin: true,
  build(ctx) {
    const filter = nationalRecordFilterSchema.parse(Object.fromEntries(ctx.params));
    const rows: NationalRow[] = [];
    for (let page = 1; ; page++) {
      const result = listNationalRecords(ctx.db, { ...filter, page });
      rows.push(...result.rows);
      if (page >= result.pages) break;
    }
    const t = ctx.t;
    const columns: ExportColumn<NationalRow>[] = [
      { key: "no", heading: t("export.col.registrationNo"), width: 22, value: (r) => r.registrationNo },
      { key: "title", heading: t("export.col.contractTitle"), width: 36, value: (r) => r.title },
      { key: "seller", heading: t("export.col.seller"), width: 28, value: (r) => r.sellerName },
      { key: "buyer", heading: t("export.col.buyer"), width: 28, value: (r) => r.buyerName },
      { key: "contract", heading: t("export.col.contractYuan"), kind: "yuan", value: (r) => r.contractValueFen },
      { key: "tech", heading: t("export.col.techYuan"), kind: "yuan", value: (r) => r.techValueFen },
      { key: "registeredOn", heading: t("export.col.registeredOn"), kind: "date", value: (r) => r.registeredOn },
      { key: "status", heading: t("export.col.status"), value: (r) => t(`records.status.${r.status}`) },
      { key: "flags", heading: t("export.col.openFlags"), kind: "int", value: (r) => r.openFlags },
    ];
    const name = t("export.file.registrations");
    const filters = [filter.status ? t(`records.status.${filter.status}`) : null, filter.year ? String(filter.year) : null, filter.q];
    return { baseName: exportBaseName(name, filters, ctx.now), sheets: [sheet({ name, columns, rows })] };
  },
};

type FlagRow = ReturnType<typeof listFlags>[number];

export const flagsExport: ListExport = {
  admin: true,
  build(ctx) {
    const filter = flagFilterSchema.parse(Object.fromEntries(ctx.params));
    const rows = listFlags(ctx.db, filter);
    const t = ctx.t;
    const columns: ExportColumn<FlagRow>[] = [
      { key: "id", heading: t("export.col.id"), kind: "int", value: (r) => r.id },
      { key: "kind", heading: t("export.col.kind"), width: 20, value: (r) => t(`flags.kind.${r.kind}`) },
      { key: "no", heading: t("export.col.registrationNo"), width: 22, value: (r) => r.registrationNo },
      { key: "title", heading: t("export.col.contractTitle"), width: 36, value: (r) => r.title },
      { key: "seller", heading: t("export.col.seller"), width: 28, value: (r) => r.sellerName },
      { key: "buyer", heading: t("export.col.buyer"), width: 28, value: (r) => r.buyerName },
      { key: "contract", heading: t("export.col.contractYuan"), kind: "yuan", value: (r) => r.contractValueFen },
      { key: "raisedAt", heading: t("export.col.raisedAt"), kind: "date", value: (r) => r.raisedAt },
      { key: "clearedAt", heading: t("export.col.clearedAt"), kind: "date", value: (r) => r.clearedAt },
      { key: "reason", heading: t("export.col.clearReason"), width: 30, value: (r) => r.clearReason },
    ];
    const name = t("export.file.flags");
    const filters = [filter.kind ? t(`flags.kind.${filter.kind}`) : null, t(`flags.state.${filter.state}`)];
    return { baseName: exportBaseName(name, filters, ctx.now), sheets: [sheet({ name, columns, rows })] };
  },
};

type Transfer = ReturnType<typeof listTransferQueue>["decided"][number];

export const transfersExport: ListExport = {
  admin: true,
  build(ctx) {
    const queue = listTransferQueue(ctx.db);
    const t = ctx.t;
    const columns: ExportColumn<Transfer>[] = [
      { key: "id", heading: t("export.col.id"), kind: "int", value: (r) => r.id },
      { key: "contract", heading: t("export.col.contract"), width: 36, value: (r) => r.contractTitle },
      { key: "no", heading: t("export.col.registrationNo"), width: 22, value: (r) => r.registrationNo },
      { key: "payer", heading: t("export.col.payer"), width: 28, value: (r) => r.payerName },
      { key: "amount", heading: t("export.col.amountYuan"), kind: "yuan", value: (r) => r.amountFen },
      { key: "receivedOn", heading: t("export.col.paidOn"), kind: "date", value: (r) => r.receivedOn },
      { key: "reference", heading: t("export.col.bankReference"), width: 22, value: (r) => r.bankReference },
      { key: "status", heading: t("export.col.status"), value: (r) => t(`transfer.status.${r.status}`) },
      { key: "recorder", heading: t("export.col.recorder"), value: (r) => r.recorderName },
      { key: "decidedAt", heading: t("export.col.decidedAt"), kind: "date", value: (r) => r.decidedAt },
    ];
    const sheets: AnySheet[] = [
      sheet({ name: t("export.section.pendingTransfers"), columns, rows: queue.pending }),
      sheet({ name: t("export.section.decidedTransfers"), columns, rows: queue.decided }),
    ];
    return { baseName: exportBaseName(t("export.file.transfers"), [], ctx.now), sheets };
  },
};

type Org = ReturnType<typeof listOrganisationsForAdmin>["pending"][number];

export const organisationsExport: ListExport = {
  admin: true,
  build(ctx) {
    const lists = listOrganisationsForAdmin(ctx.db);
    const t = ctx.t;
    const columns: ExportColumn<Org>[] = [
      { key: "id", heading: t("export.col.id"), kind: "int", value: (r) => r.id },
      { key: "name", heading: t("export.col.orgName"), width: 32, value: (r) => r.name },
      { key: "kind", heading: t("export.col.orgType"), value: (r) => t(`orgKind.${r.kind}`) },
      { key: "code", heading: t("export.col.creditCode"), width: 22, value: (r) => r.creditCode },
      { key: "members", heading: t("export.col.members"), kind: "int", value: (r) => r.members },
      { key: "createdAt", heading: t("export.col.createdAt"), kind: "date", value: (r) => r.createdAt },
      { key: "verifiedAt", heading: t("export.col.verifiedAt"), kind: "date", value: (r) => r.verifiedAt },
    ];
    const sheets: AnySheet[] = [
      sheet({ name: t("export.section.pending"), columns, rows: lists.pending }),
      sheet({ name: t("export.section.verified"), columns, rows: lists.verified }),
    ];
    return { baseName: exportBaseName(t("export.file.organisations"), [], ctx.now), sheets };
  },
};

type Submitted = ReturnType<typeof listSubmitted>[number];

export const reviewExport: ListExport = {
  admin: true,
  build(ctx) {
    const t = ctx.t;
    const columns: ExportColumn<Submitted>[] = [
      { key: "id", heading: t("export.col.id"), kind: "int", value: (r) => r.id },
      { key: "title", heading: t("export.col.title"), width: 40, value: (r) => r.title },
      { key: "org", heading: t("export.col.org"), width: 30, value: (r) => r.orgName },
      { key: "submittedAt", heading: t("export.col.submittedAt"), kind: "date", value: (r) => r.submittedAt },
    ];
    const sheets: AnySheet[] = [
      sheet({ name: t("export.section.needs"), columns, rows: listSubmitted(ctx.db, "need") }),
      sheet({ name: t("export.section.achievements"), columns, rows: listSubmitted(ctx.db, "achievement") }),
    ];
    return { baseName: exportBaseName(t("export.file.review"), [], ctx.now), sheets };
  },
};
