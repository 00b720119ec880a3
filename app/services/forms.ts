import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import type { $ZodErrorMap, $ZodIssue, $ZodType } from "zod/v4/core";
import { translate, type Locale } from "../i18n";

/** The message key (and its parameters) for Zod's own issues, in the form "key|{json}". */
export const keyedErrorMap: $ZodErrorMap = (iss) => {
  switch (iss.code) {
    case "invalid_type":
      if (iss.input === undefined || iss.input === null || iss.input === "") return "v.required";
      return iss.expected === "number" ? "v.number" : iss.expected === "int" ? "v.integer" : "v.invalid";
    case "too_small":
      if (iss.origin === "string") return Number(iss.minimum) <= 1 ? "v.required" : `v.tooShort|${JSON.stringify({ min: Number(iss.minimum) })}`;
      if (iss.origin === "array" || iss.origin === "set") return "v.chooseAtLeastOne";
      return `v.tooSmall|${JSON.stringify({ min: Number(iss.minimum) })}`;
    case "too_big":
      if (iss.origin === "string") return `v.tooLong|${JSON.stringify({ max: Number(iss.maximum) })}`;
      return `v.tooBig|${JSON.stringify({ max: Number(iss.maximum) })}`;
    case "invalid_value":
    case "invalid_union":
      return "v.choose";
    case "invalid_format":
      return iss.format === "email" ? "v.email" : "v.invalid";
    default:
      return undefined;
  }
};

const KEYED = /^(v\.[\w.]+)\|(\{.*\})$/;

export function localiseMessage(locale: Locale, message: string): string {
  const m = KEYED.exec(message);
  if (!m) return translate(locale, message);
  return translate(locale, m[1]!, JSON.parse(m[2]!) as Record<string, number>);
}

/** A service's field errors (message keys) in the visitor's language, for submission.reply(). */
export function localiseFieldErrors(locale: Locale, fieldErrors: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(fieldErrors).map(([k, v]) => [k, v.map((m) => localiseMessage(locale, m))]));
}

/**
 * Parses a form with its schema and gives every field's messages in the visitor's
 * language. The submission keeps what was typed, for the form to show again.
 */
export function parseForm<S extends $ZodType>(formData: FormData, schema: S, locale: Locale) {
  return parseWithZod(formData, {
    schema,
    error: keyedErrorMap,
    formatError: (issues: $ZodIssue[]) => issues.map((i) => localiseMessage(locale, i.message)),
  });
}

export type Parsed<S extends z.ZodType> = z.output<S>;
