import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { hash } from "@node-rs/argon2";
import type { Db } from "../../db/connection";
import { auditEvents, organisations, sessions, users } from "../../db/schema";
import { verifyPassword } from "../../db/passwords";
import { login, register, sessionCookieFor } from "../../app/services/auth.server";
import { LoginThrottle } from "../../app/services/throttle.server";
import * as loginRoute from "../../app/routes/login";
import * as logoutRoute from "../../app/routes/logout";
import * as accountRoute from "../../app/routes/account";
import * as registerRoute from "../../app/routes/register";
import { freshCreditCode, makeOrg, makeUser, req, statusOf, TEST_PASSWORD, useAppDb } from "../helpers/app";

let db: Db;
let cleanup: () => void;
const ctx = { context: { cspNonce: "" }, params: {} };

beforeEach(() => {
  ({ db, cleanup } = useAppDb());
});
afterEach(() => cleanup());

function cookieFrom(res: Response): string {
  return res.headers.get("Set-Cookie")!.split(";")[0]!;
}

describe("sessions (W3)", () => {
  it("sets an HttpOnly, SameSite=Lax cookie with a fresh id at every login, and logout kills it on the server", async () => {
    const org = makeOrg(db, "enterprise");
    const { user } = await makeUser(db, "enterprise", org.id, { email: "li@example.cn" });
    const post = () =>
      loginRoute.action({
        request: req("/login", { form: { email: "li@example.cn", password: TEST_PASSWORD, redirectTo: "/needs" } }),
        ...ctx,
      }) as Promise<Response>;
    const first = await post();
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe("/needs");
    const setCookie = first.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Domain=/i);
    const second = await post();
    expect(cookieFrom(second)).not.toBe(cookieFrom(first));
    // The table holds hashes only: the cookie's token is not stored.
    const token = cookieFrom(first).split("=")[1]!;
    expect(
      db
        .select()
        .from(sessions)
        .all()
        .some((s) => s.id === token),
    ).toBe(false);

    const account = await statusOf(() => accountRoute.loader({ request: req("/account", { cookie: cookieFrom(first) }), ...ctx }));
    expect(account.status).toBe(200);
    await logoutRoute.action({ request: req("/logout", { cookie: cookieFrom(first), form: {} }), ...ctx });
    const replay = await statusOf(() => accountRoute.loader({ request: req("/account", { cookie: cookieFrom(first) }), ...ctx }));
    expect(replay.status).toBe(302);
    expect(replay.response!.headers.get("Location")).toMatch(/^\/login/);
    // The fixture's own session and the second login's remain; the logged-out one is gone.
    expect(db.select().from(sessions).where(eq(sessions.userId, user.id)).all()).toHaveLength(2);
  });

  it("uses the __Host- prefix and Secure when cookies are secure", async () => {
    const header = await sessionCookieFor(true).serialize("token");
    expect(header).toMatch(/^__Host-lsm_session=/);
    expect(header).toMatch(/; Secure/);
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; SameSite=Lax/);
    expect(header).toMatch(/; Path=\//);
    expect(header).not.toMatch(/Domain=/i);
    expect(await sessionCookieFor(false).serialize("token")).not.toMatch(/Secure|__Host-/);
  });

  it("ends the other sessions when the password changes", async () => {
    const org = makeOrg(db, "enterprise");
    const a = await makeUser(db, "enterprise", org.id);
    const other = (await loginRoute.action({ request: req("/login", { form: { email: a.user.email, password: TEST_PASSWORD } }), ...ctx })) as Response;
    const res = (await accountRoute.action({
      request: req("/account", { cookie: a.cookie, form: { current: TEST_PASSWORD, next: "New-password-2026", confirm: "New-password-2026" } }),
      ...ctx,
    })) as Response;
    expect(res.status).toBe(302);
    for (const old of [a.cookie, cookieFrom(other)]) {
      const r = await statusOf(() => accountRoute.loader({ request: req("/account", { cookie: old }), ...ctx }));
      expect(r.status).toBe(302);
    }
    const fresh = await statusOf(() => accountRoute.loader({ request: req("/account", { cookie: cookieFrom(res) }), ...ctx }));
    expect(fresh.status).toBe(200);
  });

  it("refuses a wrong current password without changing anything", async () => {
    const org = makeOrg(db, "enterprise");
    const a = await makeUser(db, "enterprise", org.id);
    const res = (await accountRoute.action({
      request: req("/account", { cookie: a.cookie, form: { current: "wrong-password", next: "New-password-2026", confirm: "New-password-2026" } }),
      ...ctx,
    })) as Response;
    expect(res.status).toBe(400);
    const body = JSON.stringify(await res.json());
    expect(body).toContain("当前密码不正确");
    expect(body).not.toContain("New-password-2026");
    const row = db.select().from(users).where(eq(users.id, a.user.id)).get()!;
    expect(await verifyPassword(row.passwordHash, TEST_PASSWORD)).toBe(true);
  });
});

describe("login throttling (W5)", () => {
  it("blocks an account after 10 failures from 11 addresses, and, behind a trusted proxy, an address after 50 failures over many accounts", async () => {
    let now = Date.now();
    const throttle = new LoginThrottle(undefined, () => now);
    const org = makeOrg(db, "enterprise");
    await makeUser(db, "enterprise", org.id, { email: "target@example.cn" });
    for (let i = 0; i < 10; i++) {
      expect((await login(db, { email: "target@example.cn", password: "nope", ip: `10.0.0.${i}` }, { throttle })).ok).toBe(false);
    }
    const blocked = await login(db, { email: "target@example.cn", password: TEST_PASSWORD, ip: "10.0.0.11" }, { throttle });
    expect(blocked).toMatchObject({ ok: false, reason: "throttled" });
    now += 15 * 60_000 + 1;
    expect((await login(db, { email: "target@example.cn", password: TEST_PASSWORD, ip: "10.0.0.11" }, { throttle })).ok).toBe(true);

    vi.stubEnv("TRUST_PROXY", "true");
    try {
      for (let i = 0; i < 50; i++) {
        const admitted = throttle.admit(db, { account: `user${i}@example.cn`, address: "192.0.2.7", device: null });
        if (admitted.ok) throttle.settle(db, admitted.attemptId, "failure");
      }
      expect(await login(db, { email: "someone-else@example.cn", password: "x", ip: "192.0.2.7" }, { throttle })).toMatchObject({ reason: "throttled" });
      expect(await login(db, { email: "someone-else@example.cn", password: "x", ip: "192.0.2.8" }, { throttle })).toMatchObject({ reason: "invalid" });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("answers 429 through the login page once throttled", async () => {
    let last: Response | undefined;
    for (let i = 0; i < 11; i++) {
      last = (await loginRoute.action({
        request: req("/login", { form: { email: "nobody-here@example.cn", password: "x" }, headers: { "x-client-ip": "203.0.113.5" } }),
        ...ctx,
      })) as Response;
    }
    expect(last!.status).toBe(429);
    expect(JSON.stringify(await last!.json())).toContain("尝试次数过多");
  });
});

describe("password storage (W6)", () => {
  it("stores argon2id with at least OWASP's parameters and verifies quickly", async () => {
    const outcome = await register(db, {
      email: "new@example.cn",
      name: "新用户",
      password: "Strong-pass-2026",
      role: "enterprise",
      org: { mode: "new", name: "文水农业科技", creditCode: freshCreditCode(), countyCode: "141121", pilotCode: false },
    });
    expect(outcome.ok).toBe(true);
    const row = db.select().from(users).where(eq(users.email, "new@example.cn")).get()!;
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const start = performance.now();
    expect(await verifyPassword(row.passwordHash, "Strong-pass-2026")).toBe(true);
    expect(performance.now() - start).toBeLessThan(500);
  });

  it("rehashes an old, weaker hash at the next login", async () => {
    const org = makeOrg(db, "enterprise");
    const weak = await hash(TEST_PASSWORD, { memoryCost: 4096, timeCost: 1, parallelism: 1 });
    const { user } = await makeUser(db, "enterprise", org.id, { email: "old@example.cn" });
    db.update(users).set({ passwordHash: weak }).where(eq(users.id, user.id)).run();
    expect((await login(db, { email: "old@example.cn", password: TEST_PASSWORD, ip: "x" }, { throttle: new LoginThrottle() })).ok).toBe(true);
    expect(db.select().from(users).where(eq(users.id, user.id)).get()!.passwordHash).toMatch(/m=19456,t=2,p=1/);
  });
});

describe("registration", () => {
  const base = {
    role: "enterprise",
    name: "王经理",
    email: "wang@jiaocheng-h2.cn",
    password: "Hydrogen-2026",
    passwordConfirm: "Hydrogen-2026",
    orgMode: "new",
    orgName: "交城县氢能装备有限公司",
    countyCode: "141122",
  };

  it("registers a person with a new, unverified organisation and signs them in", async () => {
    const res = (await registerRoute.action({ request: req("/register", { form: { ...base, creditCode: freshCreditCode() } }), ...ctx })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Set-Cookie")).toMatch(/lsm_session=/);
    const org = db.select().from(organisations).where(eq(organisations.name, "交城县氢能装备有限公司")).get()!;
    expect(org.verifiedAt).toBeNull();
    expect(org.kind).toBe("enterprise");
    const audit = db.select().from(auditEvents).all();
    expect(audit.map((a) => `${a.action}:${a.entity}`)).toEqual(["create:organisation", "create:user"]);
    expect(JSON.stringify(audit)).not.toContain("argon2");
  });

  it("refuses a credit code with a wrong check character, keeps the input and stores nothing", async () => {
    const res = (await registerRoute.action({ request: req("/register", { form: { ...base, creditCode: "91350100M000100Y44" } }), ...ctx })) as Response;
    expect(res.status).toBe(400);
    const body = (await res.json()) as { result: { error: Record<string, string[]>; initialValue: Record<string, string> } };
    expect(body.result.error.creditCode![0]).toContain("校验位不正确");
    expect(body.result.initialValue.orgName).toBe("交城县氢能装备有限公司");
    expect(body.result.initialValue.password).toBeUndefined();
    expect(db.select().from(users).all()).toHaveLength(0);
    expect(db.select().from(organisations).all()).toHaveLength(0);
  });

  it("accepts an early pilot code that fails the check only when the person says so, leaving the admin to accept it", async () => {
    const res = (await registerRoute.action({
      request: req("/register", { form: { ...base, creditCode: "91350100M0001TGQXM", pilotCode: "on" } }),
      ...ctx,
    })) as Response;
    expect(res.status).toBe(302);
    const org = db.select().from(organisations).where(eq(organisations.creditCode, "91350100M0001TGQXM")).get()!;
    expect(org.creditCodeOverrideBy).toBeNull();
  });

  it("joins an existing organisation by its credit code, only with a role of the same kind", async () => {
    const inst = makeOrg(db, "institute");
    const wrong = (await registerRoute.action({
      request: req("/register", { form: { ...base, orgMode: "existing", creditCode: inst.creditCode } }),
      ...ctx,
    })) as Response;
    expect(wrong.status).toBe(400);
    const right = (await registerRoute.action({
      request: req("/register", { form: { ...base, role: "institute", orgMode: "existing", creditCode: inst.creditCode.toLowerCase() } }),
      ...ctx,
    })) as Response;
    expect(right.status).toBe(302);
    expect(db.select().from(users).where(eq(users.orgId, inst.id)).all()).toHaveLength(1);
  });

  it("refuses an email that is already registered", async () => {
    await registerRoute.action({ request: req("/register", { form: { ...base, creditCode: freshCreditCode() } }), ...ctx });
    const again = (await registerRoute.action({ request: req("/register", { form: { ...base, creditCode: freshCreditCode() } }), ...ctx })) as Response;
    expect(again.status).toBe(400);
    expect(JSON.stringify(await again.json())).toContain("该邮箱已注册");
  });
});

describe("logs and audit keep no secrets (W9)", () => {
  it("never writes a password, a hash or a session token to the log or the audit trail", async () => {
    const lines: string[] = [];
    const capture = (...args: unknown[]) => lines.push(args.map(String).join(" "));
    const spies = [vi.spyOn(console, "log").mockImplementation(capture), vi.spyOn(console, "warn").mockImplementation(capture)];
    const org = makeOrg(db, "enterprise");
    const u = await makeUser(db, "enterprise", org.id, { email: "secret@example.cn" });
    await loginRoute.action({ request: req("/login", { form: { email: "secret@example.cn", password: "Wrong-but-secret-1" } }), ...ctx });
    const ok = (await loginRoute.action({ request: req("/login", { form: { email: "secret@example.cn", password: TEST_PASSWORD } }), ...ctx })) as Response;
    await accountRoute.action({
      request: req("/account", { cookie: u.cookie, form: { current: TEST_PASSWORD, next: "Another-secret-77", confirm: "Another-secret-77" } }),
      ...ctx,
    });
    spies.forEach((s) => s.mockRestore());
    const token = cookieFrom(ok).split("=")[1]!;
    const everything = lines.join("\n") + JSON.stringify(db.select().from(auditEvents).all());
    for (const secret of ["Wrong-but-secret-1", TEST_PASSWORD, "Another-secret-77", token, u.cookie.split("=")[1]!, "$argon2id$"]) {
      expect(everything).not.toContain(secret);
    }
    expect(lines.some((l) => l.includes("login_failed"))).toBe(true);
  });
});
