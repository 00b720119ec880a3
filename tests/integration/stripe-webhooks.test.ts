import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "../../db/connection";
import { auditEvents, ledgerEntries, paymentAttempts, stripeEvents } from "../../db/schema";
import { action } from "../../app/routes/webhooks.stripe";
import { contractLedger } from "../../app/services/ledger.server";
import { handleStripeWebhook } from "../../app/services/stripe-webhooks.server";
import { useAppDb } from "../helpers/app";
import { makeContractWorld, type ContractWorld } from "./contracts-fixtures";
import { WEBHOOK_SECRET, paidSession, refundedCharge, registeredContract, settings, signedEvent, succeededIntent } from "./ledger-fixtures";

// Stripe's events, signed by the Stripe library, applied to a real database file: each is
// applied once however often it comes, in whatever order, and a bad signature stores nothing.

vi.hoisted(() => {
  process.env.STRIPE_WEBHOOK_SECRET = "whsec_test_ledger_0123456789abcdef";
});

let db: Db;
let cleanup: () => void;
let w: ContractWorld;

beforeEach(async () => {
  ({ db, cleanup } = useAppDb());
  w = await makeContractWorld(db);
  vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const deliver = (e: { body: string; signature: string }, s = settings()) => handleStripeWebhook(db, e.body, e.signature, s);
const count = (table: typeof ledgerEntries | typeof stripeEvents) => db.select().from(table).all().length;
const entries = () => db.select().from(ledgerEntries).all();

describe("a payment", () => {
  it("delivered three times is applied once, with the broker's commission, audited as Stripe's", async () => {
    const c = registeredContract(db, w, { commissionRateBp: 333 });
    const e = signedEvent("checkout.session.completed", paidSession(c.id, c.milestones[0]!, "pi_three", 50_000_01));
    for (let i = 0; i < 3; i++) expect(await deliver(e)).toMatchObject({ status: 200 });
    expect(db.select().from(stripeEvents).all()).toHaveLength(1);
    const rows = entries();
    expect(rows.map((r) => [r.kind, r.amountFen, r.sourceRef, r.milestoneId])).toEqual([
      ["payment", 50_000_01, "pi_three", c.milestones[0]],
      // 333 bp of 5,000,001 fen is 166,500.03: floored to the fen.
      ["commission", 166_500, "pi_three", c.milestones[0]],
    ]);
    expect(rows[1]!.beneficiaryUserId).toBe(w.broker.actor.id);
    const audit = db.select().from(auditEvents).where(eq(auditEvents.action, "payment:record")).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorRole).toBe("system:stripe");
    expect(contractLedger(db, c.id)!.milestones[0]).toMatchObject({ dueFen: 50_000_00, receivedFen: 50_000_01, outstandingFen: 0 });
  });

  it("delivered concurrently twenty times is still one entry", async () => {
    const c = registeredContract(db, w);
    const e = signedEvent("payment_intent.succeeded", succeededIntent(c.id, c.milestones[0]!, "pi_burst", 10_000_00));
    const results = await Promise.all(Array.from({ length: 20 }, () => deliver(e)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.status === 200 && r.applied)).toHaveLength(1);
    expect(entries()).toHaveLength(1);
  });

  it("reported by checkout.session.completed and payment_intent.succeeded is one entry, whichever comes first", async () => {
    const c = registeredContract(db, w);
    const m = c.milestones[1]!;
    await deliver(signedEvent("payment_intent.succeeded", succeededIntent(c.id, m, "pi_both", 20_000_00)));
    await deliver(signedEvent("checkout.session.completed", paidSession(c.id, m, "pi_both", 20_000_00)));
    await deliver(signedEvent("checkout.session.completed", paidSession(c.id, m, "pi_other", 30_000_00)));
    await deliver(signedEvent("payment_intent.succeeded", succeededIntent(c.id, m, "pi_other", 30_000_00)));
    expect(entries().map((r) => [r.kind, r.sourceRef, r.amountFen])).toEqual([
      ["payment", "pi_both", 20_000_00],
      ["payment", "pi_other", 30_000_00],
    ]);
    expect(db.select().from(stripeEvents).all()).toHaveLength(4);
  });

  it("completed but unpaid (a delayed method) records nothing until its PaymentIntent succeeds", async () => {
    const c = registeredContract(db, w);
    await deliver(signedEvent("checkout.session.completed", paidSession(c.id, c.milestones[0]!, "pi_later", 1_00, { payment_status: "unpaid" })));
    expect(entries()).toHaveLength(0);
    await deliver(signedEvent("payment_intent.succeeded", succeededIntent(c.id, c.milestones[0]!, "pi_later", 1_00)));
    expect(entries()).toHaveLength(1);
  });
});

describe("refunds", () => {
  it("arriving before their payment, twice and out of order, end in the right amounts", async () => {
    const c = registeredContract(db, w);
    const m = c.milestones[0]!;
    const firstRefund = signedEvent("charge.refunded", refundedCharge(c.id, m, "pi_r", 50_000_00, 20_000_00));
    const secondRefund = signedEvent("charge.refunded", refundedCharge(c.id, m, "pi_r", 50_000_00, 30_000_00));
    await deliver(secondRefund);
    await deliver(firstRefund);
    await deliver(signedEvent("checkout.session.completed", paidSession(c.id, m, "pi_r", 50_000_00)));
    await deliver(firstRefund);
    await deliver(secondRefund);
    const ledger = contractLedger(db, c.id)!;
    expect(ledger).toMatchObject({ receivedFen: 50_000_00, refundedFen: 30_000_00 });
    expect(ledger.milestones[0]).toMatchObject({ dueFen: 50_000_00, receivedFen: 50_000_00, refundedFen: 30_000_00, outstandingFen: 30_000_00 });
    expect(ledger.outstandingFen).toBe(3_800_000_00 - 50_000_00 + 30_000_00);
  });

  it("in order add only what the running total adds", async () => {
    const c = registeredContract(db, w);
    const m = c.milestones[0]!;
    await deliver(signedEvent("checkout.session.completed", paidSession(c.id, m, "pi_s", 40_000_00)));
    await deliver(signedEvent("charge.refunded", refundedCharge(c.id, m, "pi_s", 40_000_00, 10_000_00)));
    await deliver(signedEvent("charge.refunded", refundedCharge(c.id, m, "pi_s", 40_000_00, 40_000_00)));
    expect(
      entries()
        .filter((r) => r.kind === "refund")
        .map((r) => [r.amountFen, r.sourceRef]),
    ).toEqual([
      [10_000_00, "ch_pi_s:1000000"],
      [30_000_00, "ch_pi_s:4000000"],
    ]);
  });
});

describe("a refund reverses the broker's commission", () => {
  const kinds = (kind: string) =>
    entries()
      .filter((r) => r.kind === kind)
      .map((r) => [r.amountFen, r.sourceRef, r.beneficiaryUserId]);

  it("entirely when the whole payment is refunded", async () => {
    const c = registeredContract(db, w, { commissionRateBp: 333 });
    const m = c.milestones[0]!;
    await deliver(signedEvent("checkout.session.completed", paidSession(c.id, m, "pi_full", 50_000_00)));
    expect(contractLedger(db, c.id)!.commissionFen).toBe(166_500);
    await deliver(signedEvent("charge.refunded", refundedCharge(c.id, m, "pi_full", 50_000_00, 50_000_00)));
    expect(kinds("commission_reversal")).toEqual([[166_500, "ch_pi_full:5000000", w.broker.user.id]]);
    expect(contractLedger(db, c.id)).toMatchObject({ receivedFen: 50_000_00, refundedFen: 50_000_00, commissionFen: 0 });
  });

  it("by the refunded share, floored to the fen on the running total, all of it once the rest is refunded", async () => {
    // 3.33 % of 333.33 yuan accrues 11.09 yuan; a third refunded takes back floor(1109 × 11111 / 33333) = 369 fen.
    const c = registeredContract(db, w, { commissionRateBp: 333 });
    const m = c.milestones[0]!;
    await deliver(signedEvent("checkout.session.completed", paidSession(c.id, m, "pi_part", 333_33)));
    expect(contractLedger(db, c.id)!.commissionFen).toBe(11_09);
    await deliver(signedEvent("charge.refunded", refundedCharge(c.id, m, "pi_part", 333_33, 111_11)));
    await deliver(signedEvent("charge.refunded", refundedCharge(c.id, m, "pi_part", 333_33, 222_22)));
    expect(kinds("commission_reversal").map(([fen]) => fen)).toEqual([3_69, 3_70]);
    expect(contractLedger(db, c.id)!.commissionFen).toBe(11_09 - 7_39);
    await deliver(signedEvent("charge.refunded", refundedCharge(c.id, m, "pi_part", 333_33, 333_33)));
    expect(kinds("commission_reversal").map(([fen]) => fen)).toEqual([3_69, 3_70, 3_70]);
    expect(contractLedger(db, c.id)!.commissionFen).toBe(0);
  });

  it("once when the same refund is delivered twice, as two events or one event again", async () => {
    const c = registeredContract(db, w, { commissionRateBp: 1_000 });
    const m = c.milestones[0]!;
    await deliver(signedEvent("checkout.session.completed", paidSession(c.id, m, "pi_twice", 40_000_00)));
    const refund = signedEvent("charge.refunded", refundedCharge(c.id, m, "pi_twice", 40_000_00, 10_000_00));
    await deliver(refund);
    await deliver(refund);
    await deliver(signedEvent("charge.refunded", refundedCharge(c.id, m, "pi_twice", 40_000_00, 10_000_00)));
    expect(kinds("refund")).toEqual([[10_000_00, "ch_pi_twice:1000000", null]]);
    expect(kinds("commission_reversal")).toEqual([[1_000_00, "ch_pi_twice:1000000", w.broker.user.id]]);
    expect(contractLedger(db, c.id)!.commissionFen).toBe(4_000_00 - 1_000_00);
  });

  it("also when the refund overtakes its payment: the charge records the payment and its commission first", async () => {
    const c = registeredContract(db, w, { commissionRateBp: 1_000 });
    const m = c.milestones[0]!;
    const created = Math.floor(Date.parse("2026-05-01T02:00:00Z") / 1000);
    await deliver(signedEvent("charge.refunded", { ...refundedCharge(c.id, m, "pi_early", 40_000_00, 40_000_00), created, paid: true }));
    await deliver(signedEvent("checkout.session.completed", paidSession(c.id, m, "pi_early", 40_000_00)));
    await deliver(signedEvent("payment_intent.succeeded", succeededIntent(c.id, m, "pi_early", 40_000_00)));
    expect(kinds("payment")).toEqual([[40_000_00, "pi_early", null]]);
    expect(entries().find((r) => r.kind === "payment")!.effectiveAt).toBe("2026-05-01T02:00:00.000Z");
    expect(kinds("commission")).toEqual([[4_000_00, "pi_early", w.broker.user.id]]);
    expect(kinds("commission_reversal")).toEqual([[4_000_00, "ch_pi_early:4000000", w.broker.user.id]]);
    expect(contractLedger(db, c.id)).toMatchObject({ receivedFen: 40_000_00, refundedFen: 40_000_00, commissionFen: 0 });
  });

  it("not at all where no commission accrued (no broker's fee on the contract)", async () => {
    const c = registeredContract(db, w);
    const m = c.milestones[0]!;
    await deliver(signedEvent("checkout.session.completed", paidSession(c.id, m, "pi_nofee", 40_000_00)));
    await deliver(signedEvent("charge.refunded", refundedCharge(c.id, m, "pi_nofee", 40_000_00, 40_000_00)));
    expect(kinds("commission_reversal")).toEqual([]);
    expect(contractLedger(db, c.id)).toMatchObject({ refundedFen: 40_000_00, commissionFen: 0 });
  });
});

describe("what is refused or ignored", () => {
  it("a wrong secret, a tampered body, no header, a stale or a future signature: 400, nothing stored", async () => {
    const c = registeredContract(db, w);
    const object = paidSession(c.id, c.milestones[0]!, "pi_bad", 1_000_00);
    const now = Math.floor(Date.now() / 1000);
    const good = signedEvent("checkout.session.completed", object);
    const cases = [
      signedEvent("checkout.session.completed", object, { secret: "whsec_someone_else_entirely" }),
      { body: good.body.replace("100000", "900000"), signature: good.signature },
      { body: JSON.stringify(JSON.parse(good.body), null, 2), signature: good.signature },
      { body: good.body, signature: "" },
      signedEvent("checkout.session.completed", object, { timestamp: now - 301 }),
      signedEvent("checkout.session.completed", object, { timestamp: now + 3600 }),
      signedEvent("checkout.session.completed", object, { livemode: true }),
    ];
    for (const [i, e] of cases.entries()) expect({ i, ...(await deliver(e)) }).toMatchObject({ i, status: 400 });
    expect(await deliver(good, settings({ webhookSecret: undefined }))).toEqual({ status: 400, reason: "not_configured" });
    expect(count(stripeEvents)).toBe(0);
    expect(count(ledgerEntries)).toBe(0);
    expect(await deliver(signedEvent("checkout.session.completed", object, { timestamp: now - 299 }))).toMatchObject({ status: 200 });
    expect(count(ledgerEntries)).toBe(1);
  });

  it("an unknown type is acknowledged, recorded once and changes nothing", async () => {
    const e = signedEvent("customer.created", { id: "cus_1", object: "customer" });
    expect(await deliver(e)).toEqual({ status: 200, applied: true });
    expect(await deliver(e)).toEqual({ status: 200, applied: false });
    expect(db.select().from(stripeEvents).all()).toMatchObject([{ eventId: e.id, type: "customer.created" }]);
    expect(count(ledgerEntries)).toBe(0);
  });

  it("a failed payment is kept on its attempt, and a later success moves it to paid, never back", async () => {
    const c = registeredContract(db, w);
    const m = c.milestones[0]!;
    const attempt = db
      .insert(paymentAttempts)
      .values({
        contractId: c.id,
        milestoneId: m,
        amountFen: 50_000_00,
        currency: "cny",
        idempotencyKey: "k-failed",
        stripeSessionId: "cs_f",
        createdBy: w.buyer.actor.id,
      })
      .returning()
      .get();
    const metadata = { contract_id: String(c.id), milestone_id: String(m), attempt_id: String(attempt.id) };
    const failed = { ...succeededIntent(c.id, m, "pi_f", 50_000_00), status: "requires_payment_method", amount_received: 0, metadata };
    await deliver(signedEvent("payment_intent.payment_failed", { ...failed, last_payment_error: { message: "Your card was declined." } }));
    expect(db.select().from(paymentAttempts).where(eq(paymentAttempts.id, attempt.id)).get()).toMatchObject({
      status: "failed",
      failureMessage: "Your card was declined.",
      paymentIntentId: "pi_f",
    });
    expect(count(ledgerEntries)).toBe(0);
    await deliver(signedEvent("payment_intent.succeeded", { ...succeededIntent(c.id, m, "pi_f", 50_000_00), metadata }));
    await deliver(signedEvent("payment_intent.payment_failed", { ...failed, last_payment_error: { message: "late" } }));
    expect(db.select().from(paymentAttempts).where(eq(paymentAttempts.id, attempt.id)).get()).toMatchObject({ status: "paid", failureMessage: null });
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, "checkout:failed")).all()).toHaveLength(1);
  });
});

describe("an abandoned Checkout", () => {
  it("expires its open attempt, and a late expiry never undoes a payment", async () => {
    const c = registeredContract(db, w);
    const m = c.milestones[0]!;
    const open = (key: string, session: string) =>
      db
        .insert(paymentAttempts)
        .values({
          contractId: c.id,
          milestoneId: m,
          amountFen: 50_000_00,
          currency: "cny",
          idempotencyKey: key,
          stripeSessionId: session,
          createdBy: w.buyer.actor.id,
        })
        .returning()
        .get();
    const left = open("k-left", "cs_left");
    const paid = open("k-paid", "cs_paid");
    await deliver(signedEvent("checkout.session.completed", { ...paidSession(c.id, m, "pi_paid", 50_000_00), id: "cs_paid" }));
    for (const id of ["cs_left", "cs_paid"])
      await deliver(signedEvent("checkout.session.expired", { id, object: "checkout.session", status: "expired", metadata: {} }));
    const status = (id: number) => db.select().from(paymentAttempts).where(eq(paymentAttempts.id, id)).get()!.status;
    expect([status(left.id), status(paid.id)]).toEqual(["expired", "paid"]);
  });
});

describe("the ledger", () => {
  it("refuses updates and deletes of its entries", async () => {
    const c = registeredContract(db, w);
    await deliver(signedEvent("payment_intent.succeeded", succeededIntent(c.id, c.milestones[0]!, "pi_fixed", 1_00)));
    expect(() => db.$client.prepare("UPDATE ledger_entries SET amount_fen = 2").run()).toThrow(/append-only/);
    expect(() => db.$client.prepare("DELETE FROM ledger_entries").run()).toThrow(/append-only/);
    expect(() => db.$client.prepare("UPDATE ledger_entries SET amount_fen = 1.5").run()).toThrow();
    expect(entries()).toMatchObject([{ amountFen: 1_00 }]);
  });
});

describe("a fault while applying an event", () => {
  it("rolls back everything, the event id included, so the redelivery is applied once", async () => {
    const c = registeredContract(db, w);
    const e = signedEvent("checkout.session.completed", paidSession(c.id, c.milestones[0]!, "pi_fault", 3_00));
    db.$client.exec("CREATE TEMP TRIGGER fail_ledger BEFORE INSERT ON ledger_entries BEGIN SELECT RAISE(ABORT, 'disk trouble'); END");
    await expect(deliver(e)).rejects.toThrow(/disk trouble/);
    expect(count(stripeEvents)).toBe(0);
    db.$client.exec("DROP TRIGGER fail_ledger");
    expect(await deliver(e)).toEqual({ status: 200, applied: true });
    expect(await deliver(e)).toEqual({ status: 200, applied: false });
    expect(entries()).toHaveLength(1);
  });
});

describe("POST /webhooks/stripe", () => {
  const post = (body: string, signature?: string) =>
    action({
      request: new Request("http://localhost/webhooks/stripe", {
        method: "POST",
        body,
        headers: { "Content-Type": "application/json", ...(signature ? { "Stripe-Signature": signature } : {}) },
      }),
      params: {},
      context: { cspNonce: "" },
    });

  it("reads the raw body, answers 200 for a good signature and 400 otherwise", async () => {
    expect(process.env.STRIPE_WEBHOOK_SECRET).toBe(WEBHOOK_SECRET);
    const c = registeredContract(db, w);
    const e = signedEvent("checkout.session.completed", paidSession(c.id, c.milestones[0]!, "pi_route", 7_00));
    const ok = await post(e.body, e.signature);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ received: true, applied: true });
    expect((await post(e.body)).status).toBe(400);
    expect((await post(e.body, e.signature)).status).toBe(200);
    expect(count(ledgerEntries)).toBe(1);
  });

  it("answers 503 when the event cannot be applied, so Stripe delivers it again", async () => {
    const c = registeredContract(db, w);
    const e = signedEvent("checkout.session.completed", paidSession(c.id, c.milestones[0]!, "pi_503", 8_00));
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    db.$client.exec("CREATE TEMP TRIGGER fail_ledger BEFORE INSERT ON ledger_entries BEGIN SELECT RAISE(ABORT, 'disk trouble'); END");
    const res = await post(e.body, e.signature);
    db.$client.exec("DROP TRIGGER fail_ledger");
    expect(res.status).toBe(503);
    expect(error).toHaveBeenCalledTimes(1);
    expect((await post(e.body, e.signature)).status).toBe(200);
    expect(count(ledgerEntries)).toBe(1);
  });
});
