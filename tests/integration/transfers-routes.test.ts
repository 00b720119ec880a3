import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "../../db/connection";
import { bankTransfers, ledgerEntries } from "../../db/schema";
import * as adminQueue from "../../app/routes/admin.transfers";
import * as paymentsPage from "../../app/routes/contracts.$id_.payments";
import * as receipt from "../../app/routes/contracts.$id_.transfers.$transferId.receipt";
import { createContract, submitContract } from "../../app/services/contract-filing.server";
import { listMilestones } from "../../app/services/milestones.server";
import { recordTransfer } from "../../app/services/transfers.server";
import { transferSchema } from "../../app/schemas/payments";
import { req, statusOf, useAppDb, type TestUser } from "../helpers/app";
import { contractInput, makeContractWorld, ok, partiesOf, type ContractWorld, registerCleared } from "./contracts-fixtures";

// The pages over the transfer service: the receipt goes only to the parties, the broker and the
// Bureau; the seller's multipart form records a transfer; the Bureau's queue decides it once.

let db: Db;
let cleanup: () => void;
let w: ContractWorld;
let filesDir: string;
let contractId: number;
let milestoneId: number;

const PDF = Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

beforeEach(async () => {
  ({ db, cleanup } = useAppDb());
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-receipts-"));
  process.env.FILES_DIR = filesDir;
  w = await makeContractWorld(db);
  const milestones = [{ title: "首付款", dueOn: "2026-04-01", amountFen: 1_000_000_00 }];
  contractId = ok(createContract(db, w.broker.actor, contractInput({ ...partiesOf(db, w.buyerOrg.id, w.sellerOrg.id), milestones }))).id;
  ok(submitContract(db, w.broker.actor, contractId));
  ok(registerCleared(db, w.admin.actor, contractId, { intent: "register", registrationNo: "2026141100000123", acceptCodes: false }));
  milestoneId = listMilestones(db, contractId)[0]!.id;
});
afterEach(() => {
  cleanup();
  fs.rmSync(filesDir, { recursive: true, force: true });
  delete process.env.FILES_DIR;
});

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: { cspNonce: "" } });

function recorded(): number {
  const input = transferSchema.parse({
    milestoneId: String(milestoneId),
    amountYuan: "250000",
    receivedOn: "2026-04-02",
    payerName: "孝义市鹏瑞煤焦化工集团有限公司",
    bankReference: "CCB202604020001",
  });
  return ok(recordTransfer(db, w.seller.actor, contractId, input, { name: "回单.pdf", bytes: new Uint8Array(PDF) })).id;
}

function multipart(who: TestUser, fields: Record<string, string>, file: { name: string; bytes: Buffer } | null): Request {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append("receipt", new File([new Uint8Array(file.bytes)], file.name, { type: "application/pdf" }));
  return new Request(`http://localhost/contracts/${contractId}/payments`, {
    method: "POST",
    body: form,
    headers: { Cookie: who.cookie, "Accept-Language": "en" },
  });
}

describe("the receipt download", () => {
  it("serves the receipt to the buyer, the seller, the broker and the Bureau, as a download of its real type", async () => {
    const transferId = recorded();
    for (const who of [w.buyer, w.seller, w.broker, w.admin]) {
      const request = req(`/contracts/${contractId}/transfers/${transferId}/receipt`, { cookie: who.cookie });
      const { status, response } = await statusOf(() => receipt.loader(args(request, { id: String(contractId), transferId: String(transferId) })));
      expect(status, who.user.email).toBe(200);
      expect(response!.headers.get("Content-Type")).toBe("application/pdf");
      expect(response!.headers.get("Content-Disposition")).toMatch(/^attachment;/);
      expect(response!.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(Buffer.from(await response!.arrayBuffer()).equals(PDF)).toBe(true);
    }
  });

  it("is missing for anyone else, and under another contract's address", async () => {
    const transferId = recorded();
    const params = { id: String(contractId), transferId: String(transferId) };
    for (const cookie of [undefined, w.other.cookie, w.otherBroker.cookie, w.suspendedBroker.cookie]) {
      const request = req(`/contracts/${contractId}/transfers/${transferId}/receipt`, { cookie });
      expect((await statusOf(() => receipt.loader(args(request, params)))).status).toBe(404);
    }
    // A contract the visitor may see does not open another contract's receipt.
    const mine = ok(createContract(db, w.other.actor, contractInput({ ...partiesOf(db, w.otherOrg.id, w.sellerOrg.id) }))).id;
    ok(submitContract(db, w.seller.actor, mine)); // the seller files what the buyer recorded
    const request = req(`/contracts/${mine}/transfers/${transferId}/receipt`, { cookie: w.other.cookie });
    expect((await statusOf(() => receipt.loader(args(request, { id: String(mine), transferId: String(transferId) })))).status).toBe(404);
  });
});

describe("the payments tab", () => {
  const fields = () => ({
    milestoneId: String(milestoneId),
    amountYuan: "1,000.50",
    receivedOn: "2026-04-02",
    payerName: "鹏瑞集团",
    bankReference: "ICBC-0001",
  });

  it("is shown to the parties and the broker, and missing for others", async () => {
    for (const [who, expected] of [
      [w.buyer, 200],
      [w.seller, 200],
      [w.broker, 200],
      [w.admin, 200],
      [w.other, 404],
      [w.otherBroker, 404],
    ] as const) {
      const request = req(`/contracts/${contractId}/payments`, { cookie: who.cookie });
      expect((await statusOf(() => paymentsPage.loader(args(request, { id: String(contractId) })))).status, who.user.email).toBe(expected);
    }
  });

  it("records the seller's transfer with its receipt from the multipart form", async () => {
    const { status, response } = await statusOf(() =>
      paymentsPage.action(args(multipart(w.seller, fields(), { name: "回单.pdf", bytes: PDF }), { id: String(contractId) })),
    );
    expect(status).toBe(302);
    expect(response!.headers.get("Location")).toBe(`/contracts/${contractId}/payments?done=recorded`);
    expect(
      db
        .select()
        .from(bankTransfers)
        .all()
        .map((t) => [t.amountFen, t.bankReference, t.recordedAs]),
    ).toEqual([[100_050, "ICBC-0001", "seller"]]);
  });

  it("gives a receipt that is not a PDF or an image back as a field error, keeping what was typed", async () => {
    const text = { name: "回单.pdf", bytes: Buffer.from("not a receipt") };
    const { status, response } = await statusOf(() => paymentsPage.action(args(multipart(w.seller, fields(), text), { id: String(contractId) })));
    expect(status).toBe(400);
    const body = (await response!.json()) as { result: { error: Record<string, string[]>; initialValue: Record<string, string> } };
    expect(body.result.error.receipt?.[0]).toMatch(/PDF, PNG or JPEG/);
    expect(body.result.initialValue.bankReference).toBe("ICBC-0001");
    expect(db.select().from(bankTransfers).all()).toHaveLength(0);
    expect(fs.readdirSync(filesDir)).toHaveLength(0);
  });

  it("answers 503 and keeps nothing when the receipt cannot be written to a full disk", async () => {
    const full = Object.assign(new Error("no space left on device"), { code: "ENOSPC" });
    const write = vi.spyOn(fs, "writeFileSync").mockImplementation(() => {
      throw full;
    });
    const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const { status } = await statusOf(() =>
        paymentsPage.action(args(multipart(w.seller, fields(), { name: "回单.pdf", bytes: PDF }), { id: String(contractId) })),
      );
      expect(status).toBe(503);
    } finally {
      write.mockRestore();
      quiet.mockRestore();
    }
    expect(db.select().from(bankTransfers).all()).toHaveLength(0);
  });

  it("refuses the buyer's transfer form", async () => {
    const { status } = await statusOf(() =>
      paymentsPage.action(args(multipart(w.buyer, fields(), { name: "回单.pdf", bytes: PDF }), { id: String(contractId) })),
    );
    expect(status).toBe(403);
    expect(db.select().from(bankTransfers).all()).toHaveLength(0);
  });

  it("tells the buyer to pay by transfer when online payment is not configured", async () => {
    const request = req(`/contracts/${contractId}/payments`, {
      cookie: w.buyer.cookie,
      form: { intent: "pay", milestoneId: String(milestoneId), attemptKey: "0123456789abcdef0123" },
      headers: { "Accept-Language": "en" },
    });
    const { status, response } = await statusOf(() => paymentsPage.action(args(request, { id: String(contractId) })));
    expect(status).toBe(409);
    expect(((await response!.json()) as { notice: string }).notice).toBe("Online payment is not configured; pay by bank transfer.");
  });
});

describe("the Bureau's queue", () => {
  const decide = (who: TestUser, form: Record<string, string>) =>
    statusOf(() => adminQueue.action(args(req("/admin/transfers", { cookie: who.cookie, form }))));

  it("verifies once; a second click is refused and the ledger holds one payment", async () => {
    const transferId = String(recorded());
    expect((await decide(w.admin, { intent: "verify", transferId })).status).toBe(302);
    expect((await decide(w.admin, { intent: "verify", transferId })).status).toBe(409);
    expect(
      db
        .select()
        .from(ledgerEntries)
        .all()
        .filter((e) => e.kind === "payment"),
    ).toHaveLength(1);
  });

  it("needs a reason to reject, and is closed to everyone but the Bureau", async () => {
    const transferId = String(recorded());
    expect((await decide(w.admin, { intent: "reject", transferId })).status).toBe(400);
    for (const who of [w.seller, w.buyer, w.broker]) expect((await decide(who, { intent: "verify", transferId })).status).toBe(403);
    expect((await decide(w.admin, { intent: "reject", transferId, reason: "回单模糊，无法核对" })).status).toBe(302);
    expect(db.select().from(ledgerEntries).all()).toHaveLength(0);
  });
});
