import type { Db } from "../../../db/connection";
import { INDICATOR_SERIES, type IndicatorSeries } from "../../codes";
import { CONTRACT_MONTH, COUNTED_CONTRACT_CONDITION, COUNTED_RECORD_CONDITION, RECORD_MONTH, type Amounts, type SeriesAmounts } from "../indicator.server";
import { rebuildRollup, rollupByDivision, rollupByKey, rollupByYear, rollupDrift, rollupTotals } from "./rollup.server";
import { checkedCounty, rows, type RawRow } from "./sql.server";

// The technology-contract amount of a year broken down every way the Bureau reads it, for the
// whole city or one county. The same counting as computeContractIndicator (one row per counted
// family or off-platform record, in the Beijing year of its first registration), with what that
// lacks: the technical field, the month, and a county filter. The sums are read from
// indicator_rollup, which the database keeps in step with every counted row; `counted` below is
// the row-by-row query the lists show and the rollup is checked against. With a county, 输出 and 本地 are the
// contracts whose seller is in it (本地: and whose buyer is in Lüliang), 吸纳 those whose buyer is.

export interface FigureRow {
  key: string;
  labelZh: string;
  labelEn: string;
  series: SeriesAmounts;
}

export interface CountyFigureRow {
  key: string;
  labelZh: string;
  labelEn: string;
  amounts: Amounts;
}

export interface ContractFigures {
  year: number;
  county: string | null;
  totals: SeriesAmounts;
  /** Months 1-12 of the year, every month present. */
  byMonth: FigureRow[];
  /** Every year with counted contracts (the county filter applies, the year does not). */
  byYear: FigureRow[];
  byType: FigureRow[];
  byField: FigureRow[];
  byChain: FigureRow[];
  byBroker: FigureRow[];
  /** The seller's county for output and local, the buyer's for absorbed. */
  byCounty: Record<IndicatorSeries, CountyFigureRow[]>;
}

const LULIANG = "1411";

/**
 * COUNTED_CONTRACT_CONDITION for one year (the parameter), written without a top-level OR so
 * that SQLite reads it from contracts_indicator_idx alone instead of fetching every row.
 */
const COUNTED_IN_YEAR = `c.registration_year = ? AND c.status IN ('registered', 'elsewhere') AND c.superseded_at IS NULL
    AND (c.status = 'registered' OR c.elsewhere_confirmed_at IS NOT NULL)`;

/** One row per counted family or off-platform record; with `detail`, what a list of them shows. */
export function counted(yearFiltered: boolean, detail = false, withMonth = true): string {
  const y = (col: string) => (yearFiltered ? `AND ${col} = ?` : "");
  const c = detail
    ? "'contract' AS source, c.id, c.title, c.seller_name AS seller, c.buyer_name AS buyer, COALESCE(c.registration_no, c.elsewhere_no) AS reg_no,"
    : "";
  const r = detail ? "'national' AS source, r.id, r.title, r.seller_name AS seller, r.buyer_name AS buyer, r.registration_no AS reg_no," : "";
  return `
  SELECT ${c} c.registration_year AS year, ${withMonth ? CONTRACT_MONTH : "NULL"} AS month, c.type, c.industry_chain_id AS chain, c.contract_field_code AS field,
         c.broker_user_id AS broker, c.contract_value_fen AS cv, c.tech_value_fen AS tv, c.seller_division AS sd, c.buyer_division AS bd
  FROM contracts c
  WHERE ${yearFiltered ? COUNTED_IN_YEAR : COUNTED_CONTRACT_CONDITION}
  UNION ALL
  SELECT ${r} r.registration_year AS year, ${withMonth ? RECORD_MONTH : "NULL"} AS month, r.type, NULL AS chain, r.contract_field_code AS field,
         NULL AS broker, r.contract_value_fen AS cv, r.tech_value_fen AS tv, r.seller_division AS sd, r.buyer_division AS bd
  FROM national_records r
  WHERE ${COUNTED_RECORD_CONDITION} ${y("r.registration_year")}`;
}

/** Each series' condition over a counted row, for the city (county null) or one county (a checked code). */
export function seriesConditions(county: string | null): Record<IndicatorSeries, string> {
  const sIn = `substr(sd, 1, 4) = '${LULIANG}'`;
  const bIn = `substr(bd, 1, 4) = '${LULIANG}'`;
  if (county === null) return { output: sIn, absorbed: bIn, local: `${sIn} AND ${bIn}` };
  return { output: `sd = '${county}'`, absorbed: `bd = '${county}'`, local: `sd = '${county}' AND ${bIn}` };
}

const emptySeries = (): SeriesAmounts => ({
  output: { contractFen: 0, techFen: 0, count: 0 },
  absorbed: { contractFen: 0, techFen: 0, count: 0 },
  local: { contractFen: 0, techFen: 0, count: 0 },
});

function byCounty(db: Db, year: number, county: string | null): Record<IndicatorSeries, CountyFigureRow[]> {
  const out = {} as Record<IndicatorSeries, CountyFigureRow[]>;
  for (const s of INDICATOR_SERIES)
    out[s] = rollupByDivision(db, s, year, county).map((r) => ({
      key: r.key,
      // 141100 is the city itself and carries no county name of its own.
      labelZh: r.nameZh ?? (r.key === "141100" ? "吕梁市（本级）" : "吕梁市"),
      labelEn: r.nameEn ?? (r.key === "141100" ? "Lüliang (city level)" : "Lüliang"),
      amounts: r.amounts,
    }));
  return out;
}

type Labels = Map<string, [string, string]>;

function labelsOf(db: Db, text: string): Labels {
  return new Map(rows(db, text).map((r) => [String(r.k), [String(r.zh), String(r.en)]]));
}

function toFigureRows(map: Map<string, SeriesAmounts>, labels: Labels, fallback: [string, string], order: (a: string, b: string) => number): FigureRow[] {
  return [...map.keys()].sort(order).map((key) => {
    const [labelZh, labelEn] = labels.get(key) ?? fallback;
    return { key, labelZh, labelEn, series: map.get(key)! };
  });
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The contract amount of `year` (for `county` when given) broken down by month, year, type, field, chain, broker (unless left out) and county. */
export function computeContractFigures(db: Db, year: number, countyInput: string | null = null, options: { brokers?: boolean } = {}): ContractFigures {
  const county = checkedCounty(countyInput);
  const totals = rollupTotals(db, year, county);
  const months = rollupByKey(db, "month", year, county);
  const byMonth = Array.from({ length: 12 }, (_, i) => ({
    key: String(i + 1),
    labelZh: `${i + 1}月`,
    labelEn: new Date(Date.UTC(2000, i, 1)).toLocaleString("en", { month: "short", timeZone: "UTC" }),
    series: months.get(String(i + 1)) ?? emptySeries(),
  }));
  const byYear = rollupByYear(db, county).map((r) => ({ key: String(r.year), labelZh: String(r.year), labelEn: String(r.year), series: r.series }));
  const byType = toFigureRows(rollupByKey(db, "type", year, county), new Map(), ["", ""], byText).map((r) => ({ ...r, labelZh: r.key, labelEn: r.key }));
  const fields = labelsOf(db, "SELECT code AS k, name_zh AS zh, name_en AS en FROM tech_fields WHERE vocabulary = 'contract'");
  const byField = toFigureRows(rollupByKey(db, "field", year, county), fields, ["未注明", "Not stated"], byText);
  const chains = labelsOf(db, "SELECT id AS k, name_zh AS zh, name_en AS en FROM industry_chains");
  const byChain = toFigureRows(rollupByKey(db, "chain", year, county), chains, ["未注明", "Not stated"], byText);
  // The public page names no one: it leaves the broker breakdown out, unread.
  const brokers = options.brokers === false ? new Map<string, SeriesAmounts>() : rollupByKey(db, "broker", year, county);
  const brokerIds = [...brokers.keys()].filter((k) => k !== "0");
  const names: Labels = new Map();
  if (brokerIds.length) {
    for (const r of rows(db, `SELECT id AS k, name FROM users WHERE id IN (${brokerIds.map(Number).join(",")})`))
      names.set(String(r.k), [String(r.name), String(r.name)]);
  }
  const byBroker = toFigureRows(brokers, names, ["无经纪人", "No broker"], (a, b) => Number(a) - Number(b));
  return { year, county, totals, byMonth, byYear, byType, byField, byChain, byBroker, byCounty: byCounty(db, year, county) };
}

/** Where indicator_rollup differs from the counted rows summed afresh: empty when it is right. */
export function indicatorRollupDrift(db: Db): RawRow[] {
  return rollupDrift(db, counted(false));
}

/** Sums indicator_rollup again from the counted rows. */
export function rebuildIndicatorRollup(db: Db): void {
  rebuildRollup(db, counted(false));
}

/** Compares indicator_rollup with a full count and, when they differ, logs the difference and sums it again; returns the rows that differed. */
export function checkIndicatorRollup(db: Db): number {
  const drift = indicatorRollupDrift(db);
  if (drift.length === 0) return 0;
  const sample = drift.slice(0, 5).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "bigint" ? String(v) : v])));
  console.error(JSON.stringify({ level: "error", event: "indicator_rollup_drift", rows: drift.length, sample }));
  rebuildIndicatorRollup(db);
  return drift.length;
}
