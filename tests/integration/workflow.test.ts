import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { achievements, auditEvents, needs, organisations, searchOutbox } from "../../db/schema";
import { setOnTransformationList, transformationListProgress } from "../../app/services/achievements.server";
import { transitionListing } from "../../app/services/listings.server";
import { closeExpiredNeeds, createNeed, getNeedForViewer, listOwnNeeds, needsListProgress, updateNeed } from "../../app/services/needs.server";
import { verifyOrganisation, overrideCreditCode } from "../../app/services/organisations.server";
import * as mine from "../../app/routes/me.listings";
import * as needPage from "../../app/routes/needs.$id";
import { makeOrg, makeUser, req, useAppDb } from "../helpers/app";
import { makeWorld, needInput, type World } from "../helpers/world";

let db: Db;
let world: World;
let cleanup: () => void;

beforeEach(async () => {
  ({ db, cleanup } = useAppDb());
  world = await makeWorld(db);
});
afterEach(() => cleanup());

const audits = (entity: string, id: number) =>
  db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entity, entity), eq(auditEvents.entityId, String(id))))
    .all();

describe("the review workflow", () => {
  it("shows the reviewer's reason to the owner, lets them edit and resubmit, and audits each step with before and after", () => {
    const id = world.needs.submitted;
    expect(transitionListing(db, "need", world.admin.actor, id, "reject", { reason: "预算区间与需求规模不符，请补充说明" })).toEqual({ ok: true });
    const seen = getNeedForViewer(db, world.enterprise.actor, id)!;
    expect(seen.need.status).toBe("rejected");
    expect(seen.need.reviewNote).toBe("预算区间与需求规模不符，请补充说明");
    expect(seen.canEdit).toBe(true);
    expect(updateNeed(db, world.enterprise.actor, id, needInput({ title: "修改后：煤矸石制砖工艺" }))).toEqual({ ok: true, id });
    expect(transitionListing(db, "need", world.enterprise.actor, id, "submit")).toEqual({ ok: true });
    expect(transitionListing(db, "need", world.admin.actor, id, "approve")).toEqual({ ok: true });
    const trail = audits("need", id);
    expect(trail.map((a) => a.action)).toEqual(["create", "submit", "reject", "update", "submit", "approve"]);
    const reject = trail[2]!;
    expect((reject.before as { status: string }).status).toBe("submitted");
    expect((reject.after as { status: string }).status).toBe("rejected");
    expect(reject.actorUserId).toBe(world.admin.user.id);
    expect(reject.actorRole).toBe("admin");
  });

  it("puts each published need on the year's needs list and counts it against the target", () => {
    const before = needsListProgress(db, 2026);
    const id = (createNeed(db, world.enterprise.actor, needInput()) as { id: number }).id;
    transitionListing(db, "need", world.enterprise.actor, id, "submit");
    transitionListing(db, "need", world.admin.actor, id, "approve", { now: new Date("2026-06-01T02:00:00Z") });
    expect(db.select().from(needs).where(eq(needs.id, id)).get()!.listYear).toBe(2026);
    expect(needsListProgress(db, 2026)).toEqual({ year: 2026, done: before.done + 1, target: 100 });
  });

  it("uses the Beijing year at the turn of the year", () => {
    const id = (createNeed(db, world.enterprise.actor, needInput()) as { id: number }).id;
    transitionListing(db, "need", world.enterprise.actor, id, "submit");
    // 2026-12-31T17:00Z is already 1 January 2027 in Beijing.
    transitionListing(db, "need", world.admin.actor, id, "approve", { now: new Date("2026-12-31T17:00:00Z") });
    expect(db.select().from(needs).where(eq(needs.id, id)).get()!.listYear).toBe(2027);
  });

  it("refuses to submit for an organisation the Bureau has not verified", async () => {
    const org = makeOrg(db, "enterprise", { verified: false });
    const member = await makeUser(db, "enterprise", org.id);
    const id = (createNeed(db, member.actor, needInput()) as { id: number }).id;
    expect(transitionListing(db, "need", member.actor, id, "submit")).toEqual({ ok: false, error: "unverified" });
    expect(db.select().from(needs).where(eq(needs.id, id)).get()!.status).toBe("draft");
    expect(audits("need", id).map((a) => a.action)).toEqual(["create", "denied:submit"]);
  });

  it("does not offer an unverified organisation the submit button but says why, and answers a submit with that reason", async () => {
    const org = makeOrg(db, "enterprise", { verified: false });
    const member = await makeUser(db, "enterprise", org.id);
    const id = (createNeed(db, member.actor, needInput()) as { id: number }).id;
    const view = getNeedForViewer(db, member.actor, id)!;
    expect(view.actions).not.toContain("submit");
    expect(view.submitHeld).toBe(true);
    const verified = getNeedForViewer(db, world.enterprise.actor, world.needs.draft)!;
    expect(verified.actions).toContain("submit");
    expect(verified.submitHeld).toBe(false);
    const res = (await needPage.action({
      request: req(`/needs/${id}?saved=1`, { cookie: member.cookie, form: { intent: "submit" } }),
      params: { id: String(id) },
      context: { cspNonce: "" },
    })) as Response;
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: "您的机构尚未通过科技局认证，认证后即可发布。" });
  });

  it("writes every change and its search outbox row in the same transaction", () => {
    const id = world.needs.published;
    const outboxBefore = db
      .select()
      .from(searchOutbox)
      .where(and(eq(searchOutbox.entity, "need"), eq(searchOutbox.entityId, id)))
      .all().length;
    transitionListing(db, "need", world.enterprise.actor, id, "withdraw");
    expect(
      db
        .select()
        .from(searchOutbox)
        .where(and(eq(searchOutbox.entity, "need"), eq(searchOutbox.entityId, id)))
        .all().length,
    ).toBe(outboxBefore + 1);
  });

  it("rolls the change back when the audit write fails", () => {
    const id = world.needs.published;
    db.$client.exec("CREATE TRIGGER break_audit BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'disk trouble'); END;");
    expect(() => transitionListing(db, "need", world.enterprise.actor, id, "withdraw")).toThrow(/disk trouble/);
    db.$client.exec("DROP TRIGGER break_audit");
    expect(db.select().from(needs).where(eq(needs.id, id)).get()!.status).toBe("published");
  });
});

describe("freshness", () => {
  it("marks a listing stale after the policy period and one click on the owner's page confirms it again", async () => {
    const id = world.needs.published;
    const old = new Date(Date.now() - 200 * 86_400_000).toISOString();
    db.update(needs).set({ confirmedAt: old }).where(eq(needs.id, id)).run();
    expect(listOwnNeeds(db, world.enterprise.actor).find((n) => n.id === id)!.stale).toBe(true);
    expect(getNeedForViewer(db, null, id)!.stale).toBe(true);
    const res = (await mine.action({
      request: req("/me/listings", { cookie: world.enterprise.cookie, form: { intent: "confirm", id: String(id) } }),
      params: {},
      context: { cspNonce: "" },
    })) as Response;
    expect(res.status).toBe(302);
    expect(listOwnNeeds(db, world.enterprise.actor).find((n) => n.id === id)!.stale).toBe(false);
    expect(audits("need", id).at(-1)!.action).toBe("confirm");
  });

  it("follows the policy setting for the period", () => {
    const id = world.needs.published;
    db.update(needs)
      .set({ confirmedAt: new Date(Date.now() - 40 * 86_400_000).toISOString() })
      .where(eq(needs.id, id))
      .run();
    expect(getNeedForViewer(db, null, id)!.stale).toBe(false);
    db.$client.prepare("UPDATE policy_settings SET value = '30' WHERE key = 'freshness_days'").run();
    expect(getNeedForViewer(db, null, id)!.stale).toBe(true);
  });

  it("closes a need whose deadline has passed, by Beijing date, with an audit event", () => {
    const id = world.needs.published;
    db.update(needs).set({ deadline: "2026-03-01" }).where(eq(needs.id, id)).run();
    // 2026-03-01T15:59Z is still 1 March in Beijing (23:59): not yet past.
    expect(closeExpiredNeeds(db, new Date("2026-03-01T15:59:00Z"))).toBe(0);
    expect(closeExpiredNeeds(db, new Date("2026-03-01T16:00:00Z"))).toBe(1);
    const row = db.select().from(needs).where(eq(needs.id, id)).get()!;
    expect(row.status).toBe("closed");
    expect(audits("need", id).at(-1)!.action).toBe("close");
    expect(closeExpiredNeeds(db, new Date("2026-03-02T16:00:00Z"))).toBe(0);
  });
});

describe("the transformation project list", () => {
  it("lets the Bureau put a published achievement on the list once and counts it", () => {
    const id = world.achievements.published;
    const before = transformationListProgress(db, 2026).done;
    expect(setOnTransformationList(db, world.institute.actor, id, true)).toEqual({ ok: false, error: "forbidden" });
    expect(setOnTransformationList(db, world.admin.actor, world.achievements.draft, true)).toEqual({ ok: false, error: "conflict" });
    expect(setOnTransformationList(db, world.admin.actor, id, true, { now: new Date("2026-05-05T00:00:00Z") })).toEqual({ ok: true });
    expect(setOnTransformationList(db, world.admin.actor, id, true, { now: new Date("2026-05-06T00:00:00Z") })).toEqual({ ok: true });
    expect(transformationListProgress(db, 2026)).toEqual({ year: 2026, done: before + 1, target: 200 });
    expect(db.select().from(achievements).where(eq(achievements.id, id)).get()!.transformationListedAt).toBe("2026-05-05T00:00:00.000Z");
    expect(audits("achievement", id).filter((a) => a.action === "tlist.add")).toHaveLength(1);
  });
});

describe("organisation verification", () => {
  it("verifies an organisation once, and one with a failing pilot code only after the code is accepted by hand", () => {
    const pilot = db
      .insert(organisations)
      .values({ name: "早期试点企业", kind: "enterprise", creditCode: "91350100M0001TGQXM", countyCode: "141102" })
      .returning()
      .get();
    expect(verifyOrganisation(db, world.admin.actor, pilot.id)).toEqual({ ok: false, error: "code_check" });
    expect(overrideCreditCode(db, world.enterprise.actor, pilot.id)).toEqual({ ok: false, error: "forbidden" });
    expect(overrideCreditCode(db, world.admin.actor, pilot.id)).toEqual({ ok: true });
    expect(verifyOrganisation(db, world.admin.actor, pilot.id)).toEqual({ ok: true });
    expect(audits("organisation", pilot.id).map((a) => a.action)).toEqual(["denied:override", "override", "verify"]);
  });
});

describe("staleness reminders", () => {
  it("reminds the owners once, a week before a listing goes stale, and again after the next confirmation", async () => {
    const { remindStaleSoon } = await import("../../app/services/listings.server");
    const { listInbox } = await import("../../app/services/notifications.server");
    const id = world.needs.published;
    const now = new Date("2026-11-21T00:00:00Z");
    db.update(needs)
      .set({ confirmedAt: new Date(now.getTime() - 175 * 86_400_000).toISOString() })
      .where(eq(needs.id, id))
      .run();
    expect(remindStaleSoon(db, now)).toBeGreaterThanOrEqual(1);
    remindStaleSoon(db, new Date(now.getTime() + 86_400_000));
    const inbox = listInbox(db, world.enterprise.user.id).filter((n) => n.kind === "listing_stale_soon");
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.params).toMatchObject({ days: 5 });
    expect(listInbox(db, world.otherEnterprise.user.id)).toHaveLength(0);
  });
});
