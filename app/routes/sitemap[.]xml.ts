import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "../services/db.server";
import { renderSitemap, siteOrigin, sitemapEntries } from "../services/sitemap.server";

export function loader({ request }: LoaderFunctionArgs) {
  return new Response(renderSitemap(siteOrigin(request), sitemapEntries(getDb())), {
    headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=600" },
  });
}
