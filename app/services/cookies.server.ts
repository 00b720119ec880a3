import { createCookie, type Cookie } from "@remix-run/node";

const made = new Map<string, Cookie>();

/**
 * The cookie policy for anything that proves who a visitor is: HttpOnly and SameSite=Lax
 * always; over HTTPS Secure and __Host- prefixed, which binds the cookie to this exact origin
 * (plain HTTP, for local use, cannot carry a __Host- cookie). Each cookie is made once: every
 * page reads the session cookie, some twice, and making it anew each time was a tenth of a
 * millisecond of every request.
 */
export function credentialCookie(name: string, secure: boolean, days: number): Cookie {
  const key = `${name}|${secure}|${days}`;
  let cookie = made.get(key);
  if (!cookie) {
    cookie = createCookie(secure ? `__Host-${name}` : name, { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: days * 24 * 3600 });
    made.set(key, cookie);
  }
  return cookie;
}
