import type { Db } from "../../../db/connection";
import type { Search } from "../../../search/index";
import type { ChallengeBrowseQuery } from "../../schemas/challenges";
import { listFormOptions } from "../listings.server";
import { listPublicChallenges } from "./queries.server";

/** The public list: text through the search engine (zh-CN and en alike), then the facets over the database. */
export async function browseChallenges(db: Db, search: Search, query: ChallengeBrowseQuery, now: Date = new Date()) {
  let ids: number[] | undefined;
  let degraded = false;
  if (query.q) {
    const result = await search.search({ kind: "challenge", text: query.q, sort: "relevance", pageSize: 100 });
    ids = result.hits.map((h) => h.id);
    degraded = result.degraded;
  }
  const list = listPublicChallenges(
    db,
    { status: query.status, rewardBand: query.band, window: query.window, countyCode: query.county, industryChainId: query.chain, ids },
    now,
  );
  const { chains, counties } = listFormOptions(db);
  return { ...list, degraded, chains, counties };
}
