import type { Db } from "../../db/connection";
import { publicListingVersions } from "../../search/documents";
import { LISTING_KIND_LIST, type ListingKind } from "../../search/types";
import { getEnv } from "./env.server";

// What search engines are told: robots.txt (what to crawl) and the sitemap (every public page
// worth finding, with when it last changed).

export type SitemapEntry = { path: string; lastmod: string | null };

/** The public list pages, in the order the header offers them. */
const LIST_PAGES = [
  "/",
  "/needs",
  "/achievements",
  "/challenges",
  "/scenarios",
  "/transformation-list",
  "/brokers",
  "/indicators",
  "/privacy",
  "/terms",
  "/api/v1/docs",
];

/** A date as the sitemap writes it (W3C datetime, day precision). */
const day = (iso: string | null): string | null => (iso ? iso.slice(0, 10) : null);

/** The newest of several dates, or null. */
const newest = (dates: (string | null)[]): string | null =>
  dates
    .filter((d): d is string => !!d)
    .sort()
    .at(-1) ?? null;

/** Where each kind of listing's pages live. */
const LISTING_PATHS: Record<ListingKind, string> = { need: "/needs", achievement: "/achievements", challenge: "/challenges", scenario: "/scenarios" };

/** Every page the sitemap lists: the list pages, and each public need, achievement, challenge and scenario. */
export function sitemapEntries(db: Db): SitemapEntry[] {
  // The same public listings, by the same statuses, as the search index holds.
  const listings = LISTING_KIND_LIST.map((kind) => ({ path: LISTING_PATHS[kind], versions: publicListingVersions(db, kind) }));
  const lastOfKind = listings.map((l) => [l.path, newest([...l.versions.values()])] as const);
  const listLastmod: Record<string, string | null> = { "/": newest(lastOfKind.map(([, last]) => last)), ...Object.fromEntries(lastOfKind) };
  return [
    ...LIST_PAGES.map((path) => ({ path, lastmod: day(listLastmod[path] ?? null) })),
    ...listings.flatMap((l) => [...l.versions].map(([id, updatedAt]) => ({ path: `${l.path}/${id}`, lastmod: day(updatedAt) }))),
  ];
}

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The site's public origin: PUBLIC_ORIGIN when configured, else the one the request came to. */
export function siteOrigin(request: Request): string {
  return (getEnv().PUBLIC_ORIGIN ?? new URL(request.url).origin).replace(/\/$/, "");
}

/** The sitemap document (sitemaps.org 0.9). */
export function renderSitemap(origin: string, entries: SitemapEntry[]): string {
  const urls = entries.map((e) => `  <url><loc>${escapeXml(origin + e.path)}</loc>${e.lastmod ? `<lastmod>${e.lastmod}</lastmod>` : ""}</url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join("\n")}\n</urlset>\n`;
}

/** robots.txt: public pages open, the desk, the API (but its documentation), accounts and deals closed. */
export function renderRobots(origin: string): string {
  return [
    "User-agent: *",
    "Allow: /",
    "Allow: /api/v1/docs",
    "Disallow: /admin",
    "Disallow: /api/",
    "Disallow: /account",
    "Disallow: /inbox",
    "Disallow: /login",
    "Disallow: /register",
    "Disallow: /logout",
    "Disallow: /lang",
    "Disallow: /me/",
    "Disallow: /broker$",
    "Disallow: /broker/",
    "Disallow: /deals/",
    "Disallow: /contracts",
    "Disallow: /needs/new",
    "Disallow: /achievements/new",
    "Disallow: /*/edit$",
    "Disallow: /*.csv$",
    "Disallow: /*.xlsx$",
    "",
    `Sitemap: ${origin}/sitemap.xml`,
    "",
  ].join("\n");
}
