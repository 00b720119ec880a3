import { en, expect, test } from "./fixtures";

// A first visit has no language cookie: the browser's Accept-Language decides, on every page
// including one that does not exist, and the answer says it varies with that header.

test("a first visit from an English browser reads English, its 404 page and footer too", async ({ newVisitor }) => {
  const page = await newVisitor({ locale: "en-US" });
  const home = await page.goto("/");
  expect(home!.headers()["vary"]).toMatch(/Accept-Language/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("navigation", { name: en("nav.menu") }).getByRole("link", { name: en("nav.needs") })).toBeVisible();
  await expect(page.getByRole("contentinfo").getByRole("link", { name: en("footer.privacy") })).toBeVisible();

  const missing = await page.goto("/no-such-page");
  expect(missing!.status()).toBe(404);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByText(en("error.notFound"))).toBeVisible();
  await expect(page.getByRole("contentinfo").getByText(en("footer.sponsor"))).toBeVisible();

  await page
    .getByRole("contentinfo")
    .getByRole("link", { name: en("footer.privacy") })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Privacy policy" })).toBeVisible();
});
