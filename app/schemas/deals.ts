import { z } from "zod";
import { RESPONSE_CODES } from "../../db/schema";
import { SUGGESTION_DISMISS_REASONS } from "./brokers";
import { optionalText, plainText, recordId } from "./fields";

const id = recordId;

/** The stages a broker may move a deal to by hand; "suggested" and "contacted" come from confirming. */
export const STAGE_TARGETS = ["negotiating", "signed", "dismissed"] as const;
export type StageTarget = (typeof STAGE_TARGETS)[number];

export const PROPOSAL_SIDES = ["buyer", "seller", "both"] as const;

/** Every button and form in a deal room except the file upload, which is multipart. */
export const dealIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("note"), body: plainText(1, 2000) }),
  z
    .object({
      intent: z.literal("stage"),
      to: z.enum(STAGE_TARGETS),
      reason: z.enum(SUGGESTION_DISMISS_REASONS).optional(),
      note: optionalText(300),
    })
    .superRefine((v, ctx) => {
      if (v.to === "dismissed" && !v.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "v.reasonRequired" });
    }),
  // A party's proposal goes to the other side; the broker says which side (or both) must answer.
  z.object({ intent: z.literal("propose"), subject: plainText(2, 200), side: z.enum(PROPOSAL_SIDES).optional() }),
  z.object({ intent: z.literal("answer"), responseId: id, code: z.enum(RESPONSE_CODES), note: optionalText(500) }),
  z.object({ intent: z.literal("agree") }),
]);
export type DealIntent = z.output<typeof dealIntentSchema>;

/** The subject of the request every confirmed match sends to both sides. */
export const INTEREST_SUBJECT = "interest";
/** The subject under which a party's agreement to proceed is reported to the others. */
export const PROCEED_SUBJECT = "proceed";
