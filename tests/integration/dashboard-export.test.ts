import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/connection";
import { loader as dashboardLoader } from "../../app/routes/admin.indicators";
import { loader as dashboardXlsx } from "../../app/routes/admin.indicators[.xlsx]";
import { loader as dashboardCsv } from "../../app/routes/admin.indicators[.csv]";
import type { dashboardView } from "../../app/services/indicators/dashboard-charts.server";
import { translate } from "../../app/i18n/messages.server";
import { makeOrg, makeUser, req, statusOf, useAppDb, type TestUser } from "../helpers/app";
import { csvText, parseCsv, readXlsx } from "../helpers/spreadsheet";
import { generateMarket } from "../bench/dashboard-data";

// The dashboard as a file: each sheet read back holds the rows of the page's tables for the same
// year and county, in .xlsx and in CSV; only the Bureau gets it.

type Loader = (args: { request: Request; params: Record<string, string>; context: { cspNonce: string } }) => unknown;
type View = Awaited<ReturnType<typeof dashboardView>>;
type Cell = string | number | null;

const YEAR = 2025;
const COUNTY = "141102";
const zh = (key: string, params?: Record<string, string | number>) => translate("zh-CN", key, params);

let db: Db;
let cleanup: () => void;
let admin: TestUser;
let broker: TestUser;

async function run(loader: Loader, path: string, cookie: string) {
  return statusOf(() => loader({ request: req(path, { cookie }), params: {}, context: { cspNonce: "" } }));
}

beforeAll(async () => {
  ({ db, cleanup } = useAppDb());
  const org = makeOrg(db, "bureau" as never);
  admin = await makeUser(db, "admin", org.id);
  broker = await makeUser(db, "broker", org.id);
  generateMarket(db, { contracts: 600, needs: 120, achievements: 80, brokers: 6, years: [2024, 2025], seed: 7 });
  const target = db.$client.prepare("INSERT OR REPLACE INTO policy_targets (indicator, year, target_value, source, unit, deadline) VALUES (?, ?, ?, ?, ?, ?)");
  target.run("contract_amount_fen", YEAR, 50_000_000_000, "吕梁市科技成果转化三年行动方案", "fen", "2025-12-31");
  target.run("needs_list", YEAR, 200, "=市局年度工作要点", "项", null);
});
afterAll(() => cleanup());

/** The dashboard's tables as rows, as the page shows them. */
function expectedSheets(view: View): { name: string; rows: Cell[][] }[] {
  const wan = (fen: number) => fen / 1_000_000;
  const money = (i: string) => i === "contract_amount_fen";
  const targets = view.data.targets.map((p) => [
    zh(`ind.indicator.${p.indicator}`),
    p.current === null ? zh("ind.notTracked") : money(p.indicator) ? wan(p.current) : p.current,
    p.target ? (money(p.indicator) ? wan(p.target.value) : p.target.value) : null,
    money(p.indicator) ? "万元" : (p.target?.unit ?? null),
    p.share === null ? null : Math.round(p.share * 1000) / 10,
    p.target?.deadline ?? null,
    p.target ? (p.target.source.startsWith("=") ? `'${p.target.source}` : p.target.source) : null,
  ]);
  const amounts = view.charts.breakdowns.flatMap((c) => c.rows.map((r) => [c.title, r.label, r.value]));
  const months = view.charts.trends[0]!.month.rows.map((r, i) => [r.label, ...view.charts.trends.map((tc) => tc.month.rows[i]!.value)]);
  const funnel = view.data.funnel.map((f) => [zh(`ind.step.${f.step}`), f.count, f.medianDays]);
  return [
    { name: "目标进度", rows: targets },
    { name: "技术合同成交额", rows: amounts },
    { name: "按月趋势", rows: months },
    { name: "需求转化", rows: funnel },
  ];
}

describe.each([null, COUNTY])("the dashboard's export for %s", (county) => {
  const query = `?year=${YEAR}${county ? `&county=${county}` : ""}`;

  it("holds the page's tables, sheet by sheet, in .xlsx and CSV", async () => {
    const page = await run(dashboardLoader as Loader, `/admin/indicators${query}`, admin.cookie);
    const view = (await page.response!.json()) as View;
    expect(view.data.county).toBe(county);
    const expected = expectedSheets(view);
    expect(expected[1]!.rows.length).toBeGreaterThan(10);
    expect(expected[0]!.rows.some((r) => r[4] !== null && r[5] === "2025-12-31")).toBe(true);

    const x = await run(dashboardXlsx as Loader, `/admin/indicators.xlsx${query}`, admin.cookie);
    const c = await run(dashboardCsv as Loader, `/admin/indicators.csv${query}`, admin.cookie);
    expect([x.status, c.status]).toEqual([200, 200]);
    const disposition = decodeURIComponent(x.response!.headers.get("Content-Disposition")!);
    expect(disposition).toContain(`指标看板-${YEAR}${county ? "-离石区" : ""}-`);

    const sheets = await readXlsx(Buffer.from(await x.response!.arrayBuffer()));
    expect(sheets.map((s) => s.name)).toEqual(expected.map((s) => s.name));
    expect(sheets[3]!.rows[0]).toEqual(["环节", "需求数", "中位天数（自上一环节）"]);
    for (const [i, s] of sheets.entries()) expect(s.rows.slice(1), s.name).toEqual(expected[i]!.rows);

    // CSV: one block per sheet (its name, headings, rows), a blank record between; every cell as text.
    const records = parseCsv(csvText(Buffer.from(await c.response!.arrayBuffer())));
    const blocks: string[][][] = [[]];
    for (const r of records) {
      if (r.length === 1 && r[0] === "") blocks.push([]);
      else blocks[blocks.length - 1]!.push(r);
    }
    expect(blocks.map((b) => b[0]![0])).toEqual(expected.map((s) => s.name));
    for (const [i, b] of blocks.entries()) {
      const want = expected[i]!.rows.map((r) => r.map((v) => (v === null ? "" : String(v))));
      expect(b.slice(2), expected[i]!.name).toEqual(want);
    }
  });
});

describe("who gets the dashboard's file", () => {
  it("refuses anyone but the Bureau, as the dashboard does", async () => {
    for (const loader of [dashboardLoader, dashboardXlsx, dashboardCsv] as Loader[]) {
      expect((await run(loader, `/admin/indicators?year=${YEAR}`, broker.cookie)).status).toBe(403);
    }
  });
});
