import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test, zh } from "./fixtures";
import { resolvePath, type Role } from "./site-pages";

// On a 390 × 844 phone: the header folds its menu away, a list's first result is on the first
// screen, and no page scrolls sideways (a wide table scrolls inside its own frame). Each page
// is photographed into test-results/phone/ for the record.

const PHONE = { width: 390, height: 844 };
const SHOTS = path.resolve("test-results/phone");

/** Each role's main pages. */
const MAIN_PAGES: Record<Role, string[]> = {
  visitor: ["/", "/needs", "/needs/:id", "/achievements", "/transformation-list", "/brokers", "/indicators", "/login", "/register"],
  enterprise: ["/me/listings", "/needs/new", "/me/deals", "/deals/:id", "/contracts", "/contracts/:id", "/contracts/:id/payments", "/inbox"],
  institute: ["/me/listings", "/achievements/new", "/me/deals"],
  broker: ["/broker", "/broker/needs/:id", "/deals/:handled", "/contracts"],
  admin: [
    "/admin/indicators",
    "/admin/review",
    "/admin/organisations",
    "/admin/brokers",
    "/admin/contracts",
    "/admin/contracts/:id",
    "/admin/transfers",
    "/admin/statistics",
    "/admin/rewards",
    "/admin/subsidies",
    "/admin/registrations",
  ],
};

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

test.beforeAll(() => fs.mkdirSync(SHOTS, { recursive: true }));

test("on a phone the menu is folded away, opens from its button, and the first need is on the first screen", async ({ newVisitor }) => {
  const page = await newVisitor({ viewport: PHONE });
  await page.goto("/needs");
  const header = await page.locator(".site-header").boundingBox();
  const toggle = page.locator(".site-header summary");
  await expect(toggle).toHaveText(zh("nav.menu"));
  const menuLink = page.getByRole("link", { name: zh("nav.achievements"), exact: true });
  await expect(menuLink).toBeHidden();
  const first = page.locator("article.listing-item").first();
  const box = (await first.boundingBox())!;
  console.log(`phone /needs: header ${header!.height.toFixed(0)} px high; first result from ${box.y.toFixed(0)} to ${(box.y + box.height).toFixed(0)} px`);
  expect(header!.height).toBeLessThanOrEqual(80);
  expect(box.y + Math.min(box.height, 60)).toBeLessThanOrEqual(PHONE.height);
  // The filters wait in their drawer.
  await expect(page.getByRole("group", { name: zh("common.year") })).toBeHidden();
  await page.getByText(zh("filters.toggle")).click();
  await expect(page.getByRole("group", { name: zh("common.year") })).toBeVisible();

  await toggle.click();
  await expect(menuLink).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, "visitor-menu-open.png") });
  await menuLink.click();
  await expect(page).toHaveURL(/\/achievements$/);
  await expect(page.getByRole("link", { name: zh("nav.needs"), exact: true })).toBeHidden();
});

test("without script the phone menu still opens", async ({ newVisitor }) => {
  const page = await newVisitor({ viewport: PHONE, javaScriptEnabled: false });
  await page.goto("/");
  const link = page.getByRole("link", { name: zh("nav.brokers"), exact: true });
  await expect(link).toBeHidden();
  await page.locator(".site-header summary").click();
  await expect(link).toBeVisible();
});

for (const role of Object.keys(MAIN_PAGES) as Role[]) {
  test(`the ${role}'s main pages fit a phone's width`, async ({ login, newVisitor }) => {
    const page = role === "visitor" ? await newVisitor({ viewport: PHONE }) : await login(role, { viewport: PHONE });
    const overflowing: string[] = [];
    for (const pattern of MAIN_PAGES[role]) {
      const url = await resolvePath(page, pattern);
      const response = await page.goto(url);
      expect(response?.status(), url).toBeLessThan(400);
      await expect(page.locator(".site-header summary")).toBeVisible();
      const overflow = await horizontalOverflow(page);
      if (overflow > 0) overflowing.push(`${url}: ${overflow} px too wide`);
      const name = `${role}${url.replace(/[/:?=&]+/g, "-")}`.replace(/-$/, "");
      await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
    }
    expect(overflowing, "pages wider than the phone").toEqual([]);
  });
}
