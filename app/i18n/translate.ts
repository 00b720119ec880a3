import type { MessageKey } from "./messages.server";

// Filling a message in. This module holds no message table: the server looks messages up in
// both languages' tables, the browser in the one language the root loader sends it.

export type Params = Record<string, string | number>;

/** One language's messages, by key. */
export type Messages = Readonly<Record<string, string>>;

export type T = (key: MessageKey, params?: Params) => string;

/**
 * A plural choice in a template: `{n, plural, one {# contract} other {# contracts}}`, with
 * `=0 {…}` for an exact value; `#` stands for the value. Chosen by the language's plural rules
 * (Intl.PluralRules), so English reads "1 contract", "2 contracts"; Chinese needs none.
 */
const PLURAL = /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g;
const CHOICE = /(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g;

const pluralRules = new Map<string, Intl.PluralRules>();
function rulesFor(locale: string): Intl.PluralRules {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules;
}

/** A value as plural rules count it: a number, or a formatted one ("1,234", "1.5"). */
const countOf = (value: string | number): number => (typeof value === "number" ? value : Number(value.replace(/[,\s]/g, "")));

function choosePlural(locale: string, choices: string, value: string | number): string {
  const options = new Map([...choices.matchAll(CHOICE)].map((m) => [m[1]!, m[2]!]));
  const n = countOf(value);
  const chosen = options.get(`=${n}`) ?? (Number.isFinite(n) ? options.get(rulesFor(locale).select(n)) : undefined) ?? options.get("other") ?? "";
  return chosen.replace(/#/g, String(value));
}

/** A template's plural choices and {placeholders} filled from params; a placeholder with no value stays as it is. */
export function fill(template: string, params?: Params, locale = "en"): string {
  if (!params) return template;
  return template
    .replace(PLURAL, (whole, name: string, choices: string) => (name in params ? choosePlural(locale, choices, params[name]!) : whole))
    .replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
}

/** A translator over one language's messages; an unknown key is returned as it is. */
export function translator(messages: Messages, locale = "en"): T {
  return (key, params) => fill(messages[key] ?? key, params, locale);
}
