import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { auditEvents, contractDocuments, contractFlags, contracts, notifications } from "../../db/schema";
import * as detailPage from "../../app/routes/contracts.$id";
import * as registerPage from "../../app/routes/admin.contracts.$id";
import * as deskPage from "../../app/routes/admin.contracts._index";
import { amendContract, createContract, fileElsewhere, submitContract } from "../../app/services/contract-filing.server";
import { cancelRegistration, confirmElsewhereContract, recordTermination, registerContract } from "../../app/services/contract-registrar.server";
import { computeContractIndicator } from "../../app/services/indicator.server";
import { req, statusOf, useAppDb, type TestUser } from "../helpers/app";
import { CERTIFICATE, contractInput, makeContractWorld, ok, partiesOf, registerCleared, type ContractWorld } from "./contracts-fixtures";

// The registrar's side: correcting the non-technical items (with a reason), open padding flags
// holding a registration back, the queue of registrations elsewhere, cancellation and termination.

let db: Db;
let w: ContractWorld;
let cleanup: () => void;
let filesDir: string;

beforeEach(async () => {
  ({ db, cleanup } = useAppDb());
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-contract-docs-"));
  process.env.FILES_DIR = filesDir;
  w = await makeContractWorld(db);
});
afterEach(() => {
  cleanup();
  fs.rmSync(filesDir, { recursive: true, force: true });
  delete process.env.FILES_DIR;
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ctx = { context: { cspNonce: "" } };

async function call(fn: (a: never) => unknown, request: Request, params: Record<string, string> = {}) {
  const out = await statusOf(() => fn({ request, params, ...ctx } as never));
  const body = out.response && out.response.headers.get("Content-Type")?.includes("json") ? ((await out.response.json()) as Json) : null;
  return { status: out.status, body, location: out.response?.headers.get("Location") ?? null };
}

const contract = (id: number) => db.select().from(contracts).where(eq(contracts.id, id)).get()!;
const auditOf = (id: number) =>
  db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entity, "contract"), eq(auditEvents.entityId, String(id))))
    .all();
const totals = () => computeContractIndicator(db, { year: 2026 }).totals;
const REGISTERED_AT = new Date("2026-04-15T02:00:00Z");

function submitted(overrides = {}): number {
  const id = ok(createContract(db, w.broker.actor, contractInput({ ...partiesOf(db, w.buyerOrg.id, w.sellerOrg.id), ...overrides }))).id;
  ok(submitContract(db, w.broker.actor, id));
  return id;
}

let serial = 0;
function registered(overrides = {}): number {
  const id = submitted(overrides);
  const registrationNo = `2026141100${String(++serial).padStart(6, "0")}`;
  ok(registerCleared(db, w.admin.actor, id, { intent: "register", registrationNo, acceptCodes: false }, null, REGISTERED_AT));
  return id;
}

function multipart(url: string, who: TestUser, fields: Record<string, string>, file: { name: string; bytes: Uint8Array } | null) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append("evidence", new File([new Uint8Array(file.bytes)], file.name, { type: "application/pdf" }));
  return new Request(`http://localhost${url}`, { method: "POST", body: form, headers: { Cookie: who.cookie } });
}

describe("the registrar's correction of the non-technical items", () => {
  it("needs a reason when an item changes, and the registration's audit keeps the filed and corrected items and the reason", async () => {
    const id = submitted({ equipmentFen: 30_000_000, otherFen: 30_000_000 });
    const params = { id: String(id) };
    const form = { intent: "register", registrationNo: "2026141100000501", equipmentWan: "50", instrumentsWan: "0", materialsWan: "0", otherWan: "30" };
    const noReason = await call(registerPage.action, req(`/admin/contracts/${id}`, { cookie: w.admin.cookie, form }), params);
    expect(noReason.status).toBe(400);
    expect(noReason.body!.result.error.correctionReason).toEqual(["修改了非技术性费用，请填写原因"]);
    expect(contract(id).status).toBe("submitted");
    // The items as filed, sent back unchanged, need no reason.
    const unchanged = registerContract(db, w.admin.actor, id, {
      intent: "register",
      registrationNo: "2026141100000501",
      acceptCodes: false,
      equipmentFen: 30_000_000,
    });
    expect(unchanged.ok).toBe(true);
    // Another contract between the same parties, signed the next day (the same day and amount would be a duplicate).
    const other = submitted({ equipmentFen: 30_000_000, otherFen: 30_000_000, signedOn: "2026-03-19" });
    const r = await call(
      registerPage.action,
      req(`/admin/contracts/${other}`, {
        cookie: w.admin.cookie,
        form: { ...form, registrationNo: "2026141100000502", correctionReason: "设备购置费按发票核定为 50 万元" },
      }),
      { id: String(other) },
    );
    expect(r.status).toBe(302);
    expect(contract(other)).toMatchObject({ status: "registered", equipmentFen: 50_000_000, otherFen: 30_000_000, techValueFen: 300_000_000 });
    const reg = auditOf(other).find((a) => a.action === "register")!;
    expect(reg.after as Json).toMatchObject({
      filedItems: { equipmentFen: 30_000_000, instrumentsFen: 0, materialsFen: 0, otherFen: 30_000_000 },
      correctedItems: { equipmentFen: 50_000_000, instrumentsFen: 0, materialsFen: 0, otherFen: 30_000_000 },
      correctionReason: "设备购置费按发票核定为 50 万元",
    });
    expect((reg.before as Json).techValueFen).toBe(320_000_000);
  });

  it("the registration page prefills the items as filed", async () => {
    const id = submitted({ equipmentFen: 12_345_600, otherFen: 0 });
    const page = await call(registerPage.loader, req(`/admin/contracts/${id}`, { cookie: w.admin.cookie }), { id: String(id) });
    expect(page.body!.view.contract).toMatchObject({ equipmentFen: 12_345_600, otherFen: 0, techValueFen: 367_654_400 });
    expect(page.body!.view.canRegister).toBe(true);
  });
});

describe("padding flags at filing and registration", () => {
  it("an open flag refuses the registration (the page says why); cleared, the contract registers", async () => {
    const id = submitted();
    writeTx(db, (tx) =>
      tx.insert(contractFlags).values({ contractId: id, kind: "large_amount", stage: "filing", detail: {}, raisedAt: "2026-04-10T02:00:00Z" }).run(),
    );
    const input = { intent: "register" as const, registrationNo: "2026141100000601", acceptCodes: false };
    expect(registerContract(db, w.admin.actor, id, input, null, REGISTERED_AT)).toEqual({ ok: false, fieldErrors: { flags: ["v.contract.flagsOpen"] } });
    expect(contract(id)).toMatchObject({ status: "submitted", registrationNo: null });
    const page = await call(registerPage.loader, req(`/admin/contracts/${id}`, { cookie: w.admin.cookie }), { id: String(id) });
    expect(page.body!.view.openFlags).toMatchObject([{ kind: "large_amount" }]);
    const viaForm = await call(
      registerPage.action,
      req(`/admin/contracts/${id}`, { cookie: w.admin.cookie, form: { intent: "register", registrationNo: "2026141100000601" } }),
      {
        id: String(id),
      },
    );
    expect(viaForm.status).toBe(400);
    expect(viaForm.body!.result.error.flags).toEqual(["有未处理的核查提示，请先处理或退回"]);
    expect(auditOf(id).filter((a) => a.action === "denied:register")).toHaveLength(2);

    writeTx(db, (tx) => tx.update(contractFlags).set({ clearedAt: "2026-04-14T02:00:00Z", clearedBy: w.admin.user.id, clearReason: "专家复核通过" }).run());
    ok(registerContract(db, w.admin.actor, id, input, null, REGISTERED_AT));
    expect(contract(id).status).toBe("registered");
  });
});

describe("the registrar's desk", () => {
  it("lists registrations elsewhere awaiting confirmation apart from the queue", async () => {
    const queued = submitted();
    const away = ok(createContract(db, w.broker.actor, contractInput({ ...partiesOf(db, w.buyerOrg.id, w.sellerOrg.id), sellerDivision: "110108" }))).id;
    const fields = {
      intent: "elsewhere" as const,
      office: "北京市海淀区科学技术和经济信息化局",
      registrationNo: "2026110108000321",
      registeredOn: "2026-04-20",
    };
    ok(fileElsewhere(db, w.broker.actor, away, fields, CERTIFICATE, null, new Date("2026-04-22T02:00:00Z")));
    const desk = await call(deskPage.loader, req("/admin/contracts", { cookie: w.admin.cookie }));
    expect(desk.body!.submitted.map((r: Json) => r.id)).toEqual([queued]);
    expect(desk.body!.elsewhere.map((r: Json) => r.id)).toEqual([away]);
    const page = await call(registerPage.loader, req(`/admin/contracts/${away}`, { cookie: w.admin.cookie }), { id: String(away) });
    expect(page.body!.view).toMatchObject({ canConfirm: true, canRegister: false });
    const confirm = await call(registerPage.action, req(`/admin/contracts/${away}`, { cookie: w.admin.cookie, form: { intent: "confirm" } }), {
      id: String(away),
    });
    expect(confirm.location).toBe("/admin/contracts?done=confirmed");
    const after = await call(deskPage.loader, req("/admin/contracts", { cookie: w.admin.cookie }));
    expect(after.body!.elsewhere).toHaveLength(0);
    expect(after.body!.registered.map((r: Json) => r.id)).toEqual([away]);
  });
});

describe("撤销登记 and 终止", () => {
  it("a cancellation takes the family out of every figure, keeps the evidence, tells the recorder and shows on the contract's page", async () => {
    const id = registered();
    expect(totals().output.count).toBe(1);
    const evidence = { name: "撤销决定书.pdf", bytes: CERTIFICATE.bytes };
    ok(cancelRegistration(db, w.admin.actor, id, { reason: "合同系虚构，依法撤销登记", evidence }, "rid-cancel", new Date("2026-06-01T02:00:00Z")));
    expect(contract(id)).toMatchObject({
      status: "cancelled",
      cancelledAt: "2026-06-01T02:00:00.000Z",
      cancelledBy: w.admin.user.id,
      cancelReason: "合同系虚构，依法撤销登记",
    });
    expect(totals().output.count).toBe(0);
    expect(totals().absorbed.count).toBe(0);
    expect(db.select().from(contractDocuments).where(eq(contractDocuments.contractId, id)).all()).toMatchObject([{ kind: "cancellation_evidence" }]);
    const note = db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, w.broker.user.id), eq(notifications.kind, "contract_cancelled")))
      .get()!;
    expect(note.params).toMatchObject({ reason: "合同系虚构，依法撤销登记" });
    expect(auditOf(id).find((a) => a.action === "cancel")).toMatchObject({ requestId: "rid-cancel", actorUserId: w.admin.user.id });
    const page = await call(detailPage.loader, req(`/contracts/${id}`, { cookie: w.seller.cookie }), { id: String(id) });
    expect(page.body!.view.contract).toMatchObject({ status: "cancelled", cancelReason: "合同系虚构，依法撤销登记" });
    expect(page.body!.view.documents).toMatchObject([{ kind: "cancellation_evidence", displayName: "撤销决定书.pdf" }]);
    // Cancelled once; an uncounted version cannot be cancelled.
    expect(cancelRegistration(db, w.admin.actor, id, { reason: "再次撤销" })).toEqual({ ok: false, error: "conflict" });
    expect(cancelRegistration(db, w.admin.actor, submitted(), { reason: "尚未登记" })).toEqual({ ok: false, error: "conflict" });
  });

  it("cancels the family's current version only, and then no earlier version counts", () => {
    const id = registered();
    const amendment = ok(amendContract(db, w.broker.actor, id)).id;
    ok(submitContract(db, w.broker.actor, amendment));
    ok(registerCleared(db, w.admin.actor, amendment, { intent: "register", registrationNo: "2026141100000701", acceptCodes: false }, null, REGISTERED_AT));
    expect(totals().output.count).toBe(1);
    // The superseded original is no longer the version that counts.
    expect(cancelRegistration(db, w.admin.actor, id, { reason: "重复登记" })).toEqual({ ok: false, error: "conflict" });
    ok(cancelRegistration(db, w.admin.actor, amendment, { reason: "重复登记" }));
    expect(totals().output.count).toBe(0);
    expect(computeContractIndicator(db, { year: null }).totals.output.count).toBe(0);
  });

  it("a termination keeps the status and the amount counted, once", () => {
    const id = registered();
    ok(
      recordTermination(
        db,
        w.admin.actor,
        id,
        { terminatedOn: "2026-09-30", reason: "委托方资金不到位，双方协商终止" },
        null,
        new Date("2026-10-08T02:00:00Z"),
      ),
    );
    expect(contract(id)).toMatchObject({
      status: "registered",
      terminatedOn: "2026-09-30",
      terminatedBy: w.admin.user.id,
      terminationReason: "委托方资金不到位，双方协商终止",
    });
    expect(totals().output).toMatchObject({ count: 1, contractFen: 380_000_000 });
    expect(db.select().from(notifications).where(eq(notifications.kind, "contract_terminated")).all()).toHaveLength(1);
    expect(recordTermination(db, w.admin.actor, id, { terminatedOn: "2026-10-01", reason: "再次终止" })).toEqual({ ok: false, error: "conflict" });
    const early = registered();
    expect(recordTermination(db, w.admin.actor, early, { terminatedOn: "2026-01-01", reason: "签订前终止" })).toEqual({
      ok: false,
      fieldErrors: { terminatedOn: ["v.contract.terminatedBeforeSigning"] },
    });
  });

  it("only the registrar cancels, terminates or confirms; every refusal is audited", async () => {
    const id = registered();
    for (const who of [w.broker, w.seller, w.buyer]) {
      expect(cancelRegistration(db, who.actor, id, { reason: "无权撤销" })).toEqual({ ok: false, error: "forbidden" });
      expect(recordTermination(db, who.actor, id, { terminatedOn: "2026-09-30", reason: "无权终止" })).toEqual({ ok: false, error: "forbidden" });
      expect(confirmElsewhereContract(db, who.actor, id)).toEqual({ ok: false, error: "forbidden" });
    }
    const params = { id: String(id) };
    const viaPage = await call(
      registerPage.action,
      req(`/admin/contracts/${id}`, { cookie: w.seller.cookie, form: { intent: "cancel", reason: "无权撤销", confirmed: "on" } }),
      params,
    );
    expect(viaPage.status).toBe(403);
    const actions = auditOf(id).map((a) => a.action);
    expect(actions.filter((a) => a === "denied:cancel")).toHaveLength(4);
    expect(actions.filter((a) => a === "denied:terminate")).toHaveLength(3);
    expect(actions.filter((a) => a === "denied:confirm_elsewhere")).toHaveLength(3);
    expect(contract(id)).toMatchObject({ status: "registered", terminatedOn: null });
  });

  it("through the page: the cancellation needs its reason and the confirmation box; evidence is judged by its bytes", async () => {
    const id = registered();
    const params = { id: String(id) };
    const url = `/admin/contracts/${id}`;
    const unticked = await call(registerPage.action, multipart(url, w.admin, { intent: "cancel", reason: "合同系虚构" }, null), params);
    expect(unticked.status).toBe(400);
    expect(unticked.body!.result.error.confirmed).toEqual(["请勾选确认撤销"]);
    const badFile = { name: "决定.pdf", bytes: new Uint8Array(Buffer.from("<html>not a pdf</html>")) };
    const wrong = await call(registerPage.action, multipart(url, w.admin, { intent: "cancel", reason: "合同系虚构", confirmed: "on" }, badFile), params);
    expect(wrong.status).toBe(400);
    expect(wrong.body!.result.error.evidence).toBeTruthy();
    expect(contract(id).status).toBe("registered");
    expect(fs.readdirSync(filesDir)).toHaveLength(0);
    const done = await call(registerPage.action, multipart(url, w.admin, { intent: "cancel", reason: "合同系虚构", confirmed: "on" }, null), params);
    expect(done.location).toBe("/admin/contracts?done=cancelled");
    expect(contract(id).status).toBe("cancelled");
    const other = registered();
    const term = await call(
      registerPage.action,
      multipart(`/admin/contracts/${other}`, w.admin, { intent: "terminate", terminatedOn: "2026-09-30", reason: "双方协商终止" }, CERTIFICATE),
      { id: String(other) },
    );
    expect(term.location).toBe("/admin/contracts?done=terminated");
    expect(contract(other).terminatedOn).toBe("2026-09-30");
    expect(db.select().from(contractDocuments).where(eq(contractDocuments.contractId, other)).all()).toMatchObject([{ kind: "termination_evidence" }]);
  });
});
