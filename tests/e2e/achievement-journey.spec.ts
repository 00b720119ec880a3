import type { Page } from "@playwright/test";
import { expect, shanghaiYear, test, zh } from "./fixtures";

// An achievement's road to the transformation project list: an institute lists it, the
// Bureau publishes it and selects it, and the public list and its progress count show it.

// 花椒 appears nowhere in the demo data.
const achievement = {
  title: "花椒籽油超临界萃取与精制成套技术",
  summary:
    "以花椒加工副产物花椒籽为原料，采用超临界二氧化碳萃取结合分子蒸馏精制，出油率达到12%以上，产品酸价低于1 mg/g，α-亚麻酸含量保持在25%以上，已完成200升中试装置连续运行验证。",
  keywords: "花椒籽油，超临界萃取，分子蒸馏",
  chain: "现代农业",
  field: "轻工和化工生物技术",
  trlLabel: zh("trl.6"),
  ipLabel: zh("ip.invention_patent"),
  patent: "ZL202310123456.7",
  modes: ["transfer", "licence"] as const,
  price: "120",
  county: "临县",
  owners: "太原理工大学吕梁研究院 花椒资源利用课题组",
  contactName: "李晓燕",
  contactPhone: "0358-8221234",
};

/** This year's transformation-list count, as the page's one progress bar announces it. */
async function listProgress(page: Page): Promise<number> {
  await expect(page.getByText(zh("home.transformationList", { year: shanghaiYear() }), { exact: true })).toBeVisible();
  const bar = page.getByRole("progressbar");
  await expect(bar).toHaveCount(1);
  return Number(await bar.getAttribute("aria-valuenow"));
}

test("an institute lists an achievement that the Bureau publishes and puts on the transformation project list", async ({ page, login }) => {
  await page.goto("/transformation-list");
  await expect(page.getByRole("heading", { level: 1, name: zh("ach.tlist.title") })).toBeVisible();
  const before = await listProgress(page);

  // --- the institute member lists and submits the achievement
  const member = await login("institute");
  await member.goto("/me/listings");
  await member.getByRole("link", { name: zh("ach.new") }).click();
  await expect(member.getByRole("heading", { name: zh("ach.new") })).toBeVisible();
  await member.getByLabel(zh("ach.title"), { exact: true }).fill(achievement.title);
  await member.getByLabel(zh("ach.summary"), { exact: true }).fill(achievement.summary);
  await member.getByLabel(zh("ach.keywords"), { exact: true }).fill(achievement.keywords);
  await member.getByLabel(zh("common.industryChain"), { exact: true }).selectOption({ label: achievement.chain });
  await member.getByLabel(zh("common.techField"), { exact: true }).selectOption({ label: achievement.field });
  await member.getByLabel(zh("ach.trl"), { exact: true }).selectOption({ label: achievement.trlLabel });
  await member.getByLabel(zh("ach.ipType"), { exact: true }).selectOption({ label: achievement.ipLabel });
  await member.getByLabel(`${zh("ach.patentNumbers")} (${zh("common.optional")})`).fill(achievement.patent);
  for (const mode of achievement.modes) await member.getByRole("checkbox", { name: zh(`mode.${mode}`) }).check();
  await member.getByLabel(zh("ach.price"), { exact: true }).fill(achievement.price);
  await member.getByLabel(`${zh("common.county")} (${zh("common.optional")})`).selectOption({ label: achievement.county });
  await member.getByLabel(zh("ach.owners"), { exact: true }).fill(achievement.owners);
  await member.getByLabel(zh("common.contact"), { exact: true }).fill(achievement.contactName);
  await member.getByLabel(zh("common.phone"), { exact: true }).fill(achievement.contactPhone);
  await member.getByRole("button", { name: zh("listing.saveDraft") }).click();

  await expect(member).toHaveURL(/\/achievements\/\d+\?saved=1/);
  const path = new URL(member.url()).pathname;
  await expect(member.getByRole("heading", { level: 1, name: achievement.title })).toBeVisible();
  await expect(member.getByText(zh("status.draft"), { exact: true })).toBeVisible();
  await expect(member.getByText(achievement.patent)).toBeVisible();
  await member.getByRole("button", { name: zh("listing.submit") }).click();
  await expect(member.getByText(zh("listing.submitted"))).toBeVisible();
  await expect(member.getByText(zh("status.submitted"), { exact: true })).toBeVisible();
  // Only the Bureau chooses what goes on the list.
  await expect(member.getByRole("button", { name: zh("ach.tlist.add") })).toHaveCount(0);

  // --- the Bureau approves it, then selects it for the list
  const admin = await login("admin");
  await admin.goto("/admin/review");
  await admin.getByRole("link", { name: achievement.title }).click();
  await expect(admin).toHaveURL(new RegExp(`${path}$`));
  // Not yet published: it cannot be selected.
  await expect(admin.getByRole("button", { name: zh("ach.tlist.add") })).toHaveCount(0);
  await admin.getByRole("button", { name: zh("admin.review.approve") }).click();
  await expect(admin).toHaveURL(/done=approved/);
  await expect(admin.getByText(zh("status.published"), { exact: true }).first()).toBeVisible();
  await admin.getByRole("button", { name: zh("ach.tlist.add") }).click();
  const onList = zh("ach.onTransformationList", { year: shanghaiYear() });
  await expect(admin.getByText(onList)).toBeVisible();
  await expect(admin.getByRole("button", { name: zh("ach.tlist.remove") })).toBeVisible();

  // --- the public list shows it, and its count rose by one
  await page.reload();
  await expect.poll(() => listProgress(page)).toBe(before + 1);
  // The number a person reads, "done / target", not only the bar's attribute.
  await expect(page.getByText(new RegExp(`^${before + 1}\\s*/\\s*\\d+$`))).toBeVisible();
  const entry = page.getByRole("link", { name: achievement.title });
  // The list is served from the search index, which a background relay keeps up to date.
  await expect(async () => {
    if (!(await entry.isVisible())) await page.reload();
    await expect(entry).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByRole("article").filter({ has: entry })).toContainText(onList);
});
