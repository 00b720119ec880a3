import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSearch, type MatchResult, type Search } from "../../search/index";
import { GENERIC_TERMS, isGenericTerm } from "../../search/stop-words";
import { matchReading, POSSIBLE_FROM, STRONG_FROM, topFactor } from "../../search/reading";
import { indexWords } from "../../search/tokenizer";
import { createTestDb } from "../helpers/db";
import { addAchievements, addNeeds, createWorld, NOW } from "./fixtures";

describe("the generic words a match's shared terms leave out", () => {
  it("hold the generic words and units in both languages, and no domain term", () => {
    for (const w of ["技术", "成本", "以上", "小时", "提高", "系统", "方法", "研究", "进行", "万元", "吨", "年", "technology", "cost", "hour", "ton", "year"])
      expect(isGenericTerm(w), w).toBe(true);
    // The tokenizer stems English plurals; a stemmed form of a listed word is generic too.
    expect(isGenericTerm("process")).toBe(true);
    for (const w of ["焦炉煤气", "制氢", "变压吸附", "赤泥", "煤矸石", "hydrogen", "electrolysis"]) expect(isGenericTerm(w), w).toBe(false);
  });

  it("are written as the tokenizer gives words: lower case, no spaces", () => {
    for (const w of GENERIC_TERMS) expect(w).toBe(w.toLowerCase().trim());
    // Each Chinese entry survives segmentation whole, or it could never match a shared word.
    for (const w of ["技术", "成本", "小时", "提高", "系统", "万元"]) expect(indexWords(w)).toContain(w);
  });
});

describe("a match's shared terms", () => {
  let t: ReturnType<typeof createTestDb>;
  let search: Search;
  let top: MatchResult;
  beforeAll(async () => {
    t = createTestDb();
    const world = createWorld(t.db);
    addAchievements(t.db, world, [
      {
        title: "焦炉煤气变压吸附制氢技术",
        summary: "本技术研究焦炉煤气经变压吸附提纯制氢的方法，提高系统效率，降低成本，每小时产氢 1000 立方米以上，投资约 500 万元，年产氢气 800 吨。",
        keywords: ["焦炉煤气", "变压吸附", "制氢"],
        industryChainId: "hydrogen",
        techFieldCode: "602",
      },
    ]);
    const needId = addNeeds(t.db, world, [
      {
        title: "焦炉煤气制氢技术需求",
        description: "寻求焦炉煤气变压吸附制氢的技术和方法，要求提高系统效率、降低成本，每小时处理 2000 立方米以上，预算 300 万元，年处理 5000 吨。",
        industryChainId: "hydrogen",
        techFieldCode: "602",
      },
    ])[0]!;
    search = createSearch(t.db);
    await search.relay.drain();
    top = (await search.matchForNeed(needId, { limit: 1, now: NOW }))[0]!;
  });
  afterAll(() => {
    search.close();
    t.cleanup();
  });

  it("name the domain words both sides use and none of the generic words or units", () => {
    expect(top.explanation.sharedTerms).toEqual(expect.arrayContaining(["焦炉煤气", "变压吸附"]));
    for (const w of ["技术", "成本", "以上", "小时", "提高", "系统", "方法", "万元", "吨", "立方米"]) expect(top.explanation.sharedTerms).not.toContain(w);
  });

  it("reads the score against documented thresholds and names the factor that earned most", () => {
    expect(matchReading(STRONG_FROM)).toBe("strong");
    expect(matchReading(STRONG_FROM - 0.1)).toBe("possible");
    expect(matchReading(POSSIBLE_FROM)).toBe("possible");
    expect(matchReading(POSSIBLE_FROM - 0.1)).toBe("weak");
    expect(matchReading(top.score)).toBe("strong");
    expect(topFactor(top.explanation.factors)).toBe("text");
    expect(topFactor({ chain: { points: 12 }, field: { points: 12 }, text: { points: 3 } })).toBe("chain");
    expect(topFactor({ chain: { points: 0 } })).toBeNull();
  });
});
