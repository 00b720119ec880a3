import { PDFParse } from "pdf-parse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/connection";
import { createRng } from "../../db/seed-data/random";
import { loader as reportLoader } from "../../app/routes/admin.reports.$month[.pdf]";
import { loader as indexLoader } from "../../app/routes/admin.reports._index";
import { closeYear } from "../../app/services/closed-years.server";
import { SECTION_TITLES, reportWan } from "../../app/services/monthly-report-pdf.server";
import { computeContractFigures } from "../../app/services/indicators/contract-figures.server";
import { checkReportMonth, firstDataMonth, monthlyReportData, monthlyReportPdf, reportMonths } from "../../app/services/monthly-report.server";
import { officialIndicator } from "../../app/services/official-indicator.server";
import { savePolicyTarget } from "../../app/services/policy-targets.server";
import { targetProgress } from "../../app/services/target-progress.server";
import { req, statusOf, useAppDb } from "../helpers/app";
import { makeWorld, type World } from "../helpers/world";
import { addFamily, addRecord, write, type World as FigureWorld } from "./official-figure-fixtures";

// The monthly report as PDF: one page per section, Chinese text that extracts, the same figures
// as the functions the dashboard reads, a clear refusal for a month out of range and a 503 when
// the font is missing. The Bureau's alone.

let db: Db;
let cleanup: () => void;
let w: World;
const NOW = new Date("2025-12-15T04:00:00Z");
const context = { cspNonce: "" };

beforeAll(async () => {
  ({ db, cleanup } = useAppDb());
  w = await makeWorld(db);
  const importId = Number(
    db.$client
      .prepare("INSERT INTO national_imports (file_name, sha256, rows, imported, matched, to_confirm, imported_by) VALUES ('全国.xlsx', 'x', 0, 0, 0, 0, ?)")
      .run(w.admin.user.id).lastInsertRowid,
  );
  const fw: FigureWorld = { adminId: w.admin.user.id, importId, families: [], records: [], serial: 0 };
  const rng = createRng(20251215);
  write(db, () => {
    for (let i = 0; i < 60; i++) fw.families.push(addFamily(db, fw, rng, 2025));
    for (let i = 0; i < 12; i++) fw.records.push(addRecord(db, fw, rng, 2025, "2025-11-02T03:00:00.000Z"));
  });
  savePolicyTarget(db, w.admin.actor, {
    indicator: "contract_amount_fen",
    year: 2025,
    value: 1_234_567_890_000,
    unit: "fen",
    source: "三年行动方案",
    deadline: "2025-12-31",
  });
  savePolicyTarget(db, w.admin.actor, { indicator: "brokers_trained", year: 2025, value: 100, unit: "人", source: "百名技术经纪人培育行动", deadline: null });
});
afterAll(() => cleanup());

async function pdfText(pdf: Buffer): Promise<{ total: number; pages: string[]; text: string }> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getText();
    return { total: result.total, pages: result.pages.map((p) => p.text), text: result.text };
  } finally {
    await parser.destroy();
  }
}

describe("the monthly report", () => {
  it("has one page per section, its text in Chinese, with the figures of targetProgress and officialIndicator", async () => {
    // The month still running: today's figures.
    const result = await monthlyReportPdf(db, "2025-12", NOW);
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const { total, pages, text } = await pdfText(result.pdf);
    expect(total).toBe(SECTION_TITLES.length);
    expect(total).toBe(5);
    // Pages counted a second way: the PDF's own page objects.
    expect(result.pdf.toString("latin1").match(/\/Type \/Page\b/g)).toHaveLength(5);
    SECTION_TITLES.forEach((title, i) => expect(pages[i]).toContain(title));
    expect(text).toContain("技术合同成交额");

    const official = officialIndicator(db, 2025);
    expect(official.contractAmountFen).toBeGreaterThan(0);
    expect(pages[1]).toContain(reportWan(official.contractAmountFen));
    expect(pages[1]).toContain(reportWan(official.outputTechnologyAmountFen));
    expect(pages[1]).toContain(reportWan(official.absorbedAmountFen));
    expect(pages[1]).toContain(`${official.registeredContracts} 份`);
    expect(pages[1]).toContain(reportWan(1_234_567_890_000));

    const progress = targetProgress(db, 2025);
    const amount = progress.find((p) => p.indicator === "contract_amount_fen")!;
    expect(amount.current).toBe(official.contractAmountFen);
    expect(pages[0]).toContain(`${reportWan(amount.current!)} 万元`);
    expect(pages[0]).toContain(`${(amount.share! * 100).toFixed(1)}%`);
    expect(pages[0]).toContain("百名技术经纪人培育行动");
    expect(pages[0]).toContain("100 人");
    // County names, never codes.
    expect(pages[2]).toMatch(/离石区|文水县|交城县|临县|孝义市|汾阳市/);
    expect(pages[2]).not.toMatch(/1411\d\d/);
  }, 60_000);

  it("shows, for a month that has ended, the year's figures as they stood at its end", async () => {
    const data = monthlyReportData(db, "2025-11", NOW);
    expect(data).toMatchObject({ monthEnded: true, asOfDay: "2025-11-30", generatedOn: "2025-12-15" });
    // Counted a second way: the dashboard's months (the pre-summed rollup), January to November.
    const months = computeContractFigures(db, 2025).byMonth;
    const through = (s: "output" | "absorbed" | "local", k: "contractFen" | "techFen" | "count") =>
      months.slice(0, 11).reduce((sum, m) => sum + m.series[s][k], 0);
    expect(months[11]!.series.output.count, "the data has December contracts, which November's report leaves out").toBeGreaterThan(0);
    for (const s of ["output", "absorbed", "local"] as const)
      expect(data.indicator.totals[s]).toEqual({ contractFen: through(s, "contractFen"), techFen: through(s, "techFen"), count: through(s, "count") });
    const amount = data.progress.find((p) => p.indicator === "contract_amount_fen")!;
    expect(amount.current).toBe(through("output", "contractFen"));
    expect(amount.current).toBeLessThan(officialIndicator(db, 2025).contractAmountFen);

    const result = await monthlyReportPdf(db, "2025-11", NOW);
    if (!result.ok) throw new Error(JSON.stringify(result));
    const { pages } = await pdfText(result.pdf);
    expect(pages[0]).toContain("数据截至 2025-11-30（月末）");
    expect(pages[1]).toContain(reportWan(through("output", "contractFen")));
  }, 60_000);

  it("refuses a month that is malformed, still to come, or before the platform's first data", () => {
    expect(firstDataMonth(db)).toBe("2025-01");
    expect(checkReportMonth(db, "2025-13", NOW)).toMatchObject({ ok: false, error: "bad_month" });
    expect(checkReportMonth(db, "2026-01", NOW)).toMatchObject({ ok: false, error: "future" });
    expect(checkReportMonth(db, "2024-12", NOW)).toMatchObject({ ok: false, error: "before_data", first: "2025-01" });
    expect(checkReportMonth(db, "2025-12", NOW)).toEqual({ ok: true, month: "2025-12", year: 2025 });
    expect(reportMonths(db, NOW)).toEqual(Array.from({ length: 12 }, (_, i) => `2025-${String(12 - i).padStart(2, "0")}`));
  });

  it("answers 503 with a clear message when the font is missing", async () => {
    expect(await monthlyReportPdf(db, "2025-11", NOW, "/nonexistent/font.ttc")).toEqual({ ok: false, error: "font_missing", path: "/nonexistent/font.ttc" });
    // A file that is there but no font is refused the same way.
    expect(await monthlyReportPdf(db, "2025-11", NOW, "package.json")).toEqual({ ok: false, error: "font_missing", path: "package.json" });
    process.env.REPORT_FONT = "/nonexistent/font.ttc";
    try {
      const res = await statusOf(() =>
        reportLoader({ request: req("/admin/reports/2025-11.pdf", { cookie: w.admin.cookie }), params: { month: "2025-11" }, context }),
      );
      expect(res.status).toBe(503);
      expect(await res.response!.text()).toContain("/nonexistent/font.ttc");
      const page = await statusOf(() => indexLoader({ request: req("/admin/reports", { cookie: w.admin.cookie }), params: {}, context }));
      expect(((await page.response!.json()) as { fontMissing: string }).fontMissing).toBe("/nonexistent/font.ttc");
    } finally {
      delete process.env.REPORT_FONT;
    }
  });

  it("is the Bureau's alone, and refuses months out of range with their reason in the visitor's language", async () => {
    for (const who of [w.enterprise, w.broker, w.institute]) {
      const res = await statusOf(() =>
        reportLoader({ request: req("/admin/reports/2025-11.pdf", { cookie: who.cookie }), params: { month: "2025-11" }, context }),
      );
      expect(res.status).toBe(403);
    }
    const ok = await statusOf(() =>
      reportLoader({ request: req("/admin/reports/2025-11.pdf", { cookie: w.admin.cookie }), params: { month: "2025-11" }, context }),
    );
    expect(ok.status).toBe(200);
    expect(ok.response!.headers.get("Content-Type")).toBe("application/pdf");
    const future = await statusOf(() =>
      reportLoader({ request: req("/admin/reports/2099-01.pdf", { cookie: w.admin.cookie }), params: { month: "2099-01" }, context }),
    );
    expect(future.status).toBe(404);
    expect(await future.response!.text()).toContain("2099-01 尚未到来");
    const early = await statusOf(() =>
      reportLoader({
        request: req("/admin/reports/2001-01.pdf", { cookie: w.admin.cookie, headers: { "Accept-Language": "en" } }),
        params: { month: "2001-01" },
        context,
      }),
    );
    expect(early.status).toBe(404);
    expect(await early.response!.text()).toContain("before the platform's first data");
    const bad = await statusOf(() =>
      reportLoader({ request: req("/admin/reports/2025-1.pdf", { cookie: w.admin.cookie }), params: { month: "2025-1" }, context }),
    );
    expect(bad.status).toBe(400);
  }, 60_000);

  it("shows the closed figure beside the revised one once the year is closed", async () => {
    const later = new Date("2026-02-01T04:00:00Z");
    expect(closeYear(db, w.admin.actor, 2025, null, later).ok).toBe(true);
    const result = await monthlyReportPdf(db, "2025-12", later);
    if (!result.ok) throw new Error(JSON.stringify(result));
    const official = officialIndicator(db, 2025);
    expect(official.closed).toBe(true);
    const { pages } = await pdfText(result.pdf);
    expect(pages[1]).toContain("已关账");
    expect(pages[1]).toContain("关账数字");
    expect(pages[1]).toContain(reportWan(official.closedContractAmountFen!));
    expect(pages[1]).toContain("修订后数字");
  }, 60_000);
});
