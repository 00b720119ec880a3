import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "../../db/connection";
import { writeTx } from "../../db/connection";
import { amendContract, submitContract, updateContract } from "../../app/services/contract-filing.server";
import { appendLedgerEntry, appendPayment, appendRefund, commissionReversalDue, contractLedger, LedgerEntryError } from "../../app/services/ledger.server";
import { listMilestones } from "../../app/services/milestones.server";
import { handleStripeWebhook } from "../../app/services/stripe-webhooks.server";
import { createTestDb } from "../helpers/db";
import { childEnv, runScript } from "../helpers/run-script";
import { contractInput, makeContractWorld, ok, partiesOf, type ContractWorld, registerCleared } from "./contracts-fixtures";
import { MILESTONES, paidSession, refundedCharge, registeredContract, settings, signedEvent } from "./ledger-fixtures";

// The ledger: entries appended once, never changed; amounts computed from them; the command
// that prints a contract's position; milestones that survive an amendment.

let db: Db;
let file: string;
let cleanup: () => void;
let w: ContractWorld;

beforeEach(async () => {
  ({ db, file, cleanup } = createTestDb());
  w = await makeContractWorld(db);
});
afterEach(() => cleanup());

const at = "2026-05-01T02:00:00.000Z";

describe("appending", () => {
  it("refuses amounts that are not positive whole fen, and takes the same fact twice as one", () => {
    const c = registeredContract(db, w);
    const base = { kind: "payment" as const, contractId: c.id, source: "transfer" as const, sourceRef: "t-1", effectiveAt: at };
    for (const amountFen of [0, -1, 12.5, Number.NaN, 2 ** 53]) {
      expect(() => writeTx(db, (tx) => appendLedgerEntry(tx, { ...base, amountFen }))).toThrow(LedgerEntryError);
    }
    const first = writeTx(db, (tx) => appendLedgerEntry(tx, { ...base, amountFen: 1_00 }));
    const again = writeTx(db, (tx) => appendLedgerEntry(tx, { ...base, amountFen: 1_00 }));
    expect(first).toEqual({ recorded: true, id: first.id });
    expect(again).toEqual({ recorded: false, id: first.id });
    expect(() => writeTx(db, (tx) => appendLedgerEntry(tx, { ...base, amountFen: 2_00 }))).toThrow(/different amount/);
    expect(contractLedger(db, c.id)!.receivedFen).toBe(1_00);
  });

  it("accrues a fixed commission in proportion to the money received, floored, never above the fee", () => {
    const c = registeredContract(db, w, { commissionFixedFen: 100_000_00 });
    const pay = (ref: string, amountFen: number) =>
      writeTx(db, (tx) => appendPayment(tx, { contractId: c.id, amountFen, source: "transfer", sourceRef: ref, effectiveAt: at }));
    // 3,800,000 yuan in all: a third of a yuan's share is floored away.
    expect(pay("a", 1_000_000_00).commission).toMatchObject({ recorded: true });
    pay("b", 2_800_000_00);
    pay("c", 1_00);
    const commissions = db.$client.prepare("SELECT amount_fen FROM ledger_entries WHERE kind = 'commission' ORDER BY id").all();
    expect(commissions).toEqual([{ amount_fen: 26_315_78 }, { amount_fen: 73_684_22 }]);
    expect(contractLedger(db, c.id)!.commissionFen).toBe(100_000_00);
  });
});

describe("commission reversed by refunds", () => {
  it("is the accrued commission's share of the payment refunded so far, floored, never more than was accrued", () => {
    expect(commissionReversalDue(1_109, 33_333, 11_111, 0)).toBe(369);
    expect(commissionReversalDue(1_109, 33_333, 22_222, 369)).toBe(370);
    expect(commissionReversalDue(1_109, 33_333, 33_333, 739)).toBe(370);
    // More refunded than paid, or asked again after all was reversed: nothing beyond the accrual.
    expect(commissionReversalDue(1_109, 33_333, 40_000, 0)).toBe(1_109);
    expect(commissionReversalDue(1_109, 33_333, 33_333, 1_109)).toBe(0);
    expect(commissionReversalDue(0, 33_333, 33_333, 0)).toBe(0);
    // Amounts near 2^53 stay exact: the share is computed in BigInt.
    expect(commissionReversalDue(999_999_999_999, 9_999_999_999_999, 3_333_333_333_333, 0)).toBe(333_333_333_333);
  });

  it("is written with a transfer's refund, once, and a fixed fee is earned again on money paid after it", () => {
    const c = registeredContract(db, w, { commissionFixedFen: 100_000_00 });
    const pay = (ref: string, amountFen: number) =>
      writeTx(db, (tx) => appendPayment(tx, { contractId: c.id, amountFen, source: "transfer", sourceRef: ref, effectiveAt: at }));
    const refund = (ref: string, amountFen: number, of: string, refundedTotalFen: number, reversedBeforeFen: number) =>
      writeTx(db, (tx) =>
        appendRefund(
          tx,
          { contractId: c.id, amountFen, source: "transfer", sourceRef: ref, effectiveAt: at },
          { paymentSource: "transfer", paymentRef: of, refundedTotalFen, reversedBeforeFen },
        ),
      );
    pay("p1", 1_900_000_00); // half the contract value: 50,000 yuan of the fee
    expect(contractLedger(db, c.id)!.commissionFen).toBe(50_000_00);
    const first = refund("r1", 950_000_00, "p1", 950_000_00, 0);
    expect(first.reversal).toMatchObject({ recorded: true });
    expect(refund("r1", 950_000_00, "p1", 950_000_00, 0)).toEqual({
      refund: { recorded: false, id: first.refund.id },
      reversal: { recorded: false, id: first.reversal!.id },
    });
    expect(contractLedger(db, c.id)).toMatchObject({ receivedFen: 1_900_000_00, refundedFen: 950_000_00, commissionFen: 25_000_00 });
    // Paid up in full: the fee is earned in full, net of the reversal, and never more.
    pay("p2", 2_850_000_00);
    expect(contractLedger(db, c.id)!.commissionFen).toBe(100_000_00);
    const kinds = db.$client.prepare("SELECT kind, amount_fen AS fen FROM ledger_entries WHERE kind LIKE 'commission%' ORDER BY id").all();
    expect(kinds).toEqual([
      { kind: "commission", fen: 50_000_00 },
      { kind: "commission_reversal", fen: 25_000_00 },
      { kind: "commission", fen: 75_000_00 },
    ]);
  });
});

describe("milestones across an amendment", () => {
  it("keep their ids and what was received; a dropped one keeps its money in the total", () => {
    const c = registeredContract(db, w);
    const [first, second] = c.milestones;
    writeTx(db, (tx) => appendPayment(tx, { contractId: c.id, milestoneId: second, amountFen: 7_00, source: "transfer", sourceRef: "x", effectiveAt: at }));
    const amendment = ok(amendContract(db, w.broker.actor, c.id)).id;
    const terms = contractInput({
      ...partiesOf(db, w.buyerOrg.id, w.sellerOrg.id),
      milestones: [{ ...MILESTONES[0]!, amountFen: 3_800_000_00 }],
    });
    ok(updateContract(db, w.broker.actor, amendment, terms));
    ok(submitContract(db, w.broker.actor, amendment));
    ok(registerCleared(db, w.admin.actor, amendment, { intent: "register", registrationNo: "2026141199999999", acceptCodes: false }));
    const after = listMilestones(db, c.id);
    expect(after.map((m) => [m.id, m.contractId, m.amountFen, m.removedAt === null])).toEqual([
      [first, amendment, 3_800_000_00, true],
      [second, c.id, 3_750_000_00, false],
    ]);
    const ledger = contractLedger(db, amendment)!;
    expect(ledger.contractId).toBe(c.id);
    expect(ledger.receivedFen).toBe(7_00);
    expect(ledger.outstandingFen).toBe(3_800_000_00 - 7_00);
    expect(ledger.milestones.map((m) => [m.id, m.dueFen, m.receivedFen, m.removed])).toEqual([
      [first, 3_800_000_00, 0, false],
      [second, 0, 7_00, true],
    ]);
  });
});

describe("npm run -s ledger", () => {
  const run = (args: string[], databasePath: string) => runScript("app/cli/ledger.ts", args, { env: childEnv({ DATABASE_PATH: databasePath }) });

  it("prints one JSON line for a contract with a payment and a partial refund", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const c = registeredContract(db, w);
    const m = c.milestones[0]!;
    for (const e of [
      signedEvent("checkout.session.completed", paidSession(c.id, m, "pi_cli", 50_000_00)),
      signedEvent("charge.refunded", refundedCharge(c.id, m, "pi_cli", 50_000_00, 12_345_67)),
    ]) {
      expect(await handleStripeWebhook(db, e.body, e.signature, settings())).toMatchObject({ status: 200 });
    }
    const out = await run(["--contract", String(c.id)], file);
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const printed = JSON.parse(lines[0]!) as Record<string, unknown>;
    // Exactly these keys, whatever else the service computes (the commission, milestone titles).
    expect(Object.keys(printed)).toEqual(["contractId", "receivedFen", "refundedFen", "outstandingFen", "milestones"]);
    for (const milestone of printed.milestones as object[]) {
      expect(Object.keys(milestone)).toEqual(["id", "dueFen", "receivedFen", "refundedFen", "outstandingFen"]);
    }
    expect(printed).toMatchObject({
      contractId: c.id,
      receivedFen: 50_000_00,
      refundedFen: 12_345_67,
      outstandingFen: 3_800_000_00 - 50_000_00 + 12_345_67,
      milestones: [
        { id: m, dueFen: 50_000_00, receivedFen: 50_000_00, refundedFen: 12_345_67, outstandingFen: 12_345_67 },
        { id: c.milestones[1], dueFen: 3_750_000_00, receivedFen: 0, refundedFen: 0, outstandingFen: 3_750_000_00 },
      ],
    });
  }, 60_000);

  it("names the contract asked for and prints its family's figures for an amendment", async () => {
    const c = registeredContract(db, w);
    writeTx(db, (tx) =>
      appendPayment(tx, { contractId: c.id, milestoneId: c.milestones[0], amountFen: 9_00, source: "transfer", sourceRef: "a", effectiveAt: at }),
    );
    const amendment = ok(amendContract(db, w.broker.actor, c.id)).id;
    ok(updateContract(db, w.broker.actor, amendment, contractInput({ ...partiesOf(db, w.buyerOrg.id, w.sellerOrg.id), milestones: MILESTONES })));
    ok(submitContract(db, w.broker.actor, amendment));
    ok(registerCleared(db, w.admin.actor, amendment, { intent: "register", registrationNo: "2026141199999998", acceptCodes: false }));
    const out = await run(["--contract", String(amendment)], file);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ contractId: amendment, receivedFen: 9_00 });
  }, 60_000);

  it("refuses a bad id, an unknown contract and a missing database, creating nothing", async () => {
    const bad = await run(["--contract", "abc"], file);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/usage/);
    const unknown = await run(["--contract", "987654"], file);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/contract 987654 not found/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-ledger-cli-"));
    const missing = path.join(dir, "nowhere", "market.db");
    const none = await run(["--contract", "1"], missing);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toMatch(/Database not found/);
    expect(fs.existsSync(path.dirname(missing))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(bad.stdout + unknown.stdout + none.stdout).toBe("");
  }, 60_000);
});
