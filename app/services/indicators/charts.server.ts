import type { EChartsOption } from "echarts";
import type { Locale } from "../../i18n/define";
import { translate } from "../../i18n/messages.server";
import { renderChartSvg, SvgMemo } from "../charts.server";

// The dashboard's and the public page's charts: drawn on the server, one SVG string each, kept
// with the figures they draw. Each comes with the rows of its data table.

export interface ChartRow {
  label: string;
  value: number;
  href?: string | null;
}

export interface Chart {
  id: string;
  title: string;
  /** Heading of the value column. */
  valueLabel: string;
  rows: ChartRow[];
  svg: string;
}

const SIZE = { width: 640, height: 300 };
const COLOR = "#1f5fa8";

export type ChartKind = "bar" | "line" | "hbar" | "funnel";

/** The ECharts option of a chart of `kind` over `rows`. */
export function chartOption(kind: ChartKind, rows: ChartRow[]): EChartsOption {
  const labels = rows.map((r) => r.label);
  const values = rows.map((r) => r.value);
  const grid = { left: 12, right: 24, top: 16, bottom: 8, containLabel: true };
  switch (kind) {
    case "funnel":
      return {
        series: [
          {
            type: "funnel",
            sort: "none",
            left: "10%",
            width: "80%",
            label: { show: true, position: "inside", formatter: "{b} {c}" },
            data: rows.map((r) => ({ name: r.label, value: r.value })),
            itemStyle: { color: COLOR, borderColor: "#fff" },
          },
        ],
      };
    case "hbar":
      return {
        grid,
        xAxis: { type: "value" },
        yAxis: { type: "category", data: [...labels].reverse(), axisLabel: { width: 140, overflow: "truncate" } },
        series: [{ type: "bar", data: [...values].reverse(), itemStyle: { color: COLOR } }],
      };
    case "line":
    case "bar":
      return {
        grid,
        xAxis: { type: "category", data: labels },
        yAxis: { type: "value" },
        series: [{ type: kind, data: values, itemStyle: { color: COLOR }, ...(kind === "line" ? { areaStyle: { opacity: 0.15 } } : {}) }],
      };
  }
}

/*
 * Each drawing is kept by everything that determines it (kind, size, title, the rows' labels and
 * values; not the links, which are not drawn), so a change of the figures draws again only the
 * charts whose numbers moved. A few hundred are kept, the ones used last: every chart of both
 * pages in both languages for several years and counties.
 */
const drawings = new SvgMemo(400);

/** Lets go of every kept drawing (the next view draws all its charts, as after a start). */
export function forgetChartDrawings(): void {
  drawings.clear();
}

/** How many drawings are kept. */
export function keptChartDrawings(): number {
  return drawings.size;
}

/** One chart with its table rows. */
export async function chart(id: string, kind: ChartKind, title: string, valueLabel: string, rows: ChartRow[]): Promise<Chart> {
  const size = { width: SIZE.width, height: kind === "hbar" ? Math.max(SIZE.height, 40 + rows.length * 22) : SIZE.height };
  const key = JSON.stringify([kind, size.width, size.height, title, rows.map((r) => r.label), rows.map((r) => r.value)]);
  const svg = await drawings.draw(key, () => renderChartSvg(chartOption(kind, rows), size, title));
  return { id, title, valueLabel, rows, svg };
}

/** Fen as 万元 with two decimals, for chart values (one unit throughout a chart and its table). */
export const fenToWan = (fen: number) => Math.round(fen / 10_000) / 100;

export const tr = (locale: Locale, key: string, params?: Record<string, string | number>) => translate(locale, key, params);
