// Request routing: the REST routes of Meilisearch the platform and its client use, each
// answering what the server answers (200 with a resource, 202 with an enqueued task, or an
// error object with its status).

import { MeiliError, unknownField, invalidValue } from "./errors";
import type { Doc } from "./filter-eval";
import { search } from "./search";
import { PATCH_SUB_ROUTES, SUB_ROUTES, defaultSettings, validateOne, validateSettings } from "./settings";
import { checkIndexUid, type MeiliState } from "./state";
import { listTasks, summary, type Task } from "./tasks";
import { SEARCH_SINCE, atLeast } from "./version";

export interface Request {
  method: string;
  segments: string[];
  query: URLSearchParams;
  body: unknown;
}

export interface Reply {
  status: number;
  body: unknown;
}

const ok = (body: unknown): Reply => ({ status: 200, body });
const accepted = (task: Task): Reply => ({ status: 202, body: summary(task) });
const NOT_FOUND: Reply = { status: 404, body: undefined };

function requireBody(body: unknown): unknown {
  if (body === undefined) throw new MeiliError("missing_payload", "A json payload is missing.");
  return body;
}

function intParam(query: URLSearchParams, name: string, fallback: number, code: string): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new MeiliError(code, `Invalid value in parameter \`${name}\`: could not parse \`${raw}\` as a positive integer`);
  return n;
}

function swapPairs(state: MeiliState, body: unknown): { indexes: [string, string]; rename: boolean }[] {
  if (!Array.isArray(body)) throw invalidValue("bad_request", "", "an array", body);
  const fields = atLeast(state.version, SEARCH_SINCE.swapRename) ? ["indexes", "rename"] : ["indexes"];
  const seen = new Set<string>();
  return body.map((pair: Record<string, unknown>, i) => {
    for (const k of Object.keys(pair ?? {})) if (!fields.includes(k)) throw unknownField("bad_request", k, fields, `[${i}]`);
    const indexes = pair.indexes;
    if (!Array.isArray(indexes) || indexes.length !== 2) {
      throw new MeiliError(
        "invalid_swap_indexes",
        `Two indexes must be given for each swap. The list \`${JSON.stringify(indexes ?? [])}\` contains ${Array.isArray(indexes) ? indexes.length : 0} indexes.`,
      );
    }
    for (const uid of indexes) {
      checkIndexUid(uid);
      if (seen.has(uid))
        throw new MeiliError("invalid_swap_duplicate_index_found", `Indexes must be declared only once during a swap. \`${uid}\` was specified several times.`);
      seen.add(uid);
    }
    return { indexes: indexes as [string, string], rename: pair.rename === true };
  });
}

function indexesRoute(state: MeiliState, req: Request): Reply {
  const { method, query } = req;
  if (method === "GET") {
    const offset = intParam(query, "offset", 0, "invalid_index_offset");
    const limit = intParam(query, "limit", 20, "invalid_index_limit");
    const all = [...state.indexes.values()].sort((a, b) => (a.uid < b.uid ? -1 : 1)).map((i) => i.describe());
    return ok({ results: all.slice(offset, offset + limit), offset, limit, total: all.length });
  }
  if (method === "POST") {
    const body = requireBody(req.body) as { uid?: unknown; primaryKey?: string | null };
    for (const k of Object.keys(body)) if (!["uid", "primaryKey"].includes(k)) throw unknownField("bad_request", k, ["uid", "primaryKey"]);
    if (body.uid === undefined) throw new MeiliError("missing_index_uid", "Missing field `uid`");
    return accepted(state.createIndex(checkIndexUid(body.uid), body.primaryKey ?? null));
  }
  return NOT_FOUND;
}

function settingsRoute(state: MeiliState, uid: string, sub: string | undefined, req: Request): Reply {
  const name = sub === undefined ? null : SUB_ROUTES[sub];
  if (name === undefined) return NOT_FOUND;
  const { method } = req;
  if (method === "GET") {
    const settings = state.index(uid).settings;
    if (name === null) return ok(settings);
    if (!(name in settings)) return NOT_FOUND;
    return ok(settings[name]);
  }
  if (method === "DELETE") return accepted(state.resetSettings(uid, name ? [name] : null));
  if (name === null) {
    if (method !== "PATCH") return NOT_FOUND;
    const body = requireBody(req.body);
    validateSettings(body, state.version);
    return accepted(state.updateSettings(uid, body));
  }
  if (!(name in defaultSettings(state.version))) return NOT_FOUND;
  if (method !== (PATCH_SUB_ROUTES.has(name) ? "PATCH" : "PUT")) return NOT_FOUND;
  const value = requireBody(req.body);
  validateOne(name, value, state.version, true);
  return accepted(state.updateSettings(uid, { [name]: value }));
}

function documentsRoute(state: MeiliState, uid: string, rest: string[], req: Request): Reply {
  const { method, query } = req;
  const [sub] = rest;
  if (sub === undefined) {
    if (method === "GET") {
      const fields = query.get("fields")?.split(",") ?? null;
      return ok(
        state.browse(
          uid,
          intParam(query, "offset", 0, "invalid_document_offset"),
          intParam(query, "limit", 20, "invalid_document_limit"),
          fields,
          query.get("filter") ?? undefined,
        ),
      );
    }
    if (method === "POST" || method === "PUT") {
      const body = requireBody(req.body);
      const docs = Array.isArray(body) ? (body as Doc[]) : [body as Doc];
      checkIndexUid(uid);
      return accepted(state.addDocuments(uid, docs, query.get("primaryKey"), method === "PUT"));
    }
    if (method === "DELETE") return accepted(state.clearDocuments(uid));
    return NOT_FOUND;
  }
  if (sub === "fetch" && method === "POST") {
    const b = (req.body ?? {}) as { offset?: number; limit?: number; fields?: string[]; filter?: unknown };
    return ok(state.browse(uid, b.offset ?? 0, b.limit ?? 20, b.fields ?? null, b.filter));
  }
  if (sub === "delete-batch" && method === "POST") return accepted(state.deleteDocuments(uid, requireBody(req.body) as unknown[]));
  if (sub === "delete" && method === "POST") {
    const body = requireBody(req.body) as { filter?: unknown };
    if (body.filter === undefined) throw new MeiliError("missing_document_filter", "Missing field `filter`");
    return accepted(state.deleteByFilter(uid, body.filter));
  }
  if (method === "GET") {
    const doc = state.index(uid).docs.get(decodeURIComponent(sub));
    if (!doc) throw new MeiliError("document_not_found", `Document \`${decodeURIComponent(sub)}\` not found.`);
    return ok(doc.doc);
  }
  if (method === "DELETE") return accepted(state.deleteDocuments(uid, [decodeURIComponent(sub)]));
  return NOT_FOUND;
}

/** GET /search takes its parameters in the query string: numbers, booleans and comma-separated lists. */
function queryParams(query: URLSearchParams): Record<string, unknown> {
  const lists = ["attributesToRetrieve", "attributesToHighlight", "attributesToCrop", "facets", "sort", "attributesToSearchOn", "locales"];
  const out: Record<string, unknown> = {};
  for (const [k, v] of query) {
    if (lists.includes(k)) out[k] = v.split(",");
    else if (/^\d+$/.test(v) && k !== "q" && k !== "filter") out[k] = Number(v);
    else if ((v === "true" || v === "false") && k.startsWith("show")) out[k] = v === "true";
    else out[k] = v;
  }
  return out;
}

function indexRoute(state: MeiliState, uid: string, rest: string[], req: Request): Reply {
  const [sub, ...more] = rest;
  const { method } = req;
  if (sub === undefined) {
    if (method === "GET") return ok(state.index(uid).describe());
    if (method === "DELETE") return accepted(state.deleteIndex(uid));
    if (method === "PATCH") {
      const body = requireBody(req.body) as { primaryKey?: string; uid?: string };
      const fields = atLeast(state.version, SEARCH_SINCE.swapRename) ? ["primaryKey", "uid"] : ["primaryKey"];
      for (const k of Object.keys(body)) if (!fields.includes(k)) throw unknownField("bad_request", k, fields);
      return accepted(state.updateIndex(uid, body));
    }
    return NOT_FOUND;
  }
  if (sub === "search" && (method === "POST" || method === "GET")) {
    const params = method === "POST" ? ((requireBody(req.body) ?? {}) as Record<string, unknown>) : queryParams(req.query);
    return ok(search(state.index(uid), params, state.version));
  }
  if (sub === "settings") return settingsRoute(state, uid, more[0], req);
  if (sub === "documents") return documentsRoute(state, uid, more, req);
  if (sub === "stats" && method === "GET") {
    const index = state.index(uid);
    return ok({ numberOfDocuments: index.docs.size, isIndexing: false, fieldDistribution: {} });
  }
  return NOT_FOUND;
}

function multiSearch(state: MeiliState, body: unknown): Reply {
  const queries = ((body ?? {}) as { queries?: Record<string, unknown>[] }).queries ?? [];
  const results = queries.map((q, i) => {
    try {
      const { indexUid, ...params } = q;
      return { indexUid, ...search(state.index(String(indexUid)), params, state.version) };
    } catch (err) {
      if (err instanceof MeiliError) throw new MeiliError(err.code, `Inside \`.queries[${i}]\`: ${err.message}`);
      throw err;
    }
  });
  return ok({ results });
}

function tasksRoute(state: MeiliState, rest: string[], req: Request): Reply {
  const [sub] = rest;
  if (sub === undefined && req.method === "GET") return ok(listTasks(state.queue.tasks, req.query));
  if (sub === "cancel" && req.method === "POST") {
    const uids = (req.query.get("uids") ?? "").split(",").filter(Boolean).map(Number);
    const task = state.queue.enqueue("taskCancelation", null, { matchedTasks: uids.length, canceledTasks: null, originalFilter: `?${req.query}` }, (t) => {
      t.details = { ...t.details, canceledTasks: state.queue.cancel(uids, t.uid) };
    });
    return accepted(task);
  }
  if (sub !== undefined && req.method === "GET") {
    const uid = Number(sub);
    if (!Number.isInteger(uid) || uid < 0)
      throw new MeiliError("invalid_task_uids", `Invalid value in parameter \`taskUid\`: could not parse \`${sub}\` as a positive integer`);
    const task = state.queue.get(uid);
    if (!task) throw new MeiliError("task_not_found", `Task \`${uid}\` not found.`);
    return ok(task);
  }
  return NOT_FOUND;
}

export function route(state: MeiliState, req: Request): Reply {
  const [head, second, ...rest] = req.segments;
  switch (head) {
    case "health":
      return ok({ status: "available" });
    case "version":
      return ok({ commitSha: "0000000000000000000000000000000000000000", commitDate: "2025-01-01T00:00:00Z", pkgVersion: state.version });
    case "indexes":
      return second === undefined ? indexesRoute(state, req) : indexRoute(state, decodeURIComponent(second), rest, req);
    case "swap-indexes":
      return req.method === "POST" ? accepted(state.swap(swapPairs(state, requireBody(req.body)))) : NOT_FOUND;
    case "multi-search":
      if (!atLeast(state.version, SEARCH_SINCE.multiSearch)) return NOT_FOUND;
      return req.method === "POST" ? multiSearch(state, requireBody(req.body)) : NOT_FOUND;
    case "tasks":
      return tasksRoute(state, second === undefined ? [] : [second, ...rest], req);
    default:
      return NOT_FOUND;
  }
}
