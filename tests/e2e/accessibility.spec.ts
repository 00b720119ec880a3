import AxeBuilder from "@axe-core/playwright";
import type { Result } from "axe-core";
import type { Locale } from "../../app/i18n";
import { expect, test } from "./fixtures";
import { chooseLocale, EXCLUDED_PAGES, pageRoutes, resolvePath, routeShape, SITE_PAGES, type Role } from "./site-pages";

// Every page of every role, in both languages, has no WCAG 2.1 A/AA failure that axe-core
// can find, nor a touch target under 24 × 24 CSS px. One signed-in context per role walks
// its pages in turn.

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
// Beyond the tags: touch targets (WCAG 2.2), a visible label inside the accessible name (axe
// keeps that WCAG 2.1 rule among its experimental ones) and headings that skip no level.
const RULES = { "target-size": { enabled: true }, "label-content-name-mismatch": { enabled: true }, "heading-order": { enabled: true } };
const LOCALES: readonly Locale[] = ["zh-CN", "en"];
const ROLES: readonly Role[] = ["visitor", "enterprise", "institute", "broker", "admin"];

function describe(url: string, violations: Result[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `      ${n.target.join(" ")}\n        ${n.failureSummary?.split("\n").join("\n        ") ?? ""}`)
        .join("\n");
      const more = v.nodes.length > 5 ? `\n      … and ${v.nodes.length - 5} more` : "";
      return `  ${url}: ${v.id} (${v.impact}, ${v.nodes.length} element(s)): ${v.help}\n${nodes}${more}`;
    })
    .join("\n");
}

test("every page route is checked or excluded with a reason", () => {
  const listed = new Set(SITE_PAGES.map((p) => routeShape(p.path)));
  const excluded = new Set(Object.keys(EXCLUDED_PAGES).map(routeShape));
  const missing = pageRoutes().filter((route) => !listed.has(routeShape(route)) && !excluded.has(routeShape(route)));
  expect(missing, "page routes neither in SITE_PAGES nor in EXCLUDED_PAGES (tests/e2e/site-pages.ts)").toEqual([]);
  const stale = [...listed].filter((shape) => !pageRoutes().some((route) => routeShape(route) === shape));
  expect(stale, "listed pages that no route serves").toEqual([]);
});

for (const role of ROLES) {
  test(`the ${role}'s pages have no axe violations in Chinese or English`, async ({ login, newVisitor, baseURL }) => {
    const page = role === "visitor" ? await newVisitor() : await login(role);
    const pages = SITE_PAGES.filter((p) => p.role === role);
    const urls: string[] = [];
    for (const p of pages) urls.push(await resolvePath(page, p.path));
    const failures: string[] = [];
    const counts: string[] = [];
    for (const locale of LOCALES) {
      await chooseLocale(page.context(), baseURL!, locale);
      for (const url of urls) {
        const response = await page.goto(url);
        expect(response?.status(), `${url} as ${role}`).toBeLessThan(400);
        await expect(page.locator("html")).toHaveAttribute("lang", locale);
        const { violations } = await new AxeBuilder({ page }).options({ runOnly: { type: "tag", values: TAGS }, rules: RULES }).analyze();
        counts.push(`${locale} ${url}: ${violations.reduce((n, v) => n + v.nodes.length, 0)}`);
        if (violations.length > 0) failures.push(describe(`[${locale}] ${url}`, violations));
      }
    }
    console.log(`axe, ${role}:\n  ${counts.join("\n  ")}`);
    expect(failures, `axe violations as ${role}:\n${failures.join("\n")}`).toEqual([]);
  });
}
