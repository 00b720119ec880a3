// Money is integer fen (分) everywhere below the UI. Parsing goes through decimal strings,
// never floats, so "0.1" 万元 is exactly 100,000 fen.

import { numberFormat } from "../i18n/intl";

export const FEN_PER_YUAN = 100;
export const FEN_PER_WAN = 1_000_000;
/** The longest amount text parsed at all ("¥ 100,000,000.000000" with spaces to spare). */
export const MAX_AMOUNT_INPUT = 40;

/**
 * Parses a decimal amount in a unit (yuan or 万元) into fen. Accepts full-width digits,
 * thousands separators and surrounding spaces; returns null for anything else, including
 * negatives and more decimals than a fen can hold.
 */
export function parseAmountToFen(input: string, unit: "yuan" | "wan"): number | null {
  // No amount a person types is longer; a huge digit string would block the process in BigInt.
  if (input.length > MAX_AMOUNT_INPUT) return null;
  const s = input.normalize("NFKC").replace(/[,\s]/g, "").replace(/^¥/, "");
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return null;
  const scaleDigits = unit === "yuan" ? 2 : 6;
  const frac = m[2] ?? "";
  if (frac.length > scaleDigits) return null;
  const whole = BigInt(m[1]!) * BigInt(10 ** scaleDigits) + BigInt(frac.padEnd(scaleDigits, "0") || "0");
  if (whole > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(whole);
}

function localeTag(locale: string): string {
  return locale === "en" ? "en-US" : "zh-CN";
}

/** Chinese: "12.5 万元" from 10,000 yuan up, "¥1,234.56" below. English: "¥125,000". */
export function formatFen(fen: number, locale: string): string {
  const tag = localeTag(locale);
  if (locale !== "en" && Math.abs(fen) >= FEN_PER_WAN) {
    return `${numberFormat(tag, { maximumFractionDigits: 2 }).format(fen / FEN_PER_WAN)} 万元`;
  }
  const yuan = fen / FEN_PER_YUAN;
  return numberFormat(tag, {
    style: "currency",
    currency: "CNY",
    currencyDisplay: "narrowSymbol",
    minimumFractionDigits: fen % FEN_PER_YUAN === 0 ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(yuan);
}

/** Headline figures: "18.6 亿元" in Chinese (1 亿元 = 10,000,000,000 fen), "¥1.86 billion" in English. */
export function formatYi(fen: number, locale: string): string {
  if (locale === "en") {
    return `¥${numberFormat("en-US", { notation: "compact", compactDisplay: "long", maximumFractionDigits: 2 }).format(fen / FEN_PER_YUAN)}`;
  }
  return `${numberFormat("zh-CN", { maximumFractionDigits: 2 }).format(fen / 10_000_000_000)} 亿元`;
}

/** A fen amount as a 万元 decimal string for a form field (no grouping, exact). */
export function fenToWanInput(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return "";
  const whole = Math.trunc(fen / FEN_PER_WAN);
  const frac = String(fen % FEN_PER_WAN)
    .padStart(6, "0")
    .replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : String(whole);
}
