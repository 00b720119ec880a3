import { createCookie } from "@remix-run/node";
import { DEFAULT_LOCALE, isLocale, type Locale } from "../i18n";

export const localeCookie = createCookie("lang", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 365 * 24 * 3600 });

/** The visitor's language from an Accept-Language header: the most wanted of ours, else null. */
export function localeFromAcceptLanguage(header: string | undefined): Locale | null {
  if (!header) return null;
  let best: { locale: Locale; q: number } | null = null;
  for (const part of header.slice(0, 500).split(",")) {
    const [tag = "", ...params] = part.trim().toLowerCase().split(";");
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    const locale: Locale | null = tag === "en" || tag.startsWith("en-") ? "en" : tag === "zh" || tag.startsWith("zh-") ? "zh-CN" : null;
    if (locale && Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { locale, q };
  }
  return best?.locale ?? null;
}

/** The visitor's chosen language (remembered in a cookie), else the browser's, else Chinese. */
export async function getLocale(request: Request): Promise<Locale> {
  const chosen = await localeCookie.parse(request.headers.get("Cookie"));
  if (isLocale(chosen)) return chosen;
  return localeFromAcceptLanguage(request.headers.get("Accept-Language") ?? undefined) ?? DEFAULT_LOCALE;
}
