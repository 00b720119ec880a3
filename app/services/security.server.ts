// Cross-site request refusal. Session cookies are SameSite=Lax, which already keeps them
// off cross-site POSTs; this check refuses such requests outright, before any action runs.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Stripe's webhook is posted by Stripe, not a browser, and checks its own signature; nothing else is exempt. */
const isStripeWebhook = (r: RequestFacts) => r.method.toUpperCase() === "POST" && r.path === "/webhooks/stripe";

export interface RequestFacts {
  method: string;
  path: string;
  host: string | undefined;
  origin: string | undefined;
  secFetchSite: string | undefined;
  publicOrigin?: string | undefined;
}

/** True when a state-changing request comes from another site and must be refused. */
export function isCrossSiteWrite(r: RequestFacts): boolean {
  if (SAFE_METHODS.has(r.method.toUpperCase())) return false;
  if (isStripeWebhook(r)) return false;
  if (r.secFetchSite && r.secFetchSite !== "same-origin" && r.secFetchSite !== "none") return true;
  if (r.origin) {
    if (r.origin === "null") return true;
    let originHost: string;
    try {
      originHost = new URL(r.origin).host;
    } catch {
      return true;
    }
    const expected = r.publicOrigin ? new URL(r.publicOrigin).host : r.host;
    return originHost !== expected;
  }
  return false;
}
