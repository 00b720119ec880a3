// The Meilisearch engine against an HTTP stand-in of the server: what it sends (every query
// word required, folded text), which servers it accepts, how long it waits for tasks, and
// how it recovers an index that lost its settings. One block per fault the engine had.

import { afterEach, describe, expect, it, vi } from "vitest";
import * as health from "../../app/routes/healthz";
import { useSearch } from "../../app/services/search.server";
import type { Db } from "../../db/connection";
import { createSearch, type CreateSearchOptions, type Search } from "../../search/index";
import { MEILI_SETTINGS, MeilisearchIndex, meiliFilters, settingsDrift, sortParam, toMeiliDocument, type MeilisearchConfig } from "../../search/meilisearch";
import { useAppDb } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { addAchievements, createWorld, type AchievementInput } from "./fixtures";
import { startMeiliStandIn, type MeiliStandIn } from "./meili-standin";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  vi.restoreAllMocks();
});

interface Rig {
  db: Db;
  server: MeiliStandIn;
  remote: MeilisearchIndex;
  search: Search;
}

async function rig(
  opts: { version?: string; listings?: AchievementInput[]; config?: Partial<MeilisearchConfig>; search?: CreateSearchOptions; db?: Db } = {},
): Promise<Rig> {
  const server = await startMeiliStandIn({ version: opts.version, apiKey: "test-master-key" });
  cleanups.push(() => server.close());
  let db = opts.db;
  if (!db) {
    const t = createTestDb();
    cleanups.push(t.cleanup);
    db = t.db;
  }
  const remote = new MeilisearchIndex({ host: server.url, apiKey: server.apiKey, taskIntervalMs: 5, ...opts.config });
  const search = createSearch(db, {}, { remote, ...opts.search });
  cleanups.push(() => search.close());
  if (opts.listings) addAchievements(db, createWorld(db), opts.listings);
  await search.relay.drain();
  return { db, server, remote, search };
}

type Body = Record<string, unknown>;

function searchQueries(server: MeiliStandIn): Body[] {
  return server.requests
    .filter((r) => r.method === "POST" && r.path.endsWith("/multi-search"))
    .flatMap((r) => ((r.body as { queries?: Body[] } | undefined)?.queries ?? []) as Body[]);
}

function settingsUpdates(server: MeiliStandIn): number {
  return server.requests.filter((r) => r.method === "PATCH" && /\/indexes\/[^/]+\/settings$/.test(r.path)).length;
}

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("every query word must match", () => {
  it("asks for all words on the main query and on the facet queries, and finds only listings with both", async () => {
    const r = await rig({
      listings: [{ title: "光伏电站智能运维系统" }, { title: "工业机器人关节减速器" }, { title: "光伏组件清洗机器人" }],
    });
    const res = await r.search.search({ kind: "achievement", text: "光伏 机器人", filters: { countyCode: ["141102"] } });
    expect(res.degraded).toBe(false);
    expect(res.total).toBe(1);
    const queries = searchQueries(r.server);
    expect(queries.length).toBeGreaterThanOrEqual(2);
    for (const q of queries) expect(q.matchingStrategy).toBe("all");
  });

  it("finds a registration number and not its neighbour", async () => {
    const r = await rig({
      listings: [
        { title: "煤矸石制备陶粒技术", patentNumbers: ["2024-XX-000123"] },
        { title: "煤矸石路基材料", patentNumbers: ["2024-XX-000124"] },
      ],
    });
    const res = await r.search.search({ kind: "achievement", text: "2024-XX-000123" });
    expect(res.degraded).toBe(false);
    expect(res.total).toBe(1);
  });
});

describe("traditional characters", () => {
  it("sends the query folded to simplified, and traditional text in a listing is found by simplified words", async () => {
    const r = await rig({ listings: [{ title: "碱性电解槽制氢装备" }, { title: "固體氧化物電池" }] });
    const res = await r.search.search({ kind: "achievement", text: "電解槽" });
    expect(searchQueries(r.server).at(-1)?.q).toBe("电解槽");
    expect(res.total).toBe(1);
    const back = await r.search.search({ kind: "achievement", text: "电池" });
    expect(back.total).toBe(1);
    expect(back.hits[0]!.highlight.title).toContain("電池");
  });
});

describe("the server version", () => {
  it("refuses a server older than v1.18 with one log line; search is served by the embedded engine and health says why", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const app = useAppDb();
    cleanups.push(app.cleanup);
    const r = await rig({ version: "1.14.0", db: app.db, listings: [{ title: "碱性电解槽制氢装备" }] });
    useSearch(r.search);

    const res = await r.search.search({ kind: "achievement", text: "电解槽" });
    expect(res).toMatchObject({ total: 1, degraded: true, engine: "embedded" });
    // Not a settings update tried and refused, nor a document write failing row after row.
    expect(settingsUpdates(r.server)).toBe(0);
    expect(r.server.requests.filter((q) => q.path.endsWith("/documents"))).toHaveLength(0);
    expect(r.search.engineStatus()).toBe("meilisearch-unsupported");
    const body = (await health.loader().json()) as health.Health;
    expect(body.search).toBe("meilisearch-unsupported");
    expect(r.search.relayStatus()).toMatchObject({ pending: 0, failing: 0 });
    expect(errors.mock.calls.filter((c) => String(c[0]).includes("search_engine_unsupported"))).toHaveLength(1);
  });

  it("accepts v1.18: settings applied and a full reindex swaps", async () => {
    const r = await rig({ version: "1.18.0", listings: [{ title: "碱性电解槽制氢装备" }] });
    expect(r.search.engineStatus()).toBe("meilisearch");
    const [report] = await r.search.reindex(["achievement"]);
    expect(report).toBeDefined();
    const res = await r.search.search({ kind: "achievement", text: "电解槽" });
    expect(res).toMatchObject({ total: 1, degraded: false });
  });
});

describe("waiting for tasks", () => {
  it("gives up on a stuck queue after the configured wait, index creation included", async () => {
    const r = await rig({ config: { taskTimeoutMs: 300 } });
    const fresh = new MeilisearchIndex({ host: r.server.url, apiKey: r.server.apiKey, indexPrefix: "other_", taskTimeoutMs: 300, taskIntervalMs: 5 });
    r.server.pauseTasks(true);
    const started = Date.now();
    await expect(fresh.init()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("waits longer than five seconds for an index to be created when told to", async () => {
    const r = await rig();
    const fresh = new MeilisearchIndex({ host: r.server.url, apiKey: r.server.apiKey, indexPrefix: "other_", taskTimeoutMs: 20_000, taskIntervalMs: 20 });
    r.server.pauseTasks(true);
    const init = fresh.init();
    await new Promise((resolve) => setTimeout(resolve, 5500));
    r.server.pauseTasks(false);
    await expect(init).resolves.toBe(true);
  }, 15_000);
});

describe("an index that lost its settings", () => {
  it("is noticed by the relay and the search, its settings re-applied, and filtered searches answer again", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const r = await rig({ listings: [{ title: "碱性电解槽制氢装备" }] });
    const filtered = () => r.search.search({ kind: "achievement", text: "电解槽", filters: { countyCode: ["141102"] }, sort: "newest" });
    expect(await filtered()).toMatchObject({ total: 1, degraded: false });
    const applied = settingsUpdates(r.server);

    // Recreated by the next write with the server's default settings: nothing filterable.
    r.server.dropIndexBehindPlatform(r.remote.uid("achievement"));
    addAchievements(r.db, createWorld(r.db), [{ title: "质子交换膜电解槽" }]);
    await r.search.relay.drain();
    expect(r.server.indexUids()).toContain(r.remote.uid("achievement"));

    // Searches are served meanwhile; the listing lost with the index comes back through
    // reconciliation and the relay.
    const res = await until(
      async () => {
        await r.search.relay.drain();
        return filtered();
      },
      (v) => !v.degraded && v.total === 2,
    );
    expect(res).toMatchObject({ total: 2, degraded: false });
    expect(settingsUpdates(r.server)).toBe(applied + 1);
  });

  it("is left alone when the server holds the same settings, whatever their order", async () => {
    const r = await rig({ listings: [{ title: "碱性电解槽制氢装备" }] });
    const applied = settingsUpdates(r.server);
    await expect(r.remote.init()).resolves.toBe(false);
    expect(settingsUpdates(r.server)).toBe(applied);

    // A real server returns sets sorted and nested settings with its own defaults added.
    const held = JSON.parse(JSON.stringify(MEILI_SETTINGS)) as Record<string, unknown> & typeof MEILI_SETTINGS;
    held.filterableAttributes = [...(MEILI_SETTINGS.filterableAttributes as string[])].sort();
    held.dictionary = [...MEILI_SETTINGS.dictionary!].sort();
    held.typoTolerance = { ...MEILI_SETTINGS.typoTolerance, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 }, disableOnWords: [] };
    held.displayedAttributes = ["*"];
    expect(settingsDrift(held)).toEqual([]);
    expect(settingsDrift({ ...held, rankingRules: [...MEILI_SETTINGS.rankingRules!].reverse() })).toEqual(["rankingRules"]);
  });

  it("answers a search from the embedded engine at once while the engine is not ready", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const t = createTestDb();
    cleanups.push(t.cleanup);
    addAchievements(t.db, createWorld(t.db), [{ title: "碱性电解槽制氢装备" }]);
    const server = await startMeiliStandIn({ apiKey: "test-master-key" });
    cleanups.push(() => server.close());
    server.pauseTasks(true);
    const remote = new MeilisearchIndex({ host: server.url, apiKey: server.apiKey, taskTimeoutMs: 20_000 });
    const search = createSearch(t.db, {}, { remote, remoteReadyWaitMs: 200 });
    cleanups.push(() => search.close());
    const started = Date.now();
    const res = await search.search({ kind: "achievement", text: "电解槽" });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(res.degraded).toBe(true);
    server.pauseTasks(false);
  });
});

describe("closer to the embedded engine", () => {
  it("keeps the parts of dictionary words searchable and the text as written for highlights", async () => {
    const r = await rig({ listings: [{ title: "人工智能专利许可合同" }] });
    const res = await r.search.search({ kind: "achievement", text: "许可" });
    expect(res.total).toBe(1);
  });

  it("allows no typo in a five-character Chinese word, and still one in an English word", async () => {
    const r = await rig({ listings: [{ title: "太阳能电站智能运维" }, { title: "research on catalysts" }] });
    expect((await r.search.search({ kind: "achievement", text: "太阳能电池" })).total).toBe(0);
    expect((await r.search.search({ kind: "achievement", text: "reasearch" })).total).toBe(1);
  });

  it("breaks sort ties toward the newer listing and escapes filter values", () => {
    expect(sortParam("newest", false)).toEqual(["publishedAtTs:desc", "id:desc"]);
    expect(meiliFilters({ countyCode: ['14\\11"02'] })[0]!.clause).toBe('countyCode IN ["14\\\\11\\"02"]');
    const doc = toMeiliDocument({
      kind: "achievement",
      id: 1,
      title: "固體氧化物電池 Solid Oxide",
      summary: "",
      keywords: [],
      industryChainId: "hydrogen",
      chainName: "氢能",
      techField: "602",
      techFieldLevel1: "6",
      fieldName: "新能源",
      trl: 5,
      stage: "pilot",
      countyCode: null,
      countyName: null,
      orgName: "某大学",
      modes: [],
      priceBand: "negotiable",
      amountFen: null,
      amountMinFen: null,
      amountMaxFen: null,
      year: 2026,
      status: "published",
      transformationList: false,
      confirmedAt: null,
      publishedAt: null,
      deadline: null,
      codes: [],
      sourceUpdatedAt: "2026-03-01T00:00:00.000Z",
    });
    expect(doc.title).toBe("固体氧化物电池 solid oxide");
    expect(doc.shownTitle).toBe("固體氧化物電池 Solid Oxide");
    expect(doc.latin).toContain("solid oxide");
  });
});
