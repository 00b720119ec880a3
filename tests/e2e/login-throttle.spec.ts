import type { Page } from "@playwright/test";
import { expect, isPostTo, logInThroughForm, test, zh, zhPattern } from "./fixtures";

// A guessing attack on one account in a real browser: other browsers are told how long to
// wait, with the e-mail still in the form, while the owner's browser, which holds the
// account's device cookie, signs in as usual.

/** An account no other journey signs in with, so its failures disturb nobody else. */
const ACCOUNT = "liquor@lvliang.example";
const DEVICE_COOKIE = "lsm_device";

async function tryPassword(page: Page, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel(zh("auth.email"), { exact: true }).fill(ACCOUNT);
  await page.getByLabel(zh("auth.password"), { exact: true }).fill(password);
  await page.getByRole("button", { name: zh("auth.login.submit"), exact: true }).click();
}

test("guesses on an account throttle other browsers with the wait shown, and the owner's browser still signs in", async ({ newVisitor }) => {
  const owner = await newVisitor();
  await logInThroughForm(owner, ACCOUNT);
  const device = (await owner.context().cookies()).find((c) => c.name === DEVICE_COOKIE);
  expect(device, "a device cookie after a successful login").toBeTruthy();
  expect(device!.httpOnly).toBe(true);
  expect(device!.sameSite).toBe("Lax");
  await owner.getByRole("button", { name: zh("nav.logout") }).click();
  await expect(owner.getByRole("button", { name: zh("nav.logout") })).toHaveCount(0);

  const attacker = await newVisitor();
  for (let i = 0; i < 10; i++) {
    await tryPassword(attacker, `Guess-number-${i}`);
    await expect(attacker.getByText(zh("auth.login.failed"))).toBeVisible();
  }
  const answered = attacker.waitForResponse(isPostTo("/login"));
  await tryPassword(attacker, "Lvliang-demo-2026");
  const response = await answered;
  expect(response.status()).toBe(429);
  expect(Number(response.headers()["retry-after"])).toBeGreaterThan(0);
  await expect(attacker.getByText(zhPattern("auth.login.throttled", { minutes: /\d+/ }))).toBeVisible();
  await expect(attacker.getByLabel(zh("auth.email"), { exact: true })).toHaveValue(ACCOUNT);

  await logInThroughForm(owner, ACCOUNT);
});
