import { validate } from "@readme/openapi-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/connection";
import * as achievementsApi from "../../app/routes/api.v1.achievements";
import * as brokersApi from "../../app/routes/api.v1.brokers";
import * as docsRoute from "../../app/routes/api.v1.docs";
import * as indicatorsApi from "../../app/routes/api.v1.indicators";
import * as needsApi from "../../app/routes/api.v1.needs";
import * as openapiRoute from "../../app/routes/api.v1.openapi[.]json";
import * as achievementsPage from "../../app/routes/achievements._index";
import * as brokersPage from "../../app/routes/brokers._index";
import * as needsPage from "../../app/routes/needs._index";
import { apiAchievementsPage, apiBrokersPage, apiIndicator, apiNeedsPage, apiProblem } from "../../app/schemas/api";
import { exampleOf } from "../../app/services/api/docs.server";
import { createAchievement } from "../../app/services/achievements.server";
import { transitionListing } from "../../app/services/listings.server";
import { createNeed } from "../../app/services/needs.server";
import { getSearch } from "../../app/services/search.server";
import { makeUser, req, useAppDb, type TestUser } from "../helpers/app";
import { achievementInput, makeWorld, needInput, type World } from "../helpers/world";
import { certify } from "./deals-fixtures";

// The open read API against a real database: the document validates, every documented
// endpoint answers a request built from it with a body its schema accepts, the lists equal
// the pages' for the same query, and nothing private ever goes out.

type Loader = (args: { request: Request; params: Record<string, string>; context: { cspNonce: string } }) => unknown;
const ROUTES: Record<string, Loader> = {
  "/api/v1/needs": needsApi.loader as Loader,
  "/api/v1/achievements": achievementsApi.loader as Loader,
  "/api/v1/brokers": brokersApi.loader as Loader,
  "/api/v1/indicators": indicatorsApi.loader as Loader,
};
const BODIES = {
  "/api/v1/needs": apiNeedsPage,
  "/api/v1/achievements": apiAchievementsPage,
  "/api/v1/brokers": apiBrokersPage,
  "/api/v1/indicators": apiIndicator,
};

async function call(path: string, headers: Record<string, string> = {}): Promise<Response> {
  const url = new URL(path, "http://localhost");
  const loader = ROUTES[url.pathname]!;
  return (await loader({ request: req(path, { headers }), params: {}, context: { cspNonce: "" } })) as Response;
}

async function body(path: string, headers: Record<string, string> = {}) {
  const res = await call(path, headers);
  expect(res.status, `${path}: ${res.status}`).toBe(200);
  return { res, text: await res.clone().text(), json: (await res.json()) as { items: { id: number; url: string }[]; total: number; pages: number } };
}

async function pageIds(loader: Loader, path: string, cookie?: string): Promise<number[]> {
  const value = (await loader({ request: req(path, { cookie }), params: {}, context: { cspNonce: "" } })) as { data: { items: { id: number }[] } };
  return value.data.items.map((i) => i.id);
}

let db: Db;
let w: World;
let cleanup: () => void;
let brokerA: TestUser;
let brokerRevoked: TestUser;
let doc: ReturnType<typeof JSON.parse>;

const CONTACTS = [
  needInput().contactName,
  needInput().contactPhone,
  needInput().contactEmail,
  achievementInput().contactName,
  achievementInput().contactPhone,
  achievementInput().contactEmail,
];

beforeAll(async () => {
  ({ db, cleanup } = useAppDb());
  w = await makeWorld(db);
  // Enough published needs for several pages, two of them about hydrogen purification in another county.
  for (let i = 0; i < 24; i++) {
    const input = needInput({ title: `已发布需求 ${i} 号：${i % 3 === 0 ? "煤矸石综合利用" : "焦炉煤气制氢"}`, countyCode: i % 2 ? "141102" : "141122" });
    const r = createNeed(db, w.enterprise.actor, input);
    if (!r.ok) throw new Error("need");
    transitionListing(db, "need", w.enterprise.actor, r.id, "submit");
    transitionListing(db, "need", w.admin.actor, r.id, "approve");
  }
  for (let i = 0; i < 3; i++) {
    const r = createAchievement(db, w.institute.actor, achievementInput({ title: `已发布成果 ${i}：氢气提纯` }));
    if (!r.ok) throw new Error("achievement");
    transitionListing(db, "achievement", w.institute.actor, r.id, "submit");
    transitionListing(db, "achievement", w.admin.actor, r.id, "approve");
  }
  certify(db, w.broker, "certified", { grade: "senior" });
  brokerA = await makeUser(db, "broker", w.broker.user.orgId);
  certify(db, brokerA, "certified", { chains: ["new-materials"] });
  brokerRevoked = await makeUser(db, "broker", w.broker.user.orgId);
  certify(db, brokerRevoked, "revoked");
  await getSearch().relay.drain();
  doc = JSON.parse(await ((await openapiRoute.loader()) as Response).text());
});
afterAll(() => cleanup());

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document describing the four endpoints", async () => {
    expect(doc.openapi).toBe("3.1.0");
    const result = await validate(structuredClone(doc));
    expect(result.valid, JSON.stringify(result)).toBe(true);
    expect(Object.keys(doc.paths).sort()).toEqual(["/api/v1/achievements", "/api/v1/brokers", "/api/v1/indicators", "/api/v1/needs"]);
  });

  it("every parameter has a description and an example", () => {
    for (const [path, item] of Object.entries(doc.paths) as [string, { get: { parameters: { name: string; description?: string; example?: unknown }[] } }][]) {
      for (const p of item.get.parameters) {
        expect(p.description, `${path} ${p.name}`).toBeTruthy();
        expect(p.example, `${path} ${p.name}`).toBeDefined();
      }
    }
  });

  for (const path of Object.keys(ROUTES)) {
    it(`${path}: a request built from the document's examples answers 200 with a body its schema accepts`, async () => {
      const op = doc.paths[path].get as {
        parameters: { name: string; example: unknown }[];
        responses: Record<string, { content: { "application/json": { schema: unknown } } }>;
      };
      // Each parameter's example alone, then all of them together.
      const singles = op.parameters.map((p) => [p]);
      for (const params of [...singles, op.parameters]) {
        const query = new URLSearchParams();
        for (const p of params) for (const v of Array.isArray(p.example) ? p.example : [p.example]) query.append(p.name, String(v));
        const res = await call(`${path}?${query}`);
        expect(res.status, `${path}?${query}`).toBe(200);
        const parsed = BODIES[path as keyof typeof BODIES].safeParse(await res.json());
        expect(parsed.success, `${path}?${query}: ${parsed.error?.message}`).toBe(true);
      }
      // The documented example answer satisfies the same schema.
      const example = exampleOf(op.responses["200"]!.content["application/json"].schema as never);
      expect(BODIES[path as keyof typeof BODIES].safeParse(example).success).toBe(true);
    });
  }

  it("the answer of /api/v1/indicators is still the official figure's own serialisation", async () => {
    const res = await call("/api/v1/indicators?year=2026");
    const text = await res.text();
    expect(text).toBe(JSON.stringify(apiIndicator.parse(JSON.parse(text))));
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
  });
});

describe("the lists equal the pages", () => {
  const needQueries = [
    "",
    "q=氢",
    "q=煤矸石",
    "countyCode=141102",
    "mode=joint_dev&stage=pilot",
    "sort=deadline",
    "page=2",
    "q=焦炉煤气&page=2",
    "status=published&status=matched",
  ];
  for (const query of needQueries) {
    it(`needs ?${query}: same ids in the same order as /needs`, async () => {
      const { json } = await body(`/api/v1/needs?${query}`);
      expect(json.items.length).toBeGreaterThan(0);
      expect(json.items.map((i) => i.id)).toEqual(await pageIds(needsPage.loader as Loader, `/needs?${query}`));
    });
  }
  for (const query of ["", "q=氢气", "mode=licence", "page=1"]) {
    it(`achievements ?${query}: same ids in the same order as /achievements`, async () => {
      const { json } = await body(`/api/v1/achievements?${query}`);
      expect(json.items.length).toBeGreaterThan(0);
      expect(json.items.map((i) => i.id)).toEqual(await pageIds(achievementsPage.loader as Loader, `/achievements?${query}`));
    });
  }

  it("a page size pages the same list: pages of 7 concatenate to the first 21 of the page's order", async () => {
    const all: number[] = [];
    for (let page = 1; page <= 3; page++) {
      const { json } = await body(`/api/v1/needs?pageSize=7&page=${page}`);
      expect(json.items).toHaveLength(7);
      all.push(...json.items.map((i) => i.id));
    }
    const page1 = await pageIds(needsPage.loader as Loader, "/needs");
    const page2 = await pageIds(needsPage.loader as Loader, "/needs?page=2");
    expect(all).toEqual([...page1, ...page2].slice(0, 21));
    const { json } = await body("/api/v1/needs?pageSize=7");
    expect(json.total).toBe(25);
    expect(json.pages).toBe(4);
  });

  it("brokers: the directory's brokers in its order, filtered by chain the same way", async () => {
    for (const query of ["", "chain=hydrogen", "chain=new-materials"]) {
      const { json } = await body(`/api/v1/brokers?${query}`);
      const page = (await brokersPage.loader({ request: req(`/brokers?${query}`), params: {}, context: { cspNonce: "" } } as never)) as Response;
      const ids = ((await page.json()) as { brokers: { id: number }[] }).brokers.map((b) => b.id);
      expect(json.items.map((i) => i.id)).toEqual(ids);
      expect(json.total).toBe(ids.length);
    }
    const { json } = await body("/api/v1/brokers");
    expect(json.items).toHaveLength(2);
    expect(json.items[0]!.url).toBe(`http://localhost/brokers/${json.items[0]!.id}`);
  });

  it("each item links to its public page", async () => {
    const { json } = await body("/api/v1/needs");
    for (const item of json.items) expect(item.url).toBe(`http://localhost/needs/${item.id}`);
    const achievements = await body("/api/v1/achievements");
    for (const item of achievements.json.items) expect(item.url).toBe(`http://localhost/achievements/${item.id}`);
  });
});

describe("nothing private goes out", () => {
  it("no contact name, phone or e-mail in any answer, and no field about contacts", async () => {
    const paths = [
      "/api/v1/needs?pageSize=100",
      "/api/v1/achievements?pageSize=100",
      "/api/v1/brokers?pageSize=100",
      "/api/v1/needs?q=王工",
      "/api/v1/indicators?year=2026",
    ];
    const users = [w.enterprise, w.institute, w.broker, brokerA, brokerRevoked, w.admin];
    for (const path of paths) {
      const { text } = await body(path);
      for (const secret of [...CONTACTS, ...users.map((u) => u.user.email)]) expect(text, `${path} leaks ${secret}`).not.toContain(secret);
      expect(text.toLowerCase()).not.toMatch(/contact|phone|email|e-mail|userid/);
    }
    expect(JSON.stringify(doc).toLowerCase()).not.toMatch(/contactname|contactphone|contactemail/);
  });

  it("a draft or a listing waiting for review never appears, whatever the query", async () => {
    const hidden = [w.needs.draft, w.needs.submitted, w.achievements.draft, w.achievements.submitted];
    for (const path of [
      "/api/v1/needs?pageSize=100",
      "/api/v1/needs?q=赤泥提铁",
      "/api/v1/needs?q=煤矸石制砖&stale=1",
      "/api/v1/achievements?pageSize=100&status=published&status=transferred",
      "/api/v1/achievements?q=针状焦",
    ]) {
      const { json } = await body(path);
      for (const item of json.items) expect(hidden).not.toContain(item.id);
    }
    expect((await call("/api/v1/needs?status=draft")).status).toBe(400);
    expect((await call("/api/v1/achievements?status=submitted")).status).toBe(400);
  });

  it("a listing withdrawn after it was published leaves the answers, even before the search index hears of it", async () => {
    const r = createNeed(db, w.enterprise.actor, needInput({ title: "撤回需求：兰炭尾气制甲醇" }));
    if (!r.ok) throw new Error("need");
    transitionListing(db, "need", w.enterprise.actor, r.id, "submit");
    transitionListing(db, "need", w.admin.actor, r.id, "approve");
    await getSearch().relay.drain();
    const ids = async () => (await body("/api/v1/needs?q=兰炭尾气")).json.items.map((i) => i.id);
    expect(await ids()).toContain(r.id);
    transitionListing(db, "need", w.enterprise.actor, r.id, "withdraw");
    expect(await ids()).not.toContain(r.id);
    await getSearch().relay.drain();
    expect(await ids()).not.toContain(r.id);
  });

  it("a revoked broker is not listed", async () => {
    const { json } = await body("/api/v1/brokers?pageSize=100");
    const names = (json.items as unknown as { name: string }[]).map((b) => b.name);
    expect(names).not.toContain(brokerRevoked.user.name);
  });
});

describe("bad input", () => {
  const cases: [string, string, string][] = [
    ["/api/v1/needs?pageSize=101", "The query parameter pageSize is invalid: it must be at most 100", "查询参数 pageSize 无效：不得大于 100"],
    ["/api/v1/needs?page=abc", "The query parameter page is invalid: it must be a whole number", "查询参数 page 无效：须为整数"],
    [
      "/api/v1/achievements?sort=cheapest",
      "The query parameter sort is invalid: it must be one of: relevance, newest, deadline, budget, price",
      "查询参数 sort 无效：须为以下之一：relevance, newest, deadline, budget, price",
    ],
    ["/api/v1/brokers?chain=Not%20A%20Chain", "The query parameter chain is invalid: it is not in the expected form", "查询参数 chain 无效：格式不符"],
    ["/api/v1/needs?q=%E6%B0%A2%00", "The query parameter q is invalid: Must not contain control characters", "查询参数 q 无效：不能包含控制字符"],
    ["/api/v1/brokers?pageSize=0", "The query parameter pageSize is invalid: it must be at least 1", "查询参数 pageSize 无效：不得小于 1"],
    [`/api/v1/needs?q=${"氢".repeat(101)}`, "The query parameter q is invalid: it must be at most 100 characters", "查询参数 q 无效：不得超过 100 个字符"],
  ];
  for (const [path, en, zh] of cases) {
    it(`${decodeURI(path).slice(0, 60)} is a 400 in English and in Chinese`, async () => {
      for (const [lang, message] of [
        ["en-GB,en;q=0.9", en],
        ["zh-CN,zh;q=0.9", zh],
      ] as const) {
        const res = await call(path, { "Accept-Language": lang });
        expect(res.status).toBe(400);
        expect(res.headers.get("Content-Type")).toContain("application/json");
        const problem = apiProblem.parse(await res.json());
        expect(problem).toEqual({ error: "bad_query", message });
      }
    });
  }
});

describe("the reference page", () => {
  it("lists every endpoint with its parameters, an example request and an example answer", () => {
    const data = docsRoute.loader();
    expect(data.endpoints.map((e) => e.path)).toEqual(Object.keys(doc.paths));
    const needs = data.endpoints.find((e) => e.path === "/api/v1/needs")!;
    expect(needs.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(["q", "industryChainId", "countyCode", "mode", "status", "page", "pageSize"]));
    expect(needs.parameters.find((p) => p.name === "pageSize")!.description).toMatch(/1–100/);
    expect(needs.exampleRequest).toMatch(/^GET \/api\/v1\/needs\?q=/);
    expect(apiNeedsPage.safeParse(JSON.parse(needs.exampleResponse)).success).toBe(true);
  });
});
