import { test as base, expect, type Browser, type BrowserContext, type BrowserContextOptions, type Page, type Response } from "@playwright/test";
import { creditCodeCheckChar } from "../../db/credit-code";
import { translate, type MessageKey, type Params } from "../../app/i18n";
import { testNow } from "./clock";

export { expect };

// Text is looked up in the app's own message tables, so a test finds a control by what a
// person reads on the page, in the language they chose.
export const zh = (key: MessageKey, params?: Params) => translate("zh-CN", key, params);
export const en = (key: MessageKey, params?: Params) => translate("en", key, params);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A Chinese message as a whole-text pattern: literal parameters stay literal, RegExp ones
 * become groups, so a test reads a number out of a sentence such as "共 {total} 条".
 */
export function zhPattern(key: MessageKey, params: Record<string, string | number | RegExp> = {}): RegExp {
  const holes = Object.keys(params);
  const marked = translate("zh-CN", key, Object.fromEntries(holes.map((name, i) => [name, `\u0000${i}\u0000`])));
  const source = marked
    .split(/\u0000(\d+)\u0000/)
    .map((part, i) => {
      if (i % 2 === 0) return escapeRegExp(part);
      const value = params[holes[Number(part)]!]!;
      return value instanceof RegExp ? `(${value.source})` : escapeRegExp(String(value));
    })
    .join("");
  return new RegExp(`^${source}$`);
}

/** The demo seed's log-ins (db/seed-data/accounts.ts): one shared password. */
export const DEMO_PASSWORD = "Lvliang-demo-2026";
export const DEMO_EMAIL = {
  admin: "admin@lvliang.example",
  enterprise: "enterprise@lvliang.example",
  institute: "institute@lvliang.example",
  broker: "broker@lvliang.example",
} as const;
export type DemoRole = keyof typeof DEMO_EMAIL;

export const SESSION_COOKIE = "lsm_session";

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

/** Logs in through the real form and waits until the header shows the signed-in user. */
/**
 * Whether a response answers a form posted to `path`: by the browser alone (the page itself)
 * or by the page's script, which posts to the page's data URL, `<path>.data`.
 */
export function isPostTo(path: string): (response: Response) => boolean {
  return (response) => {
    const { pathname } = new URL(response.url());
    return response.request().method() === "POST" && (pathname === path || pathname === `${path}.data`);
  };
}

export async function logInThroughForm(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel(zh("auth.email"), { exact: true }).fill(email);
  await page.getByLabel(zh("auth.password"), { exact: true }).fill(password);
  await page.getByRole("button", { name: zh("auth.login.submit"), exact: true }).click();
  await expect(page.getByRole("button", { name: zh("nav.logout") })).toBeVisible();
  await expect(page).not.toHaveURL(/\/login/);
}

/** "YYYY-MM-DD" in Beijing, `days` from today: what the deadline rules compare against. */
export function shanghaiDate(days = 0): string {
  const at = new Date(testNow() + days * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

export function shanghaiYear(): number {
  return Number(shanghaiDate().slice(0, 4));
}

/** A unified social credit code registered in Lishi District, with a correct check character. */
export function validCreditCode(seed = Date.now()): string {
  const first17 = `91141102MA0${String(seed % 1_000_000).padStart(6, "0")}`;
  return first17 + creditCodeCheckChar(first17)!;
}

type Fixtures = {
  /** A page in its own browser context, signed in as the demo account of that role. */
  login: (role: DemoRole, options?: BrowserContextOptions) => Promise<Page>;
  /** Cookies and storage of a signed-in demo account, for HTTP-level checks. */
  sessionOf: (role: DemoRole) => Promise<StorageState>;
  /** A page in a fresh context with no cookies at all. */
  newVisitor: (options?: BrowserContextOptions) => Promise<Page>;
};
type WorkerFixtures = { signedIn: Map<DemoRole, Promise<StorageState>> };

export const test = base.extend<Fixtures, WorkerFixtures>({
  // One real login per role and worker; every later page of that role reuses its cookie,
  // so a journey tests the journey rather than the login form again.
  signedIn: [
    // Playwright reads a fixture's dependencies from its first parameter's pattern: none here.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await use(new Map());
    },
    { scope: "worker" },
  ],

  sessionOf: async ({ browser, baseURL, locale, timezoneId, signedIn }, use) => {
    await use((role) => {
      let state = signedIn.get(role);
      if (!state) {
        state = signIn(browser, { baseURL, locale, timezoneId }, DEMO_EMAIL[role]);
        signedIn.set(role, state);
      }
      return state;
    });
  },

  login: async ({ browser, baseURL, locale, timezoneId, sessionOf }, use) => {
    const opened: BrowserContext[] = [];
    await use(async (role, options = {}) => {
      const context = await browser.newContext({ baseURL, locale, timezoneId, ...options, storageState: await sessionOf(role) });
      opened.push(context);
      return context.newPage();
    });
    await Promise.all(opened.map((c) => c.close()));
  },

  newVisitor: async ({ browser, baseURL, locale, timezoneId }, use) => {
    const opened: BrowserContext[] = [];
    await use(async (options = {}) => {
      const context = await browser.newContext({ baseURL, locale, timezoneId, ...options });
      opened.push(context);
      return context.newPage();
    });
    await Promise.all(opened.map((c) => c.close()));
  },
});

async function signIn(browser: Browser, options: BrowserContextOptions, email: string): Promise<StorageState> {
  const context = await browser.newContext(options);
  try {
    const page = await context.newPage();
    await logInThroughForm(page, email);
    return await context.storageState();
  } finally {
    await context.close();
  }
}
