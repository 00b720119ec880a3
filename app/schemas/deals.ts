import { z } from "zod";
import { DEAL_NOTE_MAX, DISMISS_REASONS, PROPOSAL_SIDES, RESPONSE_CODES, STAGE_TARGETS } from "../codes";
import { optionalText, plainText, recordId, text } from "./fields";

const id = recordId;

export { INTEREST_SUBJECT, PROCEED_SUBJECT, PROPOSAL_SIDES, STAGE_TARGETS, type StageTarget } from "../codes";

/**
 * A note in a deal's private log. Angle brackets are ordinary text here ("<5 % moisture", a
 * formula): the log renders notes escaped and no notice or e-mail carries them as markup.
 */
export const dealNoteBody = text(DEAL_NOTE_MAX, { trim: true, lines: true }).min(1);

/** Every button and form in a deal room except the file upload, which is multipart. */
export const dealIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("note"), body: dealNoteBody }),
  z
    .object({
      intent: z.literal("stage"),
      to: z.enum(STAGE_TARGETS),
      reason: z.enum(DISMISS_REASONS).optional(),
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
