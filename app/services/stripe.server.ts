import type Stripe from "stripe";
import { getEnv, type Env } from "./env.server";

// The Stripe client, made on first use from the configuration; nothing talks to Stripe at
// start or while a page renders. Without STRIPE_SECRET_KEY there is no client and the
// platform takes bank transfers only.

export interface StripeSettings {
  secretKey?: string;
  webhookSecret?: string;
  /** Lower case, as Stripe writes it. */
  currency: string;
  /** Replaces https://api.stripe.com: protocol, host and port. */
  apiBase?: string;
  /** The platform's public origin, for the return URLs; the request's own origin otherwise. */
  publicOrigin?: string;
}

export function stripeSettings(env: Env = getEnv()): StripeSettings {
  return {
    secretKey: env.STRIPE_SECRET_KEY,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET,
    currency: env.STRIPE_CURRENCY,
    apiBase: env.STRIPE_API_BASE,
    publicOrigin: env.PUBLIC_ORIGIN,
  };
}

/** The library's host, port and protocol options for an API base URL. */
export function apiBaseOptions(apiBase: string | undefined): Pick<Stripe.StripeConfig, "host" | "port" | "protocol"> {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: url.port || (protocol === "http" ? 80 : 443), protocol };
}

const clients = new Map<string, Stripe>();
let library: Promise<typeof Stripe> | undefined;

/** The Stripe library, loaded on first use rather than when a worker starts (it takes a fifth of a second). */
export function loadStripe(): Promise<typeof Stripe> {
  library ??= import("stripe").then((m) => m.default);
  return library;
}

/** One client per key and address, made when first needed; null when online payments are off. */
export async function stripeClient(settings: StripeSettings): Promise<Stripe | null> {
  if (!settings.secretKey) return null;
  const cacheKey = `${settings.secretKey}\n${settings.apiBase ?? ""}`;
  let client = clients.get(cacheKey);
  if (!client) {
    const StripeLibrary = await loadStripe();
    client = new StripeLibrary(settings.secretKey, { ...apiBaseOptions(settings.apiBase), maxNetworkRetries: 2, timeout: 20_000 });
    clients.set(cacheKey, client);
  }
  return client;
}

/** One Stripe charge carries at most eight digits of minor units: ¥999,999.99. */
export const STRIPE_MAX_CHARGE_FEN = 99_999_999;
