import type { Db, Tx } from "../../../db/connection";
import { achievements, needs, organisations } from "../../../db/schema";
import type { DataImportKind } from "../../codes";
import { IMPORT_COLUMNS, listYearSchema, organisationImportSchema, ownerCreditCodeSchema } from "../../schemas/data-import";
import { achievementSchema, needSchema } from "../../schemas/listings";
import { columns as achievementColumns } from "../achievements.server";
import { referenceErrors } from "../listings.server";
import { columns as needColumns } from "../needs.server";
import type { ImportIssue } from "../national-import/validate.server";
import { toCode, toCodes, type ImportLabels } from "./labels.server";
import { keyedErrorMap } from "../forms";

// One row of a Bureau spreadsheet to the form's input, checked by the form's schema, its
// references (chain, field, county) by the same check the forms use, its owner found by credit
// code, and its key compared with the records already there and the rows above it.

/** The first message per field of a failed parse, as issues on the field's column. */
export function schemaIssues(
  kind: DataImportKind,
  row: number,
  zodIssues: readonly { path: readonly PropertyKey[]; message: string }[],
  override: (key: string, message: string) => string,
): ImportIssue[] {
  const heading = new Map(IMPORT_COLUMNS[kind].map((c) => [c.key, c.heading]));
  const taken = new Set<string>();
  const issues: ImportIssue[] = [];
  for (const issue of zodIssues) {
    const key = String(issue.path[0] ?? "");
    if (taken.has(key)) continue;
    taken.add(key);
    issues.push({ row, column: heading.get(key) ?? key, message: override(key, issue.message) });
  }
  return issues;
}

export const PARSE_OPTIONS = { error: keyedErrorMap } as const;

export interface CheckedRow {
  rowNo: number;
  /** The owner, for a need or an achievement. */
  orgId: number | null;
  /** The columns to insert, as the form's service writes them. */
  values: Record<string, unknown>;
}

export type RowOutcome = CheckedRow | { issues: ImportIssue[] } | { duplicate: ImportIssue };

/** What is already there: organisations by credit code, and each organisation's listing titles. */
export interface Existing {
  orgs: Map<string, { id: number; kind: string }>;
  /** `${orgId}\u0000${title}` of the kind's listings, or the credit codes for organisations. */
  keys: Set<string>;
}

export function loadExisting(db: Db | Tx, kind: DataImportKind): Existing {
  const orgRows = db.select({ id: organisations.id, kind: organisations.kind, creditCode: organisations.creditCode }).from(organisations).all();
  const orgs = new Map(orgRows.map((o) => [o.creditCode, { id: o.id, kind: o.kind }]));
  if (kind === "organisations") return { orgs, keys: new Set(orgs.keys()) };
  const t = kind === "needs" ? needs : achievements;
  const keys = new Set(
    db
      .select({ orgId: t.orgId, title: t.title })
      .from(t)
      .all()
      .map((r) => listingKey(r.orgId, r.title)),
  );
  return { orgs, keys };
}

const listingKey = (orgId: number, title: string) => `${orgId}\u0000${title.trim()}`;

/** 2026/12/31, 2026.12.31 or 2026年12月31日 as 2026-12-31; anything else as typed. */
export function dateText(cell: string | undefined): string | undefined {
  if (cell === undefined) return undefined;
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(cell.trim());
  return m ? `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}` : cell;
}

/** TRL7, 7级 or 7 as 7. */
const trlText = (cell: string | undefined) => cell?.replace(/^trl\s*/i, "").replace(/\s*级$/, "");
/** 面议 (to be negotiated) is an empty amount. */
const amountText = (cell: string | undefined) => (cell === "面议" ? undefined : cell);

const VOCABULARY_MESSAGES: Record<string, string> = {
  countyCode: "v.dimport.county",
  industryChainId: "v.dimport.chain",
  techFieldCode: "v.dimport.field",
  cooperationModes: "v.dimport.cooperationMode",
  transferModes: "v.dimport.transferMode",
  ipType: "v.dimport.ipType",
  kind: "v.dimport.orgKind",
};
const vocabularyMessage = (key: string, message: string) => (message === "v.choose" && VOCABULARY_MESSAGES[key] ? VOCABULARY_MESSAGES[key] : message);

type Cell = (key: string) => string | undefined;

function listingInput(kind: "needs" | "achievements", cell: Cell, labels: ImportLabels): Record<string, unknown> {
  const shared = {
    title: cell("title"),
    industryChainId: toCode(labels.chains, cell("industryChainId")),
    techFieldCode: toCode(labels.fields, cell("techFieldCode")),
    countyCode: toCode(labels.counties, cell("countyCode")),
    contactName: cell("contactName"),
    contactPhone: cell("contactPhone"),
    contactEmail: cell("contactEmail"),
  };
  if (kind === "needs") {
    return {
      ...shared,
      description: cell("description"),
      budgetMinWan: amountText(cell("budgetMinWan")),
      budgetMaxWan: amountText(cell("budgetMaxWan")),
      cooperationModes: toCodes(labels.cooperationModes, cell("cooperationModes")),
      expectedTrl: trlText(cell("expectedTrl")),
      deadline: dateText(cell("deadline")),
    };
  }
  return {
    ...shared,
    summary: cell("summary"),
    keywords: cell("keywords"),
    owners: cell("owners"),
    transferModes: toCodes(labels.transferModes, cell("transferModes")),
    priceWan: amountText(cell("priceWan")),
    ipType: toCode(labels.ipTypes, cell("ipType")),
    patentNumbers: cell("patentNumbers"),
    trl: trlText(cell("trl")),
  };
}

const OWNER_KIND = { needs: "enterprise", achievements: "institute" } as const;

type Duplicate = (row: number, key: string) => RowOutcome | null;

/** Whether a row repeats a record already there or a row above it (then it is remembered). */
function duplicateTracker(kind: DataImportKind, existing: Existing): Duplicate {
  const seen = new Map<string, number>();
  const column = kind === "organisations" ? "统一社会信用代码" : kind === "needs" ? "需求名称" : "成果名称";
  return (row, key) => {
    if (existing.keys.has(key)) return { duplicate: { row, column, message: "v.dimport.duplicateExisting" } };
    const first = seen.get(key);
    if (first !== undefined) return { duplicate: { row, column, message: `v.dimport.duplicateRow|${JSON.stringify({ row: first })}` } };
    seen.set(key, row);
    return null;
  };
}

function organisationChecker(db: Db | Tx, labels: ImportLabels, duplicate: Duplicate) {
  return (row: number, cell: Cell): RowOutcome => {
    const input = {
      orgName: cell("orgName"),
      orgNameEn: cell("orgNameEn"),
      creditCode: cell("creditCode"),
      kind: toCode(labels.orgKinds, cell("kind")),
      countyCode: toCode(labels.counties, cell("countyCode")),
      address: cell("address"),
      website: cell("website"),
      contactName: cell("contactName"),
      contactPhone: cell("contactPhone"),
    };
    const parsed = organisationImportSchema.safeParse(input, PARSE_OPTIONS);
    if (!parsed.success) return { issues: schemaIssues("organisations", row, parsed.error.issues, vocabularyMessage) };
    const d = parsed.data;
    if (referenceErrors(db, { industryChainId: "", techFieldCode: "", countyCode: d.countyCode }).countyCode) {
      return { issues: schemaIssues("organisations", row, [{ path: ["countyCode"], message: "v.choose" }], vocabularyMessage) };
    }
    const values = {
      name: d.orgName,
      nameEn: d.orgNameEn ?? null,
      kind: d.kind,
      creditCode: d.creditCode,
      countyCode: d.countyCode,
      address: d.address ?? null,
      website: d.website ?? null,
    };
    return duplicate(row, d.creditCode) ?? { rowNo: row, orgId: null, values };
  };
}

/** The owner by credit code: an organisation of the kind that owns such listings. */
function ownerOf(kind: "needs" | "achievements", row: number, cell: string | undefined, existing: Existing): { orgId: number } | { issue: ImportIssue } {
  const column = "统一社会信用代码";
  const code = ownerCreditCodeSchema.safeParse(cell, PARSE_OPTIONS);
  if (!code.success) return { issue: { row, column, message: code.error.issues[0]!.message } };
  const org = existing.orgs.get(code.data);
  if (!org) return { issue: { row, column, message: "v.dimport.noOrg" } };
  if (org.kind !== OWNER_KIND[kind]) return { issue: { row, column, message: `v.dimport.ownerKind.${kind}` } };
  return { orgId: org.id };
}

function listingChecker(db: Db | Tx, kind: "needs" | "achievements", labels: ImportLabels, today: string, existing: Existing, duplicate: Duplicate) {
  const need = needSchema(today);
  return (row: number, cell: Cell): RowOutcome => {
    const input = listingInput(kind, cell, labels);
    const parsed = kind === "needs" ? need.safeParse(input, PARSE_OPTIONS) : achievementSchema.safeParse(input, PARSE_OPTIONS);
    const issues = parsed.success ? [] : schemaIssues(kind, row, parsed.error.issues, vocabularyMessage);
    const year = listYearSchema.safeParse(cell("listYear"), PARSE_OPTIONS);
    if (!year.success) issues.push(...schemaIssues(kind, row, [{ path: ["listYear"], message: year.error.issues[0]!.message }], vocabularyMessage));
    const owner = ownerOf(kind, row, cell("creditCode"), existing);
    if ("issue" in owner) issues.push(owner.issue);
    if (parsed.success) {
      const refs = Object.keys(referenceErrors(db, parsed.data)).map((key) => ({ path: [key], message: "v.choose" }));
      issues.push(...schemaIssues(kind, row, refs, vocabularyMessage));
    }
    if (!parsed.success || issues.length > 0 || "issue" in owner) return { issues };
    // A need joins the year's needs list when it is published (the review decides the year); an
    // achievement the Bureau lists on a year's transformation list keeps that year, counted once published.
    const values =
      kind === "needs"
        ? needColumns(parsed.data as never)
        : { ...achievementColumns(parsed.data as never), transformationListYear: year.success ? (year.data ?? null) : null };
    return duplicate(row, listingKey(owner.orgId, parsed.data.title)) ?? { rowNo: row, orgId: owner.orgId, values };
  };
}

/** Checks rows of one kind; remembers the keys of the rows it accepted, so a later repeat is a duplicate. */
export function rowChecker(
  db: Db | Tx,
  kind: DataImportKind,
  labels: ImportLabels,
  today: string,
  existing: Existing,
): (row: number, cell: Cell) => RowOutcome {
  const duplicate = duplicateTracker(kind, existing);
  return kind === "organisations" ? organisationChecker(db, labels, duplicate) : listingChecker(db, kind, labels, today, existing, duplicate);
}
