import type { z } from "zod";
import { DEFAULT_LOCALE, makeT, type Locale, type MessageKey, type T } from "../../i18n";
import { API_ARRAY_PARAMS } from "../../schemas/api";
import { getEnv } from "../env.server";
import { localeFromAcceptLanguage } from "../locale.server";

// What every JSON answer of the open API shares: the language (Accept-Language only: the API
// reads no cookie), the headers, the error form { error, message }, and the query parsing.

export const API_HEADERS = { "Content-Type": "application/json; charset=utf-8", "Access-Control-Allow-Origin": "*" } as const;

export function apiLocale(request: Request): Locale {
  return localeFromAcceptLanguage(request.headers.get("Accept-Language") ?? undefined) ?? DEFAULT_LOCALE;
}

export function apiJson(body: unknown, maxAgeSeconds = 60): Response {
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: { ...API_HEADERS, "Cache-Control": `public, max-age=${maxAgeSeconds}`, Vary: "Accept-Language" },
  });
}

export function apiProblem(status: number, error: string, message: string): Response {
  return new Response(JSON.stringify({ error, message }), { status, headers: { ...API_HEADERS, "Cache-Control": "no-store", Vary: "Accept-Language" } });
}

/** The site's public address for item links: PUBLIC_ORIGIN when set, else the request's own. */
export function publicOrigin(request: Request): string {
  return getEnv().PUBLIC_ORIGIN?.replace(/\/$/, "") ?? new URL(request.url).origin;
}

/** Query parameters as the schemas read them: the repeatable ones always as arrays, the others as their last value. */
export function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = API_ARRAY_PARAMS.has(key) ? all.filter((v) => v !== "") : all[all.length - 1]!;
  }
  return out;
}

type Issue = z.core.$ZodIssue;

function reason(t: T, issue: Issue): string {
  switch (issue.code) {
    case "too_big":
      if (issue.origin === "array") return t("api.reason.tooBig.array", { max: String(issue.maximum) });
      if (issue.origin === "string") return t("api.reason.tooBig.string", { max: String(issue.maximum) });
      return t("api.reason.tooBig.number", { max: String(issue.maximum) });
    case "too_small":
      if (issue.origin === "string") return t("api.reason.tooSmall.string");
      return t("api.reason.tooSmall.number", { min: String(issue.minimum) });
    case "invalid_type":
      return issue.expected === "number" || issue.expected === "int" ? t("api.reason.whole") : t("api.reason.form");
    case "invalid_value":
      return t("api.reason.oneOf", { values: issue.values.map(String).join(", ") });
    case "custom":
      // The shared field checks name their message by key (e.g. v.controlChars).
      return issue.message.startsWith("v.") ? t(issue.message as MessageKey) : t("api.reason.form");
    default:
      return t("api.reason.form");
  }
}

/** Parses the request's query with an API schema; bad input is a 400 naming the parameter in the visitor's language. */
export function parseApiQuery<S extends z.ZodType>(
  schema: S,
  request: Request,
): { ok: true; data: z.output<S>; locale: Locale } | { ok: false; response: Response } {
  const locale = apiLocale(request);
  const parsed = schema.safeParse(queryObject(new URL(request.url).searchParams));
  if (parsed.success) return { ok: true, data: parsed.data, locale };
  const t = makeT(locale);
  const issue = parsed.error.issues[0]!;
  const param = issue.path.filter((p) => typeof p === "string").join(".") || "?";
  return { ok: false, response: apiProblem(400, "bad_query", t("api.badQuery", { param, reason: reason(t, issue) })) };
}

/** Runs a read; a storage fault is a 503 in the visitor's language, never a 500 with a stack. */
export async function apiRead(locale: Locale, read: () => unknown): Promise<Response> {
  try {
    return apiJson(await read());
  } catch (err) {
    console.error(JSON.stringify({ level: "error", event: "api_read_failed", message: err instanceof Error ? err.message : String(err) }));
    return apiProblem(503, "unavailable", makeT(locale)("api.unavailable"));
  }
}
