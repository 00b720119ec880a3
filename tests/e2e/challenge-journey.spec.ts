import { en, expect, shanghaiDate, test, zh } from "./fixtures";

// A challenge from posting to award: the enterprise posts and submits it with a window that
// is already open, the Bureau approves it, an institute applies with a file, the enterprise
// closes the window early, shortlists and awards the institute, and a visitor sees the award
// on the public page in Chinese and in English.

const stamp = Date.now();
const challenge = {
  title: `焦化脱硫废液提盐资源化技术攻关 ${stamp}`,
  problem: "焦炉煤气湿法脱硫产生的脱硫废液含硫氰酸钠、硫代硫酸钠等副盐，目前掺煤焚烧处理，既损失盐资源又增加二氧化硫排放，需要经济可行的提盐资源化技术。",
  indicators: "副盐回收率 ≥ 90%；硫氰酸钠产品纯度 ≥ 98%；吨废液处理成本 ≤ 300 元。",
  qualifications: "具有化工分离或焦化废液处理研发业绩的高校院所或企业。",
  acceptance: "中试装置连续运行 1000 小时，由第三方检测机构出具产品检测报告。",
  criteria: "技术先进性 40\n实施方案 30\n团队能力 30",
};
const institute = { name: "太原理工大学吕梁产业研究院", nameEn: "Taiyuan University of Technology Lüliang Industrial Research Institute" };

test("an enterprise posts a challenge, the Bureau approves it, an institute applies with a file, and the award shows publicly in both languages", async ({
  login,
  newVisitor,
}) => {
  // --- the enterprise posts the challenge and submits it
  const enterprise = await login("enterprise");
  await enterprise.goto("/challenges");
  await enterprise
    .getByRole("link", { name: zh("challenge.new") })
    .first()
    .click();
  await expect(enterprise.getByRole("heading", { name: zh("challenge.new") })).toBeVisible();
  await enterprise.getByLabel(zh("challenge.title"), { exact: true }).fill(challenge.title);
  await enterprise.getByLabel(zh("challenge.problem"), { exact: true }).fill(challenge.problem);
  await enterprise.getByLabel(zh("challenge.indicators"), { exact: true }).fill(challenge.indicators);
  await enterprise.getByLabel(zh("common.industryChain"), { exact: true }).selectOption({ label: "现代煤化工" });
  await enterprise.getByLabel(zh("common.techField"), { exact: true }).selectOption({ label: "清洁生产技术" });
  await enterprise.getByLabel(zh("common.county"), { exact: true }).selectOption({ label: "孝义市" });
  await enterprise.getByLabel(zh("challenge.rewardWan"), { exact: true }).fill("300");
  await enterprise.getByLabel(zh("challenge.payout"), { exact: true }).selectOption({ label: zh("challenge.payout.on_award") });
  await enterprise.getByLabel(zh("challenge.mode"), { exact: true }).selectOption({ label: zh("challenge.mode.single") });
  await enterprise.getByLabel(zh("challenge.teams"), { exact: true }).fill("1");
  await enterprise.getByLabel(zh("challenge.opensOn"), { exact: true }).fill(shanghaiDate(0));
  await enterprise.getByLabel(zh("challenge.closesOn"), { exact: true }).fill(shanghaiDate(30));
  await enterprise.getByLabel(zh("challenge.deliverBy"), { exact: true }).fill(shanghaiDate(400));
  await enterprise.getByLabel(zh("challenge.qualifications"), { exact: true }).fill(challenge.qualifications);
  await enterprise.getByLabel(zh("challenge.criteria"), { exact: true }).fill(challenge.criteria);
  await enterprise.getByLabel(zh("challenge.acceptance"), { exact: true }).fill(challenge.acceptance);
  await enterprise.getByLabel(zh("common.contact"), { exact: true }).fill("霍鹏飞");
  await enterprise.getByLabel(zh("common.phone"), { exact: true }).fill("13603581234");
  await enterprise.getByRole("button", { name: zh("listing.saveDraft") }).click();
  await expect(enterprise).toHaveURL(/\/challenges\/\d+\?saved=1/);
  const path = new URL(enterprise.url()).pathname;
  await expect(enterprise.getByRole("heading", { name: challenge.title })).toBeVisible();
  await enterprise.getByRole("button", { name: zh("challenge.submit") }).click();
  await expect(enterprise.getByText(zh("challenge.status.submitted"), { exact: true })).toBeVisible();

  // --- the Bureau approves it from its desk; the window has begun, so it opens at once
  const admin = await login("admin");
  await admin.goto("/admin/challenges");
  await admin.getByRole("link", { name: challenge.title }).click();
  await admin.getByRole("button", { name: zh("challenge.approve") }).click();
  await expect(admin.getByText(zh("challenge.status.open"), { exact: true })).toBeVisible();

  // --- the institute applies with a file
  const inst = await login("institute");
  await inst.goto(path);
  await inst
    .getByLabel(zh("challenge.proposal"), { exact: true })
    .fill("采用萃取—结晶耦合工艺分离硫氰酸钠与硫代硫酸钠，母液循环使用，已完成实验室连续试验，回收率 92%。");
  await inst.getByLabel(zh("challenge.team"), { exact: true }).fill("负责人：化工学院教授；团队 8 人，含高级职称 3 人。");
  await inst.getByLabel(zh("challenge.budgetWan"), { exact: true }).fill("260");
  await inst.locator('input[type="file"][name="file"]').setInputFiles({
    name: "技术方案.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"),
  });
  await inst.getByRole("button", { name: zh("challenge.apply") }).click();
  await expect(inst).toHaveURL(/done=applied/);
  await expect(inst.getByText(zh("challenge.applied", { status: zh("challenge.appStatus.submitted") }))).toBeVisible();

  // --- the enterprise closes the window early, sees the file, shortlists and awards
  await enterprise.goto(path);
  await enterprise.getByRole("button", { name: zh("challenge.closeEarly") }).click();
  await expect(enterprise.getByText(zh("challenge.status.closed"), { exact: true })).toBeVisible();
  await enterprise.getByRole("link", { name: zh("challenge.applications.open") }).click();
  const card = enterprise.getByRole("region", { name: institute.name });
  await expect(card.getByRole("link", { name: "技术方案.pdf" })).toBeVisible();
  await enterprise.getByRole("checkbox", { name: institute.name }).check();
  await enterprise.getByRole("button", { name: zh("challenge.shortlist") }).click();
  await expect(enterprise.getByText(zh("challenge.status.shortlisted"), { exact: true })).toBeVisible();
  await enterprise.getByRole("checkbox", { name: institute.name }).check();
  await enterprise.getByRole("button", { name: zh("challenge.award") }).click();
  await expect(enterprise.getByText(zh("challenge.status.awarded"), { exact: true })).toBeVisible();

  // --- a visitor sees who won, in Chinese and in English
  const visitor = await newVisitor();
  await visitor.goto(path);
  const winners = visitor.getByRole("region", { name: zh("challenge.winners") });
  await expect(winners).toContainText(institute.name);
  await expect(visitor.getByText(zh("challenge.status.awarded"), { exact: true })).toBeVisible();
  await visitor.getByRole("button", { name: zh("lang.label") }).click();
  await expect(visitor.locator("html")).toHaveAttribute("lang", "en");
  const winnersEn = visitor.getByRole("region", { name: en("challenge.winners") });
  await expect(winnersEn).toContainText(institute.nameEn);
  await expect(visitor.getByText(en("challenge.status.awarded"), { exact: true })).toBeVisible();
});
