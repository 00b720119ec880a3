import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { enquiries, needs } from "../../db/schema";
import * as needPage from "../../app/routes/needs.$id";
import * as achievementPage from "../../app/routes/achievements.$id";
import * as myDeals from "../../app/routes/me.deals";
import * as myEnquiries from "../../app/routes/me.enquiries";
import { organisationResponseStats } from "../../app/services/deals.server";
import { answerEnquiry, expressInterest, interestState, type EnquiryInput } from "../../app/services/enquiries.server";
import { makeOrg, makeUser, req, statusOf, useAppDb } from "../helpers/app";
import { auditActions, inbox, makeDealWorld, type DealWorld } from "./deals-fixtures";

let db: Db;
let cleanup: () => void;
let w: DealWorld;
beforeEach(async () => {
  ({ db, cleanup } = useAppDb());
  w = await makeDealWorld(db);
});
afterEach(() => cleanup());

const NOW = new Date("2026-03-02T02:00:00Z");
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: { cspNonce: "" } });
const onNeed = (overrides: Partial<EnquiryInput> = {}): EnquiryInput => ({
  subject: "need",
  subjectId: w.needs.published,
  reason: "can_solve",
  message: "我们的团队做过焦炉煤气提纯，可以介绍中试结果。",
  ...overrides,
});
const kinds = (who: { user: { id: number } }) => inbox(db, who as never).map((n) => n.kind);

describe("expressing interest", () => {
  it("records the enquiry, tells the owner's members and the need's lead broker, not the writer, and audits it", () => {
    const r = expressInterest(db, w.institute.actor, onNeed({ achievementId: w.achievements.published }), NOW);
    expect(r.ok).toBe(true);
    const row = db.select().from(enquiries).get()!;
    expect(row).toMatchObject({
      subject: "need",
      subjectId: w.needs.published,
      ownerOrgId: w.enterprise.user.orgId,
      fromOrgId: w.institute.user.orgId,
      fromUserId: w.institute.user.id,
      reason: "can_solve",
      achievementId: w.achievements.published,
      requestedAt: NOW.toISOString(),
      respondedAt: null,
    });
    expect(kinds(w.enterprise)).toContain("enquiry_received");
    expect(kinds(w.colleague)).toContain("enquiry_received");
    expect(kinds(w.broker)).toContain("enquiry_received");
    expect(kinds(w.rival)).not.toContain("enquiry_received");
    expect(kinds(w.institute)).not.toContain("enquiry_received");
    const toOwner = inbox(db, w.enterprise).find((n) => n.kind === "enquiry_received")!;
    expect(toOwner.link).toBe(`/me/enquiries#enquiry-${row.id}`);
    expect(toOwner.params).toMatchObject({ org: "太原理工大学吕梁产业研究院", reason: "我们能解决这项需求" });
    expect(auditActions(db, "enquiry", row.id)).toEqual(["express_interest"]);
  });

  it("on an achievement reaches the institute's members and the broker of its live deal, who is sent to the listing", () => {
    const r = expressInterest(
      db,
      w.otherEnterprise.actor,
      onNeed({ subject: "achievement", subjectId: w.achievements.published, reason: "want_licence" }),
      NOW,
    );
    expect(r.ok).toBe(true);
    expect(kinds(w.institute)).toContain("enquiry_received");
    expect(kinds(w.enterprise)).not.toContain("enquiry_received");
    const toBroker = inbox(db, w.broker).find((n) => n.kind === "enquiry_received")!;
    expect(toBroker.link).toBe(`/achievements/${w.achievements.published}`);
    expect(interestState(db, w.institute.actor, "achievement", w.achievements.published, NOW)).toEqual({ kind: "own", waiting: 1 });
    expect(interestState(db, w.institute.actor, "achievement", w.achievements.draft, NOW)).toEqual({ kind: "hidden" });
  });

  it("refuses one's own organisation's listing, and audits the refusal", () => {
    expect(expressInterest(db, w.colleague.actor, onNeed(), NOW)).toEqual({ ok: false, error: "own_listing" });
    expect(db.select().from(enquiries).all()).toHaveLength(0);
    expect(auditActions(db, "need", w.needs.published)).toContain("denied:express_interest");
  });

  it("refuses listings not published: a draft is not found, a closed need is not open", () => {
    expect(expressInterest(db, w.institute.actor, onNeed({ subjectId: w.needs.draft }), NOW)).toMatchObject({ ok: false, error: "not_found" });
    expect(expressInterest(db, w.institute.actor, onNeed({ subjectId: w.needs.submitted }), NOW)).toMatchObject({ ok: false, error: "not_found" });
    expect(
      expressInterest(db, w.otherEnterprise.actor, onNeed({ subject: "achievement", subjectId: w.achievements.draft, reason: "want_licence" }), NOW),
    ).toMatchObject({ ok: false, error: "not_found" });
    writeTx(db, (tx) => tx.update(needs).set({ status: "closed" }).where(eq(needs.id, w.needs.published)).run());
    expect(expressInterest(db, w.institute.actor, onNeed(), NOW)).toMatchObject({ ok: false, error: "not_open" });
    expect(db.select().from(enquiries).all()).toHaveLength(0);
  });

  it("refuses a visitor, a broker, the Bureau and an unverified organisation", async () => {
    expect(expressInterest(db, null, onNeed(), NOW)).toMatchObject({ ok: false, error: "sign_in" });
    expect(expressInterest(db, w.broker.actor, onNeed(), NOW)).toMatchObject({ ok: false, error: "not_member" });
    expect(expressInterest(db, w.admin.actor, onNeed(), NOW)).toMatchObject({ ok: false, error: "not_member" });
    const pending = makeOrg(db, "institute", { verified: false });
    const newcomer = await makeUser(db, "institute", pending.id);
    expect(expressInterest(db, newcomer.actor, onNeed(), NOW)).toMatchObject({ ok: false, error: "unverified" });
    expect(interestState(db, newcomer.actor, "need", w.needs.published, NOW)).toEqual({ kind: "unverified" });
  });

  it("allows one open enquiry per organisation: a second points at the first, until the first is answered", async () => {
    const first = expressInterest(db, w.institute.actor, onNeed(), NOW);
    if (!first.ok) throw new Error("first refused");
    const colleague = await makeUser(db, "institute", w.institute.user.orgId);
    expect(expressInterest(db, colleague.actor, onNeed({ reason: "question" }), NOW)).toEqual({ ok: false, error: "duplicate", enquiryId: first.enquiryId });
    expect(interestState(db, colleague.actor, "need", w.needs.published, NOW)).toMatchObject({ kind: "sent", enquiryId: first.enquiryId });
    expect(answerEnquiry(db, w.enterprise.actor, { enquiryId: first.enquiryId, code: "not_now" }, NOW)).toEqual({ ok: true });
    expect(expressInterest(db, colleague.actor, onNeed({ reason: "question" }), NOW).ok).toBe(true);
  });

  it("accepts only the institute's own published achievement as an offer", () => {
    expect(expressInterest(db, w.otherInstitute.actor, onNeed({ achievementId: w.achievements.published }), NOW)).toMatchObject({
      ok: false,
      error: "bad_achievement",
    });
    expect(expressInterest(db, w.institute.actor, onNeed({ achievementId: w.achievements.draft }), NOW)).toMatchObject({ ok: false, error: "bad_achievement" });
  });
});

describe("answering an enquiry", () => {
  it("is the owner's: the writer hears the answer, and it counts in the owner's response rate and median time", () => {
    const orgId = w.enterprise.user.orgId;
    const past = new Date(NOW.getTime() + 30 * 24 * 3_600_000);
    const before = organisationResponseStats(db, orgId, past);
    const r = expressInterest(db, w.institute.actor, onNeed(), NOW);
    if (!r.ok) throw new Error("refused");
    const asked = organisationResponseStats(db, orgId, past);
    expect(asked.requests).toBe(before.requests + 1);
    expect(asked.answered).toBe(before.answered);

    expect(answerEnquiry(db, w.otherEnterprise.actor, { enquiryId: r.enquiryId, code: "interested" }, NOW)).toEqual({ ok: false, error: "forbidden" });
    expect(answerEnquiry(db, w.broker.actor, { enquiryId: r.enquiryId, code: "interested" }, NOW)).toEqual({ ok: false, error: "forbidden" });
    const later = new Date(NOW.getTime() + 3 * 3_600_000);
    expect(answerEnquiry(db, w.colleague.actor, { enquiryId: r.enquiryId, code: "interested", note: "欢迎来厂交流" }, later)).toEqual({ ok: true });
    expect(answerEnquiry(db, w.enterprise.actor, { enquiryId: r.enquiryId, code: "price" }, later)).toEqual({ ok: false, error: "answered" });

    const row = db.select().from(enquiries).where(eq(enquiries.id, r.enquiryId)).get()!;
    expect(row).toMatchObject({ code: "interested", note: "欢迎来厂交流", respondedBy: w.colleague.user.id, respondedAt: later.toISOString() });
    const told = inbox(db, w.institute).find((n) => n.kind === "enquiry_answered")!;
    expect(told.params).toMatchObject({ code: "有意向" });
    expect(told.link).toBe(`/me/enquiries#enquiry-${r.enquiryId}`);
    expect(auditActions(db, "enquiry", r.enquiryId)).toEqual([
      "express_interest",
      "denied:answer_enquiry",
      "denied:answer_enquiry",
      "answer_enquiry",
      "denied:answer_enquiry",
    ]);

    const stats = organisationResponseStats(db, orgId, past);
    expect(stats.answered).toBe(before.answered + 1);
    expect(stats.requests).toBe(before.requests + 1);
  });

  it("alone makes a new organisation's rate and median", async () => {
    const fresh = makeOrg(db, "enterprise");
    const owner = await makeUser(db, "enterprise", fresh.id);
    const { createNeed } = await import("../../app/services/needs.server");
    const { transitionListing } = await import("../../app/services/listings.server");
    const { needInput } = await import("../helpers/world");
    const created = createNeed(db, owner.actor, needInput({ title: "新单位的需求" }));
    if (!created.ok) throw new Error("need");
    transitionListing(db, "need", owner.actor, created.id, "submit");
    transitionListing(db, "need", w.admin.actor, created.id, "approve");
    const r = expressInterest(db, w.institute.actor, onNeed({ subjectId: created.id }), NOW);
    if (!r.ok) throw new Error("refused");
    // One fresh enquiry is not a 0 % answer rate: it is pending for the week the owner has to answer.
    expect(organisationResponseStats(db, fresh.id, new Date(NOW.getTime() + 3_600_000))).toEqual({
      requests: 0,
      answered: 0,
      pending: 1,
      rate: null,
      medianMs: null,
    });
    expect(organisationResponseStats(db, fresh.id, new Date(NOW.getTime() + 8 * 24 * 3_600_000))).toMatchObject({ requests: 1, pending: 0, rate: 0 });
    answerEnquiry(db, owner.actor, { enquiryId: r.enquiryId, code: "interested" }, new Date(NOW.getTime() + 2 * 3_600_000));
    expect(organisationResponseStats(db, fresh.id)).toEqual({ requests: 1, answered: 1, pending: 0, rate: 1, medianMs: 2 * 3_600_000 });
  });
});

describe("the listing pages", () => {
  const needPath = () => `/needs/${w.needs.published}`;
  const post = (cookie: string | undefined, form: Record<string, string>) =>
    statusOf(() => needPage.action(args(req(needPath(), { cookie, form }), { id: String(w.needs.published) })));

  it("offers a visitor a sign-in link back to the page; a visitor's post is sent to sign in", async () => {
    const page = await statusOf(() => needPage.loader(args(req(needPath()), { id: String(w.needs.published) })));
    expect((page.value as { interest: unknown }).interest).toEqual({ kind: "sign_in" });
    const res = await post(undefined, { intent: "interest", reason: "can_solve", message: "我们能做这个项目，想约时间交流。" });
    expect(res.status).toBe(302);
    expect(res.response!.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(needPath())}`);
  });

  it("sends a member's interest and returns to the page", async () => {
    const res = await post(w.institute.cookie, { intent: "interest", reason: "can_solve", message: "我们能做这个项目，想约时间交流。" });
    expect(res.status).toBe(302);
    expect(res.response!.headers.get("Location")).toBe(`${needPath()}?interest=sent#interest`);
    expect(db.select().from(enquiries).all()).toHaveLength(1);
  });

  it("keeps what was typed when the message is too short, or when the organisation already asked", async () => {
    const short = await post(w.institute.cookie, { intent: "interest", reason: "question", message: "你好" });
    expect(short.status).toBe(400);
    const body = (await short.response!.json()) as { interest: { result: { initialValue: Record<string, string>; error: Record<string, string[]> } } };
    expect(body.interest.result.initialValue.message).toBe("你好");
    expect(body.interest.result.error.message).toBeTruthy();

    await post(w.institute.cookie, { intent: "interest", reason: "can_solve", message: "我们能做这个项目，想约时间交流。" });
    const again = await post(w.institute.cookie, { intent: "interest", reason: "question", message: "第二次留言，内容保留下来。" });
    expect(again.status).toBe(409);
    const dup = (await again.response!.json()) as {
      interest: { result: { initialValue: Record<string, string>; error: Record<string, string[]> }; enquiryId: number };
    };
    expect(dup.interest.result.initialValue.message).toBe("第二次留言，内容保留下来。");
    expect(dup.interest.result.error[""]).toEqual(["本单位对该发布已有一条待答复的意向。"]);
    expect(dup.interest.enquiryId).toBe(db.select().from(enquiries).get()!.id);
  });

  it("refuses the owner's own post with a clear message", async () => {
    const res = await post(w.colleague.cookie, { intent: "interest", reason: "question", message: "自己单位的需求，应当被拒绝。" });
    expect(res.status).toBe(403);
    const body = (await res.response!.json()) as { interest: { result: { error: Record<string, string[]> } } };
    expect(body.interest.result.error[""]).toEqual(["不能对本单位的发布表达意向。"]);
  });

  it("shows an enterprise the form on a published achievement", async () => {
    const page = await statusOf(() =>
      achievementPage.loader(
        args(req(`/achievements/${w.achievements.published}`, { cookie: w.otherEnterprise.cookie }), { id: String(w.achievements.published) }),
      ),
    );
    const data = (await page.response!.json()) as { interest: unknown };
    expect(data.interest).toEqual({ kind: "form", achievements: [] });
  });
});

describe("the enquiries page", () => {
  const load = (who: { cookie: string }) => statusOf(() => myEnquiries.loader(args(req("/me/enquiries", { cookie: who.cookie }))));
  const answer = (who: { cookie: string }, form: Record<string, string>) =>
    statusOf(() => myEnquiries.action(args(req("/me/enquiries", { cookie: who.cookie, form }))));

  it("lists what the owner received and what the writer sent, and takes the owner's answer", async () => {
    const r = expressInterest(db, w.institute.actor, onNeed(), NOW);
    if (!r.ok) throw new Error("refused");
    const owner = (await (await load(w.enterprise)).response!.json()) as { received: { id: number; code: string | null }[]; sent: unknown[]; waiting: number };
    expect(owner.received.map((e) => e.id)).toEqual([r.enquiryId]);
    expect(owner.sent).toEqual([]);
    expect(owner.waiting).toBe(1);
    const deals = (await (await statusOf(() => myDeals.loader(args(req("/me/deals", { cookie: w.enterprise.cookie }))))).response!.json()) as {
      waitingEnquiries: number;
    };
    expect(deals.waitingEnquiries).toBe(1);

    const done = await answer(w.enterprise, { intent: "answer", enquiryId: String(r.enquiryId), code: "interested", note: "请联系我们的经纪人" });
    expect(done.status).toBe(302);
    expect(done.response!.headers.get("Location")).toBe(`/me/enquiries?done=answered#enquiry-${r.enquiryId}`);

    const writer = (await (await load(w.institute)).response!.json()) as { received: unknown[]; sent: { id: number; code: string; note: string }[] };
    expect(writer.received).toEqual([]);
    expect(writer.sent).toMatchObject([{ id: r.enquiryId, code: "interested", note: "请联系我们的经纪人" }]);
  });

  it("keeps the typed note when no answer code is chosen, and refuses another organisation's enquiry", async () => {
    const r = expressInterest(db, w.institute.actor, onNeed(), NOW);
    if (!r.ok) throw new Error("refused");
    const bad = await answer(w.enterprise, { intent: "answer", enquiryId: String(r.enquiryId), code: "", note: "先说明一下情况" });
    expect(bad.status).toBe(400);
    const body = (await bad.response!.json()) as {
      answer: { enquiryId: number; result: { initialValue: Record<string, string>; error: Record<string, string[]> } };
    };
    expect(body.answer.enquiryId).toBe(r.enquiryId);
    expect(body.answer.result.initialValue.note).toBe("先说明一下情况");
    expect(body.answer.result.error.code).toBeTruthy();
    expect((await answer(w.otherEnterprise, { intent: "answer", enquiryId: String(r.enquiryId), code: "interested" })).status).toBe(404);
    expect(db.select().from(enquiries).get()!.respondedAt).toBeNull();
  });
});
