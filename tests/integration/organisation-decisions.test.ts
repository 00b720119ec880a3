import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { auditEvents, notifications, organisations } from "../../db/schema";
import * as orgsPage from "../../app/routes/admin.organisations";
import { auditActionName, auditLines } from "../../app/components/audit-details";
import { makeT } from "../../app/i18n";
import { listOrganisationsForAdmin, organisationRefusal, refuseOrganisation, verifyOrganisation } from "../../app/services/organisations.server";
import { makeOrg, makeUser, req, useAppDb } from "../helpers/app";
import { makeWorld, type World } from "../helpers/world";

let db: Db;
let cleanup: () => void;
let world: World;
beforeEach(async () => {
  ({ db, cleanup } = useAppDb());
  world = await makeWorld(db);
});
afterEach(() => cleanup());

const post = (cookie: string, form: Record<string, string>) =>
  orgsPage.action({ request: req("/admin/organisations", { cookie, form }), params: {}, context: { cspNonce: "" } }) as Promise<Response>;
const trail = (orgId: number) =>
  db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entity, "organisation"), eq(auditEvents.entityId, String(orgId))))
    .all();
const verifiedAt = (orgId: number) => db.select().from(organisations).where(eq(organisations.id, orgId)).get()!.verifiedAt;

describe("the Bureau's decision on an organisation", () => {
  it("verifies only after a second, confirmed post, and audits it", async () => {
    const org = makeOrg(db, "enterprise", { verified: false });
    const ask = await post(world.admin.cookie, { intent: "verify", orgId: String(org.id) });
    expect(ask.status).toBe(200);
    expect(await ask.json()).toEqual({ confirm: { intent: "verify", orgId: org.id } });
    expect(verifiedAt(org.id)).toBeNull();
    const done = await post(world.admin.cookie, { intent: "verify", orgId: String(org.id), confirmed: "yes" });
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/admin/organisations?done=verified");
    expect(verifiedAt(org.id)).not.toBeNull();
    expect(trail(org.id).map((e) => e.action)).toEqual(["verify"]);
  });

  it("refuses with a reason after confirmation, keeps the organisation unverified and shows the reason on the desk", async () => {
    const org = makeOrg(db, "institute", { verified: false });
    const member = await makeUser(db, "institute", org.id);
    const ask = await post(world.admin.cookie, { intent: "refuse", orgId: String(org.id), reason: "营业执照与信用代码不一致" });
    expect(await ask.json()).toEqual({ confirm: { intent: "refuse", orgId: org.id, reason: "营业执照与信用代码不一致" } });
    expect(trail(org.id)).toEqual([]);
    const done = await post(world.admin.cookie, { intent: "refuse", orgId: String(org.id), reason: "营业执照与信用代码不一致", confirmed: "yes" });
    expect(done.headers.get("Location")).toBe("/admin/organisations?done=refused");
    expect(verifiedAt(org.id)).toBeNull();
    const [event] = trail(org.id);
    expect(event).toMatchObject({ action: "refuse", actorUserId: world.admin.user.id });
    expect(event!.after).toMatchObject({ reason: "营业执照与信用代码不一致" });
    const pending = listOrganisationsForAdmin(db).pending.find((o) => o.id === org.id)!;
    expect(pending.refusal).toEqual({ reason: "营业执照与信用代码不一致", refusedAt: (event!.after as { refusedAt: string }).refusedAt });
    expect(organisationRefusal(db, org.id)).toEqual(pending.refusal);
    // Its members hear of the refusal and its reason, once.
    expect(db.select().from(notifications).where(eq(notifications.userId, member.user.id)).all()).toMatchObject([
      { kind: "org_refused", params: { reason: "营业执照与信用代码不一致" }, link: "/account" },
    ]);
    // Verified later, the old refusal no longer stands.
    await post(world.admin.cookie, { intent: "verify", orgId: String(org.id), confirmed: "yes" });
    expect(organisationRefusal(db, org.id)).toBeNull();
  });

  it("asks for a reason beside the field, keeping what was typed, instead of an error page", async () => {
    const org = makeOrg(db, "enterprise", { verified: false });
    const res = await post(world.admin.cookie, { intent: "refuse", orgId: String(org.id), reason: "x" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ refuseError: { orgId: org.id, message: "至少需要 2 个字符", reason: "x" } });
  });

  it("refuses a refusal by anyone but the Bureau, or of a verified organisation, and audits the denial", async () => {
    const org = makeOrg(db, "enterprise", { verified: false });
    const now = new Date("2026-04-01T02:00:00Z");
    expect(refuseOrganisation(db, world.enterprise.actor, org.id, "不符合", now)).toEqual({ ok: false, error: "forbidden" });
    expect(trail(org.id).map((e) => e.action)).toEqual(["denied:refuse"]);
    expect(verifyOrganisation(db, world.admin.actor, org.id)).toEqual({ ok: true });
    expect(refuseOrganisation(db, world.admin.actor, org.id, "不符合", now)).toEqual({ ok: false, error: "conflict" });
  });
});

describe("the audit trail's details", () => {
  it("shows a change as the fields that changed and names actions in words", () => {
    expect(auditLines({ status: "draft", title: "甲", updatedAt: "1" }, { status: "submitted", title: "甲", updatedAt: "2" }, "—")).toEqual([
      { key: "status", from: "draft", to: "submitted" },
    ]);
    expect(auditLines(null, { reason: "营业执照不符", refusedAt: "2026-04-01T02:00:00.000Z" }, "—")).toEqual([
      { key: "reason", to: "营业执照不符" },
      { key: "refusedAt", to: "2026-04-01T02:00:00.000Z" },
    ]);
    expect(auditLines({ note: null }, { note: "x".repeat(200) }, "—")[0]!.to).toHaveLength(161);
    expect(auditLines(null, { modes: ["licence", "transfer"], reviewNote: null }, "—")).toEqual([{ key: "modes", to: "licence, transfer" }]);
    const zh = makeT("zh-CN");
    const en = makeT("en");
    expect(auditActionName(zh, "zh-CN", "verify")).toBe("认证");
    expect(auditActionName(en, "en", "refuse")).toBe("Refused verification");
    expect(auditActionName(zh, "zh-CN", "denied:submit")).toBe("被拒绝：提交审核");
    expect(auditActionName(en, "en", "decide_pair:same")).not.toContain("action.");
    expect(auditActionName(en, "en", "something_new")).toBe("something new");
  });
});
