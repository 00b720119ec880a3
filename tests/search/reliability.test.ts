// RELIABILITY.md §3, scenarios M1-M10, against the real embedded engine and the real
// Meilisearch engine (search/meilisearch.ts and the official client) talking HTTP to the
// stand-in server (tests/search/meili-standin), which can refuse connections, hang, fail
// tasks it accepted, keep tasks waiting, and lose an index behind the platform's back.

import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { Meilisearch } from "meilisearch";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { openDb, writeTx, type Db } from "../../db/connection";
import { achievements, searchOutbox } from "../../db/schema";
import { iterateDocuments, loadDocument } from "../../search/documents";
import { createSearch, type Search } from "../../search/index";
import { MeilisearchIndex, type MeilisearchConfig } from "../../search/meilisearch";
import { rebuildEmbedded } from "../../search/reindex";
import type { RelayFailure } from "../../search/relay";
import { createTestDb } from "../helpers/db";
import { addAchievements, createWorld, updateAchievement, type World } from "./fixtures";
import { startMeiliStandIn, type MeiliStandIn } from "./meili-standin";

class Clock {
  constructor(public t = Date.parse("2026-03-01T00:00:00.000Z")) {}
  now = () => new Date(this.t);
  advance(ms: number) {
    this.t += ms;
  }
}

interface Rig {
  db: Db;
  file: string;
  world: World;
  server: MeiliStandIn;
  remote: MeilisearchIndex;
  clock: Clock;
  search: Search;
  failures: RelayFailure[];
  /** The live index of achievements on the server. */
  uid: string;
}

type Cleanup = () => unknown;
const cleanups: Cleanup[] = [];
async function runCleanups(list: Cleanup[]) {
  for (const c of list.splice(0).reverse()) await c();
}
afterEach(async () => {
  await runCleanups(cleanups);
  vi.restoreAllMocks();
});

/** Short waits: the stand-in finishes a task within a tick or two. */
const FAST: Partial<MeilisearchConfig> = { taskIntervalMs: 5, taskTimeoutMs: 2000, timeoutMs: 2000 };

function engineOn(server: MeiliStandIn, prefix: string, config: Partial<MeilisearchConfig> = {}): MeilisearchIndex {
  return new MeilisearchIndex({ host: server.url, apiKey: server.apiKey, indexPrefix: prefix, ...FAST, ...config });
}

async function rig(opts: { config?: Partial<MeilisearchConfig>; server?: MeiliStandIn } = {}, registry = cleanups): Promise<Rig> {
  const server = opts.server ?? (await startMeiliStandIn({ apiKey: `master-${randomUUID()}` }));
  if (!opts.server) {
    registry.push(async () => {
      await server.close();
      expect(server.unrouted, "routes the stand-in does not model").toEqual([]);
    });
  }
  const t = createTestDb();
  registry.push(t.cleanup);
  const clock = new Clock();
  const failures: RelayFailure[] = [];
  const prefix = `lsm_${randomUUID().slice(0, 8)}_`;
  const remote = engineOn(server, prefix, opts.config);
  const search = createSearch(t.db, {}, { remote, now: clock.now, relay: { onFailure: (f) => failures.push(f) } });
  registry.push(() => search.close());
  return { db: t.db, file: t.file, world: createWorld(t.db), server, remote, clock, search, failures, uid: remote.uid("achievement") };
}

function outbox(db: Db) {
  return db.select().from(searchOutbox).orderBy(searchOutbox.id).all();
}

/** The listing's document on the server, as written for display. */
function shownTitle(r: Rig, id: number): string | undefined {
  return r.server.document(r.uid, id)?.shownTitle as string | undefined;
}

function indexedIds(r: Rig): number[] {
  return r.server
    .documents(r.uid)
    .map((d) => Number(d.id))
    .sort((a, b) => a - b);
}

/** How many times the listing was sent to the server in a document write. */
function upserts(server: MeiliStandIn, uid: string, id: number): number {
  return server.requests.filter(
    (q) => q.method === "POST" && q.path === `/indexes/${uid}/documents` && Array.isArray(q.body) && q.body.some((d: { id?: unknown }) => d.id === id),
  ).length;
}

describe("M1: a relay killed before it sends", () => {
  it("leaves the outbox row, and after a restart the document is indexed exactly once", async () => {
    const r = await rig();
    // The first relay's request is accepted and never answered: the process dies there.
    r.server.hang(true);
    const [id] = addAchievements(r.db, r.world, [{ title: "全钒液流电池储能系统" }]);
    const dead = r.search.relay.drainOnce().catch(() => undefined);
    // Dead once its request has reached the server, however long a busy machine takes to send it.
    await vi.waitFor(() => expect(r.server.hungRequests).toBeGreaterThan(0), { timeout: 15_000, interval: 20 });
    expect(outbox(r.db)[0]!.doneAt).toBeNull();
    expect(upserts(r.server, r.uid, id!)).toBe(0);

    // Restart: a new process, a new connection, a new engine, the same server.
    r.server.hang(false);
    const db2 = openDb(r.file);
    cleanups.push(() => db2.$client.close());
    const remote2 = engineOn(r.server, r.uid.replace(/achievements$/, ""));
    const restarted = createSearch(db2, {}, { remote: remote2, now: r.clock.now });
    cleanups.push(() => restarted.close());
    // The dead relay's lease still stands: one relay at a time, even across processes.
    expect((await restarted.relay.drain()).leaseHeldElsewhere).toBe(true);
    r.clock.advance(31_000);
    await restarted.relay.drain();

    expect(upserts(r.server, r.uid, id!)).toBe(1);
    expect(shownTitle(r, id!)).toBe("全钒液流电池储能系统");
    expect(outbox(db2).every((row) => row.doneAt !== null)).toBe(true);
    // The dead process's request is dropped with its sockets.
    await r.server.refuseConnections(true);
    await r.server.refuseConnections(false);
    await dead;
  });

  it("applies rows left from before a crash as soon as the relay starts", async () => {
    const t = createTestDb();
    cleanups.push(t.cleanup);
    const world = createWorld(t.db);
    addAchievements(t.db, world, [{ title: "兰炭尾气制氢" }]);
    const search = createSearch(t.db);
    cleanups.push(() => search.close());
    search.startRelay(60_000);
    await vi.waitFor(async () => expect((await search.search({ kind: "achievement", text: "兰炭" })).total).toBe(1), { timeout: 15_000, interval: 20 });
  });
});

describe("M2: the engine refuses connections for five minutes", () => {
  it("keeps writes working, retries with capped backoff, serves degraded search, then converges", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const r = await rig();
    await r.server.refuseConnections(true);
    const [id] = addAchievements(r.db, r.world, [{ title: "煤层气提纯液化", summary: "低浓度煤层气提纯。" }]);

    const delays: number[] = [];
    const started = r.clock.t;
    while (r.clock.t - started < 5 * 60_000) {
      const report = await r.search.relay.drain();
      if (report.failed > 0) {
        const row = outbox(r.db)[0]!;
        delays.push(Date.parse(row.nextAttemptAt!) - r.clock.t);
      }
      r.clock.advance(1000);
    }
    const row = outbox(r.db)[0]!;
    expect(row.doneAt).toBeNull();
    // The client's words for a failed request, with the cause: a refused connection.
    expect(row.lastError).toMatch(/Request to http:\/\/127\.0\.0\.1:\d+\/\S* has failed: .*ECONNREFUSED/);
    expect(row.attempts).toBe(delays.length);
    // 1 s, 2 s, 4 s ... doubling: about nine tries in five minutes, not three hundred.
    expect(delays.slice(0, 4)).toEqual([1000, 2000, 4000, 8000]);
    expect(delays.length).toBeGreaterThanOrEqual(7);
    expect(delays.length).toBeLessThanOrEqual(10);
    expect(r.failures.length).toBe(delays.length);

    // Search falls back to the embedded index, which the relay kept up to date meanwhile.
    const degraded = await r.search.search({ kind: "achievement", text: "煤层气" });
    expect(degraded).toMatchObject({ degraded: true, engine: "embedded", total: 1 });

    // An edit during the outage must not be lost.
    updateAchievement(r.db, id!, { title: "煤层气提纯制LNG" });

    await r.server.refuseConnections(false);
    r.clock.advance(10 * 60_000);
    await r.search.relay.drain();
    expect(outbox(r.db).every((x) => x.doneAt !== null)).toBe(true);
    expect(shownTitle(r, id!)).toBe("煤层气提纯制LNG");
    const healthy = await r.search.search({ kind: "achievement", text: "煤层气" });
    expect(healthy).toMatchObject({ degraded: false, engine: "meilisearch", total: 1 });
  });

  it("caps the backoff", async () => {
    const r = await rig();
    await r.server.refuseConnections(true);
    addAchievements(r.db, r.world, [{ title: "焦化废水深度处理" }]);
    for (let i = 0; i < 20; i++) {
      await r.search.relay.drain();
      r.clock.advance(60 * 60_000);
    }
    const row = outbox(r.db)[0]!;
    expect(row.attempts).toBe(20);
    expect(Date.parse(row.nextAttemptAt!) - (r.clock.t - 60 * 60_000)).toBe(5 * 60_000);
  });
});

describe("M3: the engine accepts a task and then fails it", () => {
  it("keeps the row, records and reports the error, and does not hold the other listings back", async () => {
    const r = await rig();
    // The server refuses any batch holding this listing's document, as it refuses a bad id.
    r.server.rejectDocuments((d) => String(d.shownTitle).includes("坏"));
    const [good, bad] = addAchievements(r.db, r.world, [{ title: "好的成果：镁合金轮毂" }, { title: "坏的成果：镁合金压铸" }]);
    await r.search.relay.drain();

    const rows = outbox(r.db);
    expect(rows.find((x) => x.entityId === good)!.doneAt).not.toBeNull();
    const failed = rows.find((x) => x.entityId === bad)!;
    expect(failed.doneAt).toBeNull();
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toMatch(/ended failed: Document identifier/);
    expect(r.failures.map((f) => f.entityId)).toEqual([bad]);
    expect(indexedIds(r)).toEqual([good]);
    expect(r.search.relayStatus()).toMatchObject({ pending: 1, failing: 1 });
    // The first batch (both listings) was accepted with 202 and failed in its task.
    const failedTasks = await new Meilisearch({ host: r.server.url, apiKey: r.server.apiKey }).tasks.getTasks({ statuses: ["failed"] });
    expect(failedTasks.results.map((t) => t.error?.code)).toEqual(["invalid_document_id", "invalid_document_id"]);

    // Still failing later: retried, never dropped.
    r.clock.advance(60_000);
    await r.search.relay.drain();
    expect(outbox(r.db).find((x) => x.entityId === bad)!.attempts).toBe(2);

    // Once the listing is fixed, its rows (old and new) are done together.
    updateAchievement(r.db, bad!, { title: "修好的成果：镁合金压铸" });
    r.clock.advance(60_000);
    await r.search.relay.drain();
    expect(outbox(r.db).every((x) => x.doneAt !== null)).toBe(true);
    expect(shownTitle(r, bad!)).toBe("修好的成果：镁合金压铸");
  });

  it("retries a task the server failed for its own reasons, and then marks it done", async () => {
    const r = await rig();
    await r.search.relay.drain(); // indexes and settings in place
    r.server.failNextTasks(1, "internal");
    const [id] = addAchievements(r.db, r.world, [{ title: "高铝粉煤灰提取氧化铝" }]);
    await r.search.relay.drain();
    expect(outbox(r.db)[0]).toMatchObject({ doneAt: null, attempts: 1 });
    expect(outbox(r.db)[0]!.lastError).toMatch(/ended failed/);
    expect(r.server.document(r.uid, id!)).toBeUndefined();

    r.clock.advance(1000);
    await r.search.relay.drain();
    expect(outbox(r.db)[0]!.doneAt).not.toBeNull();
    expect(shownTitle(r, id!)).toBe("高铝粉煤灰提取氧化铝");
  });
});

describe("HTTP 4xx: the server refuses the platform's key", () => {
  it("keeps every row with the server's reason, serves degraded search, and catches up with the right key", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const server = await startMeiliStandIn({ apiKey: `master-${randomUUID()}` });
    cleanups.push(() => server.close());
    const r = await rig({ server, config: { apiKey: "revoked-key" } });
    const [id] = addAchievements(r.db, r.world, [{ title: "煤矸石制备陶粒" }]);
    await r.search.relay.drain();
    const row = outbox(r.db)[0]!;
    expect(row.doneAt).toBeNull();
    expect(row.lastError).toMatch(/The provided API key is invalid/);
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.indexUids()).toEqual([]);
    expect(await r.search.search({ kind: "achievement", text: "陶粒" })).toMatchObject({ degraded: true, engine: "embedded", total: 1 });

    // The platform restarted with the right key: the same outbox row goes through.
    const fixed = engineOn(server, r.uid.replace(/achievements$/, ""));
    const restarted = createSearch(r.db, {}, { remote: fixed, now: r.clock.now });
    cleanups.push(() => restarted.close());
    r.clock.advance(60_000);
    await restarted.relay.drain();
    expect(outbox(r.db)[0]!.doneAt).not.toBeNull();
    expect(shownTitle(r, id!)).toBe("煤矸石制备陶粒");
  });

  it("answers 401 without a key and 403 with a wrong one, in Meilisearch's error format", async () => {
    const server = await startMeiliStandIn({ apiKey: "master" });
    cleanups.push(() => server.close());
    const missing = await fetch(`${server.url}/indexes`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ code: "missing_authorization_header", type: "auth" });
    const wrong = await fetch(`${server.url}/indexes`, { headers: { Authorization: "Bearer nope" } });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ code: "invalid_api_key", type: "auth" });
  });
});

describe("task waits that time out", () => {
  it("keep the row when the queue is stuck, and converge once it moves again", async () => {
    const r = await rig({ config: { taskTimeoutMs: 100 } });
    await r.search.relay.drain(); // indexes and settings in place
    r.server.pauseTasks(true);
    const [id] = addAchievements(r.db, r.world, [{ title: "废旧锂电池回收" }]);
    const started = Date.now();
    await r.search.relay.drain();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(outbox(r.db)[0]).toMatchObject({ doneAt: null, attempts: 1 });
    expect(outbox(r.db)[0]!.lastError).toMatch(/timeout of 100ms has exceeded/);

    // The queue moves: the task that timed out succeeds after all, and the retry is harmless.
    r.server.pauseTasks(false);
    r.clock.advance(1000);
    await r.search.relay.drain();
    expect(outbox(r.db)[0]!.doneAt).not.toBeNull();
    expect(shownTitle(r, id!)).toBe("废旧锂电池回收");
    expect(upserts(r.server, r.uid, id!)).toBe(2);
  });

  it("a server that accepts the connection and never answers costs one request timeout, not a hang", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const r = await rig({ config: { timeoutMs: 100 } });
    await r.search.relay.drain();
    r.server.hang(true);
    addAchievements(r.db, r.world, [{ title: "生物质气化发电" }]);
    const started = Date.now();
    await r.search.relay.drain();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(outbox(r.db)[0]).toMatchObject({ doneAt: null, attempts: 1 });
    // The client's words for a request it gave up on, with the cause.
    expect(outbox(r.db)[0]!.lastError).toMatch(/Request to http:\/\/127\.0\.0\.1:\d+\/indexes\/\S+ has failed: request timed out after 100ms/);
    r.server.hang(false);
  });
});

describe("M4: two quick edits sent out of order", () => {
  it("converge on the latest row in every engine", async () => {
    const r = await rig();
    const [id] = addAchievements(r.db, r.world, [{ title: "碳纤维原丝制备", summary: "原丝" }]);
    await r.search.relay.drain();
    updateAchievement(r.db, id!, { title: "碳纤维预浸料", summary: "预浸料" });
    updateAchievement(r.db, id!, { title: "碳纤维复合材料", summary: "复合材料" });
    const [first, second] = outbox(r.db).filter((x) => x.doneAt === null);

    // The newer row is sent first, the older one after it.
    await r.search.relay.applyRows([second!]);
    await r.search.relay.applyRows([first!]);

    expect(shownTitle(r, id!)).toBe("碳纤维复合材料");
    expect(r.search.embedded.search({ kind: "achievement", text: "复合材料" }).total).toBe(1);
    expect(r.search.embedded.search({ kind: "achievement", text: "预浸料" }).total).toBe(0);
    expect(r.search.embedded.search({ kind: "achievement", text: "原丝" }).total).toBe(0);
    expect((await r.remote.search({ kind: "achievement", text: "预浸料" })).total).toBe(0);
    expect((await r.remote.search({ kind: "achievement", text: "复合材料" })).total).toBe(1);
    expect(outbox(r.db).every((x) => x.doneAt !== null)).toBe(true);
  });
});

describe("M5: delete or unpublish, then a full reindex", () => {
  it("leaves the document out of every engine and does not bring it back", async () => {
    const r = await rig();
    const [gone, kept, deleted] = addAchievements(r.db, r.world, [
      { title: "撤回的成果：针状焦" },
      { title: "保留的成果：针状焦" },
      { title: "删除的成果：针状焦" },
    ]);
    await r.search.relay.drain();
    updateAchievement(r.db, gone!, { status: "withdrawn" });
    writeTx(r.db, (tx) => tx.delete(achievements).where(eq(achievements.id, deleted!)).run());

    await r.search.reindex();
    await r.search.relay.drain();

    expect(indexedIds(r)).toEqual([kept]);
    // The rebuild index was swapped in and its leftover deleted.
    expect(r.server.indexUids().filter((u) => u.endsWith("_rebuild"))).toEqual([]);
    const res = await r.search.embedded.search({ kind: "achievement", text: "针状焦" });
    expect(res.hits.map((h) => h.id)).toEqual([kept]);
    expect(outbox(r.db).every((x) => x.doneAt !== null)).toBe(true);
  });
});

describe("M6: a full reindex while searches and writes continue", () => {
  it("embedded: no search sees an empty or partial index; writes made meanwhile survive the swap", async () => {
    const r = await rig();
    const many = Array.from({ length: 30 }, (_, i) => ({ title: `粉煤灰提铝技术 第${i + 1}号` }));
    addAchievements(r.db, r.world, many);
    await r.search.relay.drain();

    // A second process searching from its own connection throughout.
    const reader = openDb(r.file);
    cleanups.push(() => reader.$client.close());
    const readerSearch = createSearch(reader);
    cleanups.push(() => readerSearch.close());
    const seen: number[] = [];

    let written = 0;
    const pages = (function* () {
      for (const page of iterateDocuments(r.db, "achievement", 10)) {
        seen.push(readerSearch.embedded.search({ kind: "achievement", text: "粉煤灰" }).total);
        yield page;
        if (written === 0) {
          written = addAchievements(r.db, r.world, [{ title: "粉煤灰制备地质聚合物（重建期间写入）" }])[0]!;
          void r.search.relay.drainOnce();
        }
      }
    })();
    rebuildEmbedded(r.db, r.search.embedded, "achievement", pages);
    await r.search.relay.idle();
    seen.push(readerSearch.embedded.search({ kind: "achievement", text: "粉煤灰" }).total);

    expect(Math.min(...seen)).toBeGreaterThanOrEqual(30);
    const after = r.search.embedded.search({ kind: "achievement", text: "粉煤灰", pageSize: 100 });
    expect(after.total).toBe(31);
    expect(after.hits.map((h) => h.id)).toContain(written);
  });

  it("remote: the swap is atomic and listings written during the build are sent to the new index", async () => {
    const r = await rig();
    addAchievements(r.db, r.world, [{ title: "脱硫石膏制备建材 一" }, { title: "脱硫石膏制备建材 二" }]);
    await r.search.relay.drain();
    const sizes: number[] = [];
    let written = 0;
    let edited = 0;
    // While the rebuild index is being filled, searches hit the live one, and the platform
    // keeps writing through the relay.
    r.server.onRequest(async (req) => {
      if (req.method !== "POST" || req.path !== `/indexes/${r.uid}_rebuild/documents` || written) return;
      sizes.push((await r.remote.search({ kind: "achievement", text: "脱硫石膏" })).total);
      written = addAchievements(r.db, r.world, [{ title: "脱硫石膏制备建材 三（重建期间写入）" }])[0]!;
      edited = r.db.select({ id: achievements.id }).from(achievements).limit(1).get()!.id;
      updateAchievement(r.db, edited, { title: "脱硫石膏制备建材 一（重建期间修改）" });
      await r.search.relay.drain();
      sizes.push((await r.remote.search({ kind: "achievement", text: "脱硫石膏" })).total);
    });
    const reports = await r.search.reindex(["achievement"]);
    r.server.onRequest(null);
    expect(reports.find((x) => x.engine === "meilisearch")!.requeued).toBe(2);
    expect(sizes).toEqual([2, 3]);
    expect(indexedIds(r)).toHaveLength(3);
    expect(shownTitle(r, written)).toContain("重建期间写入");
    expect(shownTitle(r, edited)).toContain("重建期间修改");
    const swaps = r.server.requests.filter((q) => q.path === "/swap-indexes");
    expect(swaps.map((q) => q.body)).toEqual([[{ indexes: [r.uid, `${r.uid}_rebuild`], rename: false }]]);
    expect((await r.search.search({ kind: "achievement", text: "脱硫石膏" })).total).toBe(3);
  });

  it("remote: searches during the swap see the whole old index or the whole new one", async () => {
    const r = await rig();
    const ids = addAchievements(
      r.db,
      r.world,
      Array.from({ length: 12 }, (_, i) => ({ title: `兰炭烘干工艺 ${i + 1}` })),
    );
    await r.search.relay.drain();
    // Two listings removed without an outbox row: only the rebuilt index lacks them.
    for (const id of ids.slice(0, 2)) r.db.$client.prepare("DELETE FROM achievements WHERE id = ?").run(id);
    const totals: number[] = [];
    let reading = true;
    const reader = (async () => {
      while (reading) {
        totals.push((await r.remote.search({ kind: "achievement", text: "兰炭" })).total);
        await new Promise((res) => setImmediate(res));
      }
    })();
    await r.search.reindex(["achievement"]);
    reading = false;
    await reader;
    expect(totals.length).toBeGreaterThan(3);
    expect(totals[0]).toBe(12);
    expect(totals.at(-1)).toBe(10);
    expect(totals.every((n) => n === 12 || n === 10)).toBe(true);
  });
});

describe("an index dropped behind the platform", () => {
  it("is recreated with the platform's settings, and reconciliation sends its listings again", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const r = await rig({ config: {} });
    const [a, b] = addAchievements(r.db, r.world, [
      { title: "电石渣制备脱硫剂", industryChainId: "solid-waste" },
      { title: "镁渣制备水泥掺合料", industryChainId: "solid-waste" },
    ]);
    await r.search.relay.drain();
    r.server.dropIndexBehindPlatform(r.uid);

    // The next write recreates the index as the server does, with default settings.
    const [c] = addAchievements(r.db, r.world, [{ title: "气化渣提炭", industryChainId: "solid-waste" }]);
    r.clock.advance(61_000);
    await r.search.relay.drain();
    const filtered = { kind: "achievement" as const, filters: { industryChainId: ["solid-waste"] } };
    let res = await r.search.search(filtered);
    for (let i = 0; i < 50 && res.degraded; i++) {
      await new Promise((ok) => setTimeout(ok, 20));
      r.clock.advance(11_000);
      res = await r.search.search(filtered);
    }
    expect(res).toMatchObject({ degraded: false, engine: "meilisearch" });
    expect(r.server.settings(r.uid)?.filterableAttributes).toEqual(expect.arrayContaining(["industryChainId", "stage"]));

    // The listings the dropped index held come back through reconciliation.
    await r.search.reconcile();
    await r.search.relay.drain();
    expect(indexedIds(r)).toEqual([a, b, c].sort((x, y) => x! - y!));
    expect((await r.search.search(filtered)).total).toBe(3);
  });
});

describe("M7: a document deleted straight from the index", () => {
  it("is found by reconciliation, queued again and restored", async () => {
    const r = await rig();
    const [a, b, c] = addAchievements(r.db, r.world, [{ title: "沙棘原浆" }, { title: "核桃乳饮料" }, { title: "小杂粮挂面" }]);
    await r.search.relay.drain();
    r.search.embedded.dropDocumentForTest("achievement", a!);
    // An operator deletes one document with the server's own API.
    const operator = new Meilisearch({ host: r.server.url, apiKey: r.server.apiKey });
    expect((await operator.index(r.uid).deleteDocument(b!).waitTask({ interval: 5 })).status).toBe("succeeded");
    // A row changed without its outbox entry: the index now holds a stale version.
    r.db.$client.prepare("UPDATE achievements SET title = '小杂粮营养挂面', updated_at = '2030-01-01T00:00:00.000Z' WHERE id = ?").run(c);

    const reports = await r.search.reconcile();
    expect(reports.find((x) => x.engine === "embedded" && x.kind === "achievement")).toMatchObject({ missing: [a], stale: [c], extra: [] });
    expect(reports.find((x) => x.engine === "meilisearch" && x.kind === "achievement")).toMatchObject({ missing: [b], stale: [c], extra: [] });

    await r.search.relay.drain();
    expect((await r.search.embedded.search({ kind: "achievement", text: "沙棘" })).total).toBe(1);
    expect(shownTitle(r, b!)).toBe("核桃乳饮料");
    expect(shownTitle(r, c!)).toBe("小杂粮营养挂面");
    expect((await r.search.reconcile()).every((x) => x.missing.length + x.stale.length + x.extra.length === 0)).toBe(true);
  });
});

describe("M8: Chinese queries, per engine", () => {
  // The accepted table: a 2-character query must hit in both engines; traditional input is
  // folded by the platform for both. Pinyin hits in neither. An English typo misses in FTS5
  // and hits in Meilisearch, whose typo tolerance covers it.
  const table: [query: string, embedded: "hit" | "miss", meilisearch: "hit" | "miss"][] = [
    ["人工智能", "hit", "hit"],
    ["专利许可", "hit", "hit"],
    ["专利", "hit", "hit"],
    ["專利", "hit", "hit"],
    ["电池", "hit", "hit"],
    ["技术转让", "hit", "hit"],
    ["zhuanli", "miss", "miss"],
    ["reasearch", "miss", "hit"],
  ];
  const own: Cleanup[] = [];
  let r: Rig;
  beforeAll(async () => {
    r = await rig({}, own);
    addAchievements(r.db, r.world, [
      { title: "人工智能专利许可合同", summary: "research on AI licensing" },
      { title: "新能源电池技术转让", summary: "battery technology transfer" },
    ]);
    await r.search.relay.drain();
  });
  afterAll(() => runCleanups(own));

  it.each(table)("%s → embedded %s, meilisearch %s", async (query, embedded, meilisearch) => {
    const fts = r.search.embedded.search({ kind: "achievement", text: query }).total;
    const meili = await r.search.search({ kind: "achievement", text: query });
    expect(meili).toMatchObject({ engine: "meilisearch", degraded: false });
    expect({ embedded: fts > 0 ? "hit" : "miss", meilisearch: meili.total > 0 ? "hit" : "miss" }).toEqual({ embedded, meilisearch });
  });
});

describe("M9 and M10 at the document level", () => {
  it("indexes a registration-number-like code so only the exact one matches", async () => {
    const r = await rig();
    const [a, b] = addAchievements(r.db, r.world, [
      { title: "登记一", patentNumbers: ["2024-XX-000123"] },
      { title: "登记二", patentNumbers: ["2024-XX-000124"] },
    ]);
    await r.search.relay.drain();
    expect(r.search.embedded.search({ kind: "achievement", text: "2024-XX-000123" }).hits.map((h) => h.id)).toEqual([a]);
    expect(r.search.embedded.search({ kind: "achievement", text: "2024-XX-000124" }).hits.map((h) => h.id)).toEqual([b]);
    // Meilisearch too: typo tolerance is off for codes and numbers.
    for (const [code, id] of [
      ["2024-XX-000123", a],
      ["2024-XX-000124", b],
    ] as const) {
      const res = await r.search.search({ kind: "achievement", text: code });
      expect(res).toMatchObject({ engine: "meilisearch", degraded: false });
      expect(res.hits.map((h) => h.id)).toEqual([id]);
    }
  });

  it("builds documents without contact fields", async () => {
    const r = await rig();
    const [id] = addAchievements(r.db, r.world, [{ title: "保密测试", contactName: "赵六", contactPhone: "13700000000", contactEmail: "z@example.invalid" }]);
    const doc = loadDocument(r.db, "achievement", id!)!;
    expect(JSON.stringify(doc)).not.toMatch(/赵六|13700000000|z@example/);
    expect(Object.keys(doc)).not.toEqual(expect.arrayContaining(["contactName"]));
  });
});

describe("an index in an older layout", () => {
  it("is dropped, recreated and refilled through the outbox on start", async () => {
    const r = await rig();
    addAchievements(r.db, r.world, [{ title: "旧索引里的成果：粉煤灰提铝" }]);
    await r.search.relay.drain();
    r.db.$client.exec("UPDATE search_format SET version = 0");
    const restarted = createSearch(r.db);
    cleanups.push(() => restarted.close());
    expect(restarted.embedded.search({ kind: "achievement", text: "粉煤灰" }).total).toBe(0);
    await restarted.relay.drain();
    expect(restarted.embedded.search({ kind: "achievement", text: "粉煤灰" }).total).toBe(1);
  });
});
