import { z } from "zod";
import { recordId } from "./fields";

// Forms of a button or two: what the button does and the record it acts on.

/** The Bureau verifies an organisation, or overrides a failed credit-code check. */
export const organisationIntentSchema = z.object({ intent: z.enum(["verify", "override"]), orgId: recordId });

/** One click re-confirms a listing from the owner's own list. */
export const listingConfirmSchema = z.object({ intent: z.literal("confirm"), id: recordId });

/** Opening one notification, or marking them all read. */
export const inboxIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("open"), id: recordId }),
  z.object({ intent: z.literal("readAll") }),
]);
