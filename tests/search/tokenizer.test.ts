import { describe, expect, it } from "vitest";
import { ALL_DOMAIN_TERMS, DOMAIN_TERMS, domainDictionary } from "../../search/dictionary";
import { escapeHtml, highlightFull, highlightSnippet } from "../../search/highlight";
import { normalizeText } from "../../search/normalize";
import { parseQuery } from "../../search/query";
import { SYNONYM_GROUPS, meilisearchSynonyms, synonymGroupOf } from "../../search/synonyms";
import { charBigrams, indexWords, latinTokens, queryWords, stemEnglish } from "../../search/tokenizer";

describe("domain dictionary", () => {
  it("holds at least 200 distinct terms across Lüliang's industry chains", () => {
    expect(ALL_DOMAIN_TERMS.length).toBeGreaterThanOrEqual(200);
    for (const chain of [
      "hydrogen",
      "special-steel",
      "al-mg",
      "coal-chemistry",
      "carbon-materials",
      "solid-waste",
      "modern-agriculture",
      "fenjiu-food",
      "coal-mining",
      "new-energy",
      "biomedicine",
      "equipment",
      "ai-plus",
      "digital-economy",
    ]) {
      expect(DOMAIN_TERMS[chain]?.length, chain).toBeGreaterThan(10);
    }
    for (const t of [
      "氢能",
      "加氢站",
      "燃料电池",
      "镁合金",
      "原镁",
      "煤焦油",
      "费托合成",
      "煤制烯烃",
      "焦炉煤气",
      "碳纤维",
      "针状焦",
      "石墨烯",
      "赤泥",
      "煤矸石",
      "粉煤灰",
      "脱硫石膏",
      "杂粮",
      "核桃",
      "沙棘",
      "汾酒",
    ]) {
      expect(ALL_DOMAIN_TERMS).toContain(t);
    }
  });

  it("is in jieba's word-frequency-tag line format", () => {
    const lines = domainDictionary().toString("utf8").trim().split("\n");
    expect(lines.length).toBe(ALL_DOMAIN_TERMS.length);
    for (const line of lines) expect(line).toMatch(/^\S+ \d+ n$/);
  });
});

describe("index-time words (jieba search mode + domain dictionary)", () => {
  const cases: [string, string[]][] = [
    ["煤矸石综合利用制备陶粒", ["煤矸石", "综合利用", "陶粒"]],
    ["氢燃料电池加氢站建设", ["燃料电池", "加氢站", "加氢"]],
    ["赤泥脱碱及建材化利用", ["赤泥", "建材化利用"]],
    ["焦炉煤气制氢与储氢", ["焦炉煤气", "制氢", "储氢"]],
    ["费托合成蜡加氢精制", ["费托合成", "加氢"]],
    ["清香型白酒固态发酵工艺", ["清香型", "白酒", "固态发酵"]],
    ["基于深度学习的煤矿智能巡检机器人", ["深度学习", "智能巡检", "机器人"]],
    ["针状焦与碳纤维", ["针状焦", "碳纤维"]],
    ["脱硫石膏和粉煤灰制备免烧砖", ["脱硫石膏", "粉煤灰", "免烧砖"]],
    ["原镁冶炼与镁合金压铸", ["原镁", "镁合金", "压铸"]],
  ];
  it.each(cases)("%s keeps its domain words whole", (text, expected) => {
    const words = indexWords(text);
    for (const w of expected) expect(words).toContain(w);
  });

  it("also emits the shorter dictionary words inside a long one, so a part finds the whole", () => {
    expect(indexWords("人工智能专利许可合同")).toEqual(expect.arrayContaining(["人工", "智能", "人工智能", "专利", "许可", "专利许可"]));
  });

  it("drops function words and punctuation", () => {
    const words = indexWords("本文研究了氢能的储运，并且提出一种方法。");
    expect(words).not.toContain("的");
    expect(words).not.toContain("并且");
    expect(words).not.toContain("，");
    expect(words).toContain("氢能");
  });

  it("lower-cases and lightly stems English, keeps numbers and mixed tokens", () => {
    expect(indexWords("Hydrogen Fuel Cells and batteries")).toEqual(["hydrogen", "fuel", "cell", "battery"]);
    expect(indexWords("年产1.5万吨，PM2.5与CO2")).toEqual(expect.arrayContaining(["1.5", "万吨", "pm2.5", "co2"]));
    expect(stemEnglish("processes")).toBe("process");
    expect(stemEnglish("gas")).toBe("gas");
  });

  it("indexes codes whole and by their parts, without separators", () => {
    expect(latinTokens("2024-xx-000123")).toEqual(["2024xx000123", "2024", "xx", "000123"]);
    expect(latinTokens("cn202310123456.7")).toEqual(expect.arrayContaining(["cn202310123456.7", "202310123456"]));
  });
});

describe("character bigrams", () => {
  it("covers every two-character substring of a Han run, so 源电 is findable in 新能源电池", () => {
    expect(charBigrams("新能源电池")).toEqual(["新能", "能源", "源电", "电池"]);
  });
  it("keeps a lone Han character and never joins characters across punctuation", () => {
    expect(charBigrams("氢，镁")).toEqual(["氢", "镁"]);
  });
});

describe("normalisation", () => {
  it("folds full-width, case and traditional characters without changing the length", () => {
    const input = "ＰＥＭ電解槽與氫能專利";
    const out = normalizeText(input);
    expect(out).toBe("pem电解槽与氢能专利");
    expect(out.length).toBe(input.length);
  });
  it("leaves simplified text untouched", () => {
    const text = "吕梁市离石区氢能产业链";
    expect(normalizeText(text)).toBe(text);
  });
});

describe("query parsing", () => {
  it("uses precise segmentation: one concept per word", () => {
    expect(queryWords("人工智能专利许可")).toEqual(["人工智能", "专利许可"]);
    expect(parseQuery("煤矸石 陶粒").concepts).toHaveLength(2);
  });

  it("expands a word to its synonym group", () => {
    const { concepts } = parseQuery("固体废弃物");
    expect(concepts).toHaveLength(1);
    expect(concepts[0]!.alternatives).toEqual(expect.arrayContaining(["固废", "固体废弃物", "solid waste"]));
  });

  it("recognises multi-word English synonyms and maps them to Chinese", () => {
    const { concepts } = parseQuery("Solid Waste recycling");
    expect(concepts[0]!.alternatives).toContain("固废");
    expect(concepts.map((c) => c.alternatives[0])).toContain("recycling");
  });

  it("does not find English members inside longer words", () => {
    expect(parseQuery("maintain").concepts).toEqual([{ alternatives: ["maintain"] }]);
  });

  it("keeps a query of function words only instead of returning nothing", () => {
    expect(parseQuery("的").concepts).toHaveLength(1);
  });
});

describe("synonyms", () => {
  it("pair Chinese with English both ways", () => {
    for (const [zh, en] of [
      ["氢能", "hydrogen"],
      ["固废", "solid waste"],
      ["光伏", "photovoltaic"],
      ["石墨烯", "graphene"],
      ["煤矸石", "coal gangue"],
    ] as const) {
      expect(synonymGroupOf(zh)).toContain(en);
      expect(synonymGroupOf(en)).toContain(zh);
    }
  });
  it("have no member in two groups and no single characters", () => {
    const seen = new Set<string>();
    for (const g of SYNONYM_GROUPS) {
      for (const m of g) {
        expect(seen.has(m), m).toBe(false);
        seen.add(m);
        expect(m.length, m).toBeGreaterThan(1);
        expect(m, m).toBe(normalizeText(m));
      }
    }
  });
  it("translate to Meilisearch's one-way map", () => {
    expect(meilisearchSynonyms()["hydrogen"]).toEqual(expect.arrayContaining(["氢能", "氢能源"]));
  });
});

describe("highlights", () => {
  it("escape the listing text and mark only matches", () => {
    expect(highlightFull("<b>氢能</b> & 储氢", ["氢能"])).toBe("&lt;b&gt;<mark>氢能</mark>&lt;/b&gt; &amp; 储氢");
    expect(escapeHtml(`"'`)).toBe("&quot;&#39;");
  });
  it("mark traditional input in simplified text and whole English words", () => {
    expect(highlightFull("人工智能专利许可", ["專利"])).toBe("人工智能<mark>专利</mark>许可");
    expect(highlightFull("Fuel cells maintain power", ["cell", "ai"])).toBe("Fuel <mark>cells</mark> maintain power");
  });
  it("cut a snippet around the first match with ellipses", () => {
    const text = "甲".repeat(300) + "氢能" + "乙".repeat(300);
    const s = highlightSnippet(text, ["氢能"], 100);
    expect(s.startsWith("…")).toBe(true);
    expect(s.endsWith("…")).toBe(true);
    expect(s).toContain("<mark>氢能</mark>");
  });
});
