import { afterEach, describe, expect, it } from "vitest";
import { openDb } from "../../db/connection";
import { createSearch } from "../../search/index";
import { createTestDb } from "../helpers/db";
import { addAchievements, createWorld } from "./fixtures";

// A server started on a database it cannot write (a full disk, a read-only volume) still
// serves searches: opening an index that is already in the current layout writes nothing.

const cleanups: (() => void)[] = [];
afterEach(() =>
  cleanups
    .splice(0)
    .reverse()
    .forEach((c) => c()),
);

describe("the embedded engine on a read-only database", () => {
  it("opens an index in the current layout without writing, and searches it", async () => {
    const t = createTestDb();
    cleanups.push(t.cleanup);
    const world = createWorld(t.db);
    const [hydrogen] = addAchievements(t.db, world, [{ title: "焦炉煤气制氢提纯技术" }, { title: "赤泥基免烧砖制备技术" }]);
    const writable = createSearch(t.db);
    await writable.reindex();
    writable.close();

    const readonly = openDb(t.file, { readonly: true });
    cleanups.push(() => readonly.$client.close());
    const search = createSearch(readonly);
    cleanups.push(() => search.close());
    const result = await search.search({ kind: "achievement", text: "制氢" });
    expect(result.hits.map((h) => h.id)).toEqual([hydrogen]);
  });

  it("still refuses to open an index it would have to create", () => {
    const t = createTestDb();
    cleanups.push(t.cleanup);
    const readonly = openDb(t.file, { readonly: true });
    cleanups.push(() => readonly.$client.close());
    expect(() => createSearch(readonly)).toThrow(/readonly/);
  });
});
