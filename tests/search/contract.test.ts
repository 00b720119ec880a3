// One contract, every engine: what the app may rely on whichever engine answers.

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, writeTx } from "../../db/connection";
import { achievements, searchOutbox } from "../../db/schema";
import { enqueueSearchSync } from "../../search/outbox";
import type { Search } from "../../search/index";
import type { SearchQuery, SearchResult } from "../../search/types";
import { createTestDb } from "../helpers/db";
import { ENGINES, type EngineUnderTest } from "./engines";
import { addAchievements, addNeeds, createWorld, updateAchievement, type World } from "./fixtures";

/** A small market: every filter value and facet value below occurs at least once. */
function seedMarket(db: Parameters<typeof createWorld>[0], world: World) {
  const [a1, a2, a3, a4, a5, a6, , , a9] = addAchievements(db, world, [
    {
      title: "人工智能专利许可合同",
      summary: "面向煤矿的人工智能视觉算法，已获发明专利，可许可使用。",
      keywords: ["人工智能", "计算机视觉"],
      industryChainId: "ai-plus",
      techFieldCode: "101",
      trl: 7,
      priceFen: 30_000_000,
      transferModes: ["licence"],
      countyCode: "141102",
      patentNumbers: ["CN202310123456.7"],
      transformationListYear: 2026,
      publishedAt: "2026-02-10T00:00:00.000Z",
    },
    {
      title: "新能源电池技术转让",
      summary: "钠离子电池正极材料的制备技术，适用于储能电站。",
      keywords: ["钠离子电池", "储能"],
      industryChainId: "new-energy",
      techFieldCode: "603",
      trl: 8,
      priceFen: 150_000_000,
      transferModes: ["transfer"],
      countyCode: "141181",
      patentNumbers: ["CN202310123457.7"],
      publishedAt: "2025-06-01T00:00:00.000Z",
      confirmedAt: "2026-01-20T00:00:00.000Z",
    },
    {
      title: "碱性电解水制氢电解槽",
      summary: "高电流密度碱性电解槽，可耦合光伏绿电制取绿氢。",
      keywords: ["制氢", "电解槽"],
      industryChainId: "hydrogen",
      techFieldCode: "602",
      trl: 6,
      priceFen: null,
      transferModes: ["joint_dev", "licence"],
      countyCode: "141102",
      publishedAt: "2026-01-15T00:00:00.000Z",
    },
    {
      title: "赤泥脱碱制备免烧砖",
      summary: "氧化铝厂赤泥脱碱后制备免烧砖，实现固废的建材化利用。",
      keywords: ["赤泥", "固废"],
      industryChainId: "solid-waste",
      techFieldCode: "703",
      trl: 5,
      priceFen: 20_000_000,
      transferModes: ["transfer", "equity"],
      countyCode: "141125",
      publishedAt: "2026-01-05T00:00:00.000Z",
    },
    {
      title: "石墨烯导热膜",
      summary: "以氧化石墨烯为原料的高导热薄膜，用于电子器件散热。",
      keywords: ["石墨烯"],
      industryChainId: "carbon-materials",
      techFieldCode: "402",
      trl: 3,
      priceFen: 1_500_000_000,
      transferModes: ["equity"],
      countyCode: null,
      publishedAt: "2025-12-01T00:00:00.000Z",
    },
    {
      title: "沙棘黄酮提取工艺",
      summary: "沙棘果渣中黄酮的高效提取与纯化。",
      keywords: ["沙棘"],
      industryChainId: "modern-agriculture",
      techFieldCode: "207",
      trl: 8,
      priceFen: 80_000_000,
      transferModes: ["transfer"],
      countyCode: "141128",
      status: "transferred",
      publishedAt: "2025-11-01T00:00:00.000Z",
      confirmedAt: "2025-01-01T00:00:00.000Z",
    },
    { title: "煤矸石充填开采", summary: "草稿", status: "draft", publishedAt: null },
    { title: "镁合金压铸件", summary: "待审核", status: "submitted", publishedAt: null },
    {
      title: "<script>alert(1)</script> 光伏组件清洗机器人",
      summary: "适用于光伏电站的自动清洗机器人。",
      keywords: [],
      industryChainId: "equipment",
      techFieldCode: "804",
      trl: 7,
      priceFen: 500_000_000,
      transferModes: ["transfer"],
      countyCode: "141102",
      publishedAt: "2025-12-20T00:00:00.000Z",
      confirmedAt: "2025-01-01T00:00:00.000Z",
    },
  ]);
  const [n1, n2, n3] = addNeeds(db, world, [
    {
      title: "焦炉煤气制氢提纯技术需求",
      description: "利用焦炉煤气副产氢提纯至燃料电池级，配套建设加氢站。",
      industryChainId: "hydrogen",
      techFieldCode: "602",
      budgetMinFen: 100_000_000,
      budgetMaxFen: 500_000_000,
      cooperationModes: ["licence", "joint_dev"],
      expectedTrl: 7,
      deadline: "2026-06-30",
      listYear: 2026,
    },
    {
      title: "赤泥综合利用技术",
      description: "寻求赤泥大宗利用的技术方案。",
      industryChainId: "solid-waste",
      techFieldCode: "703",
      budgetMaxFen: 50_000_000,
      deadline: "2026-04-30",
      listYear: 2025,
      status: "matched",
    },
    {
      title: "煤矿智能巡检机器人",
      description: "井下巡检机器人，替代人工巡检。",
      industryChainId: "coal-mining",
      techFieldCode: "806",
      deadline: "2026-09-30",
      listYear: 2026,
      status: "closed",
    },
    { title: "草稿需求", status: "draft", publishedAt: null, listYear: null },
  ]);
  return { a1: a1!, a2: a2!, a3: a3!, a4: a4!, a5: a5!, a6: a6!, a9: a9!, n1: n1!, n2: n2!, n3: n3! };
}

/** The result, once checked to come from the engine under test and not from a fallback. */
function answered(engine: EngineUnderTest, res: SearchResult): SearchResult {
  expect({ engine: res.engine, degraded: res.degraded }, "answered by the engine under test").toEqual({ engine: engine.name, degraded: false });
  return res;
}

for (const engine of ENGINES) {
  const suite = engine.available ? describe : describe.skip;

  suite(`search contract: ${engine.label} engine`, () => {
    let t: ReturnType<typeof createTestDb>;
    let search: Search;
    let teardown: () => Promise<void>;
    let ids: ReturnType<typeof seedMarket>;

    beforeAll(async () => {
      t = createTestDb();
      const world = createWorld(t.db);
      ids = seedMarket(t.db, world);
      ({ search, teardown } = await engine.open(t.db));
      await search.relay.drain();
    });
    afterAll(async () => {
      await teardown();
      t.cleanup();
    });

    // Every answer must come from the engine under test: a fallback to the embedded engine
    // (degraded) would let a broken remote engine pass unnoticed.
    const find = async (q: Omit<SearchQuery, "kind"> & { kind?: SearchQuery["kind"] }) => answered(engine, await search.search({ kind: "achievement", ...q }));
    const idsOf = async (q: Omit<SearchQuery, "kind"> & { kind?: SearchQuery["kind"] }) => (await find(q)).hits.map((h) => h.id);

    it("indexes public listings only: no drafts, no listings awaiting review", async () => {
      const all = await find({ pageSize: 100 });
      expect(all.total).toBe(7);
      expect(all.engine).toBe(engine.name);
      expect(all.degraded).toBe(false);
      expect((await search.search({ kind: "need" })).total).toBe(3);
      expect(await idsOf({ text: "煤矸石充填" })).toEqual([]);
      expect(await idsOf({ text: "镁合金压铸" })).toEqual([]);
    });

    it("finds Chinese words, including two-character ones (M8)", async () => {
      expect((await idsOf({ text: "人工智能" }))[0]).toBe(ids.a1);
      expect(await idsOf({ text: "专利许可" })).toContain(ids.a1);
      expect(await idsOf({ text: "专利" })).toContain(ids.a1);
      expect(await idsOf({ text: "电解槽" })).toEqual([ids.a3]);
      expect(await idsOf({ text: "赤泥", kind: "need" })).toEqual([ids.n2]);
    });

    it("finds simplified listings from traditional input", async () => {
      expect(await idsOf({ text: "專利" })).toContain(ids.a1);
      expect(await idsOf({ text: "電解槽" })).toEqual([ids.a3]);
    });

    it("finds Chinese listings from obvious English queries", async () => {
      expect(await idsOf({ text: "graphene" })).toEqual([ids.a5]);
      expect(await idsOf({ text: "solid waste" })).toEqual([ids.a4]);
      expect(await idsOf({ text: "hydrogen" })).toContain(ids.a3);
      expect(await idsOf({ text: "photovoltaic" })).toEqual(expect.arrayContaining([ids.a3, ids.a9]));
    });

    it("applies synonyms at query time", async () => {
      // The listing says 固废; the visitor types the long form.
      expect(await idsOf({ text: "固体废弃物" })).toEqual([ids.a4]);
      expect(await idsOf({ text: "光伏发电" })).toEqual(expect.arrayContaining([ids.a3, ids.a9]));
    });

    it("needs every word of a multi-word query", async () => {
      expect(await idsOf({ text: "光伏 机器人" })).toEqual([ids.a9]);
    });

    it("filters on every attribute", async () => {
      const sorted = async (q: Parameters<typeof idsOf>[0]) => (await idsOf({ pageSize: 100, ...q })).sort((a, b) => a - b);
      expect(await sorted({ filters: { industryChainId: ["hydrogen"] } })).toEqual([ids.a3]);
      expect(await sorted({ filters: { techField: ["6"] } })).toEqual([ids.a2, ids.a3]);
      expect(await sorted({ filters: { techField: ["602"] } })).toEqual([ids.a3]);
      expect(await sorted({ filters: { stage: ["pilot"] } })).toEqual([ids.a1, ids.a3, ids.a9]);
      expect(await sorted({ filters: { countyCode: ["141102"] } })).toEqual([ids.a1, ids.a3, ids.a9]);
      expect(await sorted({ filters: { mode: ["equity"] } })).toEqual([ids.a4, ids.a5]);
      expect(await sorted({ filters: { priceBand: ["negotiable"] } })).toEqual([ids.a3]);
      expect(await sorted({ filters: { priceBand: ["gte1000w", "200w-1000w"] } })).toEqual([ids.a5, ids.a9]);
      expect(await sorted({ filters: { year: [2025] } })).toEqual([ids.a2, ids.a5, ids.a6, ids.a9]);
      expect(await sorted({ filters: { status: ["transferred"] } })).toEqual([ids.a6]);
      expect(await sorted({ filters: { transformationList: true } })).toEqual([ids.a1]);
      expect(await sorted({ filters: { industryChainId: ["hydrogen"], countyCode: ["141181"] } })).toEqual([]);
      expect(await sorted({ kind: "need", filters: { year: [2025] } })).toEqual([ids.n2]);
      expect(await sorted({ kind: "need", filters: { status: ["published", "matched"] } })).toEqual([ids.n1, ids.n2]);
    });

    it("leaves out published listings not confirmed since the given instant, but not transferred ones", async () => {
      const got = await idsOf({ pageSize: 100, filters: { confirmedSince: "2025-06-01T00:00:00.000Z" } });
      expect(got).not.toContain(ids.a9);
      expect(got).toContain(ids.a6);
      expect(got).toContain(ids.a2);
    });

    it("counts facets for every facet name, each ignoring only its own filter", async () => {
      const all = await find({});
      expect(all.facets.industryChainId).toMatchObject({ hydrogen: 1, "ai-plus": 1, "solid-waste": 1 });
      expect(all.facets.techField).toMatchObject({ "6": 2, "602": 1, "603": 1, "1": 1, "101": 1 });
      expect(all.facets.stage).toMatchObject({ pilot: 3, industrial: 2, small_trial: 1, lab: 1 });
      expect(all.facets.countyCode).toMatchObject({ "141102": 3, "141181": 1 });
      expect(all.facets.mode).toMatchObject({ licence: 2, transfer: 4, equity: 2, joint_dev: 1 });
      expect(all.facets.priceBand).toMatchObject({ lt50w: 2, "50w-200w": 2, negotiable: 1, gte1000w: 1, "200w-1000w": 1 });
      expect(all.facets.year).toMatchObject({ "2025": 4, "2026": 3 });

      const filtered = await find({ filters: { industryChainId: ["hydrogen"], stage: ["pilot"] } });
      expect(filtered.total).toBe(1);
      // The chain facet still offers the other chains (counted with the stage filter only)...
      expect(filtered.facets.industryChainId).toMatchObject({ hydrogen: 1, "ai-plus": 1, equipment: 1 });
      // ...while the county facet counts only what both filters let through.
      expect(filtered.facets.countyCode).toEqual({ "141102": 1 });
    });

    it("sorts by newest, price, budget and deadline, unknown amounts last", async () => {
      expect(await idsOf({ sort: "newest", pageSize: 3 })).toEqual([ids.a1, ids.a3, ids.a4]);
      expect(await idsOf({ sort: "price", pageSize: 100 })).toEqual([ids.a4, ids.a1, ids.a6, ids.a2, ids.a9, ids.a5, ids.a3]);
      expect(await idsOf({ kind: "need", sort: "budget" })).toEqual([ids.n1, ids.n2, ids.n3]);
      expect(await idsOf({ kind: "need", sort: "deadline" })).toEqual([ids.n2, ids.n1, ids.n3]);
    });

    it("ranks a title match above a summary mention", async () => {
      const hits = await idsOf({ text: "光伏" });
      expect(hits[0]).toBe(ids.a9);
      expect(hits).toContain(ids.a3);
    });

    it("pages", async () => {
      const first = await idsOf({ sort: "newest", page: 1, pageSize: 2 });
      const second = await find({ sort: "newest", page: 2, pageSize: 2 });
      expect(second.total).toBe(7);
      expect(second.hits.map((h) => h.id)).toEqual([ids.a4, ids.a9]);
      expect(first).toEqual([ids.a1, ids.a3]);
    });

    it("highlights matches with <mark> inside escaped text", async () => {
      const res = await find({ text: "光伏" });
      const hit = res.hits.find((h) => h.id === ids.a9)!;
      expect(hit.highlight.title).toBe("&lt;script&gt;alert(1)&lt;/script&gt; <mark>光伏</mark>组件清洗机器人");
      expect(hit.highlight.summary).toContain("<mark>光伏</mark>");
      expect(hit.highlight.title).not.toContain("<script>");
    });

    it("finds an exact patent number, not its one-digit neighbour (M9)", async () => {
      expect(await idsOf({ text: "CN202310123456.7" })).toEqual([ids.a1]);
      expect(await idsOf({ text: "CN202310123457.7" })).toEqual([ids.a2]);
    });

    it("never indexes contact details (M10)", async () => {
      for (const secret of ["13800000000", "张三", "zhangsan@example.invalid", "13900000000"]) {
        expect(await idsOf({ text: secret }), secret).toEqual([]);
        expect(await idsOf({ kind: "need", text: secret }), secret).toEqual([]);
      }
      const hit = (await find({ text: "人工智能" })).hits[0]!;
      expect(JSON.stringify(hit)).not.toMatch(/13800000000|张三|zhangsan/);
    });
  });

  suite(`search sync: ${engine.label} engine`, () => {
    it("follows edits, unpublishing and deletes through the outbox", async () => {
      const t = createTestDb();
      const { search, teardown } = await engine.open(t.db);
      try {
        const world = createWorld(t.db);
        const [id] = addAchievements(t.db, world, [{ title: "焦炉煤气制甲醇", summary: "焦炉煤气净化后合成甲醇。" }]);
        await search.relay.drain();
        expect(answered(engine, await search.search({ kind: "achievement", text: "甲醇" })).hits.map((h) => h.id)).toEqual([id]);

        updateAchievement(t.db, id!, { title: "焦炉煤气制乙二醇", summary: "焦炉煤气经合成气制乙二醇。" });
        await search.relay.drain();
        expect(answered(engine, await search.search({ kind: "achievement", text: "甲醇" })).total).toBe(0);
        expect(answered(engine, await search.search({ kind: "achievement", text: "乙二醇" })).total).toBe(1);

        updateAchievement(t.db, id!, { status: "withdrawn" });
        await search.relay.drain();
        expect(answered(engine, await search.search({ kind: "achievement", text: "乙二醇" })).total).toBe(0);

        updateAchievement(t.db, id!, { status: "published" });
        await search.relay.drain();
        expect(answered(engine, await search.search({ kind: "achievement", text: "乙二醇" })).total).toBe(1);

        writeTx(t.db, (tx) => {
          tx.delete(achievements).where(eq(achievements.id, id!)).run();
          enqueueSearchSync(tx, "achievement", id!, "delete");
        });
        await search.relay.drain();
        expect(answered(engine, await search.search({ kind: "achievement" })).total).toBe(0);
        expect(search.relayStatus().pending).toBe(0);
      } finally {
        await teardown();
        t.cleanup();
      }
    });

    it("indexes a listing whose writer crashed before any relay ran, from a fresh connection, exactly once", async () => {
      const t = createTestDb();
      const world = createWorld(t.db);
      // The listing and its outbox row commit together; then the process "dies".
      const [id] = addAchievements(t.db, world, [{ title: "煤焦油加氢制清洁燃料", summary: "中低温煤焦油全馏分加氢。" }]);
      t.db.$client.close();

      const db = openDb(t.file);
      const { search, teardown } = await engine.open(db);
      try {
        expect(answered(engine, await search.search({ kind: "achievement", text: "煤焦油" })).total).toBe(0);
        await search.relay.drain();
        const res = await search.search({ kind: "achievement", text: "煤焦油" });
        expect(res.hits.map((h) => h.id)).toEqual([id]);
        expect(res.total).toBe(1);
        const rows = db.select().from(searchOutbox).all();
        expect(rows).toHaveLength(1);
        expect(rows[0]!.doneAt).not.toBeNull();
        // A second drain has nothing left to do.
        expect((await search.relay.drain()).done).toBe(0);
      } finally {
        await teardown();
        db.$client.close();
        t.cleanup();
      }
    });
  });
}
