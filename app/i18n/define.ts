export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";

/** A message table in both languages; the English side must have every key the Chinese side has. */
export function defineMessages<K extends string>(zh: Record<K, string>, en: Record<K, string>) {
  return { "zh-CN": zh, en } as const;
}

export function isLocale(v: unknown): v is Locale {
  return v === "zh-CN" || v === "en";
}
