import ExcelJS from "exceljs";
import type { Page } from "@playwright/test";
import { expect, shanghaiDate, shanghaiYear, test, zh } from "./fixtures";

// Money that moved, end to end: the seller records a bank transfer with its receipt, the
// Bureau verifies it, the contract shows it received, the city's subsidy batch for the period
// includes 5 % of it, and the batch is approved and exported as a workbook.

const AMOUNT_YUAN = "8000";
const SUBSIDY_FEN = 40_000; // 5 % of 8,000 yuan
const reference = `E2E${Date.now() % 1_000_000_000}`;
/** The smallest file a PDF reader accepts as one: enough for a receipt judged by its bytes. */
const RECEIPT = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);

/**
 * A contract of the institute's own, registered this year or last (the years the demo's
 * subsidy rule covers), on which the seller can record a payment: its id and title. Each page
 * is waited for by its heading, so a page that is not the one asked for (a sign-in page, an
 * error) says so instead of passing for an empty list; a failure lists what was seen.
 */
async function registeredContractOfSeller(seller: Page): Promise<{ id: number; title: string }> {
  await seller.goto("/contracts");
  await expect(seller.getByRole("heading", { level: 1, name: zh("contract.mine") })).toBeVisible();
  const years = [shanghaiYear(), shanghaiYear() - 1].map(String);
  const rows = seller.getByRole("row").filter({ hasText: zh("contract.status.registered") });
  const candidates: { id: number; title: string }[] = [];
  const seen: string[] = [];
  for (const row of await rows.all()) {
    const text = await row.innerText();
    seen.push(text.replace(/\s+/g, " ").slice(0, 120));
    if (!years.some((y) => new RegExp(`\\b${y}\\d{6,}`).test(text))) continue;
    const link = row.getByRole("link").first();
    const id = Number(/\/contracts\/(\d+)/.exec((await link.getAttribute("href")) ?? "")?.[1]);
    candidates.push({ id, title: (await link.innerText()).trim() });
  }
  for (const c of candidates) {
    const response = await seller.goto(`/contracts/${c.id}/payments`);
    await expect(seller.getByRole("heading", { level: 2, name: zh("transfer.list"), exact: true })).toBeVisible();
    if ((await seller.getByLabel(zh("transfer.f.milestone")).count()) > 0) return c;
    seen.push(`/contracts/${c.id}/payments: ${response?.status()}, no transfer form`);
  }
  throw new Error(
    `no registered contract of ${years.join(" or ")} on which the institute can record a payment; registered rows and pages seen:\n${seen.join("\n")}`,
  );
}

test("a verified bank transfer reaches the subsidy batch, which is approved and exported", async ({ login }) => {
  const seller = await login("institute");
  const contract = await registeredContractOfSeller(seller);

  // The seller records the transfer with its receipt.
  const milestone = seller.getByLabel(zh("transfer.f.milestone"));
  await milestone.selectOption({ index: 1 });
  await seller.getByLabel(zh("transfer.f.amount")).fill(AMOUNT_YUAN);
  await seller.getByLabel(zh("transfer.f.receivedOn")).fill(shanghaiDate(0));
  await seller.getByLabel(zh("transfer.f.payerName")).fill("孝义市鹏瑞煤焦化工集团有限公司");
  await seller.getByLabel(zh("transfer.f.bankReference")).fill(reference);
  await seller.getByLabel(zh("transfer.f.receipt")).setInputFiles({ name: "回单.pdf", mimeType: "application/pdf", buffer: RECEIPT });
  await seller.getByRole("button", { name: zh("transfer.record.submit") }).click();
  await expect(seller.getByText(zh("transfer.recorded"))).toBeVisible();
  const row = seller.getByRole("row").filter({ hasText: reference });
  await expect(row.getByText(zh("transfer.status.pending"))).toBeVisible();

  // The Bureau verifies it from its queue.
  const admin = await login("admin");
  await admin.goto("/admin/transfers");
  await admin.getByRole("button", { name: zh("admin.transfers.verifyLabel", { reference }) }).click();
  await expect(admin.getByText(zh("admin.transfers.verified"))).toBeVisible();

  // The contract shows it received.
  await seller.goto(`/contracts/${contract.id}/payments`);
  await expect(seller.getByRole("row").filter({ hasText: reference }).getByText(zh("transfer.status.verified"))).toBeVisible();
  await expect(seller.getByRole("columnheader", { name: zh("pay.col.received") })).toBeVisible();
  await expect(seller.getByRole("cell", { name: "¥8,000", exact: true }).first()).toBeVisible();

  // The subsidy batch for the period up to today includes 5 % of it.
  await admin.goto("/admin/subsidies");
  await expect(admin.getByRole("heading", { level: 1, name: zh("subsidy.title") })).toBeVisible();
  await admin.getByRole("button", { name: zh("batch.compute") }).click();
  await expect(admin.getByText(zh("batch.computed"))).toBeVisible();
  const lines = admin.getByRole("table", { name: zh("batch.lines") });
  const line = lines.getByRole("row").filter({ hasText: contract.title });
  await expect(line).toHaveCount(1);
  await expect(line.getByRole("cell").last()).toHaveText("¥400");

  // Approved, with the confirmation the page asks for, then frozen.
  admin.once("dialog", (dialog) => void dialog.accept());
  await admin.getByRole("button", { name: zh("batch.approve") }).click();
  await expect(admin.getByText(zh("batch.approved"))).toBeVisible();
  await expect(admin.getByText(zh("batch.frozen"))).toBeVisible();
  await expect(admin.getByRole("button", { name: zh("batch.approve") })).toHaveCount(0);

  // Exported: the workbook holds the same line.
  const [download] = await Promise.all([admin.waitForEvent("download"), admin.getByRole("link", { name: zh("batch.export") }).click()]);
  expect(download.suggestedFilename()).toMatch(/^subsidy-batch-\d+-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await download.path());
  const sheet = wb.worksheets[0]!;
  const found: number[] = [];
  sheet.eachRow((r) => {
    if (r.getCell(3).value === contract.title) found.push(Math.round(Number(r.getCell(12).value) * 100));
  });
  expect(found).toEqual([SUBSIDY_FEN]);
});
