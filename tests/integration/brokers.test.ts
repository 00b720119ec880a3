import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { brokers, contracts, matches, needClaims, users } from "../../db/schema";
import * as adminBrokers from "../../app/routes/admin.brokers._index";
import * as adminClaims from "../../app/routes/admin.brokers.claims";
import * as applyPage from "../../app/routes/broker.apply";
import * as workbench from "../../app/routes/broker._index";
import * as directory from "../../app/routes/brokers._index";
import * as profile from "../../app/routes/brokers.$id";
import { applyAsBroker, cohortProgress, decideBroker, getPublicBroker, listPublicBrokers } from "../../app/services/brokers.server";
import { claimNeed, listOpenNeeds, reassignNeed } from "../../app/services/claims.server";
import { createNeed } from "../../app/services/needs.server";
import { transitionListing } from "../../app/services/listings.server";
import { getSearch } from "../../app/services/search.server";
import { renderNotification } from "../../app/services/notifications.server";
import { translate } from "../../app/i18n";
import { createTestDb } from "../helpers/db";
import { makeOrg, makeUser, req, statusOf, useAppDb } from "../helpers/app";
import { makeWorld, needInput, type World } from "../helpers/world";
import { auditActions, certify, inbox, makeDealWorld } from "./deals-fixtures";

let db: Db;
let cleanup: () => void;
beforeEach(() => {
  ({ db, cleanup } = useAppDb());
});
afterEach(() => cleanup());

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: { cspNonce: "" } });

async function body<T>(r: unknown): Promise<T> {
  return (await (r as Response).json()) as T;
}

function application(agencyId: number, overrides: Record<string, string | string[]> = {}) {
  return {
    certificateNo: "ll-jjr-2026-0101",
    grade: "junior",
    validFrom: "2026-01-01",
    validUntil: "2029-12-31",
    chains: ["hydrogen", "solid-waste"],
    cohort: "2026-1",
    orgId: String(agencyId),
    bio: "焦化企业工程师，完成第一期培训。",
    ...overrides,
  };
}

describe("certification", () => {
  it("a broker applies, the Bureau certifies him; each step is audited and he is told in his language", async () => {
    const w = await makeWorld(db);
    writeTx(db, (tx) => tx.update(users).set({ locale: "en" }).where(eq(users.id, w.broker.user.id)).run());
    const res = await statusOf(() => applyPage.action(args(req("/broker/apply", { cookie: w.broker.cookie, form: application(w.broker.user.orgId) }))));
    expect(res.status).toBe(302);
    const row = db.select().from(brokers).where(eq(brokers.userId, w.broker.user.id)).get()!;
    expect(row).toMatchObject({ status: "applied", certificateNo: "LL-JJR-2026-0101", grade: "junior", chains: ["hydrogen", "solid-waste"], cohort: "2026-1" });

    // Another person may not decide, and the attempt is on record.
    const denied = await statusOf(() =>
      adminBrokers.action(args(req("/admin/brokers", { cookie: w.enterprise.cookie, form: { intent: "certify", brokerId: String(row.id) } }))),
    );
    expect(denied.status).toBe(403);
    expect(decideBroker(db, w.broker.actor, { intent: "certify", brokerId: row.id, note: undefined })).toEqual({ ok: false, error: "forbidden" });
    expect(auditActions(db, "broker", row.id)).toEqual(["apply", "denied:certify"]);

    const done = await statusOf(() =>
      adminBrokers.action(args(req("/admin/brokers", { cookie: w.admin.cookie, form: { intent: "certify", brokerId: String(row.id) } }))),
    );
    expect(done.status).toBe(302);
    expect(db.select().from(brokers).where(eq(brokers.id, row.id)).get()).toMatchObject({ status: "certified", decidedBy: w.admin.user.id });
    expect(auditActions(db, "broker", row.id)).toEqual(["apply", "denied:certify", "certify"]);
    const messages = inbox(db, w.broker);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ kind: "broker_decided", params: { statusKey: "broker.status.certified" }, link: "/broker" });
    expect(renderNotification("en", messages[0]!)).toBe("Your broker certification application: Certified");
    expect(renderNotification("zh-CN", messages[0]!)).toBe(`您的技术经纪人资格申请结果：${translate("zh-CN", "broker.status.certified")}`);

    // Once certified the application is the Bureau's, not his, to change.
    const again = await statusOf(() => applyPage.action(args(req("/broker/apply", { cookie: w.broker.cookie, form: application(w.broker.user.orgId) }))));
    expect(again.status).toBe(409);
  });

  it("suspends, revokes and rejects only with a reason and only from the states that allow it", async () => {
    const w = await makeWorld(db);
    const b = certify(db, w.broker, "certified");
    const noReason = await statusOf(() =>
      adminBrokers.action(args(req("/admin/brokers", { cookie: w.admin.cookie, form: { intent: "suspend", brokerId: String(b.id) } }))),
    );
    expect(noReason.status).toBe(400);
    expect(decideBroker(db, w.admin.actor, { intent: "suspend", brokerId: b.id, note: "客户投诉核查中" })).toEqual({ ok: true });
    expect(inbox(db, w.broker).at(-1)!.params).toEqual({ statusKey: "broker.status.suspended", note: "客户投诉核查中" });
    expect(renderNotification("zh-CN", inbox(db, w.broker).at(-1)!)).toBe("您的技术经纪人资格申请结果：已暂停（客户投诉核查中）");
    expect(renderNotification("en", inbox(db, w.broker).at(-1)!)).toBe(
      `Your broker certification application: ${translate("en", "broker.status.suspended")} (客户投诉核查中)`,
    );
    expect(decideBroker(db, w.admin.actor, { intent: "reject", brokerId: b.id, note: "x" })).toEqual({ ok: false, error: "conflict" });
    expect(decideBroker(db, w.admin.actor, { intent: "certify", brokerId: b.id, note: undefined })).toEqual({ ok: true });
    expect(decideBroker(db, w.admin.actor, { intent: "revoke", brokerId: b.id, note: "证书注销" })).toEqual({ ok: true });
    expect(decideBroker(db, w.admin.actor, { intent: "certify", brokerId: b.id, note: undefined })).toEqual({ ok: false, error: "conflict" });
    expect(auditActions(db, "broker", b.id)).toEqual(["suspend", "denied:reject", "certify", "revoke", "denied:certify"]);
    expect(inbox(db, w.broker).map((n) => n.kind)).toEqual(["broker_decided", "broker_decided", "broker_decided"]);
  });

  it("checks the application: certificate format, validity order, a verified agency, known chains, a certificate nobody else holds", async () => {
    const w = await makeWorld(db);
    const bad = await statusOf(() =>
      applyPage.action(
        args(
          req("/broker/apply", {
            cookie: w.broker.cookie,
            form: application(w.broker.user.orgId, { certificateNo: "证书/1", validUntil: "2025-01-01", cohort: "first" }),
          }),
        ),
      ),
    );
    expect(bad.status).toBe(400);
    const errors = (await body<{ result: { error: Record<string, string[]> } }>(bad.response)).result.error;
    expect(Object.keys(errors).sort()).toEqual(["certificateNo", "cohort", "validUntil"]);

    const otherBroker = await makeUser(db, "broker", w.broker.user.orgId);
    certify(db, otherBroker, "certified", { certificateNo: "LL-JJR-2026-0101" });
    const enterpriseOrg = w.enterprise.user.orgId;
    const refused = applyAsBroker(db, w.broker.actor, { ...parsedApplication(w.broker.user.orgId), orgId: enterpriseOrg, chains: ["no-such-chain"] });
    expect(refused).toEqual({ ok: false, fieldErrors: { orgId: ["v.choose"], chains: ["v.choose"], certificateNo: ["v.certificateTaken"] } });
    expect(applyAsBroker(db, w.enterprise.actor, parsedApplication(w.broker.user.orgId))).toEqual({ ok: false, error: "forbidden" });
    expect(db.select().from(brokers).where(eq(brokers.userId, w.broker.user.id)).get()).toBeUndefined();
  });
});

function parsedApplication(orgId: number) {
  return {
    certificateNo: "LL-JJR-2026-0101",
    grade: "junior" as const,
    validFrom: "2026-01-01",
    validUntil: "2029-12-31",
    chains: ["hydrogen"],
    cohort: "2026-1",
    orgId,
    bio: undefined,
  };
}

describe("public directory", () => {
  it("lists certified brokers in force with grade, specialties and track record; counts registered, current contracts once", async () => {
    const w = await makeDealWorld(db);
    const suspended = await makeUser(db, "broker", w.broker.user.orgId);
    certify(db, suspended, "suspended");
    const expired = await makeUser(db, "broker", w.broker.user.orgId);
    certify(db, expired, "expired");
    writeTx(db, (tx) => tx.update(matches).set({ stage: "signed" }).where(eq(matches.id, w.matchId)).run());
    const contract = (overrides: Partial<typeof contracts.$inferInsert>) =>
      writeTx(db, (tx) =>
        tx
          .insert(contracts)
          .values({
            brokerUserId: w.broker.user.id,
            title: "焦炉煤气制氢提纯技术开发",
            type: "DEV",
            subType: "commissioned",
            buyerName: "甲",
            buyerCreditCode: "91141181MA0XXXXXX0",
            buyerDivision: "141181",
            sellerName: "乙",
            sellerCreditCode: "12141100MA0YYYYYY0",
            sellerDivision: "141102",
            contractValueFen: 5_000_000_00,
            techValueFen: 4_000_000_00,
            otherFen: 1_000_000_00,
            signedOn: "2026-03-18",
            termStart: "2026-03-18",
            termEnd: "2027-03-18",
            paymentMode: "lump_sum_once",
            milestones: [],
            contractFieldCode: "C07",
            ipTypes: [],
            createdBy: w.broker.user.id,
            ...overrides,
          })
          .run(),
      );
    contract({ status: "registered", registrationNo: "2026140000000001" });
    // Superseded by an amendment: only the amendment's value counts.
    const tech = (fen: number) => ({ techValueFen: fen, otherFen: 5_000_000_00 - fen });
    contract({ status: "registered", registrationNo: "2026140000000002", ...tech(1_000_000_00), supersededAt: "2026-05-01T00:00:00.000Z" });
    contract({ status: "registered", registrationNo: "2026140000000003", ...tech(1_500_000_00) });
    contract({ status: "submitted", ...tech(4_500_000_00) });
    contract({ status: "registered", registrationNo: "2026140000000004", brokerUserId: w.rival.user.id, ...tech(7) });

    const listed = listPublicBrokers(db);
    expect(listed.map((b) => b.userId).sort()).toEqual([w.broker.user.id, w.rival.user.id].sort());
    const mine = listed.find((b) => b.userId === w.broker.user.id)!;
    expect(mine).toMatchObject({
      dealsClosed: 1,
      registeredValueFen: 5_500_000_00,
      registeredContracts: 2,
      grade: "intermediate",
      chains: ["hydrogen", "coal-chemistry"],
    });
    expect(listed.find((b) => b.userId === w.rival.user.id)).toMatchObject({ dealsClosed: 0, registeredValueFen: 7 });

    const page = await body<{ brokers: { id: number }[]; progress: { done: number; target: number; year: number } }>(
      await directory.loader(args(req("/brokers?chain=coal-chemistry"))),
    );
    expect(page.brokers).toHaveLength(2);
    // Four of the 2026-1 cohort were certified: the suspended and the expired were trained too.
    expect(page.progress).toMatchObject({ year: 2026, target: 50, done: 4 });
    const none = await body<{ brokers: unknown[] }>(await directory.loader(args(req("/brokers?chain=fenjiu-food"))));
    expect(none.brokers).toHaveLength(0);

    expect((await statusOf(() => profile.loader(args(req(`/brokers/${mine.id}`), { id: String(mine.id) })))).status).toBe(200);
    const hidden = db.select().from(brokers).where(eq(brokers.userId, suspended.user.id)).get()!;
    expect((await statusOf(() => profile.loader(args(req(`/brokers/${hidden.id}`), { id: String(hidden.id) })))).status).toBe(404);
    expect(getPublicBroker(db, db.select().from(brokers).where(eq(brokers.userId, expired.user.id)).get()!.id)).toBeNull();
  });

  it("counts the first phase's cohorts against the brokers_trained target, not brokers certified before it", async () => {
    const agency = makeOrg(db, "agency");
    const cases = [
      ["2026-1", "certified"],
      ["2026-1", "suspended"],
      ["2026-1", "revoked"],
      ["2026-1", "applied"],
      ["2025-2", "expired"],
      [null, "certified"],
      ["2027-1", "certified"],
    ] as const;
    for (const [cohort, state] of cases) certify(db, await makeUser(db, "broker", agency.id), state, { cohort });
    expect(cohortProgress(db)).toMatchObject({
      year: 2026,
      target: 50,
      done: 3,
      byCohort: [
        { cohort: "2025-2", n: 1 },
        { cohort: "2026-1", n: 2 },
      ],
    });
  });
});

describe("claiming needs", () => {
  let w: World;
  beforeEach(async () => {
    w = await makeWorld(db);
    await getSearch().relay.drain();
  });

  it("a certified broker takes a need; its enterprise hears of it; a second claim is refused cleanly", async () => {
    certify(db, w.broker);
    const rival = await makeUser(db, "broker", w.broker.user.orgId);
    certify(db, rival);
    const res = await statusOf(() =>
      workbench.action(args(req("/broker", { cookie: w.broker.cookie, form: { intent: "claim", needId: String(w.needs.published) } }))),
    );
    expect(res.status).toBe(302);
    expect(res.response!.headers.get("Location")).toBe(`/broker/needs/${w.needs.published}?done=claimed`);
    expect(inbox(db, w.enterprise).filter((n) => n.kind === "need_claimed")).toMatchObject([
      { kind: "need_claimed", params: { title: "已发布需求：焦炉煤气制氢", broker: w.broker.user.name } },
    ]);

    const second = await statusOf(() =>
      workbench.action(args(req("/broker", { cookie: rival.cookie, form: { intent: "claim", needId: String(w.needs.published) } }))),
    );
    expect(second.status).toBe(409);
    expect(db.select().from(needClaims).all()).toEqual([expect.objectContaining({ needId: w.needs.published, brokerUserId: w.broker.user.id })]);
    expect(auditActions(db, "need_claim", w.needs.published)).toEqual(["claim", "denied:claim"]);
    // A draft is nobody's to claim.
    expect(claimNeed(db, rival.actor, w.needs.draft)).toEqual({ ok: false, error: "conflict" });
    expect(listOpenNeeds(db, null).map((n) => n.id)).not.toContain(w.needs.published);
  });

  it.each(["applied", "rejected", "suspended", "revoked", "expired", "not_yet_valid"] as const)("a %s broker cannot claim and is told why", async (state) => {
    certify(db, w.broker, state);
    const res = await statusOf(() =>
      workbench.action(args(req("/broker", { cookie: w.broker.cookie, form: { intent: "claim", needId: String(w.needs.published) } }))),
    );
    expect(res.status).toBe(403);
    expect(db.select().from(needClaims).all()).toEqual([]);
    expect(auditActions(db, "need_claim", w.needs.published)).toEqual(["denied:claim"]);
    const page = await body<{ standing: { state: string }; openNeeds: unknown[] }>(await workbench.loader(args(req("/broker", { cookie: w.broker.cookie }))));
    expect(page.standing.state).toBe(state);
    expect(page.openNeeds).toEqual([]);
  });

  it("a broker without any certificate is sent to apply; other roles may not claim", async () => {
    const page = await body<{ standing: { state: string } }>(await workbench.loader(args(req("/broker", { cookie: w.broker.cookie }))));
    expect(page.standing.state).toBe("none");
    expect(claimNeed(db, w.broker.actor, w.needs.published)).toEqual({ ok: false, error: "inactive_broker" });
    expect(claimNeed(db, w.enterprise.actor, w.needs.published)).toEqual({ ok: false, error: "forbidden" });
    expect((await statusOf(() => workbench.loader(args(req("/broker", { cookie: w.admin.cookie }))))).status).toBe(403);
  });

  it("filters open needs by the broker's own chains by default", async () => {
    certify(db, w.broker, "certified", { chains: ["modern-agriculture"] });
    const farm = createNeed(db, w.enterprise.actor, needInput({ title: "红枣烘干节能改造", industryChainId: "modern-agriculture", techFieldCode: "207" }));
    if (!farm.ok) throw new Error("fixture");
    transitionListing(db, "need", w.enterprise.actor, farm.id, "submit");
    transitionListing(db, "need", w.admin.actor, farm.id, "approve");
    const mine = await body<{ openNeeds: { id: number }[] }>(await workbench.loader(args(req("/broker", { cookie: w.broker.cookie }))));
    expect(mine.openNeeds.map((n) => n.id)).toEqual([farm.id]);
    const all = await body<{ openNeeds: { id: number }[] }>(await workbench.loader(args(req("/broker?chain=all", { cookie: w.broker.cookie }))));
    expect(all.openNeeds.map((n) => n.id).sort()).toEqual([farm.id, w.needs.published].sort());
    const hydrogen = await body<{ openNeeds: { id: number }[] }>(await workbench.loader(args(req("/broker?chain=hydrogen", { cookie: w.broker.cookie }))));
    expect(hydrogen.openNeeds.map((n) => n.id)).toEqual([w.needs.published]);
  });

  it("two brokers claiming the same need at the same moment from two processes: exactly one wins", async () => {
    // Processes need a database file of their own, away from the shared test connection.
    const t = createTestDb();
    try {
      const ww = await makeWorld(t.db);
      const brokersAtOnce = [ww.broker, await makeUser(t.db, "broker", ww.broker.user.orgId), await makeUser(t.db, "broker", ww.broker.user.orgId)];
      for (const b of brokersAtOnce) certify(t.db, b);
      const child = path.resolve("tests/integration/brokers-claim-child.ts");
      const tsx = path.resolve("node_modules/.bin/tsx");
      const start = Date.now() + 1500;
      const run = promisify(execFile);
      const results = await Promise.all(
        brokersAtOnce.map((b) =>
          run(tsx, [child, t.file, String(b.user.id), String(ww.needs.published), String(start)]).then(
            (r) => JSON.parse(r.stdout) as { ok: boolean; error?: string },
          ),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok).map((r) => r.error)).toEqual(["taken", "taken"]);
      expect(t.db.select().from(needClaims).all()).toHaveLength(1);
    } finally {
      t.cleanup();
    }
  }, 60_000);
});

describe("reassigning a lead broker", () => {
  it("the Bureau moves the need and its open deals to another active broker; signed ones stay; both are told", async () => {
    const w = await makeDealWorld(db);
    const res = await statusOf(() =>
      adminClaims.action(
        args(
          req("/admin/brokers/claims", {
            cookie: w.admin.cookie,
            form: { intent: "reassign", needId: String(w.needs.published), brokerUserId: String(w.rival.user.id) },
          }),
        ),
      ),
    );
    expect(res.status).toBe(302);
    expect(db.select().from(needClaims).where(eq(needClaims.needId, w.needs.published)).get()).toMatchObject({
      brokerUserId: w.rival.user.id,
      assignedBy: w.admin.user.id,
    });
    expect(db.select().from(matches).where(eq(matches.id, w.matchId)).get()!.brokerUserId).toBe(w.rival.user.id);
    expect(inbox(db, w.rival).map((n) => n.kind)).toEqual(["need_claimed"]);
    expect(auditActions(db, "need_claim", w.needs.published)).toEqual(["claim", "reassign"]);

    const inactive = await makeUser(db, "broker", w.broker.user.orgId);
    certify(db, inactive, "suspended");
    expect(reassignNeed(db, w.admin.actor, { needId: w.needs.published, brokerUserId: inactive.user.id })).toEqual({ ok: false, error: "inactive_broker" });
    expect(reassignNeed(db, w.broker.actor, { needId: w.needs.published, brokerUserId: w.broker.user.id })).toEqual({ ok: false, error: "forbidden" });
    const asBroker = await statusOf(() =>
      adminClaims.action(
        args(
          req("/admin/brokers/claims", {
            cookie: w.broker.cookie,
            form: { intent: "reassign", needId: String(w.needs.published), brokerUserId: String(w.broker.user.id) },
          }),
        ),
      ),
    );
    expect(asBroker.status).toBe(403);
    expect(auditActions(db, "need_claim", w.needs.published)).toEqual(["claim", "reassign", "denied:reassign"]);
    expect(auditActions(db, "need_claim", "any")).toEqual(["denied:reassign"]);

    // A signed deal keeps the broker who signed it.
    writeTx(db, (tx) => tx.update(matches).set({ stage: "signed" }).where(eq(matches.id, w.matchId)).run());
    expect(reassignNeed(db, w.admin.actor, { needId: w.needs.published, brokerUserId: w.broker.user.id })).toEqual({ ok: true });
    expect(db.select().from(matches).where(eq(matches.id, w.matchId)).get()!.brokerUserId).toBe(w.rival.user.id);
  });
});
