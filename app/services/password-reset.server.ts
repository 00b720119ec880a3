// Password reset by e-mail. A request gives the same answer, after the same work, whether or
// not the address belongs to anyone; the link carries a random token of which only the
// SHA-256 is kept, works once, for 30 minutes; setting the new password ends every session
// of the user and every other link still out. Requests are throttled per address asked for
// and per client address, in the database like the login throttle, so every worker sees one count.

import crypto from "node:crypto";
import { and, eq, gt, isNull, ne } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { hashPassword } from "../../db/passwords";
import { passwordResets, sessions, users, type User } from "../../db/schema";
import type { Actor } from "./actor";
import { writeAudit } from "./audit.server";
import { passwordEmail } from "./password-reset-email.server";
import { passwordProblem, type PasswordProblem } from "./password-policy.server";
import { LoginThrottle, trustProxy, type ThrottleLimits } from "./throttle.server";
import type { Mailer } from "./notifications.server";

export const RESET_TTL_MS = 30 * 60_000;

/** Three links an address in a quarter of an hour; twenty requests from one client address. */
export const RESET_LIMITS: ThrottleLimits = { windowMs: 15 * 60_000, perAccount: 3, perDevice: 3, perAddress: 20 };
export const resetThrottle = new LoginThrottle(RESET_LIMITS);

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The stored form of a token: its SHA-256, hex. */
export function resetTokenHash(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export interface ResetRequestInput {
  email: string;
  /** The client's address as the server saw it (counted only behind a trusted proxy, as for logins). */
  ip: string | null;
  /** The site's origin the link points at. */
  origin: string;
  requestId?: string | null;
}

export interface ResetRequestDeps {
  mailer?: Mailer;
  throttle?: LoginThrottle;
  now?: Date;
}

export type ResetRequestResult = { ok: true; delivery: Promise<void> } | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * Asks for a reset link. The answer and the work are the same for a known and an unknown
 * address (a token is made and hashed, one transaction writes its audit row); only a known,
 * active account gets a stored token and a letter, sent after the answer (`delivery`).
 */
export function requestPasswordReset(db: Db, input: ResetRequestInput, deps: ResetRequestDeps = {}): ResetRequestResult {
  const now = deps.now ?? new Date();
  const throttle = deps.throttle ?? resetThrottle;
  const email = input.email.trim().toLowerCase();
  // Kept apart from the login counts: the same table, under keys a login never uses.
  const admission = throttle.admit(db, { account: `reset:${email}`, address: trustProxy() && input.ip ? `reset:${input.ip}` : null, device: null });
  if (!admission.ok) {
    writeTx(db, (tx) =>
      writeAudit(tx, {
        actor: null,
        action: "denied:password_reset_request",
        entity: "user",
        entityId: "unknown",
        after: { email, reason: "throttled" },
        requestId: input.requestId,
      }),
    );
    return { ok: false, reason: "throttled", retryAfterSeconds: admission.retryAfterSeconds };
  }
  const token = crypto.randomBytes(32).toString("base64url");
  const tokenHash = resetTokenHash(token);
  const user = db
    .select({ id: users.id, name: users.name, email: users.email, locale: users.locale, role: users.role, orgId: users.orgId, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.email, email))
    .get();
  const account = user && !user.disabledAt ? user : null;
  writeTx(db, (tx) => {
    const reset = account
      ? tx
          .insert(passwordResets)
          .values({ userId: account.id, tokenHash, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + RESET_TTL_MS).toISOString() })
          .returning({ id: passwordResets.id })
          .get()
      : null;
    writeAudit(tx, {
      actor: account ? actorOf(account) : null,
      action: "password_reset_request",
      entity: "user",
      entityId: account?.id ?? "unknown",
      after: account ? { resetId: reset!.id } : { email, known: false },
      requestId: input.requestId,
    });
  });
  if (!account) return { ok: true, delivery: Promise.resolve() };
  const url = `${input.origin.replace(/\/$/, "")}/reset-password/${token}`;
  return { ok: true, delivery: passwordEmail(account, url, deps.mailer) };
}

function actorOf(u: { id: number; role: Actor["role"]; orgId: number }): Actor {
  return { id: u.id, role: u.role, orgId: u.orgId, orgVerified: false };
}

export type ResetTokenState = "valid" | "invalid" | "used" | "expired";

/** Whether a link can still set a password; reads only. */
export function resetTokenState(db: Db, token: string, now: Date = new Date()): ResetTokenState {
  if (!TOKEN_PATTERN.test(token)) return "invalid";
  const row = db
    .select({ r: passwordResets, disabledAt: users.disabledAt })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.tokenHash, resetTokenHash(token)))
    .get();
  if (!row || row.disabledAt) return "invalid";
  if (row.r.usedAt) return "used";
  return row.r.expiresAt <= now.toISOString() ? "expired" : "valid";
}

export type ResetResult =
  { ok: true; userId: number } | { ok: false; error: Exclude<ResetTokenState, "valid"> } | { ok: false; error: "weak"; message: PasswordProblem };

type Refusal = Exclude<ResetTokenState, "valid"> | "weak";

function auditRefusal(db: Db, reason: Refusal, resetId: number | null, requestId: string | null | undefined): void {
  writeTx(db, (tx) =>
    writeAudit(tx, { actor: null, action: "denied:password_reset", entity: "password_reset", entityId: resetId ?? "unknown", after: { reason }, requestId }),
  );
}

/**
 * Sets a new password through a link: checks the link and the password policy, then in one
 * transaction sets the password, spends the link, ends every other link still out and every
 * session of the user. Each outcome is audited; the token never is.
 */
export async function resetPassword(db: Db, token: string, password: string, options: { requestId?: string | null; now?: Date } = {}): Promise<ResetResult> {
  const now = options.now ?? new Date();
  const state = resetTokenState(db, token, now);
  if (state !== "valid") {
    auditRefusal(db, state, state === "invalid" ? null : (rowOf(db, token)?.id ?? null), options.requestId);
    return { ok: false, error: state };
  }
  const row = rowOf(db, token)!;
  const user = db.select().from(users).where(eq(users.id, row.userId)).get()!;
  const weak = passwordProblem(password, user.email);
  if (weak) {
    auditRefusal(db, "weak", row.id, options.requestId);
    return { ok: false, error: "weak", message: weak };
  }
  const passwordHash = await hashPassword(password);
  if (!applyReset(db, row.id, user, passwordHash, now.toISOString(), options.requestId)) {
    auditRefusal(db, "used", row.id, options.requestId);
    return { ok: false, error: "used" };
  }
  return { ok: true, userId: user.id };
}

/** The reset's one transaction; false when a parallel request spent the link while the password was hashed. */
function applyReset(db: Db, resetId: number, user: User, passwordHash: string, iso: string, requestId: string | null | undefined): boolean {
  return writeTx(db, (tx) => {
    const spent = tx
      .update(passwordResets)
      .set({ usedAt: iso })
      .where(and(eq(passwordResets.id, resetId), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, iso)))
      .run();
    if (spent.changes !== 1) return false;
    tx.update(users).set({ passwordHash, passwordChangedAt: iso, updatedAt: iso }).where(eq(users.id, user.id)).run();
    const others = tx
      .update(passwordResets)
      .set({ expiresAt: iso })
      .where(and(eq(passwordResets.userId, user.id), ne(passwordResets.id, resetId), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, iso)))
      .run().changes;
    const ended = tx.delete(sessions).where(eq(sessions.userId, user.id)).run().changes;
    writeAudit(tx, {
      actor: actorOf(user),
      action: "password_reset",
      entity: "user",
      entityId: user.id,
      after: { resetId, sessionsEnded: ended, linksEnded: others },
      requestId,
    });
    return true;
  });
}

function rowOf(db: Db, token: string) {
  return db
    .select()
    .from(passwordResets)
    .where(eq(passwordResets.tokenHash, resetTokenHash(token)))
    .get();
}
