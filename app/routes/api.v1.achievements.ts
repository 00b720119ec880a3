import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiAchievementsQuery } from "../schemas/index.server";
import { apiAchievements } from "../services/api/listings.server";
import { apiRead, parseApiQuery, publicOrigin } from "../services/api/http.server";
import { getDb } from "../services/db.server";
import { getSearch } from "../services/search.server";

// GET /api/v1/achievements: published achievements, the /achievements page's filters and search, paged.
export function loader({ request }: LoaderFunctionArgs) {
  const parsed = parseApiQuery(apiAchievementsQuery, request);
  if (!parsed.ok) return parsed.response;
  const { data, locale } = parsed;
  return apiRead(locale, () => apiAchievements(getDb(), getSearch(), data, { locale, origin: publicOrigin(request) }));
}
