import type { Page } from "@playwright/test";
import { expect, isPostTo, shanghaiDate, test, zh } from "./fixtures";

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

const field = (page: Page, key: Parameters<typeof zh>[0]) => page.getByLabel(zh(key), { exact: true });

/** The title, the description, a budget whose minimum exceeds its maximum, yesterday as deadline. */
async function typeTheMistakes(page: Page): Promise<void> {
  await page.goto("/needs/new");
  await expect(page.getByRole("heading", { level: 1, name: zh("need.new") })).toBeVisible();
  await field(page, "need.title").fill(typed.title);
  await field(page, "need.description").fill(typed.description);
  await field(page, "need.budgetMin").fill(typed.budgetMin);
  await field(page, "need.budgetMax").fill(typed.budgetMax);
  await field(page, "need.deadline").fill(typed.deadline);
}

async function completeTheRest(page: Page): Promise<void> {
  await field(page, "common.industryChain").selectOption({ label: "固废综合利用" });
  await field(page, "common.techField").selectOption({ label: "固体废弃物处置与综合利用技术" });
  await page.getByRole("checkbox", { name: zh("mode.joint_dev") }).check();
  await field(page, "need.expectedTrl").selectOption({ label: zh("trl.5") });
  await field(page, "common.county").selectOption({ label: "孝义市" });
  await field(page, "common.contact").fill("王建军");
  await field(page, "common.phone").fill("13935800456");
}

async function save(page: Page): Promise<void> {
  const answered = page.waitForResponse(isPostTo("/needs/new"));
  await page.getByRole("button", { name: zh("listing.saveDraft") }).click();
  const response = await answered;
  // A redirect has no body to read; anything else says why it is not the form again.
  const body = response.status() >= 300 && response.status() < 400 ? "(redirect)" : (await response.text()).slice(0, 80);
  expect(response.status(), `the form comes back as a 400, got: ${body}`).toBe(400);
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(page).toHaveURL(/\/needs\/new$/);
}

async function expectTypedInputKept(page: Page): Promise<void> {
  await expect(field(page, "need.title")).toHaveValue(typed.title);
  await expect(field(page, "need.description")).toHaveValue(typed.description);
  await expect(field(page, "need.budgetMin")).toHaveValue(typed.budgetMin);
  await expect(field(page, "need.budgetMax")).toHaveValue(typed.budgetMax);
  await expect(field(page, "need.deadline")).toHaveValue(typed.deadline);
}

/** Both mistakes, each tied to its field so that a screen reader announces it there. */
async function expectTheTwoMessages(page: Page): Promise<void> {
  const max = field(page, "need.budgetMax");
  const deadline = field(page, "need.deadline");
  await expect(deadline).toHaveAttribute("aria-invalid", "true");
  await expect(deadline).toHaveAccessibleDescription(zh("v.dateInPast"));
  await expect(page.getByText(zh("v.dateInPast"), { exact: true })).toBeVisible();
  await expect(max).toHaveAttribute("aria-invalid", "true");
  await expect(max).toHaveAccessibleDescription(zh("v.budgetRange"));
  await expect(page.getByText(zh("v.budgetRange"), { exact: true })).toBeVisible();
}

test.describe("a need with a reversed budget and a past deadline", () => {
  test("comes back with the two Chinese field messages, the input kept, and nothing stored", async ({ login }) => {
    const owner = await login("enterprise");
    const before = await ownNeedCount(owner);

    await typeTheMistakes(owner);
    await completeTheRest(owner);
    await save(owner);

    await expect(owner.getByRole("alert")).toHaveText(zh("common.formHasErrors", { count: 2 }));
    await expectTheTwoMessages(owner);
    await expectTypedInputKept(owner);
    await expect(owner.getByRole("checkbox", { name: zh("mode.joint_dev") })).toBeChecked();
    await expect(field(owner, "common.county")).toHaveValue("141181");
    await expect(field(owner, "common.contact")).toHaveValue("王建军");

    expect(await ownNeedCount(owner)).toBe(before);
  });

  // The person typed only those four things: every empty required field and both mistakes
  // are reported in one round, rather than the budget only after the rest is fixed.
  test("with the other fields left empty, reports them all at once and keeps what was typed", async ({ login }) => {
    const owner = await login("enterprise");
    const before = await ownNeedCount(owner);

    await typeTheMistakes(owner);
    await save(owner);

    await expectTypedInputKept(owner);
    for (const key of ["common.industryChain", "common.techField", "need.expectedTrl", "common.county", "common.contact", "common.phone"] as const) {
      await expect.soft(field(owner, key), key).toHaveAttribute("aria-invalid", "true");
    }
    await expect.soft(owner.getByText(zh("v.chooseAtLeastOne"), { exact: true })).toBeVisible();
    await expect.soft(field(owner, "need.deadline")).toHaveAccessibleDescription(zh("v.dateInPast"));
    await expect.soft(field(owner, "need.budgetMax")).toHaveAccessibleDescription(zh("v.budgetRange"));

    expect(await ownNeedCount(owner)).toBe(before);
  });

  // Without JavaScript the browser shows exactly what the server sent back, so the kept input
  // is the server's doing rather than state left in the page. It is also what anyone gets
  // who submits before the page's scripts have loaded.
  test("does the same without JavaScript", async ({ login }) => {
    const owner = await login("enterprise");
    const before = await ownNeedCount(owner);
    const noScript = await login("enterprise", { javaScriptEnabled: false });

    await typeTheMistakes(noScript);
    await completeTheRest(noScript);
    await save(noScript);

    await expect(noScript.getByRole("alert")).toHaveText(zh("common.formHasErrors", { count: 2 }));
    await expectTheTwoMessages(noScript);
    await expectTypedInputKept(noScript);
    expect(await ownNeedCount(owner)).toBe(before);
  });
});
