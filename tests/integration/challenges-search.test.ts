import { afterEach, beforeEach, expect, it } from "vitest";
import type { Db } from "../../db/connection";
import { browseChallenges } from "../../app/services/challenges/browse.server";
import { cancelChallenge, createChallenge } from "../../app/services/challenges/index.server";
import { getSearch } from "../../app/services/search.server";
import { useAppDb } from "../helpers/app";
import { BEFORE, challengeInput, DURING, makeChallengeWorld, ok, publishedChallenge, type ChallengeWorld } from "./challenges-fixtures";

// Challenges are searched through the same engine and outbox as needs, in Chinese and in
// English, and filtered by their own facets; a draft never reaches the index.

let db: Db;
let cleanup: () => void;
let w: ChallengeWorld;
beforeEach(async () => {
  ({ db, cleanup } = useAppDb());
  w = await makeChallengeWorld(db);
});
afterEach(() => cleanup());

const ids = async (q: Record<string, unknown>, now = DURING) =>
  (await browseChallenges(db, getSearch(), { status: [], band: [], window: [], county: [], chain: [], ...q }, now)).items.map((i) => i.id);

it("finds published challenges by Chinese and English text, never a draft, and filters by the facets", async () => {
  const redMud = publishedChallenge(db, w);
  const hydrogen = publishedChallenge(db, w, {
    title: "焦炉煤气制氢纯化装置攻关",
    problem: "焦炉煤气提氢纯度不足，需要提升到燃料电池用氢标准并降低能耗，实现连续稳定运行。",
    indicators: "氢气纯度 ≥ 99.999%；单位能耗下降 15%；连续运行 720 小时。",
    industryChainId: "hydrogen",
    countyCode: "141102",
    rewardWan: 80_000_000,
    mode: "race",
    teams: 2,
  });
  ok(createChallenge(db, w.enterprise.actor, challengeInput({ title: "赤泥草稿榜单不应被搜到" }), null, BEFORE));
  await getSearch().relay.drain();

  expect(await ids({ q: "赤泥" })).toEqual([redMud]);
  expect(await ids({ q: "制氢" })).toEqual([hydrogen]);
  expect(await ids({ q: "red mud" })).toEqual([redMud]);
  expect((await ids({})).sort()).toEqual([redMud, hydrogen].sort());
  expect(await ids({ chain: ["hydrogen"] })).toEqual([hydrogen]);
  expect(await ids({ band: ["lt100w"] })).toEqual([hydrogen]);
  expect(await ids({ county: ["141122"] })).toEqual([redMud]);
  expect((await ids({ window: ["open"] })).sort()).toEqual([redMud, hydrogen].sort());
  expect(await ids({ window: ["upcoming"] }, BEFORE)).toHaveLength(2);

  ok(cancelChallenge(db, w.enterprise.actor, redMud, "技术路线调整，本榜撤销", null, DURING));
  await getSearch().relay.drain();
  expect(await ids({ q: "赤泥", status: ["cancelled"] })).toEqual([redMud]);
  const facets = (await browseChallenges(db, getSearch(), { status: [], band: [], window: [], county: [], chain: [] }, DURING)).facets;
  expect(facets.status).toEqual({ cancelled: 1, open: 1 });
});
