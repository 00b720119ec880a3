// The engines the contract suite runs against. The embedded engine always runs. Meilisearch
// always runs too: against a real server when MEILI_HOST is set, else against the HTTP
// stand-in (tests/search/meili-standin), since no Meilisearch binary exists on npm or in
// Debian (RELIABILITY.md §3). The label in test titles says which one answered.

import { randomUUID } from "node:crypto";
import type { Db } from "../../db/connection";
import { createSearch, type Search, type SearchEnv } from "../../search/index";
import { MeilisearchIndex } from "../../search/meilisearch";
import { NEWEST_VERSION, startMeiliStandIn } from "./meili-standin";

export interface OpenedEngine {
  search: Search;
  teardown: () => Promise<void>;
}

export interface EngineUnderTest {
  name: "embedded" | "meilisearch";
  /** The name in test titles: which engine, and for Meilisearch, which server. */
  label: string;
  available: boolean;
  skipReason: string | null;
  /** A search layer on the given database, and how to tear down what it created elsewhere. */
  open(db: Db): Promise<OpenedEngine>;
}

const realHost = process.env.MEILI_HOST;

/** A search layer on Meilisearch at host, with a private index prefix per call. */
function openMeilisearch(db: Db, host: string, apiKey: string | undefined, fast: boolean): OpenedEngine & { remote: MeilisearchIndex } {
  // A private index prefix keeps parallel test files apart on one server.
  const env: SearchEnv = { MEILI_HOST: host, MEILI_API_KEY: apiKey, MEILI_INDEX_PREFIX: `lsm_test_${randomUUID().slice(0, 8)}_` };
  const remote = new MeilisearchIndex({
    host,
    apiKey,
    indexPrefix: env.MEILI_INDEX_PREFIX,
    // The stand-in finishes a task within a tick or two: poll often, give up early.
    ...(fast ? { taskIntervalMs: 5, taskTimeoutMs: 5000 } : {}),
  });
  const search = createSearch(db, env, { remote });
  return {
    search,
    remote,
    teardown: async () => {
      search.close();
      await remote.dropIndexes();
    },
  };
}

export const ENGINES: EngineUnderTest[] = [
  {
    name: "embedded",
    label: "embedded",
    available: true,
    skipReason: null,
    open: async (db) => {
      const search = createSearch(db);
      return { search, teardown: async () => search.close() };
    },
  },
  realHost
    ? {
        name: "meilisearch",
        label: `meilisearch (server at MEILI_HOST)`,
        available: true,
        skipReason: null,
        open: async (db) => openMeilisearch(db, realHost, process.env.MEILI_API_KEY, false),
      }
    : {
        name: "meilisearch",
        label: `meilisearch (HTTP stand-in v${NEWEST_VERSION})`,
        available: true,
        skipReason: null,
        open: async (db) => {
          const server = await startMeiliStandIn({ apiKey: `master-${randomUUID()}` });
          const opened = openMeilisearch(db, server.url, server.apiKey, true);
          return {
            search: opened.search,
            teardown: async () => {
              await opened.teardown();
              await server.close();
              // A route the stand-in does not model would make its answers meaningless.
              if (server.unrouted.length > 0) {
                throw new Error(`the engine called routes the stand-in does not model: ${server.unrouted.map((r) => `${r.method} ${r.path}`).join(", ")}`);
              }
            },
          };
        },
      },
];

for (const e of ENGINES) {
  if (!e.available) console.warn(`[search] ${e.name} engine tests skipped: ${e.skipReason}`);
}
