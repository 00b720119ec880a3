import Stripe from "stripe";
import type { Db } from "../../db/connection";
import type { Milestone } from "../../db/schema";
import type { ContractInput } from "../../app/schemas/contracts";
import { createContract, submitContract } from "../../app/services/contract-filing.server";
import { listMilestones } from "../../app/services/milestones.server";
import type { StripeSettings } from "../../app/services/stripe.server";
import { contractInput, ok, partiesOf, type ContractWorld, registerCleared } from "./contracts-fixtures";

export const WEBHOOK_SECRET = "whsec_test_ledger_0123456789abcdef";
export const SECRET_KEY = "sk_test_ledger_0123456789abcdef";

export const settings = (overrides: Partial<StripeSettings> = {}): StripeSettings => ({
  secretKey: SECRET_KEY,
  webhookSecret: WEBHOOK_SECRET,
  currency: "cny",
  ...overrides,
});

export const MILESTONES: Milestone[] = [
  { title: "首付款", dueOn: "2026-04-01", amountFen: 50_000_00 },
  { title: "验收款", dueOn: "2026-12-31", amountFen: 3_750_000_00 },
];

let serial = 0;

/** A contract between the world's buyer and seller through its broker, registered; returns its id and milestone ids. */
export function registeredContract(db: Db, w: ContractWorld, overrides: Partial<ContractInput> = {}): { id: number; milestones: number[] } {
  const input = contractInput({ ...partiesOf(db, w.buyerOrg.id, w.sellerOrg.id), milestones: MILESTONES, ...overrides });
  const id = ok(createContract(db, w.broker.actor, input)).id;
  ok(submitContract(db, w.broker.actor, id));
  const registrationNo = `2026141199${String(++serial).padStart(6, "0")}`;
  ok(registerCleared(db, w.admin.actor, id, { intent: "register", registrationNo, acceptCodes: false }));
  return { id, milestones: listMilestones(db, id).map((m) => m.id) };
}

let eventSerial = 0;

/** A Stripe event as Stripe sends it, with its body and a signature made by the Stripe library. */
export function signedEvent(
  type: string,
  object: Record<string, unknown>,
  opts: { id?: string; secret?: string; timestamp?: number; livemode?: boolean } = {},
): { id: string; body: string; signature: string } {
  const id = opts.id ?? `evt_test_${++eventSerial}_${Date.now()}`;
  const body = JSON.stringify({
    id,
    object: "event",
    api_version: "2025-01-27.acacia",
    created: Math.floor(Date.now() / 1000),
    livemode: opts.livemode ?? false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  });
  const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: opts.secret ?? WEBHOOK_SECRET, timestamp: opts.timestamp });
  return { id, body, signature };
}

export const paidSession = (contractId: number, milestoneId: number, pi: string, amountFen: number, extra: Record<string, unknown> = {}) => ({
  id: `cs_test_${pi}`,
  object: "checkout.session",
  mode: "payment",
  payment_status: "paid",
  status: "complete",
  amount_total: amountFen,
  currency: "cny",
  payment_intent: pi,
  metadata: { contract_id: String(contractId), milestone_id: String(milestoneId) },
  ...extra,
});

export const succeededIntent = (contractId: number, milestoneId: number, pi: string, amountFen: number) => ({
  id: pi,
  object: "payment_intent",
  status: "succeeded",
  amount: amountFen,
  amount_received: amountFen,
  currency: "cny",
  metadata: { contract_id: String(contractId), milestone_id: String(milestoneId) },
});

export const refundedCharge = (contractId: number, milestoneId: number, pi: string, amountFen: number, refundedFen: number) => ({
  id: `ch_${pi}`,
  object: "charge",
  amount: amountFen,
  amount_refunded: refundedFen,
  refunded: refundedFen === amountFen,
  currency: "cny",
  payment_intent: pi,
  metadata: { contract_id: String(contractId), milestone_id: String(milestoneId) },
});
