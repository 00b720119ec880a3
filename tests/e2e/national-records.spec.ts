import type { Page } from "@playwright/test";
import { NATIONAL_COLUMNS, NATIONAL_HEADINGS, type NationalColumn } from "../../app/schemas/national-records";
import { parseAmountToFen } from "../../app/services/money";
import { DEMO_EMAIL, expect, logInThroughForm, test, validCreditCode, zh } from "./fixtures";

// The registrar finds a record imported from the national system in the list of records, opens
// it, is told a one-character reason is too short (what was typed stays), cancels it with a
// proper reason, and the city's figure for its year falls by exactly its amount.

type Row = Record<NationalColumn, string>;

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csv = (rows: Row[]) =>
  Buffer.from(`\uFEFF${[NATIONAL_HEADINGS.join(","), ...rows.map((r) => NATIONAL_COLUMNS.map(([k]) => quote(r[k])).join(","))].join("\r\n")}\r\n`);

/** "380 万元" or "¥1,234.5" as the statistics print it, in fen. */
function fenOf(text: string): number {
  const s = text.trim();
  const wan = /^([\d,.]+) 万元$/.exec(s);
  const fen = wan ? parseAmountToFen(wan[1]!, "wan") : parseAmountToFen(s.replace(/^¥/, ""), "yuan");
  expect(fen, `an amount: "${s}"`).not.toBeNull();
  return fen!;
}

/** A year's output 成交额 in the Bureau's statistics, 0 when the year has none. */
async function outputOf(page: Page, year: number): Promise<number> {
  await page.goto("/admin/statistics?year=all");
  const byYear = page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: zh("stats.byYear"), exact: true }) });
  await expect(byYear).toBeVisible();
  const row = byYear.getByRole("row").filter({ has: page.getByRole("rowheader", { name: String(year), exact: true }) });
  if ((await row.count()) === 0) return 0;
  return fenOf((await row.getByRole("cell").nth(0).textContent())!);
}

test("the registrar finds an imported record, is told a short reason is too short, cancels it, and its amount leaves the figure", async ({ page }) => {
  await logInThroughForm(page, DEMO_EMAIL.admin);
  // A year no other journey registers in, so the row read moves only by this record.
  const year = 2019;
  const before = await outputOf(page, year);

  const stamp = String(Date.now()).slice(-8);
  const record: Row = {
    registrationNo: `E2E-R-${stamp}`,
    title: `撤销登记旅程 ${stamp}`,
    type: "技术咨询",
    field: "环境保护与资源综合利用",
    sellerName: "吕梁撤销测试科技有限公司",
    sellerCreditCode: validCreditCode(Number(stamp) + 7),
    sellerDivision: "141102",
    buyerName: "太原撤销测试有限公司",
    buyerCreditCode: validCreditCode(Number(stamp) + 907),
    buyerDivision: "140105",
    contractValue: "23400.00",
    techValue: "20000.00",
    signedOn: `${year}-05-06`,
    registeredOn: `${year}-06-07`,
    office: "吕梁市技术市场管理办公室",
  };
  await page.goto("/admin/registrations/import");
  await page.getByLabel(zh("nimport.file"), { exact: true }).setInputFiles({ name: "records.csv", mimeType: "text/csv", buffer: csv([record]) });
  const streamed = page.waitForResponse((r) => new URL(r.url()).pathname === "/admin/registrations/import.ndjson");
  await page.getByRole("button", { name: zh("nimport.submit"), exact: true }).click();
  expect((await streamed).status()).toBe(200);
  await expect(page.getByTestId("import-report").locator("[data-count=imported]")).toHaveText("1");
  expect((await outputOf(page, year)) - before).toBe(2_340_000);

  // The list, from the registration desk, filtered by the number.
  await page.goto("/admin/contracts");
  await page.getByRole("link", { name: zh("records.nav"), exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: zh("records.title") })).toBeVisible();
  await page.getByLabel(zh("records.filter.q")).fill(record.registrationNo);
  await page.getByRole("button", { name: zh("common.filter"), exact: true }).click();
  const rows = page.locator("table.data tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(zh("records.status.off_platform"));
  await expect(rows.first()).toContainText(zh("records.local"));
  await expect(rows.first()).toContainText(zh("records.outside"));
  await rows.first().getByRole("link", { name: record.registrationNo }).click();
  await expect(page.getByRole("heading", { level: 1, name: record.title })).toBeVisible();
  await expect(page.getByText("records.csv", { exact: false })).toBeVisible();

  // Too short: said why, and the reason typed is still there.
  const reason = page.getByLabel(zh("records.cancelReason"));
  await reason.fill("错");
  await page.getByLabel(zh("records.cancelConfirm")).check();
  await page.getByRole("button", { name: zh("records.cancel"), exact: true }).click();
  await expect(page.getByText(zh("v.tooShort", { min: 2 }))).toBeVisible();
  await expect(reason).toHaveValue("错");

  await reason.fill("全国系统已撤销该登记");
  await page.getByLabel(zh("records.cancelConfirm")).check();
  await page.getByRole("button", { name: zh("records.cancel"), exact: true }).click();
  await expect(page.getByText(zh("records.cancelledOk"))).toBeVisible();
  await expect(page.getByText(zh("records.status.cancelled"), { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: zh("records.cancel"), exact: true })).toHaveCount(0);
  await expect(page.getByRole("cell", { name: zh("action.cancel"), exact: true })).toBeVisible();

  expect(await outputOf(page, year)).toBe(before);
});
