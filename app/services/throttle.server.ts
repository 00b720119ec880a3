// Login throttling, in memory: a restart forgets the counts, which only ever favours a
// legitimate user; the limits are well under ASVS 2.2.1's 100 failures an hour.

export interface ThrottleLimits {
  windowMs: number;
  perAccount: number;
  perIp: number;
}

export const LOGIN_LIMITS: ThrottleLimits = { windowMs: 15 * 60_000, perAccount: 10, perIp: 50 };

export class LoginThrottle {
  private failures = new Map<string, number[]>();

  constructor(
    private readonly limits: ThrottleLimits = LOGIN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const cutoff = this.now() - this.limits.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** True when either the account or the address has used up its failures for the window. */
  isBlocked(account: string, ip: string): boolean {
    return this.recent(`a:${account}`).length >= this.limits.perAccount || this.recent(`i:${ip}`).length >= this.limits.perIp;
  }

  recordFailure(account: string, ip: string): void {
    const t = this.now();
    this.failures.set(`a:${account}`, [...this.recent(`a:${account}`), t]);
    this.failures.set(`i:${ip}`, [...this.recent(`i:${ip}`), t]);
  }

  /** A successful login clears the account's count (not the address's). */
  recordSuccess(account: string): void {
    this.failures.delete(`a:${account}`);
  }
}

export const loginThrottle = new LoginThrottle();
