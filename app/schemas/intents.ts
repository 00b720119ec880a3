import { z } from "zod";
import { plainText, recordId } from "./fields";

// Forms of a button or two: what the button does and the record it acts on.

/** The Bureau verifies an organisation, or overrides a failed credit-code check. */
/**
 * The Bureau's decisions on an organisation. Verifying and refusing each take two posts: the
 * first asks the page to show what will happen, the second (confirmed) does it.
 */
export const organisationIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["verify", "override"]), orgId: recordId, confirmed: z.literal("yes").optional() }),
  z.object({ intent: z.literal("refuse"), orgId: recordId, reason: plainText(2, 500), confirmed: z.literal("yes").optional() }),
]);

/** One click re-confirms a listing from the owner's own list. */
export const listingConfirmSchema = z.object({ intent: z.literal("confirm"), id: recordId });

/** Opening one notification, or marking them all read. */
export const inboxIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("open"), id: recordId }),
  z.object({ intent: z.literal("readAll") }),
]);
