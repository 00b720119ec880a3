import { z } from "zod";
import { NATIONAL_RECORD_STATUSES } from "../codes";
import { plainText, text } from "./fields";

// The registrar's list of records imported from the national system, and cancelling one of them.

/** The list's filters, from its query string; anything malformed falls back to "all" or page 1. */
export const nationalRecordFilterSchema = z.object({
  status: z.enum(NATIONAL_RECORD_STATUSES).optional().catch(undefined),
  year: text(8, { trim: true }).pipe(z.coerce.number<string>().int().min(1980).max(2200)).optional().catch(undefined),
  q: text(100, { trim: true })
    .optional()
    .transform((v) => (v ? v : undefined))
    .catch(undefined),
  page: text(10, { trim: true }).pipe(z.coerce.number<string>().int().min(1).max(100_000)).default(1).catch(1),
});
export type NationalRecordFilter = z.output<typeof nationalRecordFilterSchema>;

/** 撤销登记 of an imported record: why, and the registrar's tick that it is meant. */
export const nationalRecordCancelSchema = z.object({
  reason: plainText(2, 500),
  confirmed: z
    .boolean()
    .default(false)
    .refine((v) => v, { error: "v.contract.cancelConfirmRequired" }),
});
export type NationalRecordCancelInput = z.output<typeof nationalRecordCancelSchema>;
