import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiBrokersQuery } from "../schemas/index.server";
import { apiBrokers } from "../services/api/brokers.server";
import { apiRead, parseApiQuery, publicOrigin } from "../services/api/http.server";
import { getDb } from "../services/db.server";

// GET /api/v1/brokers: the public broker directory (/brokers), its chain filter, paged.
export function loader({ request }: LoaderFunctionArgs) {
  const parsed = parseApiQuery(apiBrokersQuery, request);
  if (!parsed.ok) return parsed.response;
  const { data, locale } = parsed;
  return apiRead(locale, () => apiBrokers(getDb(), data, { locale, origin: publicOrigin(request) }));
}
