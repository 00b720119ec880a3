import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { auditEvents, contracts, matches, notifications } from "../../db/schema";
import * as newPage from "../../app/routes/contracts.new";
import * as detailPage from "../../app/routes/contracts.$id";
import * as editPage from "../../app/routes/contracts.$id_.edit";
import * as listPage from "../../app/routes/contracts._index";
import * as deskPage from "../../app/routes/admin.contracts._index";
import * as registerPage from "../../app/routes/admin.contracts.$id";
import { createAchievement } from "../../app/services/achievements.server";
import { createNeed } from "../../app/services/needs.server";
import { amendContract, createContract, submitContract } from "../../app/services/contract-filing.server";
import { listContractsForActor } from "../../app/services/contracts.server";
import { makeOrg, makeUser, req, statusOf, useAppDb } from "../helpers/app";
import { achievementInput, needInput } from "../helpers/world";
import { contractForm, contractInput, makeContractWorld, ok, partiesOf, type ContractWorld, registerCleared } from "./contracts-fixtures";

let db: Db;
let w: ContractWorld;
let cleanup: () => void;
const ctx = { context: { cspNonce: "" } };

beforeEach(async () => {
  ({ db, cleanup } = useAppDb());
  w = await makeContractWorld(db);
});
afterEach(() => cleanup());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(
  fn: (a: never) => unknown,
  path: string,
  opts: { cookie?: string; form?: Record<string, string | string[]>; params?: Record<string, string>; rid?: string } = {},
) {
  const request = req(path, { cookie: opts.cookie, form: opts.form, headers: opts.rid ? { "x-request-id": opts.rid } : undefined });
  const out = await statusOf(() => fn({ request, params: opts.params ?? {}, ...ctx } as never));
  const body = out.response && out.response.headers.get("Content-Type")?.includes("json") ? ((await out.response.json()) as Json) : null;
  return { status: out.status, body, location: out.response?.headers.get("Location") ?? null };
}

const contract = (id: number) => db.select().from(contracts).where(eq(contracts.id, id)).get()!;
const auditOf = (id: number | string) =>
  db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entity, "contract"), eq(auditEvents.entityId, String(id))))
    .all();

/** A broker's contract between the world's buyer and seller, submitted. */
function submittedByBroker(overrides = {}) {
  const id = ok(createContract(db, w.broker.actor, contractInput({ ...partiesOf(db, w.buyerOrg.id, w.sellerOrg.id), ...overrides }))).id;
  ok(submitContract(db, w.broker.actor, id));
  return id;
}

describe("recording a contract", () => {
  it("a certified broker records one through the form: amounts in 万元 become fen, parties link by credit code, audited", async () => {
    const r = await call(newPage.action, "/contracts/new", {
      cookie: w.broker.cookie,
      rid: "req-create-1",
      form: contractForm(db, w.buyerOrg.id, w.sellerOrg.id, {
        commissionRatePercent: "3.5",
        "milestones[0].title": "签约预付",
        "milestones[0].dueOn": "2026-04-01",
        "milestones[0].amountWan": "114",
        "milestones[1].title": "中试验收",
        "milestones[1].dueOn": "2026-12-31",
        "milestones[1].amountWan": "266",
        "milestones[2].title": "",
        "milestones[2].dueOn": "",
        "milestones[2].amountWan": "",
      }),
    });
    expect(r.status).toBe(302);
    const id = Number(r.location!.match(/\/contracts\/(\d+)/)![1]);
    const c = contract(id);
    expect(c).toMatchObject({
      status: "draft",
      familyId: id,
      amendmentNo: 0,
      brokerUserId: w.broker.user.id,
      contractValueFen: 380_000_000,
      techValueFen: 320_000_000,
      commissionRateBp: 350,
      commissionFixedFen: null,
      buyerOrgId: w.buyerOrg.id,
      sellerOrgId: w.sellerOrg.id,
    });
    expect(c.milestones).toEqual([
      { title: "签约预付", dueOn: "2026-04-01", amountFen: 114_000_000 },
      { title: "中试验收", dueOn: "2026-12-31", amountFen: 266_000_000 },
    ]);
    const [created] = auditOf(id);
    expect(created).toMatchObject({ action: "create", actorUserId: w.broker.user.id, actorRole: "broker", requestId: "req-create-1" });
    expect((created!.after as Json).contractValueFen).toBe(380_000_000);
  });

  for (const state of ["suspendedBroker", "expiredBroker"] as const) {
    it(`a ${state === "suspendedBroker" ? "suspended" : "expired"} broker may not record: page and form are refused, and the refusal is audited`, async () => {
      const who = w[state];
      expect((await call(newPage.loader, "/contracts/new", { cookie: who.cookie })).status).toBe(403);
      const r = await call(newPage.action, "/contracts/new", { cookie: who.cookie, form: contractForm(db, w.buyerOrg.id, w.sellerOrg.id) });
      expect(r.status).toBe(403);
      expect(r.body!.error).toContain("经纪人资格");
      expect(db.select().from(contracts).all()).toHaveLength(0);
      expect(auditOf("new").map((a) => [a.action, a.actorUserId])).toEqual([["denied:create", who.user.id]]);
      // The service refuses on its own too, whatever a route does.
      expect(createContract(db, who.actor, contractInput())).toEqual({ ok: false, error: "inactive_broker" });
    });
  }

  it("the registrar does not record contracts", async () => {
    expect((await call(newPage.loader, "/contracts/new", { cookie: w.admin.cookie })).status).toBe(403);
    expect((await call(newPage.action, "/contracts/new", { cookie: w.admin.cookie, form: {} })).status).toBe(403);
  });

  it("a member records a contract signed off the platform only when his organisation is a party", async () => {
    const own = await call(newPage.action, "/contracts/new", { cookie: w.seller.cookie, form: contractForm(db, w.buyerOrg.id, w.sellerOrg.id) });
    expect(own.status).toBe(302);
    const c = contract(Number(own.location!.split("/").pop()!.split("?")[0]));
    expect(c.brokerUserId).toBeNull();
    const stranger = await call(newPage.action, "/contracts/new", { cookie: w.other.cookie, form: contractForm(db, w.buyerOrg.id, w.sellerOrg.id) });
    expect(stranger.status).toBe(400);
    expect(stranger.body!.result.error.sellerCreditCode[0]).toContain("买方或卖方");
    // A member's contract carries no brokerage fee.
    const fee = await call(newPage.action, "/contracts/new", {
      cookie: w.seller.cookie,
      form: contractForm(db, w.buyerOrg.id, w.sellerOrg.id, { commissionFixedWan: "5" }),
    });
    expect(fee.status).toBe(400);
  });

  it("a member of an organisation the Bureau has not verified may draft but not submit", async () => {
    const pending = makeOrg(db, "institute", { verified: false });
    const member = await makeUser(db, "institute", pending.id);
    const id = ok(createContract(db, member.actor, contractInput(partiesOf(db, w.buyerOrg.id, pending.id)))).id;
    const r = await call(detailPage.action, `/contracts/${id}`, { cookie: member.cookie, params: { id: String(id) }, form: { intent: "submit" } });
    expect(r.status).toBe(403);
    expect(r.body!.error).toContain("认证");
    expect(contract(id).status).toBe("draft");
    expect(auditOf(id).map((a) => a.action)).toEqual(["create", "denied:submit"]);
  });

  it("refuses inconsistent forms with field errors and keeps what was typed", async () => {
    const form = (o: Record<string, string | string[]>) => contractForm(db, w.buyerOrg.id, w.sellerOrg.id, o);
    const cases: [Record<string, string | string[]>, string][] = [
      [{ equipmentWan: "200", otherWan: "200" }, "nonTechItems"],
      [{ subType: "patent_exclusive" }, "subType"],
      [{ termEnd: "2026-01-01" }, "termEnd"],
      [{ buyerDivision: "1411" }, "buyerDivision"],
      [{ buyerCreditCode: "91141181MA0ABCDE1Z" }, "buyerCreditCode"],
      [{ commissionRatePercent: "3", commissionFixedWan: "2" }, "commissionFixedWan"],
      [{ "milestones[0].title": "预付", "milestones[0].dueOn": "2026-04-01", "milestones[0].amountWan": "100" }, "milestones"],
      [{ contractValueWan: "0", otherWan: "" }, "contractValueWan"],
    ];
    for (const [overrides, field] of cases) {
      const r = await call(newPage.action, "/contracts/new", { cookie: w.broker.cookie, form: form(overrides) });
      expect(r.status, field).toBe(400);
      expect(r.body!.result.error[field], field).toBeTruthy();
      expect(r.body!.result.initialValue.title).toBe("焦炉煤气变压吸附制氢提纯技术开发");
    }
    expect(db.select().from(contracts).all()).toHaveLength(0);
  });

  it("accepts a natural person's ID number, and a pilot credit code only when declared", async () => {
    const person = "11010519491231002X";
    const r = await call(newPage.action, "/contracts/new", {
      cookie: w.broker.cookie,
      form: contractForm(db, w.buyerOrg.id, w.sellerOrg.id, { sellerName: "张建国", sellerCreditCode: person, type: "TRF", subType: "patent" }),
    });
    expect(r.status).toBe(302);
    const pilot = "91350100M0001TGQXM"; // a real early pilot code whose check character does not compute
    const refused = await call(newPage.action, "/contracts/new", {
      cookie: w.broker.cookie,
      form: contractForm(db, w.buyerOrg.id, w.sellerOrg.id, { buyerCreditCode: pilot }),
    });
    expect(refused.status).toBe(400);
    const declared = await call(newPage.action, "/contracts/new", {
      cookie: w.broker.cookie,
      form: contractForm(db, w.buyerOrg.id, w.sellerOrg.id, { buyerCreditCode: pilot, codeCheckWaiver: "on" }),
    });
    expect(declared.status).toBe(302);
  });

  it("from a deal: the deal's broker gets the parties filled in; anyone else's deal is a 404 and audited", async () => {
    const need = ok(createNeed(db, w.buyer.actor, needInput())).id;
    const ach = ok(createAchievement(db, w.seller.actor, achievementInput())).id;
    const matchId = writeTx(db, (tx) =>
      tx.insert(matches).values({ needId: need, achievementId: ach, brokerUserId: w.broker.user.id, stage: "negotiating", source: "broker" }).returning().get(),
    ).id;
    const page = await call(newPage.loader, `/contracts/new?matchId=${matchId}`, { cookie: w.broker.cookie });
    expect(page.status).toBe(200);
    expect(page.body!.defaults).toMatchObject({
      matchId: String(matchId),
      buyerName: w.buyerOrg.name,
      buyerCreditCode: w.buyerOrg.creditCode,
      sellerName: w.sellerOrg.name,
      sellerCreditCode: w.sellerOrg.creditCode,
      sellerDivision: "141102",
    });
    expect((await call(newPage.loader, `/contracts/new?matchId=${matchId}`, { cookie: w.otherBroker.cookie })).status).toBe(404);
    const stolen = await call(newPage.action, "/contracts/new", {
      cookie: w.otherBroker.cookie,
      form: contractForm(db, w.buyerOrg.id, w.sellerOrg.id, { matchId: String(matchId) }),
    });
    expect(stolen.status).toBe(404);
    expect(auditOf("new").map((a) => a.action)).toEqual(["denied:create"]);
    const mine = await call(newPage.action, "/contracts/new", {
      cookie: w.broker.cookie,
      form: contractForm(db, w.buyerOrg.id, w.sellerOrg.id, { matchId: String(matchId) }),
    });
    expect(mine.status).toBe(302);
    expect(contract(Number(mine.location!.split("/").pop()!.split("?")[0])).matchId).toBe(matchId);
  });
});

describe("who sees a contract (W2)", () => {
  it("another enterprise gets a 404 by URL, by data request and by a POST naming its id, and the POST is audited", async () => {
    const id = submittedByBroker();
    const params = { id: String(id) };
    expect((await call(detailPage.loader, `/contracts/${id}`, { cookie: w.other.cookie, params })).status).toBe(404);
    const data = await call(detailPage.loader, `/contracts/${id}?_routes=routes%2Fcontracts.%24id`, { cookie: w.other.cookie, params });
    expect(data.status).toBe(404);
    expect(JSON.stringify(data.body)).not.toContain("焦炉煤气");
    const post = await call(detailPage.action, `/contracts/${id}`, { cookie: w.other.cookie, params, form: { intent: "submit" } });
    expect(post.status).toBe(404);
    expect(auditOf(id).at(-1)).toMatchObject({ action: "denied:submit", actorUserId: w.other.user.id });
    expect((await call(editPage.loader, `/contracts/${id}/edit`, { cookie: w.other.cookie, params })).status).toBe(404);
    expect(listContractsForActor(db, w.other.actor)).toHaveLength(0);
  });

  it("the parties see a contract once it leaves the recorder's drafts; the recorder and the Bureau see it always", async () => {
    const id = ok(createContract(db, w.broker.actor, contractInput(partiesOf(db, w.buyerOrg.id, w.sellerOrg.id)))).id;
    const params = { id: String(id) };
    const status = async (cookie: string) => (await call(detailPage.loader, `/contracts/${id}`, { cookie, params })).status;
    expect(await status(w.buyer.cookie)).toBe(404);
    expect(await status(w.broker.cookie)).toBe(200);
    expect(await status(w.admin.cookie)).toBe(200);
    expect(await status(w.otherBroker.cookie)).toBe(404);
    ok(submitContract(db, w.broker.actor, id));
    expect(await status(w.buyer.cookie)).toBe(200);
    expect(await status(w.seller.cookie)).toBe(200);
    expect(await status(w.other.cookie)).toBe(404);
    const list = await call(listPage.loader, "/contracts", { cookie: w.buyer.cookie });
    expect(list.body!.rows.map((r: Json) => r.id)).toEqual([id]);
    // A party may look but not act: the recorder's side submits and amends.
    expect((await call(detailPage.action, `/contracts/${id}`, { cookie: w.buyer.cookie, params, form: { intent: "amend" } })).status).toBe(403);
  });

  it("only an admin reaches the registration desk", async () => {
    const id = submittedByBroker();
    for (const who of [w.buyer, w.seller, w.broker, w.other]) {
      expect((await call(deskPage.loader, "/admin/contracts", { cookie: who.cookie })).status).toBe(403);
      expect((await call(registerPage.loader, `/admin/contracts/${id}`, { cookie: who.cookie, params: { id: String(id) } })).status).toBe(403);
    }
    const desk = await call(deskPage.loader, "/admin/contracts", { cookie: w.admin.cookie });
    expect(desk.body!.submitted.map((r: Json) => r.id)).toEqual([id]);
  });
});

describe("registration (认定登记)", () => {
  it("only an admin registers; the number is stored, the year is Beijing's, the recorder is told, all audited", async () => {
    const id = submittedByBroker();
    const params = { id: String(id) };
    for (const who of [w.broker, w.buyer, w.seller]) {
      const r = await call(registerPage.action, `/admin/contracts/${id}`, {
        cookie: who.cookie,
        params,
        form: { intent: "register", registrationNo: "2026141100000001" },
      });
      expect(r.status).toBe(403);
    }
    expect(contract(id).status).toBe("submitted");
    expect(auditOf(id).filter((a) => a.action === "denied:register")).toHaveLength(3);

    const r = await call(registerPage.action, `/admin/contracts/${id}`, {
      cookie: w.admin.cookie,
      params,
      rid: "req-register",
      form: {
        intent: "register",
        registrationNo: " 2026 1411 0000 0001 ",
        equipmentWan: "20",
        otherWan: "60",
        correctionReason: "设备购置费未列入非技术性费用",
      },
    });
    expect(r.status).toBe(302);
    const c = contract(id);
    expect(c).toMatchObject({ status: "registered", registrationNo: "2026141100000001", techValueFen: 300_000_000, registeredBy: w.admin.user.id });
    expect(c.registrationYear).toBe(Number(new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date(c.registeredAt!))));
    const reg = auditOf(id).find((a) => a.action === "register")!;
    expect(reg).toMatchObject({ actorRole: "admin", requestId: "req-register" });
    expect((reg.before as Json).techValueFen).toBe(320_000_000);
    expect((reg.after as Json).techValueFen).toBe(300_000_000);
    const note = db.select().from(notifications).where(eq(notifications.userId, w.broker.user.id)).get()!;
    expect(note).toMatchObject({ kind: "contract_registered", link: `/contracts/${id}` });
    expect(note.params).toMatchObject({ number: "2026141100000001" });
  });

  it("the year is the Beijing year: 2025-12-31 16:30 UTC is already 2026", () => {
    const id = submittedByBroker();
    ok(
      registerCleared(
        db,
        w.admin.actor,
        id,
        { intent: "register", registrationNo: "2026141100000777", acceptCodes: false },
        null,
        new Date("2025-12-31T16:30:00Z"),
      ),
    );
    expect(contract(id).registrationYear).toBe(2026);
  });

  it("a registration number already used is a clear field error, not a 500", async () => {
    const first = submittedByBroker();
    const second = submittedByBroker({ title: "赤泥提铁技术转让" });
    ok(registerCleared(db, w.admin.actor, first, { intent: "register", registrationNo: "2026141100000002", acceptCodes: false }));
    const r = await call(registerPage.action, `/admin/contracts/${second}`, {
      cookie: w.admin.cookie,
      params: { id: String(second) },
      form: { intent: "register", registrationNo: "2026141100000002" },
    });
    expect(r.status).toBe(400);
    expect(r.body!.result.error.registrationNo[0]).toBe("该登记编号已被另一份合同使用，请核对");
    expect(contract(second).status).toBe("submitted");
  });

  it("the corrected items cannot exceed the contract value, and a pilot code needs the registrar's acceptance", async () => {
    const pilot = "91350100M0001TGQXM";
    const id = submittedByBroker({ buyerCreditCode: pilot, codeCheckWaiver: true });
    const params = { id: String(id) };
    const tooMuch = await call(registerPage.action, `/admin/contracts/${id}`, {
      cookie: w.admin.cookie,
      params,
      form: { intent: "register", registrationNo: "2026141100000003", otherWan: "500", correctionReason: "其他费用核减" },
    });
    expect(tooMuch.status).toBe(400);
    expect(Object.keys(tooMuch.body!.result.error).sort()).toEqual(["acceptCodes", "nonTechItems"]);
    const accepted = await call(registerPage.action, `/admin/contracts/${id}`, {
      cookie: w.admin.cookie,
      params,
      form: { intent: "register", registrationNo: "2026141100000003", acceptCodes: "on" },
    });
    expect(accepted.status).toBe(302);
    expect((auditOf(id).find((a) => a.action === "register")!.after as Json).codesAccepted).toEqual([pilot]);
  });

  it("a returned contract shows its reason to the recorder, can be corrected and resubmitted", async () => {
    const id = submittedByBroker();
    const params = { id: String(id) };
    const missing = await call(registerPage.action, `/admin/contracts/${id}`, { cookie: w.admin.cookie, params, form: { intent: "return", reason: "" } });
    expect(missing.status).toBe(400);
    const back = await call(registerPage.action, `/admin/contracts/${id}`, {
      cookie: w.admin.cookie,
      params,
      form: { intent: "return", reason: "技术交易额未扣除设备费，请补充设备清单后重新申报" },
    });
    expect(back.status).toBe(302);
    expect(contract(id).status).toBe("returned");
    const note = db.select().from(notifications).where(eq(notifications.userId, w.broker.user.id)).get()!;
    expect(note.kind).toBe("contract_returned");
    const page = await call(detailPage.loader, `/contracts/${id}`, { cookie: w.broker.cookie, params });
    expect(page.body!.view.contract.returnReason).toContain("设备费");
    expect(page.body!.view.actions).toEqual(["edit", "submit"]);

    const edit = await call(editPage.action, `/contracts/${id}/edit`, {
      cookie: w.broker.cookie,
      params,
      form: contractForm(db, w.buyerOrg.id, w.sellerOrg.id, { equipmentWan: "70", otherWan: "60" }),
    });
    expect(edit.status).toBe(302);
    expect(contract(id)).toMatchObject({ status: "returned", techValueFen: 250_000_000 });
    const again = await call(detailPage.action, `/contracts/${id}`, { cookie: w.broker.cookie, params, form: { intent: "submit" } });
    expect(again.status).toBe(302);
    expect(contract(id)).toMatchObject({ status: "submitted", returnReason: null });
    expect(auditOf(id).map((a) => a.action)).toEqual(["create", "submit", "return", "update", "submit"]);
  });
});

describe("a registered contract changes only by amendment", () => {
  it("cannot be edited or resubmitted; an amendment is registered in its turn and supersedes it in the same step", async () => {
    const id = submittedByBroker();
    ok(
      registerCleared(
        db,
        w.admin.actor,
        id,
        { intent: "register", registrationNo: "2025141100000010", acceptCodes: false },
        null,
        new Date("2025-11-03T02:00:00Z"),
      ),
    );
    const params = { id: String(id) };
    expect((await call(editPage.loader, `/contracts/${id}/edit`, { cookie: w.broker.cookie, params })).status).toBe(403);
    const edit = await call(editPage.action, `/contracts/${id}/edit`, {
      cookie: w.broker.cookie,
      params,
      form: contractForm(db, w.buyerOrg.id, w.sellerOrg.id),
    });
    expect(edit.status).toBe(403);
    expect((await call(detailPage.action, `/contracts/${id}`, { cookie: w.broker.cookie, params, form: { intent: "submit" } })).status).toBe(403);
    expect(contract(id).status).toBe("registered");

    const amend = await call(detailPage.action, `/contracts/${id}`, { cookie: w.broker.cookie, params, form: { intent: "amend" } });
    expect(amend.status).toBe(302);
    const amendmentId = Number(amend.location!.match(/\/contracts\/(\d+)\/edit/)![1]);
    expect(contract(amendmentId)).toMatchObject({ familyId: id, amendsId: id, amendmentNo: 1, status: "draft", registrationNo: null });
    // One amendment at a time.
    expect(amendContract(db, w.broker.actor, id)).toEqual({ ok: false, error: "conflict" });

    const changed = await call(editPage.action, `/contracts/${amendmentId}/edit`, {
      cookie: w.broker.cookie,
      params: { id: String(amendmentId) },
      form: contractForm(db, w.buyerOrg.id, w.sellerOrg.id, { contractValueWan: "450", otherWan: "50" }),
    });
    expect(changed.status).toBe(302);
    ok(submitContract(db, w.broker.actor, amendmentId));
    expect(contract(id).supersededAt).toBeNull();
    ok(
      registerCleared(
        db,
        w.admin.actor,
        amendmentId,
        { intent: "register", registrationNo: "2026141100000011", acceptCodes: false },
        null,
        new Date("2026-02-10T02:00:00Z"),
      ),
    );
    const original = contract(id);
    const amended = contract(amendmentId);
    expect(original.supersededAt).toBe(amended.registeredAt);
    // The family stays in the year of its first registration.
    expect(amended.registrationYear).toBe(2025);
    expect(amendContract(db, w.broker.actor, id)).toEqual({ ok: false, error: "conflict" });
    expect(auditOf(id).map((a) => a.action)).toEqual([
      "create",
      "submit",
      "register",
      "denied:update",
      "denied:submit",
      "denied:amend",
      "supersede",
      "denied:amend",
    ]);
    // The amendment is the family's current version: it can be amended again.
    expect(ok(amendContract(db, w.broker.actor, amendmentId)).id).toBeGreaterThan(amendmentId);
  });
});

describe("every change and every refusal leaves an audit row (W9)", () => {
  it("records actor, role, organisation, action, target, before/after in fen, request id and UTC time", async () => {
    const before = db.select().from(auditEvents).all().length;
    const id = submittedByBroker();
    ok(
      registerCleared(
        db,
        w.admin.actor,
        id,
        { intent: "register", registrationNo: "2026141100000020", acceptCodes: false, otherFen: 70_000_000, correctionReason: "其他费用核增" },
        "rid-w9",
      ),
    );
    await call(detailPage.action, `/contracts/${id}`, { cookie: w.other.cookie, params: { id: String(id) }, form: { intent: "amend" }, rid: "rid-denied" });
    const rows = db.select().from(auditEvents).all().slice(before);
    expect(rows.map((r) => r.action)).toEqual(["create", "submit", "register", "denied:amend"]);
    for (const r of rows) {
      expect(r.entity).toBe("contract");
      expect(r.entityId).toBe(String(id));
      expect(r.actorUserId).not.toBeNull();
      expect(r.actorRole).not.toBeNull();
      expect(r.actorOrgId).not.toBeNull();
      expect(r.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
    const reg = rows[2]!;
    expect([(reg.before as Json).techValueFen, (reg.after as Json).techValueFen]).toEqual([320_000_000, 310_000_000]);
    expect(reg.requestId).toBe("rid-w9");
    expect(rows[3]).toMatchObject({ actorUserId: w.other.user.id, requestId: "rid-denied", before: null, after: null });
    // The trail is append-only.
    expect(() => db.$client.prepare("UPDATE audit_events SET action = 'x' WHERE id = ?").run(reg.id)).toThrow();
  });

  it("a credit code typed in lower case, full-width or with spaces is stored in one form and still finds its organisation", async () => {
    const typed = w.buyerOrg.creditCode
      .toLowerCase()
      .replace(/^(.{4})/, "$1 ")
      .replace("1", "１");
    const r = await call(newPage.action, "/contracts/new", {
      cookie: w.broker.cookie,
      form: contractForm(db, w.buyerOrg.id, w.sellerOrg.id, { buyerCreditCode: typed }),
    });
    expect(r.status).toBe(302);
    const c = contract(Number(r.location!.split("/").pop()!.split("?")[0]));
    expect(c.buyerCreditCode).toBe(w.buyerOrg.creditCode);
    expect(c.buyerOrgId).toBe(w.buyerOrg.id);
  });
});
