import { z } from "zod";
import { BROKER_DECISIONS, BROKER_GRADES, DISMISS_REASONS } from "../codes";
import { isoDate, optionalText, recordId, text } from "./fields";

export { DISMISS_REASONS as SUGGESTION_DISMISS_REASONS, BROKER_DECISIONS, type BrokerDecision } from "../codes";

/**
 * Certificate numbers follow no single national layout (the registry's numbering changed
 * over the years), so any short code of letters, digits and hyphens is accepted and kept
 * upper-case; the unique index keeps two people from claiming one certificate.
 */
const certificateNo = text(60, { trim: true })
  .transform((v) => v.normalize("NFKC").toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9][A-Z0-9-]{3,39}$/, { error: "v.certificateNo" }));

/** "2026-1": the year the programme's training ran and the round within it. */
const cohort = text(20, { trim: true })
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : v))
  .pipe(
    z
      .string()
      .regex(/^\d{4}-\d{1,2}$/, { error: "v.cohort" })
      .optional(),
  );

const chainList = z.preprocess(
  (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
  z.array(text(40).min(1)).min(1, { error: "v.chooseAtLeastOne" }).max(8),
);

/** A broker's application for certification, as he types it. */
export const brokerApplicationSchema = z
  .object({
    certificateNo,
    grade: z.enum(BROKER_GRADES),
    validFrom: isoDate,
    validUntil: isoDate,
    chains: chainList,
    cohort,
    orgId: recordId,
    bio: optionalText(500),
  })
  .superRefine((v, ctx) => {
    if (v.validUntil <= v.validFrom) ctx.addIssue({ code: "custom", path: ["validUntil"], message: "v.validityRange" });
  });
export type BrokerApplicationInput = z.output<typeof brokerApplicationSchema>;

/** The Bureau's decision; every refusal or withdrawal of a right carries its reason. */
export const brokerDecisionSchema = z
  .object({
    intent: z.enum(BROKER_DECISIONS),
    brokerId: recordId,
    note: optionalText(300),
  })
  .superRefine((v, ctx) => {
    if (v.intent !== "certify" && !v.note) ctx.addIssue({ code: "custom", path: ["note"], message: "v.reasonRequired" });
  });
export type BrokerDecisionInput = z.output<typeof brokerDecisionSchema>;

/** The Bureau hands a need to another lead broker. */
export const reassignSchema = z.object({
  intent: z.literal("reassign"),
  needId: recordId,
  brokerUserId: recordId,
});

const id = recordId;

/** The workbench's button on an open need. */
export const claimIntentSchema = z.object({ intent: z.literal("claim"), needId: id });

/** The buttons under a suggestion for a need the broker leads; "confirm" also takes an achievement he found himself. */
export const suggestionIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("confirm"), achievementId: id }),
  z.object({ intent: z.literal("dismiss"), achievementId: id, reason: z.enum(DISMISS_REASONS), note: optionalText(300) }),
]);

/** The workbench's filter of open needs: the broker's own chains, every chain, or one. */
export const openNeedsFilterSchema = z.object({
  chain: text(40)
    .regex(/^[a-z0-9-]+$/)
    .optional()
    .catch(undefined),
});
