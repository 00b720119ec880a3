// The engines the contract suite runs against. The embedded engine always runs; Meilisearch
// only where a server is reachable through MEILI_HOST, since no binary exists on npm or in
// Debian (RELIABILITY.md §3). A skipped engine says why, on the console, not in silence.

import { randomUUID } from "node:crypto";
import type { Db } from "../../db/connection";
import { createSearch, type Search, type SearchEnv } from "../../search/index";
import { MeilisearchIndex } from "../../search/meilisearch";

export interface EngineUnderTest {
  name: "embedded" | "meilisearch";
  available: boolean;
  skipReason: string | null;
  /** A search layer on the given database, and how to tear down what it created elsewhere. */
  open(db: Db): { search: Search; teardown: () => Promise<void> };
}

export const ENGINES: EngineUnderTest[] = [
  {
    name: "embedded",
    available: true,
    skipReason: null,
    open: (db) => {
      const search = createSearch(db);
      return { search, teardown: async () => search.close() };
    },
  },
  {
    name: "meilisearch",
    available: Boolean(process.env.MEILI_HOST),
    skipReason: process.env.MEILI_HOST
      ? null
      : "MEILI_HOST is not set: no Meilisearch server here (no binary on npm or Debian); set MEILI_HOST and MEILI_API_KEY to run it",
    open: (db) => {
      // A private index prefix per test keeps parallel test files apart on one server.
      const env: SearchEnv = {
        MEILI_HOST: process.env.MEILI_HOST,
        MEILI_API_KEY: process.env.MEILI_API_KEY,
        MEILI_INDEX_PREFIX: `lsm_test_${randomUUID().slice(0, 8)}_`,
      };
      const remote = new MeilisearchIndex({ host: env.MEILI_HOST!, apiKey: env.MEILI_API_KEY, indexPrefix: env.MEILI_INDEX_PREFIX });
      const search = createSearch(db, env, { remote });
      return {
        search,
        teardown: async () => {
          search.close();
          await remote.dropIndexes();
        },
      };
    },
  },
];

for (const e of ENGINES) {
  if (!e.available) console.warn(`[search] ${e.name} engine tests skipped: ${e.skipReason}`);
}
