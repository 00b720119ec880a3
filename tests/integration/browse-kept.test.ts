// A list page's results are kept between writes: the same query asked again reads neither the
// index nor the rows, and the first write anywhere (a listing published through another
// connection, the relay indexing it) makes the next answer fresh.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openDb, type Db } from "../../db/connection";
import { transitionListing } from "../../app/services/listings.server";
import { createNeed } from "../../app/services/needs.server";
import { browsePage, KEPT_LIST_PAGES } from "../../app/services/browse.server";
import { browseQuerySchema } from "../../app/schemas/browse";
import { createSearch, type Search, type SearchResult } from "../../search/index";
import { createTestDb } from "../helpers/db";
import { makeWorld, needInput, type World } from "../helpers/world";

let db: Db;
let file: string;
let cleanup: () => void;
let search: Search;
let world: World;

beforeEach(async () => {
  ({ db, file, cleanup } = createTestDb());
  world = await makeWorld(db);
  search = createSearch(db);
  await search.relay.drain();
});

afterEach(() => {
  search.close();
  cleanup();
});

const query = (input: Record<string, unknown> = {}) => browseQuerySchema.parse(input);
const NOW = new Date("2026-06-01T03:04:05Z");

/** Publishes a need through a connection of its own, as another worker would. */
async function publishElsewhere(title: string): Promise<number> {
  const other = openDb(file);
  try {
    const created = createNeed(other, world.enterprise.actor, needInput({ title }));
    if (!created.ok) throw new Error(JSON.stringify(created));
    transitionListing(other, "need", world.enterprise.actor, created.id, "submit");
    transitionListing(other, "need", world.admin.actor, created.id, "approve");
    return created.id;
  } finally {
    other.$client.close();
  }
}

describe("a list page's kept results", () => {
  it("answer the same query again without searching, until anything is written", async () => {
    const asked = vi.spyOn(search, "search");
    const first = await browsePage(db, search, "need", query(), "zh-CN", { now: NOW });
    const again = await browsePage(db, search, "need", query(), "zh-CN", { now: new Date(NOW.getTime() + 20_000) });
    expect(again).toBe(first);
    expect(asked).toHaveBeenCalledTimes(1);
    expect(first.items.map((i) => i.id)).toEqual([world.needs.published]);

    const id = await publishElsewhere("新发布需求：煤矸石综合利用");
    // Written, not yet indexed: asked afresh, the index does not have it yet.
    const written = await browsePage(db, search, "need", query(), "zh-CN", { now: NOW });
    expect(asked).toHaveBeenCalledTimes(2);
    expect(written.items.map((i) => i.id)).toEqual([world.needs.published]);
    // The relay's write to the index is a write too: the next answer has the new need.
    await search.relay.drain();
    const indexed = await browsePage(db, search, "need", query(), "zh-CN", { now: NOW });
    expect(asked).toHaveBeenCalledTimes(3);
    expect(indexed.items.map((i) => i.id).sort((a, b) => a - b)).toEqual([world.needs.published, id].sort((a, b) => a - b));
    expect(indexed.total).toBe(2);
  });

  it("are kept apart by query, language, list and minute", async () => {
    const asked = vi.spyOn(search, "search");
    const zh = await browsePage(db, search, "need", query(), "zh-CN", { now: NOW });
    const en = await browsePage(db, search, "need", query(), "en", { now: NOW });
    expect(en).not.toBe(zh);
    expect(en.items[0]!.chain).not.toBe(zh.items[0]!.chain);
    await browsePage(db, search, "need", query({ q: "氢" }), "zh-CN", { now: NOW });
    await browsePage(db, search, "achievement", query(), "zh-CN", { now: NOW });
    await browsePage(db, search, "achievement", query(), "zh-CN", { now: NOW, transformationList: true });
    expect(asked).toHaveBeenCalledTimes(5);
    // A listing goes stale by the minute: the next minute is asked afresh.
    await browsePage(db, search, "need", query(), "zh-CN", { now: new Date(NOW.getTime() + 60_000) });
    expect(asked).toHaveBeenCalledTimes(6);
  });

  it("share one search among those who ask while it runs", async () => {
    const asked = vi.spyOn(search, "search");
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => browsePage(db, search, "need", query(), "zh-CN", { now: NOW })));
    expect(asked).toHaveBeenCalledTimes(1);
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it("keep neither a failed search nor a degraded answer", async () => {
    const real = search.search.bind(search);
    const asked = vi.spyOn(search, "search").mockRejectedValueOnce(new Error("engine down"));
    await expect(browsePage(db, search, "need", query(), "zh-CN", { now: NOW })).rejects.toThrow("engine down");
    asked.mockImplementation(async (q) => ({ ...(await real(q)), degraded: true }) as SearchResult);
    const degraded = await browsePage(db, search, "need", query(), "zh-CN", { now: NOW });
    expect(degraded.degraded).toBe(true);
    asked.mockImplementation(real);
    const fresh = await browsePage(db, search, "need", query(), "zh-CN", { now: NOW });
    expect(fresh.degraded).toBeFalsy();
    expect(asked).toHaveBeenCalledTimes(3);
    expect(await browsePage(db, search, "need", query(), "zh-CN", { now: NOW })).toBe(fresh);
    expect(asked).toHaveBeenCalledTimes(3);
  });

  it("hold at most so many queries, the least recently asked dropped first", async () => {
    const asked = vi.spyOn(search, "search");
    const ask = (n: number) => browsePage(db, search, "need", query({ q: `查询${n}` }), "zh-CN", { now: NOW });
    await ask(0);
    for (let n = 1; n <= KEPT_LIST_PAGES; n++) {
      await ask(n);
      // The first query, asked between the others, stays the most recently used.
      if (n === KEPT_LIST_PAGES / 2) await ask(0);
    }
    const before = asked.mock.calls.length;
    await ask(0);
    expect(asked.mock.calls.length).toBe(before);
    // The second was the least recently asked when the store overflowed.
    await ask(1);
    expect(asked.mock.calls.length).toBe(before + 1);
  });

  it("never keep what is read inside a transaction", async () => {
    const asked = vi.spyOn(search, "search");
    db.$client.exec("BEGIN");
    try {
      await browsePage(db, search, "need", query(), "zh-CN", { now: NOW });
    } finally {
      db.$client.exec("ROLLBACK");
    }
    await browsePage(db, search, "need", query(), "zh-CN", { now: NOW });
    expect(asked).toHaveBeenCalledTimes(2);
  });
});
