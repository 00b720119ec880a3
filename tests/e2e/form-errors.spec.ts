import type { Page } from "@playwright/test";
import { expect, shanghaiDate, test, zh } from "./fixtures";

// A form sent back with errors must keep what the person typed, say in their language what
// is wrong next to each field, and store nothing.

const typed = {
  title: "赤泥免烧砖早期强度提升配方",
  description: "现有赤泥掺量40%的免烧砖7天强度不足10 MPa，无法按期出厂，希望在不增加水泥用量的前提下提高早期强度。",
  budgetMin: "500",
  budgetMax: "100",
  deadline: shanghaiDate(-1),
};

/** How many needs the owner's own list shows. */
async function ownNeedCount(page: Page): Promise<number> {
  await page.goto("/me/listings");
  await expect(page.getByRole("heading", { level: 1, name: zh("need.mine.title") })).toBeVisible();
  if (await page.getByText(zh("need.empty")).isVisible()) return 0;
  // One header row, then one row per need.
  return (await page.getByRole("table").getByRole("row").count()) - 1;
}

async function fillNeedWithErrors(page: Page): Promise<void> {
  await page.goto("/needs/new");
  await expect(page.getByRole("heading", { level: 1, name: zh("need.new") })).toBeVisible();
  await page.getByLabel(zh("need.title"), { exact: true }).fill(typed.title);
  await page.getByLabel(zh("need.description"), { exact: true }).fill(typed.description);
  await page.getByLabel(zh("common.industryChain"), { exact: true }).selectOption({ label: "固废综合利用" });
  await page.getByLabel(zh("common.techField"), { exact: true }).selectOption({ label: "固体废弃物处置与综合利用技术" });
  await page.getByLabel(zh("need.budgetMin"), { exact: true }).fill(typed.budgetMin);
  await page.getByLabel(zh("need.budgetMax"), { exact: true }).fill(typed.budgetMax);
  await page.getByRole("checkbox", { name: zh("mode.joint_dev") }).check();
  await page.getByLabel(zh("need.expectedTrl"), { exact: true }).selectOption({ label: zh("trl.5") });
  await page.getByLabel(zh("need.deadline"), { exact: true }).fill(typed.deadline);
  await page.getByLabel(zh("common.county"), { exact: true }).selectOption({ label: "孝义市" });
  await page.getByLabel(zh("common.contact"), { exact: true }).fill("王建军");
  await page.getByLabel(zh("common.phone"), { exact: true }).fill("13935800456");
  await page.getByRole("button", { name: zh("listing.saveDraft") }).click();
}

async function expectErrorsAndInputKept(page: Page): Promise<void> {
  await expect(page).toHaveURL(/\/needs\/new$/);
  await expect(page.getByRole("alert")).toContainText(zh("common.formHasErrors", { count: 2 }));

  const max = page.getByLabel(zh("need.budgetMax"), { exact: true });
  const deadline = page.getByLabel(zh("need.deadline"), { exact: true });
  // Each message is tied to its field, so a screen reader announces it there.
  await expect(max).toHaveAttribute("aria-invalid", "true");
  await expect(max).toHaveAccessibleDescription(zh("v.budgetRange"));
  await expect(deadline).toHaveAttribute("aria-invalid", "true");
  await expect(deadline).toHaveAccessibleDescription(zh("v.dateInPast"));
  await expect(page.getByText(zh("v.budgetRange"), { exact: true })).toBeVisible();
  await expect(page.getByText(zh("v.dateInPast"), { exact: true })).toBeVisible();

  await expect(page.getByLabel(zh("need.title"), { exact: true })).toHaveValue(typed.title);
  await expect(page.getByLabel(zh("need.description"), { exact: true })).toHaveValue(typed.description);
  await expect(page.getByLabel(zh("need.budgetMin"), { exact: true })).toHaveValue(typed.budgetMin);
  await expect(max).toHaveValue(typed.budgetMax);
  await expect(deadline).toHaveValue(typed.deadline);
  await expect(page.getByRole("checkbox", { name: zh("mode.joint_dev") })).toBeChecked();
  await expect(page.getByLabel(zh("common.county"), { exact: true })).toHaveValue("141181");
}

test("a need with a reversed budget and a past deadline comes back with Chinese field messages, the input kept, nothing stored", async ({
  login,
}) => {
  const owner = await login("enterprise");
  const before = await ownNeedCount(owner);

  await fillNeedWithErrors(owner);
  await expectErrorsAndInputKept(owner);

  // Without JavaScript the browser shows exactly what the server sent back: the kept input
  // is then the server's doing, not leftover state in the page.
  const noScript = await login("enterprise", { javaScriptEnabled: false });
  await fillNeedWithErrors(noScript);
  await expectErrorsAndInputKept(noScript);

  expect(await ownNeedCount(owner)).toBe(before);
});
