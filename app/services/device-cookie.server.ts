// Device cookies (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): after a
// successful login the browser keeps a signed token bound to that account. A login that
// presents it is counted apart from everyone else's, so guesses from elsewhere never lock
// the account's owner out of a browser she has already used.

import crypto from "node:crypto";
import { credentialCookie } from "./cookies.server";
import { eq } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { serverSecrets } from "../../db/schema";
import { getEnv, secureCookies, type Env } from "./env.server";

const DEVICE_DAYS = 365;
const KEY_NAME = "device_cookie_key";
const VALUE = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

/** Same policy as the session cookie: __Host- and Secure over HTTPS, HttpOnly and SameSite=Lax always. */
export function deviceCookieFor(secure: boolean) {
  return credentialCookie("lsm_device", secure, DEVICE_DAYS);
}

const storedKeys = new WeakMap<Db, Buffer>();

/**
 * The signing key: DEVICE_COOKIE_SECRET when set, else a random key created once and kept
 * in the database, so every process and every restart signs and checks with the same key.
 */
export function deviceCookieKey(db: Db, env: Env = getEnv()): Buffer {
  if (env.DEVICE_COOKIE_SECRET) return Buffer.from(env.DEVICE_COOKIE_SECRET, "utf8");
  const cached = storedKeys.get(db);
  if (cached) return cached;
  const value = writeTx(db, (tx) => {
    tx.insert(serverSecrets)
      .values({ name: KEY_NAME, value: crypto.randomBytes(32).toString("base64url") })
      .onConflictDoNothing()
      .run();
    return tx.select({ value: serverSecrets.value }).from(serverSecrets).where(eq(serverSecrets.name, KEY_NAME)).get()!.value;
  });
  const key = Buffer.from(value, "base64url");
  storedKeys.set(db, key);
  return key;
}

function signature(key: Buffer, account: string, nonce: string): Buffer {
  return crypto.createHmac("sha256", key).update(`${account}\n${nonce}`).digest();
}

/** A fresh device cookie for the account (normalised e-mail), as a Set-Cookie header. */
export async function issueDeviceCookie(db: Db, account: string): Promise<string> {
  const nonce = crypto.randomBytes(16).toString("base64url");
  const sig = signature(deviceCookieKey(db), account, nonce).toString("base64url");
  return deviceCookieFor(secureCookies()).serialize(`${nonce}.${sig}`);
}

/**
 * The nonce of the request's device cookie when it is validly signed for this account,
 * else null: a missing, malformed, forged or other account's cookie earns no trust.
 */
export async function trustedDevice(db: Db, request: Request, account: string): Promise<string | null> {
  const value: unknown = await deviceCookieFor(secureCookies()).parse(request.headers.get("Cookie"));
  const m = typeof value === "string" ? VALUE.exec(value) : null;
  if (!m) return null;
  const expected = signature(deviceCookieKey(db), account, m[1]!);
  const given = Buffer.from(m[2]!, "base64url");
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? m[1]! : null;
}
