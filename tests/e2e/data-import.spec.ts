import { IMPORT_COLUMNS } from "../../app/schemas/data-import";
import type { DataImportKind } from "../../app/codes";
import { DEMO_EMAIL, expect, logInThroughForm, test, validCreditCode, zh } from "./fixtures";

// The Bureau imports its spreadsheets: an organisation first (the owner of the needs), then a
// needs file with a bad row, refused with the row and column named and nothing imported; the
// corrected file goes in, and its needs wait in the review queue like needs typed in.

type Row = Record<string, string>;

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
function csv(kind: DataImportKind, rows: Row[]): Buffer {
  const columns = IMPORT_COLUMNS[kind];
  const lines = [columns.map((c) => c.heading).join(","), ...rows.map((r) => columns.map((c) => quote(r[c.key] ?? "")).join(","))];
  return Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`);
}

test("the Bureau imports a needs file, is shown its bad row, imports the corrected file and finds the needs in the review queue", async ({ page }) => {
  await logInThroughForm(page, DEMO_EMAIL.admin);
  const stamp = String(Date.now()).slice(-7);
  const creditCode = validCreditCode(Number(stamp));

  await page.goto("/admin/imports");
  await expect(page.getByRole("heading", { level: 1, name: zh("dimport.title") })).toBeVisible();
  const upload = async (kind: DataImportKind, rows: Row[], name: string) => {
    await page.getByRole("radio", { name: zh(`dimport.kind.${kind}`) }).check();
    await page.getByLabel(zh("dimport.file"), { exact: true }).setInputFiles({ name, mimeType: "text/csv", buffer: csv(kind, rows) });
    // The page's script posts to the streaming route, which reports the progress it shows; a
    // click before the script has started posts the form itself, and the page shows the same report.
    const posted = page.waitForResponse(
      (r) => r.request().method() === "POST" && ["/admin/imports.ndjson", "/admin/imports"].includes(new URL(r.url()).pathname),
    );
    await page.getByRole("button", { name: zh("dimport.submit"), exact: true }).click();
    expect([200, 422]).toContain((await posted).status());
    return page.getByTestId("import-report");
  };

  // The owner of the needs, created by an organisations import.
  let report = await upload(
    "organisations",
    [
      {
        orgName: `导入测试氢能科技有限公司${stamp}`,
        creditCode,
        kind: "企业",
        countyCode: "交城县",
        address: "交城县测试路 1 号",
        contactName: "王工",
        contactPhone: "13812345678",
      },
    ],
    "orgs.csv",
  );
  await expect(report.getByText(zh("dimport.report.ok"))).toBeVisible();
  await expect(report.locator("[data-count=imported]")).toHaveText("1");

  const need = (n: number, o: Row = {}): Row => ({
    title: `导入需求 ${stamp} 第${n}项 焦炉煤气提氢`,
    creditCode,
    countyCode: "交城县",
    industryChainId: "氢能",
    techFieldCode: "核能及氢能",
    description: "现有焦炉煤气变压吸附制氢装置氢气纯度 99.9%，希望提升到 99.999% 以满足燃料电池用氢标准，同时降低能耗。",
    budgetMinWan: "50",
    budgetMaxWan: "120",
    cooperationModes: "合作开发、委托开发",
    expectedTrl: "6",
    deadline: "2099-12-31",
    contactName: "王工",
    contactPhone: "13812345678",
    ...o,
  });
  const good = [need(1), need(2)];
  const fixed = need(3);
  const bad = { ...fixed, budgetMinWan: "500" };

  // The file with a bad row: its row (headings are row 1) and column named, nothing imported.
  report = await upload("needs", [...good, bad], "needs-bad.csv");
  await expect(report.getByText(zh("dimport.report.refused")).first()).toBeVisible();
  const errorRow = report.getByRole("row").filter({ hasText: zh("v.budgetRange") });
  await expect(errorRow.getByRole("cell")).toHaveText(["4", "预算上限(万元)", zh("v.budgetRange")]);
  await expect(report.locator("[data-count=imported]")).toHaveText("0");
  await page.goto("/admin/review");
  await expect(page.getByRole("link", { name: good[0]!.title! })).toHaveCount(0);

  // The corrected file goes in; its needs wait for review.
  await page.goto("/admin/imports");
  report = await upload("needs", [...good, fixed], "needs.csv");
  await expect(report.getByText(zh("dimport.report.ok"))).toBeVisible();
  await expect(report.locator("[data-count=rows]")).toHaveText("3");
  await expect(report.locator("[data-count=imported]")).toHaveText("3");
  await report.getByRole("link", { name: zh("dimport.reviewLink") }).click();
  await expect(page.getByRole("heading", { level: 1, name: zh("admin.review.title") })).toBeVisible();
  for (const r of [...good, fixed]) await expect(page.getByRole("link", { name: r.title!, exact: true })).toBeVisible();
});
