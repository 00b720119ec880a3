import { z } from "zod";
import { creditCodeProblem, normaliseCreditCode } from "../../db/credit-code";
import type { Contract } from "../../db/schema";
import {
  CONTRACT_SUBTYPES,
  CONTRACT_TYPES,
  INDICATOR_AMOUNTS,
  INDICATOR_SERIES,
  IP_TYPES,
  MILESTONE_ROWS,
  PAYMENT_MODES,
  REWARD_BASES,
  type ContractType,
} from "../codes";
import { fenToWanInput, parseAmountToFen } from "../services/money";
import { NON_TECH_FIELD, nonTechSum, type NonTechItems } from "../services/non-tech-items";
import { amountText, choiceList, isoDate, optionalWanAmount, percentToBp, plainText, recordId, text, wanToFen, wholeNumber } from "./fields";

export {
  CONTRACT_SUBTYPES,
  MILESTONE_ROWS,
  INDICATOR_AMOUNTS,
  INDICATOR_SERIES,
  type ContractSubType,
  type IndicatorAmount,
  type IndicatorSeries,
} from "../codes";

export function isSubTypeOf(type: ContractType, subType: string): boolean {
  return (CONTRACT_SUBTYPES[type] as readonly string[]).includes(subType);
}

/* ------------------------------------------------------------------ party identifiers */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

/** 居民身份证号码 (GB 11643-1999): a natural person signs with it instead of a credit code. */
export function isResidentIdNumber(code: string): boolean {
  if (!/^\d{17}[\dX]$/.test(code)) return false;
  const birth = code.slice(6, 14);
  const date = new Date(`${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10).replace(/-/g, "") !== birth) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(code[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === code[17];
}

/**
 * Why a party's code is not acceptable as typed, or null. Early pilot credit codes fail the
 * check character yet are real, so "check" is a problem the registrar may waive.
 */
export function partyCodeProblem(code: string): "empty" | "length" | "characters" | "check" | null {
  if (isResidentIdNumber(code)) return null;
  return creditCodeProblem(code);
}

const partyCode = text(40)
  .transform((v) => normaliseCreditCode(v))
  .superRefine((v, ctx) => {
    const problem = partyCodeProblem(v);
    if (problem && problem !== "check") ctx.addIssue({ code: "custom", message: `v.creditCode.${problem}` });
  });

/** GB/T 2260: six digits, province first (11 Beijing … 82 Macao). */
const division = text(20, { trim: true }).regex(/^[1-8]\d{5}$/, { error: "v.contract.division" });

/* ------------------------------------------------------------------ amounts */

/** A required amount in 万元, stored as fen. */
const wan = (allowZero: boolean) => amountText.min(1).transform((v, ctx) => wanToFen(v, ctx, allowZero, allowZero ? "v.money" : "v.contract.positiveMoney"));

const optionalWan = optionalWanAmount;

/** A percentage with at most two decimals, stored as basis points (3.5 % → 350). */
const optionalPercentBp = amountText.optional().transform((v, ctx) => {
  if (v === undefined || v === "") return undefined;
  const bp = percentToBp(v);
  if (bp === null) {
    ctx.addIssue({ code: "custom", message: "v.contract.percent" });
    return z.NEVER;
  }
  return bp;
});

const optionalId = recordId.optional();

/* ------------------------------------------------------------------ non-technical items */

export { NON_TECH_COLUMNS, NON_TECH_FIELD, nonTechSum, techValueOf, type NonTechItems } from "../services/non-tech-items";

function itemsOf(v: { equipmentWan?: number; instrumentsWan?: number; materialsWan?: number; otherWan?: number }): NonTechItems {
  return { equipmentFen: v.equipmentWan ?? 0, instrumentsFen: v.instrumentsWan ?? 0, materialsFen: v.materialsWan ?? 0, otherFen: v.otherWan ?? 0 };
}

/* ------------------------------------------------------------------ the contract form */

const milestoneRow = z.object({
  title: text(60, { trim: true }).optional(),
  dueOn: text(20, { trim: true }).optional(),
  amountWan: amountText.optional(),
});

/**
 * A contract as its recorder types it (登记表 fields that matter here). Amounts arrive in 万元
 * and leave as fen; milestones arrive as fixed rows of which the blank ones are dropped.
 */
export const contractSchema = z
  .object({
    matchId: optionalId,
    title: plainText(4, 120),
    type: z.enum(CONTRACT_TYPES),
    subType: text(40).min(1),
    buyerName: plainText(2, 100),
    buyerCreditCode: partyCode,
    buyerDivision: division,
    sellerName: plainText(2, 100),
    sellerCreditCode: partyCode,
    sellerDivision: division,
    contractValueWan: wan(false),
    /** The non-technical items (非技术性费用); 技术交易额 is 成交额 less their sum. */
    equipmentWan: optionalWan,
    instrumentsWan: optionalWan,
    materialsWan: optionalWan,
    otherWan: optionalWan,
    signedOn: isoDate,
    termStart: isoDate,
    termEnd: isoDate,
    paymentMode: z.enum(PAYMENT_MODES),
    milestones: z.array(milestoneRow).max(MILESTONE_ROWS).default([]),
    relatedParty: z.boolean().default(false),
    contractFieldCode: text(20).regex(/^C\d{2}$/, { error: "v.choose" }),
    industryChainId: text(40).min(1).optional(),
    ipTypes: choiceList(IP_TYPES),
    commissionRatePercent: optionalPercentBp,
    commissionFixedWan: optionalWan,
    fileId: optionalId,
    /** The recorder declares that a code failing the check character is an early pilot code. */
    codeCheckWaiver: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    if (!isSubTypeOf(v.type, v.subType)) ctx.addIssue({ code: "custom", path: ["subType"], message: "v.contract.subType" });
    if (nonTechSum(itemsOf(v)) > v.contractValueWan) ctx.addIssue({ code: "custom", path: [NON_TECH_FIELD], message: "v.contract.itemsAboveTotal" });
    if (v.termEnd < v.termStart) ctx.addIssue({ code: "custom", path: ["termEnd"], message: "v.contract.termOrder" });
    if (v.signedOn > v.termEnd) ctx.addIssue({ code: "custom", path: ["signedOn"], message: "v.contract.signedAfterTerm" });
    if (v.buyerCreditCode === v.sellerCreditCode) ctx.addIssue({ code: "custom", path: ["sellerCreditCode"], message: "v.contract.sameParty" });
    if (v.commissionRatePercent !== undefined && v.commissionFixedWan !== undefined) {
      ctx.addIssue({ code: "custom", path: ["commissionFixedWan"], message: "v.contract.commissionEither" });
    }
    for (const side of ["buyerCreditCode", "sellerCreditCode"] as const) {
      if (partyCodeProblem(v[side]) === "check" && !v.codeCheckWaiver) ctx.addIssue({ code: "custom", path: [side], message: "v.contract.codeCheck" });
    }
    let total = 0;
    let given = 0;
    v.milestones.forEach((m, i) => {
      const filled = [m.title, m.dueOn, m.amountWan].filter((x) => x !== undefined && x !== "").length;
      if (filled === 0) return;
      given++;
      if (!m.title) ctx.addIssue({ code: "custom", path: ["milestones", i, "title"], message: "v.required" });
      if (!m.dueOn || !/^\d{4}-\d{2}-\d{2}$/.test(m.dueOn) || Number.isNaN(Date.parse(m.dueOn))) {
        ctx.addIssue({ code: "custom", path: ["milestones", i, "dueOn"], message: "v.date" });
      }
      const fen = m.amountWan ? parseAmountToFen(m.amountWan, "wan") : null;
      if (fen === null || fen === 0) ctx.addIssue({ code: "custom", path: ["milestones", i, "amountWan"], message: "v.contract.positiveMoney" });
      else total += fen;
    });
    // Milestones are optional, but when given they are the whole payment plan.
    if (given > 0 && total !== v.contractValueWan) {
      ctx.addIssue({ code: "custom", path: ["milestones"], message: "v.contract.milestoneSum" });
    }
  })
  .transform((v) => {
    const {
      milestones,
      contractValueWan,
      equipmentWan: _e,
      instrumentsWan: _i,
      materialsWan: _m,
      otherWan: _o,
      commissionRatePercent,
      commissionFixedWan,
      ...rest
    } = v;
    return {
      ...rest,
      contractValueFen: contractValueWan,
      ...itemsOf(v),
      commissionRateBp: commissionRatePercent ?? null,
      commissionFixedFen: commissionFixedWan ?? null,
      milestones: milestones
        .filter((m) => m.title && m.dueOn && m.amountWan)
        .map((m) => ({ title: m.title!, dueOn: m.dueOn!, amountFen: parseAmountToFen(m.amountWan!, "wan")! })),
    };
  });
export type ContractInput = z.output<typeof contractSchema>;
export type ContractFormValues = z.input<typeof contractSchema>;

/** Form values as strings, the way a browser would send them back ("on" for a ticked box). */
export type ContractFormDefaults = Record<string, string | string[] | Record<string, string>[] | undefined>;

/** The milestone rows after the given ones, so the form always offers room for a payment plan. */
export function padMilestones(rows: Record<string, string>[] = []): Record<string, string>[] {
  const out = rows.slice(0, MILESTONE_ROWS);
  while (out.length < MILESTONE_ROWS) out.push({ title: "", dueOn: "", amountWan: "" });
  return out;
}

/** A stored contract as the edit form shows it: fen back to 万元, basis points back to percent. */
export function contractFormValues(c: Contract): ContractFormDefaults {
  const percent = (bp: number | null) =>
    bp === null
      ? ""
      : `${Math.trunc(bp / 100)}${
          bp % 100
            ? `.${String(bp % 100)
                .padStart(2, "0")
                .replace(/0$/, "")}`
            : ""
        }`;
  return {
    matchId: c.matchId === null ? "" : String(c.matchId),
    title: c.title,
    type: c.type,
    subType: c.subType,
    buyerName: c.buyerName,
    buyerCreditCode: c.buyerCreditCode,
    buyerDivision: c.buyerDivision,
    sellerName: c.sellerName,
    sellerCreditCode: c.sellerCreditCode,
    sellerDivision: c.sellerDivision,
    contractValueWan: fenToWanInput(c.contractValueFen),
    equipmentWan: fenToWanInput(c.equipmentFen),
    instrumentsWan: fenToWanInput(c.instrumentsFen),
    materialsWan: fenToWanInput(c.materialsFen),
    otherWan: fenToWanInput(c.otherFen),
    signedOn: c.signedOn,
    termStart: c.termStart,
    termEnd: c.termEnd,
    paymentMode: c.paymentMode,
    milestones: padMilestones(c.milestones.map((m) => ({ title: m.title, dueOn: m.dueOn, amountWan: fenToWanInput(m.amountFen) }))),
    relatedParty: c.relatedParty ? "on" : undefined,
    contractFieldCode: c.contractFieldCode,
    industryChainId: c.industryChainId ?? "",
    ipTypes: c.ipTypes,
    commissionRatePercent: percent(c.commissionRateBp),
    commissionFixedWan: fenToWanInput(c.commissionFixedFen),
    fileId: c.fileId === null ? "" : String(c.fileId),
    // A stored code that fails the check was declared a pilot code when it was saved.
    codeCheckWaiver: [c.buyerCreditCode, c.sellerCreditCode].some((code) => partyCodeProblem(code) === "check") ? "on" : undefined,
  };
}

/* ------------------------------------------------------------------ the registrar's forms */

const registrationNumber = text(64, { trim: true })
  .transform((v) => v.normalize("NFKC").replace(/\s/g, "").toUpperCase())
  .pipe(z.string().regex(/^[0-9A-Z][0-9A-Z-]{5,31}$/, { error: "v.contract.registrationNo" }));

/**
 * 认定登记: the number the registry assigns, and the non-technical items as the registrar finds
 * them (a blank item keeps what was filed); a changed item needs the reason.
 */
export const registrationSchema = z
  .object({
    intent: z.literal("register"),
    registrationNo: registrationNumber,
    equipmentWan: optionalWan,
    instrumentsWan: optionalWan,
    materialsWan: optionalWan,
    otherWan: optionalWan,
    correctionReason: plainText(2, 500).optional(),
    /** The registrar accepts a party code that fails the check character (early pilot codes). */
    acceptCodes: z.boolean().default(false),
  })
  .transform(({ equipmentWan, instrumentsWan, materialsWan, otherWan, ...rest }) => ({
    ...rest,
    equipmentFen: equipmentWan,
    instrumentsFen: instrumentsWan,
    materialsFen: materialsWan,
    otherFen: otherWan,
  }));
export type RegistrationInput = {
  intent: "register";
  registrationNo: string;
  equipmentFen?: number;
  instrumentsFen?: number;
  materialsFen?: number;
  otherFen?: number;
  correctionReason?: string;
  acceptCodes: boolean;
};

/** 异地登记: the office of the seller's locality registered it; its certificate comes as a file. */
export const elsewhereSchema = z.object({
  intent: z.literal("elsewhere"),
  office: plainText(2, 100),
  registrationNo: registrationNumber,
  registeredOn: isoDate,
});
export type ElsewhereInput = z.output<typeof elsewhereSchema>;

/** The registrar confirms a registration elsewhere. */
export const confirmElsewhereSchema = z.object({ intent: z.literal("confirm") });

/** 撤销登记: the family leaves every figure; evidence may come as a file. */
export const cancelSchema = z.object({
  intent: z.literal("cancel"),
  reason: plainText(2, 500),
  /** The registrar ticks that the cancellation is meant: it cannot be undone. */
  confirmed: z
    .boolean()
    .default(false)
    .refine((v) => v, { error: "v.contract.cancelConfirmRequired" }),
});
export type CancelInput = z.output<typeof cancelSchema>;

/** 终止: the date the contract ended and why; the registered amount stays counted. */
export const terminateSchema = z.object({
  intent: z.literal("terminate"),
  terminatedOn: isoDate,
  reason: plainText(2, 500),
});
export type TerminateInput = z.output<typeof terminateSchema>;

export const returnSchema = z.object({
  intent: z.literal("return"),
  reason: plainText(2, 500),
});

/** The buttons on a contract's page. */
export const contractIntentSchema = z.object({ intent: z.enum(["submit", "amend"]) });

/* ------------------------------------------------------------------ policy forms */

/** Which series and amount the city's target counts (口径): policy data, not code. */
export const indicatorSettingSchema = z.object({
  series: z.enum(INDICATOR_SERIES),
  amount: z.enum(INDICATOR_AMOUNTS),
});
export type IndicatorSetting = z.output<typeof indicatorSettingSchema>;

/** A broker reward rule as the admin edits it: a rate in percent, a cap in 万元. */
export const rewardRuleSchema = z.object({
  id: optionalId,
  name: plainText(2, 80),
  year: wholeNumber(8).pipe(z.number().min(2000).max(2100)),
  ratePercent: amountText.min(1).transform((v, ctx) => {
    const bp = percentToBp(v);
    if (bp === null || bp === 0) {
      ctx.addIssue({ code: "custom", message: "v.contract.percent" });
      return z.NEVER;
    }
    return bp;
  }),
  base: z.enum(REWARD_BASES),
  /** Required: a rule without a cap is refused, so no broker is paid without limit. */
  capWan: amountText.min(1, { error: "v.award.capRequired" }).transform((v, ctx) => wanToFen(v, ctx, false)),
  requireNeedBeforeSigning: z.boolean().default(false),
  source: plainText(2, 200),
  active: z.boolean().default(false),
});
export type RewardRuleInput = z.output<typeof rewardRuleSchema>;

/** ?year=2026 narrows the statistics to one year; ?year=all shows every year together; anything else is this year. */
export const statisticsYearQuery = z
  .union([z.literal("all"), z.coerce.number().int().min(2000).max(2100)])
  .optional()
  .catch(undefined);

/** The rewards page's year, and the rule being edited. */
export const rewardsQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  edit: recordId.optional().catch(undefined),
});
