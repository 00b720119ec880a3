import { createSearch, type Search } from "../../search/index";
import { getDb } from "./db.server";
import { getEnv } from "./env.server";

let search: Search | undefined;

/** The process's search layer: the embedded engine, or Meilisearch when MEILI_HOST is set. */
export function getSearch(): Search {
  if (!search) {
    const env = getEnv();
    search = createSearch(getDb(), { MEILI_HOST: env.MEILI_HOST, MEILI_API_KEY: env.MEILI_API_KEY });
  }
  return search;
}

/** The search layer if one was made; never makes one. */
export function openedSearch(): Search | undefined {
  return search;
}

/** Replaces the process's search layer, or forgets it (tests bring their own). */
export function useSearch(next: Search | undefined): void {
  search = next;
}
