import { en, expect, shanghaiDate, shanghaiYear, test, validCreditCode, zh } from "./fixtures";
import { withNeedsListLock } from "./needs-list-lock";

// A need's whole road: a new enterprise registers, the Bureau verifies it, the member posts
// and submits a need, the Bureau publishes it, and a visitor finds it in both languages.

const stamp = Date.now();
const member = {
  name: "贺晓峰",
  email: `e2e-need-${stamp}@example.com`,
  password: "Lvliang-e2e-2026",
  orgName: "岚县莜麦食品科技有限公司",
  orgNameEn: "Lanxian Naked Oat Food Technology Co., Ltd.",
  creditCode: validCreditCode(stamp),
};
// 莜麦 appears nowhere in the demo data, so a search for it can only find this need.
const need = {
  title: "莜麦全粉稳定化加工与货架期延长技术",
  searchWord: "莜麦",
  description:
    "公司年加工莜麦约8000吨，莜麦全粉脂肪酶活性高，常温储存三个月后酸价明显上升、出现哈喇味，限制了产品进入商超渠道。希望通过灭酶、低温干燥等工艺把货架期延长到12个月，酸价不超过4 mg/g。",
  chain: "现代农业",
  chainEn: "Modern agriculture",
  field: "农业生物技术",
  budgetMin: "30",
  budgetMax: "80",
  modes: ["joint_dev", "commissioned_dev"] as const,
  trlLabel: zh("trl.6"),
  deadline: shanghaiDate(90),
  county: "岚县",
  contactName: "贺晓峰",
  contactPhone: "13835800123",
  contactEmail: "hexf@example.com",
};

test("an enterprise registers, is verified, posts a need that the Bureau publishes, and a visitor finds it in Chinese and English", async ({
  page,
  login,
  newVisitor,
}) => {
  // --- registration: the member's own browser
  await page.goto("/register");
  await expect(page.getByRole("heading", { name: zh("auth.register.title") })).toBeVisible();
  await page.getByRole("radio", { name: zh("role.enterprise") }).check();
  await page.getByLabel(zh("auth.name"), { exact: true }).fill(member.name);
  await page.getByLabel(zh("auth.email"), { exact: true }).fill(member.email);
  await page.getByLabel(zh("auth.password"), { exact: true }).fill(member.password);
  await page.getByLabel(zh("auth.register.passwordConfirm"), { exact: true }).fill(member.password);
  await page.getByRole("radio", { name: zh("auth.register.orgMode.new") }).check();
  await page.getByLabel(zh("auth.register.creditCode"), { exact: true }).fill(member.creditCode);
  await page.getByLabel(zh("auth.register.orgName"), { exact: true }).fill(member.orgName);
  await page.getByLabel(`${zh("auth.register.orgNameEn")} (${zh("common.optional")})`).fill(member.orgNameEn);
  await page.getByLabel(zh("auth.register.county"), { exact: true }).selectOption({ label: "离石区" });
  await page.getByRole("button", { name: zh("auth.register.submit"), exact: true }).click();

  await expect(page).toHaveURL(/\/account\?registered=1/);
  await expect(page.getByText(zh("auth.register.pending"))).toBeVisible();
  await expect(page.getByText(zh("auth.account.orgPending"), { exact: true })).toBeVisible();
  await expect(page.getByText(member.orgName)).toBeVisible();

  // --- the Bureau verifies the organisation
  const admin = await login("admin");
  await admin.goto("/admin/organisations");
  await expect(admin.getByRole("heading", { name: zh("admin.orgs.pending") })).toBeVisible();
  const orgRow = admin.getByRole("row").filter({ hasText: member.orgName });
  await expect(orgRow).toContainText(member.creditCode);
  await expect(orgRow).not.toContainText(zh("admin.orgs.codeFailsCheck"));
  await orgRow.getByRole("button", { name: zh("admin.orgs.verify"), exact: true }).click();
  await expect(admin.getByRole("heading", { name: zh("admin.orgs.confirmVerifyTitle") })).toBeVisible();
  await admin.getByRole("button", { name: zh("admin.orgs.confirmVerify"), exact: true }).click();
  await expect(admin.getByText(zh("admin.orgs.done.verified"))).toBeVisible();
  await expect(orgRow.getByRole("button")).toHaveCount(0);
  await expect(orgRow).toHaveCount(1);

  await page.reload();
  await expect(page.getByText(zh("auth.account.orgVerified"), { exact: true })).toBeVisible();

  // --- the member posts the need, every field filled, and submits it for review
  await page.getByRole("link", { name: zh("nav.mine") }).click();
  await page.getByRole("link", { name: zh("need.new") }).click();
  await expect(page.getByRole("heading", { name: zh("need.new") })).toBeVisible();
  await expect(page.getByText(zh("error.unverifiedOrg"))).toHaveCount(0);
  await page.getByLabel(zh("need.title"), { exact: true }).fill(need.title);
  await page.getByLabel(zh("need.description"), { exact: true }).fill(need.description);
  await page.getByLabel(zh("common.industryChain"), { exact: true }).selectOption({ label: need.chain });
  await page.getByLabel(zh("common.techField"), { exact: true }).selectOption({ label: need.field });
  await page.getByLabel(zh("need.budgetMin"), { exact: true }).fill(need.budgetMin);
  await page.getByLabel(zh("need.budgetMax"), { exact: true }).fill(need.budgetMax);
  for (const mode of need.modes) await page.getByRole("checkbox", { name: zh(`mode.${mode}`) }).check();
  await page.getByLabel(zh("need.expectedTrl"), { exact: true }).selectOption({ label: need.trlLabel });
  await page.getByLabel(zh("need.deadline"), { exact: true }).fill(need.deadline);
  await page.getByLabel(zh("common.county"), { exact: true }).selectOption({ label: need.county });
  await page.getByLabel(zh("common.contact"), { exact: true }).fill(need.contactName);
  await page.getByLabel(zh("common.phone"), { exact: true }).fill(need.contactPhone);
  await page.getByLabel(`${zh("common.email")} (${zh("common.optional")})`).fill(need.contactEmail);
  await page.getByRole("button", { name: zh("listing.saveDraft") }).click();

  await expect(page).toHaveURL(/\/needs\/\d+\?saved=1/);
  const needPath = new URL(page.url()).pathname;
  await expect(page.getByRole("heading", { level: 1, name: need.title })).toBeVisible();
  await expect(page.getByText(zh("listing.draftSaved"))).toBeVisible();
  await expect(page.getByText(zh("status.draft"), { exact: true })).toBeVisible();
  await expect(page.getByText(need.description)).toBeVisible();
  await expect(page.getByText(`${zh("mode.joint_dev")}、${zh("mode.commissioned_dev")}`)).toBeVisible();
  await expect(page.getByText(need.contactPhone)).toBeVisible();

  await page.getByRole("button", { name: zh("listing.submit") }).click();
  await expect(page.getByText(zh("listing.submitted"))).toBeVisible();
  await expect(page.getByText(zh("status.submitted"), { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: zh("listing.submit") })).toHaveCount(0);

  // --- the Bureau approves it from the review queue
  await admin.getByRole("link", { name: zh("nav.review") }).click();
  await expect(admin.getByRole("heading", { name: zh("admin.review.title") })).toBeVisible();
  await admin.getByRole("link", { name: need.title }).click();
  await expect(admin).toHaveURL(new RegExp(`${needPath}$`));
  await expect(admin.getByText(zh("status.submitted"), { exact: true })).toBeVisible();
  await withNeedsListLock(async () => {
    await admin.getByRole("button", { name: zh("admin.review.approve") }).click();
    await expect(admin).toHaveURL(/done=approved/);
  });
  await expect(admin.getByText(zh("status.published"), { exact: true }).first()).toBeVisible();
  await expect(admin.getByRole("button", { name: zh("admin.review.approve") })).toHaveCount(0);
  // Publishing puts the need on this year's needs list.
  await expect(admin.getByRole("term").filter({ hasText: zh("need.listYear") })).toBeVisible();
  await expect(admin.getByRole("definition").filter({ hasText: new RegExp(`^${shanghaiYear()}$`) })).toBeVisible();

  // --- a visitor, logged out, finds it with a word of its title
  const visitor = await newVisitor();
  await visitor.goto("/needs");
  await expect(visitor.getByRole("heading", { level: 1, name: zh("need.list.title") })).toBeVisible();
  await expect(visitor.getByRole("button", { name: zh("nav.logout") })).toHaveCount(0);
  await visitor.getByRole("searchbox", { name: zh("common.search") }).fill(need.searchWord);
  await visitor.getByRole("button", { name: zh("common.search"), exact: true }).click();
  await expect(visitor).toHaveURL(/[?&]q=/);
  const hit = visitor.getByRole("link", { name: need.title });
  // The search index is fed through an outbox that a relay drains in the background.
  await expect(async () => {
    if (!(await hit.isVisible())) await visitor.reload();
    await expect(hit).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  const result = visitor.getByRole("article").filter({ has: hit });
  await expect(result).toContainText(member.orgName);
  await expect(result).toContainText(need.chain);
  await expect(result).toContainText(zh("mode.joint_dev"));
  await expect(result).toContainText(zh("need.deadline"));

  // --- the same visitor switches to English with the header button
  await visitor.getByRole("button", { name: zh("lang.label") }).click();
  await expect(visitor.locator("html")).toHaveAttribute("lang", "en");
  await expect(visitor.getByRole("heading", { level: 1, name: en("need.list.title") })).toBeVisible();
  await expect(visitor.getByRole("button", { name: en("lang.label") })).toContainText(en("lang.switch"));
  await expect(visitor.getByRole("searchbox", { name: en("common.search") })).toHaveValue(need.searchWord);
  await expect(visitor.getByRole("link", { name: en("nav.achievements") })).toBeVisible();
  const hitEn = visitor.getByRole("article").filter({ has: visitor.getByRole("link", { name: need.title }) });
  await expect(hitEn).toContainText(need.chainEn);
  await expect(hitEn).toContainText(en("mode.joint_dev"));
  await expect(hitEn).toContainText(en("need.deadline"));

  await visitor.getByRole("link", { name: need.title }).click();
  await expect(visitor).toHaveURL(new RegExp(`${needPath}$`));
  await expect(visitor.getByRole("heading", { level: 1, name: need.title })).toBeVisible();
  // "Published" is both the status tag and the label of the publication date.
  await expect(visitor.getByText(en("status.published"), { exact: true })).toHaveCount(2);
  await expect(visitor.getByRole("heading", { name: en("need.description") })).toBeVisible();
  for (const label of [en("listing.org"), en("need.budget"), en("need.modes"), en("need.expectedTrl"), en("need.deadline"), en("listing.publishedAt")]) {
    await expect(visitor.getByRole("term").filter({ hasText: label })).toBeVisible();
  }
  const modes = visitor.getByRole("definition").filter({ hasText: en("mode.joint_dev") });
  await expect(modes).toContainText(en("mode.commissioned_dev"));
  await expect(visitor.getByText(member.orgNameEn)).toBeVisible();
  await expect(visitor.getByText(en("listing.contactHidden"))).toBeVisible();
  await expect(visitor.getByText(need.contactPhone)).toHaveCount(0);
});
