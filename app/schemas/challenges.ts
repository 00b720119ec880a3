import { z } from "zod";
import { CHALLENGE_MODES, CHALLENGE_PAYOUTS, type ChallengeCriterion } from "../codes";
import { todayInShanghai } from "../i18n/format";
import { amountText, email, isoDate, phone, plainText, recordId, text, wanToFen, wholeNumber } from "./fields";

/** "技术先进性 40" per line (a colon, comma or space before the weight); the weights sum to 100. */
export const criteriaField = text(2000, { lines: true })
  .transform((v, ctx): ChallengeCriterion[] => {
    const out: ChallengeCriterion[] = [];
    for (const raw of v.split(/\r?\n/)) {
      const line = raw.normalize("NFKC").trim();
      if (!line) continue;
      const m = /^(.{1,60}?)[\s:：,，]+(\d{1,3})\s*%?$/.exec(line);
      if (!m) {
        ctx.addIssue({ code: "custom", message: "v.challenge.criteria" });
        return z.NEVER;
      }
      out.push({ name: m[1]!.trim(), weight: Number(m[2]) });
    }
    return out;
  })
  .pipe(
    z
      .array(z.object({ name: z.string().min(1), weight: z.number().int().min(1).max(100) }))
      .min(1, { error: "v.challenge.criteria" })
      .max(10, { error: "v.challenge.criteria" })
      .refine((cs) => cs.reduce((s, c) => s + c.weight, 0) === 100, { error: "v.challenge.weights" }),
  );

/** The criteria as the form shows them again. */
export function criteriaText(cs: readonly ChallengeCriterion[]): string {
  return cs.map((c) => `${c.name} ${c.weight}`).join("\n");
}

const wan = (allowZero: boolean) => amountText.transform((v, ctx) => wanToFen(v, ctx, allowZero));

/** A challenge as its poster types it; the window is given in Beijing dates (open from the first day's start to the last day's end). */
export function challengeSchema(today: string = todayInShanghai()) {
  return z
    .object({
      needId: recordId.optional(),
      title: plainText(4, 80),
      problem: plainText(20, 4000),
      indicators: plainText(10, 2000),
      industryChainId: text(40).min(1),
      techFieldCode: text(10).min(1),
      countyCode: text(20).regex(/^\d{6}$/, { error: "v.choose" }),
      rewardWan: wan(false),
      payout: z.enum(CHALLENGE_PAYOUTS),
      mode: z.enum(CHALLENGE_MODES),
      teams: wholeNumber(2).pipe(z.number().int().min(1).max(10)),
      opensOn: isoDate,
      closesOn: isoDate,
      deliverBy: isoDate,
      qualifications: plainText(4, 2000),
      criteria: criteriaField,
      acceptance: plainText(4, 2000),
      contactName: plainText(2, 40),
      contactPhone: phone,
      contactEmail: email.optional(),
    })
    .refine((v) => v.closesOn >= v.opensOn && v.closesOn >= today, { path: ["closesOn"], error: "v.challenge.window" })
    .refine((v) => v.deliverBy > v.closesOn, { path: ["deliverBy"], error: "v.challenge.deliverBy" })
    .refine((v) => (v.mode === "single" ? v.teams === 1 : v.teams >= 2), { path: ["teams"], error: "v.challenge.teams" });
}
export type ChallengeInput = z.output<ReturnType<typeof challengeSchema>>;

export const challengeReviewSchema = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("approve") }),
  z.object({ decision: z.literal("return"), reason: plainText(2, 500) }),
]);

export const challengeApplicationSchema = z.object({
  proposal: plainText(20, 6000),
  team: plainText(4, 2000),
  budgetWan: wan(true),
  achievementId: recordId.optional(),
});
export type ChallengeApplicationInput = z.output<typeof challengeApplicationSchema>;

const score = wholeNumber(3).pipe(z.number().int().min(0, { error: "v.challenge.score" }).max(100, { error: "v.challenge.score" }));

/** One scorer's scores of one application: score0, score1, … by criterion position. */
export const challengeScoreSchema = z.object({
  applicationId: recordId,
  scores: z.array(score).min(1).max(10),
  note: plainText(0, 500).optional(),
});

export const challengeShortlistSchema = z.object({ applicationIds: z.array(recordId).min(1, { error: "v.chooseAtLeastOne" }).max(200) });

export const challengeAwardSchema = z.object({
  awards: z
    .array(z.object({ applicationId: recordId, awardWan: wan(false) }))
    .min(1, { error: "v.chooseAtLeastOne" })
    .max(10),
});

export const challengeMilestonePlanSchema = z.object({
  applicationId: recordId,
  milestones: z
    .array(z.object({ title: plainText(2, 80), dueOn: isoDate, amountWan: wan(false) }))
    .min(1)
    .max(12),
});

export const challengeAcceptSchema = z.object({ milestoneId: recordId, note: plainText(0, 500).optional() });
export const challengeCancelSchema = z.object({ reason: plainText(4, 500) });
export const challengePanelSchema = z.object({ userEmail: email });

/** The buttons of a challenge's page other than applying. */
export const challengePageIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("submit") }),
  z.object({ intent: z.literal("close") }),
  z.object({ intent: z.literal("approve") }),
  z.object({ intent: z.literal("return"), reason: plainText(2, 500) }),
  z.object({ intent: z.literal("cancel"), reason: plainText(4, 500) }),
]);

/** The buttons of a challenge's applications page. */
export const challengeDeskIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("score"), applicationId: recordId, scores: z.array(score).min(1).max(10), note: plainText(0, 500).optional() }),
  z.object({ intent: z.literal("shortlist"), applicationIds: z.array(recordId).min(1, { error: "v.chooseAtLeastOne" }).max(200) }),
  z.object({ intent: z.literal("award"), applicationIds: z.array(recordId).min(1, { error: "v.chooseAtLeastOne" }).max(10) }),
  z.object({
    intent: z.literal("plan"),
    applicationId: recordId,
    title: z.array(plainText(2, 80)).min(1).max(12),
    dueOn: z.array(isoDate).min(1).max(12),
    amountWan: z.array(wan(false)).min(1).max(12),
  }),
  z.object({ intent: z.literal("accept"), milestoneId: recordId, note: plainText(0, 500).optional() }),
  z.object({ intent: z.literal("panel_add"), userEmail: email }),
  z.object({ intent: z.literal("panel_remove"), userId: recordId }),
]);

/** One awarded team's part of the reward, typed in 万元 beside its name (awardWan-<application id>). */
export const awardAmountField = wan(false);

const many = <T extends z.ZodType>(item: T) =>
  z
    .union([item, z.array(item).max(20)])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

/** The public list's query: text and the facets (status, reward band, window, county, chain). */
export const challengeBrowseSchema = z.object({
  q: text(100, { trim: true }).optional(),
  status: many(z.enum(["published", "open", "closed", "shortlisted", "awarded", "accepted", "paid", "cancelled"])),
  band: many(z.enum(["lt100w", "100w-500w", "500w-1000w", "gte1000w"])),
  window: many(z.enum(["upcoming", "open", "ended"])),
  county: many(text(6).regex(/^\d{6}$/)),
  chain: many(text(40).regex(/^[a-z0-9-]+$/)),
});
export type ChallengeBrowseQuery = z.output<typeof challengeBrowseSchema>;
