import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSearch, type MatchResult, type Search } from "../../search/index";
import { fieldValue, freshnessValue, maturityValue, modesValue, priceValue } from "../../search/match";
import { FACTOR_NAMES, FACTOR_POINTS, MODE_COMPATIBILITY, type FactorName } from "../../search/weights";
import { COOPERATION_MODES, TRANSFER_MODES } from "../../db/schema";
import { createTestDb } from "../helpers/db";
import { addAchievements, addNeeds, createWorld, dismiss, NOW, type AchievementInput, type World } from "./fixtures";

describe("weights", () => {
  it("sum to 100 points, so a score reads as a percentage", () => {
    expect(FACTOR_NAMES.reduce((a, f) => a + FACTOR_POINTS[f], 0)).toBe(100);
  });
  it("define a compatibility for every cooperation mode against known transfer modes only", () => {
    for (const mode of COOPERATION_MODES) {
      const row = MODE_COMPATIBILITY[mode];
      expect(Object.values(row).some((v) => v === 1) || mode === "commissioned_dev" || mode === "service").toBe(true);
      for (const [t, v] of Object.entries(row)) {
        expect(TRANSFER_MODES).toContain(t);
        expect(v).toBeGreaterThan(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe("factor values", () => {
  it("field: same level-2 code beats same level-1 parent beats a different field", () => {
    expect(fieldValue({ field: "602", field1: "6" }, { field: "602", field1: "6" })).toBe(1);
    expect(fieldValue({ field: "602", field1: "6" }, { field: "603", field1: "6" })).toBe(0.5);
    expect(fieldValue({ field: "602", field1: "6" }, { field: "703", field1: "7" })).toBe(0);
    expect(fieldValue({ field: null, field1: null }, { field: "703", field1: "7" })).toBe(0);
  });

  it("maturity: a need expecting TRL 7 prefers 中试/产业化", () => {
    expect(maturityValue(7, 9)).toBe(1);
    expect(maturityValue(7, 7)).toBe(1);
    expect(maturityValue(7, 6)).toBe(0.7);
    expect(maturityValue(7, 4)).toBe(0.2);
    expect(maturityValue(7, 2)).toBe(0);
    expect(maturityValue(4, 3)).toBe(0.6);
    expect(maturityValue(4, 2)).toBe(0.3);
    expect(maturityValue(4, 1)).toBe(0);
    expect(maturityValue(null, 5)).toBe(0.5);
  });

  it("price: within the budget, a little over it, far over it, or not said", () => {
    expect(priceValue(80_000_000, null, 100_000_000)).toBe(1);
    expect(priceValue(120_000_000, null, 100_000_000)).toBe(0.5);
    expect(priceValue(200_000_000, null, 100_000_000)).toBe(0);
    expect(priceValue(null, null, 100_000_000)).toBe(0.5);
    expect(priceValue(80_000_000, null, null)).toBe(0.5);
    expect(priceValue(900_000_000, 50_000_000, null)).toBe(1);
  });

  it("modes: the best compatible pair counts", () => {
    expect(modesValue(["licence"], ["licence"])).toBe(1);
    expect(modesValue(["licence"], ["transfer"])).toBe(0.6);
    expect(modesValue(["licence"], ["equity"])).toBe(0);
    expect(modesValue(["commissioned_dev", "equity"], ["joint_dev", "equity"])).toBe(1);
    expect(modesValue([], ["equity"])).toBe(0.5);
  });

  it("freshness: full within the period, falling to zero at twice it", () => {
    const now = new Date("2026-03-01T00:00:00Z");
    expect(freshnessValue("2026-02-01T00:00:00Z", null, now, 180)).toBe(1);
    expect(freshnessValue(null, "2025-06-04T00:00:00Z", now, 180)).toBeCloseTo(1 - (270 - 180) / 180, 5);
    expect(freshnessValue("2024-01-01T00:00:00Z", null, now, 180)).toBe(0);
    expect(freshnessValue(null, null, now, 180)).toBe(0.5);
  });
});

const TEXT = {
  title: "焦炉煤气制氢提纯技术",
  summary: "以焦炉煤气为原料，经变压吸附提纯制取燃料电池级氢气，可配套加氢站。",
  keywords: ["焦炉煤气", "制氢", "变压吸附"],
};

/** The base achievement: everything the need asks for except where a variant differs. */
const BASE: AchievementInput = {
  ...TEXT,
  industryChainId: "hydrogen",
  techFieldCode: "602",
  trl: 8,
  priceFen: 80_000_000,
  transferModes: ["licence"],
  countyCode: "141181",
  confirmedAt: "2026-02-01T00:00:00.000Z",
};

const VARIANTS: { name: string; factor: FactorName; set: Partial<AchievementInput>; value: number }[] = [
  { name: "other chain", factor: "chain", set: { industryChainId: "coal-chemistry" }, value: 0 },
  { name: "sibling field", factor: "field", set: { techFieldCode: "603" }, value: 0.5 },
  { name: "unrelated field", factor: "field", set: { techFieldCode: "703" }, value: 0 },
  { name: "pilot stage", factor: "maturity", set: { trl: 6 }, value: 0.7 },
  { name: "lab stage", factor: "maturity", set: { trl: 2 }, value: 0 },
  { name: "a little over budget", factor: "price", set: { priceFen: 120_000_000 }, value: 0.5 },
  { name: "far over budget", factor: "price", set: { priceFen: 300_000_000 }, value: 0 },
  { name: "price negotiable", factor: "price", set: { priceFen: null }, value: 0.5 },
  { name: "transfer only", factor: "modes", set: { transferModes: ["transfer"] }, value: 0.6 },
  { name: "equity only", factor: "modes", set: { transferModes: ["equity"] }, value: 0 },
  { name: "other county", factor: "county", set: { countyCode: "141102" }, value: 0 },
  { name: "unconfirmed for 9 months", factor: "freshness", set: { confirmedAt: "2025-06-04T00:00:00.000Z" }, value: 0.5 },
];

describe("matching a need to achievements", () => {
  let t: ReturnType<typeof createTestDb>;
  let world: World;
  let search: Search;
  let needId: number;
  let baseId: number;
  let unrelatedId: number;
  let transferredId: number;
  const variantIds = new Map<string, number>();
  let results: Map<number, MatchResult>;

  beforeAll(async () => {
    t = createTestDb();
    world = createWorld(t.db);
    baseId = addAchievements(t.db, world, [BASE])[0]!;
    const ids = addAchievements(
      t.db,
      world,
      VARIANTS.map((v) => ({ ...BASE, ...v.set })),
    );
    VARIANTS.forEach((v, i) => variantIds.set(v.name, ids[i]!));
    const extra = addAchievements(t.db, world, [
      { ...BASE, title: "沙棘黄酮提取工艺", summary: "沙棘果渣中黄酮的提取纯化。", keywords: ["沙棘"] },
      { ...BASE, status: "transferred" },
    ]);
    unrelatedId = extra[0]!;
    transferredId = extra[1]!;
    needId = addNeeds(t.db, world, [
      {
        title: "焦炉煤气制氢技术需求",
        description: "我公司焦化厂焦炉煤气富余，寻求提纯制取燃料电池用氢的技术，计划建设加氢站。",
        industryChainId: "hydrogen",
        techFieldCode: "602",
        expectedTrl: 7,
        budgetMaxFen: 100_000_000,
        cooperationModes: ["licence"],
        countyCode: "141181",
      },
    ])[0]!;
    search = createSearch(t.db);
    await search.relay.drain();
    results = new Map((await search.matchForNeed(needId, { limit: 100, now: NOW })).map((m) => [m.id, m]));
  });
  afterAll(() => {
    search.close();
    t.cleanup();
  });

  it("gives the base achievement full points on every structured factor", () => {
    const base = results.get(baseId)!;
    for (const f of ["chain", "field", "maturity", "price", "modes", "county", "freshness"] as const) {
      expect(base.explanation.factors[f], f).toMatchObject({ value: 1, points: FACTOR_POINTS[f] });
    }
    expect(base.explanation.factors.text.value).toBeGreaterThan(0.5);
  });

  it.each(VARIANTS)("$name: only the $factor factor changes, by its weight", ({ name, factor, value }) => {
    const base = results.get(baseId)!;
    const variant = results.get(variantIds.get(name)!)!;
    expect(variant, name).toBeDefined();
    for (const f of FACTOR_NAMES) {
      if (f === factor) expect(variant.explanation.factors[f].value).toBeCloseTo(value, 2);
      else expect(variant.explanation.factors[f].value, f).toBeCloseTo(base.explanation.factors[f].value, 6);
    }
    expect(base.score - variant.score).toBeCloseTo(FACTOR_POINTS[factor] * (1 - value), 0);
  });

  it("ranks the text match first and lists the shared terms", async () => {
    const top = (await search.matchForNeed(needId, { limit: 3, now: NOW }))[0]!;
    expect(top.id).toBe(baseId);
    expect(top.explanation.sharedTerms).toEqual(expect.arrayContaining(["焦炉煤气", "加氢站"]));
    const unrelated = results.get(unrelatedId);
    if (unrelated) expect(unrelated.score).toBeLessThan(top.score - 20);
  });

  it("returns scores in 0-100 whose factor points add up to the score", () => {
    for (const m of results.values()) {
      expect(m.score).toBeGreaterThanOrEqual(0);
      expect(m.score).toBeLessThanOrEqual(100);
      const sum = FACTOR_NAMES.reduce((a, f) => a + m.explanation.factors[f].points, 0);
      expect(Math.abs(sum - m.score)).toBeLessThan(0.6);
      expect(m.needId).toBeNull();
      expect(m.achievementId).toBe(m.id);
    }
  });

  it("suggests only published achievements unless told otherwise", async () => {
    expect(results.has(transferredId)).toBe(false);
    const withTransferred = await search.matchForNeed(needId, { limit: 100, now: NOW, statuses: ["published", "transferred"] });
    expect(withTransferred.map((m) => m.id)).toContain(transferredId);
  });

  it("returns the requested number of matches, 10 by default", async () => {
    expect(await search.matchForNeed(needId, { now: NOW })).toHaveLength(10);
    expect(await search.matchForNeed(needId, { now: NOW, limit: 3 })).toHaveLength(3);
  });

  it("never suggests a dismissed pair again", async () => {
    dismiss(t.db, world, needId, baseId);
    const after = await search.matchForNeed(needId, { limit: 100, now: NOW });
    expect(after.map((m) => m.id)).not.toContain(baseId);
    expect(after.length).toBe(results.size - 1);
  });

  it("answers a stored need again from what it computed, and afresh once a pair is dismissed or the need changes", async () => {
    const first = await search.matchForNeed(needId, { limit: 100 });
    expect(await search.matchForNeed(needId, { limit: 100 })).toEqual(first);
    const top = first[0]!.id;
    dismiss(t.db, world, needId, top);
    const afterDismissal = await search.matchForNeed(needId, { limit: 100 });
    expect(afterDismissal.map((m) => m.id)).not.toContain(top);
    expect(afterDismissal).toHaveLength(first.length - 1);
    t.db.$client.prepare("UPDATE needs SET title = '焦炉煤气提纯制氢', description = '', updated_at = ? WHERE id = ?").run(new Date().toISOString(), needId);
    const afterEdit = await search.matchForNeed(needId, { limit: 100 });
    expect(afterEdit[0]!.explanation.sharedTerms).toContain("焦炉煤气");
  });

  it("matches a need that is not stored (a draft, a preview)", async () => {
    const res = await search.matchNeedLike({ title: "焦炉煤气提纯制氢", description: "" }, { now: NOW });
    expect(res[0]!.id).toBeGreaterThan(0);
    expect(res[0]!.explanation.sharedTerms).toContain("焦炉煤气");
    // Nothing structured was said: the structured factors carry no preference.
    expect(res[0]!.explanation.factors.chain.value).toBe(0);
    expect(res[0]!.explanation.factors.price.value).toBe(0.5);
  });

  it("returns nothing for an unknown need", async () => {
    expect(await search.matchForNeed(999_999)).toEqual([]);
  });

  it("ranks the same after the start-up preparation as without it", async () => {
    const cold = createSearch(t.db);
    const prepared = createSearch(t.db);
    prepared.prepareMatching();
    try {
      expect(await prepared.matchForNeed(needId, { limit: 100, now: NOW })).toEqual(await cold.matchForNeed(needId, { limit: 100, now: NOW }));
    } finally {
      cold.close();
      prepared.close();
    }
  });
});

describe("matching an achievement to needs", () => {
  it("suggests open needs only, scored by the same factors", async () => {
    const t = createTestDb();
    const world = createWorld(t.db);
    const [achievementId] = addAchievements(t.db, world, [BASE]);
    const [open, expired, closed, other, dismissedNeed] = addNeeds(t.db, world, [
      { title: "焦炉煤气制氢提纯", description: "焦炉煤气提纯制氢，配套加氢站。", budgetMaxFen: 100_000_000, cooperationModes: ["licence"], expectedTrl: 7 },
      { title: "焦炉煤气制氢（已截止）", description: "焦炉煤气提纯制氢。", deadline: "2026-01-31" },
      { title: "焦炉煤气制氢（已关闭）", description: "焦炉煤气提纯制氢。", status: "closed" },
      { title: "核桃深加工设备", description: "核桃破壳取仁设备。", industryChainId: "modern-agriculture", techFieldCode: "207" },
      { title: "焦炉煤气制氢（已驳回的匹配）", description: "焦炉煤气提纯制氢。" },
    ]);
    dismiss(t.db, world, dismissedNeed!, achievementId!);
    const search = createSearch(t.db);
    try {
      await search.relay.drain();
      const res = await search.matchForAchievement(achievementId!, { now: NOW });
      const ids = res.map((m) => m.id);
      expect(ids[0]).toBe(open);
      expect(ids).not.toContain(expired);
      expect(ids).not.toContain(closed);
      expect(ids).not.toContain(dismissedNeed);
      expect(res[0]!).toMatchObject({ kind: "need", needId: open, achievementId: null });
      expect(res[0]!.explanation.factors.price.value).toBe(1);
      expect(res[0]!.explanation.factors.modes.value).toBe(1);
      expect(res[0]!.explanation.factors.maturity.value).toBe(1);
      const otherMatch = res.find((m) => m.id === other);
      if (otherMatch) expect(otherMatch.score).toBeLessThan(res[0]!.score);
    } finally {
      search.close();
      t.cleanup();
    }
  });
});
