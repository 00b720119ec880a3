import fs from "node:fs";
import type { Db } from "../../db/connection";
import { todayInShanghai } from "../i18n/format";
import { transformationListProgress } from "./achievements.server";
import { cohortProgress } from "./brokers.server";
import { currentSetting } from "./env.server";
import { computeContractIndicator, indicatorSetting, type ContractIndicator, type IndicatorSetting } from "./indicator.server";
import { monthEnd } from "./indicators/month-end.server";
import { needsListProgress } from "./needs.server";
import { officialIndicator, type OfficialIndicator } from "./official-indicator.server";
import { targetProgress, type TargetProgress } from "./target-progress.server";

// The Bureau's monthly report: every indicator of the month's year, year to date at the month's
// end, read through the same functions as the dashboard, the public indicator page and the API,
// so the PDF never disagrees with them. The PDF itself is drawn in monthly-report-pdf.server.ts.

export const DEFAULT_REPORT_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
/** The face inside the collection: Simplified Chinese. */
export const REPORT_FONT_NAME = "NotoSansCJKsc-Regular";

/** The CJK font the PDF embeds (REPORT_FONT), read at each request so a fix needs no restart. */
export function reportFontPath(): string {
  return currentSetting("REPORT_FONT") ?? DEFAULT_REPORT_FONT;
}

export function reportFontAvailable(path: string = reportFontPath()): boolean {
  try {
    return fs.statSync(path).isFile();
  } catch {
    return false;
  }
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The month (YYYY-MM) of the platform's first data: a listing, a contract or a national record; null when there is none. */
export function firstDataMonth(db: Db): string | null {
  const row = db.$client
    .prepare(
      `SELECT MIN(m) FROM (
         SELECT MIN(substr(created_at, 1, 7)) AS m FROM needs
         UNION ALL SELECT MIN(substr(created_at, 1, 7)) FROM achievements
         UNION ALL SELECT MIN(substr(created_at, 1, 7)) FROM contracts
         UNION ALL SELECT MIN(registration_year || '-01') FROM contracts WHERE registration_year IS NOT NULL
         UNION ALL SELECT MIN(registration_year || '-01') FROM national_records
       ) WHERE m IS NOT NULL`,
    )
    .pluck()
    .get() as string | null;
  return row ?? null;
}

/** The Beijing month of `now`, YYYY-MM. */
export const currentMonth = (now: Date = new Date()): string => todayInShanghai(now).slice(0, 7);

export type ReportMonthCheck = { ok: true; month: string; year: number } | { ok: false; error: "bad_month" | "future" | "before_data"; first: string | null };

/** Whether a report can be drawn for `month`: a real month, not after this one, not before the first data. */
export function checkReportMonth(db: Db, month: string, now: Date = new Date()): ReportMonthCheck {
  const m = MONTH.exec(month);
  if (!m) return { ok: false, error: "bad_month", first: null };
  const first = firstDataMonth(db);
  if (month > currentMonth(now)) return { ok: false, error: "future", first };
  if (first === null || month < first) return { ok: false, error: "before_data", first };
  return { ok: true, month, year: Number(m[1]) };
}

/** Every month a report exists for, newest first. */
export function reportMonths(db: Db, now: Date = new Date()): string[] {
  const first = firstDataMonth(db);
  if (!first) return [];
  const months: string[] = [];
  let [y, mo] = currentMonth(now).split("-").map(Number) as [number, number];
  while (months.length < 600) {
    const month = `${y}-${String(mo).padStart(2, "0")}`;
    if (month < first) break;
    months.push(month);
    mo -= 1;
    if (mo === 0) [y, mo] = [y - 1, 12];
  }
  return months;
}

export interface MonthlyReportData {
  month: string;
  year: number;
  /** When the figures were read. */
  generatedOn: string;
  /** Whether the month has ended: its figures are those at its end. */
  monthEnded: boolean;
  /** The day the figures stand at: the month's last day once it has ended, today while it runs. */
  asOfDay: string;
  setting: IndicatorSetting;
  progress: TargetProgress[];
  official: OfficialIndicator;
  indicator: ContractIndicator;
  needsList: ReturnType<typeof needsListProgress>;
  transformationList: ReturnType<typeof transformationListProgress>;
  cohorts: ReturnType<typeof cohortProgress>;
}

/**
 * Every figure of the report for `month`'s year, from the functions the dashboard reads. For a
 * month that has ended, the year's figures as they stood at its end: contracts that entered the
 * figure in the year's months up to it (and count today), listings published, put on a list or
 * sent in before its end, brokers certified before it. A running month reads today's figures.
 */
export function monthlyReportData(db: Db, month: string, now: Date = new Date()): MonthlyReportData {
  const year = Number(month.slice(0, 4));
  const monthEnded = month < currentMonth(now);
  const end = monthEnded ? monthEnd(month) : null;
  return {
    month,
    year,
    generatedOn: todayInShanghai(now),
    monthEnded,
    asOfDay: end ? end.lastDay : todayInShanghai(now),
    setting: indicatorSetting(db),
    progress: targetProgress(db, year, end),
    official: officialIndicator(db, year),
    indicator: computeContractIndicator(db, { year, throughMonth: end?.month ?? null }),
    needsList: needsListProgress(db, year, end?.cut ?? null),
    transformationList: transformationListProgress(db, year, end?.cut ?? null),
    cohorts: cohortProgress(db, end?.cut ?? null),
  };
}

export type MonthlyReportResult =
  | { ok: true; month: string; pdf: Buffer }
  | { ok: false; error: "bad_month" | "future" | "before_data"; first: string | null }
  | { ok: false; error: "font_missing"; path: string };

/** The month's report as a PDF, or why it cannot be drawn: a month out of range, or the font missing. */
export async function monthlyReportPdf(db: Db, month: string, now: Date = new Date(), fontPath: string = reportFontPath()): Promise<MonthlyReportResult> {
  const checked = checkReportMonth(db, month, now);
  if (!checked.ok) return checked;
  if (!reportFontAvailable(fontPath)) return { ok: false, error: "font_missing", path: fontPath };
  const { drawMonthlyReport, ReportFontError } = await import("./monthly-report-pdf.server");
  try {
    return { ok: true, month, pdf: await drawMonthlyReport(monthlyReportData(db, month, now), fontPath) };
  } catch (e) {
    if (e instanceof ReportFontError) return { ok: false, error: "font_missing", path: fontPath };
    throw e;
  }
}
