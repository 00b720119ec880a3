import { json, type ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "../services/db.server";
import { handleStripeWebhook } from "../services/stripe-webhooks.server";

/**
 * Stripe's events: the raw body as sent (the signature covers its exact bytes), no session,
 * one service call. A bad signature is 400 with nothing stored; a fault while applying is
 * 503, and Stripe delivers the event again.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: "method_not_allowed" }, { status: 405, headers: { Allow: "POST" } });
  const rawBody = await request.text();
  try {
    const outcome = await handleStripeWebhook(getDb(), rawBody, request.headers.get("stripe-signature"));
    return outcome.status === 200 ? json({ received: true, applied: outcome.applied }) : json({ error: outcome.reason }, { status: 400 });
  } catch (err) {
    console.error(JSON.stringify({ level: "error", event: "stripe_webhook_failed", message: err instanceof Error ? err.message : String(err) }));
    return json({ error: "unavailable" }, { status: 503, headers: { "Retry-After": "60" } });
  }
}

export function loader() {
  return json({ error: "method_not_allowed" }, { status: 405, headers: { Allow: "POST" } });
}
