import type { Db } from "../../../db/connection";
import { COUNTED_CONTRACT_CONDITION } from "../indicator.server";
import { beijingYear, checkedCounty, exact, rows } from "./sql.server";

// How the needs published in a year went on: claimed by a broker (need_claims), matched (a
// pairing a broker took up: its deal left "suggested"), negotiating, signed, and registered (a
// counted contract of one of its deals). A need counts at a step once it reached it, whatever
// happened after (a deal later dismissed still reached the steps it went through). The days a
// step takes are from the previous step's date to this one's, over the needs that have both.

import { FUNNEL_STEPS, type FunnelStep } from "../../codes";

export { FUNNEL_STEPS, type FunnelStep };

export interface FunnelRow {
  step: FunnelStep;
  count: number;
  /** Median days from the previous step to this one; null for the first step or without a case. */
  medianDays: number | null;
}

/** The first time one of the need's deals reached one of `stages`, by its stage events or its current stage. */
function reached(stages: string): string {
  return `(SELECT MIN(t) FROM (
      SELECT e.created_at AS t FROM deal_events e JOIN matches m ON m.id = e.match_id WHERE m.need_id = n.id AND e.kind = 'stage' AND e.to_stage IN (${stages})
      UNION ALL
      SELECT COALESCE(m.stage_changed_at, m.updated_at) AS t FROM matches m WHERE m.need_id = n.id AND m.stage IN (${stages})))`;
}

const REGISTERED = `(SELECT MIN(COALESCE(f.registered_at, f.elsewhere_registered_on))
    FROM contracts c JOIN matches m ON m.id = c.match_id JOIN contracts f ON f.family_id = c.family_id
    WHERE m.need_id = n.id AND ${COUNTED_CONTRACT_CONDITION})`;

const PUBLISHED_IN_YEAR = `n.published_at IS NOT NULL AND ${beijingYear("n.published_at")} = ?`;

const FUNNEL_QUERY = (withCounty: boolean) => `
  SELECT n.id, n.title, n.county_code AS county, n.published_at AS published,
    (SELECT cl.claimed_at FROM need_claims cl WHERE cl.need_id = n.id) AS claimed,
    ${reached("'contacted', 'negotiating', 'signed'")} AS matched,
    ${reached("'negotiating', 'signed'")} AS negotiating,
    ${reached("'signed'")} AS signed,
    ${REGISTERED} AS registered
  FROM needs n
  WHERE ${PUBLISHED_IN_YEAR} ${withCounty ? "AND n.county_code = ?" : ""}`;

/** The funnel's first step alone: the needs published in `year`. */
export function publishedNeedsCount(db: Db, year: number): number {
  return exact(rows(db, `SELECT count(*) AS n FROM needs n WHERE ${PUBLISHED_IN_YEAR}`, [year])[0]?.n);
}

/** The median of a list of numbers (the mean of the middle two for an even count); null when empty. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const DAY_MS = 86_400_000;

/** Days between two ISO times or dates (a date is midnight UTC). */
function daysBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / DAY_MS;
}

function stepDates(db: Db, year: number, county: string | null): { row: Record<string, unknown>; dates: (string | null)[] }[] {
  return rows(db, FUNNEL_QUERY(county !== null), county === null ? [year] : [year, county]).map((row) => ({
    row,
    dates: FUNNEL_STEPS.map((s) => (row[s] === null || row[s] === undefined ? null : String(row[s]))),
  }));
}

/** The funnel of the needs published in `year` (in `county` when given). */
export function computeNeedFunnel(db: Db, year: number, countyInput: string | null = null): FunnelRow[] {
  const county = checkedCounty(countyInput);
  const found = stepDates(db, year, county).map((f) => f.dates);
  return FUNNEL_STEPS.map((step, i) => {
    const count = found.filter((dates) => dates[i] !== null).length;
    if (i === 0) return { step, count, medianDays: null };
    const spans = found.flatMap((dates) => (dates[i] !== null && dates[i - 1] !== null ? [Math.max(0, daysBetween(dates[i - 1]!, dates[i]!))] : []));
    const m = median(spans);
    return { step, count, medianDays: m === null ? null : Math.round(m * 10) / 10 };
  });
}

export interface FunnelNeed {
  id: number;
  title: string;
  countyCode: string;
  /** When it reached the step. */
  reachedAt: string;
  /** Days from the previous step, when it has both. */
  days: number | null;
}

/** The needs a funnel figure counts: those published in `year` (in `county`) that reached `step`, newest first. */
export function funnelNeeds(db: Db, year: number, countyInput: string | null, step: FunnelStep): FunnelNeed[] {
  const county = checkedCounty(countyInput);
  const i = FUNNEL_STEPS.indexOf(step);
  return stepDates(db, year, county)
    .filter((f) => f.dates[i] !== null)
    .map(({ row, dates }) => ({
      id: exact(row.id),
      title: String(row.title),
      countyCode: String(row.county),
      reachedAt: dates[i]!,
      days: i > 0 && dates[i - 1] !== null ? Math.round(Math.max(0, daysBetween(dates[i - 1]!, dates[i]!)) * 10) / 10 : null,
    }))
    .sort((a, b) => (a.reachedAt < b.reachedAt ? 1 : a.reachedAt > b.reachedAt ? -1 : b.id - a.id));
}
