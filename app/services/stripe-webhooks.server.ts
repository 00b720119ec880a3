import { and, eq, like, ne, or, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { writeTx, type Db, type Tx } from "../../db/connection";
import { contracts, ledgerEntries, paymentAttempts, paymentMilestones, stripeEvents, type PaymentAttempt } from "../../db/schema";
import { writeAudit } from "./audit.server";
import { appendPayment, appendRefund, findLedgerEntry } from "./ledger.server";
import { loadStripe, stripeClient, stripeSettings, type StripeSettings } from "./stripe.server";

// Stripe's events, applied to the ledger. The body is verified against STRIPE_WEBHOOK_SECRET
// before anything is stored; each event id is recorded once, in the transaction that applies
// the event, so a redelivery is acknowledged and changes nothing. Stripe delivers at least
// once and in no particular order, so every handler is written to reach the same ledger
// whatever came before: a payment is keyed by its PaymentIntent (whichever of
// checkout.session.completed and payment_intent.succeeded comes first records it), and a
// refund by its charge and the cumulative amount refunded, of which only the part not yet
// recorded is added.

/** Stripe's own default: an older signature is a replay. */
const TOLERANCE_SECONDS = 300;

export type WebhookOutcome = { status: 200; applied: boolean } | { status: 400; reason: "not_configured" | "bad_signature" | "wrong_mode" };

type Target = { contractId: number; milestoneId: number | null; attempt: PaymentAttempt | null };
type Metadata = Record<string, string> | null | undefined;

const idOf = (v: string | { id: string } | null | undefined): string | null => (v == null ? null : typeof v === "string" ? v : v.id);
const whole = (s: string | undefined) => (s && /^[1-9][0-9]{0,15}$/.test(s) ? Number(s) : null);
const at = (event: Stripe.Event) => new Date(event.created * 1000).toISOString();

function audit(tx: Tx, action: string, entity: string, entityId: number | string, event: Stripe.Event, after?: unknown, before?: unknown) {
  writeAudit(tx, { actor: null, system: "stripe", action, entity, entityId, before, after: { ...(after as object), eventId: event.id } });
}

/** The attempt a Stripe object belongs to: by our id in its metadata, its session, or its PaymentIntent. */
function findAttempt(tx: Tx, refs: { metadata?: Metadata; sessionId?: string | null; paymentIntentId?: string | null }): PaymentAttempt | null {
  const byId = whole(refs.metadata?.attempt_id ?? undefined);
  const conditions = [
    byId !== null ? eq(paymentAttempts.id, byId) : undefined,
    refs.sessionId ? eq(paymentAttempts.stripeSessionId, refs.sessionId) : undefined,
    refs.paymentIntentId ? eq(paymentAttempts.paymentIntentId, refs.paymentIntentId) : undefined,
  ].filter((c) => c !== undefined);
  if (conditions.length === 0) return null;
  return (
    tx
      .select()
      .from(paymentAttempts)
      .where(or(...conditions))
      .get() ?? null
  );
}

/**
 * Which contract family and milestone money belongs to: our attempt first (our own record),
 * then the payment already in the ledger, then the metadata we gave Stripe, checked against
 * the database. Null when none of them names a contract of ours.
 */
function findTarget(tx: Tx, refs: { metadata?: Metadata; sessionId?: string | null; paymentIntentId?: string | null }): Target | null {
  const attempt = findAttempt(tx, refs);
  if (attempt) return { contractId: attempt.contractId, milestoneId: attempt.milestoneId, attempt };
  const paid = refs.paymentIntentId ? findLedgerEntry(tx, "stripe", "payment", refs.paymentIntentId) : undefined;
  if (paid?.contractId != null) return { contractId: paid.contractId, milestoneId: paid.milestoneId, attempt: null };
  const contractId = whole(refs.metadata?.contract_id ?? undefined);
  const milestoneId = whole(refs.metadata?.milestone_id ?? undefined);
  if (contractId === null || !tx.select({ id: contracts.id }).from(contracts).where(eq(contracts.id, contractId)).get()) return null;
  const milestone =
    milestoneId === null
      ? undefined
      : tx
          .select({ id: paymentMilestones.id })
          .from(paymentMilestones)
          .where(and(eq(paymentMilestones.id, milestoneId), eq(paymentMilestones.familyId, contractId)))
          .get();
  return { contractId, milestoneId: milestone?.id ?? null, attempt: null };
}

interface Received {
  paymentIntentId: string;
  amountFen: number;
  currency: string;
  metadata: Metadata;
  sessionId: string | null;
  /** When the money moved, if the event says so better than its own time (a charge's creation). */
  effectiveAt?: string;
}

/** Records a payment once per PaymentIntent, with the broker's commission; marks the attempt paid. */
function recordPayment(tx: Tx, event: Stripe.Event, r: Received): void {
  const target = findTarget(tx, { metadata: r.metadata, sessionId: r.sessionId, paymentIntentId: r.paymentIntentId });
  if (!target) return audit(tx, "stripe:unattributed", "stripe_event", event.id, event, { paymentIntentId: r.paymentIntentId, amountFen: r.amountFen });
  if (target.attempt && target.attempt.status !== "paid") {
    const after = tx
      .update(paymentAttempts)
      .set({ status: "paid", paymentIntentId: r.paymentIntentId, failureMessage: null, updatedAt: at(event) })
      .where(eq(paymentAttempts.id, target.attempt.id))
      .returning()
      .get();
    audit(tx, "checkout:paid", "payment_attempt", after.id, event, after, target.attempt);
  }
  if (findLedgerEntry(tx, "stripe", "payment", r.paymentIntentId)) return;
  const { payment, commission } = appendPayment(tx, {
    contractId: target.contractId,
    milestoneId: target.milestoneId,
    amountFen: r.amountFen,
    currency: r.currency,
    source: "stripe",
    sourceRef: r.paymentIntentId,
    effectiveAt: r.effectiveAt ?? at(event),
  });
  audit(tx, "payment:record", "ledger_entry", payment.id, event, { ...target, attempt: target.attempt?.id ?? null, amountFen: r.amountFen, commission });
}

function onCheckoutCompleted(tx: Tx, event: Stripe.Event, session: Stripe.Checkout.Session): void {
  const paymentIntentId = idOf(session.payment_intent);
  // A delayed method (a bank debit) completes the session unpaid; its PaymentIntent's success comes later.
  if (session.payment_status !== "paid" || !paymentIntentId || session.amount_total == null) return;
  recordPayment(tx, event, {
    paymentIntentId,
    amountFen: session.amount_total,
    currency: session.currency ?? "cny",
    metadata: session.metadata,
    sessionId: session.id,
  });
}

function onIntentSucceeded(tx: Tx, event: Stripe.Event, intent: Stripe.PaymentIntent): void {
  recordPayment(tx, event, {
    paymentIntentId: intent.id,
    amountFen: intent.amount_received,
    currency: intent.currency,
    metadata: intent.metadata,
    sessionId: null,
  });
}

function onIntentFailed(tx: Tx, event: Stripe.Event, intent: Stripe.PaymentIntent): void {
  const attempt = findAttempt(tx, { metadata: intent.metadata, paymentIntentId: intent.id });
  // A paid attempt never goes back; a failed card may still be followed by a successful one.
  if (!attempt || attempt.status === "paid") return;
  const message = (intent.last_payment_error?.message ?? intent.last_payment_error?.code ?? "payment failed").slice(0, 500);
  const after = tx
    .update(paymentAttempts)
    .set({ status: "failed", paymentIntentId: intent.id, failureMessage: message, updatedAt: at(event) })
    .where(and(eq(paymentAttempts.id, attempt.id), ne(paymentAttempts.status, "paid")))
    .returning()
    .get();
  audit(tx, "checkout:failed", "payment_attempt", attempt.id, event, after, attempt);
}

/** A session left unpaid until Stripe closed it: the attempt is over; the page offers a new one. */
function onSessionExpired(tx: Tx, event: Stripe.Event, session: Stripe.Checkout.Session): void {
  const attempt = findAttempt(tx, { metadata: session.metadata, sessionId: session.id });
  if (!attempt || attempt.status !== "open") return;
  const after = tx
    .update(paymentAttempts)
    .set({ status: "expired", updatedAt: at(event) })
    .where(eq(paymentAttempts.id, attempt.id))
    .returning()
    .get();
  audit(tx, "checkout:expired", "payment_attempt", attempt.id, event, after, attempt);
}

/** What the ledger holds of one kind under a charge's references (`<charge id>:<running total>`). */
function recordedForCharge(tx: Tx, kind: "refund" | "commission_reversal", chargeId: string): number {
  return tx
    .select({ fen: sql<number>`coalesce(sum(${ledgerEntries.amountFen}), 0)` })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.source, "stripe"), eq(ledgerEntries.kind, kind), like(ledgerEntries.sourceRef, `${chargeId}:%`)))
    .get()!.fen;
}

/**
 * amount_refunded is the charge's running total: only what the ledger does not hold yet is
 * added, with the reversal of the broker's commission on the refunded share of the payment.
 */
function onChargeRefunded(tx: Tx, event: Stripe.Event, charge: Stripe.Charge, intentMetadata: Metadata): void {
  const paymentIntentId = idOf(charge.payment_intent);
  const metadata = charge.metadata && Object.keys(charge.metadata).length > 0 ? charge.metadata : intentMetadata;
  const target = findTarget(tx, { metadata, paymentIntentId });
  if (!target) return audit(tx, "stripe:unattributed", "stripe_event", event.id, event, { chargeId: charge.id, amountRefunded: charge.amount_refunded });
  const fen = charge.amount_refunded - recordedForCharge(tx, "refund", charge.id);
  if (fen <= 0) return;
  // A refunded charge was paid: a refund that overtakes its payment's events records the payment
  // from the charge first (keyed by its PaymentIntent, so those events add nothing later), and
  // the broker's commission on it is accrued before the refund reverses its share.
  if (paymentIntentId && charge.paid !== false && charge.amount > 0 && !findLedgerEntry(tx, "stripe", "payment", paymentIntentId)) {
    recordPayment(tx, event, {
      paymentIntentId,
      amountFen: charge.amount,
      currency: charge.currency,
      metadata,
      sessionId: null,
      effectiveAt: typeof charge.created === "number" ? new Date(charge.created * 1000).toISOString() : undefined,
    });
  }
  const { refund, reversal } = appendRefund(
    tx,
    {
      contractId: target.contractId,
      milestoneId: target.milestoneId,
      amountFen: fen,
      currency: charge.currency,
      source: "stripe",
      // The running total makes the reference: the same event again adds nothing.
      sourceRef: `${charge.id}:${charge.amount_refunded}`,
      effectiveAt: at(event),
    },
    {
      paymentSource: "stripe",
      paymentRef: paymentIntentId ?? "",
      refundedTotalFen: charge.amount_refunded,
      reversedBeforeFen: recordedForCharge(tx, "commission_reversal", charge.id),
    },
  );
  audit(tx, "refund:record", "ledger_entry", refund.id, event, {
    ...target,
    attempt: target.attempt?.id ?? null,
    amountFen: fen,
    paymentIntentId,
    commissionReversal: reversal,
  });
}

/** Applies one verified event inside one transaction; false when its id was seen before. */
export function applyStripeEvent(db: Db, event: Stripe.Event, intentMetadata: Metadata = null, now: Date = new Date()): boolean {
  return writeTx(db, (tx) => {
    const iso = now.toISOString();
    const fresh = tx.insert(stripeEvents).values({ eventId: event.id, type: event.type, receivedAt: iso }).onConflictDoNothing().returning().get();
    if (!fresh) return false;
    switch (event.type) {
      case "checkout.session.completed":
        onCheckoutCompleted(tx, event, event.data.object);
        break;
      case "checkout.session.expired":
        onSessionExpired(tx, event, event.data.object);
        break;
      case "payment_intent.succeeded":
        onIntentSucceeded(tx, event, event.data.object);
        break;
      case "payment_intent.payment_failed":
        onIntentFailed(tx, event, event.data.object);
        break;
      case "charge.refunded":
        onChargeRefunded(tx, event, event.data.object, intentMetadata);
        break;
      default:
        // Acknowledged and ignored: Stripe stops resending it, and nothing changes.
        break;
    }
    tx.update(stripeEvents).set({ processedAt: iso }).where(eq(stripeEvents.eventId, event.id)).run();
    return true;
  });
}

/** The signature's timestamp: Stripe's library checks only its age, so a future one is refused here. */
function signedAt(header: string): number | null {
  const t = /(?:^|,)t=(\d+)/.exec(header)?.[1];
  return t ? Number(t) : null;
}

type Refused = Extract<WebhookOutcome, { status: 400 }>;

async function verify(rawBody: string, signature: string | null, settings: StripeSettings, now: Date): Promise<{ event: Stripe.Event } | Refused> {
  const refused = (reason: Refused["reason"]): Refused => ({ status: 400, reason });
  if (!settings.webhookSecret) return refused("not_configured");
  if (!signature) return refused("bad_signature");
  const t = signedAt(signature);
  if (t === null || t > Math.floor(now.getTime() / 1000) + TOLERANCE_SECONDS) return refused("bad_signature");
  const StripeLibrary = await loadStripe();
  let event: Stripe.Event;
  try {
    event = StripeLibrary.webhooks.constructEvent(rawBody, signature, settings.webhookSecret, TOLERANCE_SECONDS, undefined, now.getTime());
  } catch {
    return refused("bad_signature");
  }
  // A test key takes test events only, and a live key live ones.
  const live = settings.secretKey?.startsWith("sk_live_") ?? false;
  if (settings.secretKey && event.livemode !== live) return refused("wrong_mode");
  return { event };
}

/**
 * A refund that names neither one of our attempts nor a recorded payment (its payment has not
 * arrived yet) is attributed through its PaymentIntent's metadata, fetched from Stripe.
 */
async function intentMetadataFor(db: Db, event: Stripe.Event, settings: StripeSettings): Promise<Metadata> {
  if (event.type !== "charge.refunded") return null;
  const charge = event.data.object;
  const pi = idOf(charge.payment_intent);
  if (!pi || (charge.metadata && Object.keys(charge.metadata).length > 0)) return null;
  const known = db.select({ id: paymentAttempts.id }).from(paymentAttempts).where(eq(paymentAttempts.paymentIntentId, pi)).get();
  if (known || findLedgerEntry(db, "stripe", "payment", pi)) return null;
  const stripe = await stripeClient(settings);
  return stripe ? (await stripe.paymentIntents.retrieve(pi)).metadata : null;
}

/**
 * The webhook: verify the raw body, then apply the event once. A bad or stale signature is
 * answered 400 and nothing is stored. A failure while applying rolls back everything,
 * the event id included, and is thrown: the route answers 503 and Stripe delivers again.
 */
export async function handleStripeWebhook(
  db: Db,
  rawBody: string,
  signature: string | null,
  settings: StripeSettings = stripeSettings(),
  now: Date = new Date(),
): Promise<WebhookOutcome> {
  const verified = await verify(rawBody, signature, settings, now);
  if (!("event" in verified)) {
    console.warn(JSON.stringify({ level: "warn", event: "stripe_webhook_refused", reason: verified.reason }));
    return verified;
  }
  const intentMetadata = await intentMetadataFor(db, verified.event, settings);
  return { status: 200, applied: applyStripeEvent(db, verified.event, intentMetadata, now) };
}
