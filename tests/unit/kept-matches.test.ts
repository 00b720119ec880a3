import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/connection";
import { keptMatches } from "../../search/kept-matches";
import type { MatchResult } from "../../search/match";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-kept-matches-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function setup() {
  const sqlite = new Database(path.join(dir, `${Math.random()}.db`));
  let clock = 0;
  let computed = 0;
  const kept = keptMatches({ $client: sqlite } as unknown as Db, () => clock);
  const compute = async () => {
    computed++;
    return [{ id: computed, score: 50 } as unknown as MatchResult];
  };
  return { sqlite, kept, compute, computed: () => computed, tick: (ms: number) => (clock += ms) };
}

describe("kept matches", () => {
  it("answers again from what was computed while the inputs are unchanged, each time a copy", async () => {
    const s = setup();
    const a = await s.kept("need:1", { limit: 10 }, "v1", s.compute);
    a.pop();
    const b = await s.kept("need:1", { limit: 10 }, "v1", s.compute);
    expect(s.computed()).toBe(1);
    expect(b.map((r) => r.id)).toEqual([1]);
    await s.kept("need:1", { limit: 5 }, "v1", s.compute);
    await s.kept("need:2", { limit: 10 }, "v1", s.compute);
    await s.kept("need:1", { limit: 10, statuses: ["published", "matched"] }, "v1", s.compute);
    expect(s.computed()).toBe(4);
  });

  it("computes afresh once the inputs change, and after a minute", async () => {
    const s = setup();
    await s.kept("need:1", undefined, "v1", s.compute);
    expect((await s.kept("need:1", undefined, "v2", s.compute))[0]!.id).toBe(2);
    s.tick(59_000);
    expect((await s.kept("need:1", undefined, "v2", s.compute))[0]!.id).toBe(2);
    s.tick(1_000);
    expect((await s.kept("need:1", undefined, "v2", s.compute))[0]!.id).toBe(3);
  });

  it("always computes an answer for a given moment, or inside a transaction", async () => {
    const s = setup();
    await s.kept("need:1", { now: new Date() }, "v1", s.compute);
    await s.kept("need:1", { now: new Date() }, "v1", s.compute);
    s.sqlite.exec("BEGIN");
    await s.kept("need:1", undefined, "v1", s.compute);
    await s.kept("need:1", undefined, "v1", s.compute);
    s.sqlite.exec("COMMIT");
    expect(s.computed()).toBe(4);
  });
});
