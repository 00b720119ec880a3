import { z } from "zod";
import { CONTRACT_FLAG_KINDS } from "../codes";
import { plainText, text } from "./fields";

// The registrar's side of the padding checks: the policy numbers they run on, clearing a flag
// with a reason, and the filters of the flag list.

/** The review line (fen), the split window and the decision window (days); policy data. */
export const registrationChecksSchema = z.object({
  reviewLineFen: z.number().int().positive().max(100_000_000_000_000),
  splitWindowDays: z.number().int().min(1).max(3660),
  decisionWindowDays: z.number().int().min(1).max(3660),
});
export type RegistrationChecks = z.output<typeof registrationChecksSchema>;

/** Clearing a flag: why the registrar judged it sound, and the page to return to. */
export const clearFlagSchema = z.object({
  reason: plainText(2, 500),
  returnTo: text(500, { trim: true }).optional(),
});
export type ClearFlagInput = z.output<typeof clearFlagSchema>;

/** The flag list's filters, from its query string; anything unknown falls back to the default. */
export const flagFilterSchema = z.object({
  kind: z.enum(CONTRACT_FLAG_KINDS).optional().catch(undefined),
  state: z.enum(["open", "cleared", "all"]).default("open").catch("open"),
  year: text(8, { trim: true }).pipe(z.coerce.number<string>().int().min(2000).max(2100)).optional().catch(undefined),
});
export type FlagFilter = z.output<typeof flagFilterSchema>;
