// Charts drawn on the server as SVG with Apache ECharts (its server-side renderer): they show
// without JavaScript and under the strict Content-Security-Policy, and the same drawing goes
// into the monthly PDF report. ECharts is loaded on first use, not at start, and only the parts
// the drawings use: bar, line and funnel series, the grid with its axes, the legend, the SVG
// renderer, and the grid's room for its axis labels (`grid.containLabel`).
import { createHash } from "node:crypto";
import type { EChartsOption } from "echarts";
import type { EChartsType } from "echarts/core";

type Init = typeof import("echarts/core").init;
let loaded: Promise<Init> | undefined;

async function load(): Promise<Init> {
  const [core, charts, components, features, renderers] = await Promise.all([
    import("echarts/core"),
    import("echarts/charts"),
    import("echarts/components"),
    import("echarts/features"),
    import("echarts/renderers"),
  ]);
  core.use([
    charts.BarChart,
    charts.LineChart,
    charts.FunnelChart,
    components.GridComponent,
    components.LegendComponent,
    features.LegacyGridContainLabel,
    renderers.SVGRenderer,
  ]);
  return core.init;
}

function echarts(): Promise<Init> {
  loaded ??= load();
  return loaded;
}

export interface ChartSize {
  width: number;
  height: number;
}

/*
 * One chart instance per size and kinds of series, kept for the next drawing of the same shape:
 * cleared and given a new option (notMerge: nothing of the last one is kept), it draws what a
 * new instance draws, for less than a new instance costs. A few shapes at most are kept; the one
 * used longest ago is let go when another is needed.
 */
const POOL_LIMIT = 8;
const pool = new Map<string, EChartsType>();

function seriesKinds(option: EChartsOption): string {
  const series = option.series === undefined ? [] : Array.isArray(option.series) ? option.series : [option.series];
  return series.map((s) => String((s as { type?: unknown }).type)).join(",");
}

function pooledInstance(init: Init, size: ChartSize, option: EChartsOption): { chart: EChartsType; key: string } {
  const key = `${size.width}x${size.height}:${seriesKinds(option)}`;
  let chart = pool.get(key);
  if (chart) pool.delete(key);
  else chart = init(null, null, { renderer: "svg", ssr: true, width: size.width, height: size.height });
  pool.set(key, chart);
  while (pool.size > POOL_LIMIT) {
    const [oldest, old] = pool.entries().next().value as [string, EChartsType];
    pool.delete(oldest);
    old.dispose();
  }
  return { chart, key };
}

/** Drawing options for renderChartSvg; `fresh` draws on a new instance, disposed afterwards. */
export interface DrawOptions {
  fresh?: boolean;
}

/**
 * One chart as an SVG document string. `title` becomes its accessible name (the data table
 * beside it carries the numbers); animation is off, since nothing animates on the server. The
 * same option, size and title give the same string.
 */
export async function renderChartSvg(option: EChartsOption, size: ChartSize, title: string, draw: DrawOptions = {}): Promise<string> {
  const init = await echarts();
  const fresh = draw.fresh === true;
  const { chart, key } = fresh
    ? { chart: init(null, null, { renderer: "svg", ssr: true, width: size.width, height: size.height }), key: "" }
    : pooledInstance(init, size, option);
  let kept = !fresh;
  try {
    // A kept instance is cleared first: its chart views would otherwise update the last
    // drawing's shapes in place, and the shapes come out in another order than a new one draws.
    if (!fresh) chart.clear();
    chart.setOption({ animation: false, ...option }, { notMerge: true });
    const svg = chart.renderToSVGString();
    // Drawing asks the renderer for a next frame: a kept instance would otherwise tick for nothing.
    chart.getZr().animation.stop();
    // ECharts' server renderer names nothing: the drawing is an image named by its title.
    return stableIds(svg, title).replace(/^<svg /, `<svg role="img" aria-label="${escapeAttribute(title)}" focusable="false" `);
  } catch (error) {
    // An instance that failed half way is not drawn on again.
    kept = false;
    pool.delete(key);
    throw error;
  } finally {
    if (!kept) chart.dispose();
  }
}

/*
 * The renderer names the drawing's clip paths, gradients and hover classes after its instance
 * ("zr3-c0") and a counter shared by every drawing ("zr3-cls-41"), so the same chart drawn twice
 * differed, and two drawings from one instance would share ids on a page. They are renamed
 * from the drawing itself: names numbered in order of appearance, every name prefixed by a
 * digest of the drawing and its title. Only markup is renamed (tags and the style sheet), never a label's text.
 */
const GENERATED = /\bzr\d+-(cls-\d+|[a-z]+-?\d+)/g;

function renamed(svg: string, prefix: string): string {
  // Classes and other names (clip paths, gradients) are each numbered in order of appearance:
  // an instance kept between drawings counts its clip paths on, and must draw what a new one draws.
  const classes = new Map<string, number>();
  const others = new Map<string, number>();
  const rename = (_: string, name: string) => {
    const isClass = name.startsWith("cls-");
    const seen = isClass ? classes : others;
    let n = seen.get(name);
    if (n === undefined) {
      n = seen.size;
      seen.set(name, n);
    }
    return isClass ? `${prefix}-cls-${n}` : `${prefix}-${name.replace(/-?\d+$/, "")}${n}`;
  };
  const styleAt = svg.indexOf("<style");
  const body = styleAt < 0 ? svg : svg.slice(0, styleAt);
  const style = styleAt < 0 ? "" : svg.slice(styleAt);
  return body.replace(/<[^>]*>/g, (tag) => tag.replace(GENERATED, rename)) + style.replace(GENERATED, rename);
}

function stableIds(svg: string, title: string): string {
  // Two charts that look alike but are named apart (all zeros, say) still have ids apart.
  const digest = createHash("sha1").update(renamed(svg, "ec")).update(title).digest("hex").slice(0, 10);
  return renamed(svg, `ec${digest}`);
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Drawings kept by what determines them (`key`), the `limit` used last: a drawing asked for again
 * with the same key is the kept string, not drawn again. Two asks for one key at once share one
 * drawing; a failed drawing is not kept.
 */
export class SvgMemo {
  private readonly kept = new Map<string, Promise<string>>();

  constructor(private readonly limit: number) {}

  get size(): number {
    return this.kept.size;
  }

  clear(): void {
    this.kept.clear();
  }

  draw(key: string, draw: () => Promise<string>): Promise<string> {
    const hit = this.kept.get(key);
    if (hit) {
      // Most recently used last: the first entry is the one to let go.
      this.kept.delete(key);
      this.kept.set(key, hit);
      return hit;
    }
    const drawing = draw();
    this.kept.set(key, drawing);
    drawing.catch(() => {
      if (this.kept.get(key) === drawing) this.kept.delete(key);
    });
    while (this.kept.size > this.limit) this.kept.delete(this.kept.keys().next().value as string);
    return drawing;
  }
}
