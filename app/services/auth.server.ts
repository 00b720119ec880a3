import crypto from "node:crypto";
import { redirect } from "@remix-run/node";
import { credentialCookie } from "./cookies.server";
import { and, eq, gt, lte, sql } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { creditCodeProblem, normaliseCreditCode } from "../../db/credit-code";
import { hashPassword, needsRehash, verifyPassword } from "../../db/passwords";
import { organisations, sessions, users, type OrgKind, type Role, type User } from "../../db/schema";
import type { Locale } from "../i18n";
import type { Actor } from "./actor";
import { writeAudit } from "./audit.server";
import { secureCookies } from "./env.server";
import { issueDeviceCookie, trustedDevice } from "./device-cookie.server";
import { passwordProblem } from "./password-policy.server";
import { prepared } from "./prepared.server";
import { loginThrottle, trustProxy, type LoginThrottle } from "./throttle.server";

const SESSION_DAYS = 30;

function sessionCookie() {
  return sessionCookieFor(secureCookies());
}

export function sessionCookieFor(secure: boolean) {
  return credentialCookie("lsm_session", secure, SESSION_DAYS);
}

function tokenHash(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  orgId: number;
  orgName: string;
  orgKind: OrgKind;
  orgVerified: boolean;
}

export function toActor(u: SessionUser): Actor {
  return { id: u.id, role: u.role, orgId: u.orgId, orgVerified: u.orgVerified };
}

async function sessionToken(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
}

/**
 * The user of each page request, looked up once: a page's loaders (the root's and the
 * route's) each ask, and Remix hands each a copy of the request that shares its abort
 * signal. Only reads are shared: a form post asks afresh, and so do the loaders that run
 * after its action, since they get a new request of their own.
 */
const usersOfRequests = new WeakMap<AbortSignal, { db: Db; cookie: string | null; user: Promise<SessionUser | null> }>();

/** The signed-in user, or null. Never throws for a missing or stale cookie. */
export function getUser(db: Db, request: Request): Promise<SessionUser | null> {
  if (request.method !== "GET" && request.method !== "HEAD") return lookUpUser(db, request);
  const cookie = request.headers.get("Cookie");
  const known = usersOfRequests.get(request.signal);
  if (known && known.db === db && known.cookie === cookie) return known.user;
  const user = lookUpUser(db, request);
  usersOfRequests.set(request.signal, { db, cookie, user });
  return user;
}

async function lookUpUser(db: Db, request: Request): Promise<SessionUser | null> {
  const token = await sessionToken(request);
  if (!token) return null;
  const row = prepared(db, "session-user", () =>
    db
      .select({
        id: users.id,
        email: users.email,
        name: users.name,
        role: users.role,
        orgId: users.orgId,
        orgName: organisations.name,
        orgKind: organisations.kind,
        verifiedAt: organisations.verifiedAt,
        disabledAt: users.disabledAt,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .innerJoin(organisations, eq(organisations.id, users.orgId))
      .where(and(eq(sessions.id, sql.placeholder("id")), gt(sessions.expiresAt, sql.placeholder("now"))))
      .prepare(),
  ).get({ id: tokenHash(token), now: new Date().toISOString() });
  if (!row || row.disabledAt) return null;
  const { verifiedAt, disabledAt: _disabled, ...rest } = row;
  return { ...rest, orgVerified: verifiedAt !== null };
}

/** The signed-in user, or a redirect to the login page that comes back here afterwards. */
export async function requireUser(db: Db, request: Request): Promise<SessionUser> {
  const user = await getUser(db, request);
  if (user) return user;
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/** Starts a fresh session (a new random token every login) and returns its Set-Cookie header. */
export async function createSession(db: Db, userId: number): Promise<string> {
  const token = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 24 * 3600_000).toISOString();
  writeTx(db, (tx) =>
    tx
      .insert(sessions)
      .values({ id: tokenHash(token), userId, expiresAt })
      .run(),
  );
  return sessionCookie().serialize(token);
}

/** Ends the session on the server too, so a copied cookie stops working. */
export async function destroySession(db: Db, request: Request): Promise<string> {
  usersOfRequests.delete(request.signal);
  const token = await sessionToken(request);
  if (token)
    writeTx(db, (tx) =>
      tx
        .delete(sessions)
        .where(eq(sessions.id, tokenHash(token)))
        .run(),
    );
  return sessionCookie().serialize("", { maxAge: 0 });
}

export type LoginResult = { ok: true; userId: number } | { ok: false; reason: "invalid" } | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/** What a login depends on besides the database, replaceable to observe it. */
export interface LoginDeps {
  throttle?: LoginThrottle;
  verify?: (hash: string, password: string) => Promise<boolean>;
}

/**
 * Checks a password, counting the attempt first: a refused attempt costs no hash, and no
 * more guesses are ever verified than the throttle admits. `device` is the nonce of a
 * device cookie already checked for this account (see signIn).
 */
export async function login(
  db: Db,
  input: { email: string; password: string; ip: string | null; device?: string | null },
  deps: LoginDeps = {},
): Promise<LoginResult> {
  const throttle = deps.throttle ?? loginThrottle;
  const verify = deps.verify ?? verifyPassword;
  const email = normaliseEmail(input.email);
  const admission = throttle.admit(db, { account: email, address: trustProxy() ? input.ip : null, device: input.device ?? null });
  if (!admission.ok) return { ok: false, reason: "throttled", retryAfterSeconds: admission.retryAfterSeconds };
  const user = db.select().from(users).where(eq(users.email, email)).get();
  // Hash even for an unknown email so timing does not reveal which emails exist.
  const ok = user ? await verify(user.passwordHash, input.password) : (await verify(DUMMY_HASH, input.password), false);
  if (!user || !ok || user.disabledAt) {
    throttle.settle(db, admission.attemptId, "failure");
    return { ok: false, reason: "invalid" };
  }
  throttle.settle(db, admission.attemptId, "success");
  if (needsRehash(user.passwordHash)) {
    const fresh = await hashPassword(input.password);
    writeTx(db, (tx) => tx.update(users).set({ passwordHash: fresh }).where(eq(users.id, user.id)).run());
  }
  return { ok: true, userId: user.id };
}

export type SignInResult = { ok: true; setCookies: string[]; landing: string } | Exclude<LoginResult, { ok: true }>;

/**
 * The login form's whole job: trusts the browser's device cookie when it is signed for
 * this account, checks the password, and on success starts a session and renews the
 * device cookie. The session cookie comes first in `setCookies`.
 */
export async function signIn(db: Db, request: Request, credentials: { email: string; password: string }): Promise<SignInResult> {
  const email = normaliseEmail(credentials.email);
  const device = await trustedDevice(db, request, email);
  const outcome = await login(db, { email, password: credentials.password, ip: request.headers.get("x-client-ip"), device });
  if (!outcome.ok) return outcome;
  // An admin's day starts at the indicator dashboard; everyone else at the home page.
  const role = db.select({ role: users.role }).from(users).where(eq(users.id, outcome.userId)).get()?.role;
  const landing = role === "admin" ? "/admin/indicators" : "/";
  return { ok: true, setCookies: [await createSession(db, outcome.userId), await issueDeviceCookie(db, email)], landing };
}

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Deletes sessions past their expiry; run by the hourly sweep. Live sessions are kept. */
export function purgeExpiredSessions(db: Db, now: Date = new Date()): number {
  return writeTx(db, (tx) => tx.delete(sessions).where(lte(sessions.expiresAt, now.toISOString())).run().changes);
}

const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$AwLSNqrUCwI1RbJxCSSeQg$M3pkSfuvZGNrusEPo/CaA4UXIsCLfpXeVzhZy1jjN0k";

export function orgKindForRole(role: Exclude<Role, "admin">): OrgKind {
  return role === "enterprise" ? "enterprise" : role === "institute" ? "institute" : "agency";
}

export interface RegistrationInput {
  email: string;
  name: string;
  phone?: string | undefined;
  password: string;
  role: Exclude<Role, "admin">;
  /** The language the person registered in: the platform's messages and e-mails use it. */
  locale?: Locale | undefined;
  org:
    | { mode: "new"; name: string; nameEn?: string | undefined; creditCode: string; countyCode: string; pilotCode: boolean }
    | { mode: "existing"; creditCode: string };
}

export type RegistrationResult = { ok: true; userId: number; orgId: number } | { ok: false; field: string; message: string };

/**
 * Registers a person and, when asked, a new organisation (unverified until an admin says
 * so). A credit code that fails its check character is refused unless the person says it
 * is an early pilot code, in which case an admin must accept it before verifying.
 */
export async function register(db: Db, input: RegistrationInput, requestId: string | null = null): Promise<RegistrationResult> {
  const email = normaliseEmail(input.email);
  const weak = passwordProblem(input.password, email);
  if (weak) return { ok: false, field: "password", message: weak };
  const code = normaliseCreditCode(input.org.creditCode);
  const problem = creditCodeProblem(code);
  if (problem && !(problem === "check" && input.org.mode === "new" && input.org.pilotCode)) {
    return { ok: false, field: "creditCode", message: `v.creditCode.${problem}` };
  }
  const passwordHash = await hashPassword(input.password);
  return writeTx(db, (tx): RegistrationResult => {
    if (tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) {
      return { ok: false, field: "email", message: "v.emailTaken" };
    }
    const existing = tx.select().from(organisations).where(eq(organisations.creditCode, code)).get();
    let orgId: number;
    if (input.org.mode === "existing") {
      if (!existing) return { ok: false, field: "creditCode", message: "v.orgNotFound" };
      if (existing.kind !== orgKindForRole(input.role)) return { ok: false, field: "role", message: "v.orgKindMismatch" };
      orgId = existing.id;
    } else {
      if (existing) return { ok: false, field: "creditCode", message: "v.orgTaken" };
      const org = tx
        .insert(organisations)
        .values({
          name: input.org.name.trim(),
          nameEn: input.org.nameEn?.trim() || null,
          kind: orgKindForRole(input.role),
          creditCode: code,
          countyCode: input.org.countyCode,
        })
        .returning()
        .get();
      orgId = org.id;
      writeAudit(tx, { actor: null, action: "create", entity: "organisation", entityId: org.id, after: org, requestId });
    }
    const user = tx
      .insert(users)
      .values({ email, name: input.name.trim(), phone: input.phone?.trim() || null, passwordHash, role: input.role, orgId, locale: input.locale ?? "zh-CN" })
      .returning()
      .get();
    const actor: Actor = { id: user.id, role: user.role, orgId, orgVerified: false };
    writeAudit(tx, { actor, action: "create", entity: "user", entityId: user.id, after: user, requestId });
    return { ok: true, userId: user.id, orgId };
  });
}

export type PasswordChangeResult =
  { ok: true; cookie: string } | { ok: false; field: "current" } | { ok: false; field: "next"; message: NonNullable<ReturnType<typeof passwordProblem>> };

/** Changes the password and ends every other session of the user (ASVS 3.3.3). */
export async function changePassword(
  db: Db,
  user: Pick<User, "id">,
  input: { current: string; next: string },
  requestId: string | null = null,
): Promise<PasswordChangeResult> {
  const row = db.select().from(users).where(eq(users.id, user.id)).get();
  if (!row || !(await verifyPassword(row.passwordHash, input.current))) return { ok: false, field: "current" };
  const weak = passwordProblem(input.next, row.email);
  if (weak) return { ok: false, field: "next", message: weak };
  const passwordHash = await hashPassword(input.next);
  const now = new Date().toISOString();
  writeTx(db, (tx) => {
    tx.update(users).set({ passwordHash, passwordChangedAt: now, updatedAt: now }).where(eq(users.id, user.id)).run();
    tx.delete(sessions).where(eq(sessions.userId, user.id)).run();
    writeAudit(tx, {
      actor: { id: row.id, role: row.role, orgId: row.orgId, orgVerified: true },
      action: "password_change",
      entity: "user",
      entityId: row.id,
      requestId,
    });
  });
  return { ok: true, cookie: await createSession(db, user.id) };
}
