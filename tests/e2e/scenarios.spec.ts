import type { Page } from "@playwright/test";
import { en, expect, shanghaiYear, test, zh, zhPattern } from "./fixtures";

// The yearly scenario list as a visitor sees it: from the main navigation to the list, its
// progress against the year's target, a facet and a word narrowing it, one scenario opened
// (without its contacts), and the same list in English.

const resultsText = zhPattern("scenario.results", { n: /\d+/ });

async function shownTotal(page: Page): Promise<number> {
  const text = await page.getByText(resultsText).textContent();
  return Number(resultsText.exec(text ?? "")![1]);
}

test("a visitor browses the year's scenario list and its progress, filters and searches it, opens a scenario, in Chinese and English", async ({ page }) => {
  const year = shanghaiYear();
  await page.goto("/");
  await page
    .getByRole("navigation", { name: zh("nav.menu") })
    .getByRole("link", { name: zh("nav.scenarios") })
    .click();
  await expect(page).toHaveURL(/\/scenarios$/);
  await expect(page.getByRole("heading", { level: 1, name: zh("scenario.list.title", { year }) })).toBeVisible();

  // --- the list's progress against its target: the bar and its numbers agree with the list
  const bar = page.getByRole("progressbar", { name: zh("scenario.progress", { year }) });
  await expect(bar).toBeVisible();
  const done = Number(await bar.getAttribute("aria-valuenow"));
  const target = Number(await bar.getAttribute("aria-valuemax"));
  expect(done).toBeGreaterThanOrEqual(50);
  expect(target).toBeGreaterThan(0);
  await expect(page.getByText(zh("scenario.progress.numbers", { done, target, pct: Math.round((done / target) * 100) }))).toBeVisible();
  const total = await shownTotal(page);
  expect(total).toBe(done);

  // --- narrowed by grade: every card left carries the grade, as many as the facet said
  const filters = page.getByRole("complementary", { name: zh("scenario.filters") });
  const major = filters
    .getByRole("group", { name: zh("scenario.facet.grade") })
    .locator("label")
    .filter({ hasText: zh("scenario.grade.major") });
  const majorCount = Number(await major.locator(".count").textContent());
  expect(majorCount).toBeGreaterThan(0);
  expect(majorCount).toBeLessThan(total);
  await major.getByRole("checkbox").check();
  await expect(page).toHaveURL(/[?&]grade=major/);
  await expect.poll(() => shownTotal(page)).toBe(majorCount);
  const cards = page.getByRole("article");
  await expect(cards).toHaveCount(Math.min(majorCount, 20));
  for (const card of await cards.all()) await expect(card.getByText(zh("scenario.grade.major"), { exact: true })).toBeVisible();

  // --- a word, through the search engine (which the server fills from its outbox as it starts)
  await page.getByRole("link", { name: zh("scenario.filter.clear") }).click();
  await expect(page).not.toHaveURL(/grade=/);
  await page.getByRole("searchbox", { name: zh("scenario.search.label") }).fill("赤泥");
  await page.getByRole("button", { name: zh("scenario.search.submit"), exact: true }).click();
  await expect(page).toHaveURL(/[?&]q=/);
  await expect(async () => {
    await page.reload();
    expect(await shownTotal(page)).toBeGreaterThan(0);
  }).toPass({ intervals: [1_000], timeout: 30_000 });
  const found = await shownTotal(page);
  expect(found).toBeLessThan(total);
  for (const card of await cards.all()) await expect(card.locator("mark").first()).toBeVisible();

  // --- one scenario: what it offers and wants, its subsidy and period; no contacts for a visitor
  const first = cards.first().getByRole("link").first();
  const title = (await first.textContent())!.trim();
  await first.click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: zh("scenario.f.techWanted") })).toBeVisible();
  await expect(page.getByText(zh("scenario.f.subsidyCap"), { exact: true })).toBeVisible();
  await expect(page.getByText(zh("scenario.contactHidden"))).toBeVisible();
  await expect(page.getByText(zh("common.phone"), { exact: true })).toHaveCount(0);

  // --- in English: the page, then the list with its progress and the open-now filter
  await page.getByRole("button", { name: zh("lang.label") }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 2, name: en("scenario.f.techWanted") })).toBeVisible();
  await expect(page.getByText(en("scenario.contactHidden"))).toBeVisible();
  await page
    .getByRole("navigation", { name: en("nav.menu") })
    .getByRole("link", { name: en("nav.scenarios") })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: en("scenario.list.title", { year }) })).toBeVisible();
  await expect(page.getByRole("progressbar", { name: en("scenario.progress", { year }) })).toHaveAttribute("aria-valuenow", String(done));
  await expect(page.getByText(en("scenario.progress.numbers", { done, target, pct: Math.round((done / target) * 100) }))).toBeVisible();
  const open = page
    .getByRole("complementary", { name: en("scenario.filters") })
    .locator("label")
    .filter({ hasText: en("scenario.filter.openNow") });
  const openCount = Number(await open.locator(".count").textContent());
  await open.getByRole("checkbox").check();
  await expect(page).toHaveURL(/[?&]open=1/);
  await expect(page.getByText(en("scenario.results", { n: openCount }))).toBeVisible();
  for (const card of (await page.getByRole("article").all()).slice(0, 5)) await expect(card.getByText(en("scenario.openNow"), { exact: true })).toBeVisible();
});
