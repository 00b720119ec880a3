// Login throttling kept in the database, so every process and every restart sees the same
// counts. An attempt is counted before its password is checked: N parallel guesses cost N
// attempts, and no more than `perAccount` guesses an account are ever verified in a window
// from untrusted clients together. A browser holding a valid device cookie for the account
// is counted apart (OWASP "Slow Down Online Guessing Attacks with Device Cookies"), so an
// attack from elsewhere never locks its owner out. The limits stay well under ASVS 2.2.1's
// 100 failures an hour.

import { and, asc, count, eq, gt, isNull, lt, ne, type SQL } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../../db/connection";
import { loginAttempts } from "../../db/schema";
import { currentSetting } from "./env.server";

export interface ThrottleLimits {
  windowMs: number;
  /** Attempts an account accepts in a window from clients without its device cookie. */
  perAccount: number;
  /** Attempts one device cookie may fail in a window before it is locked out. */
  perDevice: number;
  /** Attempts from one client address, applied only when the proxy reports real addresses. */
  perAddress: number;
}

export const LOGIN_LIMITS: ThrottleLimits = { windowMs: 15 * 60_000, perAccount: 10, perDevice: 5, perAddress: 50 };

/** Who is trying: the normalised e-mail, the client address when it is trustworthy, the device-cookie nonce if valid. */
export interface AttemptKey {
  account: string;
  address: string | null;
  device: string | null;
}

export type Admission = { ok: true; attemptId: number } | { ok: false; retryAfterSeconds: number };

/**
 * Express's `req.ip` is the real client only when the proxy is trusted (see app/server/app.ts);
 * otherwise every visitor behind the city's proxy shares one address and keying on it
 * would lock them all out together.
 */
export function trustProxy(): boolean {
  return currentSetting("TRUST_PROXY") === "true";
}

export class LoginThrottle {
  constructor(
    readonly limits: ThrottleLimits = LOGIN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Counts the attempt and, in the same IMMEDIATE transaction, refuses it when a limit is
   * reached. Attempts that ended in success never count against anyone.
   */
  admit(db: Db, key: AttemptKey): Admission {
    const now = this.now();
    const since = new Date(now - this.limits.windowMs).toISOString();
    return writeTx(db, (tx): Admission => {
      for (const [where, limit] of this.scopes(key)) {
        const blocked = this.blockedFor(tx, and(where, gt(loginAttempts.createdAt, since), ne(loginAttempts.outcome, "success"))!, limit, now);
        if (blocked !== null) return { ok: false, retryAfterSeconds: blocked };
      }
      const row = tx
        .insert(loginAttempts)
        .values({ account: key.account, address: key.address, device: key.device, createdAt: new Date(now).toISOString() })
        .returning({ id: loginAttempts.id })
        .get();
      return { ok: true, attemptId: row.id };
    });
  }

  /** Records how the admitted attempt ended; a success stops counting. */
  settle(db: Db, attemptId: number, outcome: "success" | "failure"): void {
    writeTx(db, (tx) => tx.update(loginAttempts).set({ outcome }).where(eq(loginAttempts.id, attemptId)).run());
  }

  /** A device cookie has only its own allowance; anyone else shares the account's (and the address's). */
  private scopes(key: AttemptKey): [SQL, number][] {
    if (key.device) return [[eq(loginAttempts.device, key.device), this.limits.perDevice]];
    const scopes: [SQL, number][] = [[and(eq(loginAttempts.account, key.account), isNull(loginAttempts.device))!, this.limits.perAccount]];
    if (key.address) scopes.push([and(eq(loginAttempts.address, key.address), isNull(loginAttempts.device))!, this.limits.perAddress]);
    return scopes;
  }

  /** Seconds until the count under `where` falls below `limit`, or null when it already is below. */
  private blockedFor(tx: Tx, where: SQL, limit: number, now: number): number | null {
    const used = tx.select({ n: count() }).from(loginAttempts).where(where).get()?.n ?? 0;
    if (used < limit) return null;
    const freeing = tx
      .select({ at: loginAttempts.createdAt })
      .from(loginAttempts)
      .where(where)
      .orderBy(asc(loginAttempts.createdAt), asc(loginAttempts.id))
      .limit(1)
      .offset(used - limit)
      .get();
    const until = (freeing ? Date.parse(freeing.at) : now) + this.limits.windowMs;
    return Math.max(1, Math.ceil((until - now) / 1000));
  }
}

export const loginThrottle = new LoginThrottle();

/** Deletes attempts older than any window looks at; run by the hourly sweep. */
export function purgeOldLoginAttempts(db: Db, now: Date = new Date(), keepMs: number = 24 * 3600_000): number {
  const before = new Date(now.getTime() - keepMs).toISOString();
  return writeTx(db, (tx) => tx.delete(loginAttempts).where(lt(loginAttempts.createdAt, before)).run().changes);
}
