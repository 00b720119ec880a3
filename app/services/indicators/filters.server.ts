import { yearInShanghai } from "../../i18n/format";
import { COUNTY_PATTERN } from "./links";

/** The dashboard's ?year= and ?county=; anything else falls back to the current year and the whole city. */
export function dashboardFilters(params: URLSearchParams, now: Date = new Date()): { year: number; county: string | null } {
  const y = Number(params.get("year"));
  const year = Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : yearInShanghai(now);
  const c = params.get("county") ?? "";
  return { year, county: COUNTY_PATTERN.test(c) ? c : null };
}
