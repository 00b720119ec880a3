import type { Db } from "../../../db/connection";
import { INDICATOR_SERIES, type IndicatorSeries } from "../../codes";
import { COUNTED_CONTRACT_CONDITION, COUNTED_RECORD_CONDITION, type Amounts, type SeriesAmounts } from "../indicator.server";
import { checkedCounty, exact, rows, type RawRow } from "./sql.server";

// The technology-contract amount of a year broken down every way the Bureau reads it, for the
// whole city or one county. The same counting as computeContractIndicator (one row per counted
// family or off-platform record, in the Beijing year of its first registration), with what that
// lacks: the technical field, the month, and a county filter. With a county, 输出 and 本地 are the
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

/** The month a contract entered the figure: its family's first registration here, its registration elsewhere, or the record's 登记日期. */
const CONTRACT_MONTH = `CASE
    WHEN c.status = 'elsewhere' THEN CAST(substr(c.elsewhere_registered_on, 6, 2) AS INTEGER)
    WHEN c.amendment_no = 0 OR c.family_id IS NULL OR c.family_id = c.id THEN CAST(strftime('%m', c.registered_at, '+8 hours') AS INTEGER)
    ELSE CAST(strftime('%m', (SELECT MIN(f.registered_at) FROM contracts f WHERE f.family_id = c.family_id AND f.registered_at IS NOT NULL), '+8 hours') AS INTEGER)
  END`;

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
  SELECT ${r} r.registration_year AS year, ${withMonth ? "CAST(substr(r.registered_on, 6, 2) AS INTEGER)" : "NULL"} AS month, r.type, NULL AS chain, r.contract_field_code AS field,
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

function seriesColumns(county: string | null): string {
  const cond = seriesConditions(county);
  return INDICATOR_SERIES.map(
    (s) =>
      `SUM(CASE WHEN ${cond[s]} THEN cv ELSE 0 END) AS ${s}_c, SUM(CASE WHEN ${cond[s]} THEN tv ELSE 0 END) AS ${s}_t, SUM(CASE WHEN ${cond[s]} THEN 1 ELSE 0 END) AS ${s}_n`,
  ).join(",\n  ");
}

/** Rows in no series of the filter are left out before grouping. */
function anySeries(county: string | null): string {
  const cond = seriesConditions(county);
  return `(${cond.output}) OR (${cond.absorbed})`;
}

function seriesOf(r: RawRow): SeriesAmounts {
  const out = {} as SeriesAmounts;
  for (const s of INDICATOR_SERIES) out[s] = { contractFen: exact(r[`${s}_c`]), techFen: exact(r[`${s}_t`]), count: exact(r[`${s}_n`]) };
  return out;
}

const emptySeries = (): SeriesAmounts => ({
  output: { contractFen: 0, techFen: 0, count: 0 },
  absorbed: { contractFen: 0, techFen: 0, count: 0 },
  local: { contractFen: 0, techFen: 0, count: 0 },
});

function grouped(db: Db, year: number | null, county: string | null, key: string, join = "", labels = "NULL AS label_zh, NULL AS label_en"): RawRow[] {
  const text = `WITH counted AS (${counted(year !== null, false, key === "month")})
    SELECT ${key} AS k, ${labels}, ${seriesColumns(county)}
    FROM counted ${join}
    WHERE ${anySeries(county)}
    GROUP BY k ORDER BY k`;
  return rows(db, text, year === null ? [] : [year, year]);
}

function toRows(raw: RawRow[], label: (r: RawRow) => [string, string]): FigureRow[] {
  return raw.map((r) => {
    const [labelZh, labelEn] = label(r);
    return { key: r.k === null || r.k === undefined ? "" : String(r.k), labelZh, labelEn, series: seriesOf(r) };
  });
}

function byCounty(db: Db, year: number, county: string | null): Record<IndicatorSeries, CountyFigureRow[]> {
  const cond = seriesConditions(county);
  const out = {} as Record<IndicatorSeries, CountyFigureRow[]>;
  for (const s of INDICATOR_SERIES) {
    const side = s === "absorbed" ? "bd" : "sd";
    const text = `WITH counted AS (${counted(true, false, false)})
      SELECT ${side} AS k, MAX(co.name_zh) AS label_zh, MAX(co.name_en) AS label_en, SUM(cv) AS c, SUM(tv) AS t, COUNT(*) AS n
      FROM counted LEFT JOIN counties co ON co.code = counted.${side}
      WHERE ${cond[s]}
      GROUP BY ${side} ORDER BY ${side}`;
    out[s] = rows(db, text, [year, year]).map((r) => ({
      key: String(r.k),
      // 141100 is the city itself and carries no county name of its own.
      labelZh: String(r.label_zh ?? (String(r.k) === "141100" ? "吕梁市（本级）" : "吕梁市")),
      labelEn: String(r.label_en ?? (String(r.k) === "141100" ? "Lüliang (city level)" : "Lüliang")),
      amounts: { contractFen: exact(r.c), techFen: exact(r.t), count: exact(r.n) },
    }));
  }
  return out;
}

type Key = "month" | "type" | "field" | "chain" | "broker";
const KEYS: Key[] = ["month", "type", "field", "chain", "broker"];

/** Adds one counted row to the amounts of the series it is in. */
function add(into: SeriesAmounts, inSeries: boolean[], cv: number, tv: number): void {
  INDICATOR_SERIES.forEach((s, i) => {
    if (!inSeries[i]) return;
    into[s].contractFen += cv;
    into[s].techFen += tv;
    into[s].count += 1;
  });
}

/** One pass over the year's counted rows (filtered by the county), summed by every key at once. */
function aggregateYear(db: Db, year: number, county: string | null) {
  const cond = seriesConditions(county);
  const text = `WITH counted AS (${counted(true)})
    SELECT month, type, field, COALESCE(chain, '') AS chain, COALESCE(broker, 0) AS broker, cv, tv, ${cond.output} AS o, ${cond.absorbed} AS a, ${cond.local} AS l
    FROM counted WHERE ${anySeries(county)}`;
  const totals = emptySeries();
  const maps: Record<Key, Map<string, SeriesAmounts>> = { month: new Map(), type: new Map(), field: new Map(), chain: new Map(), broker: new Map() };
  const stmt = db.$client.prepare(text).raw(true);
  for (const r of stmt.iterate(year, year) as Iterable<unknown[]>) {
    const cv = Number(r[5]);
    const tv = Number(r[6]);
    const inSeries = [r[7] === 1, r[8] === 1, r[9] === 1];
    add(totals, inSeries, cv, tv);
    KEYS.forEach((k, i) => {
      const key = String(r[i]);
      let m = maps[k].get(key);
      if (!m) maps[k].set(key, (m = emptySeries()));
      add(m, inSeries, cv, tv);
    });
  }
  for (const s of INDICATOR_SERIES) for (const v of [totals[s].contractFen, totals[s].techFen]) exact(v);
  return { totals, maps };
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

/** The contract amount of `year` (for `county` when given) broken down by month, year, type, field, chain, broker and county. */
export function computeContractFigures(db: Db, year: number, countyInput: string | null = null): ContractFigures {
  const county = checkedCounty(countyInput);
  const { totals, maps } = aggregateYear(db, year, county);
  const byMonth = Array.from({ length: 12 }, (_, i) => ({
    key: String(i + 1),
    labelZh: `${i + 1}月`,
    labelEn: new Date(Date.UTC(2000, i, 1)).toLocaleString("en", { month: "short", timeZone: "UTC" }),
    series: maps.month.get(String(i + 1)) ?? emptySeries(),
  }));
  // Year by year: each a search of the index, where one pass over every year would scan the table.
  const years = rows(
    db,
    "SELECT DISTINCT registration_year AS y FROM contracts WHERE registration_year IS NOT NULL UNION SELECT DISTINCT registration_year FROM national_records ORDER BY 1",
  );
  const byYear = years
    .flatMap((y) => toRows(grouped(db, exact(y.y), county, "year"), (r) => [String(r.k), String(r.k)]))
    .filter((r) => INDICATOR_SERIES.some((s) => r.series[s].count > 0));
  const byType = toFigureRows(maps.type, new Map(), ["", ""], byText).map((r) => ({ ...r, labelZh: r.key, labelEn: r.key }));
  const fields = labelsOf(db, "SELECT code AS k, name_zh AS zh, name_en AS en FROM tech_fields WHERE vocabulary = 'contract'");
  const byField = toFigureRows(maps.field, fields, ["未注明", "Not stated"], byText);
  const chains = labelsOf(db, "SELECT id AS k, name_zh AS zh, name_en AS en FROM industry_chains");
  const byChain = toFigureRows(maps.chain, chains, ["未注明", "Not stated"], byText);
  const brokerIds = [...maps.broker.keys()].filter((k) => k !== "0");
  const names: Labels = new Map();
  if (brokerIds.length) {
    for (const r of rows(db, `SELECT id AS k, name FROM users WHERE id IN (${brokerIds.map(Number).join(",")})`))
      names.set(String(r.k), [String(r.name), String(r.name)]);
  }
  const byBroker = toFigureRows(maps.broker, names, ["无经纪人", "No broker"], (a, b) => Number(a) - Number(b));
  return { year, county, totals, byMonth, byYear, byType, byField, byChain, byBroker, byCounty: byCounty(db, year, county) };
}
