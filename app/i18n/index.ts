import { common } from "./common";
import { validation } from "./validation";
import { auth } from "./auth";
import { listings } from "./listings";
import { admin } from "./admin";
import { notificationMessages } from "./notifications";
import { contractMessages } from "./contracts";
import { brokerMessages } from "./brokers";
import { matchingMessages } from "./matching";
import { paymentMessages } from "./payments";
import { batchMessages } from "./batches";
import { DEFAULT_LOCALE, type Locale } from "./define";

export { DEFAULT_LOCALE, LOCALES, isLocale, type Locale } from "./define";

const tables = [
  common,
  validation,
  auth,
  listings,
  admin,
  notificationMessages,
  contractMessages,
  brokerMessages,
  matchingMessages,
  paymentMessages,
  batchMessages,
];

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

const SHANGHAI = "Asia/Shanghai";

/** "技术转让、技术许可" in Chinese, "Transfer, Licence" in English. */
export function formatList(items: readonly string[], locale: Locale): string {
  return items.join(locale === "en" ? ", " : "、");
}

/** A UTC instant shown as a Beijing-time date ("2026年11月21日" / "Nov 21, 2026"). */
export function formatDate(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return "";
  const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T00:00:00+08:00`) : new Date(iso);
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "zh-CN", { timeZone: SHANGHAI, dateStyle: "medium" }).format(d);
}

export function formatDateTime(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "zh-CN", {
    timeZone: SHANGHAI,
    dateStyle: "medium",
    timeStyle: "short",
  }).format(new Date(iso));
}

/** Today's calendar date in Beijing, "YYYY-MM-DD". */
export function todayInShanghai(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: SHANGHAI, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export function yearInShanghai(now: Date = new Date()): number {
  return Number(todayInShanghai(now).slice(0, 4));
}
