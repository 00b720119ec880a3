import { expect, test, zh } from "./fixtures";

// A visitor narrows the needs list, downloads it as Excel and as CSV from the links on the page,
// and both files hold the rows the page lists, in its order, with no contact details.

test("a visitor exports the filtered needs list and the files hold the page's rows", async ({ page }) => {
  await page.goto("/needs?sort=newest");
  const titles = (await page.locator("article.listing-item h2").allTextContents()).map((s) => s.trim());
  expect(titles.length).toBeGreaterThan(0);

  const excel = page.getByRole("link", { name: zh("export.xlsx"), exact: true });
  await expect(excel).toHaveAttribute("href", "/needs.xlsx?sort=newest");
  const [xlsxDownload] = await Promise.all([page.waitForEvent("download"), excel.click()]);
  expect(xlsxDownload.suggestedFilename()).toMatch(/^技术需求-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await xlsxDownload.path());
  const ws = wb.worksheets[0]!;
  const head = (ws.getRow(1).values as unknown[]).slice(1);
  expect(head).toContain(zh("export.col.needTitle"));
  expect(head).not.toContain(zh("export.col.contactName"));
  const col = head.indexOf(zh("export.col.needTitle")) + 1;
  const fileTitles = titles.map((_, i) => String(ws.getRow(i + 2).getCell(col).value));
  expect(fileTitles).toEqual(titles);

  const [csvDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: zh("export.csv"), exact: true }).click()]);
  const fs = await import("node:fs/promises");
  const text = await fs.readFile(await csvDownload.path(), "utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text.split("\r\n").length - 2).toBe(ws.rowCount - 1);
});
