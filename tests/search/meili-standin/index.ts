// A stand-in for a Meilisearch server at the HTTP level, for tests on machines where no
// Meilisearch binary can run. It speaks the REST API the official client and the platform's
// engine use, refuses what a real server refuses (same error codes, types and statuses), and
// exposes faults for the sync drills (RELIABILITY.md §3).
//
//   const meili = await startMeiliStandIn({ version: "1.18.0", apiKey: "master" });
//   new Meilisearch({ host: meili.url, apiKey: meili.apiKey });
//   meili.failNextTasks(1, "invalid_document_id"); meili.pauseTasks(true); await meili.close();

import type { Doc } from "./filter-eval";
import { HttpFront, type RecordedRequest, type RequestHook } from "./server";
import { MeiliState } from "./state";
import { NEWEST_VERSION, parseVersion } from "./version";

export type { RecordedRequest } from "./server";
export { NEWEST_VERSION } from "./version";

export interface MeiliStandInOptions {
  /** The version the server reports and behaves as (default: the newest modelled). */
  version?: string;
  /** The master key; without one the instance is unsecured, as Meilisearch without a master key. */
  apiKey?: string;
}

export interface MeiliStandIn {
  url: string;
  apiKey: string | undefined;
  version: string;
  /** Every request received, in order: method, path, query, JSON body. */
  requests: RecordedRequest[];
  /** Requests for routes the stand-in does not model: a test can require there are none. */
  unrouted: RecordedRequest[];
  close(): Promise<void>;
  /** Stop listening: connections are refused (ECONNREFUSED) until turned off again. */
  refuseConnections(on: boolean): Promise<void>;
  /** Accept requests and never answer them. */
  hang(on: boolean): void;
  /** How many requests arrived while hanging and were left unanswered. */
  readonly hungRequests: number;
  /** The next n tasks processed fail with this error code (default "internal"). */
  failNextTasks(n: number, code?: string): void;
  /**
   * Document additions holding a document that matches fail in their task with this code
   * (default invalid_document_id), as a real server fails a batch with one bad document;
   * null stops refusing.
   */
  rejectDocuments(when: ((doc: Doc) => boolean) | null, code?: string): void;
  /** Tasks stay enqueued while paused; they run, in order, once resumed. */
  pauseTasks(on: boolean): void;
  /** Deletes an index at once, as an operator would from outside the platform. */
  dropIndexBehindPlatform(uid: string): void;
  /** Deletes one document at once, outside the platform. */
  deleteDocumentBehindPlatform(uid: string, id: string | number): void;
  setVersion(v: string): void;
  /** Runs before each request is handled (after it is recorded); may await. */
  onRequest(hook: RequestHook | null): void;
  /** The documents of an index in insertion order ([] when it does not exist). */
  documents(uid: string): Doc[];
  /** One document, or undefined. */
  document(uid: string, id: string | number): Doc | undefined;
  indexUids(): string[];
  settings(uid: string): Record<string, unknown> | undefined;
}

export async function startMeiliStandIn(options: MeiliStandInOptions = {}): Promise<MeiliStandIn> {
  const version = options.version ?? NEWEST_VERSION;
  parseVersion(version);
  const state = new MeiliState(version);
  const front = new HttpFront(state, options.apiKey ?? null);
  await front.listen();
  return {
    url: `http://127.0.0.1:${front.port}`,
    apiKey: options.apiKey,
    get version() {
      return state.version;
    },
    requests: front.requests,
    unrouted: front.unrouted,
    close: async () => {
      state.queue.close();
      if (!front.refusing) await front.stop();
    },
    refuseConnections: (on) => front.refuse(on),
    hang: (on) => {
      front.hanging = on;
    },
    get hungRequests() {
      return front.hungRequests;
    },
    failNextTasks: (n, code = "internal") => state.queue.failNext(n, code),
    pauseTasks: (on) => state.queue.pause(on),
    rejectDocuments: (when, code = "invalid_document_id") => {
      state.rejecting = when ? { when, code } : null;
    },
    dropIndexBehindPlatform: (uid) => void state.indexes.delete(uid),
    deleteDocumentBehindPlatform: (uid, id) => void state.indexes.get(uid)?.docs.delete(String(id)),
    setVersion: (v) => {
      parseVersion(v);
      state.version = v;
    },
    onRequest: (hook) => {
      front.hook = hook;
    },
    documents: (uid) => [...(state.indexes.get(uid)?.docs.values() ?? [])].map((d) => d.doc),
    document: (uid, id) => state.indexes.get(uid)?.docs.get(String(id))?.doc,
    indexUids: () => [...state.indexes.keys()],
    settings: (uid) => state.indexes.get(uid)?.settings,
  };
}
