import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/connection";
import { yearInShanghai } from "../../app/i18n/format";
import { setOnTransformationList, createAchievement } from "../../app/services/achievements.server";
import { transitionListing } from "../../app/services/listings.server";
import { createNeed } from "../../app/services/needs.server";
import { getSearch } from "../../app/services/search.server";
import { loader as needsPage } from "../../app/routes/needs._index";
import { loader as needsXlsx } from "../../app/routes/needs[.xlsx]";
import { loader as needsCsv } from "../../app/routes/needs[.csv]";
import { loader as achievementsPage } from "../../app/routes/achievements._index";
import { loader as achievementsXlsx } from "../../app/routes/achievements[.xlsx]";
import { loader as achievementsCsv } from "../../app/routes/achievements[.csv]";
import { loader as tlistPage } from "../../app/routes/transformation-list";
import { loader as tlistXlsx } from "../../app/routes/transformation-list[.xlsx]";
import { loader as tlistCsv } from "../../app/routes/transformation-list[.csv]";
import { loader as brokersPage } from "../../app/routes/brokers._index";
import { loader as brokersXlsx } from "../../app/routes/brokers[.xlsx]";
import { loader as brokersCsv } from "../../app/routes/brokers[.csv]";
import { req, statusOf, useAppDb } from "../helpers/app";
import { achievementInput, makeWorld, needInput, type World } from "../helpers/world";
import { csvText, parseCsv, readXlsx } from "../helpers/spreadsheet";
import { makeBroker } from "./contracts-fixtures";

// Each public list's files, read back, hold the rows the page shows for the same query, in the
// page's order, across every page of results, and nothing the page keeps private.

type Loader = (args: { request: Request; params: Record<string, string>; context: { cspNonce: string } }) => unknown;

let db: Db;
let cleanup: () => void;
let world: World;

async function call(loader: Loader, path: string, cookie?: string): Promise<Response | unknown> {
  const { response, value, status } = await statusOf(() => loader({ request: req(path, { cookie }), params: {}, context: { cspNonce: "" } }));
  if (response && status !== 200) return response;
  return response ?? value;
}

async function pageData<T>(loader: Loader, path: string, cookie?: string): Promise<T> {
  const got = await call(loader, path, cookie);
  return (got instanceof Response ? await got.json() : got) as T;
}

type BrowseData = {
  data: { items: { id: number; title: string; org: string; county: string | null; amountMinFen: number | null; amountMaxFen: number | null }[]; pages: number };
};

/** Every page of a list page's items, as a visitor paging through it sees them. */
async function allPages(loader: Loader, path: string): Promise<BrowseData["data"]["items"]> {
  const sep = path.includes("?") ? "&" : "?";
  const first = await pageData<BrowseData>(loader, path);
  const items = [...first.data.items];
  for (let p = 2; p <= first.data.pages; p++) items.push(...(await pageData<BrowseData>(loader, `${path}${sep}page=${p}`)).data.items);
  return items;
}

async function download(loader: Loader, path: string, cookie?: string): Promise<Response> {
  const got = await call(loader, path, cookie);
  expect(got).toBeInstanceOf(Response);
  return got as Response;
}

async function xlsxRows(loader: Loader, path: string, cookie?: string) {
  const res = await download(loader, path, cookie);
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename=".*\.xlsx"; filename\*=UTF-8''.+\.xlsx$/);
  return readXlsx(Buffer.from(await res.arrayBuffer()));
}

async function csvRows(loader: Loader, path: string, cookie?: string) {
  const res = await download(loader, path, cookie);
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  const body = Buffer.from(await res.arrayBuffer());
  return { rows: parseCsv(csvText(body)), text: body.toString("utf8"), disposition: res.headers.get("Content-Disposition")! };
}

function ok<T extends { ok: boolean }>(r: T): T {
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r;
}

beforeAll(async () => {
  ({ db, cleanup } = useAppDb());
  world = await makeWorld(db);
  // 44 more published needs (45 in all, three pages of 20), alternating between two counties.
  for (let i = 1; i <= 44; i++) {
    const r = createNeed(
      db,
      world.enterprise.actor,
      needInput({
        title: `${i % 7 === 0 ? "+" : ""}吕梁需求第${i}项：焦炉煤气制氢`,
        countyCode: i % 2 ? "141122" : "141102",
        budgetMaxWan: 3_000_000_00 + i * 1_234,
      }),
    );
    if (!r.ok) throw new Error(JSON.stringify(r));
    ok(transitionListing(db, "need", world.enterprise.actor, r.id, "submit"));
    ok(transitionListing(db, "need", world.admin.actor, r.id, "approve"));
  }
  for (let i = 1; i <= 24; i++) {
    const r = createAchievement(db, world.institute.actor, achievementInput({ title: `吕梁成果第${i}项：变压吸附提氢`, priceWan: 100_00 + i }));
    if (!r.ok) throw new Error(JSON.stringify(r));
    ok(transitionListing(db, "achievement", world.institute.actor, r.id, "submit"));
    ok(transitionListing(db, "achievement", world.admin.actor, r.id, "approve"));
    ok(setOnTransformationList(db, world.admin.actor, r.id, true));
  }
  const agency = world.broker.user.orgId;
  await makeBroker(db, agency);
  await makeBroker(db, agency);
  await makeBroker(db, agency, "expired");
  await getSearch().relay.drain();
});
afterAll(() => cleanup());

describe("the needs list", () => {
  for (const query of ["", "?countyCode=141122", "?q=氢&sort=budget"]) {
    it(`exports every page of /needs${query} in the page's order, in both formats`, async () => {
      const items = await allPages(needsPage as Loader, `/needs${query}`);
      expect(items.length).toBeGreaterThan(20);
      const [ws] = await xlsxRows(needsXlsx as Loader, `/needs.xlsx${query}`);
      const { rows } = await csvRows(needsCsv as Loader, `/needs.csv${query}`);
      expect(ws!.frozenRows).toBe(1);
      expect(ws!.rows[0]).toEqual(rows[0]);
      expect(rows[0]).toContain("预算上限(万元)");
      const data = ws!.rows.slice(1);
      expect(data.map((r) => r[0])).toEqual(items.map((i) => i.id));
      expect(data.map((r) => r[1])).toEqual(items.map((i) => (/^[=+\-@]/.test(i.title) ? `'${i.title}` : i.title)));
      expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(items.map((i) => i.id));
      const maxCol = rows[0]!.indexOf("预算上限(万元)");
      // 万元 as numbers in .xlsx, exact decimals in CSV, both from the same fen.
      expect(data.map((r) => r[maxCol])).toEqual(items.map((i) => i.amountMaxFen! / 1_000_000));
      expect(rows.slice(1).map((r) => Number(r[maxCol]))).toEqual(items.map((i) => i.amountMaxFen! / 1_000_000));
      expect(data.map((r) => r[rows[0]!.indexOf("截止日期")])).toEqual(items.map(() => "2099-12-31"));
      if (query.includes("141122")) expect(new Set(data.map((r) => r[rows[0]!.indexOf("所属县(市、区)")]))).toEqual(new Set([items[0]!.county]));
    });
  }

  it("neutralises a title that would be read as a formula", async () => {
    const { rows } = await csvRows(needsCsv as Loader, "/needs.csv?q=第7项");
    expect(rows.some((r) => r[1] === "'+吕梁需求第7项：焦炉煤气制氢")).toBe(true);
  });

  it("names the file after the list, its filters and the day", async () => {
    const { disposition } = await csvRows(needsCsv as Loader, "/needs.csv?countyCode=141122");
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toMatch(/^技术需求-141122-\d{4}-\d{2}-\d{2}\.csv$/);
  });

  it("holds no contact fields for the public", async () => {
    const { text } = await csvRows(needsCsv as Loader, "/needs.csv");
    expect(text).not.toContain("13812345678");
    expect(text).not.toContain("王工");
    expect(text).not.toContain("wang@example.com");
  });

  it("exports in the Bureau's template: title row, the Bureau's headings, one numbered row per need; contacts for the Bureau only", async () => {
    // Without a year, the Bureau's list is this year's (the year the needs were approved in).
    const year = yearInShanghai();
    const items = await allPages(needsPage as Loader, `/needs?year=${year}`);
    expect(items.length).toBe(45);
    const [ws] = await xlsxRows(needsXlsx as Loader, "/needs.xlsx?layout=bureau");
    expect(ws!.rows[0]![0]).toBe(`吕梁市${year}年度重点技术需求清单`);
    expect(ws!.frozenRows).toBe(2);
    expect(ws!.rows[1]).toEqual(["序号", "需求名称", "需求单位", "所属县(市、区)", "产业链", "技术领域", "需求内容", "预算(万元)", "合作方式", "截止日期"]);
    expect(ws!.rows.slice(2).map((r) => r[0])).toEqual(items.map((_, i) => i + 1));
    expect(ws!.rows.slice(2).map((r) => r[2])).toEqual(items.map((i) => i.org));
    expect(ws!.rows[2]![6]).toContain("焦炉煤气变压吸附制氢装置");
    const admin = await csvRows(needsCsv as Loader, `/needs.csv?layout=bureau&year=${year}`, world.admin.cookie);
    expect(admin.rows[0]).toEqual([`吕梁市${year}年度重点技术需求清单`]);
    expect(admin.rows[1]!.slice(-2)).toEqual(["联系人", "联系电话"]);
    expect(admin.rows[2]!.slice(-2)).toEqual(["王工", "13812345678"]);
    expect(admin.rows).toHaveLength(items.length + 2);
  });
});

describe("achievements and the transformation list", () => {
  it("exports every page of /achievements with the page's filters", async () => {
    const items = await allPages(achievementsPage as Loader, "/achievements?q=氢");
    expect(items.length).toBeGreaterThan(20);
    const [ws] = await xlsxRows(achievementsXlsx as Loader, "/achievements.xlsx?q=氢");
    const { rows, text } = await csvRows(achievementsCsv as Loader, "/achievements.csv?q=氢");
    expect(ws!.rows.slice(1).map((r) => r[0])).toEqual(items.map((i) => i.id));
    expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(items.map((i) => i.id));
    const price = rows[0]!.indexOf("转让价格(万元)");
    expect(ws!.rows.slice(1).map((r) => r[price])).toEqual(items.map((i) => i.amountMinFen! / 1_000_000));
    expect(text).not.toContain("0351-6010000");
  });

  it("exports the transformation list as the page shows it, and in the Bureau's template", async () => {
    const items = await allPages(tlistPage as Loader, "/transformation-list");
    expect(items.length).toBe(24);
    const { rows } = await csvRows(tlistCsv as Loader, "/transformation-list.csv");
    expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(items.map((i) => i.id));
    const [ws] = await xlsxRows(tlistXlsx as Loader, "/transformation-list.xlsx?layout=bureau");
    expect(ws!.rows[0]![0]).toBe(`吕梁市${yearInShanghai()}年度科技成果转化清单`);
    expect(ws!.rows[1]!.slice(0, 4)).toEqual(["序号", "成果名称", "成果单位", "所属县(市、区)"]);
    expect(ws!.rows.slice(2).map((r) => r[1])).toEqual(items.map((i) => i.title));
    expect(ws!.rows[1]).not.toContain("联系人");
    // Another year's list is another list: none of these achievements is on it.
    const other = await csvRows(tlistCsv as Loader, `/transformation-list.csv?layout=bureau&year=${yearInShanghai() - 1}`);
    expect(other.rows).toHaveLength(2);
  });
});

describe("brokers", () => {
  it("exports the directory as the page lists it, with its chain filter", async () => {
    const page = await pageData<{ brokers: { name: string }[] }>(brokersPage as Loader, "/brokers?chain=hydrogen");
    expect(page.brokers).toHaveLength(2);
    const [ws] = await xlsxRows(brokersXlsx as Loader, "/brokers.xlsx?chain=hydrogen");
    const { rows, text } = await csvRows(brokersCsv as Loader, "/brokers.csv?chain=hydrogen");
    expect(text).not.toContain("TEST-JJR-");
    expect(rows[0]).toContain("登记合同额(元)");
    expect(ws!.rows.slice(1).map((r) => r[0])).toEqual(page.brokers.map((b) => b.name));
    expect(rows.slice(1).map((r) => r[0])).toEqual(page.brokers.map((b) => b.name));
  });
});
