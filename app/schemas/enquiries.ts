import { z } from "zod";
import { ENQUIRY_MESSAGE_MAX, ENQUIRY_NOTE_MAX, ENQUIRY_REASONS, RESPONSE_CODES } from "../codes";
import { optionalText, plainText, recordId } from "./fields";

/** A member's expression of interest in a listing, posted from the listing's page. */
export const enquirySchema = z.object({
  intent: z.literal("interest"),
  reason: z.enum(ENQUIRY_REASONS),
  message: plainText(10, ENQUIRY_MESSAGE_MAX, { lines: true }),
  /** An institute may name one of its own published achievements. */
  achievementId: recordId.optional(),
});
export type EnquiryFormInput = z.output<typeof enquirySchema>;

/** The owner's reason-coded answer to an enquiry, with an optional note. */
export const enquiryAnswerSchema = z.object({
  intent: z.literal("answer"),
  enquiryId: recordId,
  code: z.enum(RESPONSE_CODES),
  note: optionalText(ENQUIRY_NOTE_MAX, { lines: true }),
});
