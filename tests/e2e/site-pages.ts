import fs from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "@playwright/test";
import type { Locale } from "../../app/i18n";
import { localeCookie } from "../../app/services/locale.server";
import type { DemoRole } from "./fixtures";

// Every page of the site, by the role that uses it: what the accessibility and phone checks
// walk. The list is checked against app/routes, so a new page that nobody added here fails
// the accessibility spec until it is listed (or excluded with a reason).

export type Role = DemoRole | "visitor";

/** One page to check: a route pattern (`:name` for a parameter, resolved from the demo data) and who looks at it. */
export interface SitePage {
  path: string;
  role: Role;
}

export const SITE_PAGES: readonly SitePage[] = [
  // Public pages, as a visitor sees them.
  { path: "/", role: "visitor" },
  { path: "/needs", role: "visitor" },
  { path: "/needs/:id", role: "visitor" },
  { path: "/achievements", role: "visitor" },
  { path: "/achievements/:id", role: "visitor" },
  { path: "/transformation-list", role: "visitor" },
  { path: "/brokers", role: "visitor" },
  { path: "/brokers/:id", role: "visitor" },
  { path: "/organisations/:id", role: "visitor" },
  { path: "/indicators", role: "visitor" },
  { path: "/challenges", role: "visitor" },
  { path: "/challenges/:id", role: "visitor" },
  { path: "/scenarios", role: "visitor" },
  { path: "/scenarios/:id", role: "visitor" },
  { path: "/api/v1/docs", role: "visitor" },
  { path: "/login", role: "visitor" },
  { path: "/forgot-password", role: "visitor" },
  { path: "/privacy", role: "visitor" },
  { path: "/terms", role: "visitor" },
  { path: "/register", role: "visitor" },
  // An enterprise.
  { path: "/", role: "enterprise" },
  { path: "/me/listings", role: "enterprise" },
  { path: "/needs/new", role: "enterprise" },
  { path: "/needs/:ownId", role: "enterprise" },
  { path: "/needs/:id/edit", role: "enterprise" },
  { path: "/me/deals", role: "enterprise" },
  { path: "/me/enquiries", role: "enterprise" },
  { path: "/me/challenges", role: "enterprise" },
  { path: "/challenges/new", role: "enterprise" },
  { path: "/challenges/:id/applications", role: "enterprise" },
  { path: "/scenarios/mine", role: "enterprise" },
  { path: "/scenarios/new", role: "enterprise" },
  { path: "/deals/:id", role: "enterprise" },
  { path: "/contracts", role: "enterprise" },
  { path: "/contracts/new", role: "enterprise" },
  { path: "/contracts/:id", role: "enterprise" },
  { path: "/contracts/:id/elsewhere", role: "enterprise" },
  { path: "/contracts/:id/payments", role: "enterprise" },
  { path: "/inbox", role: "enterprise" },
  { path: "/account", role: "enterprise" },
  // An institute.
  { path: "/me/listings", role: "institute" },
  { path: "/achievements/new", role: "institute" },
  { path: "/achievements/:ownId", role: "institute" },
  { path: "/achievements/:id/edit", role: "institute" },
  { path: "/me/deals", role: "institute" },
  { path: "/me/enquiries", role: "institute" },
  { path: "/deals/:id", role: "institute" },
  // A broker.
  { path: "/broker", role: "broker" },
  { path: "/broker/needs/:id", role: "broker" },
  { path: "/broker/apply", role: "broker" },
  { path: "/broker/scenarios/:id", role: "broker" },
  { path: "/deals/:handled", role: "broker" },
  { path: "/contracts", role: "broker" },
  { path: "/inbox", role: "broker" },
  { path: "/account", role: "broker" },
  // The Bureau's desk.
  { path: "/admin/indicators", role: "admin" },
  { path: "/admin/indicators/funnel", role: "admin" },
  { path: "/admin/review", role: "admin" },
  { path: "/admin/challenges", role: "admin" },
  { path: "/admin/scenarios", role: "admin" },
  { path: "/needs/:id", role: "admin" },
  { path: "/admin/audit/:entity/:id", role: "admin" },
  { path: "/admin/organisations", role: "admin" },
  { path: "/admin/brokers", role: "admin" },
  { path: "/admin/brokers/claims", role: "admin" },
  { path: "/admin/contracts", role: "admin" },
  { path: "/admin/contracts/:id", role: "admin" },
  { path: "/admin/flags", role: "admin" },
  { path: "/admin/flags/:id", role: "admin" },
  { path: "/admin/transfers", role: "admin" },
  { path: "/admin/statistics", role: "admin" },
  { path: "/admin/rewards", role: "admin" },
  { path: "/admin/subsidies", role: "admin" },
  { path: "/admin/targets", role: "admin" },
  { path: "/admin/reports", role: "admin" },
  { path: "/admin/imports", role: "admin" },
  { path: "/admin/registrations", role: "admin" },
  { path: "/admin/registrations/:id", role: "admin" },
  { path: "/admin/registrations/import", role: "admin" },
  { path: "/admin/registrations/pairs", role: "admin" },
  { path: "/inbox", role: "admin" },
];

/** Page routes deliberately not checked, each with the reason. */
export const EXCLUDED_PAGES: Readonly<Record<string, string>> = {
  "/contracts/:id/edit":
    "only a draft or returned contract opens it, and no demo log-in holds one; it renders the same ContractForm as /contracts/new, which is checked",
  "/admin/batches/:id": "a batch exists only once the Bureau has issued a year's awards, and the demo data issues none",
  "/$": "the not-found page answers 404, which this walk counts as a failure; it is the same root layout and header as every page checked here",
  "/reset-password/:token": "it opens only with a live token sent by e-mail; the password-reset journey walks it",
  "/challenges/:id/edit":
    "only a draft or returned challenge opens it, and the demo enterprise's are submitted or awarded; it renders the same form as /challenges/new, which is checked",
  "/scenarios/:id/edit":
    "only a draft, returned or withdrawn scenario opens it, and the demo enterprise's are published; it renders the same form as /scenarios/new, which is checked",
};

/**
 * How a parameter of a listed pattern becomes a real record: as the page's role, open `list`
 * and take the first link matching `link`; with `having`, follow such links until a page
 * links (or posts) to a URL matching `having`, and take that one (a record in the state the
 * page needs, e.g. one its user may still edit).
 */
interface Resolver {
  list: string;
  link: RegExp;
  having?: RegExp;
  /** A sub-page of the record found. */
  suffix?: string;
}

const RESOLVERS: Record<string, Resolver> = {
  "/needs/:id": { list: "/needs", link: /^\/needs\/\d+$/ },
  "/needs/:ownId": { list: "/me/listings", link: /^\/needs\/\d+$/ },
  "/needs/:id/edit": { list: "/me/listings", link: /^\/needs\/\d+$/, having: /^\/needs\/\d+\/edit$/ },
  "/achievements/:id": { list: "/achievements", link: /^\/achievements\/\d+$/ },
  "/achievements/:ownId": { list: "/me/listings", link: /^\/achievements\/\d+$/ },
  "/achievements/:id/edit": { list: "/me/listings", link: /^\/achievements\/\d+$/, having: /^\/achievements\/\d+\/edit$/ },
  "/brokers/:id": { list: "/brokers", link: /^\/brokers\/\d+$/ },
  "/organisations/:id": { list: "/brokers/:id", link: /^\/organisations\/\d+$/ },
  "/deals/:id": { list: "/me/deals", link: /^\/deals\/\d+$/ },
  "/deals/:handled": { list: "/broker", link: /^\/deals\/\d+$/ },
  "/contracts/:id": { list: "/contracts", link: /^\/contracts\/\d+$/ },
  "/contracts/:id/elsewhere": { list: "/contracts", link: /^\/contracts\/\d+$/, suffix: "/elsewhere" },
  "/contracts/:id/payments": { list: "/contracts", link: /^\/contracts\/\d+$/, suffix: "/payments" },
  "/broker/needs/:id": { list: "/broker", link: /^\/broker\/needs\/\d+$/ },
  "/challenges/:id": { list: "/challenges", link: /^\/challenges\/\d+$/ },
  "/challenges/:id/applications": { list: "/me/challenges", link: /^\/challenges\/\d+$/, having: /^\/challenges\/\d+\/applications$/ },
  "/scenarios/:id": { list: "/scenarios", link: /^\/scenarios\/\d+$/ },
  "/broker/scenarios/:id": { list: "/scenarios", link: /^\/scenarios\/\d+$/, having: /^\/broker\/scenarios\/\d+$/ },
  "/admin/audit/:entity/:id": { list: "/needs/:id", link: /^\/admin\/audit\/need\/\d+$/ },
  "/admin/contracts/:id": { list: "/admin/contracts", link: /^\/admin\/contracts\/\d+$/ },
  "/admin/flags/:id": { list: "/admin/flags", link: /^\/admin\/contracts\/\d+$/, having: /^\/admin\/flags\/\d+$/ },
  "/admin/registrations/:id": { list: "/admin/registrations", link: /^\/admin\/registrations\/\d+$/ },
};

/** Links and form targets in the page's main content, without query or fragment. */
async function linksOn(page: Page): Promise<string[]> {
  const hrefs = await page
    .locator("main a[href^='/'], main form[action^='/']")
    .evaluateAll((els) => els.map((el) => el.getAttribute(el.tagName === "FORM" ? "action" : "href") ?? ""));
  return [...new Set(hrefs.map((h) => h.split(/[?#]/)[0]!))];
}

/** The concrete URL of a listed pattern, for the signed-in `page`; throws when the demo data has no such record. */
export async function resolvePath(page: Page, pattern: string): Promise<string> {
  if (!pattern.includes(":")) return pattern;
  const resolver = RESOLVERS[pattern];
  if (!resolver) throw new Error(`no way to find a record for ${pattern}: add it to RESOLVERS`);
  const list = await resolvePath(page, resolver.list);
  await page.goto(list);
  const candidates = (await linksOn(page)).filter((h) => resolver.link.test(h));
  if (!resolver.having && candidates[0]) return candidates[0] + (resolver.suffix ?? "");
  for (const href of resolver.having ? candidates.slice(0, 30) : []) {
    await page.goto(href);
    const found = (await linksOn(page)).find((h) => resolver.having!.test(h));
    if (found) return found;
  }
  throw new Error(`no record for ${pattern} among the links of ${list}`);
}

/** The page path of a route module, as Remix's flat routes read its file name; null for resource routes. */
export function routePathOf(file: string, source: string): string | null {
  if (!file.endsWith(".tsx") || !/export default/.test(source)) return null;
  const segments = file
    .replace(/\.tsx$/, "")
    .split(/\.(?![^[]*\])/)
    .filter((s) => s !== "_index" && !/^_/.test(s))
    .map((s) =>
      s
        .replace(/_$/, "")
        .replace(/\[(.*?)\]/g, "$1")
        .replace(/^\$(\w+)$/, ":$1"),
    );
  return "/" + segments.join("/");
}

/** Every page route in app/routes. */
export function pageRoutes(): string[] {
  const dir = path.resolve("app/routes");
  return fs
    .readdirSync(dir)
    .map((f) => routePathOf(f, fs.readFileSync(path.join(dir, f), "utf8")))
    .filter((p): p is string => p !== null)
    .sort();
}

/** A listed pattern as a route path: any parameter name matches. */
export const routeShape = (p: string) => p.replace(/:\w+/g, ":");

/** Chooses the language the way the header's switch does: the remembered-language cookie. */
export async function chooseLocale(context: BrowserContext, baseURL: string, locale: Locale): Promise<void> {
  const [pair] = (await localeCookie.serialize(locale)).split(";");
  const [name, value] = pair!.split("=");
  await context.addCookies([{ name: name!, value: value!, url: baseURL }]);
}
