import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiNeedsQuery } from "../schemas/index.server";
import { apiNeeds } from "../services/api/listings.server";
import { apiRead, parseApiQuery, publicOrigin } from "../services/api/http.server";
import { getDb } from "../services/db.server";
import { getSearch } from "../services/search.server";

// GET /api/v1/needs: published technical needs, the /needs page's filters and search, paged.
export function loader({ request }: LoaderFunctionArgs) {
  const parsed = parseApiQuery(apiNeedsQuery, request);
  if (!parsed.ok) return parsed.response;
  const { data, locale } = parsed;
  return apiRead(locale, () => apiNeeds(getDb(), getSearch(), data, { locale, origin: publicOrigin(request) }));
}
