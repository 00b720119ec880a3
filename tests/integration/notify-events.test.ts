import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { auditEvents, needs, notifications, users } from "../../db/schema";
import * as accountPage from "../../app/routes/account";
import * as langRoute from "../../app/routes/lang";
import * as inboxPage from "../../app/routes/inbox";
import { localeCookie } from "../../app/services/locale.server";
import { register } from "../../app/services/auth.server";
import { claimNeed } from "../../app/services/claims.server";
import { createContract, submitContract } from "../../app/services/contract-filing.server";
import { returnContract } from "../../app/services/contract-registrar.server";
import { changeStage } from "../../app/services/deals.server";
import { remindStaleSoon, transitionListing } from "../../app/services/listings.server";
import { deliverPendingEmail, renderNotification, type Mailer } from "../../app/services/notifications.server";
import { notifyOrganisationDecision } from "../../app/services/notify-events.server";
import { verifyOrganisation } from "../../app/services/organisations.server";
import { getSearch } from "../../app/services/search.server";
import { makeOrg, makeUser, req, statusOf, useAppDb, type TestUser } from "../helpers/app";
import { makeWorld, type World } from "../helpers/world";
import { contractInput, makeContractWorld, ok, partiesOf, registerCleared } from "./contracts-fixtures";
import { certify, makeDealWorld } from "./deals-fixtures";

// Each event that someone expects to hear of: who hears, how often, and in which language,
// in the inbox and by e-mail.

let db: Db;
let cleanup: () => void;
beforeEach(() => {
  ({ db, cleanup } = useAppDb());
});
afterEach(() => cleanup());

const ORIGIN = "https://market.lvliang.example";

interface Sent {
  to: string;
  subject: string;
  text: string;
}

/** Delivers every pending e-mail to a list, as the delivery job would. */
async function mailbox(): Promise<Sent[]> {
  const sent: Sent[] = [];
  const mailer: Mailer = {
    async send(to, subject, text) {
      sent.push({ to, subject, text });
    },
  };
  await deliverPendingEmail(db, mailer, { origin: ORIGIN, limit: 500 });
  return sent;
}

const kindsOf = (who: TestUser) =>
  db
    .select({ kind: notifications.kind })
    .from(notifications)
    .where(eq(notifications.userId, who.user.id))
    .all()
    .map((n) => n.kind);
const messagesOf = (who: TestUser, kind: string) =>
  db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, who.user.id), eq(notifications.kind, kind as never)))
    .all();
const speaksEnglish = (...who: TestUser[]) => {
  for (const w of who) db.update(users).set({ locale: "en" }).where(eq(users.id, w.user.id)).run();
};

describe("the Bureau's decision on an organisation", () => {
  it("tells every member once, in their own language, with a link to their account", async () => {
    const org = makeOrg(db, "enterprise", { verified: false, name: "方山县绿源农业科技有限公司" });
    const zhMember = await makeUser(db, "enterprise", org.id);
    const enMember = await makeUser(db, "enterprise", org.id);
    const outsider = await makeUser(db, "enterprise", makeOrg(db, "enterprise").id);
    const admin = await makeUser(db, "admin", makeOrg(db, "government").id);
    speaksEnglish(enMember);
    expect(verifyOrganisation(db, admin.actor, org.id)).toEqual({ ok: true });
    expect(verifyOrganisation(db, admin.actor, org.id)).toEqual({ ok: true });
    expect(kindsOf(zhMember)).toEqual(["org_verified"]);
    expect(kindsOf(enMember)).toEqual(["org_verified"]);
    expect(kindsOf(outsider)).toEqual([]);
    expect(kindsOf(admin)).toEqual([]);

    const mail = await mailbox();
    expect(mail.map((m) => m.to).sort()).toEqual([zhMember.user.email, enMember.user.email].sort());
    const zh = mail.find((m) => m.to === zhMember.user.email)!;
    const en = mail.find((m) => m.to === enMember.user.email)!;
    expect(zh.subject).toBe("吕梁科技大市场 · 机构已通过认证");
    expect(zh.text).toContain("您的机构“方山县绿源农业科技有限公司”已通过科技局认证");
    expect(zh.text).toContain(`${ORIGIN}/account`);
    expect(en.subject).toBe("Lüliang Technology Market · Your organisation is verified");
    expect(en.text).toContain(`Hello ${enMember.user.name},`);
    expect(en.text).toContain("Your organisation “方山县绿源农业科技有限公司” has been verified by the Bureau");
    expect(en.text).toContain(`Open it here: ${ORIGIN}/account`);
    expect(await mailbox()).toEqual([]);
  });

  it("a refusal carries the reason, or says in words that none was given", async () => {
    const org = makeOrg(db, "institute", { verified: false, name: "吕梁学院" });
    const member = await makeUser(db, "institute", org.id);
    const at = new Date("2026-11-20T03:00:00Z");
    writeTx(db, (tx) => notifyOrganisationDecision(tx, org.id, "refused", "统一社会信用代码与营业执照不符", at));
    writeTx(db, (tx) => notifyOrganisationDecision(tx, org.id, "refused", "统一社会信用代码与营业执照不符", at));
    writeTx(db, (tx) => notifyOrganisationDecision(tx, org.id, "refused", null, new Date("2026-11-21T03:00:00Z")));
    const [first, second] = messagesOf(member, "org_refused");
    expect(messagesOf(member, "org_refused")).toHaveLength(2);
    expect(renderNotification("zh-CN", first!)).toBe("您的机构“吕梁学院”未通过科技局认证：统一社会信用代码与营业执照不符");
    expect(renderNotification("en", second!)).toBe("Your organisation “吕梁学院” was not verified by the Bureau: no reason given");
  });
});

describe("the Bureau's review of a listing", () => {
  let w: World;
  beforeEach(async () => {
    w = await makeWorld(db);
  });

  it("tells the owning organisation's members that a need is public, and an achievement's owners that it was returned and why", async () => {
    const colleague = await makeUser(db, "enterprise", w.enterprise.user.orgId);
    speaksEnglish(colleague, w.institute);
    const before = { enterprise: messagesOf(w.enterprise, "listing_approved").length, colleague: messagesOf(colleague, "listing_approved").length };
    ok(transitionListing(db, "need", w.admin.actor, w.needs.submitted, "approve"));
    expect(messagesOf(w.enterprise, "listing_approved")).toHaveLength(before.enterprise + 1);
    const [approved] = messagesOf(colleague, "listing_approved");
    expect(messagesOf(colleague, "listing_approved")).toHaveLength(before.colleague + 1);
    expect(approved!.link).toBe(`/needs/${w.needs.submitted}`);
    expect(renderNotification("en", approved!)).toBe("Your need “待审需求：煤矸石制砖” was approved and is now public");
    expect(renderNotification("zh-CN", approved!)).toBe("您的技术需求“待审需求：煤矸石制砖”已审核通过并公开发布");

    ok(transitionListing(db, "achievement", w.admin.actor, w.achievements.submitted, "reject", { reason: "请补充专利号与中试数据" }));
    const [returned] = messagesOf(w.institute, "listing_returned");
    expect(messagesOf(w.institute, "listing_returned")).toHaveLength(1);
    expect(returned!.link).toBe(`/achievements/${w.achievements.submitted}`);
    for (const other of [w.enterprise, w.otherInstitute, w.broker, w.admin]) expect(messagesOf(other, "listing_returned")).toEqual([]);

    const mail = (await mailbox()).filter((m) => m.to === w.institute.user.email);
    expect(mail.map((m) => m.subject)).toContain("Lüliang Technology Market · Your achievement was returned: 待审成果：针状焦制备");
    const letter = mail.find((m) => m.subject.includes("returned"))!;
    expect(letter.text).toContain("was returned for changes: 请补充专利号与中试数据");
    expect(letter.text).toContain(`${ORIGIN}/achievements/${w.achievements.submitted}`);
  });

  it("a broker's claim reaches the need's owners, once, and no one else", async () => {
    certify(db, w.broker);
    const colleague = await makeUser(db, "enterprise", w.enterprise.user.orgId);
    speaksEnglish(colleague);
    await getSearch().relay.drain();
    ok(claimNeed(db, w.broker.actor, w.needs.published));
    expect(claimNeed(db, w.broker.actor, w.needs.published)).toMatchObject({ ok: false });
    for (const owner of [w.enterprise, colleague]) expect(messagesOf(owner, "need_claimed")).toHaveLength(1);
    for (const other of [w.otherEnterprise, w.institute, w.broker]) expect(messagesOf(other, "need_claimed")).toEqual([]);
    const letter = (await mailbox()).find((m) => m.to === colleague.user.email && m.subject.includes("broker"))!;
    expect(letter.subject).toBe("Lüliang Technology Market · A broker has taken up your need");
    expect(letter.text).toContain(`${ORIGIN}/needs/${w.needs.published}`);
  });

  it("a listing about to go stale reminds its owners once, in their language", async () => {
    speaksEnglish(w.enterprise);
    const now = new Date("2026-11-21T00:00:00Z");
    db.update(needs)
      .set({ confirmedAt: new Date(now.getTime() - 175 * 86_400_000).toISOString() })
      .where(eq(needs.id, w.needs.published))
      .run();
    remindStaleSoon(db, now);
    remindStaleSoon(db, new Date(now.getTime() + 3_600_000));
    const reminders = messagesOf(w.enterprise, "listing_stale_soon");
    expect(reminders).toHaveLength(1);
    expect(messagesOf(w.institute, "listing_stale_soon")).toEqual([]);
    const letter = (await mailbox()).find((m) => m.to === w.enterprise.user.email && m.subject.includes("current"))!;
    expect(letter.subject).toBe("Lüliang Technology Market · Please confirm “已发布需求：焦炉煤气制氢” is still current");
    expect(letter.text).toContain("will leave the lists in 5 days");
  });
});

describe("a deal's stage", () => {
  it("reaches both parties' members and the broker, not the one who moved it, with the stage in words in each reader's language", async () => {
    const w = await makeDealWorld(db);
    speaksEnglish(w.institute);
    ok(changeStage(db, w.broker.actor, w.matchId, { to: "negotiating" }));
    for (const member of [w.enterprise, w.colleague, w.institute]) expect(messagesOf(member, "stage_changed")).toHaveLength(1);
    for (const other of [w.broker, w.rival, w.otherEnterprise, w.admin]) expect(messagesOf(other, "stage_changed")).toEqual([]);
    const [message] = messagesOf(w.institute, "stage_changed");
    expect(message!.params).toMatchObject({ stageKey: "deal.stage.negotiating" });
    expect(renderNotification("zh-CN", message!)).toContain("进入新阶段：谈判中");
    const mail = await mailbox();
    const en = mail.find((m) => m.to === w.institute.user.email && m.subject.includes("deal"))!;
    expect(en.subject).toBe("Lüliang Technology Market · Your deal moved on: Negotiating");
    expect(en.text).toContain("moved to a new stage: Negotiating");
    expect(en.text).not.toContain("deal.stage");
    const zh = mail.find((m) => m.to === w.enterprise.user.email && m.subject.includes("对接"))!;
    expect(zh.subject).toBe("吕梁科技大市场 · 对接进入新阶段：谈判中");
    expect(zh.text).toContain(`${ORIGIN}/deals/${w.matchId}`);

    // The inbox reads in the language of the page, whatever the language of the e-mail.
    const english = `${w.enterprise.cookie}; ${(await localeCookie.serialize("en")).split(";")[0]}`;
    const page = await statusOf(() => inboxPage.loader({ request: req("/inbox", { cookie: english }), params: {}, context: { cspNonce: "" } } as never));
    const items = ((await page.response!.json()) as { items: { text: string }[] }).items.map((i) => i.text);
    expect(items).toContain("The deal “已发布需求：焦炉煤气制氢 ↔ 已发布成果：变压吸附提氢” moved to a new stage: Negotiating");
  });
});

describe("a contract's registration", () => {
  it("registered or returned, it reaches the filer, the broker and both parties' members once; an unrelated organisation hears nothing", async () => {
    const w = await makeContractWorld(db);
    const buyerColleague = await makeUser(db, "enterprise", w.buyerOrg.id);
    speaksEnglish(w.seller);
    const submitted = () => {
      const id = ok(createContract(db, w.broker.actor, contractInput({ ...partiesOf(db, w.buyerOrg.id, w.sellerOrg.id) }))).id;
      ok(submitContract(db, w.broker.actor, id));
      return id;
    };
    const registered = submitted();
    ok(registerCleared(db, w.admin.actor, registered, { intent: "register", registrationNo: "2026141100000777", acceptCodes: false }));
    const returned = submitted();
    ok(returnContract(db, w.admin.actor, returned, "技术交易额未扣除设备费"));
    for (const who of [w.broker, w.buyer, buyerColleague, w.seller]) {
      expect(messagesOf(who, "contract_registered").map((n) => n.link)).toEqual([`/contracts/${registered}`]);
      expect(messagesOf(who, "contract_returned").map((n) => n.link)).toEqual([`/contracts/${returned}`]);
    }
    for (const other of [w.other, w.otherBroker, w.admin]) expect(kindsOf(other).filter((k) => k.startsWith("contract_"))).toEqual([]);
    const mail = (await mailbox()).filter((m) => m.to === w.seller.user.email);
    expect(mail.map((m) => m.subject).sort()).toEqual([
      "Lüliang Technology Market · A contract is registered",
      "Lüliang Technology Market · A contract was returned",
    ]);
    expect(mail.find((m) => m.subject.endsWith("registered"))!.text).toContain("number 2026141100000777");
    expect(mail.find((m) => m.subject.endsWith("returned"))!.text).toContain(`: 技术交易额未扣除设备费\n\nOpen it here: ${ORIGIN}/contracts/${returned}`);
  });
});

describe("the e-mail setting", () => {
  it("is changed on the account page and audited; when off, messages reach the inbox but no e-mail goes, and what came meanwhile is not mailed later", async () => {
    const org = makeOrg(db, "enterprise", { verified: false });
    const member = await makeUser(db, "enterprise", org.id);
    const admin = await makeUser(db, "admin", makeOrg(db, "government").id);
    const post = (form: Record<string, string>) =>
      statusOf(() => accountPage.action({ request: req("/account", { cookie: member.cookie, form }), params: {}, context: { cspNonce: "" } } as never));
    expect((await post({ intent: "notifications", locale: "en" })).status).toBe(302);
    expect(db.select().from(users).where(eq(users.id, member.user.id)).get()).toMatchObject({ emailNotifications: false, locale: "en" });
    const audit = db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "notification_settings"), eq(auditEvents.entityId, String(member.user.id))))
      .all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ before: { emailNotifications: true, locale: "zh-CN" }, after: { emailNotifications: false, locale: "en" } });
    expect((await post({ intent: "notifications", locale: "fr" })).status).toBe(400);

    ok(verifyOrganisation(db, admin.actor, org.id));
    expect(kindsOf(member)).toEqual(["org_verified"]);
    expect(await mailbox()).toEqual([]);

    expect((await post({ intent: "notifications", emailNotifications: "on", locale: "en" })).status).toBe(302);
    expect(await mailbox()).toEqual([]);
    writeTx(db, (tx) => notifyOrganisationDecision(tx, org.id, "refused", "重复登记", new Date("2026-11-22T00:00:00Z")));
    expect((await mailbox()).map((m) => m.subject)).toEqual(["Lüliang Technology Market · Your organisation was not verified"]);
  });
});

describe("the language of a member's messages", () => {
  it("is the one registered in, then the one last chosen while signed in", async () => {
    const org = makeOrg(db, "institute");
    const out = await register(db, {
      email: "li.na@lvliang-university.example",
      name: "李娜",
      password: "Red-Mud-Iron-Recovery-2026",
      role: "institute",
      locale: "en",
      org: { mode: "existing", creditCode: org.creditCode },
    });
    expect(out.ok).toBe(true);
    const localeOf = (id: number) => db.select({ locale: users.locale }).from(users).where(eq(users.id, id)).get()!.locale;
    expect(localeOf((out as { userId: number }).userId)).toBe("en");

    const member = await makeUser(db, "institute", org.id);
    const choose = (locale: string) =>
      statusOf(() =>
        langRoute.action({ request: req("/lang", { cookie: member.cookie, form: { locale, redirectTo: "/inbox" } }), params: {}, context: {} } as never),
      );
    expect((await choose("en")).status).toBe(302);
    expect(localeOf(member.user.id)).toBe("en");
    expect((await choose("zh-CN")).status).toBe(302);
    expect(localeOf(member.user.id)).toBe("zh-CN");
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, "notification_settings")).all()).toHaveLength(2);
  });
});
