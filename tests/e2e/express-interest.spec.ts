import { DEMO_EMAIL, DEMO_PASSWORD, expect, test, zh } from "./fixtures";

// A visitor on a need's page signs in through the page's own link, comes back to it and
// expresses interest (a message too short first: it comes back with what was typed); the
// owner hears of it in the inbox, reads it beside the deals and answers it; the member who
// wrote sees the answer.

test("a visitor signs in from a need's page, expresses interest, and the owner answers it", async ({ login, newVisitor }) => {
  // --- a published need of the demo enterprise, found on its own list
  const owner = await login("enterprise");
  await owner.goto("/me/listings");
  const row = owner
    .getByRole("row")
    .filter({ has: owner.getByText(zh("status.published"), { exact: true }) })
    .nth(test.info().retry);
  const needLink = row.getByRole("link").first();
  const title = (await needLink.textContent())!.trim();
  const needPath = (await needLink.getAttribute("href"))!;
  expect(needPath).toMatch(/^\/needs\/\d+$/);

  // --- the visitor: a sign-in link that returns to the page
  const visitor = await newVisitor();
  await visitor.goto(needPath);
  await expect(visitor.getByRole("heading", { name: title })).toBeVisible();
  await visitor.getByRole("link", { name: zh("enquiry.signIn") }).click();
  await expect(visitor).toHaveURL(/\/login\?redirectTo=/);
  await visitor.getByLabel(zh("auth.email"), { exact: true }).fill(DEMO_EMAIL.institute);
  await visitor.getByLabel(zh("auth.password"), { exact: true }).fill(DEMO_PASSWORD);
  await visitor.getByRole("button", { name: zh("auth.login.submit"), exact: true }).click();
  await expect(visitor).toHaveURL(new RegExp(`${needPath}$`));

  // --- too short a message: refused, and what was typed is still there
  const panel = visitor.locator("#interest");
  await expect(panel.getByRole("heading", { name: zh("enquiry.title") })).toBeVisible();
  await panel.getByLabel(zh("enquiry.reason"), { exact: true }).selectOption({ label: zh("enquiry.reason.can_solve") });
  await panel.getByLabel(zh("enquiry.message"), { exact: true }).fill("你好");
  await panel.getByRole("button", { name: zh("enquiry.send") }).click();
  await expect(panel.getByText(zh("v.tooShort", { min: 10 }))).toBeVisible();
  await expect(panel.getByLabel(zh("enquiry.message"), { exact: true })).toHaveValue("你好");
  await expect(panel.getByLabel(zh("enquiry.reason"), { exact: true })).toHaveValue("can_solve");

  const message = `我们研究院在该方向有中试装置和两项授权专利，希望约时间到现场交流技术方案。${Date.now()}`;
  await panel.getByLabel(zh("enquiry.message"), { exact: true }).fill(message);
  await panel.getByRole("button", { name: zh("enquiry.send") }).click();
  await expect(visitor.getByText(zh("enquiry.sent"))).toBeVisible();
  await expect(panel.getByRole("button", { name: zh("enquiry.send") })).toHaveCount(0);

  // --- the owner: told in the inbox, reads it and answers with a reason code
  await owner.goto("/inbox");
  const told = owner.getByRole("button", { name: new RegExp(`对“${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}”表达了合作意向`) }).first();
  await told.click();
  await expect(owner).toHaveURL(/\/me\/enquiries#enquiry-\d+$/);
  const item = owner.getByRole("listitem").filter({ hasText: message });
  await expect(item).toBeVisible();
  await item.getByLabel(zh("enquiry.code"), { exact: true }).selectOption({ label: zh("deal.code.interested") });
  await item.getByLabel(zh("enquiry.note"), { exact: true }).fill("欢迎来厂交流，请与技术经纪人联系安排时间。");
  await item.getByRole("button", { name: zh("enquiry.answer"), exact: true }).click();
  await expect(owner.getByText(zh("enquiry.done.answered"))).toBeVisible();
  await expect(
    owner
      .getByRole("listitem")
      .filter({ hasText: message })
      .getByText(zh("enquiry.answered", { code: zh("deal.code.interested") })),
  ).toBeVisible();

  // --- the member who wrote sees the answer
  await visitor.goto("/me/enquiries");
  const sent = visitor.getByRole("listitem").filter({ hasText: message });
  await expect(sent.getByText(zh("enquiry.answered", { code: zh("deal.code.interested") }))).toBeVisible();
  await expect(sent.getByText("欢迎来厂交流")).toBeVisible();
});
