import { z } from "zod";
import type { ContractType } from "../codes";
import { normaliseCreditCode } from "../../db/credit-code";
import { parseAmountToFen } from "../services/money";
import { partyCodeProblem } from "./contracts";
import { hasControlChars, recordId } from "./fields";

// One row of the spreadsheet exported from the national system (全国技术合同管理与服务系统), as
// the registrar imports it. Every cell arrives as text (the reader turns numbers and dates into
// their text); each column is checked here and turned into what a national record stores.

/** The columns, in the national system's order: the key a row is read into, and its heading. */
export const NATIONAL_COLUMNS = [
  ["registrationNo", "合同登记编号"],
  ["title", "项目名称"],
  ["type", "合同类型"],
  ["field", "技术领域"],
  ["sellerName", "卖方名称"],
  ["sellerCreditCode", "卖方统一社会信用代码"],
  ["sellerDivision", "卖方所在地区代码"],
  ["buyerName", "买方名称"],
  ["buyerCreditCode", "买方统一社会信用代码"],
  ["buyerDivision", "买方所在地区代码"],
  ["contractValue", "成交额(元)"],
  ["techValue", "技术交易额(元)"],
  ["signedOn", "签订日期"],
  ["registeredOn", "登记日期"],
  ["office", "登记机构"],
] as const;

export type NationalColumn = (typeof NATIONAL_COLUMNS)[number][0];
export const NATIONAL_HEADINGS: readonly string[] = NATIONAL_COLUMNS.map(([, h]) => h);

/** A heading as compared: trimmed, inner spaces dropped, full-width parentheses made half-width. */
export function normaliseHeading(heading: string): string {
  return heading.replace(/\s+/g, "").replace(/（/g, "(").replace(/）/g, ")");
}

/** The longest text a cell may hold before it is looked at any further. */
export const MAX_CELL_CHARS = 200;

const TYPE_NAMES: Record<string, ContractType> = { 技术开发: "DEV", 技术转让: "TRF", 技术许可: "LIC", 技术咨询: "CON", 技术服务: "SRV" };

/** 技术开发 / 技术开发合同 → DEV; null for anything else. */
export function contractTypeOf(name: string): ContractType | null {
  const n = name.normalize("NFKC").replace(/\s+/g, "").replace(/合同$/, "");
  return TYPE_NAMES[n] ?? null;
}

/** "2026-03-18", "2026/3/18" or an Excel serial day number (45734) → "YYYY-MM-DD"; null when not a real date. */
export function parseSheetDate(input: string): string | null {
  const s = input.normalize("NFKC").trim();
  let y: number, m: number, d: number;
  const ymd = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (ymd) {
    [y, m, d] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])];
  } else if (/^\d{4,6}$/.test(s)) {
    // Excel's day 1 is 1900-01-01 and it counts a 29 February 1900 that never was: from day 61 on, day 25569 is 1970-01-01.
    const serial = Number(s);
    if (serial < 61) return null;
    const date = new Date((serial - 25569) * 86_400_000);
    [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  } else {
    return null;
  }
  if (y < 1980 || y > 2200) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y)}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** An amount in 元 with at most two decimals (thousands separators allowed) → fen; null otherwise. */
export function parseYuanToFen(input: string): number | null {
  return parseAmountToFen(input.trim(), "yuan");
}

/** A registration number after NFKC and upper-casing: 6–32 of 0-9, A-Z and "-". */
export function normaliseRegistrationNo(input: string): string {
  return input.normalize("NFKC").trim().toUpperCase();
}

const cell = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `v.tooLong|{"max":${max}}`, abort: true })
    .min(1, { error: "v.required", abort: true })
    .refine((v) => !hasControlChars(v), { error: "v.controlChars", abort: true });

const partyCode = cell(40)
  .transform((v) => normaliseCreditCode(v))
  .superRefine((v, ctx) => {
    const problem = partyCodeProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: `v.creditCode.${problem}` });
  });

const division = cell(20).refine((v) => /^[1-8]\d{5}$/.test(v), { error: "v.nimport.division" });

const amount = (positive: boolean) =>
  cell(30).transform((v, ctx) => {
    const fen = parseYuanToFen(v);
    if (fen === null || (positive && fen === 0)) {
      ctx.addIssue({ code: "custom", message: positive ? "v.nimport.positiveAmount" : "v.nimport.amount" });
      return z.NEVER;
    }
    return fen;
  });

const sheetDate = cell(30).transform((v, ctx) => {
  const date = parseSheetDate(v);
  if (date === null) {
    ctx.addIssue({ code: "custom", message: "v.nimport.date" });
    return z.NEVER;
  }
  return date;
});

/**
 * The schema of one row. `fields` maps a 技术领域 of the contract vocabulary, by its Chinese
 * name, English name or code, to its code (C01–C11): the vocabulary lives in the database.
 */
export function nationalRowSchema(fields: ReadonlyMap<string, string>) {
  return z
    .object({
      registrationNo: cell(40)
        .transform(normaliseRegistrationNo)
        .refine((v) => /^[0-9A-Z-]{6,32}$/.test(v), { error: "v.nimport.registrationNo" }),
      title: cell(MAX_CELL_CHARS),
      type: cell(20).transform((v, ctx) => {
        const type = contractTypeOf(v);
        if (!type) {
          ctx.addIssue({ code: "custom", message: "v.nimport.type" });
          return z.NEVER;
        }
        return type;
      }),
      field: cell(60).transform((v, ctx) => {
        const key = v.normalize("NFKC").replace(/\s+/g, "");
        const code = fields.get(key) ?? fields.get(key.toUpperCase());
        if (!code) {
          ctx.addIssue({ code: "custom", message: "v.nimport.field" });
          return z.NEVER;
        }
        return code;
      }),
      sellerName: cell(MAX_CELL_CHARS),
      sellerCreditCode: partyCode,
      sellerDivision: division,
      buyerName: cell(MAX_CELL_CHARS),
      buyerCreditCode: partyCode,
      buyerDivision: division,
      contractValue: amount(true),
      techValue: amount(false),
      signedOn: sheetDate,
      registeredOn: sheetDate,
      office: cell(MAX_CELL_CHARS),
    })
    .superRefine((v, ctx) => {
      // Each check only once both of its cells are valid.
      if (typeof v.techValue === "number" && typeof v.contractValue === "number" && v.techValue > v.contractValue)
        ctx.addIssue({ code: "custom", path: ["techValue"], message: "v.nimport.techAboveContract" });
      if (typeof v.signedOn === "string" && typeof v.registeredOn === "string" && v.signedOn > v.registeredOn)
        ctx.addIssue({ code: "custom", path: ["registeredOn"], message: "v.nimport.registeredBeforeSigned" });
    });
}

export type NationalRowInput = Record<NationalColumn, string>;
export type NationalRow = z.output<ReturnType<typeof nationalRowSchema>>;

/** The registrar's decision on a record that may be a platform contract. */
export const pairDecisionSchema = z.object({
  recordId: recordId,
  decision: z.enum(["same", "different"], { error: "v.choose" }),
});
