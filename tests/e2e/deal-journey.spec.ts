import type { Page } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../../db/seed-data/accounts";
import { parseAmountToFen } from "../../app/services/money";
import { DEMO_EMAIL, expect, shanghaiDate, shanghaiYear, test, zh, zhPattern } from "./fixtures";

// From an open need to the city's figure: a broker takes up a need, pairs it with a
// suggested achievement, both parties say they are interested and agree to proceed, the
// broker signs the deal and records its technology contract, the Bureau registers it, and
// the registered contract amount grows by exactly what was signed.

const orgOf = (email: string) => DEMO_ACCOUNTS.find((a) => a.email === email)!.orgName;
// The need's side and the achievement's side are the demo accounts' own organisations, so
// each party acts through its ordinary log-in.
const buyerOrg = orgOf(DEMO_EMAIL.enterprise);
const sellerOrg = orgOf(DEMO_EMAIL.institute);

const year = shanghaiYear();
const contract = {
  contractValue: "55",
  // 技术交易额 is 成交额 less the non-technical items: 55 − 6.4 = 48.6.
  equipment: "6.4",
  techValue: "48.6",
  // The registrar finds more equipment than was declared (9.2 万元), leaving 45.8.
  registeredEquipment: "9.2",
  registeredTechValue: "45.8",
  type: zh("contract.type.TRF"),
  subType: zh("contract.sub.TRF.patent"),
  field: "环境保护与资源综合利用",
  signedOn: shanghaiDate(0),
  termEnd: shanghaiDate(365),
  milestones: [
    { title: "合同生效后首付款", due: shanghaiDate(30), amount: "33" },
    { title: "工艺包交付验收后尾款", due: shanghaiDate(180), amount: "22" },
  ],
  commissionRate: "3",
  // Registry numbers run year · registering division · serial; the seed's serials stay far below 900000.
  registrationNo: `${year}141100${900_000 + (Date.now() % 100_000)}`,
};

/** An amount as the statistics tables print it ("6,089.5 万元", or "¥1,234" under 10,000 yuan), in fen. */
function fenOf(text: string): number {
  const s = text.trim();
  const wan = /^([\d,.]+) 万元$/.exec(s);
  const fen = wan ? parseAmountToFen(wan[1]!, "wan") : parseAmountToFen(s.replace(/^¥/, ""), "yuan");
  expect(fen, `an amount: "${s}"`).not.toBeNull();
  return fen!;
}

/**
 * This year's registered output contracts from the Bureau's statistics: 成交额, 技术交易额
 * and how many. These cells are the most exact the UI shows the city's figure (to 0.01 万元,
 * i.e. 100 yuan); the home page rounds the same sum to 0.01 亿元 (1 million yuan), too coarse
 * to show a contract of a few hundred thousand yuan arriving.
 */
async function outputThisYear(admin: Page): Promise<{ contractFen: number; techFen: number; count: number }> {
  await admin.goto("/admin/statistics");
  await expect(admin.getByRole("heading", { level: 1, name: zh("stats.title") })).toBeVisible();
  const byYear = admin.locator("section").filter({ has: admin.getByRole("heading", { level: 2, name: zh("stats.byYear"), exact: true }) });
  await expect(byYear.getByRole("columnheader", { name: zh("stats.series.output") })).toBeVisible();
  const row = byYear.getByRole("row").filter({ has: admin.getByRole("rowheader", { name: String(year), exact: true }) });
  // Output comes first: 成交额, 技术交易额, 份数.
  const cells = row.getByRole("cell");
  return {
    contractFen: fenOf((await cells.nth(0).textContent())!),
    techFen: fenOf((await cells.nth(1).textContent())!),
    count: Number(await cells.nth(2).textContent()),
  };
}

/** The home page's figure, "2026 · 0.61 亿元" (or "… / 50 亿元" in a year with a target), as the number of 亿元 it shows. */
async function homeFigure(page: Page): Promise<number> {
  await page.goto("/");
  const figure = page.getByText(zh("home.contractAmount"), { exact: true }).locator("xpath=..");
  // The target counts registered output (seller in Lüliang) by 成交额 unless the Bureau says otherwise.
  await expect(figure.getByText(zh("home.contractBasis", { series: zh("stats.series.output"), amount: zh("stats.amount.contract") }))).toBeVisible();
  // With the year's target when the Bureau has one (the plan's 50亿 is 2027's), without otherwise.
  const withTarget = zhPattern("home.contractFigure", { year, value: /[\d.,]+ 亿元/, target: /.+/ });
  const withoutTarget = zhPattern("home.contractNoTarget", { year, value: /[\d.,]+ 亿元/ });
  const text = (await figure.getByText(new RegExp(`${withTarget.source}|${withoutTarget.source}`)).textContent())!;
  return Number((withTarget.exec(text) ?? withoutTarget.exec(text))![1]!.replace(/[, 亿元]/g, ""));
}

/** Fen as 亿元 to two decimals, rounded the way the figure is. */
const yi = (fen: number) => Math.round(fen / 100_000_000) / 100;

test("a broker pairs a need with an achievement, the parties agree, the contract is registered and the city's figure grows by its amount", async ({
  login,
  newVisitor,
}) => {
  // --- the figure before
  const visitor = await newVisitor();
  const homeBefore = await homeFigure(visitor);
  const admin = await login("admin");
  const before = await outputThisYear(admin);
  expect(homeBefore).toBe(yi(before.contractFen));

  // --- the broker takes up an open need of the enterprise's organisation
  const broker = await login("broker");
  await broker.goto("/broker");
  await expect(broker.getByRole("heading", { level: 1, name: zh("broker.workbench.title") })).toBeVisible();
  const open = broker.getByRole("region", { name: zh("broker.open.title") });
  const needRow = open.getByRole("row").filter({ hasText: buyerOrg }).first();
  await expect(needRow).toBeVisible();
  const needTitle = (await needRow.getByRole("link").first().textContent())!.trim();
  await needRow.getByRole("button", { name: zh("broker.open.claim") }).click();
  await expect(broker).toHaveURL(/\/broker\/needs\/\d+\?done=claimed$/);
  await expect(broker.getByRole("heading", { level: 1, name: needTitle })).toBeVisible();
  await expect(broker.getByText(zh("broker.led.claimed"))).toBeVisible();

  // --- and confirms the institute's achievement among the suggestions
  const suggestions = broker.getByRole("region", { name: zh("broker.led.suggestions") });
  const pick = suggestions.getByRole("listitem").filter({ hasText: sellerOrg }).first();
  // Suggestions come from the search index, which the server fills in the background after it starts.
  await expect(async () => {
    if (!(await pick.isVisible())) await broker.reload();
    await expect(pick).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  const achievementTitle = (await pick.getByRole("heading", { level: 3 }).textContent())!.trim();
  await pick.getByRole("button", { name: zh("broker.led.confirm") }).click();
  await expect(broker).toHaveURL(/\/deals\/\d+\?done=confirmed$/);
  const dealPath = new URL(broker.url()).pathname;
  await expect(broker.getByText(zh("deal.done.confirmed"))).toBeVisible();
  await expect(broker.getByRole("heading", { level: 1 })).toHaveText(`${needTitle} ↔ ${achievementTitle}`);
  await expect(broker.getByText(zh("deal.stage.contacted"), { exact: true })).toBeVisible();
  await expect(broker.getByRole("button", { name: zh("deal.moveTo.signed") })).toHaveCount(0);

  // --- each party finds the deal among its own and says it is interested
  const parties = [
    { page: await login("enterprise"), side: zh("deal.buyer"), org: buyerOrg, note: "可提供气化细渣样品和现场中试场地" },
    { page: await login("institute"), side: zh("deal.seller"), org: sellerOrg, note: "" },
  ];
  for (const { page, org, note } of parties) {
    await page.goto("/");
    await page.getByRole("link", { name: zh("nav.deals") }).click();
    await expect(page.getByRole("heading", { level: 1, name: zh("deal.mine.title") })).toBeVisible();
    await page.getByRole("link", { name: needTitle, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${dealPath}$`));
    const request = page
      .getByRole("row")
      .filter({ hasText: zh("deal.subject.interest") })
      .filter({ hasText: org });
    await request.getByRole("combobox", { name: zh("deal.responses.answer") }).selectOption({ label: zh("deal.code.interested") });
    if (note) await request.getByRole("textbox", { name: zh("deal.responses.note") }).fill(note);
    await request.getByRole("button", { name: zh("deal.responses.send"), exact: true }).click();
    await expect(page.getByText(zh("deal.done.answer"))).toBeVisible();
    await expect(request.getByText(zh("deal.code.interested"), { exact: true })).toBeVisible();
    await expect(request.getByRole("button")).toHaveCount(0);
  }

  // --- the broker opens negotiations; signing waits for both sides' agreement
  await broker.reload();
  for (const org of [buyerOrg, sellerOrg]) {
    await expect(
      broker.getByText(zh("deal.log.answer", { org, subject: zh("deal.subject.interest"), code: zh("deal.code.interested") }), { exact: false }),
    ).toBeVisible();
  }
  await broker.getByRole("button", { name: zh("deal.moveTo.negotiating") }).click();
  await expect(broker.getByText(zh("deal.done.stage"))).toBeVisible();
  await expect(broker.getByText(zh("deal.stage.negotiating"), { exact: true })).toBeVisible();
  await expect(broker.getByRole("button", { name: zh("deal.moveTo.signed") })).toBeDisabled();
  await expect(broker.getByText(zh("deal.signNeedsBoth"))).toBeVisible();

  for (const { page, side } of parties) {
    await page.reload();
    await expect(page.getByText(zh("deal.stage.negotiating"), { exact: true })).toBeVisible();
    await page.getByRole("button", { name: zh("deal.agree") }).click();
    await expect(page.getByText(zh("deal.done.agree"))).toBeVisible();
    await expect(page.getByText(`${side}: ${zh("deal.agreed")}`)).toBeVisible();
    await expect(page.getByRole("button", { name: zh("deal.agree") })).toHaveCount(0);
  }

  // --- the broker signs the deal and records its contract
  await broker.reload();
  for (const { side, org } of parties) {
    await expect(broker.getByText(`${side}: ${zh("deal.agreed")}`)).toBeVisible();
    await expect(broker.getByText(zh("deal.log.confirm", { org }))).toBeVisible();
  }
  await broker.getByRole("button", { name: zh("deal.moveTo.signed") }).click();
  await expect(broker.getByText(zh("deal.stage.signed"), { exact: true })).toBeVisible();
  await broker.getByRole("link", { name: zh("deal.recordContract") }).click();
  await expect(broker).toHaveURL(/\/contracts\/new\?matchId=\d+$/);
  await expect(broker.getByRole("heading", { level: 1, name: zh("contract.new") })).toBeVisible();
  await expect(broker.getByText(zh("contract.fromDeal", { need: needTitle, achievement: achievementTitle }))).toBeVisible();

  // Both parties come from the deal, with their codes and divisions.
  const buyer = broker.getByRole("group", { name: zh("contract.buyer"), exact: true });
  const seller = broker.getByRole("group", { name: zh("contract.seller"), exact: true });
  await expect(buyer.getByLabel(zh("contract.f.name"), { exact: true })).toHaveValue(buyerOrg);
  await expect(seller.getByLabel(zh("contract.f.name"), { exact: true })).toHaveValue(sellerOrg);
  for (const party of [buyer, seller]) {
    await expect(party.getByLabel(zh("contract.f.creditCode"), { exact: true })).toHaveValue(/^[0-9A-Z]{18}$/);
  }
  // A seller registered in Lüliang (1411xx) is what puts the contract into the output series the target counts.
  await expect(seller.getByLabel(zh("contract.f.division"), { exact: true })).toHaveValue(/^1411\d{2}$/);
  await expect(broker.getByRole("checkbox", { name: zh("ip.invention_patent") })).toBeChecked();

  const title = broker.getByLabel(zh("contract.f.title"), { exact: true });
  await expect(title).toHaveValue(achievementTitle);
  const contractTitle = `${achievementTitle}专利权转让合同`;
  await title.fill(contractTitle);
  await broker.getByLabel(zh("contract.f.type"), { exact: true }).selectOption({ label: contract.type });
  await broker.getByLabel(zh("contract.f.subType"), { exact: true }).selectOption({ label: contract.subType });
  await broker.getByLabel(zh("contract.f.contractValue"), { exact: true }).fill(contract.contractValue);
  await broker.getByLabel(zh("contract.f.equipment"), { exact: true }).fill(contract.equipment);
  await broker.getByLabel(zh("contract.f.signedOn"), { exact: true }).fill(contract.signedOn);
  await broker.getByLabel(zh("contract.f.termStart"), { exact: true }).fill(contract.signedOn);
  await broker.getByLabel(zh("contract.f.termEnd"), { exact: true }).fill(contract.termEnd);
  await broker.getByLabel(zh("contract.f.paymentMode"), { exact: true }).selectOption({ label: zh("contract.pay.lump_sum_instalments") });
  const plan = broker.getByRole("group", { name: zh("contract.f.milestones") });
  for (const [i, m] of contract.milestones.entries()) {
    await plan.getByLabel(`${zh("contract.f.milestoneTitle")} ${i + 1}`, { exact: true }).fill(m.title);
    await plan.getByLabel(zh("contract.f.milestoneDue"), { exact: true }).nth(i).fill(m.due);
    await plan.getByLabel(zh("contract.f.milestoneAmount"), { exact: true }).nth(i).fill(m.amount);
  }
  await broker.getByLabel(zh("contract.f.contractField"), { exact: true }).selectOption({ label: contract.field });
  await broker.getByLabel(zh("contract.f.commissionRate"), { exact: true }).fill(contract.commissionRate);
  await broker.getByRole("button", { name: zh("contract.saveDraft") }).click();

  await expect(broker).toHaveURL(/\/contracts\/\d+\?saved=1$/);
  const contractPath = new URL(broker.url()).pathname;
  await expect(broker.getByRole("heading", { level: 1, name: contractTitle })).toBeVisible();
  await expect(broker.getByText(zh("contract.saved"))).toBeVisible();
  await expect(broker.getByText(zh("contract.status.draft"), { exact: true })).toBeVisible();
  const fact = (term: string) =>
    broker
      .getByRole("term")
      .filter({ hasText: new RegExp(`^${term}$`) })
      .locator("xpath=following-sibling::dd[1]");
  await expect(fact(zh("stats.amount.contract"))).toHaveText(`${contract.contractValue} 万元`);
  await expect(fact(zh("contract.item.equipment"))).toHaveText(`${contract.equipment} 万元`);
  await expect(fact(zh("stats.amount.tech"))).toHaveText(`${contract.techValue} 万元`);
  await expect(fact(zh("contract.f.type"))).toHaveText(`${contract.type} · ${contract.subType}`);
  await broker.getByRole("button", { name: zh("contract.submit") }).click();
  await expect(broker.getByText(zh("contract.submitted"))).toBeVisible();
  await expect(broker.getByText(zh("contract.status.submitted"), { exact: true })).toBeVisible();

  // --- the Bureau registers it under a number of its own and the 技术交易额 it finds
  await admin.goto("/");
  await admin.getByRole("link", { name: zh("nav.registry") }).click();
  await expect(admin.getByRole("heading", { level: 1, name: zh("registry.title") })).toBeVisible();
  await admin.getByRole("link", { name: contractTitle, exact: true }).click();
  await expect(admin).toHaveURL(new RegExp(`/admin${contractPath}$`));
  // The URL changes before the page does: the contract's own heading shows it has, and the desk's list is gone.
  await expect(admin.getByRole("heading", { level: 1, name: contractTitle, exact: true })).toBeVisible();
  await expect(admin.getByText(zh("contract.status.submitted"), { exact: true })).toBeVisible();
  await expect(admin.getByText(zh("registry.itemsHint", { value: `${contract.techValue} 万元` }))).toBeVisible();
  await expect(admin.getByLabel(zh("contract.f.equipment"), { exact: true })).toHaveValue(contract.equipment);
  await admin.getByLabel(zh("contract.f.registrationNo"), { exact: true }).fill(contract.registrationNo);
  await admin.getByLabel(zh("contract.f.equipment"), { exact: true }).fill(contract.registeredEquipment);
  await admin.getByLabel(zh("registry.correctionReason"), { exact: true }).fill("设备购置费按发票核定");
  await admin.getByRole("button", { name: zh("registry.register") }).click();
  await expect(admin).toHaveURL(/\/admin\/contracts\?done=registered$/);
  await expect(admin.getByText(zh("registry.registeredOk"))).toBeVisible();
  const registered = admin.getByRole("row").filter({ has: admin.getByRole("link", { name: contractTitle, exact: true }) });
  await expect(registered).toContainText(contract.registrationNo);
  await expect(registered).toContainText(zh("contract.status.registered"));

  await broker.goto(contractPath);
  await expect(broker.getByText(zh("contract.registeredAs", { number: contract.registrationNo, year }))).toBeVisible();

  // --- the city's figure: exact to 0.01 万元 on the Bureau's statistics, rounded on the home page
  const after = await outputThisYear(admin);
  expect(after.contractFen - before.contractFen).toBe(parseAmountToFen(contract.contractValue, "wan"));
  expect(after.techFen - before.techFen).toBe(parseAmountToFen(contract.registeredTechValue, "wan"));
  expect(after.count - before.count).toBe(1);
  expect(await homeFigure(visitor)).toBe(yi(after.contractFen));
});
