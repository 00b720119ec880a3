import { DEMO_EMAIL, en, expect, logInThroughForm, test, zh } from "./fixtures";

// The admin lands on the indicator dashboard after signing in: target cards with their progress,
// charts drawn as images beside their data tables, and filters that work as a plain GET form.
// The public page shows the headline figures and charts in both languages without signing in.

test("the admin lands on the indicator dashboard and reads its charts and tables", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logInThroughForm(page, DEMO_EMAIL.admin);
  await expect(page).toHaveURL(/\/admin\/indicators$/);
  await expect(page.getByRole("heading", { name: zh("ind.title"), level: 1 })).toBeVisible();
  // The first of the Bureau's links, right after the public ones.
  const links = await page
    .getByRole("navigation", { name: zh("nav.menu") })
    .getByRole("link")
    .allInnerTexts();
  expect(links[links.indexOf(zh("nav.brokers")) + 1]).toBe(zh("nav.indicators"));
  await expect(page.locator("progress").first()).toBeAttached();
  const funnelTitle = await page.locator("#funnel h3").innerText();
  await expect(page.getByRole("img", { name: funnelTitle })).toBeVisible();
  await expect(page.locator("#funnel table caption")).toHaveText(funnelTitle);
  await expect(page.locator("#by-type table tbody tr").first()).toBeVisible();
  // The filters are a GET form: choosing a county reloads the page with it in the address.
  await page.getByRole("combobox", { name: zh("ind.filter.county") }).selectOption({ label: "离石区" });
  await page.getByRole("button", { name: zh("ind.filter.apply") }).click();
  await expect(page).toHaveURL(/county=141102/);
  await expect(page.getByText(zh("ind.countyNote"))).toBeVisible();
  await context.close();
});

test("the public indicator page shows its figures and charts in both languages", async ({ newVisitor }) => {
  const page = await newVisitor();
  await page.goto("/");
  await page.getByRole("link", { name: zh("footer.indicators") }).click();
  await expect(page).toHaveURL(/\/indicators$/);
  await expect(page.getByRole("heading", { name: zh("ind.public.title"), level: 1 })).toBeVisible();
  await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", zh("ind.public.description"));
  const title = await page.locator("#month-h").innerText();
  await expect(page.getByRole("img", { name: title })).toBeVisible();
  await expect(page.locator("#month table tbody tr")).toHaveCount(12);
  await page.getByRole("button", { name: zh("lang.label") }).click();
  await expect(page.getByRole("heading", { name: en("ind.public.title"), level: 1 })).toBeVisible();
});
