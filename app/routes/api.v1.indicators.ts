import type { LoaderFunctionArgs } from "@remix-run/node";
import { DEFAULT_LOCALE, makeT, yearInShanghai } from "../i18n";
import { officialIndicatorQuery } from "../schemas/index.server";
import { getDb } from "../services/db.server";
import { localeFromAcceptLanguage } from "../services/locale.server";
import { officialIndicatorJson } from "../services/official-indicator.server";

// GET /api/v1/indicators?year=YYYY: the official technology-contract figure of a year as
// JSON, for anyone (no personal data), the same bytes `npm run -s indicator` prints.

const HEADERS = { "Content-Type": "application/json; charset=utf-8", "Access-Control-Allow-Origin": "*" };

function problem(status: number, error: string, message: string): Response {
  return new Response(JSON.stringify({ error, message }), { status, headers: { ...HEADERS, "Cache-Control": "no-store" } });
}

export function loader({ request }: LoaderFunctionArgs) {
  const t = makeT(localeFromAcceptLanguage(request.headers.get("Accept-Language") ?? undefined) ?? DEFAULT_LOCALE);
  const raw = new URL(request.url).searchParams.get("year");
  const parsed = officialIndicatorQuery.safeParse({ year: raw ?? undefined });
  if (!parsed.success) return problem(400, "bad_year", t("api.indicators.badYear"));
  const year = parsed.data.year ?? yearInShanghai();
  let body: string;
  try {
    body = officialIndicatorJson(getDb(), year);
  } catch {
    return problem(503, "unavailable", t("api.indicators.unavailable"));
  }
  return new Response(body, { status: 200, headers: { ...HEADERS, "Cache-Control": "public, max-age=60" } });
}
