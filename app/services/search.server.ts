import { createSearch, type Search } from "../../search/index";
import { getDb } from "./db.server";
import { getEnv } from "./env.server";

declare global {
  var __lsmSearch: Search | undefined;
}

/** The process's search layer: the embedded engine, or Meilisearch when MEILI_HOST is set. */
export function getSearch(): Search {
  if (!globalThis.__lsmSearch) {
    const env = getEnv();
    globalThis.__lsmSearch = createSearch(getDb(), { MEILI_HOST: env.MEILI_HOST, MEILI_API_KEY: env.MEILI_API_KEY });
  }
  return globalThis.__lsmSearch;
}
