import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { and, eq, like } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { auditEvents, challengeApplications, challengeMilestones, challenges, ledgerEntries, notifications } from "../../db/schema";
import {
  acceptMilestone,
  addPanelMember,
  applyToChallenge,
  awardChallenge,
  cancelChallenge,
  closeChallengeEarly,
  createChallenge,
  effectiveStatus,
  reviewChallenge,
  scoreApplication,
  scoreSummaries,
  setMilestonePlan,
  shortlistApplications,
  submitChallenge,
  sweepChallengeWindows,
} from "../../app/services/challenges/index.server";
import { useAppDb } from "../helpers/app";
import {
  AFTER,
  apply,
  applicationInput,
  BEFORE,
  challengeInput,
  DURING,
  makeChallengeWorld,
  ok,
  publishedChallenge,
  type ChallengeWorld,
} from "./challenges-fixtures";

let db: Db;
let cleanup: () => void;
let w: ChallengeWorld;
beforeEach(async () => {
  ({ db, cleanup } = useAppDb());
  w = await makeChallengeWorld(db);
});
afterEach(() => cleanup());

const load = (id: number) => db.select().from(challenges).where(eq(challenges.id, id)).get()!;
const denied = (action: string) =>
  db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, `denied:${action}`))
    .all().length;

describe("posting and review", () => {
  it("an enterprise drafts, submits, the Bureau returns with a reason, then publishes; the status follows the clock", () => {
    const id = ok(createChallenge(db, w.enterprise.actor, challengeInput(), null, BEFORE)).id;
    ok(submitChallenge(db, w.enterprise.actor, id, null, BEFORE));
    ok(reviewChallenge(db, w.admin.actor, id, { decision: "return", reason: "请补充验收指标" }, null, BEFORE));
    expect(load(id)).toMatchObject({ status: "returned", reviewNote: "请补充验收指标" });
    ok(submitChallenge(db, w.enterprise.actor, id, null, BEFORE));
    expect(reviewChallenge(db, w.enterprise.actor, id, { decision: "approve" }, null, BEFORE)).toEqual({ ok: false, error: "forbidden" });
    ok(reviewChallenge(db, w.admin.actor, id, { decision: "approve" }, null, BEFORE));
    const c = load(id);
    expect(c.status).toBe("published");
    expect(effectiveStatus(c, DURING)).toBe("open");
    expect(effectiveStatus(c, AFTER)).toBe("closed");
    expect(c.publishedAt).toBe(BEFORE.toISOString());
  });

  it("an institute, an unverified enterprise and another organisation's need are refused, and each refusal is audited", async () => {
    expect(createChallenge(db, w.institute.actor, challengeInput(), null, BEFORE)).toEqual({ ok: false, error: "forbidden" });
    expect(createChallenge(db, { ...w.enterprise.actor, orgVerified: false }, challengeInput(), null, BEFORE)).toEqual({ ok: false, error: "unverified" });
    expect(createChallenge(db, w.otherEnterprise.actor, challengeInput({ needId: w.needs.published }), null, BEFORE)).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(denied("create")).toBe(3);
    const fromNeed = ok(createChallenge(db, w.enterprise.actor, challengeInput({ needId: w.needs.published }), null, BEFORE)).id;
    expect(load(fromNeed).needId).toBe(w.needs.published);
    ok(createChallenge(db, w.admin.actor, challengeInput(), null, BEFORE));
  });
});

describe("the application window", () => {
  it("no application before the window opens or after it closes, whatever the stored status", () => {
    const id = publishedChallenge(db, w);
    expect(applyToChallenge(db, w.institute.actor, id, applicationInput(), [], null, BEFORE)).toEqual({ ok: false, error: "window" });
    expect(load(id).status).toBe("published");
    expect(applyToChallenge(db, w.institute.actor, id, applicationInput(), [], null, AFTER)).toEqual({ ok: false, error: "window" });
    expect(denied("apply")).toBe(2);
    apply(db, w.institute, id, DURING);
    expect(applyToChallenge(db, w.institute.actor, id, applicationInput(), [], null, DURING)).toEqual({ ok: false, error: "duplicate" });
    expect(applyToChallenge(db, w.enterprise.actor, id, applicationInput(), [], null, DURING)).toEqual({ ok: false, error: "own_org" });
    expect(applyToChallenge(db, w.broker.actor, id, applicationInput(), [], null, DURING)).toEqual({ ok: false, error: "forbidden" });
  });

  it("the sweep opens and closes stored windows once and tells the challenger and applicants", () => {
    const id = publishedChallenge(db, w);
    expect(sweepChallengeWindows(db, DURING)).toEqual({ opened: 1, closed: 0 });
    expect(sweepChallengeWindows(db, DURING)).toEqual({ opened: 0, closed: 0 });
    expect(load(id).status).toBe("open");
    apply(db, w.institute, id);
    expect(sweepChallengeWindows(db, AFTER)).toEqual({ opened: 0, closed: 1 });
    expect(load(id).status).toBe("closed");
    const kinds = db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, w.institute.user.id))
      .all()
      .map((n) => n.kind);
    expect(kinds).toContain("challenge_window_closed");
    const challenger = db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, w.enterprise.user.id))
      .all()
      .map((n) => n.kind);
    expect(challenger).toEqual(expect.arrayContaining(["challenge_window_opened", "challenge_application_received", "challenge_window_closed"]));
    expect(applyToChallenge(db, w.otherInstitute.actor, id, applicationInput(), [], null, AFTER)).toEqual({ ok: false, error: "window" });
  });

  it("the challenger closes a running window early; applications stop at once", () => {
    const id = publishedChallenge(db, w);
    apply(db, w.institute, id);
    expect(closeChallengeEarly(db, w.institute.actor, id, null, DURING)).toEqual({ ok: false, error: "forbidden" });
    ok(closeChallengeEarly(db, w.enterprise.actor, id, null, DURING));
    expect(load(id)).toMatchObject({ status: "closed", closesAt: DURING.toISOString() });
    const later = new Date(DURING.getTime() + 60_000);
    expect(applyToChallenge(db, w.otherInstitute.actor, id, applicationInput(), [], null, later)).toEqual({ ok: false, error: "window" });
  });
});

describe("scoring, shortlist and award", () => {
  it("no shortlist before closing; no award before shortlisting; scores give a weighted total", () => {
    const id = publishedChallenge(db, w);
    const a = apply(db, w.institute, id);
    const b = apply(db, w.otherInstitute, id);
    expect(shortlistApplications(db, w.enterprise.actor, id, [a], null, DURING)).toEqual({ ok: false, error: "not_closed" });
    expect(scoreApplication(db, w.enterprise.actor, id, { applicationId: a, scores: [80, 70, 90] }, null, DURING)).toEqual({ ok: false, error: "not_closed" });
    expect(awardChallenge(db, w.enterprise.actor, id, [{ applicationId: a, awardFen: 1 }], null, AFTER)).toEqual({ ok: false, error: "not_shortlisted" });
    ok(addPanelMember(db, w.admin.actor, id, w.panelist.user.email, null, AFTER));
    ok(scoreApplication(db, w.enterprise.actor, id, { applicationId: a, scores: [80, 70, 90] }, null, AFTER));
    ok(scoreApplication(db, w.panelist.actor, id, { applicationId: a, scores: [90, 90, 90] }, null, AFTER));
    expect(scoreApplication(db, w.panelist.actor, id, { applicationId: b, scores: [101, 0, 0] }, null, AFTER)).toEqual({ ok: false, error: "invalid" });
    expect(scoreApplication(db, w.otherInstitute.actor, id, { applicationId: a, scores: [0, 0, 0] }, null, AFTER)).toEqual({ ok: false, error: "forbidden" });
    // 80×.4 + 70×.3 + 90×.3 = 80; 90 from the panel; the average is 85.
    expect(scoreSummaries(db, load(id)).get(a)).toMatchObject({ weighted: 85, scorers: 2 });
    ok(shortlistApplications(db, w.enterprise.actor, id, [a], null, AFTER));
    const statuses = db.select({ id: challengeApplications.id, s: challengeApplications.status }).from(challengeApplications).all();
    expect(statuses).toEqual(
      expect.arrayContaining([
        { id: a, s: "shortlisted" },
        { id: b, s: "not_shortlisted" },
      ]),
    );
    expect(awardChallenge(db, w.enterprise.actor, id, [{ applicationId: b, awardFen: 100 }], null, AFTER)).toEqual({ ok: false, error: "not_shortlisted" });
  });

  it("a single-winner challenge awards exactly one team, never more than the reward", () => {
    const id = publishedChallenge(db, w);
    const a = apply(db, w.institute, id);
    const b = apply(db, w.otherInstitute, id);
    ok(shortlistApplications(db, w.enterprise.actor, id, [a, b], null, AFTER));
    const reward = load(id).rewardFen;
    expect(
      awardChallenge(
        db,
        w.enterprise.actor,
        id,
        [
          { applicationId: a, awardFen: 1 },
          { applicationId: b, awardFen: 1 },
        ],
        null,
        AFTER,
      ),
    ).toEqual({ ok: false, error: "too_many" });
    expect(awardChallenge(db, w.enterprise.actor, id, [{ applicationId: a, awardFen: reward + 1 }], null, AFTER)).toEqual({ ok: false, error: "over_reward" });
    ok(awardChallenge(db, w.enterprise.actor, id, [{ applicationId: a, awardFen: reward }], null, AFTER));
    expect(load(id).status).toBe("awarded");
    const apps = db.select().from(challengeApplications).all();
    expect(apps.find((x) => x.id === a)).toMatchObject({ status: "awarded", awardFen: reward });
    expect(apps.find((x) => x.id === b)).toMatchObject({ status: "not_awarded", awardFen: null });
    expect(awardChallenge(db, w.enterprise.actor, id, [{ applicationId: b, awardFen: 1 }], null, AFTER)).toEqual({ ok: false, error: "awarded" });
  });

  it("a race funds several teams up to its number, the parts summing to at most the reward", () => {
    const id = publishedChallenge(db, w, { mode: "race", teams: 2, rewardWan: 1_000_000_00 });
    const a = apply(db, w.institute, id);
    const b = apply(db, w.otherInstitute, id);
    const c = apply(db, w.thirdInstitute, id);
    ok(shortlistApplications(db, w.enterprise.actor, id, [a, b, c], null, AFTER));
    const three = [a, b, c].map((applicationId) => ({ applicationId, awardFen: 10_000_00 }));
    expect(awardChallenge(db, w.enterprise.actor, id, three, null, AFTER)).toEqual({ ok: false, error: "too_many" });
    const over = [
      { applicationId: a, awardFen: 60_000_000 },
      { applicationId: b, awardFen: 50_000_000 },
    ];
    expect(awardChallenge(db, w.enterprise.actor, id, over, null, AFTER)).toEqual({ ok: false, error: "over_reward" });
    ok(
      awardChallenge(
        db,
        w.enterprise.actor,
        id,
        [
          { applicationId: a, awardFen: 60_000_000 },
          { applicationId: b, awardFen: 40_000_000 },
        ],
        null,
        AFTER,
      ),
    );
    const awarded = db.select().from(challengeApplications).where(eq(challengeApplications.status, "awarded")).all();
    expect(awarded.map((x) => x.id).sort()).toEqual([a, b].sort());
    expect(db.select().from(challengeMilestones).where(eq(challengeMilestones.challengeId, id)).all()).toHaveLength(2);
  });
});

describe("milestones and payment", () => {
  function awarded(overrides = {}) {
    const id = publishedChallenge(db, w, overrides);
    const a = apply(db, w.institute, id);
    ok(shortlistApplications(db, w.enterprise.actor, id, [a], null, AFTER));
    ok(awardChallenge(db, w.enterprise.actor, id, [{ applicationId: a, awardFen: load(id).rewardFen }], null, AFTER));
    return { id, a };
  }
  const entries = (id: number) => db.select().from(ledgerEntries).where(eq(ledgerEntries.challengeId, id)).all();

  it("a reward is paid once, through the ledger, only after acceptance", () => {
    const { id, a } = awarded();
    expect(entries(id)).toHaveLength(0);
    const reward = load(id).rewardFen;
    ok(
      setMilestonePlan(db, w.enterprise.actor, id, {
        applicationId: a,
        milestones: [
          { title: "中试完成", dueOn: "2030-12-31", amountFen: reward / 2 },
          { title: "示范线验收", dueOn: "2031-06-30", amountFen: reward / 2 },
        ],
      }),
    );
    const [m1, m2] = db.select().from(challengeMilestones).where(eq(challengeMilestones.applicationId, a)).orderBy(challengeMilestones.seq).all();
    expect(acceptMilestone(db, w.institute.actor, id, { milestoneId: m1!.id }, null, AFTER)).toEqual({ ok: false, error: "forbidden" });
    expect(acceptMilestone(db, w.admin.actor, id, { milestoneId: m1!.id }, null, AFTER)).toEqual({ ok: false, error: "forbidden" });
    expect(entries(id)).toHaveLength(0);
    ok(acceptMilestone(db, w.enterprise.actor, id, { milestoneId: m1!.id, note: "中试数据达标" }, null, AFTER));
    expect(acceptMilestone(db, w.enterprise.actor, id, { milestoneId: m1!.id }, null, AFTER)).toEqual({ ok: false, error: "conflict" });
    expect(entries(id)).toHaveLength(1);
    expect(entries(id)[0]).toMatchObject({
      kind: "challenge_reward",
      source: "challenge",
      contractId: null,
      challengeMilestoneId: m1!.id,
      amountFen: reward / 2,
      beneficiaryOrgId: w.institute.actor.orgId,
    });
    expect(load(id).status).toBe("awarded");
    expect(setMilestonePlan(db, w.enterprise.actor, id, { applicationId: a, milestones: [{ title: "x1", dueOn: "2031-01-01", amountFen: reward }] })).toEqual({
      ok: false,
      error: "conflict",
    });
    ok(acceptMilestone(db, w.enterprise.actor, id, { milestoneId: m2!.id }, null, AFTER));
    expect(entries(id).reduce((s, e) => s + e.amountFen, 0)).toBe(reward);
    expect(load(id)).toMatchObject({ status: "paid", acceptedAt: AFTER.toISOString(), paidAt: AFTER.toISOString() });
    const kinds = db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, w.institute.user.id))
      .all()
      .map((n) => n.kind);
    expect(kinds).toEqual(expect.arrayContaining(["challenge_shortlisted", "challenge_awarded", "challenge_milestone_accepted", "challenge_reward_paid"]));
  });

  it("an on-award challenge pays its one milestone once even when two acceptances race", async () => {
    const { id } = awarded({ payout: "on_award" });
    const [m] = db.select().from(challengeMilestones).where(eq(challengeMilestones.challengeId, id)).all();
    const results = await Promise.all(
      [0, 1].map(() => Promise.resolve().then(() => acceptMilestone(db, w.enterprise.actor, id, { milestoneId: m!.id }, null, AFTER))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(entries(id)).toHaveLength(1);
    expect(load(id).status).toBe("paid");
    const deniedAccept = db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entity, "challenge"), like(auditEvents.action, "denied:accept")))
      .all();
    expect(deniedAccept).toHaveLength(1);
  });
});

describe("cancelling", () => {
  it("cancelling before awards shows the reason; after awards it is refused", () => {
    const first = publishedChallenge(db, w);
    apply(db, w.institute, first);
    expect(cancelChallenge(db, w.institute.actor, first, "不再需要", null, DURING)).toEqual({ ok: false, error: "forbidden" });
    ok(cancelChallenge(db, w.enterprise.actor, first, "企业技术路线调整，本榜撤销", null, DURING));
    expect(load(first)).toMatchObject({ status: "cancelled", cancelReason: "企业技术路线调整，本榜撤销" });
    expect(applyToChallenge(db, w.otherInstitute.actor, first, applicationInput(), [], null, DURING)).toEqual({ ok: false, error: "window" });

    const second = publishedChallenge(db, w);
    const a = apply(db, w.institute, second);
    ok(shortlistApplications(db, w.enterprise.actor, second, [a], null, AFTER));
    ok(awardChallenge(db, w.enterprise.actor, second, [{ applicationId: a, awardFen: 100 }], null, AFTER));
    expect(cancelChallenge(db, w.enterprise.actor, second, "试图撤销", null, AFTER)).toEqual({ ok: false, error: "awarded" });
    expect(cancelChallenge(db, w.admin.actor, second, "试图撤销", null, AFTER)).toEqual({ ok: false, error: "awarded" });
    expect(load(second).status).toBe("awarded");
    expect(denied("cancel")).toBe(3);
  });
});
