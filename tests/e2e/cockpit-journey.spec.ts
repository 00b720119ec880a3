import type { Page } from "@playwright/test";
import { DEMO_EMAIL, expect, logInThroughForm, test, validCreditCode, zh } from "./fixtures";
import { importNeed, importOrg, uploadImport } from "./import-helpers";
import { withNeedsListLock } from "./needs-list-lock";

// The Bureau's journey through its cockpit: from the dashboard to the import page, a needs file
// refused for a bad row and imported once fixed, the imported needs approved in the review
// queue, the needs-list figure on the dashboard risen by exactly the needs approved, and the
// needs list exported with the imported needs in the file.

/** The needs-list target card's current value on the dashboard (this year, the whole city). */
async function needsListFigure(page: Page): Promise<number> {
  await page.goto("/admin/indicators");
  const card = page.locator("li.card").filter({ has: page.getByRole("heading", { level: 3, name: zh("ind.indicator.needs_list"), exact: true }) });
  const text = await card.locator("p.stat").innerText();
  const value = Number(text.replace(/[,\s]/g, ""));
  expect(Number.isInteger(value), text).toBe(true);
  return value;
}

test("the Bureau imports needs, approves them, sees the needs-list figure rise and exports the list holding them", async ({ page }) => {
  await logInThroughForm(page, DEMO_EMAIL.admin);
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const creditCode = validCreditCode(Date.now() + 7919);
  // No other journey publishes a need between the two readings of the figure.
  const approved = await withNeedsListLock(async () => {
    const before = await needsListFigure(page);

    // The dashboard's header leads to the import page.
    await page
      .getByRole("navigation", { name: zh("ind.links.label") })
      .getByRole("link", { name: zh("ind.links.imports") })
      .click();
    await expect(page.getByRole("heading", { level: 1, name: zh("dimport.title") })).toBeVisible();

    let report = await uploadImport(page, "organisations", [importOrg(`驾驶舱${stamp}`, creditCode)], "orgs.csv");
    await expect(report.locator("[data-count=imported]")).toHaveText("1");

    const needs = [1, 2].map((n) => importNeed(`驾驶舱需求 ${stamp} 第${n}项 焦炉煤气提氢`, creditCode));
    const titles = needs.map((n) => n.title!);

    // A bad row: the file is refused with its row and column, nothing imported.
    report = await uploadImport(page, "needs", [needs[0]!, { ...needs[1]!, budgetMinWan: "500" }], "needs-bad.csv");
    await expect(report.getByText(zh("dimport.report.refused")).first()).toBeVisible();
    await expect(report.locator("[data-count=imported]")).toHaveText("0");
    const errorRow = report.getByRole("row").filter({ hasText: zh("v.budgetRange") });
    await expect(errorRow.getByRole("cell")).toHaveText(["3", "预算上限(万元)", zh("v.budgetRange")]);

    // Fixed, it goes in; the needs wait in the review queue.
    await page.goto("/admin/imports");
    report = await uploadImport(page, "needs", needs, "needs.csv");
    await expect(report.getByText(zh("dimport.report.ok"))).toBeVisible();
    await expect(report.locator("[data-count=imported]")).toHaveText(String(needs.length));

    // Each approved from the review queue puts it on this year's needs list.
    for (const title of titles) {
      await page.goto("/admin/review");
      await page.getByRole("link", { name: title, exact: true }).click();
      await expect(page.getByText(zh("status.submitted"), { exact: true })).toBeVisible();
      await page.getByRole("button", { name: zh("admin.review.approve") }).click();
      await expect(page).toHaveURL(/done=approved/);
      await expect(page.getByText(zh("status.published"), { exact: true }).first()).toBeVisible();
    }
    await page.goto("/admin/review");
    for (const title of titles) await expect(page.getByRole("link", { name: title, exact: true })).toHaveCount(0);

    expect(await needsListFigure(page)).toBe(before + titles.length);
    return titles;
  });

  // The public needs list, newest first, exported from its link: the imported needs are in the file.
  await page.goto("/needs?sort=newest");
  const csvLink = page.getByRole("link", { name: zh("export.csv"), exact: true });
  await expect(csvLink).toHaveAttribute("href", "/needs.csv?sort=newest");
  const [download] = await Promise.all([page.waitForEvent("download"), csvLink.click()]);
  const fs = await import("node:fs/promises");
  const text = await fs.readFile(await download.path(), "utf8");
  for (const title of approved) expect(text).toContain(title);
});
