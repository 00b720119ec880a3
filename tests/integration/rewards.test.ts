import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { auditEvents, matches, needs, rewardRules } from "../../db/schema";
import * as rewardsPage from "../../app/routes/admin.rewards";
import * as listPage from "../../app/routes/contracts._index";
import { createAchievement } from "../../app/services/achievements.server";
import { amendContract, createContract, submitContract, updateContract } from "../../app/services/contract-filing.server";
import { createNeed } from "../../app/services/needs.server";
import { brokerRewardSummary, rewardsDue, saveRewardRule } from "../../app/services/rewards.server";
import type { RewardRuleInput } from "../../app/schemas/contracts";
import { req, statusOf, useAppDb } from "../helpers/app";
import { achievementInput, needInput } from "../helpers/world";
import { contractInput, makeContractWorld, ok, partiesOf, type ContractWorld, type ContractOverrides, registerCleared } from "./contracts-fixtures";

let db: Db;
let w: ContractWorld;
let cleanup: () => void;
let serial = 0;

beforeEach(async () => {
  ({ db, cleanup } = useAppDb());
  w = await makeContractWorld(db);
});
afterEach(() => cleanup());

/** 兰州-style: 5% of the 技术交易额, at most 200,000 yuan a broker a year, need on the platform first. */
const LANZHOU: RewardRuleInput = {
  name: "技术经纪人奖励（参照兰州）",
  year: 2026,
  ratePercent: 500,
  base: "tech_value",
  capWan: 20_000_000,
  requireNeedBeforeSigning: true,
  source: "吕梁市促进技术转移奖励办法（试行）",
  active: true,
};

/** A deal of this broker on a need published at the given instant. */
function dealWithNeedPublishedAt(brokerUserId: number, publishedAt: string): number {
  const need = ok(createNeed(db, w.buyer.actor, needInput({ title: `需求 ${++serial}` }))).id;
  const ach = ok(createAchievement(db, w.seller.actor, achievementInput({ title: `成果 ${serial}` }))).id;
  return writeTx(db, (tx) => {
    tx.update(needs).set({ status: "published", publishedAt }).where(eq(needs.id, need)).run();
    return tx.insert(matches).values({ needId: need, achievementId: ach, brokerUserId, stage: "signed", source: "broker" }).returning().get().id;
  });
}

/** A contract recorded, submitted and registered at `registeredAt`. */
function registered(who: ContractWorld["broker"], overrides: ContractOverrides, registeredAt = "2026-06-01T02:00:00Z"): number {
  const id = ok(createContract(db, who.actor, contractInput({ ...partiesOf(db, w.buyerOrg.id, w.sellerOrg.id), ...overrides }))).id;
  ok(submitContract(db, who.actor, id));
  ok(
    registerCleared(
      db,
      w.admin.actor,
      id,
      { intent: "register", registrationNo: `R2026${String(++serial).padStart(8, "0")}`, acceptCodes: false },
      null,
      new Date(registeredAt),
    ),
  );
  return id;
}

describe("broker rewards under policy rules", () => {
  it("pays the rate on the 技术交易额 of eligible contracts, rounded down per contract, and stops at the yearly cap", () => {
    ok(saveRewardRule(db, w.admin.actor, LANZHOU));
    const early = dealWithNeedPublishedAt(w.broker.user.id, "2026-01-10T02:00:00Z");
    const a = registered(w.broker, { matchId: early, signedOn: "2026-03-18", contractValueFen: 380_000_000, techValueFen: 320_000_000 });
    let s = brokerRewardSummary(db, w.broker.user.id, 2026);
    expect(s).toMatchObject({ contracts: 1, eligible: 1, uncappedFen: 16_000_000, dueFen: 16_000_000, capped: false });
    expect(s.lines).toEqual([expect.objectContaining({ contractId: a, baseFen: 320_000_000, eligible: true, rewardFen: 16_000_000 })]);

    // 5% of 3.33 yuan is 16.65 fen: 16 fen are due.
    registered(w.broker, { matchId: early, signedOn: "2026-03-20", contractValueFen: 400, techValueFen: 333 });
    expect(brokerRewardSummary(db, w.broker.user.id, 2026).uncappedFen).toBe(16_000_016);

    registered(w.broker, { matchId: early, signedOn: "2026-04-02", contractValueFen: 150_000_000, techValueFen: 120_000_000 });
    s = brokerRewardSummary(db, w.broker.user.id, 2026);
    expect(s).toMatchObject({ contracts: 3, eligible: 3, uncappedFen: 22_000_016, dueFen: 20_000_000, capped: true });
    expect(rewardsDue(db, 2026).brokers).toEqual([expect.objectContaining({ brokerUserId: w.broker.user.id, dueFen: 20_000_000, uncappedFen: 22_000_016 })]);
  });

  it("requires the need to have been published before the signing day began in Beijing", () => {
    ok(saveRewardRule(db, w.admin.actor, LANZHOU));
    const lastEvening = dealWithNeedPublishedAt(w.broker.user.id, "2026-03-17T15:59:59.000Z"); // 23:59:59 on the 17th in Beijing
    const sameMorning = dealWithNeedPublishedAt(w.broker.user.id, "2026-03-17T16:00:00.000Z"); // 00:00 on the 18th in Beijing
    const before = registered(w.broker, { matchId: lastEvening, signedOn: "2026-03-18", techValueFen: 100_000_000 });
    const sameDay = registered(w.broker, { matchId: sameMorning, signedOn: "2026-03-18", techValueFen: 100_000_000 });
    const noDeal = registered(w.broker, { signedOn: "2026-03-18", techValueFen: 100_000_000 });
    const s = brokerRewardSummary(db, w.broker.user.id, 2026);
    const line = (id: number) => s.lines.find((l) => l.contractId === id)!;
    expect([line(before).eligible, line(sameDay).eligible, line(noDeal).eligible]).toEqual([true, false, false]);
    expect(s.dueFen).toBe(5_000_000);

    // Without the condition every registered contract of the broker counts.
    ok(saveRewardRule(db, w.admin.actor, { ...LANZHOU, id: s.rule!.id, requireNeedBeforeSigning: false }));
    expect(brokerRewardSummary(db, w.broker.user.id, 2026).dueFen).toBe(15_000_000);
  });

  it("counts only registered, current versions in the year of the family's registration, each family once", () => {
    ok(saveRewardRule(db, w.admin.actor, { ...LANZHOU, requireNeedBeforeSigning: false, capWan: 100_000_000_000 }));
    const deal = dealWithNeedPublishedAt(w.broker.user.id, "2025-10-01T02:00:00Z");
    const original = registered(w.broker, { matchId: deal, signedOn: "2026-01-05", techValueFen: 100_000_000 });
    // Amended and registered again: only the amendment's 技术交易额 counts.
    const amendment = ok(amendContract(db, w.broker.actor, original)).id;
    ok(
      updateContract(
        db,
        w.broker.actor,
        amendment,
        contractInput({ ...partiesOf(db, w.buyerOrg.id, w.sellerOrg.id), matchId: deal, signedOn: "2026-01-05", techValueFen: 140_000_000 }),
      ),
    );
    ok(submitContract(db, w.broker.actor, amendment));
    ok(
      registerCleared(
        db,
        w.admin.actor,
        amendment,
        { intent: "register", registrationNo: "R2026AMEND001", acceptCodes: false },
        null,
        new Date("2026-08-01T02:00:00Z"),
      ),
    );
    // Registered in 2025 (Beijing): that year's, not this one's.
    registered(w.broker, { signedOn: "2025-11-02", contractValueFen: 1_000_000_000, techValueFen: 900_000_000 }, "2025-12-31T15:30:00Z");
    // Submitted but not registered: nothing yet.
    const pending = ok(createContract(db, w.broker.actor, contractInput({ ...partiesOf(db, w.buyerOrg.id, w.sellerOrg.id), techValueFen: 50_000_000 }))).id;
    ok(submitContract(db, w.broker.actor, pending));
    const s = brokerRewardSummary(db, w.broker.user.id, 2026);
    expect(s.lines.map((l) => [l.contractId, l.baseFen])).toEqual([[amendment, 140_000_000]]);
    expect(s.dueFen).toBe(7_000_000);
    // Another broker's contracts are his own business.
    registered(w.otherBroker, { techValueFen: 10_000_000 });
    expect(brokerRewardSummary(db, w.broker.user.id, 2026).dueFen).toBe(7_000_000);
    expect(brokerRewardSummary(db, w.otherBroker.user.id, 2026).dueFen).toBe(500_000);
  });

  it("where two rules cover a year, a broker gets the better one, never both (从高不重复); no rule, nothing due", () => {
    expect(brokerRewardSummary(db, w.broker.user.id, 2026)).toMatchObject({ rule: null, dueFen: 0 });
    ok(saveRewardRule(db, w.admin.actor, LANZHOU));
    ok(
      saveRewardRule(db, w.admin.actor, {
        ...LANZHOU,
        name: "镇海式：成交额 1.5%",
        ratePercent: 150,
        base: "contract_value",
        capWan: 100_000_000_000,
        requireNeedBeforeSigning: false,
      }),
    );
    const deal = dealWithNeedPublishedAt(w.broker.user.id, "2026-01-10T02:00:00Z");
    registered(w.broker, { matchId: deal, contractValueFen: 2_000_000_000, techValueFen: 200_000_000 });
    // 5% of 200万 = 10万 against 1.5% of 2,000万 = 30万: the second.
    const s = brokerRewardSummary(db, w.broker.user.id, 2026);
    expect(s).toMatchObject({ dueFen: 30_000_000, rule: { name: "镇海式：成交额 1.5%" } });
    expect(rewardsDue(db, 2026).totalFen).toBe(30_000_000);
    // An inactive rule pays nothing.
    ok(
      saveRewardRule(db, w.admin.actor, {
        ...LANZHOU,
        id: s.rule!.id,
        name: "镇海式：成交额 1.5%",
        ratePercent: 150,
        base: "contract_value",
        capWan: 100_000_000_000,
        requireNeedBeforeSigning: false,
        active: false,
      }),
    );
    expect(brokerRewardSummary(db, w.broker.user.id, 2026).dueFen).toBe(10_000_000);
  });
});

describe("the rules page", () => {
  const call = async (fn: (a: never) => unknown, path: string, cookie: string, form?: Record<string, string>) => {
    const out = await statusOf(() => fn({ request: req(path, { cookie, form }), params: {}, context: { cspNonce: "" } } as never));
    return {
      status: out.status,
      location: out.response?.headers.get("Location") ?? null,
      body: out.response?.headers.get("Content-Type")?.includes("json") ? await out.response.json() : null,
    };
  };
  const form = {
    name: "技术经纪人奖励",
    year: "2026",
    ratePercent: "5",
    base: "tech_value",
    capWan: "20",
    requireNeedBeforeSigning: "on",
    source: "吕科发〔2026〕1号",
    active: "on",
  };

  it("lets the admin create and change rules, each change audited with before and after; others are refused and audited", async () => {
    const created = await call(rewardsPage.action, "/admin/rewards", w.admin.cookie, form);
    expect(created.status).toBe(302);
    const rule = db.select().from(rewardRules).get()!;
    expect(rule).toMatchObject({
      rateBp: 500,
      base: "tech_value",
      capPerBrokerYearFen: 20_000_000,
      requireNeedBeforeSigning: true,
      active: true,
      updatedBy: w.admin.user.id,
    });
    const changed = await call(rewardsPage.action, "/admin/rewards", w.admin.cookie, { ...form, id: String(rule.id), ratePercent: "4.5", capWan: "30" });
    expect(changed.status).toBe(302);
    expect(db.select().from(rewardRules).get()).toMatchObject({ rateBp: 450, capPerBrokerYearFen: 30_000_000 });
    // A rule without a cap is refused.
    expect((await call(rewardsPage.action, "/admin/rewards", w.admin.cookie, { ...form, id: String(rule.id), capWan: "" })).status).toBe(400);
    const trail = db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entity, "reward_rule"), eq(auditEvents.entityId, String(rule.id))))
      .all();
    expect(trail.map((a) => a.action)).toEqual(["create", "update"]);
    expect([(trail[1]!.before as { rateBp: number }).rateBp, (trail[1]!.after as { rateBp: number }).rateBp]).toEqual([500, 450]);

    const bad = await call(rewardsPage.action, "/admin/rewards", w.admin.cookie, { ...form, ratePercent: "101" });
    expect(bad.status).toBe(400);
    for (const who of [w.broker, w.buyer, w.seller]) {
      expect((await call(rewardsPage.loader, "/admin/rewards", who.cookie)).status).toBe(403);
      expect((await call(rewardsPage.action, "/admin/rewards", who.cookie, { ...form, ratePercent: "50" })).status).toBe(403);
    }
    expect(db.select().from(rewardRules).all()).toHaveLength(1);
    expect(
      db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.entity, "reward_rule"), eq(auditEvents.action, "denied:update")))
        .all(),
    ).toHaveLength(3);
  });

  it("shows each broker's reward on his contracts page and the year's dues to the admin", async () => {
    ok(saveRewardRule(db, w.admin.actor, { ...LANZHOU, year: new Date(Date.now() + 8 * 3_600_000).getUTCFullYear(), requireNeedBeforeSigning: false }));
    const id = ok(createContract(db, w.broker.actor, contractInput({ ...partiesOf(db, w.buyerOrg.id, w.sellerOrg.id), techValueFen: 100_000_000 }))).id;
    ok(submitContract(db, w.broker.actor, id));
    ok(registerCleared(db, w.admin.actor, id, { intent: "register", registrationNo: "R2026PAGE0001", acceptCodes: false }));
    const mine = await call(listPage.loader, "/contracts", w.broker.cookie);
    expect(mine.body.reward).toMatchObject({ dueFen: 5_000_000, eligible: 1 });
    const page = await call(rewardsPage.loader, "/admin/rewards", w.admin.cookie);
    expect(page.body.due.brokers).toEqual([expect.objectContaining({ brokerUserId: w.broker.user.id, dueFen: 5_000_000 })]);
  });
});
