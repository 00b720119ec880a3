// Charts drawn on the server as SVG with Apache ECharts (its server-side renderer): they show
// without JavaScript and under the strict Content-Security-Policy, and the same drawing goes
// into the monthly PDF report. ECharts is loaded on first use, not at start.
import type { EChartsOption } from "echarts";

type ECharts = typeof import("echarts");
let loaded: Promise<ECharts> | undefined;

function echarts(): Promise<ECharts> {
  loaded ??= import("echarts");
  return loaded;
}

export interface ChartSize {
  width: number;
  height: number;
}

/**
 * One chart as an SVG document string. `title` becomes its accessible name (the data table
 * beside it carries the numbers); animation is off, since nothing animates on the server.
 */
export async function renderChartSvg(option: EChartsOption, size: ChartSize, title: string): Promise<string> {
  const lib = await echarts();
  const chart = lib.init(null, null, { renderer: "svg", ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, ...option });
    // ECharts' server renderer names nothing: the drawing is an image named by its title.
    return chart.renderToSVGString().replace(/^<svg /, `<svg role="img" aria-label="${escapeAttribute(title)}" focusable="false" `);
  } finally {
    chart.dispose();
  }
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
