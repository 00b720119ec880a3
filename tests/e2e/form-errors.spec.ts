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

/**
 * How many needs titled as the typed one the owner's own list shows. Other journeys post
 * needs for the same enterprise at the same time, so the list's length proves nothing.
 */
async function ownNeedsTitledAsTyped(page: Page): Promise<number> {
  await page.goto("/me/listings");
  await expect(page.getByRole("heading", { level: 1, name: zh("need.mine.title") })).toBeVisible();
  if (await page.getByText(zh("need.empty")).isVisible()) return 0;
  return page.getByRole("table").getByRole("row").filter({ hasText: typed.title }).count();
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
    const before = await ownNeedsTitledAsTyped(owner);

    await typeTheMistakes(owner);
    await completeTheRest(owner);
    await save(owner);

    await expect(owner.getByRole("alert")).toHaveText(zh("common.formHasErrors", { count: 2 }));
    await expectTheTwoMessages(owner);
    await expectTypedInputKept(owner);
    await expect(owner.getByRole("checkbox", { name: zh("mode.joint_dev") })).toBeChecked();
    await expect(field(owner, "common.county")).toHaveValue("141181");
    await expect(field(owner, "common.contact")).toHaveValue("王建军");

    expect(await ownNeedsTitledAsTyped(owner)).toBe(before);
  });

  // The person typed only those four things: every empty required field and both mistakes
  // are reported in one round, rather than the budget only after the rest is fixed.
  test("with the other fields left empty, reports them all at once and keeps what was typed", async ({ login }) => {
    const owner = await login("enterprise");
    const before = await ownNeedsTitledAsTyped(owner);

    await typeTheMistakes(owner);
    await save(owner);

    await expectTypedInputKept(owner);
    for (const key of ["common.industryChain", "common.techField", "need.expectedTrl", "common.county", "common.contact", "common.phone"] as const) {
      await expect.soft(field(owner, key), key).toHaveAttribute("aria-invalid", "true");
    }
    await expect.soft(owner.getByText(zh("v.chooseAtLeastOne"), { exact: true })).toBeVisible();
    await expect.soft(field(owner, "need.deadline")).toHaveAccessibleDescription(zh("v.dateInPast"));
    await expect.soft(field(owner, "need.budgetMax")).toHaveAccessibleDescription(zh("v.budgetRange"));

    expect(await ownNeedsTitledAsTyped(owner)).toBe(before);
  });

  // Without JavaScript the browser shows exactly what the server sent back, so the kept input
  // is the server's doing rather than state left in the page. It is also what anyone gets
  // who submits before the page's scripts have loaded.
  test("does the same without JavaScript", async ({ login }) => {
    const owner = await login("enterprise");
    const before = await ownNeedsTitledAsTyped(owner);
    const noScript = await login("enterprise", { javaScriptEnabled: false });

    await typeTheMistakes(noScript);
    await completeTheRest(noScript);
    await save(noScript);

    await expect(noScript.getByRole("alert")).toHaveText(zh("common.formHasErrors", { count: 2 }));
    await expectTheTwoMessages(noScript);
    await expectTypedInputKept(noScript);
    expect(await ownNeedsTitledAsTyped(owner)).toBe(before);
  });
});

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The first of the member's deals whose room still takes notes. */
async function openLiveDeal(page: Page): Promise<void> {
  await page.goto("/me/deals");
  const links = page.getByRole("table").getByRole("link");
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")).filter((h): h is string => !!h && /^\/deals\/\d+$/.test(h)));
  for (const href of hrefs) {
    await page.goto(href);
    if (await page.getByLabel(zh("deal.note.label"), { exact: true }).isVisible()) return;
  }
  throw new Error("no deal of the demo member takes notes");
}

test.describe("a deal-room note", () => {
  test("too long comes back beside its field with the text kept; angle brackets are kept as text", async ({ login }) => {
    const member = await login("enterprise");
    await openLiveDeal(member);
    const heading = await member.getByRole("heading", { level: 1 }).textContent();
    const note = member.getByLabel(zh("deal.note.label"), { exact: true });
    const long = "现场调研纪要。".repeat(286);
    await note.fill(long);
    const answered = member.waitForResponse(isPostTo(new URL(member.url()).pathname));
    await member.getByRole("button", { name: zh("deal.note.add"), exact: true }).click();
    expect((await answered).status()).toBe(400);
    await expect(member.getByRole("heading", { level: 1 })).toHaveText(heading!);
    await expect(member.getByText(zh("error.title"))).toHaveCount(0);
    await expect(note).toHaveValue(long);
    await expect(note).toHaveAttribute("aria-invalid", "true");
    await expect(note).toHaveAccessibleDescription(zh("v.tooLong", { max: 2000 }));

    const withBrackets = `含水率 <5 %，见 <附件 2> 与 ‹报价单> ${Date.now()}`;
    await note.fill(withBrackets);
    await member.getByRole("button", { name: zh("deal.note.add"), exact: true }).click();
    await expect(member.getByText(zh("deal.done.note"))).toBeVisible();
    await expect(member.getByText(withBrackets, { exact: true })).toBeVisible();
  });
});

test.describe("an achievement with a bad patent number", () => {
  test("shows the patent number's message beside its field, with the numbers as typed", async ({ login }) => {
    const owner = await login("institute");
    await owner.goto("/achievements/new");
    const patents = owner.getByLabel(`${zh("ach.patentNumbers")} (${zh("common.optional")})`, { exact: true });
    await patents.fill("ZL2023101234\nZL202310123456.7");
    await owner.getByRole("button", { name: zh("listing.saveDraft") }).click();
    await expect(owner.getByRole("alert").first()).toBeVisible();
    await expect(patents).toHaveValue("ZL2023101234\nZL202310123456.7");
    await expect(patents).toHaveAttribute("aria-invalid", "true");
    await expect(patents).toHaveAccessibleDescription(new RegExp(escapeRegExp(zh("v.patentNumber"))));
    await expect(owner.getByText(zh("v.patentNumber"), { exact: true })).toBeVisible();
  });
});

test.describe("the registration form", () => {
  test("labels the pilot-code checkbox as a question of its own, not with an error sentence", async ({ newVisitor }) => {
    const page = await newVisitor();
    await page.goto("/register");
    await expect(page.getByRole("checkbox", { name: zh("auth.register.pilotCode"), exact: true })).toBeVisible();
    await expect(page.getByText(zh("v.creditCode.check"))).toHaveCount(0);
  });
});
