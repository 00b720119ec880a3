import { z } from "zod";
import { FUNNEL_STEPS, POLICY_INDICATORS, TARGET_AMOUNT_UNITS, TARGET_COUNT_UNITS, type PolicyIndicator } from "../codes";
import { parseAmountToFen } from "../services/money";
import { amountText, isoDate, plainText, text, wholeNumber } from "./fields";

// The Bureau's policy targets: one per indicator and year. The contract amount is typed in
// 亿元 or 万元 and kept in fen (unit "fen"); every other target is a whole count with its unit.

const targetYear = wholeNumber(4).pipe(z.number().min(2000, "v.year.range").max(2100, "v.year.range"));
const indicator = z.enum(POLICY_INDICATORS, { error: "v.target.indicator" });
/** The largest amount a target may name: 10,000 亿元 in fen. */
const MAX_TARGET_FEN = 100_000_000_000_000;

/** A target as the service writes it: the value in fen (unit "fen") or a whole count with its unit. */
export interface PolicyTargetInput {
  indicator: PolicyIndicator;
  year: number;
  value: number;
  unit: string;
  source: string;
  deadline: string | null;
}

/** The form as posted; `value` is checked against the indicator's kind in the refinement below. */
export const savePolicyTargetSchema = z
  .object({
    intent: z.literal("save"),
    indicator,
    year: targetYear,
    value: amountText,
    amountUnit: z.enum(TARGET_AMOUNT_UNITS).optional(),
    countUnit: z.enum(TARGET_COUNT_UNITS).optional(),
    source: plainText(2, 200),
    deadline: isoDate.optional(),
  })
  .transform((v, ctx): PolicyTargetInput => {
    if (v.indicator === "contract_amount_fen") {
      const unit = v.amountUnit ?? "wan";
      // 亿元 are 10,000 万元: parsed as 万元 (six decimals) and scaled, so no float enters.
      const wan = parseAmountToFen(v.value, "wan");
      if (wan === null || wan === 0) {
        ctx.addIssue({ code: "custom", message: "v.target.amount", path: ["value"] });
        return z.NEVER;
      }
      const fen = unit === "yi" ? wan * 10_000 : wan;
      if (!Number.isSafeInteger(fen) || fen > MAX_TARGET_FEN) {
        ctx.addIssue({ code: "custom", message: "v.moneyTooBig", path: ["value"] });
        return z.NEVER;
      }
      return { indicator: v.indicator, year: v.year, value: fen, unit: "fen", source: v.source, deadline: v.deadline ?? null };
    }
    const digits = v.value.normalize("NFKC").replace(/[,\s]/g, "");
    const n = /^\d{1,9}$/.test(digits) ? Number(digits) : NaN;
    if (!Number.isInteger(n) || n <= 0) {
      ctx.addIssue({ code: "custom", message: "v.target.count", path: ["value"] });
      return z.NEVER;
    }
    if (!v.countUnit) {
      ctx.addIssue({ code: "custom", message: "v.target.unit", path: ["countUnit"] });
      return z.NEVER;
    }
    return { indicator: v.indicator, year: v.year, value: n, unit: v.countUnit, source: v.source, deadline: v.deadline ?? null };
  });

/** Removing a year's target names why. */
export const removePolicyTargetSchema = z.object({
  intent: z.literal("remove"),
  indicator,
  year: targetYear,
  reason: plainText(2, 500),
});

export type RemovePolicyTargetInput = z.output<typeof removePolicyTargetSchema>;

/** `?edit=<indicator>:<year>` preselects a target in the form. */
export const editTargetQuery = text(60, { trim: true }).optional();

/** The dashboard funnel list's query: a year, a Lüliang county or the whole city, and a step; anything else falls back. */
export const funnelListSchema = z.object({
  year: text(8, { trim: true }).pipe(z.coerce.number<string>().int().min(2000).max(2100)).optional().catch(undefined),
  county: z
    .string()
    .max(6)
    .regex(/^1411\d{2}$/)
    .optional()
    .catch(undefined),
  step: z.enum(FUNNEL_STEPS).default("published").catch("published"),
});
