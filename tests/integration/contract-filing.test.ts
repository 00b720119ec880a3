import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { auditEvents, contractDocuments, contracts } from "../../db/schema";
import * as newPage from "../../app/routes/contracts.new";
import * as detailPage from "../../app/routes/contracts.$id";
import * as elsewherePage from "../../app/routes/contracts.$id_.elsewhere";
import * as documentRoute from "../../app/routes/contracts.$id_.documents.$documentId";
import { createContract, fileElsewhere, submitContract, updateContract } from "../../app/services/contract-filing.server";
import { confirmElsewhere, confirmElsewhereContract, registerContract, returnContract } from "../../app/services/contract-registrar.server";
import { getContractForViewer } from "../../app/services/contracts.server";
import { computeContractIndicator } from "../../app/services/indicator.server";
import { writeTx } from "../../db/connection";
import { req, statusOf, useAppDb, type TestUser } from "../helpers/app";
import { CERTIFICATE, contractForm, contractInput, makeContractWorld, ok, partiesOf, type ContractWorld } from "./contracts-fixtures";

// Who files a contract for registration, and a seller outside Lüliang registered by its own
// locality's office: recorded here with its certificate, counted once the registrar confirms it.

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
  return { status: out.status, body, response: out.response, location: out.response?.headers.get("Location") ?? null };
}

const contract = (id: number) => db.select().from(contracts).where(eq(contracts.id, id)).get()!;
const actionsOf = (id: number) =>
  db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entity, "contract"), eq(auditEvents.entityId, String(id))))
    .all()
    .map((a) => a.action);
const parties = () => partiesOf(db, w.buyerOrg.id, w.sellerOrg.id);
const BEIJING_SELLER = { sellerDivision: "110108" };
const year = (n: number) => computeContractIndicator(db, { year: n }).totals;

function elsewhereInput(overrides: Partial<{ office: string; registrationNo: string; registeredOn: string }> = {}) {
  return {
    intent: "elsewhere" as const,
    office: "北京市海淀区科学技术和经济信息化局",
    registrationNo: "2026110108000321",
    registeredOn: "2026-04-20",
    ...overrides,
  };
}

function multipart(url: string, who: TestUser, fields: Record<string, string>, file: { name: string; bytes: Uint8Array } | null, field = "certificate") {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append(field, new File([new Uint8Array(file.bytes)], file.name, { type: "application/pdf" }));
  return new Request(`http://localhost${url}`, { method: "POST", body: form, headers: { Cookie: who.cookie } });
}

describe("who files for registration", () => {
  it("a buyer's member records and edits a draft but cannot file it: refused in the visitor's language and audited", async () => {
    const id = ok(createContract(db, w.buyer.actor, contractInput(parties()))).id;
    ok(updateContract(db, w.buyer.actor, id, contractInput({ ...parties(), title: "焦炉煤气制氢提纯技术开发（修订）" })));
    expect(submitContract(db, w.buyer.actor, id)).toEqual({ ok: false, error: "not_seller" });
    expect(getContractForViewer(db, w.buyer.actor, id)!.actions).toEqual(["edit"]);
    const params = { id: String(id) };
    const zh = await call(detailPage.action, req(`/contracts/${id}`, { cookie: w.buyer.cookie, form: { intent: "submit" } }), params);
    expect(zh.status).toBe(403);
    expect(zh.body!.error).toBe("只有卖方（登记方）或其委托的技术经纪人可以申请认定登记");
    const en = await call(
      detailPage.action,
      req(`/contracts/${id}`, { cookie: w.buyer.cookie, form: { intent: "submit" }, headers: { "Accept-Language": "en" } }),
      params,
    );
    expect(en.body!.error).toBe("Only the seller (the registering party) or its broker can file for registration");
    expect(contract(id).status).toBe("draft");
    expect(actionsOf(id)).toEqual(["create", "update", "denied:submit", "denied:submit", "denied:submit"]);
    // The page offers no filing button to the buyer and says who files.
    const page = await call(detailPage.loader, req(`/contracts/${id}`, { cookie: w.buyer.cookie }), params);
    expect(page.body!.view).toMatchObject({ actions: ["edit"], filingRefused: true });
    expect(getContractForViewer(db, w.seller.actor, id)!.filingRefused).toBe(false);
  });

  it("the seller's member sees the buyer's draft, may file it, and is recorded as the filer", async () => {
    const id = ok(createContract(db, w.buyer.actor, contractInput(parties()))).id;
    expect(getContractForViewer(db, w.seller.actor, id)!.actions).toEqual(["submit"]);
    const r = await call(detailPage.action, req(`/contracts/${id}`, { cookie: w.seller.cookie, form: { intent: "submit" } }), { id: String(id) });
    expect(r.status).toBe(302);
    expect(contract(id)).toMatchObject({ status: "submitted", filedBy: w.seller.user.id, filedOnBehalf: false });
    // Anyone else who is no party still gets a 404.
    expect((await call(detailPage.action, req(`/contracts/${id}`, { cookie: w.other.cookie, form: { intent: "submit" } }), { id: String(id) })).status).toBe(
      404,
    );
  });

  it("the broker files on the seller's behalf, and it is recorded so", () => {
    const id = ok(createContract(db, w.broker.actor, contractInput(parties()))).id;
    expect(getContractForViewer(db, w.broker.actor, id)!.actions).toEqual(["edit", "submit"]);
    ok(submitContract(db, w.broker.actor, id));
    expect(contract(id)).toMatchObject({ status: "submitted", filedBy: w.broker.user.id, filedOnBehalf: true });
    expect(getContractForViewer(db, w.admin.actor, id)!.filerName).toBe(w.broker.user.name);
    // Another broker cannot file it, and one filing is all a contract gets.
    expect(submitContract(db, w.otherBroker.actor, id)).toEqual({ ok: false, error: "not_found" });
    expect(submitContract(db, w.broker.actor, id)).toEqual({ ok: false, error: "conflict" });
  });
});

describe("技术交易额 from its parts", () => {
  it("is 成交额 less the four non-technical items, typed in 万元; the contract page shows every part", async () => {
    const form = contractForm(db, w.buyerOrg.id, w.sellerOrg.id, { equipmentWan: "50", instrumentsWan: "10.5", materialsWan: "", otherWan: "19.5" });
    const r = await call(newPage.action, req("/contracts/new", { cookie: w.broker.cookie, form }));
    expect(r.status).toBe(302);
    const id = Number(r.location!.split("/").pop()!.split("?")[0]);
    expect(contract(id)).toMatchObject({
      contractValueFen: 380_000_000,
      equipmentFen: 50_000_000,
      instrumentsFen: 10_500_000,
      materialsFen: 0,
      otherFen: 19_500_000,
      techValueFen: 300_000_000,
    });
    const page = await call(detailPage.loader, req(`/contracts/${id}`, { cookie: w.broker.cookie }), { id: String(id) });
    expect(page.body!.view.contract).toMatchObject({ contractValueFen: 380_000_000, equipmentFen: 50_000_000, techValueFen: 300_000_000 });
  });

  it("refuses items that together exceed 成交额, in the form and in the service", async () => {
    const form = contractForm(db, w.buyerOrg.id, w.sellerOrg.id, { equipmentWan: "300", otherWan: "81" });
    const r = await call(newPage.action, req("/contracts/new", { cookie: w.broker.cookie, form }));
    expect(r.status).toBe(400);
    expect(r.body!.result.error.nonTechItems).toEqual(["非技术性费用合计不能大于合同成交额"]);
    expect(r.body!.result.initialValue.equipmentWan).toBe("300");
    const direct = createContract(db, w.broker.actor, contractInput({ ...parties(), equipmentFen: 300_000_000, otherFen: 81_000_000 }));
    expect(direct).toEqual({ ok: false, fieldErrors: { nonTechItems: ["v.contract.itemsAboveTotal"] } });
    expect(db.select().from(contracts).all()).toHaveLength(0);
  });
});

describe("a seller outside Lüliang", () => {
  it("cannot be filed to or registered by the Lüliang desk", () => {
    const id = ok(createContract(db, w.broker.actor, contractInput({ ...parties(), ...BEIJING_SELLER }))).id;
    expect(getContractForViewer(db, w.broker.actor, id)!.actions).toEqual(["edit", "elsewhere"]);
    expect(submitContract(db, w.broker.actor, id)).toEqual({ ok: false, error: "seller_elsewhere" });
    expect(actionsOf(id)).toEqual(["create", "denied:submit"]);
    // Even a filing that reached the desk some other way is refused with a field message.
    writeTx(db, (tx) => tx.update(contracts).set({ status: "submitted" }).where(eq(contracts.id, id)).run());
    const r = registerContract(db, w.admin.actor, id, { intent: "register", registrationNo: "2026141100000901", acceptCodes: false });
    expect(r).toEqual({ ok: false, fieldErrors: { sellerDivision: ["v.contract.sellerOutside"] } });
    expect(contract(id).status).toBe("submitted");
  });

  it("is recorded as registered elsewhere with its certificate and counts toward 吸纳 only once the registrar confirms it", () => {
    const id = ok(createContract(db, w.broker.actor, contractInput({ ...parties(), ...BEIJING_SELLER }))).id;
    const now = new Date("2026-04-22T02:00:00Z");
    expect(fileElsewhere(db, w.broker.actor, id, elsewhereInput(), null, null, now)).toEqual({
      ok: false,
      fieldErrors: { certificate: ["v.contract.documentRequired"] },
    });
    const text = { name: "登记证明.pdf", bytes: new Uint8Array(Buffer.from("not a pdf at all")) };
    expect(fileElsewhere(db, w.broker.actor, id, elsewhereInput(), text, null, now)).toEqual({
      ok: false,
      fieldErrors: { certificate: ["v.contract.documentType"] },
    });
    expect(fileElsewhere(db, w.broker.actor, id, elsewhereInput({ registeredOn: "2026-05-01" }), CERTIFICATE, null, now)).toEqual({
      ok: false,
      fieldErrors: { registeredOn: ["v.contract.dateInFuture"] },
    });
    expect(fs.readdirSync(filesDir)).toHaveLength(0);

    ok(fileElsewhere(db, w.broker.actor, id, elsewhereInput(), CERTIFICATE, null, now));
    expect(contract(id)).toMatchObject({
      status: "elsewhere",
      elsewhereOffice: "北京市海淀区科学技术和经济信息化局",
      elsewhereNo: "2026110108000321",
      elsewhereRegisteredOn: "2026-04-20",
      elsewhereConfirmedAt: null,
      filedBy: w.broker.user.id,
      filedOnBehalf: true,
    });
    const docs = db.select().from(contractDocuments).where(eq(contractDocuments.contractId, id)).all();
    expect(docs).toMatchObject([{ kind: "elsewhere_certificate", mime: "application/pdf", uploadedBy: w.broker.user.id }]);
    expect(fs.readdirSync(filesDir)).toEqual([docs[0]!.storedName]);
    // Not counted while unconfirmed; the buyer is in Lüliang, so confirmed it counts as 吸纳 only.
    expect(year(2026).absorbed.count).toBe(0);

    // Only the registrar confirms, and a refusal is audited.
    expect(confirmElsewhereContract(db, w.seller.actor, id)).toEqual({ ok: false, error: "forbidden" });
    expect(confirmElsewhereContract(db, w.broker.actor, id)).toEqual({ ok: false, error: "forbidden" });
    expect(contract(id).elsewhereConfirmedAt).toBeNull();
    ok(confirmElsewhereContract(db, w.admin.actor, id, "rid-confirm", new Date("2026-04-25T02:00:00Z")));
    expect(contract(id)).toMatchObject({
      status: "elsewhere",
      elsewhereConfirmedBy: w.admin.user.id,
      registrationNo: "2026110108000321",
      registrationYear: 2026,
    });
    expect(year(2026).absorbed).toMatchObject({ count: 1, contractFen: 380_000_000, techFen: 320_000_000 });
    expect(year(2026).output.count).toBe(0);
    expect(actionsOf(id)).toEqual(["create", "file_elsewhere", "denied:confirm_elsewhere", "denied:confirm_elsewhere", "confirm_elsewhere"]);
    // Confirmed once.
    expect(confirmElsewhereContract(db, w.admin.actor, id)).toEqual({ ok: false, error: "conflict" });
  });

  it("the registrar may return it instead; corrected, it is filed again, and an import may confirm it with a number already taken", () => {
    const taken = ok(createContract(db, w.broker.actor, contractInput(parties()))).id;
    ok(submitContract(db, w.broker.actor, taken));
    ok(registerContract(db, w.admin.actor, taken, { intent: "register", registrationNo: "2026110108000321", acceptCodes: false }));
    const id = ok(createContract(db, w.seller.actor, contractInput({ ...parties(), ...BEIJING_SELLER }))).id;
    const now = new Date("2026-04-22T02:00:00Z");
    ok(fileElsewhere(db, w.seller.actor, id, elsewhereInput({ registrationNo: "2026110108000999" }), CERTIFICATE, null, now));
    expect(contract(id)).toMatchObject({ filedBy: w.seller.user.id, filedOnBehalf: false });
    ok(returnContract(db, w.admin.actor, id, "登记证明与登记编号不一致，请核对"));
    expect(contract(id)).toMatchObject({ status: "returned", returnReason: "登记证明与登记编号不一致，请核对" });
    ok(fileElsewhere(db, w.seller.actor, id, elsewhereInput(), CERTIFICATE, null, now));
    const outcome = writeTx(db, (tx) => confirmElsewhere(tx, id, { userId: null, nationalRecordId: 77 }, new Date("2026-05-02T02:00:00Z")));
    // The other office's number is already a platform registration number: kept as elsewhereNo only.
    expect(outcome).toEqual({ ok: true, id, registrationNo: null });
    expect(contract(id)).toMatchObject({ elsewhereConfirmedBy: null, registrationNo: null, registrationYear: 2026, elsewhereNo: "2026110108000321" });
    const event = db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, String(id)), eq(auditEvents.action, "confirm_elsewhere")))
      .get()!;
    expect(event).toMatchObject({ actorUserId: null, actorRole: "system:national_import" });
    expect((event.after as Json).nationalRecordId).toBe(77);
    expect(db.select().from(contractDocuments).where(eq(contractDocuments.contractId, id)).all()).toHaveLength(2);
  });

  it("through its page: the seller's side uploads the certificate; the parties and the registrar download it, nobody else", async () => {
    const id = ok(createContract(db, w.broker.actor, contractInput({ ...parties(), ...BEIJING_SELLER }))).id;
    const params = { id: String(id) };
    const page = await call(elsewherePage.loader, req(`/contracts/${id}/elsewhere`, { cookie: w.broker.cookie }), params);
    expect(page.body).toMatchObject({ open: true, sellerDivision: "110108" });
    const fields = { intent: "elsewhere", office: "北京市海淀区科学技术和经济信息化局", registrationNo: "2026110108000321", registeredOn: "2026-04-20" };
    const missing = await call(elsewherePage.action, multipart(`/contracts/${id}/elsewhere`, w.broker, fields, null), params);
    expect(missing.status).toBe(400);
    expect(missing.body!.result.error.certificate).toEqual(["请上传登记证明。"]);
    expect(missing.body!.result.initialValue.office).toBe(fields.office);
    const done = await call(elsewherePage.action, multipart(`/contracts/${id}/elsewhere`, w.broker, fields, CERTIFICATE), params);
    expect(done.status).toBe(302);
    expect(done.location).toBe(`/contracts/${id}?done=elsewhere`);
    const doc = db.select().from(contractDocuments).where(eq(contractDocuments.contractId, id)).get()!;
    const download = (who: TestUser | null) =>
      call(documentRoute.loader, req(`/contracts/${id}/documents/${doc.id}`, { cookie: who?.cookie }), { id: String(id), documentId: String(doc.id) });
    for (const who of [w.admin, w.broker, w.buyer, w.seller]) {
      const r = await download(who);
      expect(r.status).toBe(200);
      expect(r.response!.headers.get("Content-Type")).toBe("application/pdf");
      expect(r.response!.headers.get("X-Content-Type-Options")).toBe("nosniff");
    }
    for (const who of [w.other, w.otherBroker, null]) expect((await download(who)).status).toBe(404);
    // Under another contract's address the document is missing, even for the registrar.
    const elsewhereId = ok(createContract(db, w.broker.actor, contractInput(parties()))).id;
    const wrong = await call(documentRoute.loader, req(`/contracts/${elsewhereId}/documents/${doc.id}`, { cookie: w.admin.cookie }), {
      id: String(elsewhereId),
      documentId: String(doc.id),
    });
    expect(wrong.status).toBe(404);
    const buyerPage = await call(elsewherePage.loader, req(`/contracts/${id}/elsewhere`, { cookie: w.buyer.cookie }), params);
    expect(buyerPage.body).toMatchObject({ open: false });
    // A buyer's member is refused the filing form's action, with the reason.
    const again = await call(elsewherePage.action, multipart(`/contracts/${id}/elsewhere`, w.buyer, fields, CERTIFICATE), params);
    expect(again.status).toBe(403);
    expect(again.body!.error).toBe("只有卖方（登记方）或其委托的技术经纪人可以申请认定登记");
  });
});
