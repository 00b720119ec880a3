import { common } from "./common";
import { validation } from "./validation";
import { auth } from "./auth";
import { listings } from "./listings";
import { admin } from "./admin";
import { notificationMessages } from "./notifications";
import { contractMessages } from "./contracts";
import { brokerMessages } from "./brokers";
import { matchingMessages } from "./matching";
import { DEFAULT_LOCALE, type Locale } from "./define";

export { DEFAULT_LOCALE, LOCALES, isLocale, type Locale } from "./define";
export { formatDate, formatDateTime, formatList, todayInShanghai, yearInShanghai } from "./format";

const tables = [common, validation, auth, listings, admin, notificationMessages, contractMessages, brokerMessages, matchingMessages];

type Keys<T> = T extends { "zh-CN": Record<infer K, string> } ? K : never;
export type MessageKey = Keys<(typeof tables)[number]>;

const merged: Record<Locale, Record<string, string>> = { "zh-CN": {}, en: {} };
for (const table of tables) {
  Object.assign(merged["zh-CN"], table["zh-CN"]);
  Object.assign(merged.en, table.en);
}

export type Params = Record<string, string | number>;

/** Looks a key up in a locale and fills {placeholders}; an unknown key is returned as it is. */
export function translate(locale: Locale, key: string, params?: Params): string {
  const template = merged[locale][key] ?? merged[DEFAULT_LOCALE][key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
}

export type T = (key: MessageKey, params?: Params) => string;

export function makeT(locale: Locale): T {
  return (key, params) => translate(locale, key, params);
}
