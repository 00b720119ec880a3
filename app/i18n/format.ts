import type { Locale } from "./define";
import { dateTimeFormat } from "./intl";

// Dates, times and lists in the visitor's language. This module imports no message table,
// so a page that shows a date does not carry the dictionaries to the browser.

const SHANGHAI = "Asia/Shanghai";

/**
 * A formatter held by the function that uses it: a page formats dozens of dates, and looking
 * the shared one up by its options (a JSON key made on every call) cost more than formatting.
 */
function held(locale: string, options: Intl.DateTimeFormatOptions): () => Intl.DateTimeFormat {
  let f: Intl.DateTimeFormat | undefined;
  return () => (f ??= dateTimeFormat(locale, options));
}

const dateZh = held("zh-CN", { timeZone: SHANGHAI, dateStyle: "medium" });
const dateEn = held("en-GB", { timeZone: SHANGHAI, dateStyle: "medium" });
const dateTimeZh = held("zh-CN", { timeZone: SHANGHAI, dateStyle: "medium", timeStyle: "short" });
const dateTimeEn = held("en-GB", { timeZone: SHANGHAI, dateStyle: "medium", timeStyle: "short" });
const UTC8_FROM = Date.UTC(1992, 0, 1);
const UTC8_UNTIL = Date.UTC(9999, 0, 1);
const isoDay = held("en-CA", { timeZone: SHANGHAI, year: "numeric", month: "2-digit", day: "2-digit" });

/** "技术转让、技术许可" in Chinese, "Transfer, Licence" in English. */
export function formatList(items: readonly string[], locale: Locale): string {
  return items.join(locale === "en" ? ", " : "、");
}

/** A UTC instant shown as a Beijing-time date ("2026年11月21日" / "Nov 21, 2026"). */
export function formatDate(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return "";
  const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T00:00:00+08:00`) : new Date(iso);
  return (locale === "en" ? dateEn() : dateZh()).format(d);
}

export function formatDateTime(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return "";
  return (locale === "en" ? dateTimeEn() : dateTimeZh()).format(new Date(iso));
}

/** Today's calendar date in Beijing, "YYYY-MM-DD". */
export function todayInShanghai(now: Date = new Date()): string {
  // Shanghai has kept UTC+8 all year since 1991: its date is the UTC date eight hours on,
  // far cheaper than a time-zone formatter on every request.
  const t = now.getTime();
  if (t >= UTC8_FROM && t < UTC8_UNTIL) return new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
  return isoDay().format(now);
}

export function yearInShanghai(now: Date = new Date()): number {
  return Number(todayInShanghai(now).slice(0, 4));
}
