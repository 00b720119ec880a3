// An in-process stand-in for Meilisearch that behaves like it where sync logic cares:
// writes are tasks that finish later, a task can be accepted and then fail, the server can
// refuse connections, and a rebuild swaps a fresh index in atomically. Its search is a plain
// substring match: the contract suite tests real engines, this one tests the relay.

import type { SearchDocument } from "../../search/documents";
import type { IndexChange, RemoteIndex } from "../../search/engine";
import { IndexTaskFailedError } from "../../search/errors";
import type { ListingKind, SearchQuery, SearchResult } from "../../search/types";

export class ConnectionRefusedError extends Error {
  constructor() {
    super("connect ECONNREFUSED 127.0.0.1:7700");
    this.name = "MeilisearchRequestError";
  }
}

export class FakeRemote implements RemoteIndex {
  readonly name = "meilisearch" as const;
  readonly docs: Record<ListingKind, Map<number, SearchDocument>> = { need: new Map(), achievement: new Map() };
  /** Every task the fake accepted, in order. */
  readonly tasks: { uid: number; kind: ListingKind; upserts: number[]; deletes: number[]; status: "succeeded" | "failed" }[] = [];
  /** While true, every request fails as if the server were down. */
  refuse = false;
  /** Documents for which a task is accepted and then fails (a bad id, say). */
  failWhen: (doc: SearchDocument) => boolean = () => false;
  /** When set, apply() waits on this before finishing: a relay "killed" mid-send never returns. */
  hold: Promise<void> | null = null;
  upsertCount = new Map<string, number>();
  /** Runs between the pages of a rebuild: where a test writes and searches "meanwhile". */
  duringRebuild: (() => Promise<void>) | null = null;
  private nextUid = 1;

  async init(): Promise<void> {
    if (this.refuse) throw new ConnectionRefusedError();
  }

  async apply(changes: readonly IndexChange[]): Promise<void> {
    if (this.refuse) throw new ConnectionRefusedError();
    if (this.hold) await this.hold;
    for (const kind of ["need", "achievement"] as const) {
      const mine = changes.filter((c) => c.kind === kind);
      if (mine.length === 0) continue;
      const uid = this.nextUid++;
      // Accepted now, processed on a later tick, like a real task queue.
      await new Promise((r) => setImmediate(r));
      const bad = mine.find((c) => c.doc && this.failWhen(c.doc));
      const upserts = mine.filter((c) => c.doc).map((c) => c.id);
      const deletes = mine.filter((c) => !c.doc).map((c) => c.id);
      if (bad) {
        this.tasks.push({ uid, kind, upserts, deletes, status: "failed" });
        throw new IndexTaskFailedError(`Meilisearch task ${uid} ended failed: invalid document id`, uid, "invalid_document_id");
      }
      for (const c of mine) {
        if (c.doc) {
          this.docs[kind].set(c.id, c.doc);
          const key = `${kind}:${c.id}`;
          this.upsertCount.set(key, (this.upsertCount.get(key) ?? 0) + 1);
        } else this.docs[kind].delete(c.id);
      }
      this.tasks.push({ uid, kind, upserts, deletes, status: "succeeded" });
    }
  }

  async search(q: SearchQuery): Promise<SearchResult> {
    if (this.refuse) throw new ConnectionRefusedError();
    const text = (q.text ?? "").trim().toLowerCase();
    const hits = [...this.docs[q.kind].values()]
      .filter((d) => !text || `${d.title} ${d.summary}`.toLowerCase().includes(text))
      .map((d) => ({ id: d.id, score: 1, highlight: { title: d.title, summary: d.summary } }));
    return { total: hits.length, hits, facets: {}, degraded: false, engine: "meilisearch" };
  }

  async candidates(kind: ListingKind, terms: readonly string[], limit: number): Promise<number[]> {
    if (this.refuse) throw new ConnectionRefusedError();
    return [...this.docs[kind].values()]
      .filter((d) => terms.some((t) => `${d.title} ${d.summary}`.includes(t)))
      .slice(0, limit)
      .map((d) => d.id);
  }

  async indexedVersions(kind: ListingKind): Promise<Map<number, string>> {
    if (this.refuse) throw new ConnectionRefusedError();
    return new Map([...this.docs[kind].values()].map((d) => [d.id, d.sourceUpdatedAt]));
  }

  async rebuild(kind: ListingKind, pages: AsyncIterable<SearchDocument[]> | Iterable<SearchDocument[]>): Promise<number> {
    if (this.refuse) throw new ConnectionRefusedError();
    const fresh = new Map<number, SearchDocument>();
    for await (const page of pages) {
      for (const d of page) fresh.set(d.id, d);
      if (this.duringRebuild) await this.duringRebuild();
    }
    // The swap: searches see the old map until this line, the new one after it.
    this.docs[kind] = fresh;
    return fresh.size;
  }

  close(): void {}
}
