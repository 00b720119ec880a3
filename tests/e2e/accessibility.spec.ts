import AxeBuilder from "@axe-core/playwright";
import type { Result } from "axe-core";
import type { Locale } from "../../app/i18n";
import { expect, test, zh } from "./fixtures";
import { chooseLocale, EXCLUDED_PAGES, pageRoutes, resolvePath, routeShape, SITE_PAGES, type Role } from "./site-pages";

// Every page of every role, in both languages, has no WCAG 2.1 A/AA failure that axe-core
// can find, nor a touch target under 24 × 24 CSS px, and has a description in its language.
// One signed-in context per role walks its pages in turn.

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
// Beyond the tags: touch targets (WCAG 2.2), a visible label inside the accessible name (axe
// keeps that WCAG 2.1 rule among its experimental ones) and headings that skip no level.
const RULES = { "target-size": { enabled: true }, "label-content-name-mismatch": { enabled: true }, "heading-order": { enabled: true } };
const LOCALES: readonly Locale[] = ["zh-CN", "en"];
const ROLES: readonly Role[] = ["visitor", "enterprise", "institute", "broker", "admin"];

// The roles' walks are independent: both workers take one each.
test.describe.configure({ mode: "parallel" });

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
  for (const locale of LOCALES) {
    test(`the ${role}'s pages have no axe violations in ${locale}`, async ({ login, newVisitor, baseURL }) => {
      const page = role === "visitor" ? await newVisitor() : await login(role);
      const urls: string[] = [];
      for (const p of SITE_PAGES.filter((entry) => entry.role === role)) urls.push(await resolvePath(page, p.path));
      await chooseLocale(page.context(), baseURL!, locale);
      const failures: string[] = [];
      const counts: string[] = [];
      for (const url of urls) {
        const response = await page.goto(url);
        expect(response?.status(), `${url} as ${role}`).toBeLessThan(400);
        await expect(page.locator("html")).toHaveAttribute("lang", locale);
        // One description, in the page's language.
        const description = page.locator('meta[name="description"]');
        await expect(description).toHaveCount(1);
        expect(await description.getAttribute("content"), `${url}: description`).toMatch(locale === "en" ? /^[^\u4e00-\u9fff]{20,}$/ : /[\u4e00-\u9fff]{10}/);
        const { violations } = await new AxeBuilder({ page }).options({ runOnly: { type: "tag", values: TAGS }, rules: RULES }).analyze();
        counts.push(`${locale} ${url}: ${violations.reduce((n, v) => n + v.nodes.length, 0)}`);
        if (violations.length > 0) failures.push(describe(`[${locale}] ${url}`, violations));
      }
      console.log(`axe, ${role}:\n  ${counts.join("\n  ")}`);
      expect(failures, `axe violations as ${role}:\n${failures.join("\n")}`).toEqual([]);
    });
  }
}

test("the review queue heads its achievements with the achievement's name", async ({ login }) => {
  const page = await login("admin");
  await page.goto("/admin/review");
  const achievements = page.getByRole("region", { name: zh("admin.review.achievements") });
  const needs = page.getByRole("region", { name: zh("admin.review.needs") });
  for (const [region, heading] of [
    [achievements, zh("ach.title")],
    [needs, zh("need.title")],
  ] as const) {
    if ((await region.count()) > 0) await expect(region.getByRole("columnheader").first()).toHaveText(heading);
  }
  await expect(achievements.or(needs).first()).toBeVisible();
});
