// The Meilisearch stand-in against Meilisearch's documented behaviour: the API reference's
// routes, statuses and error codes (https://www.meilisearch.com/docs/reference/api and
// /reference/errors/error_codes), the filter grammar (/learn/filtering_and_sorting), the
// matching strategies and pagination (/reference/api/search), and what each release added.
// Each block names the behaviour it pins down, so it can be checked against the docs.

import { Meilisearch, MeilisearchTaskTimeOutError } from "meilisearch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMeiliStandIn, type MeiliStandIn } from "./meili-standin";

const KEY = "standin-master-key";

interface Answer {
  status: number;
  body: Record<string, unknown> & { results?: unknown[] };
}

function client(server: MeiliStandIn) {
  const auth = { Authorization: `Bearer ${server.apiKey}`, "Content-Type": "application/json" };
  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = auth): Promise<Answer> => {
    const res = await fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : {} };
  };
  /** Enqueues a write, checks the 202 summary, and returns the finished task. */
  const task = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Record<string, unknown> & { error: { code: string; type: string; link: string; message: string } | null }> => {
    const enqueued = await api(method, path, body);
    expect(enqueued.status, JSON.stringify(enqueued.body)).toBe(202);
    expect(enqueued.body).toMatchObject({ status: "enqueued", taskUid: expect.any(Number) });
    for (;;) {
      const t = await api("GET", `/tasks/${enqueued.body.taskUid}`);
      if (t.body.status !== "enqueued" && t.body.status !== "processing") return t.body as never;
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  return { api, task };
}

function expectError(answer: Answer, status: number, code: string, type = "invalid_request") {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.body).toMatchObject({ code, type, link: `https://docs.meilisearch.com/errors#${code}`, message: expect.any(String) });
}

describe("authorization (reference/api/keys, errors: missing_authorization_header, invalid_api_key)", () => {
  let server: MeiliStandIn;
  beforeAll(async () => {
    server = await startMeiliStandIn({ apiKey: KEY });
  });
  afterAll(() => server.close());

  it("answers /health without a key, and refuses other routes without one (401) or with a wrong one (403)", async () => {
    const { api } = client(server);
    expect(await api("GET", "/health", undefined, {})).toEqual({ status: 200, body: { status: "available" } });
    expectError(await api("GET", "/indexes", undefined, {}), 401, "missing_authorization_header", "auth");
    expectError(await api("GET", "/indexes", undefined, { Authorization: "Bearer wrong" }), 403, "invalid_api_key", "auth");
    expect((await api("GET", "/version")).body).toMatchObject({ pkgVersion: "1.18.0" });
  });

  it("lists the default search and admin keys; the search key searches and does nothing else", async () => {
    const { api, task } = client(server);
    const keys = (await api("GET", "/keys")).body.results as { name: string; key: string }[];
    const searchKey = keys.find((k) => k.name === "Default Search API Key")!.key;
    await task("POST", "/indexes", { uid: "keys", primaryKey: "id" });
    const headers = { Authorization: `Bearer ${searchKey}`, "Content-Type": "application/json" };
    expect((await api("POST", "/indexes/keys/search", { q: "" }, headers)).status).toBe(200);
    expectError(await api("POST", "/indexes/keys/documents", [{ id: 1 }], headers), 403, "invalid_api_key", "auth");
  });
});

describe("indexes (reference/api/indexes)", () => {
  let server: MeiliStandIn;
  beforeAll(async () => {
    server = await startMeiliStandIn({ apiKey: KEY });
  });
  afterAll(() => server.close());

  it("creates an index through a task; a second creation fails in its task with index_already_exists", async () => {
    const { api, task } = client(server);
    expect(await task("POST", "/indexes", { uid: "movies", primaryKey: "id" })).toMatchObject({
      status: "succeeded",
      type: "indexCreation",
      indexUid: "movies",
    });
    expect((await api("GET", "/indexes/movies")).body).toMatchObject({ uid: "movies", primaryKey: "id" });
    const again = await task("POST", "/indexes", { uid: "movies" });
    expect(again).toMatchObject({ status: "failed", error: { code: "index_already_exists", type: "invalid_request" } });
    expect((await api("GET", "/indexes")).body).toMatchObject({ total: 1, offset: 0, limit: 20 });
  });

  it("answers index_not_found (404) for a missing index, and invalid_index_uid (400) for a bad uid", async () => {
    const { api } = client(server);
    expectError(await api("GET", "/indexes/nope"), 404, "index_not_found");
    expectError(await api("POST", "/indexes/nope/search", { q: "x" }), 404, "index_not_found");
    expectError(await api("GET", "/indexes/nope/settings"), 404, "index_not_found");
    expectError(await api("POST", "/indexes", { uid: "bad uid!" }), 400, "invalid_index_uid");
  });

  it("accepts the deletion of a missing index and fails its task with index_not_found", async () => {
    const { task } = client(server);
    expect(await task("DELETE", "/indexes/ghost")).toMatchObject({ status: "failed", type: "indexDeletion", error: { code: "index_not_found" } });
  });
});

describe("documents (reference/api/documents)", () => {
  let server: MeiliStandIn;
  beforeAll(async () => {
    server = await startMeiliStandIn({ apiKey: KEY });
  });
  afterAll(() => server.close());

  it("creates the index on a first write and infers the primary key from the one attribute ending in id", async () => {
    const { api, task } = client(server);
    expect(await task("POST", "/indexes/books/documents", [{ bookId: 1, title: "a" }])).toMatchObject({
      status: "succeeded",
      details: { receivedDocuments: 1, indexedDocuments: 1 },
    });
    expect((await api("GET", "/indexes/books")).body).toMatchObject({ primaryKey: "bookId" });
  });

  it("fails the task, not the request, for an id outside a-z A-Z 0-9 - _; none of the batch is written", async () => {
    const { api, task } = client(server);
    const t = await task("POST", "/indexes/books/documents", [
      { bookId: 2, title: "ok" },
      { bookId: "no spaces", title: "bad" },
    ]);
    expect(t).toMatchObject({ status: "failed", error: { code: "invalid_document_id", type: "invalid_request" } });
    expectError(await api("GET", "/indexes/books/documents/2"), 404, "document_not_found");
    const missing = await task("POST", "/indexes/books/documents", [{ title: "no id" }]);
    expect(missing.error?.code).toBe("missing_document_id");
  });

  it("replaces with POST, merges with PUT, deletes by id, batch and filter, and browses with fields", async () => {
    const { api, task } = client(server);
    await task("POST", "/indexes/books/documents", [
      { bookId: 3, title: "Dune", year: 1965 },
      { bookId: 4, title: "Emma", year: 1815 },
    ]);
    await task("PUT", "/indexes/books/documents", [{ bookId: 3, genre: "sf" }]);
    expect((await api("GET", "/indexes/books/documents/3")).body).toEqual({ bookId: 3, title: "Dune", year: 1965, genre: "sf" });
    await task("POST", "/indexes/books/documents", [{ bookId: 3, title: "Dune Messiah" }]);
    expect((await api("GET", "/indexes/books/documents/3")).body).toEqual({ bookId: 3, title: "Dune Messiah" });
    expect((await api("POST", "/indexes/books/documents/fetch", { fields: ["bookId"], limit: 10 })).body).toMatchObject({
      results: [{ bookId: 1 }, { bookId: 3 }, { bookId: 4 }],
      total: 3,
    });
    expect((await task("POST", "/indexes/books/documents/delete", { filter: "year < 1900" })).error?.code).toBe("invalid_document_filter");
    await task("PATCH", "/indexes/books/settings", { filterableAttributes: ["year"] });
    expect(await task("POST", "/indexes/books/documents/delete", { filter: "year < 1900" })).toMatchObject({
      status: "succeeded",
      details: { deletedDocuments: 1 },
    });
    expect(await task("POST", "/indexes/books/documents/delete-batch", [1, 99])).toMatchObject({ details: { providedIds: 2, deletedDocuments: 1 } });
    await task("DELETE", "/indexes/books/documents/3");
    expect((await api("GET", "/indexes/books/documents")).body).toMatchObject({ results: [], total: 0 });
  });

  it("refuses a body that is not JSON", async () => {
    const { api } = client(server);
    const res = await fetch(`${server.url}/indexes/books/documents`, {
      method: "POST",
      headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "malformed_payload" });
    expectError(await api("POST", "/indexes/books/documents", undefined), 400, "missing_payload");
  });
});

describe("settings and the server version (reference/api/settings, release notes)", () => {
  it("gives a fresh index the documented defaults of its version", async () => {
    for (const [version, hasNumbers, hasLocales] of [
      ["1.18.0", true, true],
      ["1.14.0", false, true],
      ["1.9.0", false, false],
    ] as const) {
      const server = await startMeiliStandIn({ version, apiKey: KEY });
      const { api, task } = client(server);
      await task("POST", "/indexes", { uid: "fresh" });
      const s = (await api("GET", "/indexes/fresh/settings")).body as Record<string, Record<string, unknown>>;
      expect(s.rankingRules).toEqual(["words", "typo", "proximity", "attribute", "sort", "exactness"]);
      expect(s.pagination).toEqual({ maxTotalHits: 1000 });
      expect(s.faceting).toMatchObject({ maxValuesPerFacet: 100 });
      expect("disableOnNumbers" in s.typoTolerance!, version).toBe(hasNumbers);
      expect("localizedAttributes" in s, version).toBe(hasLocales);
      await server.close();
    }
  });

  it("refuses typoTolerance.disableOnNumbers before v1.15, and an unknown setting, with 400", async () => {
    const server = await startMeiliStandIn({ version: "1.14.0", apiKey: KEY });
    const { api, task } = client(server);
    await task("POST", "/indexes", { uid: "old" });
    const nested = await api("PATCH", "/indexes/old/settings", { typoTolerance: { enabled: true, disableOnNumbers: true } });
    expectError(nested, 400, "invalid_settings_typo_tolerance");
    expect(nested.body.message).toMatch(/Unknown field `disableOnNumbers` inside `.typoTolerance`/);
    const unknown = await api("PATCH", "/indexes/old/settings", { notASetting: 1 });
    expectError(unknown, 400, "bad_request");
    expect(unknown.body.message).toMatch(/^Unknown field `notASetting`: expected one of/);
    server.setVersion("1.15.0");
    expect((await task("PATCH", "/indexes/old/settings", { typoTolerance: { disableOnNumbers: true } })).status).toBe("succeeded");
    await server.close();
  });

  it("checks types and ranking rules, and serves the sub-routes (GET, PUT or PATCH, DELETE)", async () => {
    const server = await startMeiliStandIn({ apiKey: KEY });
    const { api, task } = client(server);
    expectError(await api("PATCH", "/indexes/s/settings", { filterableAttributes: "stage" }), 400, "invalid_settings_filterable_attributes");
    expectError(await api("PATCH", "/indexes/s/settings", { rankingRules: ["words", "bogus"] }), 400, "invalid_settings_ranking_rules");
    // A settings update creates a missing index.
    expect((await task("PATCH", "/indexes/s/settings", { searchableAttributes: ["title"] })).status).toBe("succeeded");
    await task("PUT", "/indexes/s/settings/filterable-attributes", ["stage"]);
    await task("PATCH", "/indexes/s/settings/typo-tolerance", { disableOnAttributes: ["codes"] });
    expect((await api("GET", "/indexes/s/settings/filterable-attributes")).body).toEqual(["stage"]);
    expect((await api("GET", "/indexes/s/settings/typo-tolerance")).body).toMatchObject({ enabled: true, disableOnAttributes: ["codes"] });
    const subRoute = await api("PATCH", "/indexes/s/settings/typo-tolerance", { typoTolerance: {} });
    expectError(subRoute, 400, "invalid_settings_typo_tolerance");
    expect(subRoute.body.message).toMatch(
      /^Unknown field `typoTolerance`: expected one of `enabled`, `minWordSizeForTypos`, `disableOnWords`, `disableOnAttributes`, `disableOnNumbers`$/,
    );
    // Sets come back sorted and without duplicates; lists keep their order.
    await task("PATCH", "/indexes/s/settings", {
      sortableAttributes: ["year", "price", "year"],
      dictionary: ["电解槽", "J. R. R."],
      rankingRules: ["sort", "words"],
    });
    const held = (await api("GET", "/indexes/s/settings")).body;
    expect(held).toMatchObject({ sortableAttributes: ["price", "year"], dictionary: ["J. R. R.", "电解槽"], rankingRules: ["sort", "words"] });
    await task("DELETE", "/indexes/s/settings/searchable-attributes");
    expect((await api("GET", "/indexes/s/settings/searchable-attributes")).body).toEqual(["*"]);
    await server.close();
  });
});

describe("swapping indexes (reference/api/indexes#swap-indexes)", () => {
  it("swaps documents and settings atomically; renames with rename: true from v1.18", async () => {
    const server = await startMeiliStandIn({ apiKey: KEY });
    const { api, task } = client(server);
    await task("POST", "/indexes/a/documents", [{ id: 1, v: "a" }]);
    await task("POST", "/indexes/b/documents", [{ id: 1, v: "b" }]);
    await task("PATCH", "/indexes/b/settings", { filterableAttributes: ["v"] });
    expect(await task("POST", "/swap-indexes", [{ indexes: ["a", "b"], rename: false }])).toMatchObject({
      status: "succeeded",
      type: "indexSwap",
      indexUid: null,
    });
    expect((await api("GET", "/indexes/a/documents/1")).body).toEqual({ id: 1, v: "b" });
    expect((await api("GET", "/indexes/a/settings/filterable-attributes")).body).toEqual(["v"]);
    expect(await task("POST", "/swap-indexes", [{ indexes: ["b", "c"], rename: true }])).toMatchObject({ status: "succeeded" });
    expect(server.indexUids().sort()).toEqual(["a", "c"]);
    await server.close();
  });

  it("fails the task with index_not_found for a missing index, and refuses malformed swaps with 400", async () => {
    const server = await startMeiliStandIn({ apiKey: KEY });
    const { api, task } = client(server);
    await task("POST", "/indexes", { uid: "a" });
    expect(await task("POST", "/swap-indexes", [{ indexes: ["a", "missing"] }])).toMatchObject({
      status: "failed",
      error: { code: "index_not_found", message: "Index `missing` not found." },
    });
    await task("POST", "/indexes", { uid: "b" });
    const taken = await task("POST", "/swap-indexes", [{ indexes: ["a", "b"], rename: true }]);
    expect(taken).toMatchObject({ status: "failed", error: { code: "index_already_exists" } });
    expect(taken.error?.message).toMatch(/^Cannot rename `a` to `b` as the index already exists/);
    expectError(await api("POST", "/swap-indexes", [{ indexes: ["a"] }]), 400, "invalid_swap_indexes");
    expectError(await api("POST", "/swap-indexes", [{ indexes: ["a", "b"] }, { indexes: ["b", "c"] }]), 400, "invalid_swap_duplicate_index_found");
    await server.close();
  });

  it("refuses rename before v1.18 as an unknown field", async () => {
    const server = await startMeiliStandIn({ version: "1.17.0", apiKey: KEY });
    const answer = await client(server).api("POST", "/swap-indexes", [{ indexes: ["a", "b"], rename: false }]);
    expectError(answer, 400, "bad_request");
    expect(answer.body.message).toMatch(/Unknown field `rename` inside `\[0\]`/);
    await server.close();
  });
});

describe("tasks (reference/api/tasks)", () => {
  let server: MeiliStandIn;
  beforeAll(async () => {
    server = await startMeiliStandIn({ apiKey: KEY });
  });
  afterAll(() => server.close());

  it("processes tasks in enqueue order, lists them newest first with filters, and answers task_not_found", async () => {
    const { api, task } = client(server);
    await task("POST", "/indexes", { uid: "t1" });
    await task("POST", "/indexes", { uid: "t1" });
    const failed = await api("GET", "/tasks?statuses=failed&indexUids=t1");
    expect(failed.body).toMatchObject({ total: 1, results: [{ type: "indexCreation", status: "failed" }] });
    const all = (await api("GET", "/tasks")).body.results as { uid: number }[];
    expect(all.map((t) => t.uid)).toEqual([...all.map((t) => t.uid)].sort((a, b) => b - a));
    expectError(await api("GET", "/tasks/9999"), 404, "task_not_found");
  });

  it("keeps tasks enqueued while paused, so the client's waitTask times out; they run once resumed", async () => {
    const meili = new Meilisearch({ host: server.url, apiKey: KEY });
    server.pauseTasks(true);
    const enqueued = await meili.createIndex("paused");
    await expect(meili.tasks.waitForTask(enqueued.taskUid, { timeout: 50, interval: 5 })).rejects.toBeInstanceOf(MeilisearchTaskTimeOutError);
    expect((await meili.tasks.getTask(enqueued.taskUid)).status).toBe("enqueued");
    server.pauseTasks(false);
    expect((await meili.tasks.waitForTask(enqueued.taskUid, { interval: 5 })).status).toBe("succeeded");
  });

  it("fails the next tasks it is told to fail, with the given code", async () => {
    const { task } = client(server);
    server.failNextTasks(1, "no_space_left_on_device");
    expect(await task("POST", "/indexes", { uid: "t2" })).toMatchObject({ status: "failed", error: { code: "no_space_left_on_device", type: "system" } });
    expect((await task("POST", "/indexes", { uid: "t2" })).status).toBe("succeeded");
  });
});

describe("search (reference/api/search, learn/filtering_and_sorting)", () => {
  let server: MeiliStandIn;
  let api: ReturnType<typeof client>["api"];
  const BOOKS = [
    { id: 1, title: "The Hobbit", genres: ["fantasy", "adventure"], year: 1937, price: 9.5, author: "Tolkien", note: null },
    { id: 2, title: "The Lord of the Rings", genres: ["fantasy"], year: 1954, price: 25, author: "Tolkien", note: "" },
    { id: 3, title: "Hobbit Hole Cookbook", genres: ["cooking"], year: 2001, author: "O'Brien" },
    { id: 4, title: "Dune", genres: ["sf", "adventure"], year: 1965, price: 12, author: 'The "Baron"', note: "classic" },
    { id: 5, title: "Lord Jim", genres: [], year: 1900, price: 5, author: "Conrad" },
  ];
  const ids = async (params: Record<string, unknown>) => ((await api("POST", "/indexes/books/search", params)).body.hits as { id: number }[]).map((h) => h.id);

  beforeAll(async () => {
    server = await startMeiliStandIn({ apiKey: KEY });
    const c = client(server);
    api = c.api;
    await c.task("POST", "/indexes/books/documents", BOOKS);
    await c.task("PATCH", "/indexes/books/settings", {
      searchableAttributes: ["title", "author"],
      filterableAttributes: ["genres", "year", "price", "author", "note"],
      sortableAttributes: ["year", "price"],
    });
    await c.task("POST", "/indexes/zh/documents", [
      { id: 1, title: "人工智能专利许可合同" },
      { id: 2, title: "新能源电池技术转让" },
      { id: 3, title: "電池回收" },
    ]);
  });
  afterAll(() => server.close());

  it("filters with comparison, range, IN, EXISTS, NULL and EMPTY operators; arrays match on any element", async () => {
    expect(await ids({ filter: "year = 1937" })).toEqual([1]);
    expect(await ids({ filter: "year != 1937" })).toEqual([2, 3, 4, 5]);
    expect(await ids({ filter: "year > 1954" })).toEqual([3, 4]);
    expect(await ids({ filter: "year >= 1954" })).toEqual([2, 3, 4]);
    expect(await ids({ filter: "year < 1937" })).toEqual([5]);
    expect(await ids({ filter: "year <= 1937" })).toEqual([1, 5]);
    expect(await ids({ filter: "year 1937 TO 1965" })).toEqual([1, 2, 4]);
    expect(await ids({ filter: "genres = adventure" })).toEqual([1, 4]);
    expect(await ids({ filter: "genres IN [sf, cooking]" })).toEqual([3, 4]);
    expect(await ids({ filter: "genres NOT IN [fantasy]" })).toEqual([3, 4, 5]);
    expect(await ids({ filter: "price EXISTS" })).toEqual([1, 2, 4, 5]);
    expect(await ids({ filter: "price NOT EXISTS" })).toEqual([3]);
    expect(await ids({ filter: "note IS NULL" })).toEqual([1]);
    expect(await ids({ filter: "note IS EMPTY" })).toEqual([2]);
    expect(await ids({ filter: "genres IS EMPTY" })).toEqual([5]);
    expect(await ids({ filter: "note IS NOT NULL" })).toEqual([2, 3, 4, 5]);
  });

  it("combines with AND before OR, NOT and parentheses; quotes with ' or \" and backslash escapes; ignores case", async () => {
    expect(await ids({ filter: "genres = fantasy OR genres = sf AND year > 1960" })).toEqual([1, 2, 4]);
    expect(await ids({ filter: "(genres = fantasy OR genres = sf) AND year > 1940" })).toEqual([2, 4]);
    expect(await ids({ filter: "NOT genres = fantasy AND NOT year = 1900" })).toEqual([3, 4]);
    expect(await ids({ filter: "author = 'O\\'Brien'" })).toEqual([3]);
    expect(await ids({ filter: 'author = "The \\"Baron\\""' })).toEqual([4]);
    expect(await ids({ filter: "author = 'The \\u0022Baron\\u0022'" })).toEqual([4]);
    expect(await ids({ filter: "author = TOLKIEN" })).toEqual([1, 2]);
    expect(await ids({ filter: 'year = "1937"' })).toEqual([1]);
    // The array form: strings are ANDed, inner arrays ORed.
    expect(await ids({ filter: [["genres = sf", "genres = cooking"], "year > 1990"] })).toEqual([3]);
  });

  it("refuses a malformed filter, and filters, sorts and facets on undeclared attributes, with 400", async () => {
    // Keywords are upper case and reserved; an unknown escape in a quoted value is malformed.
    for (const filter of [
      "year =",
      "year 1937",
      "(year = 1937",
      "year = 1937 year = 1954",
      "genres IN [sf",
      "AND year = 1",
      "author = AND",
      "author = 'a\\qb'",
      "author = O'Brien",
      "year = 1937 and year = 1954",
    ]) {
      const answer = await api("POST", "/indexes/books/search", { filter });
      expectError(answer, 400, "invalid_search_filter");
    }
    const notFilterable = await api("POST", "/indexes/books/search", { filter: "title = Dune" });
    expectError(notFilterable, 400, "invalid_search_filter");
    expect(notFilterable.body.message).toMatch(/Attribute `title` is not filterable/);
    expectError(await api("POST", "/indexes/books/search", { sort: ["title:asc"] }), 400, "invalid_search_sort");
    expectError(await api("POST", "/indexes/books/search", { sort: ["year"] }), 400, "invalid_search_sort");
    expectError(await api("POST", "/indexes/books/search", { facets: ["title"] }), 400, "invalid_search_facets");
    expectError(await api("POST", "/indexes/books/search", { matchingStrategy: "some" }), 400, "invalid_search_matching_strategy");
    expectError(await api("POST", "/indexes/books/search", { limit: -1 }), 400, "invalid_search_limit");
    expectError(await api("POST", "/indexes/books/search", { unknownParameter: 1 }), 400, "bad_request");
    const multi = await api("POST", "/multi-search", { queries: [{ indexUid: "books", filter: "title = x" }] });
    expectError(multi, 400, "invalid_search_filter");
    expect(multi.body.message).toMatch(/^Inside `.queries\[0\]`: /);
  });

  it('matchingStrategy "last" drops words from the end and ranks full matches first; "all" needs every word', async () => {
    expect(await ids({ q: "hobbit lord" })).toEqual([1, 3]);
    expect(await ids({ q: "lord hobbit" })).toEqual([2, 5]);
    expect(await ids({ q: "lord rings", matchingStrategy: "last" })).toEqual([2, 5]);
    expect(await ids({ q: "lord rings", matchingStrategy: "all" })).toEqual([2]);
    expect(await ids({ q: "hobbit lord", matchingStrategy: "all" })).toEqual([]);
    // "frequency" drops the most frequent word first: "the" (in 1, 2) goes before "dune" (in 4).
    expect(await ids({ q: "the dune", matchingStrategy: "frequency" })).toEqual([4]);
    // Added in v1.9: an older server does not know the value.
    server.setVersion("1.8.0");
    expectError(await api("POST", "/indexes/books/search", { q: "the dune", matchingStrategy: "frequency" }), 400, "invalid_search_matching_strategy");
    server.setVersion("1.18.0");
  });

  it("treats the last word as a prefix unless the query ends with a separator", async () => {
    expect(await ids({ q: "hob" })).toEqual([1, 3]);
    expect(await ids({ q: "hob " })).toEqual([]);
    // Only the last word: "hob" inside the query is a whole word and matches nothing.
    expect(await ids({ q: "hob cook" })).toEqual([]);
    expect(await ids({ q: "hobbit cook" })).toEqual([3, 1]);
  });

  it("sorts where the ranking rules put sort (after words by default), numbers ascending or descending, missing last", async () => {
    expect(await ids({ sort: ["price:asc"] })).toEqual([5, 1, 4, 2, 3]);
    expect(await ids({ sort: ["price:desc"] })).toEqual([2, 4, 1, 5, 3]);
    // A full match of "lord rings" ranks first whatever the sort says.
    expect(await ids({ q: "lord rings", sort: ["price:asc"] })).toEqual([2, 5]);
  });

  it("pages with page/hitsPerPage (exhaustive totalHits, totalPages) or offset/limit (estimatedTotalHits)", async () => {
    const paged = (await api("POST", "/indexes/books/search", { page: 2, hitsPerPage: 2 })).body;
    expect(paged).toMatchObject({ page: 2, hitsPerPage: 2, totalHits: 5, totalPages: 3 });
    expect(paged).not.toHaveProperty("estimatedTotalHits");
    expect((paged.hits as { id: number }[]).map((h) => h.id)).toEqual([3, 4]);
    const offset = (await api("POST", "/indexes/books/search", { offset: 4, limit: 2 })).body;
    expect(offset).toMatchObject({ offset: 4, limit: 2, estimatedTotalHits: 5 });
    expect(offset).not.toHaveProperty("totalPages");
    expect((offset.hits as unknown[]).length).toBe(1);
    expect((await api("POST", "/indexes/books/search", { limit: 0, q: "lord" })).body).toMatchObject({ hits: [], estimatedTotalHits: 2 });
  });

  it("counts facets over the whole filtered result set, not the page", async () => {
    const res = (await api("POST", "/indexes/books/search", { filter: "year < 2000", facets: ["genres", "author", "year"], limit: 1 })).body;
    expect(res.facetDistribution).toEqual({
      genres: { adventure: 2, fantasy: 2, sf: 1 },
      author: { Conrad: 1, 'The "Baron"': 1, Tolkien: 2 },
      year: { "1900": 1, "1937": 1, "1954": 1, "1965": 1 },
    });
    expect(res.facetStats).toEqual({ year: { min: 1900, max: 1965 } });
  });

  it("retrieves the asked attributes, scores when asked, and highlights with the given tags", async () => {
    const hit = (
      (
        await api("POST", "/indexes/books/search", {
          q: "dune",
          attributesToRetrieve: ["id"],
          showRankingScore: true,
          attributesToHighlight: ["title"],
          highlightPreTag: "<b>",
          highlightPostTag: "</b>",
        })
      ).body.hits as Record<string, unknown>[]
    )[0]!;
    expect(hit).toMatchObject({ id: 4, _rankingScore: expect.any(Number) });
    expect(hit).not.toHaveProperty("title");
  });

  it("keeps the best hit per distinct value, searches only the asked attributes, and cuts below a score threshold", async () => {
    expect(await ids({ q: "", distinct: "author" })).toEqual([1, 3, 4, 5]);
    expectError(await api("POST", "/indexes/books/search", { distinct: "title" }), 400, "invalid_search_distinct");
    expect(await ids({ q: "tolkien" })).toEqual([1, 2]);
    expect(await ids({ q: "tolkien", attributesToSearchOn: ["title"] })).toEqual([]);
    expectError(await api("POST", "/indexes/books/search", { q: "x", attributesToSearchOn: ["genres"] }), 400, "invalid_search_attributes_to_search_on");
    expect(await ids({ q: "lord rings", rankingScoreThreshold: 0.6 })).toEqual([2]);
    expectError(await api("POST", "/indexes/books/search", { rankingScoreThreshold: 2 }), 400, "invalid_search_ranking_score_threshold");
  });

  it("segments Chinese with jieba and does not fold traditional characters to simplified", async () => {
    const zh = async (q: string) => ((await api("POST", "/indexes/zh/search", { q })).body.hits as { id: number }[]).map((h) => h.id);
    expect(await zh("专利")).toEqual([1]);
    expect(await zh("人工智能")).toEqual([1]);
    expect(await zh("电池")).toEqual([2]);
    expect(await zh("電池")).toEqual([3]);
    expect(await zh("專利")).toEqual([]);
  });

  it("leaves stop words out of documents and queries", async () => {
    const { task } = client(server);
    await task("PATCH", "/indexes/books/settings", { stopWords: ["the", "of"] });
    expect(await ids({ q: "the", matchingStrategy: "all" })).toEqual([1, 2, 3, 4, 5]);
    expect(await ids({ q: "the lord of the rings", matchingStrategy: "all" })).toEqual([2]);
    await task("DELETE", "/indexes/books/settings/stop-words");
    expect(await ids({ q: "the", matchingStrategy: "all" })).toEqual([1, 2, 4]);
  });

  it("applies synonyms from the settings, for one word and for several", async () => {
    const { task } = client(server);
    await task("PATCH", "/indexes/zh/settings", { synonyms: { "patent licence": ["专利许可"], battery: ["电池"] } });
    const zh = async (q: string) => ((await api("POST", "/indexes/zh/search", { q, matchingStrategy: "all" })).body.hits as { id: number }[]).map((h) => h.id);
    expect(await zh("battery")).toEqual([2]);
    expect(await zh("patent licence")).toEqual([1]);
  });
});

describe("faults for the sync drills", () => {
  it("refuses connections while told to, on the same port afterwards", async () => {
    const server = await startMeiliStandIn();
    await server.refuseConnections(true);
    await expect(fetch(`${server.url}/health`)).rejects.toMatchObject({ cause: { code: "ECONNREFUSED" } });
    await server.refuseConnections(false);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    await server.close();
  });

  it("hangs: the request is accepted and never answered", async () => {
    const server = await startMeiliStandIn();
    server.hang(true);
    await expect(fetch(`${server.url}/health`, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    server.hang(false);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    await server.close();
  });

  it("drops an index behind the platform; the next document write recreates it with default settings", async () => {
    const server = await startMeiliStandIn({ apiKey: KEY });
    const { api, task } = client(server);
    await task("PATCH", "/indexes/live/settings", { filterableAttributes: ["stage"] });
    await task("POST", "/indexes/live/documents", [{ id: 1, stage: "pilot" }]);
    server.dropIndexBehindPlatform("live");
    expectError(await api("POST", "/indexes/live/search", { filter: "stage = pilot" }), 404, "index_not_found");
    await task("POST", "/indexes/live/documents", [{ id: 2, stage: "lab" }]);
    expectError(await api("POST", "/indexes/live/search", { filter: "stage = pilot" }), 400, "invalid_search_filter");
    expect(server.documents("live")).toEqual([{ id: 2, stage: "lab" }]);
    await server.close();
  });
});

describe("typo tolerance (learn/relevancy/typo_tolerance_settings)", () => {
  let server: MeiliStandIn;
  let c: ReturnType<typeof client>;
  const hits = async (q: string, index = "typos") => ((await c.api("POST", `/indexes/${index}/search`, { q })).body.hits as { id: number }[]).map((h) => h.id);

  beforeAll(async () => {
    server = await startMeiliStandIn({ apiKey: KEY });
    c = client(server);
    await c.task("POST", "/indexes/typos/documents", [
      { id: 1, title: "research on batteries", code: "2024" },
      { id: 2, title: "searching the archive", code: "2023" },
      { id: 3, title: "cat and hat", code: "registration" },
      { id: 4, title: "lot 77777" },
    ]);
  });
  afterAll(() => server.close());

  it("allows one typo from 5 characters and two from 9, none below; typo-free matches rank first", async () => {
    expect(await hits("reserch")).toEqual([1]);
    expect(await hits("reasearch")).toEqual([1]);
    expect(await hits("cst")).toEqual([]);
    expect(await hits("archive")).toEqual([2]);
    // "archiv " ends with a separator: a whole word, one letter short.
    expect(await hits("archiv ")).toEqual([2]);
  });

  it("counts a typo on the first character as two", async () => {
    expect(await hits("tesearch")).toEqual([]);
    expect(await hits("vatteries")).toEqual([1]);
  });

  it("turns typos off on numbers, on listed words and in listed attributes when told to", async () => {
    expect(await hits("20245")).toEqual([1]);
    expect(await hits("77777x ")).toEqual([4]);
    await c.task("PATCH", "/indexes/typos/settings", { typoTolerance: { disableOnNumbers: true, disableOnWords: ["reserch"], disableOnAttributes: ["code"] } });
    expect(await hits("20245")).toEqual([]);
    // Numbers in documents are matched only exactly as well.
    expect(await hits("77777x ")).toEqual([]);
    expect(await hits("reserch")).toEqual([]);
    expect(await hits("registrasion")).toEqual([]);
    expect(await hits("archiv ")).toEqual([2]);
    await c.task("PATCH", "/indexes/typos/settings", { typoTolerance: { enabled: false } });
    expect(await hits("archiv ")).toEqual([]);
  });
});
