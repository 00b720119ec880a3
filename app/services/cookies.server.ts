import { createCookie } from "@remix-run/node";

/**
 * The cookie policy for anything that proves who a visitor is: HttpOnly and SameSite=Lax
 * always; over HTTPS Secure and __Host- prefixed, which binds the cookie to this exact origin
 * (plain HTTP, for local use, cannot carry a __Host- cookie).
 */
export function credentialCookie(name: string, secure: boolean, days: number) {
  return createCookie(secure ? `__Host-${name}` : name, { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: days * 24 * 3600 });
}
