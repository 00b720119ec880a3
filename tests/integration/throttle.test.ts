import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { openDb, type Db } from "../../db/connection";
import { loginAttempts, serverSecrets, sessions } from "../../db/schema";
import { verifyPassword } from "../../db/passwords";
import { login, purgeExpiredSessions } from "../../app/services/auth.server";
import { deviceCookieFor, deviceCookieKey } from "../../app/services/device-cookie.server";
import { LOGIN_LIMITS, LoginThrottle, purgeOldLoginAttempts } from "../../app/services/throttle.server";
import { localeCookie } from "../../app/services/locale.server";
import * as loginRoute from "../../app/routes/login";
import { makeOrg, makeUser, req, TEST_PASSWORD, useAppDb } from "../helpers/app";

let db: Db;
let cleanup: () => void;
const ctx = { context: { cspNonce: "" }, params: {} };

beforeEach(() => {
  ({ db, cleanup } = useAppDb());
});
afterEach(() => {
  vi.unstubAllEnvs();
  cleanup();
});

/** The Set-Cookie headers of a response as name=value pairs, by cookie name. */
function cookiesOf(res: Response): Record<string, string> {
  const pairs = res.headers.getSetCookie().map((c) => c.split(";")[0]!);
  return Object.fromEntries(pairs.map((p) => [p.slice(0, p.indexOf("=")), p]));
}

function postLogin(email: string, password: string, opts: { cookie?: string; ip?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = opts.ip ? { "x-client-ip": opts.ip } : {};
  return loginRoute.action({ request: req("/login", { form: { email, password }, cookie: opts.cookie, headers }), ...ctx }) as Promise<Response>;
}

/** Guesses from browsers without the device cookie: each one admitted by the throttle and failed. */
async function attack(email: string, guesses: number): Promise<void> {
  const refuse = async () => false;
  await Promise.all(Array.from({ length: guesses }, (_, i) => login(db, { email, password: `guess-${i}`, ip: `198.51.100.${i % 250}` }, { verify: refuse })));
}

async function memberWithDevice(email: string): Promise<string> {
  const org = makeOrg(db, "enterprise");
  await makeUser(db, "enterprise", org.id, { email });
  const first = await postLogin(email, TEST_PASSWORD);
  expect(first.status).toBe(302);
  const device = cookiesOf(first)["lsm_device"];
  expect(device).toBeDefined();
  return device!;
}

describe("the login throttle counts before it verifies", () => {
  it("verifies at most 10 of 200 parallel wrong passwords on one account and answers the rest throttled", async () => {
    const org = makeOrg(db, "enterprise");
    await makeUser(db, "enterprise", org.id, { email: "target@example.cn" });
    let verified = 0;
    const verify = async (hash: string, password: string) => {
      verified += 1;
      return verifyPassword(hash, password);
    };
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => login(db, { email: "target@example.cn", password: `wrong-${i}`, ip: `10.1.${i >> 8}.${i & 255}` }, { verify })),
    );
    // Each call is counted before its first await, so exactly the limit gets through.
    expect(verified).toBe(LOGIN_LIMITS.perAccount);
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(verified);
    expect(results.filter((r) => !r.ok && r.reason === "throttled")).toHaveLength(200 - verified);
    // The right password from an unknown browser is refused too, without being checked.
    const right = await login(db, { email: "target@example.cn", password: TEST_PASSWORD, ip: "10.9.9.9" }, { verify });
    expect(right).toMatchObject({ ok: false, reason: "throttled" });
    expect(verified).toBeLessThanOrEqual(LOGIN_LIMITS.perAccount);
  });

  it("never blocks a login by the successes before it", async () => {
    const org = makeOrg(db, "enterprise");
    await makeUser(db, "enterprise", org.id, { email: "daily@example.cn" });
    const throttle = new LoginThrottle({ ...LOGIN_LIMITS, perAccount: 3 });
    for (let i = 0; i < 6; i++) expect((await login(db, { email: "daily@example.cn", password: TEST_PASSWORD, ip: "x" }, { throttle })).ok).toBe(true);
  });

  it("keeps the counts in the database: another connection and another process see them", async () => {
    await attack("shared@example.cn", LOGIN_LIMITS.perAccount);
    const other = openDb(db.$client.name);
    try {
      expect(new LoginThrottle().admit(other, { account: "shared@example.cn", address: null, device: null }).ok).toBe(false);
      expect(new LoginThrottle().admit(other, { account: "someone@example.cn", address: null, device: null }).ok).toBe(true);
    } finally {
      other.$client.close();
    }
    const run = promisify(execFile);
    const child = path.resolve("tests/integration/throttle-child.ts");
    const { stdout } = await run(path.resolve("node_modules/.bin/tsx"), [child, db.$client.name, "shared@example.cn"]);
    expect(JSON.parse(stdout)).toMatchObject({ ok: false });
  });
});

describe("device cookies", () => {
  it("lets the owner's browser sign in with the right password during an attack, while a browser without it is throttled", async () => {
    const device = await memberWithDevice("owner@example.cn");
    await attack("owner@example.cn", 200);
    const stranger = await postLogin("owner@example.cn", TEST_PASSWORD);
    expect(stranger.status).toBe(429);
    const owner = await postLogin("owner@example.cn", TEST_PASSWORD, { cookie: device });
    expect(owner.status).toBe(302);
    expect(cookiesOf(owner)["lsm_session"]).toBeDefined();
    expect(cookiesOf(owner)["lsm_device"]).not.toBe(device);
  });

  it("gives nothing for another account's cookie or a forged signature", async () => {
    const mine = await memberWithDevice("victim@example.cn");
    const theirs = await memberWithDevice("attacker@example.cn");
    await attack("victim@example.cn", LOGIN_LIMITS.perAccount);
    expect((await postLogin("victim@example.cn", TEST_PASSWORD, { cookie: theirs })).status).toBe(429);
    // Flip one character of the signature, inside the base64 of the cookie's JSON value.
    const [name, encoded] = mine.split("=") as [string, string];
    const value = JSON.parse(Buffer.from(decodeURIComponent(encoded), "base64").toString("utf8")) as string;
    const forged = `${value.slice(0, -2)}${value.at(-2) === "A" ? "B" : "A"}${value.at(-1)}`;
    const forgedCookie = `${name}=${encodeURIComponent(Buffer.from(JSON.stringify(forged)).toString("base64"))}`;
    expect((await postLogin("victim@example.cn", TEST_PASSWORD, { cookie: forgedCookie })).status).toBe(429);
    expect((await postLogin("victim@example.cn", TEST_PASSWORD, { cookie: mine })).status).toBe(302);
  });

  it("locks out a device cookie after its own small allowance of failures, and nobody else", async () => {
    const device = await memberWithDevice("careless@example.cn");
    for (let i = 0; i < LOGIN_LIMITS.perDevice; i++) {
      expect((await postLogin("careless@example.cn", `Not-it-${i}-xyz`, { cookie: device })).status).toBe(400);
    }
    expect((await postLogin("careless@example.cn", TEST_PASSWORD, { cookie: device })).status).toBe(429);
    // Failures with the device cookie do not use up the account's allowance for other browsers.
    expect((await postLogin("careless@example.cn", TEST_PASSWORD)).status).toBe(302);
  });

  it("is HttpOnly, SameSite=Lax and long-lived, with __Host- and Secure exactly when the session cookie has them", async () => {
    const secure = await deviceCookieFor(true).serialize("v");
    expect(secure).toMatch(/^__Host-lsm_device=/);
    expect(secure).toMatch(/; Secure/);
    expect(secure).toMatch(/; HttpOnly/);
    expect(secure).toMatch(/; SameSite=Lax/);
    expect(secure).toMatch(/; Path=\//);
    expect(secure).not.toMatch(/Domain=/i);
    expect(Number(/Max-Age=(\d+)/.exec(secure)![1])).toBeGreaterThanOrEqual(180 * 24 * 3600);
    expect(await deviceCookieFor(false).serialize("v")).not.toMatch(/Secure|__Host-/);
  });

  it("signs with DEVICE_COOKIE_SECRET when set, else with one key stored once in the database", async () => {
    const other = openDb(db.$client.name);
    try {
      const key = deviceCookieKey(db, {} as never);
      expect(key.length).toBe(32);
      expect(deviceCookieKey(other, {} as never).equals(key)).toBe(true);
      expect(db.select().from(serverSecrets).all()).toHaveLength(1);
      const fromEnv = deviceCookieKey(db, { DEVICE_COOKIE_SECRET: "x".repeat(40) } as never);
      expect(fromEnv.toString()).toBe("x".repeat(40));
    } finally {
      other.$client.close();
    }
  });
});

describe("the per-address limit", () => {
  async function floodFrom(ip: string): Promise<void> {
    const throttle = new LoginThrottle();
    for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) {
      const admitted = throttle.admit(db, { account: `user${i}@example.cn`, address: process.env.TRUST_PROXY === "true" ? ip : null, device: null });
      if (admitted.ok) throttle.settle(db, admitted.attemptId, "failure");
    }
  }

  it("is off when the proxy is not trusted: one shared address cannot lock the city out", async () => {
    vi.stubEnv("TRUST_PROXY", "");
    const org = makeOrg(db, "enterprise");
    await makeUser(db, "enterprise", org.id, { email: "colleague@example.cn" });
    await floodFrom("203.0.113.1");
    expect((await postLogin("colleague@example.cn", TEST_PASSWORD, { ip: "203.0.113.1" })).status).toBe(302);
    expect(
      db
        .select()
        .from(loginAttempts)
        .all()
        .every((a) => a.address === null),
    ).toBe(true);
  });

  it("is on when TRUST_PROXY=true says addresses are real clients", async () => {
    vi.stubEnv("TRUST_PROXY", "true");
    const org = makeOrg(db, "enterprise");
    await makeUser(db, "enterprise", org.id, { email: "neighbour@example.cn" });
    await floodFrom("203.0.113.1");
    expect((await postLogin("neighbour@example.cn", TEST_PASSWORD, { ip: "203.0.113.1" })).status).toBe(429);
    expect((await postLogin("neighbour@example.cn", TEST_PASSWORD, { ip: "203.0.113.2" })).status).toBe(302);
  });
});

describe("the throttled answer", () => {
  it("is a 429 with Retry-After and the wait in minutes, in Chinese and in English, keeping the email", async () => {
    await attack("waiting@example.cn", LOGIN_LIMITS.perAccount);
    const zh = await postLogin("waiting@example.cn", "whatever");
    expect(zh.status).toBe(429);
    const seconds = Number(zh.headers.get("Retry-After"));
    expect(seconds).toBeGreaterThan(14 * 60);
    expect(seconds).toBeLessThanOrEqual(15 * 60);
    const zhBody = JSON.stringify(await zh.json());
    expect(zhBody).toContain("请 15 分钟后再试");
    expect(zhBody).toContain("waiting@example.cn");
    expect(zhBody).not.toContain("whatever");

    const lang = (await localeCookie.serialize("en")).split(";")[0]!;
    const en = (await loginRoute.action({
      request: req("/login", { form: { email: "waiting@example.cn", password: "whatever" }, cookie: lang }),
      ...ctx,
    })) as Response;
    expect(en.status).toBe(429);
    expect(en.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect(JSON.stringify(await en.json())).toContain("Try again in 15 minutes");
  });
});

describe("the hourly purge", () => {
  it("deletes expired sessions and old login attempts, and keeps live ones", async () => {
    const org = makeOrg(db, "enterprise");
    const live = await makeUser(db, "enterprise", org.id);
    const stale = await makeUser(db, "enterprise", org.id);
    db.update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .where(eq(sessions.userId, stale.user.id))
      .run();
    expect(purgeExpiredSessions(db)).toBe(1);
    expect(
      db
        .select()
        .from(sessions)
        .all()
        .map((s) => s.userId),
    ).toEqual([live.user.id]);

    const old = new LoginThrottle(undefined, () => Date.now() - 2 * 24 * 3600_000);
    old.admit(db, { account: "old@example.cn", address: null, device: null });
    new LoginThrottle().admit(db, { account: "recent@example.cn", address: null, device: null });
    expect(purgeOldLoginAttempts(db)).toBe(1);
    expect(
      db
        .select()
        .from(loginAttempts)
        .all()
        .map((a) => a.account),
    ).toEqual(["recent@example.cn"]);
  });
});
