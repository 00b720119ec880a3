import type { LoaderFunctionArgs } from "@remix-run/node";
import { renderRobots, siteOrigin } from "../services/sitemap.server";

export function loader({ request }: LoaderFunctionArgs) {
  return new Response(renderRobots(siteOrigin(request)), {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
