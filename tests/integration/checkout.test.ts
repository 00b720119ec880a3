import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/connection";
import { paymentAttempts } from "../../db/schema";
import { CheckoutUnavailableError, startMilestoneCheckout, type CheckoutInput } from "../../app/services/checkout.server";
import { apiBaseOptions } from "../../app/services/stripe.server";
import { applyStripeEvent, handleStripeWebhook } from "../../app/services/stripe-webhooks.server";
import { contractLedger } from "../../app/services/ledger.server";
import type { Actor } from "../../app/services/actor";
import { useAppDb } from "../helpers/app";
import { makeContractWorld, type ContractWorld } from "./contracts-fixtures";
import { paidSession, refundedCharge, registeredContract, settings, signedEvent } from "./ledger-fixtures";

// Checkout against a local HTTP server standing in for Stripe's API: the client is pointed at
// it with host, port and protocol, and the test reads exactly what the platform asked for.

type Seen = { method: string; path: string; idempotencyKey: string | undefined; form: URLSearchParams };

let seen: Seen[] = [];
let failNext = 0;
let created = 0;
const replies = new Map<string, string>();
const intentMetadata = new Map<string, Record<string, string>>();
let server: http.Server;
let apiBase: string;

function standIn(req: http.IncomingMessage, res: http.ServerResponse): void {
  let body = "";
  req.on("data", (c: Buffer) => (body += c.toString()));
  req.on("end", () => {
    const key = req.headers["idempotency-key"] as string | undefined;
    seen.push({ method: req.method!, path: req.url!, idempotencyKey: key, form: new URLSearchParams(body) });
    res.setHeader("Content-Type", "application/json");
    const intent = /^\/v1\/payment_intents\/(pi_\w+)/.exec(req.url!)?.[1];
    if (req.method === "GET" && intent) {
      return void res.end(JSON.stringify({ id: intent, object: "payment_intent", metadata: intentMetadata.get(intent) ?? {} }));
    }
    if (failNext > 0) {
      failNext--;
      res.statusCode = 500;
      return void res.end(JSON.stringify({ error: { type: "api_error", message: "stand-in failure" } }));
    }
    // Like Stripe: the same idempotency key replays the first answer instead of making another session.
    const replay = key ? replies.get(key) : undefined;
    if (replay) return void res.end(replay);
    const id = `cs_test_${++created}`;
    const reply = JSON.stringify({
      id,
      object: "checkout.session",
      url: `https://checkout.stripe.test/c/pay/${id}`,
      expires_at: 4_102_444_800,
      payment_intent: null,
    });
    if (key) replies.set(key, reply);
    res.end(reply);
  });
}

beforeAll(async () => {
  server = http.createServer(standIn);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  apiBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let db: Db;
let cleanup: () => void;
let w: ContractWorld;

beforeEach(async () => {
  ({ db, cleanup } = useAppDb());
  w = await makeContractWorld(db);
  seen = [];
  failNext = 0;
});
afterEach(() => cleanup());

const origin = "https://market.lvliang.example";
let keySerial = 0;
const freshKey = () => `attempt-${++keySerial}-0123456789`;
const pay = (actor: Actor, input: CheckoutInput, s = settings({ apiBase })) => startMilestoneCheckout(db, actor, input, { origin, settings: s });

describe("opening a Checkout Session", () => {
  it("asks Stripe for the outstanding amount in the configured currency, with the contract, the milestone and an idempotency key", async () => {
    const c = registeredContract(db, w);
    const attemptKey = freshKey();
    const result = await pay(w.buyer.actor, { contractId: c.id, milestoneId: c.milestones[0]!, attemptKey });
    expect(result).toEqual({ kind: "redirect", url: "https://checkout.stripe.test/c/pay/cs_test_1" });
    expect(seen).toHaveLength(1);
    const [r] = seen;
    expect(r!.method).toBe("POST");
    expect(r!.path).toBe("/v1/checkout/sessions");
    const attempt = db.select().from(paymentAttempts).get()!;
    expect(r!.idempotencyKey).toBe(attempt.idempotencyKey);
    expect(attempt.idempotencyKey).toContain(attemptKey);
    const f = Object.fromEntries(r!.form);
    expect(f).toMatchObject({
      mode: "payment",
      "line_items[0][quantity]": "1",
      "line_items[0][price_data][currency]": "cny",
      "line_items[0][price_data][unit_amount]": "5000000",
      "metadata[contract_id]": String(c.id),
      "metadata[milestone_id]": String(c.milestones[0]),
      "metadata[attempt_id]": String(attempt.id),
      "payment_intent_data[metadata][contract_id]": String(c.id),
      "payment_intent_data[metadata][attempt_id]": String(attempt.id),
      client_reference_id: String(attempt.id),
      success_url: `${origin}/contracts/${c.id}/payments?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${origin}/contracts/${c.id}/payments?checkout=cancelled`,
    });
    expect(attempt).toMatchObject({ status: "open", amountFen: 50_000_00, currency: "cny", stripeSessionId: "cs_test_1", contractId: c.id });
  });

  it("makes one session for a double click, sent one after the other or both at once", async () => {
    const c = registeredContract(db, w);
    const input = { contractId: c.id, milestoneId: c.milestones[0]!, attemptKey: freshKey() };
    const first = await pay(w.buyer.actor, input);
    const again = await pay(w.buyer.actor, input);
    expect(again).toEqual(first);
    expect(seen).toHaveLength(1);
    const both = { ...input, attemptKey: freshKey() };
    const [a, b] = await Promise.all([pay(w.buyer.actor, both), pay(w.buyer.actor, both)]);
    expect(a).toEqual(b);
    expect(new Set(seen.map((s) => s.idempotencyKey)).size).toBe(2);
    expect(db.select().from(paymentAttempts).all()).toHaveLength(2);
  });

  it("sends the same idempotency key again when Stripe failed, and reports the failure", async () => {
    const c = registeredContract(db, w);
    const input = { contractId: c.id, milestoneId: c.milestones[0]!, attemptKey: freshKey() };
    failNext = 10;
    await expect(pay(w.buyer.actor, input)).rejects.toBeInstanceOf(CheckoutUnavailableError);
    failNext = 0;
    const result = await pay(w.buyer.actor, input);
    expect(result.kind).toBe("redirect");
    expect(new Set(seen.map((s) => s.idempotencyKey)).size).toBe(1);
    expect(db.select().from(paymentAttempts).all()).toMatchObject([{ stripeSessionId: expect.stringMatching(/^cs_test_/) }]);
  }, 30_000);
});

describe("when the milestone goes by transfer", () => {
  it("refuses a milestone above one Stripe charge and offers the transfer, without calling Stripe", async () => {
    const c = registeredContract(db, w);
    expect(await pay(w.buyer.actor, { contractId: c.id, milestoneId: c.milestones[1]!, attemptKey: freshKey() })).toEqual({
      kind: "transfer_only",
      reason: "over_limit",
    });
    const atLimit = registeredContract(db, w, {
      contractValueFen: 99_999_999 + 1_00,
      otherFen: 99_999_999,
      milestones: [
        { title: "一次付清", dueOn: "2026-05-01", amountFen: 99_999_999 },
        { title: "尾款", dueOn: "2026-06-01", amountFen: 1_00 },
      ],
    });
    expect((await pay(w.buyer.actor, { contractId: atLimit.id, milestoneId: atLimit.milestones[0]!, attemptKey: freshKey() })).kind).toBe("redirect");
    expect(seen).toHaveLength(1);
  });

  it("says online payment is off without a Stripe key, and that nothing is owed once paid", async () => {
    const c = registeredContract(db, w);
    const input = { contractId: c.id, milestoneId: c.milestones[0]!, attemptKey: freshKey() };
    expect(await pay(w.buyer.actor, input, settings({ apiBase, secretKey: undefined }))).toEqual({ kind: "transfer_only", reason: "not_configured" });
    applyStripeEvent(db, {
      id: "evt_paid_in_full",
      object: "event",
      type: "checkout.session.completed",
      created: 1_780_000_000,
      livemode: false,
      data: { object: paidSession(c.id, c.milestones[0]!, "pi_full", 50_000_00) },
    } as never);
    expect(await pay(w.buyer.actor, input)).toEqual({ kind: "transfer_only", reason: "nothing_outstanding" });
    expect(seen).toHaveLength(0);
  });
});

describe("a refund that comes before its payment and names nothing of ours", () => {
  it("is attributed through its PaymentIntent's metadata, fetched from Stripe", async () => {
    const c = registeredContract(db, w);
    const m = c.milestones[0]!;
    expect((await pay(w.buyer.actor, { contractId: c.id, milestoneId: m, attemptKey: freshKey() })).kind).toBe("redirect");
    const attempt = db.select().from(paymentAttempts).get()!;
    intentMetadata.set("pi_early", { contract_id: String(c.id), milestone_id: String(m), attempt_id: String(attempt.id) });
    const s = settings({ apiBase });
    const refund = signedEvent("charge.refunded", { ...refundedCharge(c.id, m, "pi_early", 50_000_00, 5_000_00), metadata: {} });
    expect(await handleStripeWebhook(db, refund.body, refund.signature, s)).toEqual({ status: 200, applied: true });
    expect(seen.filter((r) => r.method === "GET").map((r) => r.path)).toEqual(["/v1/payment_intents/pi_early"]);
    const session = { ...paidSession(c.id, m, "pi_early", 50_000_00), id: attempt.stripeSessionId, metadata: {} };
    const paid = signedEvent("checkout.session.completed", session);
    expect(await handleStripeWebhook(db, paid.body, paid.signature, s)).toEqual({ status: 200, applied: true });
    expect(contractLedger(db, c.id)!.milestones[0]).toMatchObject({ receivedFen: 50_000_00, refundedFen: 5_000_00, outstandingFen: 5_000_00 });
    expect(db.select().from(paymentAttempts).get()).toMatchObject({ status: "paid", paymentIntentId: "pi_early" });
  });
});

describe("who may pay", () => {
  it("is the buyer's members only: the seller, another company, the broker and the Bureau find nothing", async () => {
    const c = registeredContract(db, w);
    for (const actor of [w.seller.actor, w.other.actor, w.broker.actor, w.admin.actor]) {
      expect(await pay(actor, { contractId: c.id, milestoneId: c.milestones[0]!, attemptKey: freshKey() })).toEqual({ kind: "not_found" });
    }
    const elsewhere = registeredContract(db, w);
    expect(await pay(w.buyer.actor, { contractId: c.id, milestoneId: elsewhere.milestones[0]!, attemptKey: freshKey() })).toEqual({ kind: "not_found" });
    expect(seen).toHaveLength(0);
    expect(db.select().from(paymentAttempts).all()).toHaveLength(0);
  });
});

describe("the API address", () => {
  it("becomes the library's host, port and protocol", () => {
    expect(apiBaseOptions("http://127.0.0.1:12111")).toEqual({ host: "127.0.0.1", port: "12111", protocol: "http" });
    expect(apiBaseOptions("https://stripe.internal")).toEqual({ host: "stripe.internal", port: 443, protocol: "https" });
    expect(apiBaseOptions(undefined)).toEqual({});
  });
});
