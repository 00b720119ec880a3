import type { Page } from "@playwright/test";
import { NATIONAL_COLUMNS, NATIONAL_HEADINGS, type NationalColumn } from "../../app/schemas/national-records";
import { parseAmountToFen } from "../../app/services/money";
import { DEMO_EMAIL, expect, logInThroughForm, test, validCreditCode, zh } from "./fixtures";

// The registrar imports the national system's records: a file with a bad row is refused with
// the row and column named and nothing imported; the corrected file goes in, its record with
// the same parties, signing date and amount as a registered platform contract waits as a pair,
// the registrar rules it a different contract, and the city's figure rises by exactly the new
// records' amounts, in the output series (the sellers are in Lüliang, the buyers are not).

type Row = Record<NationalColumn, string>;

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csv = (rows: Row[]) =>
  Buffer.from(`\uFEFF${[NATIONAL_HEADINGS.join(","), ...rows.map((r) => NATIONAL_COLUMNS.map(([k]) => quote(r[k])).join(","))].join("\r\n")}\r\n`);

/** "380 万元" or "¥1,234.5" as the tables print it, in fen. */
function fenOf(text: string): number {
  const s = text.trim();
  const wan = /^([\d,.]+) 万元$/.exec(s);
  const fen = wan ? parseAmountToFen(wan[1]!, "wan") : parseAmountToFen(s.replace(/^¥/, ""), "yuan");
  expect(fen, `an amount: "${s}"`).not.toBeNull();
  return fen!;
}

/** "2024年3月18日" → "2024-03-18". */
function isoOf(text: string): string {
  const m = /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(text)!;
  return `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
}

/** A year's output row of the Bureau's statistics (成交额, 技术交易额, count), zeros when the year has none. */
async function outputOf(page: Page, year: number): Promise<{ contractFen: number; techFen: number; count: number }> {
  await page.goto("/admin/statistics?year=all");
  await expect(page.getByRole("heading", { level: 1, name: zh("stats.title") })).toBeVisible();
  const byYear = page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: zh("stats.byYear"), exact: true }) });
  const row = byYear.getByRole("row").filter({ has: page.getByRole("rowheader", { name: String(year), exact: true }) });
  if ((await row.count()) === 0) return { contractFen: 0, techFen: 0, count: 0 };
  const cells = row.getByRole("cell");
  return {
    contractFen: fenOf((await cells.nth(0).textContent())!),
    techFen: fenOf((await cells.nth(1).textContent())!),
    count: Number(await cells.nth(2).textContent()),
  };
}

/** The registered demo contract signed earliest: its page, title, signing date and 成交额. */
async function oldestRegistered(page: Page) {
  await page.goto("/admin/contracts");
  const table = page.getByRole("heading", { level: 2, name: zh("registry.registered"), exact: true }).locator("xpath=following-sibling::table[1]");
  await expect(table).toBeVisible();
  const rows = await table.locator("tbody tr").evaluateAll((trs) =>
    trs.map((tr) => ({
      href: tr.querySelector("a")!.getAttribute("href")!,
      title: tr.querySelector("a")!.textContent!,
      cells: [...tr.querySelectorAll("td")].map((td) => td.textContent ?? ""),
    })),
  );
  const registered = rows
    .filter((r) => r.cells[7]!.trim() === zh("contract.status.registered"))
    .map((r) => ({ href: r.href, title: r.title, contractFen: fenOf(r.cells[3]!), signedOn: isoOf(r.cells[5]!) }))
    .sort((a, b) => a.signedOn.localeCompare(b.signedOn));
  expect(registered.length).toBeGreaterThan(0);
  const chosen = registered[0]!;
  await page.goto(chosen.href);
  const codes = await page.locator(".grid-2 section.card").first().locator("code").allTextContents();
  // The parties' facts list the buyer first, then the seller.
  return { ...chosen, buyerCode: codes[0]!, sellerCode: codes[1]! };
}

test("the registrar imports national records, is shown a bad row, imports the corrected file, decides a pair and sees the figure rise by exactly the new amounts", async ({
  page,
}) => {
  await logInThroughForm(page, DEMO_EMAIL.admin);
  const twin = await oldestRegistered(page);
  // Every new record is registered in the year the twin was signed, so a registration made by another journey this year cannot move the row read.
  const year = Number(twin.signedOn.slice(0, 4));
  const before = await outputOf(page, year);

  // Amounts are whole hundreds of yuan: the statistics print 0.01 万元, so a rise of whole hundreds shows exactly.
  const stamp = String(Date.now()).slice(-8);
  let n = 0;
  const row = (o: Partial<Row>): Row => ({
    registrationNo: `E2E-${stamp}-${++n}`,
    title: `平台外技术合同 ${stamp}-${n}`,
    type: "技术服务",
    field: "环境保护与资源综合利用",
    sellerName: "吕梁导入测试科技有限公司",
    sellerCreditCode: validCreditCode(Number(stamp) + n),
    sellerDivision: "141102",
    buyerName: "太原导入测试有限公司",
    buyerCreditCode: validCreditCode(Number(stamp) + 500 + n),
    buyerDivision: "140105",
    contractValue: "12300.00",
    techValue: "11000.00",
    signedOn: twin.signedOn,
    registeredOn: twin.signedOn,
    office: "吕梁市技术市场管理办公室",
    ...o,
  });
  const fresh = [row({ contractValue: "45600.00", techValue: "40000.00" }), row({ type: "技术开发合同", field: "C07" })];
  const pair = row({
    title: `${twin.title}（全国系统）`,
    sellerCreditCode: twin.sellerCode,
    buyerCreditCode: twin.buyerCode,
    contractValue: (twin.contractFen / 100).toFixed(2),
    techValue: (twin.contractFen / 100).toFixed(2),
  });
  const last = row({ contractValue: "7800.00", techValue: "7800.00" });
  const bad = { ...last, techValue: "9900.00" };

  // The file with a bad row: refused, its row (headings are row 1) and column named.
  await page.goto("/admin/registrations/import");
  await expect(page.getByRole("heading", { level: 1, name: zh("nimport.title") })).toBeVisible();
  const upload = async (rows: Row[], name: string) => {
    await page.getByLabel(zh("nimport.file"), { exact: true }).setInputFiles({ name, mimeType: "text/csv", buffer: csv(rows) });
    const streamed = page.waitForResponse((r) => new URL(r.url()).pathname === "/admin/registrations/import.ndjson");
    await page.getByRole("button", { name: zh("nimport.submit"), exact: true }).click();
    expect((await streamed).status()).toBe(200);
    return page.getByTestId("import-report");
  };
  let report = await upload([...fresh, pair, bad], "national-bad.csv");
  await expect(report.getByText(zh("nimport.report.refused"))).toBeVisible();
  const errorRow = report.getByRole("row").filter({ hasText: zh("v.nimport.techAboveContract") });
  await expect(errorRow.getByRole("cell")).toHaveText(["5", "技术交易额(元)", zh("v.nimport.techAboveContract")]);
  await expect(report.locator("[data-count=imported]")).toHaveText("0");
  await expect(report.locator("[data-count=refused]")).toHaveText("1");

  // The corrected file: three records off the platform, one pair to decide.
  report = await upload([...fresh, pair, last], "national.csv");
  await expect(report.getByText(zh("nimport.report.ok"))).toBeVisible();
  await expect(report.locator("[data-count=rows]")).toHaveText("4");
  await expect(report.locator("[data-count=imported]")).toHaveText("3");
  await expect(report.locator("[data-count=toConfirm]")).toHaveText("1");
  await expect(report.locator("[data-count=refused]")).toHaveText("0");

  // Before the decision only the three count.
  const offPlatform = [...fresh, last];
  const sum = (rows: Row[], k: "contractValue" | "techValue") => rows.reduce((s, r) => s + parseAmountToFen(r[k], "yuan")!, 0);
  const between = await outputOf(page, year);
  expect(between.contractFen - before.contractFen).toBe(sum(offPlatform, "contractValue"));
  expect(between.count - before.count).toBe(3);

  await page.goto("/admin/registrations/import");
  await page.getByRole("link", { name: new RegExp(`^${zh("pairs.title")}`) }).click();
  await expect(page.getByRole("heading", { level: 1, name: zh("pairs.title") })).toBeVisible();
  await page.getByRole("button", { name: zh("pairs.differentLabel", { no: pair.registrationNo, title: twin.title }), exact: true }).click();
  await expect(page.getByText(zh("pairs.decidedDifferent"))).toBeVisible();
  await expect(page.getByRole("button", { name: zh("pairs.differentLabel", { no: pair.registrationNo, title: twin.title }), exact: true })).toHaveCount(0);

  const after = await outputOf(page, year);
  const counted = [...offPlatform, pair];
  expect(after.contractFen - before.contractFen).toBe(sum(counted, "contractValue"));
  expect(after.techFen - before.techFen).toBe(sum(counted, "techValue"));
  expect(after.count - before.count).toBe(4);
});
