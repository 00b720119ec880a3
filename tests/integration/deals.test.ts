import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { auditEvents, dealConfirmations, dealResponses, matchDismissals, matches, needs, organisations } from "../../db/schema";
import * as ledNeed from "../../app/routes/broker.needs.$id";
import * as workbench from "../../app/routes/broker._index";
import * as dealPage from "../../app/routes/deals.$id";
import * as myDeals from "../../app/routes/me.deals";
import * as orgPage from "../../app/routes/organisations.$id";
import { createAchievement } from "../../app/services/achievements.server";
import { listClaimsOf, listOpenNeeds, suggestionsForLedNeed } from "../../app/services/claims.server";
import { createNeed } from "../../app/services/needs.server";
import {
  agreeToProceed,
  answerRequest,
  brokerPipeline,
  changeStage,
  median,
  organisationResponseStats,
  propose,
  type DealView,
} from "../../app/services/deals.server";
import { transitionListing } from "../../app/services/listings.server";
import { getSearch } from "../../app/services/search.server";
import { renderNotification } from "../../app/services/notifications.server";
import { translate } from "../../app/i18n";
import { makeOrg, makeUser, req, statusOf, useAppDb, type TestUser } from "../helpers/app";
import { achievementInput, needInput } from "../helpers/world";
import { auditActions, inbox, makeDealWorld, setCertState, type DealWorld } from "./deals-fixtures";

let db: Db;
let cleanup: () => void;
let w: DealWorld;
beforeEach(async () => {
  ({ db, cleanup } = useAppDb());
  w = await makeDealWorld(db);
});
afterEach(() => cleanup());

/** The parameters of the user's messages of one kind, as a Chinese reader's inbox puts them. */
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: { cspNonce: "" } });

async function viewAs(who: TestUser | null, matchId = w.matchId) {
  const res = await statusOf(() => dealPage.loader(args(req(`/deals/${matchId}`, { cookie: who?.cookie }), { id: String(matchId) })));
  const text = res.response ? await res.response.text() : "";
  const deal = res.status === 200 ? (JSON.parse(text) as { deal: DealView }).deal : null;
  return { status: res.status, deal, text };
}

async function post(who: TestUser, form: Record<string, string>, matchId = w.matchId) {
  return statusOf(() => dealPage.action(args(req(`/deals/${matchId}`, { cookie: who.cookie, form }), { id: String(matchId) })));
}

describe("confirming a suggestion", () => {
  it("opens a deal at 'contacted' with the engine's score, asks both sides, notifies their members and audits it", () => {
    const m = db.select().from(matches).where(eq(matches.id, w.matchId)).get()!;
    expect(m).toMatchObject({
      stage: "contacted",
      brokerUserId: w.broker.user.id,
      source: "engine",
      needId: w.needs.published,
      achievementId: w.achievements.published,
    });
    expect(m.score).toBeGreaterThan(0);
    expect((m.explanation as { sharedTerms: string[] }).sharedTerms.length).toBeGreaterThan(0);
    const asks = db.select().from(dealResponses).where(eq(dealResponses.matchId, w.matchId)).all();
    expect(asks.map((a) => [a.side, a.orgId, a.subject, a.code])).toEqual([
      ["buyer", w.enterprise.user.orgId, "interest", null],
      ["seller", w.institute.user.orgId, "interest", null],
    ]);
    for (const member of [w.enterprise, w.colleague, w.institute]) {
      expect(inbox(db, member).filter((n) => n.kind === "match_proposed")).toMatchObject([{ link: `/deals/${w.matchId}` }]);
    }
    expect(inbox(db, w.otherEnterprise)).toEqual([]);
    expect(auditActions(db, "match", w.matchId)).toEqual(["confirm"]);
  });

  it("a confirmed or dismissed pair is not suggested again; dismissing goes through the matcher and is audited", async () => {
    const other = createAchievement(db, w.otherInstitute.actor, achievementInput({ title: "焦炉煤气深度净化与氢气回收", owners: "山西大学" }));
    if (!other.ok) throw new Error("fixture");
    transitionListing(db, "achievement", w.otherInstitute.actor, other.id, "submit");
    transitionListing(db, "achievement", w.admin.actor, other.id, "approve");
    await getSearch().relay.drain();
    const before = await suggestionsForLedNeed(db, getSearch(), w.broker.actor, w.needs.published);
    expect(before!.map((s) => s.achievementId)).toEqual([other.id]);
    expect(await suggestionsForLedNeed(db, getSearch(), w.rival.actor, w.needs.published)).toBeNull();

    const res = await statusOf(() =>
      ledNeed.action(
        args(
          req(`/broker/needs/${w.needs.published}`, {
            cookie: w.broker.cookie,
            form: { intent: "dismiss", achievementId: String(other.id), reason: "ip_terms" },
          }),
          {
            id: String(w.needs.published),
          },
        ),
      ),
    );
    expect(res.status).toBe(302);
    expect(db.select().from(matchDismissals).all()).toMatchObject([{ achievementId: other.id, reason: "ip_terms", dismissedBy: w.broker.user.id }]);
    expect(await suggestionsForLedNeed(db, getSearch(), w.broker.actor, w.needs.published)).toEqual([]);
    expect(auditActions(db, "match", `${w.needs.published}:${other.id}`)).toEqual(["dismiss"]);

    // Confirming a dismissed pair, or one already in a deal, is refused.
    const confirmDismissed = await statusOf(() =>
      ledNeed.action(
        args(req(`/broker/needs/${w.needs.published}`, { cookie: w.broker.cookie, form: { intent: "confirm", achievementId: String(other.id) } }), {
          id: String(w.needs.published),
        }),
      ),
    );
    expect(confirmDismissed.status).toBe(409);
    const again = await statusOf(() =>
      ledNeed.action(
        args(
          req(`/broker/needs/${w.needs.published}`, { cookie: w.broker.cookie, form: { intent: "confirm", achievementId: String(w.achievements.published) } }),
          {
            id: String(w.needs.published),
          },
        ),
      ),
    );
    expect(again.status).toBe(409);
    // Another broker does not lead the need: for him it does not exist.
    const rival = await statusOf(() =>
      ledNeed.action(
        args(
          req(`/broker/needs/${w.needs.published}`, { cookie: w.rival.cookie, form: { intent: "dismiss", achievementId: String(other.id), reason: "price" } }),
          { id: String(w.needs.published) },
        ),
      ),
    );
    expect(rival.status).toBe(404);
    expect(auditActions(db, "match", `${w.needs.published}:${other.id}`)).toEqual(["dismiss", "denied:confirm", "denied:dismiss"]);
  });

  it("a suspended broker can no longer confirm, dismiss or record anything in his deals", async () => {
    setCertState(db, w.broker, "suspended");
    const confirm = await statusOf(() =>
      ledNeed.action(
        args(req(`/broker/needs/${w.needs.published}`, { cookie: w.broker.cookie, form: { intent: "confirm", achievementId: String(w.achievements.draft) } }), {
          id: String(w.needs.published),
        }),
      ),
    );
    expect(confirm.status).toBe(403);
    expect((await post(w.broker, { intent: "note", body: "电话沟通了价格" })).status).toBe(403);
    expect((await post(w.broker, { intent: "stage", to: "negotiating" })).status).toBe(403);
    expect(db.select().from(matches).where(eq(matches.id, w.matchId)).get()!.stage).toBe("contacted");
    // He still sees his deal, and why he cannot act in it.
    const view = await viewAs(w.broker);
    expect(view.status).toBe(200);
    expect(view.deal!.brokerActive).toBe(false);
    expect(view.deal!.actions).toEqual([]);
    expect(auditActions(db, "match", w.matchId).filter((a) => a.startsWith("denied:"))).toEqual(["denied:note", "denied:stage"]);
  });
});

describe("who sees a deal room (W2)", () => {
  it("the lead broker, both parties' members and the Bureau see it with the contacts; anyone else gets a 404 with nothing in it", async () => {
    for (const who of [w.broker, w.enterprise, w.colleague, w.institute, w.admin]) {
      const v = await viewAs(who);
      expect(v.status, who.user.email).toBe(200);
      expect(v.deal!.buyer.contact).toEqual({ name: "王工", phone: "13812345678", email: "wang@example.com" });
      expect(v.deal!.seller.contact).toMatchObject({ name: "李老师", phone: "0351-6010000" });
    }
    const stranger = await makeUser(db, "institute", makeOrg(db, "institute").id);
    for (const who of [w.rival, w.otherEnterprise, w.otherInstitute, stranger, null]) {
      const v = await viewAs(who);
      expect(v.status).toBe(404);
      expect(v.text).not.toContain("13812345678");
      expect(v.text).not.toContain("王工");
    }
    // A data request by URL is the same loader: 404 too.
    const data = await statusOf(() =>
      dealPage.loader(args(req(`/deals/${w.matchId}?_routes=routes%2Fdeals.%24id`, { cookie: w.otherEnterprise.cookie }), { id: String(w.matchId) })),
    );
    expect(data.status).toBe(404);
    // A write with the deal's id from outside is a 404 as well, and on record.
    const write = await post(w.otherEnterprise, { intent: "answer", responseId: "1", code: "interested" });
    expect(write.status).toBe(404);
    expect(auditActions(db, "match", w.matchId)).toContain("denied:write");
  });

  it("an enterprise lists only its own deals under /me/deals; brokers and the Bureau have no such page", async () => {
    const mine = (await (await myDeals.loader(args(req("/me/deals", { cookie: w.enterprise.cookie })))).json()) as { rows: { id: number; owed: number }[] };
    expect(mine.rows).toEqual([expect.objectContaining({ id: w.matchId, owed: 1 })]);
    const seller = (await (await myDeals.loader(args(req("/me/deals", { cookie: w.institute.cookie })))).json()) as { rows: { id: number }[] };
    expect(seller.rows.map((r) => r.id)).toEqual([w.matchId]);
    const other = (await (await myDeals.loader(args(req("/me/deals", { cookie: w.otherEnterprise.cookie })))).json()) as { rows: unknown[] };
    expect(other.rows).toEqual([]);
    expect((await statusOf(() => myDeals.loader(args(req("/me/deals", { cookie: w.broker.cookie }))))).status).toBe(403);
  });
});

describe("moving a deal on", () => {
  it("contacted → negotiating → signed: signing waits for both parties' agreement; each step is audited and notified", async () => {
    expect((await post(w.enterprise, { intent: "stage", to: "negotiating" })).status).toBe(403);
    expect((await post(w.broker, { intent: "stage", to: "signed" })).status).toBe(409);
    expect((await post(w.broker, { intent: "stage", to: "negotiating" })).status).toBe(302);
    for (const member of [w.enterprise, w.colleague, w.institute]) {
      const notices = inbox(db, member).filter((n) => n.kind === "stage_changed");
      expect(notices).toMatchObject([{ params: { stageKey: "deal.stage.negotiating" }, link: `/deals/${w.matchId}` }]);
      // The stage reads in the language the notice is read in, not the one it was written in.
      expect(renderNotification("zh-CN", notices[0]!)).toContain("谈判中");
      expect(renderNotification("en", notices[0]!)).toContain(`new stage: ${translate("en", "deal.stage.negotiating")}`);
      expect(renderNotification("en", notices[0]!)).not.toContain("谈判中");
    }
    expect((await post(w.broker, { intent: "stage", to: "signed" })).status).toBe(409);
    expect((await post(w.enterprise, { intent: "agree" })).status).toBe(302);
    expect((await post(w.colleague, { intent: "agree" })).status).toBe(409);
    const agreed = inbox(db, w.broker).filter((n) => n.kind === "answer_received");
    expect(agreed).toMatchObject([{ params: { subjectKey: "deal.subject.proceed", codeKey: "deal.agreed" } }]);
    expect(renderNotification("zh-CN", agreed[0]!)).toContain("“推进签约”作出了答复：同意推进");
    expect(renderNotification("en", agreed[0]!)).toContain(`answered “${translate("en", "deal.subject.proceed")}”: ${translate("en", "deal.agreed")}`);
    expect((await post(w.institute, { intent: "agree" })).status).toBe(302);
    expect(
      db
        .select()
        .from(dealConfirmations)
        .where(eq(dealConfirmations.matchId, w.matchId))
        .all()
        .map((c) => c.side)
        .sort(),
    ).toEqual(["buyer", "seller"]);
    expect((await post(w.broker, { intent: "stage", to: "signed" })).status).toBe(302);
    expect(db.select().from(matches).where(eq(matches.id, w.matchId)).get()!.stage).toBe("signed");
    expect(
      inbox(db, w.institute)
        .filter((n) => n.kind === "stage_changed")
        .map((n) => n.params.stageKey),
    ).toEqual(["deal.stage.negotiating", "deal.stage.signed"]);
    // Closed: no more proposals or agreements.
    expect((await post(w.enterprise, { intent: "propose", subject: "追加培训服务" })).status).toBe(409);
    expect(auditActions(db, "match", w.matchId)).toEqual([
      "confirm",
      "denied:stage",
      "denied:stage",
      "stage",
      "denied:stage",
      "agree",
      "denied:agree",
      "agree",
      "stage",
      "denied:propose",
    ]);
    const log = (await viewAs(w.broker)).deal!.events.map((e) => e.kind);
    expect(log).toEqual(["stage", "confirm", "confirm", "stage", "stage"]);
  });

  it("dropping a deal needs a reason, and the pair is dismissed for the matcher as well", async () => {
    expect((await post(w.broker, { intent: "stage", to: "dismissed" })).status).toBe(400);
    expect((await post(w.broker, { intent: "stage", to: "dismissed", reason: "price", note: "报价超出预算一倍" })).status).toBe(302);
    expect(db.select().from(matches).where(eq(matches.id, w.matchId)).get()).toMatchObject({
      stage: "dismissed",
      dismissReason: "price",
      dismissNote: "报价超出预算一倍",
    });
    expect(db.select().from(matchDismissals).all()).toMatchObject([{ needId: w.needs.published, achievementId: w.achievements.published, reason: "price" }]);
    expect((await post(w.enterprise, { intent: "note", body: "还能再谈吗" })).status).toBe(409);
    expect((await post(w.broker, { intent: "stage", to: "negotiating" })).status).toBe(409);
  });

  it("notes come from the broker and the parties, not from the Bureau", async () => {
    expect((await post(w.broker, { intent: "note", body: "已约定下周二到企业现场调研" })).status).toBe(302);
    expect((await post(w.institute, { intent: "note", body: "中试数据已上传" })).status).toBe(302);
    expect((await post(w.admin, { intent: "note", body: "科技局关注" })).status).toBe(403);
    const notes = (await viewAs(w.enterprise)).deal!.events.filter((e) => e.kind === "note").map((e) => e.body);
    expect(notes).toEqual(["中试数据已上传", "已约定下周二到企业现场调研"]);
  });

  it("keeps angle brackets in a note as text", async () => {
    expect((await post(w.broker, { intent: "note", body: "含水率 <5 %，见 <附件 2> 与 ‹报价单>" })).status).toBe(302);
    expect((await post(w.broker, { intent: "note", body: "<script>x</script>" })).status).toBe(302);
    const notes = (await viewAs(w.enterprise)).deal!.events.filter((e) => e.kind === "note").map((e) => e.body);
    expect(notes).toEqual(["<script>x</script>", "含水率 <5 %，见 <附件 2> 与 ‹报价单>"]);
  });

  it("returns a refused note to its form with a message in the visitor's language and the text as typed, not an error page", async () => {
    const long = "调研".repeat(1001);
    const run = (who: TestUser, cookie: string | undefined) =>
      dealPage.action(args(req(`/deals/${w.matchId}`, { cookie, form: { intent: "note", body: long } }), { id: String(w.matchId) }));
    const zh = (await run(w.broker, w.broker.cookie)) as Response;
    expect(zh.status).toBe(400);
    expect(await zh.json()).toEqual({ noteError: "不能超过 2000 个字符", noteBody: long });
    const en = (await run(w.broker, `${w.broker.cookie}; lang=${Buffer.from(JSON.stringify("en")).toString("base64")}`)) as Response;
    expect(((await en.json()) as { noteError: string }).noteError).toBe("At most 2000 characters");
    const blank = (await dealPage.action(
      args(req(`/deals/${w.matchId}`, { cookie: w.broker.cookie, form: { intent: "note", body: "  " } }), { id: String(w.matchId) }),
    )) as Response;
    expect(blank.status).toBe(400);
    expect(((await blank.json()) as { noteError: string }).noteError).toBe("请填写此项");
    expect((await viewAs(w.enterprise)).deal!.events.filter((e) => e.kind === "note")).toEqual([]);
  });
});

describe("reason-coded answers", () => {
  const ask = (side: "buyer" | "seller") =>
    db
      .select()
      .from(dealResponses)
      .where(and(eq(dealResponses.matchId, w.matchId), eq(dealResponses.side, side)))
      .all();

  it("each side answers what was put to it, once, with a reason code; the asker and the broker hear of it", async () => {
    const buyerAsk = ask("buyer")[0]!;
    expect((await post(w.institute, { intent: "answer", responseId: String(buyerAsk.id), code: "interested" })).status).toBe(403);
    expect((await post(w.enterprise, { intent: "answer", responseId: String(buyerAsk.id), code: "maybe" })).status).toBe(400);
    expect((await post(w.enterprise, { intent: "answer", responseId: String(buyerAsk.id), code: "price", note: "预算只有报价的一半" })).status).toBe(302);
    expect(db.select().from(dealResponses).where(eq(dealResponses.id, buyerAsk.id)).get()).toMatchObject({
      code: "price",
      note: "预算只有报价的一半",
      respondedBy: w.enterprise.user.id,
    });
    expect(inbox(db, w.broker).filter((n) => n.kind === "answer_received")).toMatchObject([
      { params: { org: "交城氢能科技有限公司", subjectKey: "deal.subject.interest", codeKey: "deal.code.price" } },
    ]);
    const priced = inbox(db, w.broker).find((n) => n.kind === "answer_received")!;
    expect(renderNotification("zh-CN", priced)).toBe("交城氢能科技有限公司 对“合作意向征询”作出了答复：价格原因");
    expect(renderNotification("en", priced)).toBe(
      `交城氢能科技有限公司 answered “${translate("en", "deal.subject.interest")}”: ${translate("en", "deal.code.price")}`,
    );
    expect((await post(w.colleague, { intent: "answer", responseId: String(buyerAsk.id), code: "interested" })).status).toBe(409);

    // The enterprise proposes terms: the institute must answer, and the enterprise hears back.
    expect((await post(w.enterprise, { intent: "propose", subject: "普通许可 3 年，许可费 80 万元" })).status).toBe(302);
    const proposal = ask("seller").find((r) => r.subject !== "interest")!;
    expect(proposal).toMatchObject({ orgId: w.institute.user.orgId, requestedBy: w.enterprise.user.id });
    expect((await post(w.institute, { intent: "answer", responseId: String(proposal.id), code: "ip_terms" })).status).toBe(302);
    expect(inbox(db, w.enterprise).filter((n) => n.kind === "answer_received")).toMatchObject([
      { params: { subject: "普通许可 3 年，许可费 80 万元", codeKey: "deal.code.ip_terms" } },
    ]);

    // The broker must say who answers his proposal.
    expect(propose(db, w.broker.actor, w.matchId, { subject: "现场洽谈时间" })).toEqual({ ok: false, error: "conflict" });
    expect(propose(db, w.broker.actor, w.matchId, { subject: "现场洽谈时间", side: "both" })).toEqual({ ok: true });
    expect(propose(db, w.admin.actor, w.matchId, { subject: "x", side: "both" })).toEqual({ ok: false, error: "forbidden" });
    expect(ask("buyer").map((r) => r.subject)).toEqual(["interest", "现场洽谈时间"]);
    const actions = auditActions(db, "match", w.matchId);
    expect(actions.filter((a) => a === "answer")).toHaveLength(2);
    expect(actions.filter((a) => a === "propose")).toHaveLength(3);
    expect(actions).toContain("denied:answer");
  });

  it("response rate and median response time per organisation, shown on its public profile", async () => {
    const t0 = new Date("2026-03-01T00:00:00.000Z");
    const hours = (h: number) => new Date(t0.getTime() + h * 3_600_000);
    const org = w.enterprise.user.orgId;
    // Four more questions to the enterprise (five with the interest request), asked at t0.
    writeTx(db, (tx) => {
      tx.update(dealResponses).set({ requestedAt: t0.toISOString() }).where(eq(dealResponses.orgId, org)).run();
      for (const subject of ["甲", "乙", "丙", "丁"]) {
        tx.insert(dealResponses)
          .values({ matchId: w.matchId, orgId: org, side: "buyer", subject, requestedAt: t0.toISOString(), requestedBy: w.broker.user.id })
          .run();
      }
    });
    const ids = ask("buyer").map((r) => r.id);
    expect(ids).toHaveLength(5);
    // Answered after 1 h, 3 h, 10 h and 26 h; the fifth never.
    for (const [i, h] of [1, 3, 10, 26].entries())
      expect(answerRequest(db, w.enterprise.actor, w.matchId, { responseId: ids[i]!, code: "not_now" }, null, hours(h))).toEqual({ ok: true });
    const stats = organisationResponseStats(db, org);
    expect(stats).toEqual({ requests: 5, answered: 4, pending: 0, rate: 0.8, medianMs: 6.5 * 3_600_000 });
    // The unanswered one counts against the rate only once it is due; before, it is pending.
    expect(organisationResponseStats(db, org, hours(24 * 3))).toMatchObject({ requests: 4, answered: 4, pending: 1, rate: 1 });
    // An organisation nobody asked anything has no rate rather than 0 %.
    expect(organisationResponseStats(db, w.otherEnterprise.user.orgId)).toEqual({ requests: 0, answered: 0, pending: 0, rate: null, medianMs: null });
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1])).toBe(3);

    const page = (await (await orgPage.loader(args(req(`/organisations/${org}`), { id: String(org) }))).json()) as {
      profile: { responses: typeof stats; org: { name: string } };
    };
    expect(page.profile.responses).toEqual(stats);
    expect(page.profile.org.name).toBe("交城氢能科技有限公司");
    const unverified = makeOrg(db, "enterprise", { verified: false });
    expect((await statusOf(() => orgPage.loader(args(req(`/organisations/${unverified.id}`), { id: String(unverified.id) })))).status).toBe(404);
    expect(db.select().from(organisations).where(eq(organisations.id, unverified.id)).get()).toBeDefined();
  });
});

describe("a new organisation's answer rate", () => {
  it("is not rated until three requests are answered or overdue, so a single missed enquiry is not 0 %", () => {
    const t0 = new Date("2026-03-01T00:00:00.000Z");
    const days = (d: number) => new Date(t0.getTime() + d * 24 * 3_600_000);
    const org = w.enterprise.user.orgId;
    writeTx(db, (tx) => tx.update(dealResponses).set({ requestedAt: t0.toISOString() }).where(eq(dealResponses.orgId, org)).run());
    expect(organisationResponseStats(db, org, days(1))).toMatchObject({ requests: 0, answered: 0, pending: 1, rate: null });
    expect(organisationResponseStats(db, org, days(30))).toMatchObject({ requests: 1, answered: 0, pending: 0, rate: null });
    writeTx(db, (tx) => {
      for (const subject of ["甲", "乙"])
        tx.insert(dealResponses)
          .values({ matchId: w.matchId, orgId: org, side: "buyer", subject, requestedAt: t0.toISOString(), requestedBy: w.broker.user.id })
          .run();
    });
    expect(organisationResponseStats(db, org, days(30))).toMatchObject({ requests: 3, answered: 0, pending: 0, rate: 0 });
  });
});

describe("the broker's pipeline", () => {
  it("lists the needs he leads with their deals, and the open needs of the chains asked for", async () => {
    const other = createNeed(db, w.enterprise.actor, needInput({ title: "煤焦油加氢精制", industryChainId: "coal-chemistry" }));
    if (!other.ok) throw new Error("fixture");
    transitionListing(db, "need", w.enterprise.actor, other.id, "submit");
    transitionListing(db, "need", w.admin.actor, other.id, "approve");
    expect(listClaimsOf(db, w.broker.user.id)).toMatchObject([{ needId: w.needs.published, status: "published", deals: 1 }]);
    expect(listClaimsOf(db, w.rival.user.id)).toEqual([]);
    // The need he leads is nobody's to claim any more; the other one is open in its own chain only.
    expect(listOpenNeeds(db, ["hydrogen"]).map((n) => n.id)).toEqual([]);
    expect(listOpenNeeds(db, ["coal-chemistry", "hydrogen"]).map((n) => n.id)).toEqual([other.id]);
    expect(listOpenNeeds(db, null).map((n) => n.id)).toEqual([other.id]);
    expect(listOpenNeeds(db, null, 0)).toEqual([]);
  });

  it("counts his matches by stage and adds up the value in negotiation (budget ceiling, else asking price)", async () => {
    const second = createAchievement(db, w.institute.actor, achievementInput({ title: "氢气纯化钯膜分离器", priceWan: 1_500_000_00 }));
    if (!second.ok) throw new Error("fixture");
    transitionListing(db, "achievement", w.institute.actor, second.id, "submit");
    transitionListing(db, "achievement", w.admin.actor, second.id, "approve");
    await getSearch().relay.drain();
    const confirm = await statusOf(() =>
      ledNeed.action(
        args(req(`/broker/needs/${w.needs.published}`, { cookie: w.broker.cookie, form: { intent: "confirm", achievementId: String(second.id) } }), {
          id: String(w.needs.published),
        }),
      ),
    );
    expect(confirm.status).toBe(302);
    expect(changeStage(db, w.broker.actor, w.matchId, { to: "negotiating" })).toEqual({ ok: true });
    const secondMatch = db.select().from(matches).where(eq(matches.achievementId, second.id)).get()!;
    expect(changeStage(db, w.broker.actor, secondMatch.id, { to: "negotiating" })).toEqual({ ok: true });
    // The need's budget ceiling is 300 万元, so it counts for both deals on it.
    const p = brokerPipeline(db, w.broker.user.id);
    expect(Object.fromEntries(p.columns.map((c) => [c.stage, c.count]))).toEqual({ suggested: 0, contacted: 0, negotiating: 2, signed: 0, dismissed: 0 });
    expect(p.negotiationValueFen).toBe(2 * 3_000_000_00);
    writeTx(db, (tx) => tx.update(needs).set({ budgetMinFen: null, budgetMaxFen: null }).where(eq(needs.id, w.needs.published)).run());
    expect(brokerPipeline(db, w.broker.user.id).negotiationValueFen).toBe(2_000_000_00 + 1_500_000_00);
    const page = (await (await workbench.loader(args(req("/broker", { cookie: w.broker.cookie })))).json()) as {
      pipeline: { negotiationValueFen: number };
      reward: unknown;
    };
    expect(page.pipeline.negotiationValueFen).toBe(3_500_000_00);
    expect(page.reward).not.toBeNull();
    expect(agreeToProceed(db, w.broker.actor, w.matchId)).toEqual({ ok: false, error: "forbidden" });
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, "confirm")).all()).toHaveLength(2);
  });
});
