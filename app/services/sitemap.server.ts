import { desc, inArray } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { achievements, challenges, needs, scenarios } from "../../db/schema";
import { PUBLIC_CHALLENGE_STATUSES } from "../../search/challenge-documents";
import { PUBLIC_SCENARIO_STATUSES } from "../../search/scenario-documents";
import { getEnv } from "./env.server";
import { PUBLIC_STATUSES } from "./listings.server";

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

/** Every page the sitemap lists: the list pages, and each public need, achievement, challenge and scenario. */
export function sitemapEntries(db: Db): SitemapEntry[] {
  const needRows = db
    .select({ id: needs.id, updatedAt: needs.updatedAt, publishedAt: needs.publishedAt })
    .from(needs)
    .where(inArray(needs.status, [...PUBLIC_STATUSES.need]))
    .orderBy(desc(needs.publishedAt))
    .all();
  const achievementRows = db
    .select({ id: achievements.id, updatedAt: achievements.updatedAt, publishedAt: achievements.publishedAt })
    .from(achievements)
    .where(inArray(achievements.status, [...PUBLIC_STATUSES.achievement]))
    .orderBy(desc(achievements.publishedAt))
    .all();
  const challengeRows = db
    .select({ id: challenges.id, updatedAt: challenges.updatedAt, publishedAt: challenges.publishedAt })
    .from(challenges)
    .where(inArray(challenges.status, [...PUBLIC_CHALLENGE_STATUSES]))
    .orderBy(desc(challenges.publishedAt))
    .all();
  const scenarioRows = db
    .select({ id: scenarios.id, updatedAt: scenarios.updatedAt, publishedAt: scenarios.publishedAt })
    .from(scenarios)
    .where(inArray(scenarios.status, [...PUBLIC_SCENARIO_STATUSES]))
    .orderBy(desc(scenarios.publishedAt))
    .all();
  const lastNeed = newest(needRows.map((r) => r.updatedAt));
  const lastAchievement = newest(achievementRows.map((r) => r.updatedAt));
  const lastChallenge = newest(challengeRows.map((r) => r.updatedAt));
  const lastScenario = newest(scenarioRows.map((r) => r.updatedAt));
  const listLastmod: Record<string, string | null> = {
    "/": newest([lastNeed, lastAchievement, lastChallenge, lastScenario]),
    "/needs": lastNeed,
    "/achievements": lastAchievement,
    "/challenges": lastChallenge,
    "/scenarios": lastScenario,
  };
  return [
    ...LIST_PAGES.map((path) => ({ path, lastmod: day(listLastmod[path] ?? null) })),
    ...needRows.map((r) => ({ path: `/needs/${r.id}`, lastmod: day(r.updatedAt ?? r.publishedAt) })),
    ...achievementRows.map((r) => ({ path: `/achievements/${r.id}`, lastmod: day(r.updatedAt ?? r.publishedAt) })),
    ...challengeRows.map((r) => ({ path: `/challenges/${r.id}`, lastmod: day(r.updatedAt ?? r.publishedAt) })),
    ...scenarioRows.map((r) => ({ path: `/scenarios/${r.id}`, lastmod: day(r.updatedAt ?? r.publishedAt) })),
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
