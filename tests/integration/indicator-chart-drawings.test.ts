import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "../../db/connection";
import { renderChartSvg } from "../../app/services/charts.server";
import { chart, forgetChartDrawings, keptChartDrawings } from "../../app/services/indicators/charts.server";
import { dashboardView, publicView, type DashboardCharts } from "../../app/services/indicators/dashboard-charts.server";
import { createTestDb } from "../helpers/db";
import { amendContractValue, countedContractIds, generateMarket } from "../bench/dashboard-data";

// Every drawing goes through the real renderer, counted.
vi.mock("../../app/services/charts.server", async (original) => {
  const real = await original<typeof import("../../app/services/charts.server")>();
  return { ...real, renderChartSvg: vi.fn(real.renderChartSvg) };
});
const drawn = vi.mocked(renderChartSvg);

const YEAR = 2025;
const COUNTY = "141102";
let db: Db;
let cleanup: () => void;

beforeAll(() => {
  ({ db, cleanup } = createTestDb());
  generateMarket(db, { contracts: 2000, needs: 200, achievements: 200, brokers: 10, years: [2024, 2025], seed: 11 });
});
afterAll(() => cleanup());

/** Amends the value of one counted contract of YEAR whose seller is in COUNTY, as the desk's amendment does to the figures. */
function amendOneContract(): void {
  amendContractValue(db, countedContractIds(db, YEAR, COUNTY, 1)[0]!, 5_000_000);
}

const everyChart = (c: DashboardCharts) => [...c.trends.flatMap((t) => [t.month, t.year]), ...c.breakdowns, c.funnel];

describe("indicator charts", () => {
  it("are drawn once for the same rows and title, and again when a value changes, whatever their links", async () => {
    forgetChartDrawings();
    drawn.mockClear();
    const rows = [
      { label: "技术开发", value: 120.5, href: "/a" },
      { label: "技术服务", value: 30, href: "/b" },
    ];
    const one = await chart("by-type", "hbar", "按合同类型", "金额（万元）", rows);
    const again = await chart(
      "by-type",
      "hbar",
      "按合同类型",
      "金额（万元）",
      rows.map((r) => ({ ...r, href: `${r.href}?x=1` })),
    );
    expect(again.svg).toBe(one.svg);
    expect(drawn).toHaveBeenCalledTimes(1);
    const moved = await chart("by-type", "hbar", "按合同类型", "金额（万元）", [rows[0]!, { ...rows[1]!, value: 31 }]);
    expect(drawn).toHaveBeenCalledTimes(2);
    expect(moved.svg).not.toBe(one.svg);
    await chart("by-type", "hbar", "By contract type", "Amount", rows);
    expect(drawn).toHaveBeenCalledTimes(3);
  });

  it("after a registration, only the charts whose numbers moved are drawn again", async () => {
    forgetChartDrawings();
    const before = await dashboardView(db, YEAR, null, "zh-CN");
    const beforeCounty = await dashboardView(db, YEAR, COUNTY, "zh-CN");
    const beforePublic = await publicView(db, YEAR, "en");
    drawn.mockClear();
    amendOneContract();
    const after = await dashboardView(db, YEAR, null, "zh-CN");
    const contractCharts = new Set([
      "trend-contract_amount_fen-month",
      "trend-contract_amount_fen-year",
      "by-series",
      "by-type",
      "by-county",
      "by-chain",
      "by-field",
      "by-broker",
    ]);
    const titleOf = new Map(everyChart(after.charts).map((x) => [x.id, x.title]));
    // The city's view drew its contract charts and nothing else (a drawing whose numbers moved
    // by less than a pixel may come out the same).
    expect(drawn.mock.calls.map((c) => c[2]).sort()).toEqual([...contractCharts].map((id) => titleOf.get(id)).sort());
    const was = new Map(everyChart(before.charts).map((x) => [x.id, x.svg]));
    for (const x of everyChart(after.charts)) if (!contractCharts.has(x.id)) expect(x.svg, x.id).toBe(was.get(x.id));
    expect(everyChart(after.charts).map((x) => x.id)).toEqual(everyChart(before.charts).map((x) => x.id));
    expect(after.data.figures.totals).not.toEqual(before.data.figures.totals);

    // The county's view and the public page (in English: in Chinese it shares the dashboard's drawings of the same rows) draw their charts again too.
    drawn.mockClear();
    const afterCounty = await dashboardView(db, YEAR, COUNTY, "zh-CN");
    expect(afterCounty.data.figures.totals).not.toEqual(beforeCounty.data.figures.totals);
    expect(drawn.mock.calls.length).toBe(contractCharts.size);
    drawn.mockClear();
    const afterPublic = await publicView(db, YEAR, "en");
    expect(afterPublic.data.byType).not.toEqual(beforePublic.data.byType);
    expect(drawn.mock.calls.length).toBe(Object.keys(afterPublic.charts).length);
  });

  it("are kept in bounded number", async () => {
    forgetChartDrawings();
    drawn.mockImplementation(async (_option, _size, title) => `<svg>${title}</svg>`);
    try {
      for (let i = 0; i < 450; i++) await chart(`c${i}`, "bar", `图 ${i}`, "值", [{ label: "2025", value: i }]);
      expect(keptChartDrawings()).toBe(400);
      // The ones drawn last are kept, the first ones were let go.
      drawn.mockClear();
      await chart("c449", "bar", "图 449", "值", [{ label: "2025", value: 449 }]);
      expect(drawn).not.toHaveBeenCalled();
      await chart("c0", "bar", "图 0", "值", [{ label: "2025", value: 0 }]);
      expect(drawn).toHaveBeenCalledTimes(1);
    } finally {
      drawn.mockRestore();
      forgetChartDrawings();
    }
  });
});
