import { describe, expect, it } from "vitest";
import { renderChartSvg, SvgMemo } from "../../app/services/charts.server";
import { chartOption } from "../../app/services/indicators/charts.server";

const rowsOf = (labels: string[], values: number[]) => labels.map((label, i) => ({ label, value: values[i]! }));
const line = (labels: string[], values: number[]) => chartOption("line", rowsOf(labels, values));
const hbar = (labels: string[], values: number[]) => chartOption("hbar", rowsOf(labels, values));
const funnel = (labels: string[], values: number[]) => chartOption("funnel", rowsOf(labels, values));

const months = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);
const counties = ["离石区", "文水县", "交城县", "兴县", "临县", "柳林县", "石楼县", "岚县", "方山县", "中阳县", "交口县", "孝义市", "汾阳市"];
const SIZE = { width: 640, height: 300 };
const TALL = { width: 640, height: 326 };

describe("a chart drawn on a kept instance", () => {
  it("is the drawing a new instance makes of the same option, also after other charts were drawn on it", async () => {
    const first = line(months, [12, 30, 7, 0, 55.5, 61, 3, 8, 90, 14, 2, 40]);
    const other = line(months, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12000]);
    const fresh = await renderChartSvg(first, SIZE, "合同成交额月度走势", { fresh: true });
    expect(await renderChartSvg(first, SIZE, "合同成交额月度走势")).toBe(fresh);
    // The same instance (same size, same kind of series) draws another chart, then the first again.
    const between = await renderChartSvg(other, SIZE, "另一张图");
    expect(between).not.toBe(fresh);
    expect(await renderChartSvg(first, SIZE, "合同成交额月度走势")).toBe(fresh);

    const bars = hbar(counties, [5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597]);
    const barsFresh = await renderChartSvg(bars, TALL, "按县区", { fresh: true });
    await renderChartSvg(hbar(counties.slice(0, 3), [1, 2, 3]), TALL, "按县区");
    await renderChartSvg(funnel(["发布", "认领", "匹配"], [30, 20, 5]), TALL, "漏斗");
    expect(await renderChartSvg(bars, TALL, "按县区")).toBe(barsFresh);

    const steps = funnel(["发布", "认领", "匹配", "洽谈", "签约", "登记"], [120, 80, 40, 22, 9, 4]);
    const stepsFresh = await renderChartSvg(steps, SIZE, "需求漏斗", { fresh: true });
    await renderChartSvg(funnel(["发布"], [1]), SIZE, "需求漏斗");
    expect(await renderChartSvg(steps, SIZE, "需求漏斗")).toBe(stepsFresh);
  });

  it("is an accessible image with its Chinese labels, its ids its own", async () => {
    const bars = await renderChartSvg(
      hbar(
        counties,
        counties.map((_, i) => i + 1),
      ),
      TALL,
      '按县区 "2025" <输出>',
    );
    expect(bars.startsWith('<svg role="img" aria-label="按县区 &quot;2025&quot; &lt;输出&gt;" focusable="false" ')).toBe(true);
    for (const name of counties) expect(bars).toContain(`>${name}</text>`);
    const a = await renderChartSvg(line(months, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), SIZE, "月度");
    const b = await renderChartSvg(line(months, [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]), SIZE, "月度");
    const ids = (svg: string) => new Set([...svg.matchAll(/id="([^"]+)"/g)].map((m) => m[1]));
    expect(ids(a).size).toBeGreaterThan(0);
    // Two different drawings on one page never share an id (their clip paths differ).
    for (const id of ids(a)) expect(ids(b).has(id)).toBe(false);
    // Nor do two drawings alike but named apart.
    const named = await renderChartSvg(line(months, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), SIZE, "另一个标题");
    for (const id of ids(a)) expect(ids(named).has(id)).toBe(false);
    // Every url(#…) and class names what the drawing itself defines.
    for (const m of a.matchAll(/url\(#([^)]+)\)/g)) expect(ids(a).has(m[1])).toBe(true);
    for (const m of a.matchAll(/class="([^"]+)"/g)) expect(a).toContain(`.${m[1]}:hover`);
  });

  it("leaves a label that looks like a renderer's name as it is", async () => {
    const svg = await renderChartSvg(hbar(["zr3-c0", "zr12-cls-7"], [1, 2]), SIZE, "zr3-c0");
    expect(svg).toContain(">zr3-c0</text>");
    expect(svg).toContain(">zr12-cls-7</text>");
    expect(svg).toContain('aria-label="zr3-c0"');
    expect(svg).not.toMatch(/(id|class)="zr\d/);
  });
});

describe("kept drawings", () => {
  const counter = () => {
    const drawn: string[] = [];
    return { drawn, draw: (key: string) => () => (drawn.push(key), Promise.resolve(`<svg>${key}</svg>`)) };
  };

  it("gives the kept string for the same key without drawing again, and draws a changed one", async () => {
    const memo = new SvgMemo(10);
    const { drawn, draw } = counter();
    const one = await memo.draw("a", draw("a"));
    expect(await memo.draw("a", draw("a"))).toBe(one);
    expect(drawn).toEqual(["a"]);
    expect(await memo.draw("b", draw("b"))).toBe("<svg>b</svg>");
    expect(drawn).toEqual(["a", "b"]);
    // Two asks at once share one drawing.
    const [x, y] = await Promise.all([memo.draw("c", draw("c")), memo.draw("c", draw("c"))]);
    expect(x).toBe(y);
    expect(drawn).toEqual(["a", "b", "c"]);
  });

  it("keeps at most its limit, letting go of the one used longest ago", async () => {
    const memo = new SvgMemo(3);
    const { drawn, draw } = counter();
    for (const k of ["a", "b", "c"]) await memo.draw(k, draw(k));
    await memo.draw("a", draw("a"));
    await memo.draw("d", draw("d"));
    expect(memo.size).toBe(3);
    // b was used longest ago: it is drawn again, a is still kept.
    await memo.draw("a", draw("a"));
    await memo.draw("b", draw("b"));
    expect(drawn).toEqual(["a", "b", "c", "d", "b"]);
    for (let i = 0; i < 100; i++) await memo.draw(`k${i}`, draw(`k${i}`));
    expect(memo.size).toBe(3);
  });

  it("does not keep a drawing that failed", async () => {
    const memo = new SvgMemo(3);
    await expect(memo.draw("a", () => Promise.reject(new Error("no font")))).rejects.toThrow("no font");
    expect(memo.size).toBe(0);
    expect(await memo.draw("a", () => Promise.resolve("<svg/>"))).toBe("<svg/>");
  });
});
