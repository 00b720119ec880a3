import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { auditEvents, bankTransfers, ledgerEntries, notifications, paymentReceipts } from "../../db/schema";
import type { TransferInput } from "../../app/schemas/payments";
import { transferSchema } from "../../app/schemas/payments";
import { amendContract, createContract, submitContract, updateContract } from "../../app/services/contract-filing.server";
import { contractLedger } from "../../app/services/ledger.server";
import { listMilestones } from "../../app/services/milestones.server";
import { recordTransfer, rejectTransfer, verifyTransfer } from "../../app/services/transfers.server";
import { useAppDb } from "../helpers/app";
import { contractInput, makeContractWorld, ok, partiesOf, type ContractWorld, registerCleared } from "./contracts-fixtures";

// 银行转账: who may record one, what amount, with what receipt; the Bureau decides once, and
// only a verified transfer reaches the ledger, once.

let db: Db;
let cleanup: () => void;
let w: ContractWorld;
let filesDir: string;
let serial = 0;

beforeEach(async () => {
  ({ db, cleanup } = useAppDb());
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-receipts-"));
  process.env.FILES_DIR = filesDir;
  w = await makeContractWorld(db);
});
afterEach(() => {
  cleanup();
  fs.rmSync(filesDir, { recursive: true, force: true });
  delete process.env.FILES_DIR;
});

const MILESTONES = [
  { title: "首付款", dueOn: "2026-04-01", amountFen: 1_000_000_00 },
  { title: "验收款", dueOn: "2026-12-31", amountFen: 2_800_000_00 },
];

/** A contract between the world's parties through its broker, registered with two milestones. */
function registered(): number {
  const id = ok(createContract(db, w.broker.actor, contractInput({ ...partiesOf(db, w.buyerOrg.id, w.sellerOrg.id), milestones: MILESTONES }))).id;
  ok(submitContract(db, w.broker.actor, id));
  const registrationNo = `2026141100${String(++serial).padStart(6, "0")}`;
  ok(registerCleared(db, w.admin.actor, id, { intent: "register", registrationNo, acceptCodes: false }));
  return id;
}

const firstMilestone = (contractId: number) => listMilestones(db, contractId)[0]!.id;

const PDF = { name: "回单.pdf", bytes: new Uint8Array(Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")) };
const PNG = { name: "receipt.png", bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]) };

function input(milestoneId: number, overrides: Partial<Record<keyof TransferInput, string>> = {}): TransferInput {
  return transferSchema.parse({
    milestoneId: String(milestoneId),
    amountYuan: "300000",
    receivedOn: "2026-04-02",
    payerName: "孝义市鹏瑞煤焦化工集团有限公司",
    bankReference: `CCB2026040${++serial}`,
    ...overrides,
  });
}

const filesOnDisk = () => fs.readdirSync(filesDir).length;
const ledgerRows = () => db.select().from(ledgerEntries).all();

describe("recording a transfer", () => {
  it("lets the seller's members and the contract's broker record, each as what they are", () => {
    const id = registered();
    const m = firstMilestone(id);
    const bySeller = recordTransfer(db, w.seller.actor, id, input(m), PDF);
    const byBroker = recordTransfer(db, w.broker.actor, id, input(m, { amountYuan: "1000.5" }), PNG);
    expect(bySeller.ok && byBroker.ok).toBe(true);
    const rows = db.select().from(bankTransfers).all();
    expect(rows.map((r) => [r.recordedAs, r.amountFen, r.status])).toEqual([
      ["seller", 30_000_000, "pending"],
      ["broker", 100_050, "pending"],
    ]);
    expect(db.select().from(paymentReceipts).all()).toHaveLength(2);
    expect(filesOnDisk()).toBe(2);
    // Recorded is not received: nothing reaches the ledger before the Bureau verifies.
    expect(ledgerRows()).toHaveLength(0);
  });

  it("refuses the buyer, another organisation, another broker and the Bureau, and audits each refusal", () => {
    const id = registered();
    const m = firstMilestone(id);
    expect(recordTransfer(db, w.buyer.actor, id, input(m), PDF)).toEqual({ ok: false, error: "forbidden" });
    expect(recordTransfer(db, w.other.actor, id, input(m), PDF)).toEqual({ ok: false, error: "not_found" });
    expect(recordTransfer(db, w.otherBroker.actor, id, input(m), PDF)).toEqual({ ok: false, error: "not_found" });
    expect(recordTransfer(db, w.admin.actor, id, input(m), PDF)).toEqual({ ok: false, error: "forbidden" });
    expect(db.select().from(bankTransfers).all()).toHaveLength(0);
    expect(filesOnDisk()).toBe(0);
    const denied = db.select().from(auditEvents).where(eq(auditEvents.action, "denied:record_transfer")).all();
    expect(denied).toHaveLength(4);
  });

  it("refuses a contract that is not registered, or a version an amendment superseded", () => {
    const draft = ok(createContract(db, w.broker.actor, contractInput({ ...partiesOf(db, w.buyerOrg.id, w.sellerOrg.id), milestones: MILESTONES }))).id;
    ok(submitContract(db, w.broker.actor, draft));
    expect(recordTransfer(db, w.seller.actor, draft, input(1), PDF)).toEqual({ ok: false, error: "not_registered" });

    const id = registered();
    const m = firstMilestone(id);
    const amendment = ok(amendContract(db, w.broker.actor, id)).id;
    ok(updateContract(db, w.broker.actor, amendment, contractInput({ ...partiesOf(db, w.buyerOrg.id, w.sellerOrg.id), milestones: MILESTONES })));
    ok(submitContract(db, w.broker.actor, amendment));
    ok(registerCleared(db, w.admin.actor, amendment, { intent: "register", registrationNo: "2026141100999999", acceptCodes: false }));
    expect(recordTransfer(db, w.seller.actor, id, input(m), PDF)).toEqual({ ok: false, error: "not_registered" });
    // The milestone keeps its id across the amendment; the version in force takes the transfer.
    expect(recordTransfer(db, w.seller.actor, amendment, input(m), PDF).ok).toBe(true);
  });

  it("refuses an amount over what is still open on the milestone, pending transfers included", () => {
    const id = registered();
    const m = firstMilestone(id);
    expect(recordTransfer(db, w.seller.actor, id, input(m, { amountYuan: "1000000.01" }), PDF)).toEqual({
      ok: false,
      fieldErrors: { amountYuan: ["v.transfer.overOutstanding"] },
    });
    ok(recordTransfer(db, w.seller.actor, id, input(m, { amountYuan: "600000" }), PDF));
    const over = recordTransfer(db, w.seller.actor, id, input(m, { amountYuan: "400000.01" }), PDF);
    expect(over).toEqual({ ok: false, fieldErrors: { amountYuan: ["v.transfer.overOutstanding"] } });
    expect(recordTransfer(db, w.seller.actor, id, input(m, { amountYuan: "400000" }), PDF).ok).toBe(true);
    expect(recordTransfer(db, w.seller.actor, id, input(m, { amountYuan: "1" }), PDF)).toEqual({
      ok: false,
      fieldErrors: { amountYuan: ["v.transfer.nothingOutstanding"] },
    });
    expect(filesOnDisk()).toBe(2);
  });

  it("judges the receipt by its bytes: text named .pdf, a PNG named .pdf and no receipt at all are refused", () => {
    const id = registered();
    const m = firstMilestone(id);
    const text = { name: "回单.pdf", bytes: new Uint8Array(Buffer.from("this is not a receipt")) };
    const docx = { name: "receipt.docx", bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]) };
    const pngAsPdf = { name: "回单.pdf", bytes: PNG.bytes };
    for (const receipt of [text, docx, pngAsPdf]) {
      expect(recordTransfer(db, w.seller.actor, id, input(m), receipt)).toEqual({ ok: false, fieldErrors: { receipt: ["v.transfer.receiptType"] } });
    }
    expect(recordTransfer(db, w.seller.actor, id, input(m), null)).toEqual({ ok: false, fieldErrors: { receipt: ["v.transfer.receiptRequired"] } });
    expect(db.select().from(bankTransfers).all()).toHaveLength(0);
    expect(filesOnDisk()).toBe(0);
  });

  it("refuses the same bank reference twice on one contract unless the first was rejected", () => {
    const id = registered();
    const m = firstMilestone(id);
    const first = ok(recordTransfer(db, w.seller.actor, id, input(m, { bankReference: "ccb 2026 0402 0001" }), PDF));
    expect(recordTransfer(db, w.broker.actor, id, input(m, { bankReference: "CCB202604020001" }), PDF)).toEqual({
      ok: false,
      fieldErrors: { bankReference: ["v.transfer.referenceTaken"] },
    });
    ok(rejectTransfer(db, w.admin.actor, first.id, "回单金额与登记金额不符"));
    expect(recordTransfer(db, w.broker.actor, id, input(m, { bankReference: "CCB202604020001" }), PDF).ok).toBe(true);
  });
});

describe("a contract without milestones", () => {
  it("takes transfers on the contract as a whole, up to its value, and counts a verified one received", () => {
    const id = ok(createContract(db, w.broker.actor, contractInput({ ...partiesOf(db, w.buyerOrg.id, w.sellerOrg.id), milestones: [] }))).id;
    ok(submitContract(db, w.broker.actor, id));
    ok(registerCleared(db, w.admin.actor, id, { intent: "register", registrationNo: "2026141100777777", acceptCodes: false }));
    const whole = (overrides: Partial<Record<keyof TransferInput, string>> = {}) => input(1, { milestoneId: "contract", ...overrides });
    expect(recordTransfer(db, w.seller.actor, id, input(1), PDF)).toEqual({ ok: false, fieldErrors: { milestoneId: ["v.choose"] } });
    expect(recordTransfer(db, w.seller.actor, id, whole({ amountYuan: "3800000.01" }), PDF)).toEqual({
      ok: false,
      fieldErrors: { amountYuan: ["v.transfer.overOutstanding"] },
    });
    const t = ok(recordTransfer(db, w.seller.actor, id, whole({ amountYuan: "8000" }), PDF));
    ok(verifyTransfer(db, w.admin.actor, t.id));
    const ledger = contractLedger(db, id)!;
    expect(ledger.receivedFen).toBe(800_000);
    expect(ledger.outstandingFen).toBe(3_800_000_00 - 800_000);
    expect(ledgerRows().filter((e) => e.kind === "payment")).toMatchObject([{ milestoneId: null, amountFen: 800_000 }]);
  });

  it("refuses a milestone choice on a contract with milestones when none is named", () => {
    const id = registered();
    expect(recordTransfer(db, w.seller.actor, id, input(1, { milestoneId: "contract" }), PDF)).toEqual({
      ok: false,
      fieldErrors: { milestoneId: ["v.choose"] },
    });
  });
});

describe("the Bureau's decision", () => {
  it("verifies once: one payment entry however often verify arrives, and the ledger shows it received", () => {
    const id = registered();
    const m = firstMilestone(id);
    const t = ok(recordTransfer(db, w.seller.actor, id, input(m, { amountYuan: "250000" }), PDF));
    expect(verifyTransfer(db, w.admin.actor, t.id)).toEqual({ ok: true, id: t.id });
    expect(verifyTransfer(db, w.admin.actor, t.id)).toEqual({ ok: false, error: "decided" });
    const payments = ledgerRows().filter((e) => e.kind === "payment");
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ source: "transfer", sourceRef: String(t.id), amountFen: 25_000_000, contractId: id, milestoneId: m });
    const ledger = contractLedger(db, id)!;
    expect(ledger.receivedFen).toBe(25_000_000);
    expect(ledger.outstandingFen).toBe(3_800_000_00 - 25_000_000);
    expect(ledger.milestones[0]).toMatchObject({ id: m, dueFen: 1_000_000_00, receivedFen: 25_000_000, outstandingFen: 75_000_000 });
    const note = db.select().from(notifications).where(eq(notifications.userId, w.seller.user.id)).all();
    // The seller heard of the registration as a party to the contract, then of the transfer.
    expect(note.map((n) => n.kind)).toEqual(["contract_registered", "transfer_verified"]);
  });

  it("rejects only with a reason, writes nothing to the ledger, and a rejected transfer cannot be verified", () => {
    const id = registered();
    const t = ok(recordTransfer(db, w.broker.actor, id, input(firstMilestone(id)), PDF));
    expect(rejectTransfer(db, w.admin.actor, t.id, "  ")).toEqual({ ok: false, error: "reason_required" });
    expect(rejectTransfer(db, w.admin.actor, t.id, "回单上的收款账户不是卖方账户")).toEqual({ ok: true, id: t.id });
    expect(verifyTransfer(db, w.admin.actor, t.id)).toEqual({ ok: false, error: "decided" });
    expect(rejectTransfer(db, w.admin.actor, t.id, "再次驳回")).toEqual({ ok: false, error: "decided" });
    expect(ledgerRows()).toHaveLength(0);
    const row = db.select().from(bankTransfers).where(eq(bankTransfers.id, t.id)).get()!;
    expect(row).toMatchObject({ status: "rejected", decisionReason: "回单上的收款账户不是卖方账户", decidedBy: w.admin.user.id });
    expect(contractLedger(db, id)!.receivedFen).toBe(0);
  });

  it("lets only the Bureau decide", () => {
    const id = registered();
    const t = ok(recordTransfer(db, w.seller.actor, id, input(firstMilestone(id)), PDF));
    for (const who of [w.seller, w.buyer, w.broker]) {
      expect(verifyTransfer(db, who.actor, t.id)).toEqual({ ok: false, error: "forbidden" });
      expect(rejectTransfer(db, who.actor, t.id, "不行")).toEqual({ ok: false, error: "forbidden" });
    }
    expect(ledgerRows()).toHaveLength(0);
    expect(verifyTransfer(db, w.admin.actor, 999_999)).toEqual({ ok: false, error: "not_found" });
  });

  it("refuses to verify what would take a milestone past what is due, after an amendment lowered it", () => {
    const id = registered();
    const m = firstMilestone(id);
    const t = ok(recordTransfer(db, w.seller.actor, id, input(m, { amountYuan: "700000" }), PDF));
    const amendment = ok(amendContract(db, w.broker.actor, id)).id;
    const lowered = [{ ...MILESTONES[0]!, amountFen: 50_000_000 }, MILESTONES[1]!];
    ok(updateContract(db, w.broker.actor, amendment, contractInput({ ...partiesOf(db, w.buyerOrg.id, w.sellerOrg.id), milestones: lowered })));
    ok(submitContract(db, w.broker.actor, amendment));
    ok(registerCleared(db, w.admin.actor, amendment, { intent: "register", registrationNo: "2026141100888888", acceptCodes: false }));
    expect(verifyTransfer(db, w.admin.actor, t.id)).toEqual({ ok: false, error: "over_due" });
    expect(ledgerRows()).toHaveLength(0);
    expect(db.select().from(bankTransfers).where(eq(bankTransfers.id, t.id)).get()!.status).toBe("pending");
    ok(rejectTransfer(db, w.admin.actor, t.id, "超过变更后的应付金额"));
  });
});
