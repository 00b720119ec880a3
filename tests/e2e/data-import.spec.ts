import { DEMO_EMAIL, expect, logInThroughForm, test, validCreditCode, zh } from "./fixtures";
import { importNeed, importOrg, uploadImport } from "./import-helpers";

// The Bureau imports its spreadsheets: an organisation first (the owner of the needs), then a
// needs file with a bad row, refused with the row and column named and nothing imported; the
// corrected file goes in, and its needs wait in the review queue like needs typed in.

test("the Bureau imports a needs file, is shown its bad row, imports the corrected file and finds the needs in the review queue", async ({ page }) => {
  await logInThroughForm(page, DEMO_EMAIL.admin);
  const stamp = String(Date.now()).slice(-7);
  const creditCode = validCreditCode(Number(stamp));

  await page.goto("/admin/imports");
  await expect(page.getByRole("heading", { level: 1, name: zh("dimport.title") })).toBeVisible();

  // The owner of the needs, created by an organisations import.
  let report = await uploadImport(page, "organisations", [importOrg(stamp, creditCode)], "orgs.csv");
  await expect(report.getByText(zh("dimport.report.ok"))).toBeVisible();
  await expect(report.locator("[data-count=imported]")).toHaveText("1");

  const need = (n: number) => importNeed(`导入需求 ${stamp} 第${n}项 焦炉煤气提氢`, creditCode);
  const good = [need(1), need(2)];
  const fixed = need(3);
  const bad = { ...fixed, budgetMinWan: "500" };

  // The file with a bad row: its row (headings are row 1) and column named, nothing imported.
  report = await uploadImport(page, "needs", [...good, bad], "needs-bad.csv");
  await expect(report.getByText(zh("dimport.report.refused")).first()).toBeVisible();
  const errorRow = report.getByRole("row").filter({ hasText: zh("v.budgetRange") });
  await expect(errorRow.getByRole("cell")).toHaveText(["4", "预算上限(万元)", zh("v.budgetRange")]);
  await expect(report.locator("[data-count=imported]")).toHaveText("0");
  await page.goto("/admin/review");
  await expect(page.getByRole("link", { name: good[0]!.title! })).toHaveCount(0);

  // The corrected file goes in; its needs wait for review.
  await page.goto("/admin/imports");
  report = await uploadImport(page, "needs", [...good, fixed], "needs.csv");
  await expect(report.getByText(zh("dimport.report.ok"))).toBeVisible();
  await expect(report.locator("[data-count=rows]")).toHaveText("3");
  await expect(report.locator("[data-count=imported]")).toHaveText("3");
  await report.getByRole("link", { name: zh("dimport.reviewLink") }).click();
  await expect(page.getByRole("heading", { level: 1, name: zh("admin.review.title") })).toBeVisible();
  for (const r of [...good, fixed]) await expect(page.getByRole("link", { name: r.title!, exact: true })).toBeVisible();
});
