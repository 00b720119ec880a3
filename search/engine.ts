// What the relay, the reindex command and the facade need from an engine. The embedded
// engine is synchronous (it lives in the app's own SQLite file); a remote engine such as
// Meilisearch is asynchronous and may fail, which is why writes reach it only through the
// outbox.

import type { SearchDocument } from "./documents";
import type { ListingKind, SearchQuery, SearchResult } from "./types";

/** The state a listing's document must reach: the document, or null for "not in the index". */
export interface IndexChange {
  kind: ListingKind;
  id: number;
  doc: SearchDocument | null;
}

export interface RemoteIndex {
  readonly name: "meilisearch";
  /**
   * Creates indexes and applies settings; safe to call again. May resolve true when it had
   * to create an index or re-apply settings (the index may then lack documents).
   */
  init(): Promise<boolean | void>;
  /**
   * Applies the changes and resolves only once the engine reports them done; rejects when
   * the engine refuses the request or the task ends in any state but succeeded.
   */
  apply(changes: readonly IndexChange[]): Promise<void>;
  search(q: SearchQuery): Promise<SearchResult>;
  /**
   * Ids of listings matching any of the terms (the matcher passes a need's most distinctive
   * ones), in the engine's own relevance order, for the matcher to score.
   */
  candidates(kind: ListingKind, terms: readonly string[], limit: number): Promise<number[]>;
  /** Every indexed id with the listing version it was built from. */
  indexedVersions(kind: ListingKind): Promise<Map<number, string>>;
  /**
   * Builds a fresh index from the pages and swaps it in atomically: searches keep hitting
   * the old index until the swap.
   */
  rebuild(kind: ListingKind, pages: AsyncIterable<SearchDocument[]> | Iterable<SearchDocument[]>): Promise<number>;
  close(): void;
}
