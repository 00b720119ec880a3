import crypto from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { and, eq, gt } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { creditCodeProblem, normaliseCreditCode } from "../../db/credit-code";
import { hashPassword, needsRehash, verifyPassword } from "../../db/passwords";
import { organisations, sessions, users, type OrgKind, type Role, type User } from "../../db/schema";
import type { Actor } from "./actor";
import { writeAudit } from "./audit.server";
import { secureCookies } from "./env.server";
import { loginThrottle, type LoginThrottle } from "./throttle.server";

const SESSION_DAYS = 30;

function sessionCookie() {
  return sessionCookieFor(secureCookies());
}

export function sessionCookieFor(secure: boolean) {
  // __Host- binds the cookie to this exact origin over HTTPS; plain HTTP (local use) cannot carry it.
  return createCookie(secure ? "__Host-lsm_session" : "lsm_session", {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    maxAge: SESSION_DAYS * 24 * 3600,
  });
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

/** The signed-in user, or null. Never throws for a missing or stale cookie. */
export async function getUser(db: Db, request: Request): Promise<SessionUser | null> {
  const token = await sessionToken(request);
  if (!token) return null;
  const row = db
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
    .where(and(eq(sessions.id, tokenHash(token)), gt(sessions.expiresAt, new Date().toISOString())))
    .get();
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

export async function requireRole(db: Db, request: Request, roles: readonly Role[]): Promise<SessionUser> {
  const user = await requireUser(db, request);
  if (!roles.includes(user.role)) throw new Response("Forbidden", { status: 403 });
  return user;
}

/** Starts a fresh session (a new random token every login) and returns its Set-Cookie header. */
export async function createSession(db: Db, userId: number): Promise<string> {
  const token = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 24 * 3600_000).toISOString();
  writeTx(db, (tx) => tx.insert(sessions).values({ id: tokenHash(token), userId, expiresAt }).run());
  return sessionCookie().serialize(token);
}

/** Ends the session on the server too, so a copied cookie stops working. */
export async function destroySession(db: Db, request: Request): Promise<string> {
  const token = await sessionToken(request);
  if (token) writeTx(db, (tx) => tx.delete(sessions).where(eq(sessions.id, tokenHash(token))).run());
  return sessionCookie().serialize("", { maxAge: 0 });
}

export type LoginResult = { ok: true; userId: number } | { ok: false; reason: "invalid" | "throttled" };

export async function login(
  db: Db,
  input: { email: string; password: string; ip: string },
  throttle: LoginThrottle = loginThrottle,
): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  if (throttle.isBlocked(email, input.ip)) return { ok: false, reason: "throttled" };
  const user = db.select().from(users).where(eq(users.email, email)).get();
  // Hash even for an unknown email so timing does not reveal which emails exist.
  const ok = user ? await verifyPassword(user.passwordHash, input.password) : (await verifyPassword(DUMMY_HASH, input.password), false);
  if (!user || !ok || user.disabledAt) {
    throttle.recordFailure(email, input.ip);
    return { ok: false, reason: "invalid" };
  }
  throttle.recordSuccess(email);
  if (needsRehash(user.passwordHash)) {
    const fresh = await hashPassword(input.password);
    writeTx(db, (tx) => tx.update(users).set({ passwordHash: fresh }).where(eq(users.id, user.id)).run());
  }
  return { ok: true, userId: user.id };
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
  org:
    | { mode: "new"; name: string; nameEn?: string | undefined; creditCode: string; countyCode: string; pilotCode: boolean }
    | { mode: "existing"; creditCode: string };
}

export type RegistrationResult =
  | { ok: true; userId: number; orgId: number }
  | { ok: false; field: string; message: string };

/**
 * Registers a person and, when asked, a new organisation (unverified until an admin says
 * so). A credit code that fails its check character is refused unless the person says it
 * is an early pilot code, in which case an admin must accept it before verifying.
 */
export async function register(db: Db, input: RegistrationInput, requestId: string | null = null): Promise<RegistrationResult> {
  const email = input.email.trim().toLowerCase();
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
      .values({ email, name: input.name.trim(), phone: input.phone?.trim() || null, passwordHash, role: input.role, orgId })
      .returning()
      .get();
    const actor: Actor = { id: user.id, role: user.role, orgId, orgVerified: false };
    writeAudit(tx, { actor, action: "create", entity: "user", entityId: user.id, after: user, requestId });
    return { ok: true, userId: user.id, orgId };
  });
}

export type PasswordChangeResult = { ok: true; cookie: string } | { ok: false; field: "current" };

/** Changes the password and ends every other session of the user (ASVS 3.3.3). */
export async function changePassword(
  db: Db,
  user: Pick<User, "id">,
  input: { current: string; next: string },
  requestId: string | null = null,
): Promise<PasswordChangeResult> {
  const row = db.select().from(users).where(eq(users.id, user.id)).get();
  if (!row || !(await verifyPassword(row.passwordHash, input.current))) return { ok: false, field: "current" };
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
