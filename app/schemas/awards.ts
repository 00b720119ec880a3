import { z } from "zod";
import { AWARD_KINDS, SUBSIDY_BENEFICIARIES } from "../codes";
import { amountText, isoDate, optionalWanAmount, percentToBp, plainText, recordId, wanToFen, wholeNumber } from "./fields";

/** A rate typed as a percentage (5 or 5.25), as basis points; zero is no rule at all. */
export const ratePercent = amountText.min(1).transform((v, ctx) => {
  const bp = percentToBp(v);
  if (bp === null || bp === 0) {
    ctx.addIssue({ code: "custom", message: "v.contract.percent" });
    return z.NEVER;
  }
  return bp;
});

/** A cap in 万元 that must be given: a rule without a cap is refused. */
export const requiredCapWan = amountText.min(1, { error: "v.award.capRequired" }).transform((v, ctx) => wanToFen(v, ctx, false));

/** 奖补规则 as the admin edits it. */
export const subsidyRuleSchema = z.object({
  id: recordId.optional(),
  name: plainText(2, 80),
  year: wholeNumber(8).pipe(z.number().min(2000).max(2100)),
  ratePercent,
  beneficiary: z.enum(SUBSIDY_BENEFICIARIES),
  capPerAchievementWan: requiredCapWan,
  capPerBeneficiaryYearWan: optionalWanAmount.refine((v) => v === undefined || v > 0, { error: "v.money" }),
  source: plainText(2, 200),
  active: z.boolean().default(false),
});
export type SubsidyRuleInput = z.output<typeof subsidyRuleSchema>;

/** A batch computed for a period of Beijing calendar dates. */
export const computeBatchSchema = z
  .object({
    intent: z.literal("compute"),
    kind: z.enum(AWARD_KINDS),
    periodStart: isoDate,
    periodEnd: isoDate,
  })
  .refine((v) => v.periodStart <= v.periodEnd, { error: "v.award.period", path: ["periodEnd"] });
export type ComputeBatchInput = z.output<typeof computeBatchSchema>;

/** What the batch page posts: approve the draft, or mark the approved batch paid. */
export const batchIntentSchema = z.object({ intent: z.enum(["approve", "pay"]) });

/** The subsidy page's query: which rule the form edits. */
export const subsidiesQuery = z.object({ edit: recordId.optional().catch(undefined) });
