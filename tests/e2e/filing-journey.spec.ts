import type { Page } from "@playwright/test";
import { creditCodeCheckChar } from "../../db/credit-code";
import { DEMO_ACCOUNTS } from "../../db/seed-data/accounts";
import { DEMO_EMAIL, expect, shanghaiDate, test, validCreditCode, zh } from "./fixtures";

// Who files, and a seller outside Lüliang: the enterprise records a contract but only the
// seller's side may file it; a broker records one whose seller is in Beijing, records where the
// seller's own office registered it with the certificate, the Bureau confirms it and later
// cancels the registration, and the contract's page says so. The buyer is in Lüliang and the
// seller is not, so none of this touches the output series another journey measures.

const buyerOrg = DEMO_ACCOUNTS.find((a) => a.email === DEMO_EMAIL.enterprise)!.orgName;
const serial = Date.now() % 1_000_000;
const beijingCode = (n: number) => {
  const first17 = `91110108MA0${String(n).padStart(6, "0")}`;
  return first17 + creditCodeCheckChar(first17)!;
};
const today = shanghaiDate(0);

/** Fills the contract form for a technology-transfer contract between the two parties. */
async function fillContract(
  page: Page,
  c: { title: string; buyer?: { name: string; code: string }; seller: { name: string; code: string; division: string } },
) {
  await page.getByLabel(zh("contract.f.title"), { exact: true }).fill(c.title);
  await page.getByLabel(zh("contract.f.type"), { exact: true }).selectOption({ label: zh("contract.type.TRF") });
  await page.getByLabel(zh("contract.f.subType"), { exact: true }).selectOption({ label: zh("contract.sub.TRF.patent") });
  if (c.buyer) {
    const buyer = page.getByRole("group", { name: zh("contract.buyer"), exact: true });
    await buyer.getByLabel(zh("contract.f.name"), { exact: true }).fill(c.buyer.name);
    await buyer.getByLabel(zh("contract.f.creditCode"), { exact: true }).fill(c.buyer.code);
    await buyer.getByLabel(zh("contract.f.division"), { exact: true }).fill("141102");
  }
  const seller = page.getByRole("group", { name: zh("contract.seller"), exact: true });
  await seller.getByLabel(zh("contract.f.name"), { exact: true }).fill(c.seller.name);
  await seller.getByLabel(zh("contract.f.creditCode"), { exact: true }).fill(c.seller.code);
  await seller.getByLabel(zh("contract.f.division"), { exact: true }).fill(c.seller.division);
  await page.getByLabel(zh("contract.f.contractValue"), { exact: true }).fill("30");
  await page.getByLabel(zh("contract.f.materials"), { exact: true }).fill("2.5");
  await page.getByLabel(zh("contract.f.signedOn"), { exact: true }).fill(today);
  await page.getByLabel(zh("contract.f.termStart"), { exact: true }).fill(today);
  await page.getByLabel(zh("contract.f.termEnd"), { exact: true }).fill(shanghaiDate(365));
  await page.getByLabel(zh("contract.f.contractField"), { exact: true }).selectOption({ index: 1 });
  await page.getByRole("checkbox", { name: zh("ip.invention_patent") }).check();
  await page.getByRole("button", { name: zh("contract.saveDraft") }).click();
  await expect(page).toHaveURL(/\/contracts\/\d+\?saved=1$/);
  return new URL(page.url()).pathname;
}

test("only the seller's side files; a seller elsewhere is recorded with its certificate, confirmed, then cancelled", async ({ login }) => {
  // --- the enterprise (the buyer) records a contract but is told the seller's side files it
  const enterprise = await login("enterprise");
  await enterprise.goto("/contracts/new");
  const refusedPath = await fillContract(enterprise, {
    title: `赤泥综合利用技术转让（买方填报 ${serial}）`,
    seller: { name: "北京中科环境工程技术有限公司", code: beijingCode(serial), division: "110108" },
  });
  await expect(enterprise.getByText(zh("contract.error.notSeller"))).toBeVisible();
  await expect(enterprise.getByRole("button", { name: zh("contract.submit") })).toHaveCount(0);
  expect(refusedPath).toMatch(/^\/contracts\/\d+$/);

  // --- a broker records one whose seller is in Beijing: 技术交易额 is 成交额 less the materials
  const broker = await login("broker");
  await broker.goto("/contracts/new");
  const title = `赤泥提铁技术转让（异地登记 ${serial}）`;
  const path = await fillContract(broker, {
    title,
    buyer: { name: buyerOrg, code: validCreditCode(serial) },
    seller: { name: "北京中科环境工程技术有限公司", code: beijingCode(serial + 1), division: "110108" },
  });
  const fact = (term: string) =>
    broker
      .getByRole("term")
      .filter({ hasText: new RegExp(`^${term}$`) })
      .locator("xpath=following-sibling::dd[1]");
  await expect(fact(zh("contract.item.materials"))).toHaveText("2.5 万元");
  await expect(fact(zh("stats.amount.tech"))).toHaveText("27.5 万元");
  await expect(broker.getByRole("button", { name: zh("contract.submit") })).toHaveCount(0);
  await broker.getByRole("link", { name: zh("contract.fileElsewhere") }).click();
  await expect(broker.getByRole("heading", { level: 1, name: zh("elsewhere.title") })).toBeVisible();
  const number = `2026110108${String(serial).padStart(6, "0")}`;
  await broker.getByLabel(zh("elsewhere.office"), { exact: true }).fill("北京市海淀区科学技术和经济信息化局");
  await broker.getByLabel(zh("elsewhere.no"), { exact: true }).fill(number);
  await broker.getByLabel(zh("elsewhere.registeredOn"), { exact: true }).fill(today);
  await broker.getByLabel(zh("elsewhere.certificate"), { exact: true }).setInputFiles({
    name: "登记证明.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"),
  });
  await broker.getByRole("button", { name: zh("elsewhere.submit") }).click();
  await expect(broker).toHaveURL(new RegExp(`${path}\\?done=elsewhere$`));
  await expect(broker.getByText(zh("contract.filedElsewhere"))).toBeVisible();
  await expect(broker.getByText(zh("elsewhere.awaiting"))).toBeVisible();
  await expect(broker.getByRole("link", { name: "登记证明.pdf" })).toBeVisible();

  // --- the Bureau confirms it from the queue of registrations elsewhere
  const admin = await login("admin");
  await admin.goto("/admin/contracts");
  await admin.getByRole("link", { name: title, exact: true }).click();
  await expect(admin).toHaveURL(new RegExp(`/admin${path}$`));
  await admin.getByRole("button", { name: zh("elsewhere.confirm") }).click();
  await expect(admin).toHaveURL(/\/admin\/contracts\?done=confirmed$/);
  await expect(admin.getByText(zh("registry.confirmedOk"))).toBeVisible();
  await broker.goto(path);
  await expect(broker.getByText(zh("contract.status.elsewhereConfirmed"), { exact: true })).toBeVisible();

  // --- and later cancels the registration, with the reason, after ticking the confirmation
  await admin.goto(`/admin${path}`);
  const reason = "经核查合同系重复登记，撤销本市确认";
  const cancel = admin.locator("form").filter({ has: admin.getByRole("heading", { name: zh("registry.cancel") }) });
  await cancel.getByLabel(zh("registry.cancelReason"), { exact: true }).fill(reason);
  await cancel.getByRole("button", { name: zh("registry.cancel") }).click();
  await expect(cancel.getByText(zh("v.contract.cancelConfirmRequired"))).toBeVisible();
  await cancel.getByRole("checkbox", { name: zh("registry.cancelConfirm") }).check();
  await cancel.getByRole("button", { name: zh("registry.cancel") }).click();
  await expect(admin).toHaveURL(/\/admin\/contracts\?done=cancelled$/);
  await broker.goto(path);
  await expect(broker.getByText(zh("contract.status.cancelled"), { exact: true })).toBeVisible();
  await expect(broker.getByText(new RegExp(reason))).toBeVisible();
});
