import { and, eq, isNull } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../../db/connection";
import { contracts, paymentAttempts, type Contract, type PaymentAttempt, type PaymentMilestone } from "../../db/schema";
import type { Actor } from "./actor";
import { writeAudit } from "./audit.server";
import { contractLedger } from "./ledger.server";
import { getCurrentMilestone } from "./milestones.server";
import { STRIPE_MAX_CHARGE_FEN, stripeClient, stripeSettings, type StripeSettings } from "./stripe.server";

// 在线支付: the buyer pays a milestone, or what is still outstanding on it, through a Stripe
// Checkout Session. The attempt is written first under a key derived from the form's attempt
// key, and that key is Stripe's idempotency key: a double click, a retry after a timeout or a
// restart between the two steps all end at the same session. The payment itself is recorded
// only from Stripe's signed events (stripe-webhooks.server.ts), never from the return page.

export type TransferOnlyReason = "not_configured" | "over_limit" | "nothing_outstanding";
export type CheckoutResult = { kind: "redirect"; url: string } | { kind: "transfer_only"; reason: TransferOnlyReason } | { kind: "not_found" };

export interface CheckoutInput {
  /** Any version of the contract; the payment goes to its family. */
  contractId: number;
  milestoneId: number;
  /** Generated with the form, so that one form sent twice is one attempt. */
  attemptKey: string;
}

export interface CheckoutOptions {
  /** The origin the return URLs point at when PUBLIC_ORIGIN is not set (the request's). */
  origin: string;
  settings?: StripeSettings;
  requestId?: string | null;
  now?: Date;
}

/** Stripe did not answer, or refused: nothing was charged; the buyer may try again. */
export class CheckoutUnavailableError extends Error {
  constructor(cause: unknown) {
    super("Stripe could not open a Checkout Session", { cause });
    this.name = "CheckoutUnavailableError";
  }
}

export const ATTEMPT_KEY_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** The contract's payments tab, where Stripe sends the buyer back. */
export const paymentsTabPath = (contractId: number) => `/contracts/${contractId}/payments`;

/**
 * The family's registered version in force, only when the actor is a member of its buyer:
 * the authorisation is the query's WHERE clause.
 */
function payableVersion(tx: Db | Tx, actor: Actor, contractId: number): Contract | undefined {
  if (actor.role !== "enterprise" && actor.role !== "institute") return undefined;
  const family = tx.select({ familyId: contracts.familyId, id: contracts.id }).from(contracts).where(eq(contracts.id, contractId)).get();
  if (!family) return undefined;
  return tx
    .select()
    .from(contracts)
    .where(
      and(
        eq(contracts.familyId, family.familyId ?? family.id),
        eq(contracts.status, "registered"),
        isNull(contracts.supersededAt),
        eq(contracts.buyerOrgId, actor.orgId),
      ),
    )
    .get();
}

type Reserved = { kind: "reserved"; attempt: PaymentAttempt; contract: Contract; milestone: PaymentMilestone } | { kind: "done"; result: CheckoutResult };

function reserveAttempt(db: Db, actor: Actor, input: CheckoutInput, settings: StripeSettings, opts: CheckoutOptions, iso: string): Reserved {
  return writeTx(db, (tx): Reserved => {
    const refuse = (result: CheckoutResult, action: string): Reserved => {
      writeAudit(tx, { actor, action, entity: "contract", entityId: input.contractId, after: { milestoneId: input.milestoneId }, requestId: opts.requestId });
      return { kind: "done", result };
    };
    const contract = payableVersion(tx, actor, input.contractId);
    const familyId = contract ? (contract.familyId ?? contract.id) : 0;
    const milestone = contract ? getCurrentMilestone(tx, familyId, input.milestoneId) : undefined;
    if (!contract || !milestone || !ATTEMPT_KEY_PATTERN.test(input.attemptKey)) return refuse({ kind: "not_found" }, "denied:checkout");
    const idempotencyKey = `checkout-${actor.id}-${milestone.id}-${input.attemptKey}`;
    const existing = tx.select().from(paymentAttempts).where(eq(paymentAttempts.idempotencyKey, idempotencyKey)).get();
    if (existing) {
      const live = existing.status === "open" && existing.checkoutUrl && (!existing.expiresAt || existing.expiresAt > iso);
      if (live) return { kind: "done", result: { kind: "redirect", url: existing.checkoutUrl! } };
      if (existing.status === "open" && !existing.stripeSessionId) return { kind: "reserved", attempt: existing, contract, milestone };
      // A form sent again after its session was paid, failed or expired: the page offers a fresh one.
      return { kind: "done", result: existing.status === "paid" ? { kind: "transfer_only", reason: "nothing_outstanding" } : { kind: "not_found" } };
    }
    if (!settings.secretKey) return { kind: "done", result: { kind: "transfer_only", reason: "not_configured" } };
    const owed = contractLedger(tx, familyId)?.milestones.find((m) => m.id === milestone.id)?.outstandingFen ?? 0;
    if (owed <= 0) return { kind: "done", result: { kind: "transfer_only", reason: "nothing_outstanding" } };
    if (owed > STRIPE_MAX_CHARGE_FEN) return { kind: "done", result: { kind: "transfer_only", reason: "over_limit" } };
    const attempt = tx
      .insert(paymentAttempts)
      .values({
        contractId: familyId,
        milestoneId: milestone.id,
        amountFen: owed,
        currency: settings.currency,
        idempotencyKey,
        createdBy: actor.id,
        createdAt: iso,
        updatedAt: iso,
      })
      .returning()
      .get();
    writeAudit(tx, { actor, action: "checkout:start", entity: "payment_attempt", entityId: attempt.id, after: attempt, requestId: opts.requestId });
    return { kind: "reserved", attempt, contract, milestone };
  });
}

/**
 * Opens (or finds again) the Checkout Session for a milestone. Only members of the buyer of
 * the registered version in force may pay. A milestone whose outstanding amount exceeds one
 * Stripe charge, a platform without a Stripe key, or nothing left to pay send the buyer to
 * the bank transfer. Throws CheckoutUnavailableError when Stripe fails (the route answers 503).
 */
export async function startMilestoneCheckout(db: Db, actor: Actor, input: CheckoutInput, opts: CheckoutOptions): Promise<CheckoutResult> {
  const settings = opts.settings ?? stripeSettings();
  const iso = (opts.now ?? new Date()).toISOString();
  const reserved = reserveAttempt(db, actor, input, settings, opts, iso);
  if (reserved.kind === "done") return reserved.result;
  const { attempt, contract, milestone } = reserved;
  const stripe = await stripeClient(settings);
  if (!stripe) return { kind: "transfer_only", reason: "not_configured" };
  const back = `${settings.publicOrigin ?? opts.origin}${paymentsTabPath(contract.id)}`;
  const metadata = { contract_id: String(attempt.contractId), milestone_id: String(milestone.id), attempt_id: String(attempt.id) };
  let session;
  try {
    session = await stripe.checkout.sessions.create(
      {
        mode: "payment",
        line_items: [
          {
            quantity: 1,
            price_data: { currency: attempt.currency, unit_amount: attempt.amountFen, product_data: { name: `${contract.title} · ${milestone.title}` } },
          },
        ],
        metadata,
        payment_intent_data: { metadata },
        client_reference_id: String(attempt.id),
        success_url: `${back}?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${back}?checkout=cancelled`,
      },
      { idempotencyKey: attempt.idempotencyKey },
    );
  } catch (err) {
    throw new CheckoutUnavailableError(err);
  }
  if (!session.url) throw new CheckoutUnavailableError(new Error("the session has no URL"));
  const url = session.url;
  writeTx(db, (tx) => {
    const after = tx
      .update(paymentAttempts)
      .set({
        stripeSessionId: session.id,
        checkoutUrl: url,
        expiresAt: session.expires_at ? new Date(session.expires_at * 1000).toISOString() : null,
        updatedAt: iso,
      })
      .where(and(eq(paymentAttempts.id, attempt.id), isNull(paymentAttempts.stripeSessionId)))
      .returning()
      .get();
    if (after)
      writeAudit(tx, { actor, action: "checkout:session", entity: "payment_attempt", entityId: attempt.id, before: attempt, after, requestId: opts.requestId });
  });
  return { kind: "redirect", url };
}
