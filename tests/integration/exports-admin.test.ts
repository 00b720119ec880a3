import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTx, type Db } from "../../db/connection";
import { contractFlags } from "../../db/schema";
import { loader as deskPage } from "../../app/routes/admin.contracts._index";
import { loader as deskXlsx } from "../../app/routes/admin.contracts[.xlsx]";
import { loader as deskCsv } from "../../app/routes/admin.contracts[.csv]";
import { loader as recordsPage } from "../../app/routes/admin.registrations._index";
import { loader as recordsXlsx } from "../../app/routes/admin.registrations[.xlsx]";
import { loader as recordsCsv } from "../../app/routes/admin.registrations[.csv]";
import { loader as flagsPage } from "../../app/routes/admin.flags._index";
import { loader as flagsXlsx } from "../../app/routes/admin.flags[.xlsx]";
import { loader as flagsCsv } from "../../app/routes/admin.flags[.csv]";
import { loader as transfersPage } from "../../app/routes/admin.transfers";
import { loader as transfersXlsx } from "../../app/routes/admin.transfers[.xlsx]";
import { loader as transfersCsv } from "../../app/routes/admin.transfers[.csv]";
import { loader as orgsPage } from "../../app/routes/admin.organisations";
import { loader as orgsXlsx } from "../../app/routes/admin.organisations[.xlsx]";
import { loader as orgsCsv } from "../../app/routes/admin.organisations[.csv]";
import { loader as reviewPage } from "../../app/routes/admin.review";
import { loader as reviewXlsx } from "../../app/routes/admin.review[.xlsx]";
import { loader as reviewCsv } from "../../app/routes/admin.review[.csv]";
import { loader as statsPage } from "../../app/routes/admin.statistics";
import { loader as statsXlsx } from "../../app/routes/admin.statistics[.xlsx]";
import { loader as statsCsv } from "../../app/routes/admin.statistics[.csv]";
import { makeOrg, req, statusOf, useAppDb } from "../helpers/app";
import { makeWorld, type World } from "../helpers/world";
import { csvText, parseCsv, readXlsx } from "../helpers/spreadsheet";
import { freshParties, insertContract, insertRecord } from "./padding-flags-fixtures";

// The Bureau's lists: each file read back holds the page's sections and rows in the page's order,
// the records list every page of it; and no one but the Bureau gets a file.

type Loader = (args: { request: Request; params: Record<string, string>; context: { cspNonce: string } }) => unknown;

let db: Db;
let cleanup: () => void;
let world: World;

async function run(loader: Loader, path: string, cookie?: string) {
  return statusOf(() => loader({ request: req(path, { cookie }), params: {}, context: { cspNonce: "" } }));
}

async function page<T>(loader: Loader, path: string): Promise<T> {
  const { response, value } = await run(loader, path, world.admin.cookie);
  return (response ? await response.json() : value) as T;
}

async function files(xlsx: Loader, csv: Loader, path: string) {
  const x = await run(xlsx, path.replace(/(\?|$)/, ".xlsx$1"), world.admin.cookie);
  const c = await run(csv, path.replace(/(\?|$)/, ".csv$1"), world.admin.cookie);
  expect([x.status, c.status]).toEqual([200, 200]);
  const sheets = await readXlsx(Buffer.from(await x.response!.arrayBuffer()));
  const text = csvText(Buffer.from(await c.response!.arrayBuffer()));
  return { sheets, csv: parseCsv(text) };
}

/** The CSV of several sheets: blocks of name, headings and rows, an empty record between. */
function csvBlocks(rows: string[][]): string[][][] {
  const blocks: string[][][] = [[]];
  for (const r of rows) {
    if (r.length === 1 && r[0] === "") blocks.push([]);
    else blocks[blocks.length - 1]!.push(r);
  }
  return blocks;
}

beforeAll(async () => {
  ({ db, cleanup } = useAppDb());
  world = await makeWorld(db);
  const by = world.admin.user.id;
  for (let i = 0; i < 3; i++) insertContract(db, by, freshParties(), { title: `=待登记合同${i}`, submittedAt: `2026-04-0${i + 1}T02:00:00.000Z` });
  insertContract(db, by, freshParties(), { title: "已退回合同", status: "returned", returnReason: "材料不全" });
  const registered = insertContract(db, by, freshParties(), {
    title: "已登记合同",
    status: "registered",
    registrationNo: "2026141100000001",
    registrationYear: 2026,
    contractValueFen: 123_456_789,
  });
  // 60 imported records, two pages of 50; 55 of them match the search.
  for (let i = 0; i < 60; i++) {
    insertRecord(db, freshParties(), {
      title: i < 55 ? `煤矸石综合利用${i}` : `镁合金${i}`,
      registeredOn: `2026-0${(i % 9) + 1}-1${i % 10}`,
      contractValueFen: 100_000 + i,
      techValueFen: 100_000 + i,
    });
  }
  writeTx(db, (tx) =>
    tx
      .insert(contractFlags)
      .values([
        { contractId: registered.id, kind: "large_amount", stage: "registration", detail: {}, raisedAt: "2026-05-01T17:00:00.000Z" },
        { contractId: registered.id, kind: "duplicate", stage: "registration", detail: {}, raisedAt: "2026-05-02T00:00:00.000Z" },
      ])
      .run(),
  );
  makeOrg(db, "enterprise", { verified: false, name: "@待核验机构" });
});
afterAll(() => cleanup());

describe("the registration desk", () => {
  it("exports each section of the page as a sheet, rows in the page's order, amounts in yuan", async () => {
    const p = await page<Record<string, { id: number; title: string }[]>>(deskPage as Loader, "/admin/contracts");
    const { sheets, csv } = await files(deskXlsx as Loader, deskCsv as Loader, "/admin/contracts");
    const sections = ["submitted", "elsewhere", "returned", "registered", "cancelled"];
    expect(sheets.map((s) => s.name)).toEqual(["待登记", "异地登记待确认", "已退回", "已登记", "已撤销"]);
    sections.forEach((s, i) => expect(sheets[i]!.rows.slice(1).map((r) => r[0])).toEqual(p[s]!.map((c) => c.id)));
    expect(sheets[0]!.rows.slice(1).map((r) => r[1])).toEqual(["'=待登记合同0", "'=待登记合同1", "'=待登记合同2"]);
    const head = sheets[3]!.rows[0]!;
    expect(sheets[3]!.rows[1]![head.indexOf("合同金额(元)")]).toBe(1_234_567.89);
    const blocks = csvBlocks(csv);
    expect(blocks.map((b) => b[0]![0])).toEqual(["待登记", "异地登记待确认", "已退回", "已登记", "已撤销"]);
    sections.forEach((s, i) => expect(blocks[i]!.slice(2).map((r) => Number(r[0]))).toEqual(p[s]!.map((c) => c.id)));
    expect(blocks[3]![2]![head.indexOf("合同金额(元)")]).toBe("1234567.89");
  });
});

describe("imported national records", () => {
  it("exports every page of the filtered list in the page's order", async () => {
    type P = { rows: { registrationNo: string }[]; pages: number };
    const one = await page<P>(recordsPage as Loader, "/admin/registrations?q=煤矸石&year=2026");
    expect(one.pages).toBe(2);
    const two = await page<P>(recordsPage as Loader, "/admin/registrations?q=煤矸石&year=2026&page=2");
    const expected = [...one.rows, ...two.rows].map((r) => r.registrationNo);
    expect(expected).toHaveLength(55);
    const { sheets, csv } = await files(recordsXlsx as Loader, recordsCsv as Loader, "/admin/registrations?q=煤矸石&year=2026");
    expect(sheets[0]!.rows.slice(1).map((r) => r[0])).toEqual(expected);
    expect(csv.slice(1).map((r) => r[0])).toEqual(expected);
    const dateCol = csv[0]!.indexOf("登记日期");
    expect(csv.slice(1).every((r) => /^2026-\d{2}-\d{2}$/.test(r[dateCol]!))).toBe(true);
  });
});

describe("flags, transfers, organisations, review", () => {
  it("flags: the page's filter, dates in Beijing time, kinds as names", async () => {
    const p = await page<{ rows: { id: number }[] }>(flagsPage as Loader, "/admin/flags?state=all");
    const { sheets, csv } = await files(flagsXlsx as Loader, flagsCsv as Loader, "/admin/flags?state=all");
    expect(sheets[0]!.rows.slice(1).map((r) => r[0])).toEqual(p.rows.map((r) => r.id));
    const raised = csv[0]!.indexOf("提示日期");
    // 17:00 UTC on 1 May is 2 May in Beijing.
    expect(csv.slice(1).map((r) => r[raised])).toEqual(["2026-05-02", "2026-05-02"]);
    expect(csv.slice(1).map((r) => r[1])).not.toContain("large_amount");
    const one = await files(flagsXlsx as Loader, flagsCsv as Loader, "/admin/flags?state=all&kind=duplicate");
    expect(one.csv).toHaveLength(2);
  });

  it("transfers, organisations and the review queue hold the page's sections", async () => {
    const t = await page<{ queue: { pending: { id: number }[]; decided: { id: number }[] } }>(transfersPage as Loader, "/admin/transfers");
    const tf = await files(transfersXlsx as Loader, transfersCsv as Loader, "/admin/transfers");
    expect(tf.sheets.map((s) => s.rows.length - 1)).toEqual([t.queue.pending.length, t.queue.decided.length]);

    const o = await page<{ pending: { id: number }[]; verified: { id: number }[] }>(orgsPage as Loader, "/admin/organisations");
    const of = await files(orgsXlsx as Loader, orgsCsv as Loader, "/admin/organisations");
    expect(of.sheets[0]!.rows.slice(1).map((r) => r[0])).toEqual(o.pending.map((x) => x.id));
    expect(of.sheets[1]!.rows.slice(1).map((r) => r[0])).toEqual(o.verified.map((x) => x.id));
    expect(of.sheets[0]!.rows.slice(1).map((r) => r[1])).toContain("'@待核验机构");

    const r = await page<{ needs: { id: number }[]; achievements: { id: number }[] }>(reviewPage as Loader, "/admin/review");
    const rf = await files(reviewXlsx as Loader, reviewCsv as Loader, "/admin/review");
    expect(rf.sheets[0]!.rows.slice(1).map((x) => x[0])).toEqual(r.needs.map((x) => x.id));
    expect(rf.sheets[1]!.rows.slice(1).map((x) => x[0])).toEqual(r.achievements.map((x) => x.id));
    expect(r.needs).toHaveLength(1);
  });
});

describe("statistics", () => {
  it("exports the page's tables in 万元, counties by name", async () => {
    type Stats = { indicator: { byYear: { key: string; series: { output: { contractFen: number; count: number } } }[] } };
    const p = await page<Stats>(statsPage as Loader, "/admin/statistics?year=all");
    const { sheets, csv } = await files(statsXlsx as Loader, statsCsv as Loader, "/admin/statistics?year=all");
    expect(sheets.map((s) => s.name)).toHaveLength(5);
    const byYear = sheets[0]!;
    expect(byYear.rows[0]![1]).toBe("输出（卖方在吕梁） 合同金额(万元)");
    expect(byYear.rows.slice(1).map((r) => [r[0], r[1], r[3]])).toEqual(
      p.indicator.byYear.map((y) => [y.key, y.series.output.contractFen / 1_000_000, y.series.output.count]),
    );
    const county = sheets[2]!.rows.slice(1).map((r) => String(r[1]));
    expect(county.length).toBeGreaterThan(0);
    expect(county.every((c) => !/^\d{6}$/.test(c))).toBe(true);
    expect(csv[0]).toEqual([sheets[0]!.name]);
  });
});

describe("permissions", () => {
  const lists: [string, Loader][] = [
    ["/admin/contracts.csv", deskCsv as Loader],
    ["/admin/registrations.xlsx", recordsXlsx as Loader],
    ["/admin/flags.csv", flagsCsv as Loader],
    ["/admin/transfers.xlsx", transfersXlsx as Loader],
    ["/admin/organisations.csv", orgsCsv as Loader],
    ["/admin/review.xlsx", reviewXlsx as Loader],
  ];
  it("refuses the Bureau's exports to everyone else as the pages do", async () => {
    for (const [path, loader] of lists) {
      expect((await run(loader, path, world.enterprise.cookie)).status, path).toBe(403);
      expect((await run(loader, path, world.broker.cookie)).status, path).toBe(403);
      expect((await run(loader, path)).status, path).toBe(302);
    }
    expect((await run(statsCsv as Loader, "/admin/statistics.csv", world.enterprise.cookie)).status).toBe(404);
    expect((await run(statsXlsx as Loader, "/admin/statistics.xlsx")).status).toBe(404);
  });
});
