import { afterEach, beforeEach, describe, expect, it } from "vitest";
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { auditEvents, notifications, passwordResets, sessions, users } from "../../db/schema";
import { verifyPassword } from "../../db/passwords";
import * as forgotPage from "../../app/routes/forgot-password";
import * as resetPage from "../../app/routes/reset-password.$token";
import { createSession, getUser, login } from "../../app/services/auth.server";
import type { Mailer } from "../../app/services/notifications.server";
import { requestPasswordReset, resetPassword, resetTokenState, RESET_TTL_MS } from "../../app/services/password-reset.server";
import { LoginThrottle } from "../../app/services/throttle.server";
import { makeOrg, makeUser, req, statusOf, useAppDb, type TestUser } from "../helpers/app";

let db: Db;
let cleanup: () => void;
let member: TestUser;
beforeEach(async () => {
  ({ db, cleanup } = useAppDb());
  member = await makeUser(db, "enterprise", makeOrg(db, "enterprise").id, { email: "zhang.wei@jiaocheng-h2.example" });
});
afterEach(() => {
  cleanup();
  delete process.env.TRUST_PROXY;
});

const ORIGIN = "https://market.lvliang.example";
const NEW_PASSWORD = "Hydrogen-Pressure-Swing-2026";
const T0 = new Date("2026-11-20T02:00:00Z");

interface Letter {
  to: string;
  subject: string;
  text: string;
}

function postbox(): { letters: Letter[]; mailer: Mailer } {
  const letters: Letter[] = [];
  return {
    letters,
    mailer: {
      async send(to, subject, text) {
        letters.push({ to, subject, text });
      },
    },
  };
}

/** A fresh throttle per test, so the counts of one test never reach another. */
const roomy = () => new LoginThrottle({ windowMs: 15 * 60_000, perAccount: 100, perDevice: 100, perAddress: 100 });

/** Asks for a link for the address and returns the token from the letter, if one was sent. */
async function ask(email: string, now = T0, throttle = roomy()): Promise<{ token: string | null; letters: Letter[] }> {
  const box = postbox();
  const outcome = requestPasswordReset(db, { email, ip: "203.0.113.7", origin: ORIGIN }, { mailer: box.mailer, now, throttle });
  if (!outcome.ok) throw new Error("throttled");
  await outcome.delivery;
  const token = box.letters[0]?.text.match(/\/reset-password\/([A-Za-z0-9_-]{43})/)?.[1] ?? null;
  return { token, letters: box.letters };
}

const audit = () => db.select().from(auditEvents).all();

describe("asking for a reset link", () => {
  it("answers a known and an unknown address alike, and only the known one gets a letter, in its language, with an absolute link", async () => {
    db.update(users).set({ locale: "en" }).where(eq(users.id, member.user.id)).run();
    const known = await ask(member.user.email);
    const unknown = await ask("nobody@jiaocheng-h2.example");
    expect(unknown.letters).toEqual([]);
    expect(known.letters).toHaveLength(1);
    expect(known.letters[0]!.to).toBe(member.user.email);
    expect(known.letters[0]!.subject).toBe("Lüliang Technology Market · Set a new password");
    expect(known.letters[0]!.text).toContain(`Hello ${member.user.name},`);
    expect(known.letters[0]!.text).toContain(`${ORIGIN}/reset-password/${known.token}`);
    // Both requests did the same writing: an audit row each, and only the known one a stored link.
    const asked = audit().filter((a) => a.action === "password_reset_request");
    expect(asked.map((a) => a.entityId)).toEqual([String(member.user.id), "unknown"]);
    expect(db.select().from(passwordResets).all()).toHaveLength(1);

    // Through the page: the same status and the same body either way.
    const page = async (email: string) => {
      const out = await statusOf(() =>
        forgotPage.action({ request: req("/forgot-password", { form: { email } }), params: {}, context: { cspNonce: "" } } as never),
      );
      return { status: out.status, body: await out.response!.json() };
    };
    const a = await page(member.user.email);
    const b = await page("nobody@jiaocheng-h2.example");
    expect(a).toEqual(b);
    expect(a).toMatchObject({ status: 200, body: { sent: true } });
  });

  it("keeps only the token's SHA-256: the token is nowhere in the database, nor in the audit", async () => {
    const { token } = await ask(member.user.email);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = db.select().from(passwordResets).get()!;
    expect(row.tokenHash).toBe(crypto.createHash("sha256").update(token!).digest("hex"));
    expect(row.expiresAt).toBe(new Date(T0.getTime() + RESET_TTL_MS).toISOString());
    await resetPassword(db, token!, NEW_PASSWORD, { now: T0 });
    const everything = JSON.stringify([db.select().from(passwordResets).all(), audit(), db.select().from(notifications).all()]);
    expect(everything).not.toContain(token!);
  });

  it("is throttled per address asked for and per client address, with a clear message and Retry-After", async () => {
    const post = (email: string, ip: string) =>
      statusOf(() =>
        forgotPage.action({
          request: req("/forgot-password", { form: { email }, headers: { "x-client-ip": ip } }),
          params: {},
          context: { cspNonce: "" },
        } as never),
      );
    for (let i = 0; i < 3; i++) expect((await post(member.user.email, `198.51.100.${i}`)).status).toBe(200);
    const refused = await post(member.user.email, "198.51.100.9");
    expect(refused.status).toBe(429);
    expect(Number(refused.response!.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(JSON.stringify(await refused.response!.json())).toContain("重设请求过于频繁，请 15 分钟后再试。");
    expect(db.select().from(passwordResets).all()).toHaveLength(3);
    expect(audit().filter((a) => a.action === "denied:password_reset_request")).toHaveLength(1);

    // One client asking for many addresses, behind a proxy that reports real addresses.
    process.env.TRUST_PROXY = "true";
    let clock = T0.getTime();
    const throttle = new LoginThrottle({ windowMs: 15 * 60_000, perAccount: 3, perDevice: 3, perAddress: 4 }, () => clock);
    const fromOne = (n: number) => requestPasswordReset(db, { email: `visitor${n}@example.com`, ip: "203.0.113.50", origin: ORIGIN }, { throttle, now: T0 });
    for (let n = 0; n < 4; n++) expect(fromOne(n).ok).toBe(true);
    expect(fromOne(4)).toMatchObject({ ok: false, reason: "throttled" });
    const other = requestPasswordReset(db, { email: "visitor9@example.com", ip: "203.0.113.51", origin: ORIGIN }, { throttle, now: T0 });
    expect(other.ok).toBe(true);
    // The window passes.
    clock += 16 * 60_000;
    const later = requestPasswordReset(db, { email: "visitor5@example.com", ip: "203.0.113.50", origin: ORIGIN }, { throttle, now: new Date(clock) });
    expect(later.ok).toBe(true);
  });
});

describe("setting the new password", () => {
  it("works once: sets the password, ends every session and every other link, and is audited without the token", async () => {
    const second = await createSession(db, member.user.id);
    expect(db.select().from(sessions).where(eq(sessions.userId, member.user.id)).all()).toHaveLength(2);
    const older = (await ask(member.user.email)).token!;
    const { token } = await ask(member.user.email, new Date(T0.getTime() + 60_000));
    const at = new Date(T0.getTime() + 5 * 60_000);
    expect(resetTokenState(db, token!, at)).toBe("valid");
    expect(await resetPassword(db, token!, NEW_PASSWORD, { now: at, requestId: "req-reset" })).toEqual({ ok: true, userId: member.user.id });

    const row = db.select().from(users).where(eq(users.id, member.user.id)).get()!;
    expect(await verifyPassword(row.passwordHash, NEW_PASSWORD)).toBe(true);
    expect(db.select().from(sessions).where(eq(sessions.userId, member.user.id)).all()).toEqual([]);
    for (const cookie of [member.cookie, second.split(";")[0]!]) expect(await getUser(db, req("/account", { cookie }))).toBeNull();
    expect(await login(db, { email: member.user.email, password: NEW_PASSWORD, ip: null }, { throttle: roomy() })).toMatchObject({ ok: true });

    // Single use, and the older link died with it.
    expect(await resetPassword(db, token!, "Another-Long-Passphrase-77", { now: at })).toEqual({ ok: false, error: "used" });
    expect(await resetPassword(db, older, "Another-Long-Passphrase-77", { now: at })).toEqual({ ok: false, error: "expired" });
    expect(await verifyPassword(db.select().from(users).where(eq(users.id, member.user.id)).get()!.passwordHash, NEW_PASSWORD)).toBe(true);

    const done = audit().find((a) => a.action === "password_reset")!;
    expect(done).toMatchObject({ entity: "user", entityId: String(member.user.id), requestId: "req-reset", after: { sessionsEnded: 2, linksEnded: 1 } });
    expect(audit().filter((a) => a.action === "denied:password_reset")).toHaveLength(2);
    expect(JSON.stringify(audit())).not.toContain(token!);
  });

  it("refuses an expired link, an unknown one and a weak password; a refused password leaves the link usable", async () => {
    const { token } = await ask(member.user.email);
    const late = new Date(T0.getTime() + RESET_TTL_MS + 1000);
    expect(resetTokenState(db, token!, late)).toBe("expired");
    expect(await resetPassword(db, token!, NEW_PASSWORD, { now: late })).toEqual({ ok: false, error: "expired" });
    expect(await resetPassword(db, "A".repeat(43), NEW_PASSWORD, { now: T0 })).toEqual({ ok: false, error: "invalid" });
    expect(await resetPassword(db, "../../etc", NEW_PASSWORD, { now: T0 })).toEqual({ ok: false, error: "invalid" });

    const fresh = (await ask(member.user.email, late)).token!;
    expect(await resetPassword(db, fresh, "zhang.wei-Secret-2026", { now: late })).toEqual({
      ok: false,
      error: "weak",
      message: "auth.password.containsEmail",
    });
    expect(resetTokenState(db, fresh, late)).toBe("valid");
    expect(db.select().from(sessions).where(eq(sessions.userId, member.user.id)).all()).toHaveLength(1);
  });

  it("the page shows the form for a live link and a way to ask again for a dead one; a spent link answers 410", async () => {
    const { token } = await ask(member.user.email, new Date());
    const load = async (t: string) => {
      const out = await statusOf(() => resetPage.loader({ request: req(`/reset-password/${t}`), params: { token: t }, context: { cspNonce: "" } } as never));
      return { body: await out.response!.json(), cache: out.response!.headers.get("Cache-Control") };
    };
    expect(await load(token!)).toEqual({ body: { valid: true }, cache: "no-store" });
    expect((await load("not-a-token")).body).toEqual({ valid: false });
    const post = (form: Record<string, string>) =>
      statusOf(() => resetPage.action({ request: req(`/reset-password/${token}`, { form }), params: { token: token! }, context: { cspNonce: "" } } as never));
    expect((await post({ password: NEW_PASSWORD, confirm: "something else" })).status).toBe(400);
    const done = await post({ password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(done.status).toBe(302);
    expect(done.response!.headers.get("Location")).toBe("/login?reset=1");
    expect((await post({ password: NEW_PASSWORD, confirm: NEW_PASSWORD })).status).toBe(410);
  });
});
