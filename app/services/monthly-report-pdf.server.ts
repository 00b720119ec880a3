import type { EChartsOption } from "echarts";
import { INDICATOR_SERIES, type IndicatorSeries } from "../codes";
import { translate } from "../i18n";
import { renderChartSvg } from "./charts.server";
import { REPORT_FONT_NAME, type MonthlyReportData } from "./monthly-report.server";

// The monthly report drawn as a PDF with PDFKit: one A4 page per section, each with its chart
// (ECharts SVG, placed by svg-to-pdfkit) and its table, all text in Chinese in the embedded CJK
// font. PDFKit and svg-to-pdfkit are loaded on first use, not at start.

type Doc = PDFKit.PDFDocument;
type Row = string[];

const PAGE = { width: 595.28, height: 841.89, margin: 48 };
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
const BOTTOM = PAGE.height - PAGE.margin - 24;
const CHART = { width: Math.round(CONTENT_WIDTH), height: 200 };

export const SECTION_TITLES = [
  "一、政策目标与完成进度",
  "二、技术合同成交额",
  "三、技术合同分类、分县与产业链",
  "四、需求清单与成果转化清单",
  "五、技术经纪人",
] as const;
const SECTION_TITLES_EN = [
  "Policy targets and progress",
  "Technology contract amount",
  "Contracts by type, county and industry chain",
  "Needs list and transformation list",
  "Technology brokers",
];

const SERIES_ZH: Record<IndicatorSeries, string> = { output: "输出", absorbed: "吸纳", local: "本地" };
const zh = (key: string) => translate("zh-CN", key);
/** A contract type's Chinese name; a code no table names is shown as it is. */
const typeName = (code: string) => {
  const name = zh(`contract.type.${code}`);
  return name === `contract.type.${code}` ? code : name;
};

/** An amount in fen as 万元 with at most two decimals, grouped: how every amount in the report reads. */
export function reportWan(fen: number): string {
  return new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 2 }).format(fen / 1_000_000);
}

const whole = (n: number) => new Intl.NumberFormat("zh-CN").format(n);
const percent = (share: number | null) => (share === null ? "—" : `${(share * 100).toFixed(1)}%`);

/** A policy indicator's value with its unit: amounts in 万元, counts with theirs. */
function targetValue(value: number | null, unit: string | null): string {
  if (value === null) return "—";
  return unit === "fen" ? `${reportWan(value)} 万元` : `${whole(value)}${unit ? ` ${unit}` : ""}`;
}

const NUMERIC = /^(—|[\d,.%-]+(\s?(万元|项|人|个|份))?)$/;

function fit(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let s = text;
  while (s.length > 1 && doc.widthOfString(`${s}…`) > width) s = s.slice(0, -1);
  return `${s}…`;
}

/** A table at `y`; rows past the page's end are folded into one "其余" line. Returns the y below it. */
function drawTable(doc: Doc, y: number, widths: number[], head: Row, rows: Row[], caption?: string): number {
  const size = 8.5;
  const rowH = 13;
  doc.fontSize(size);
  if (caption) {
    doc.fontSize(10).text(caption, PAGE.margin, y, { lineBreak: false });
    y += 15;
    doc.fontSize(size);
  }
  const room = Math.max(1, Math.floor((BOTTOM - y) / rowH) - 1);
  const shown = rows.length > room ? [...rows.slice(0, room - 1), [`其余 ${rows.length - room + 1} 项（略）`, ...head.slice(1).map(() => "")]] : rows;
  // A column of figures is right-aligned, its heading too.
  const numeric = head.map((_, i) => i > 0 && rows.length > 0 && rows.every((r) => NUMERIC.test(r[i] ?? "")));
  const line = (cells: Row, bold: boolean) => {
    let x = PAGE.margin;
    cells.forEach((cell, i) => {
      const w = widths[i] ?? 60;
      doc.fillColor(bold ? "#000" : "#222").text(fit(doc, cell, w - 4), x + 2, y + 2, { width: w - 4, align: numeric[i] ? "right" : "left", lineBreak: false });
      x += w;
    });
    y += rowH;
    doc
      .moveTo(PAGE.margin, y)
      .lineTo(PAGE.margin + widths.reduce((a, b) => a + b, 0), y)
      .lineWidth(bold ? 0.8 : 0.3)
      .strokeColor("#999")
      .stroke();
  };
  line(head, true);
  for (const r of shown) line(r, false);
  return y + 10;
}

async function drawChart(doc: Doc, y: number, option: EChartsOption, title: string): Promise<number> {
  const { default: SVGtoPDF } = await import("svg-to-pdfkit");
  const svg = await renderChartSvg({ textStyle: { fontFamily: "Noto Sans CJK SC" }, ...option }, CHART, title);
  SVGtoPDF(doc, svg, PAGE.margin, y, { width: CHART.width, height: CHART.height, assumePt: true, fontCallback: () => "cjk" });
  return y + CHART.height + 10;
}

function startSection(doc: Doc, data: MonthlyReportData, index: number): number {
  doc.addPage({ size: "A4", margin: PAGE.margin });
  doc.font("cjk").fillColor("#666").fontSize(8);
  doc.text(`吕梁科技大市场 · 科技成果转化指标月报 · ${data.month}`, PAGE.margin, PAGE.margin - 20, { lineBreak: false });
  doc.fillColor("#000").fontSize(16).text(SECTION_TITLES[index]!, PAGE.margin, PAGE.margin, { lineBreak: false });
  doc
    .fillColor("#666")
    .fontSize(8)
    .text(SECTION_TITLES_EN[index]!, PAGE.margin, PAGE.margin + 22, { lineBreak: false });
  // The figures are the year's to date as the platform holds them when the report is drawn.
  const asOf = `${data.year} 年度累计 · 数据截至 ${data.asOfDay}${data.monthEnded ? "（月末）" : "（本月尚未结束）"}`;
  doc.text(`${asOf} · 生成于 ${data.generatedOn} · 第 ${index + 1} 页 / 共 ${SECTION_TITLES.length} 页`, PAGE.margin, PAGE.height - PAGE.margin, {
    lineBreak: false,
  });
  doc.fillColor("#000");
  return PAGE.margin + 40;
}

const bar = (categories: string[], series: { name: string; data: number[] }[], unit: string): EChartsOption => ({
  grid: { left: 70, right: 20, top: 30, bottom: categories.length > 6 ? 60 : 30 },
  legend: { top: 0 },
  xAxis: { type: "category", data: categories, axisLabel: { interval: 0, rotate: categories.length > 6 ? 30 : 0 } },
  yAxis: { type: "value", name: unit },
  series: series.map((s) => ({ type: "bar", name: s.name, data: s.data })),
});

const wanNumber = (fen: number) => Math.round(fen / 10_000) / 100;

async function targetsSection(doc: Doc, data: MonthlyReportData): Promise<void> {
  let y = startSection(doc, data, 0);
  const name = (k: string) => zh(`targets.indicator.${k}`);
  const tracked = data.progress.filter((p) => p.share !== null);
  y = await drawChart(
    doc,
    y,
    {
      ...bar(
        tracked.map((p) => name(p.indicator)),
        [{ name: "完成比例（%）", data: tracked.map((p) => Math.round((p.share ?? 0) * 1000) / 10) }],
        "%",
      ),
    },
    "各项政策目标完成比例",
  );
  const rows = data.progress.map((p) => [
    name(p.indicator),
    targetValue(p.target?.value ?? null, p.target?.unit ?? null),
    p.current === null ? "暂未统计" : targetValue(p.current, p.target?.unit ?? (p.indicator === "contract_amount_fen" ? "fen" : null)),
    percent(p.share),
    p.target?.deadline ?? "—",
    p.target?.source ?? "未设定目标",
  ]);
  drawTable(doc, y, [110, 80, 80, 50, 60, CONTENT_WIDTH - 380], ["指标", "目标", "当前", "完成", "期限", "依据文件"], rows, `${data.year} 年度政策目标`);
}

async function contractSection(doc: Doc, data: MonthlyReportData): Promise<void> {
  let y = startSection(doc, data, 1);
  const o = data.official;
  const t = data.indicator.totals;
  y = await drawChart(
    doc,
    y,
    bar(
      INDICATOR_SERIES.map((s) => SERIES_ZH[s]),
      [
        { name: "技术合同成交额", data: INDICATOR_SERIES.map((s) => wanNumber(t[s].contractFen)) },
        { name: "技术交易额", data: INDICATOR_SERIES.map((s) => wanNumber(t[s].techFen)) },
      ],
      "万元",
    ),
    "输出、吸纳、本地的技术合同成交额与技术交易额",
  );
  y = drawTable(
    doc,
    y,
    [130, 120, 120, CONTENT_WIDTH - 370],
    ["口径", "技术合同成交额（万元）", "技术交易额（万元）", "合同份数"],
    INDICATOR_SERIES.map((s) => [SERIES_ZH[s], reportWan(t[s].contractFen), reportWan(t[s].techFen), whole(t[s].count)]),
    `${data.year} 年三类口径`,
  );
  const official = `${SERIES_ZH[data.setting.series]}${data.setting.amount === "tech" ? "技术交易额" : "技术合同成交额"}`;
  const rows: Row[] = [
    [`官方数字：技术合同成交额（${official}）`, reportWan(o.contractAmountFen)],
    ["年度目标", o.targetFen === null ? "未设定" : reportWan(o.targetFen)],
    ["计入合同份数", `${whole(o.registeredContracts)} 份`],
    ["其中：全国系统平台外登记", reportWan(o.offPlatformAmountFen)],
    [`标记待核查（${whole(o.flaggedContracts)} 份）`, reportWan(o.flaggedAmountFen)],
    ["年度关账", o.closed ? "已关账" : "未关账"],
  ];
  if (o.closed && o.closedContractAmountFen !== null) {
    rows.push(["关账数字", reportWan(o.closedContractAmountFen)], ["修订后数字", reportWan(o.contractAmountFen)]);
  }
  drawTable(doc, y, [250, CONTENT_WIDTH - 250], ["项目", "金额（万元）/ 说明"], rows, "官方数字 · Official figure");
}

async function breakdownSection(doc: Doc, data: MonthlyReportData): Promise<void> {
  let y = startSection(doc, data, 2);
  const s = data.setting.series;
  const pick = (a: { contractFen: number; techFen: number }) => (data.setting.amount === "tech" ? a.techFen : a.contractFen);
  const counties = data.indicator.byCounty[s];
  y = await drawChart(
    doc,
    y,
    bar(
      counties.map((c) => c.labelZh),
      [{ name: `${SERIES_ZH[s]}（万元）`, data: counties.map((c) => wanNumber(pick(c.amounts))) }],
      "万元",
    ),
    `各县（市、区）${SERIES_ZH[s]}技术合同金额`,
  );
  const widths = [150, 110, 110, CONTENT_WIDTH - 370];
  const head = ["", "技术合同成交额（万元）", "技术交易额（万元）", "份数"];
  y = drawTable(
    doc,
    y,
    widths,
    ["合同类型", ...head.slice(1)],
    data.indicator.byType.map((r) => [typeName(r.key), reportWan(r.series[s].contractFen), reportWan(r.series[s].techFen), whole(r.series[s].count)]),
    `按合同类型（${SERIES_ZH[s]}）`,
  );
  y = drawTable(
    doc,
    y,
    widths,
    ["县（市、区）", ...head.slice(1)],
    counties.map((c) => [c.labelZh, reportWan(c.amounts.contractFen), reportWan(c.amounts.techFen), whole(c.amounts.count)]),
    `按县（市、区）（${SERIES_ZH[s]}）`,
  );
  drawTable(
    doc,
    y,
    widths,
    ["产业链", ...head.slice(1)],
    data.indicator.byChain.map((r) => [r.labelZh, reportWan(r.series[s].contractFen), reportWan(r.series[s].techFen), whole(r.series[s].count)]),
    `按产业链（${SERIES_ZH[s]}）`,
  );
}

async function listsSection(doc: Doc, data: MonthlyReportData): Promise<void> {
  let y = startSection(doc, data, 3);
  const find = (k: string) => data.progress.find((p) => p.indicator === k);
  const items = [
    { name: "企业技术需求清单", done: data.needsList.done, target: data.needsList.target, unit: find("needs_list")?.target?.unit ?? "项" },
    {
      name: "科技成果转化清单",
      done: data.transformationList.done,
      target: data.transformationList.target,
      unit: find("transformation_list")?.target?.unit ?? "项",
    },
    {
      name: "征集企业需求",
      done: find("enterprise_needs_collected")?.current ?? 0,
      target: find("enterprise_needs_collected")?.target?.value ?? null,
      unit: find("enterprise_needs_collected")?.target?.unit ?? "项",
    },
    {
      name: "发布科技成果",
      done: find("achievements_published")?.current ?? 0,
      target: find("achievements_published")?.target?.value ?? null,
      unit: find("achievements_published")?.target?.unit ?? "项",
    },
  ];
  y = await drawChart(
    doc,
    y,
    bar(
      items.map((i) => i.name),
      [
        { name: "已完成", data: items.map((i) => i.done) },
        { name: "目标", data: items.map((i) => i.target ?? 0) },
      ],
      "项",
    ),
    "需求清单与成果转化清单完成情况",
  );
  drawTable(
    doc,
    y,
    [170, 100, 100, CONTENT_WIDTH - 370],
    ["清单", "已完成", "目标", "完成比例"],
    items.map((i) => [
      i.name,
      `${whole(i.done)} ${i.unit}`,
      i.target === null ? "未设定" : `${whole(i.target)} ${i.unit}`,
      percent(i.target ? i.done / i.target : null),
    ]),
    `${data.year} 年度清单`,
  );
}

async function brokersSection(doc: Doc, data: MonthlyReportData): Promise<void> {
  let y = startSection(doc, data, 4);
  const c = data.cohorts;
  y = await drawChart(
    doc,
    y,
    bar(
      c.byCohort.map((r) => r.cohort),
      [{ name: "认定技术经纪人（人）", data: c.byCohort.map((r) => r.n) }],
      "人",
    ),
    "各期培育并认定的技术经纪人",
  );
  const trained = data.progress.find((p) => p.indicator === "brokers_trained");
  y = drawTable(
    doc,
    y,
    [170, CONTENT_WIDTH - 170],
    ["项目", "数值"],
    [
      [`${data.year} 年度培育目标`, trained?.target ? `${whole(trained.target.value)} ${trained.target.unit}` : "未设定"],
      ["截至本年已认定", `${whole(trained?.current ?? 0)} 人`],
      ["完成比例", percent(trained?.share ?? null)],
      ...c.byCohort.map((r) => [`${r.cohort} 期`, `${whole(r.n)} 人`]),
    ],
    "百名技术经纪人培育行动",
  );
  const s = data.setting.series;
  const brokers = data.indicator.byBroker.filter((r) => r.series[s].count > 0).sort((a, b) => b.series[s].contractFen - a.series[s].contractFen);
  drawTable(
    doc,
    y,
    [150, 110, 110, CONTENT_WIDTH - 370],
    ["技术经纪人", "技术合同成交额（万元）", "技术交易额（万元）", "份数"],
    brokers.map((r) => [r.labelZh, reportWan(r.series[s].contractFen), reportWan(r.series[s].techFen), whole(r.series[s].count)]),
    `经纪人促成的技术合同（${SERIES_ZH[s]}）`,
  );
}

/** The file at the font path is no font PDFKit can read, or holds no NotoSansCJKsc-Regular. */
export class ReportFontError extends Error {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`the report font ${path} cannot be read`, { cause });
  }
}

/** The report as a PDF: five A4 pages, one per section, in the CJK font at `fontPath`. */
export async function drawMonthlyReport(data: MonthlyReportData, fontPath: string): Promise<Buffer> {
  const { default: PDFDocument } = await import("pdfkit");
  const doc = new PDFDocument({
    autoFirstPage: false,
    size: "A4",
    margin: PAGE.margin,
    info: { Title: `吕梁科技大市场科技成果转化指标月报 ${data.month}`, Author: "吕梁市科学技术局", Subject: "Monthly indicator report" },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  try {
    doc.registerFont("cjk", fontPath, REPORT_FONT_NAME);
    doc.font("cjk");
  } catch (cause) {
    doc.end();
    throw new ReportFontError(fontPath, cause);
  }
  await targetsSection(doc, data);
  await contractSection(doc, data);
  await breakdownSection(doc, data);
  await listsSection(doc, data);
  await brokersSection(doc, data);
  doc.end();
  return done;
}
