// RELIABILITY.md §3, scenarios M1-M9, against the real embedded engine and an in-process
// fake of Meilisearch that can refuse connections, hang, and fail tasks it accepted.

import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openDb, writeTx, type Db } from "../../db/connection";
import { achievements, searchOutbox } from "../../db/schema";
import { iterateDocuments, loadDocument } from "../../search/documents";
import { createSearch, type Search } from "../../search/index";
import { rebuildEmbedded } from "../../search/reindex";
import type { RelayFailure } from "../../search/relay";
import { createTestDb } from "../helpers/db";
import { FakeRemote } from "./fake-remote";
import { addAchievements, createWorld, updateAchievement, type World } from "./fixtures";

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
  remote: FakeRemote;
  clock: Clock;
  search: Search;
  failures: RelayFailure[];
}

const cleanups: (() => void)[] = [];
afterEach(() =>
  cleanups
    .splice(0)
    .reverse()
    .forEach((c) => c()),
);

function rig(remote = new FakeRemote(), registry = cleanups): Rig {
  const t = createTestDb();
  registry.push(t.cleanup);
  const clock = new Clock();
  const failures: RelayFailure[] = [];
  const search = createSearch(t.db, {}, { remote, now: clock.now, relay: { onFailure: (f) => failures.push(f) } });
  registry.push(() => search.close());
  return { db: t.db, file: t.file, world: createWorld(t.db), remote, clock, search, failures };
}

function outbox(db: Db) {
  return db.select().from(searchOutbox).orderBy(searchOutbox.id).all();
}

describe("M1: a relay killed before it sends", () => {
  it("leaves the outbox row, and after a restart the document is indexed exactly once", async () => {
    const r = rig();
    // The first relay reaches the engine call and never comes back: the process dies there.
    r.remote.hold = new Promise<void>(() => {});
    const [id] = addAchievements(r.db, r.world, [{ title: "全钒液流电池储能系统" }]);
    void r.search.relay.drainOnce();
    await new Promise((res) => setTimeout(res, 20));
    expect(outbox(r.db)[0]!.doneAt).toBeNull();

    // Restart: a new process, a new connection, the same server.
    r.remote.hold = null;
    const db2 = openDb(r.file);
    cleanups.push(() => db2.$client.close());
    const restarted = createSearch(db2, {}, { remote: r.remote, now: r.clock.now });
    cleanups.push(() => restarted.close());
    // The dead relay's lease still stands: one relay at a time, even across processes.
    expect((await restarted.relay.drain()).leaseHeldElsewhere).toBe(true);
    r.clock.advance(31_000);
    await restarted.relay.drain();

    expect(r.remote.upsertCount.get(`achievement:${id}`)).toBe(1);
    expect(r.remote.docs.achievement.get(id!)?.title).toBe("全钒液流电池储能系统");
    expect(outbox(db2).every((row) => row.doneAt !== null)).toBe(true);
  });

  it("applies rows left from before a crash as soon as the relay starts", async () => {
    const t = createTestDb();
    cleanups.push(t.cleanup);
    const world = createWorld(t.db);
    addAchievements(t.db, world, [{ title: "兰炭尾气制氢" }]);
    const search = createSearch(t.db);
    cleanups.push(() => search.close());
    search.startRelay(60_000);
    await search.relay.idle();
    await new Promise((res) => setTimeout(res, 10));
    await search.relay.idle();
    expect((await search.search({ kind: "achievement", text: "兰炭" })).total).toBe(1);
  });
});

describe("M2: the engine refuses connections for five minutes", () => {
  it("keeps writes working, retries with capped backoff, serves degraded search, then converges", async () => {
    const r = rig();
    r.remote.refuse = true;
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
    expect(row.lastError).toMatch(/ECONNREFUSED/);
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

    r.remote.refuse = false;
    r.clock.advance(10 * 60_000);
    await r.search.relay.drain();
    expect(outbox(r.db).every((x) => x.doneAt !== null)).toBe(true);
    expect(r.remote.docs.achievement.get(id!)?.title).toBe("煤层气提纯制LNG");
    const healthy = await r.search.search({ kind: "achievement", text: "煤层气" });
    expect(healthy).toMatchObject({ degraded: false, engine: "meilisearch" });
  });

  it("caps the backoff", async () => {
    const r = rig();
    r.remote.refuse = true;
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
    const r = rig();
    r.remote.failWhen = (d) => d.title.includes("坏");
    const [good, bad] = addAchievements(r.db, r.world, [{ title: "好的成果：镁合金轮毂" }, { title: "坏的成果：镁合金压铸" }]);
    await r.search.relay.drain();

    const rows = outbox(r.db);
    expect(rows.find((x) => x.entityId === good)!.doneAt).not.toBeNull();
    const failed = rows.find((x) => x.entityId === bad)!;
    expect(failed.doneAt).toBeNull();
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toMatch(/ended failed/);
    expect(r.failures.map((f) => f.entityId)).toEqual([bad]);
    expect(r.remote.docs.achievement.has(good!)).toBe(true);
    expect(r.remote.docs.achievement.has(bad!)).toBe(false);
    expect(r.search.relayStatus()).toMatchObject({ pending: 1, failing: 1 });

    // Still failing later: retried, never dropped.
    r.clock.advance(60_000);
    await r.search.relay.drain();
    expect(outbox(r.db).find((x) => x.entityId === bad)!.attempts).toBe(2);

    // Once the listing is fixed, its rows (old and new) are done together.
    updateAchievement(r.db, bad!, { title: "修好的成果：镁合金压铸" });
    r.clock.advance(60_000);
    await r.search.relay.drain();
    expect(outbox(r.db).every((x) => x.doneAt !== null)).toBe(true);
    expect(r.remote.docs.achievement.get(bad!)?.title).toBe("修好的成果：镁合金压铸");
  });
});

describe("M4: two quick edits sent out of order", () => {
  it("converge on the latest row in every engine", async () => {
    const r = rig();
    const [id] = addAchievements(r.db, r.world, [{ title: "碳纤维原丝制备", summary: "原丝" }]);
    await r.search.relay.drain();
    updateAchievement(r.db, id!, { title: "碳纤维预浸料", summary: "预浸料" });
    updateAchievement(r.db, id!, { title: "碳纤维复合材料", summary: "复合材料" });
    const [first, second] = outbox(r.db).filter((x) => x.doneAt === null);

    // The newer row is sent first, the older one after it.
    await r.search.relay.applyRows([second!]);
    await r.search.relay.applyRows([first!]);

    expect(r.remote.docs.achievement.get(id!)?.title).toBe("碳纤维复合材料");
    expect(r.search.embedded.search({ kind: "achievement", text: "复合材料" }).total).toBe(1);
    expect(r.search.embedded.search({ kind: "achievement", text: "预浸料" }).total).toBe(0);
    expect(r.search.embedded.search({ kind: "achievement", text: "原丝" }).total).toBe(0);
    expect(outbox(r.db).every((x) => x.doneAt !== null)).toBe(true);
  });
});

describe("M5: delete or unpublish, then a full reindex", () => {
  it("leaves the document out of every engine and does not bring it back", async () => {
    const r = rig();
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

    expect([...r.remote.docs.achievement.keys()]).toEqual([kept]);
    const res = await r.search.embedded.search({ kind: "achievement", text: "针状焦" });
    expect(res.hits.map((h) => h.id)).toEqual([kept]);
    expect(outbox(r.db).every((x) => x.doneAt !== null)).toBe(true);
  });
});

describe("M6: a full reindex while searches and writes continue", () => {
  it("embedded: no search sees an empty or partial index; writes made meanwhile survive the swap", async () => {
    const r = rig(undefined);
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
    const r = rig();
    addAchievements(r.db, r.world, [{ title: "脱硫石膏制备建材 一" }, { title: "脱硫石膏制备建材 二" }]);
    await r.search.relay.drain();
    const sizes: number[] = [];
    let written = 0;
    let edited = 0;
    r.remote.duringRebuild = async () => {
      sizes.push((await r.remote.search({ kind: "achievement", text: "脱硫石膏" })).total);
      written = addAchievements(r.db, r.world, [{ title: "脱硫石膏制备建材 三（重建期间写入）" }])[0]!;
      edited = r.db.select({ id: achievements.id }).from(achievements).limit(1).get()!.id;
      updateAchievement(r.db, edited, { title: "脱硫石膏制备建材 一（重建期间修改）" });
      await r.search.relay.drain();
    };
    const reports = await r.search.reindex(["achievement"]);
    expect(reports.find((x) => x.engine === "meilisearch")!.requeued).toBe(2);
    expect(sizes).toEqual([2]);
    expect(r.remote.docs.achievement.size).toBe(3);
    expect(r.remote.docs.achievement.get(written)?.title).toContain("重建期间写入");
    expect(r.remote.docs.achievement.get(edited)?.title).toContain("重建期间修改");
  });
});

describe("M7: a document deleted straight from the index", () => {
  it("is found by reconciliation, queued again and restored", async () => {
    const r = rig();
    const [a, b, c] = addAchievements(r.db, r.world, [{ title: "沙棘原浆" }, { title: "核桃乳饮料" }, { title: "小杂粮挂面" }]);
    await r.search.relay.drain();
    r.search.embedded.dropDocumentForTest("achievement", a!);
    r.remote.docs.achievement.delete(b!);
    // A row changed without its outbox entry: the index now holds a stale version.
    r.db.$client.prepare("UPDATE achievements SET title = '小杂粮营养挂面', updated_at = '2030-01-01T00:00:00.000Z' WHERE id = ?").run(c);

    const reports = await r.search.reconcile();
    expect(reports.find((x) => x.engine === "embedded" && x.kind === "achievement")).toMatchObject({ missing: [a], stale: [c], extra: [] });
    expect(reports.find((x) => x.engine === "meilisearch" && x.kind === "achievement")).toMatchObject({ missing: [b], stale: [c], extra: [] });

    await r.search.relay.drain();
    expect((await r.search.embedded.search({ kind: "achievement", text: "沙棘" })).total).toBe(1);
    expect(r.remote.docs.achievement.get(b!)?.title).toBe("核桃乳饮料");
    expect(r.remote.docs.achievement.get(c!)?.title).toBe("小杂粮营养挂面");
    expect((await r.search.reconcile()).every((x) => x.missing.length + x.stale.length + x.extra.length === 0)).toBe(true);
  });
});

describe("M8: Chinese queries on the embedded engine", () => {
  // The accepted table: a 2-character query must hit; pinyin and English typos are not
  // supported by FTS5 (Meilisearch's typo tolerance covers the typo where it runs).
  const table: [query: string, expected: "hit" | "miss"][] = [
    ["人工智能", "hit"],
    ["专利许可", "hit"],
    ["专利", "hit"],
    ["專利", "hit"],
    ["电池", "hit"],
    ["技术转让", "hit"],
    ["zhuanli", "miss"],
    ["reasearch", "miss"],
  ];
  const own: (() => void)[] = [];
  let r: Rig;
  beforeAll(async () => {
    r = rig(new FakeRemote(), own);
    addAchievements(r.db, r.world, [
      { title: "人工智能专利许可合同", summary: "research on AI licensing" },
      { title: "新能源电池技术转让", summary: "battery technology transfer" },
    ]);
    await r.search.relay.drain();
  });
  afterAll(() =>
    own
      .splice(0)
      .reverse()
      .forEach((c) => c()),
  );

  it.each(table)("%s → %s", (query, expected) => {
    const total = r.search.embedded.search({ kind: "achievement", text: query }).total;
    expect(total > 0 ? "hit" : "miss").toBe(expected);
  });
});

describe("M9 and M10 at the document level", () => {
  it("indexes a registration-number-like code so only the exact one matches", async () => {
    const r = rig();
    const [a, b] = addAchievements(r.db, r.world, [
      { title: "登记一", patentNumbers: ["2024-XX-000123"] },
      { title: "登记二", patentNumbers: ["2024-XX-000124"] },
    ]);
    await r.search.relay.drain();
    expect(r.search.embedded.search({ kind: "achievement", text: "2024-XX-000123" }).hits.map((h) => h.id)).toEqual([a]);
    expect(r.search.embedded.search({ kind: "achievement", text: "2024-XX-000124" }).hits.map((h) => h.id)).toEqual([b]);
  });

  it("builds documents without contact fields", () => {
    const r = rig();
    const [id] = addAchievements(r.db, r.world, [{ title: "保密测试", contactName: "赵六", contactPhone: "13700000000", contactEmail: "z@example.invalid" }]);
    const doc = loadDocument(r.db, "achievement", id!)!;
    expect(JSON.stringify(doc)).not.toMatch(/赵六|13700000000|z@example/);
    expect(Object.keys(doc)).not.toEqual(expect.arrayContaining(["contactName"]));
  });
});

describe("an index in an older layout", () => {
  it("is dropped, recreated and refilled through the outbox on start", async () => {
    const r = rig();
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
