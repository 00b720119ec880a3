import type { Locator, Page } from "@playwright/test";
import { expect, shanghaiDate, test, zh } from "./fixtures";

// Two journeys done with the keyboard alone (Tab, Shift+Tab, Enter, Space, arrows and typing):
// an enterprise posts a need and submits it for review, and a broker confirms a suggested
// match. Every element the Tab key stops on shows a visible focus ring.

/** What the focused element shows to say it has focus: its outline, or "none". */
async function focusRing(page: Page): Promise<{ what: string; ring: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { what: "body", ring: "none" };
    const style = getComputedStyle(el);
    // Inside a date field the focused part (year, month or day) is shown highlighted instead.
    if (el instanceof HTMLInputElement && el.type === "date") return { what: "date field", ring: "segment highlight" };
    const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2 ? `${style.outlineWidth} ${style.outlineStyle}` : "none";
    const what = `${el.tagName.toLowerCase()}[${el.getAttribute("name") ?? ""}] "${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 30)}"`;
    return { what, ring };
  });
}

/** Presses Tab (or Shift+Tab) until `target` has focus, checking each stop's focus ring. */
async function tabTo(page: Page, target: Locator, { back = false, max = 250 } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const { what, ring } = await focusRing(page);
    expect(ring, `focus ring on ${what}`).not.toBe("none");
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`${max} presses of Tab never reached ${target}`);
}

/** Moves a focused select to the first option that is not the empty prompt. */
async function chooseFirst(page: Page, select: Locator): Promise<void> {
  for (let i = 0; i < 5 && !(await select.inputValue()); i++) await page.keyboard.press("ArrowDown");
  expect(await select.inputValue()).not.toBe("");
}

test("an enterprise posts a need and submits it for review with the keyboard alone", async ({ login }) => {
  const page = await login("enterprise");
  const title = `键盘发布的技术需求 ${Date.now()}`;
  await page.goto("/me/listings");
  await tabTo(page, page.getByRole("link", { name: zh("need.new") }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: zh("need.new") })).toBeVisible();

  const field = (key: Parameters<typeof zh>[0]) => page.getByLabel(zh(key), { exact: true });
  await tabTo(page, field("need.title"));
  await page.keyboard.type(title);
  await tabTo(page, field("need.description"));
  await page.keyboard.type("需要一种在常温下把焦化废水中的酚类降到排放标准以下的处理工艺，日处理量约两千吨，希望三年内完成中试。");
  await tabTo(page, field("common.industryChain"));
  await chooseFirst(page, field("common.industryChain"));
  await tabTo(page, field("common.techField"));
  await chooseFirst(page, field("common.techField"));
  await tabTo(page, field("need.budgetMin"));
  await page.keyboard.type("20");
  await tabTo(page, field("need.budgetMax"));
  await page.keyboard.type("50");
  const mode = page.getByRole("checkbox", { name: zh("mode.joint_dev") });
  await tabTo(page, mode);
  await page.keyboard.press("Space");
  await expect(mode).toBeChecked();
  await tabTo(page, field("need.expectedTrl"));
  await chooseFirst(page, field("need.expectedTrl"));
  // The browser's date field reads month, day and year (en-US order), each moving on to the next once full.
  const deadline = shanghaiDate(120);
  await tabTo(page, field("need.deadline"));
  const [year, month, day] = deadline.split("-");
  await page.keyboard.type(`${month}${day}${year}`);
  await expect(field("need.deadline")).toHaveValue(deadline);
  await tabTo(page, field("common.county"));
  await chooseFirst(page, field("common.county"));
  // The contact fields come filled from the account; going back with Shift+Tab works too.
  await tabTo(page, field("common.phone"));
  await tabTo(page, field("common.contact"), { back: true });
  await page.keyboard.press("Control+A");
  await page.keyboard.type("王建军");
  await tabTo(page, field("common.phone"));
  await page.keyboard.press("Control+A");
  await page.keyboard.type("13835800123");

  await tabTo(page, page.getByRole("button", { name: zh("listing.saveDraft") }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/needs\/\d+\?saved=1/);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByText(zh("listing.draftSaved"))).toBeVisible();

  await tabTo(page, page.getByRole("button", { name: zh("listing.submit") }));
  await page.keyboard.press("Enter");
  await expect(page.getByText(zh("listing.submitted"))).toBeVisible();
  await expect(page.getByText(zh("status.submitted"), { exact: true })).toBeVisible();
});

test("a broker confirms a suggested match with the keyboard alone", async ({ login }) => {
  const page = await login("broker");
  const confirm = page
    .getByRole("region", { name: zh("broker.led.suggestions") })
    .getByRole("button", { name: zh("broker.led.confirm") })
    .first();
  // The first of the broker's needs that still has a suggestion to confirm (a matched need has
  // none). Suggestions come from the search index, which the server fills in the background.
  await page.goto("/broker");
  const needPages = [...new Set(await page.locator("main a[href^='/broker/needs/']").evaluateAll((els) => els.map((el) => el.getAttribute("href")!)))];
  expect(needPages.length).toBeGreaterThan(0);
  await expect(async () => {
    for (const href of needPages) {
      await page.goto(href);
      if ((await confirm.count()) > 0) return;
    }
    throw new Error("none of the broker's needs has a suggestion yet");
  }).toPass({ timeout: 60_000 });
  await expect(confirm).toBeVisible();
  await tabTo(page, confirm);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/deals\/\d+\?done=confirmed$/);
  await expect(page.getByText(zh("deal.done.confirmed"))).toBeVisible();
});
