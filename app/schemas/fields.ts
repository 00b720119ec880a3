import { z } from "zod";
import { parseAmountToFen } from "../services/money";

// Shared building blocks for the form schemas. Messages are i18n keys ("v.*"); length and
// type messages come from the localised error map in services/forms.server.ts.

const MARKUP = /<\s*\/?\s*[a-zA-Z!?]|javascript:/;

/** Trimmed text with no HTML: listings are plain text, shown escaped, and stored clean. */
export function plainText(min: number, max: number) {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((v) => !MARKUP.test(v), { error: "v.noMarkup" });
}

export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => !MARKUP.test(v), { error: "v.noMarkup" })
    .optional();

export const email = z.string().trim().toLowerCase().max(254).pipe(z.email({ error: "v.email" }));

/** Mainland mobile (11 digits from 1) or a landline with area code, with optional +86. */
export const phone = z
  .string()
  .trim()
  .max(30)
  .refine((v) => /^(\+?86[- ]?)?(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/.test(v.replace(/\s/g, "")), { error: "v.phone" });

/** An amount in 万元 typed by a person; becomes integer fen or undefined when left empty. */
export const optionalWanAmount = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === "") return undefined;
    const fen = parseAmountToFen(v, "wan");
    if (fen === null) {
      ctx.addIssue({ code: "custom", message: "v.money" });
      return z.NEVER;
    }
    if (fen > 100_000_000_000_000) {
      ctx.addIssue({ code: "custom", message: "v.moneyTooBig" });
      return z.NEVER;
    }
    return fen;
  });

/** Conform turns the select's "7" into 7 and an empty choice into undefined ("required"). */
export const trl = z.number().int().min(1).max(9);

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "v.date" }).refine((v) => !Number.isNaN(Date.parse(v)), { error: "v.date" });

export const password = z
  .string()
  .min(10)
  .max(200)
  .refine((v) => new Set([/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z\d]/].filter((r) => r.test(v))).size >= 2, { error: "v.password" });

/** Checkbox groups arrive as one value or several; both become a non-empty array. */
export function choiceList<const T extends readonly [string, ...string[]]>(values: T) {
  return z.array(z.enum(values)).min(1, { error: "v.chooseAtLeastOne" });
}
