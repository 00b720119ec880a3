import { z } from "zod";
import { parseAmountToFen } from "../services/money";

// Shared building blocks for the form schemas. Messages are i18n keys ("v.*"); length and
// type messages come from the localised error map in services/forms.ts.

const MARKUP = /<\s*\/?\s*[a-zA-Z!?]|javascript:/;

/** C0 controls (U+0000–U+001F), DEL and the C1 controls (U+0080–U+009F). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** The same, less tab, line feed and carriage return, which long text keeps (textareas post CRLF). */
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Text of this many characters or more is typed in a textarea and keeps its line breaks. */
export const LONG_TEXT = 500;

/** Whether a value holds a character no person types into a form field. */
export function hasControlChars(value: string, lines = false): boolean {
  return (lines ? CONTROL_BUT_LINES : CONTROL).test(value);
}

export type TextOptions = {
  /** Trim surrounding white space first (cheap: only the ends are looked at). */
  trim?: boolean;
  /** Keep tab, CR and LF; by default only long text (LONG_TEXT and up) does. */
  lines?: boolean;
};

/**
 * The base of every string a form or query sends. The length is checked first and a failure
 * ends the checks, so no pattern, conversion or transform ever runs on an oversized value;
 * then control characters are refused (an abort too: nothing later sees them).
 */
export function text(max: number, { trim = false, lines = max >= LONG_TEXT }: TextOptions = {}) {
  return (trim ? z.string().trim() : z.string()).max(max, { abort: true }).refine((v) => !hasControlChars(v, lines), { error: "v.controlChars", abort: true });
}

/** Trimmed text with no HTML: listings are plain text, shown escaped, and stored clean. */
export function plainText(min: number, max: number, options: Omit<TextOptions, "trim"> = {}) {
  return text(max, { ...options, trim: true })
    .min(min)
    .refine((v) => !MARKUP.test(v), { error: "v.noMarkup" });
}

export const optionalText = (max: number, options: Omit<TextOptions, "trim"> = {}) =>
  text(max, { ...options, trim: true })
    .refine((v) => !MARKUP.test(v), { error: "v.noMarkup" })
    .optional();

export const email = text(254, { trim: true })
  .toLowerCase()
  .pipe(z.email({ error: "v.email" }));

/** Mainland mobile (11 digits from 1) or a landline with area code, with optional +86. */
export const phone = text(30, { trim: true }).refine((v) => /^(\+?86[- ]?)?(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/.test(v.replace(/\s/g, "")), {
  error: "v.phone",
});

/** A record id as a form posts it: a short string of digits. */
export const recordId = text(16, { trim: true }).pipe(z.coerce.number<string>().int().positive());

/** A whole number typed or chosen in a form, from a string of at most `maxChars` characters. */
export const wholeNumber = (maxChars: number) => text(maxChars, { trim: true }).pipe(z.coerce.number<string>().int());

/** No amount a person types needs more characters ("100,000,000.000000" is 18). */
export const AMOUNT_MAX_CHARS = 20;

/** What a person types in an amount field, capped before any number parsing happens. */
export const amountText = text(AMOUNT_MAX_CHARS, { trim: true });

/** 万元 as typed into fen; an issue ("v.money", or `invalidKey`) when it is not an amount. */
export function wanToFen(v: string, ctx: z.RefinementCtx, allowZero = true, invalidKey = "v.money"): number {
  const fen = parseAmountToFen(v, "wan");
  if (fen === null || (!allowZero && fen === 0)) {
    ctx.addIssue({ code: "custom", message: invalidKey });
    return z.NEVER;
  }
  if (fen > 100_000_000_000_000) {
    ctx.addIssue({ code: "custom", message: "v.moneyTooBig" });
    return z.NEVER;
  }
  return fen;
}

/** An amount in 万元 typed by a person; becomes integer fen or undefined when left empty. */
export const optionalWanAmount = amountText.optional().transform((v, ctx) => (v === undefined || v === "" ? undefined : wanToFen(v, ctx)));

/** A percentage with at most two decimals, as basis points (3.5 % → 350); null when it is not one. */
export function percentToBp(v: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(v.normalize("NFKC").trim().replace(/%$/, ""));
  const bp = m ? Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0")) : NaN;
  return Number.isInteger(bp) && bp <= 10_000 ? bp : null;
}

/** Conform turns an empty choice into undefined ("required"); "7" becomes 7. */
export const trl = wholeNumber(2).pipe(z.number().min(1).max(9));

export const isoDate = text(20)
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "v.date" })
  .refine((v) => !Number.isNaN(Date.parse(v)), { error: "v.date" });

export const password = text(200)
  .min(10)
  .refine((v) => new Set([/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z\d]/].filter((r) => r.test(v))).size >= 2, { error: "v.password" });

/** Checkbox groups arrive as one value or several; both become a non-empty array. */
export function choiceList<const T extends readonly [string, ...string[]]>(values: T) {
  return z.array(z.enum(values)).min(1, { error: "v.chooseAtLeastOne" });
}
