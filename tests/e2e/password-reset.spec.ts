import { expect, test, validCreditCode, zh } from "./fixtures";
import { mailDir, mailTo } from "./mail-catcher";

// A member who forgot the password asks for a link, reads it in the e-mail the platform sent,
// sets a new password and signs in with it; the browser still signed in with the old one is
// signed out.

const stamp = Date.now();
const member = {
  name: "郝建平",
  email: `e2e-reset-${stamp}@example.com`,
  password: "Lvliang-e2e-2026",
  newPassword: "Jiaocheng-Coke-Gas-1997",
  orgName: "临县红枣深加工研究所有限公司",
  creditCode: validCreditCode(stamp + 17),
};
const mailbox = mailDir(process.env.E2E_PORT ?? 3100);

test("a member resets a forgotten password by e-mail and the old session ends", async ({ page, newVisitor }) => {
  // --- registered and signed in on one browser: the session that must end
  await page.goto("/register");
  await page.getByRole("radio", { name: zh("role.enterprise") }).check();
  await page.getByLabel(zh("auth.name"), { exact: true }).fill(member.name);
  await page.getByLabel(zh("auth.email"), { exact: true }).fill(member.email);
  await page.getByLabel(zh("auth.password"), { exact: true }).fill(member.password);
  await page.getByLabel(zh("auth.register.passwordConfirm"), { exact: true }).fill(member.password);
  await page.getByRole("radio", { name: zh("auth.register.orgMode.new") }).check();
  await page.getByLabel(zh("auth.register.creditCode"), { exact: true }).fill(member.creditCode);
  await page.getByLabel(zh("auth.register.orgName"), { exact: true }).fill(member.orgName);
  await page.getByLabel(zh("auth.register.county"), { exact: true }).selectOption({ label: "临县" });
  await page.getByRole("button", { name: zh("auth.register.submit"), exact: true }).click();
  await expect(page).toHaveURL(/\/account\?registered=1/);

  // --- another browser: the login page leads to the request form
  const visitor = await newVisitor();
  await visitor.goto("/login");
  await visitor.getByRole("link", { name: zh("auth.forgot.link") }).click();
  await expect(visitor.getByRole("heading", { name: zh("auth.forgot.title") })).toBeVisible();
  await visitor.getByLabel(zh("auth.email"), { exact: true }).fill(member.email);
  await visitor.getByRole("button", { name: zh("auth.forgot.submit") }).click();
  await expect(visitor.getByText(zh("auth.forgot.sent"))).toBeVisible();

  // --- the e-mail, in the member's language, with an absolute link
  await expect.poll(() => mailTo(mailbox, member.email).length, { timeout: 30_000 }).toBe(1);
  const [letter] = mailTo(mailbox, member.email);
  expect(letter!.subject).toBe(`${zh("app.name")} · ${zh("email.reset.subject")}`);
  const link = letter!.text.match(/https?:\/\/\S+\/reset-password\/[A-Za-z0-9_-]{43}/)?.[0];
  expect(link).toBeTruthy();

  // --- the link sets the new password once
  await visitor.goto(new URL(link!).pathname);
  await expect(visitor.getByRole("heading", { name: zh("auth.reset.title") })).toBeVisible();
  await visitor.getByLabel(zh("auth.password.new"), { exact: true }).fill(member.newPassword);
  await visitor.getByLabel(zh("auth.password.confirm"), { exact: true }).fill(member.newPassword);
  await visitor.getByRole("button", { name: zh("auth.reset.submit") }).click();
  await expect(visitor).toHaveURL(/\/login\?reset=1/);
  await expect(visitor.getByText(zh("auth.reset.done"))).toBeVisible();

  // --- signing in with the new password works
  await visitor.getByLabel(zh("auth.email"), { exact: true }).fill(member.email);
  await visitor.getByLabel(zh("auth.password"), { exact: true }).fill(member.newPassword);
  await visitor.getByRole("button", { name: zh("auth.login.submit"), exact: true }).click();
  await expect(visitor.getByRole("button", { name: zh("nav.logout") })).toBeVisible();

  // --- the link is spent
  await visitor.goto(new URL(link!).pathname);
  await expect(visitor.getByText(zh("auth.reset.invalid"))).toBeVisible();

  // --- the first browser's session is gone
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("button", { name: zh("nav.logout") })).toHaveCount(0);
});
