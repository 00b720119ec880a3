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

/** One row per counted family or off-platform record; with `detail`, what a list of them shows. */
export function counted(yearFiltered: boolean, detail = false): string {
  const y = (col: string) => (yearFiltered ? `AND ${col} = ?` : "");
  const c = detail
    ? "'contract' AS source, c.id, c.title, c.seller_name AS seller, c.buyer_name AS buyer, COALESCE(c.registration_no, c.elsewhere_no) AS reg_no,"
    : "";
  const r = detail ? "'national' AS source, r.id, r.title, r.seller_name AS seller, r.buyer_name AS buyer, r.registration_no AS reg_no," : "";
  return `
  SELECT ${c} c.registration_year AS year, ${CONTRACT_MONTH} AS month, c.type, c.industry_chain_id AS chain, c.contract_field_code AS field,
         c.broker_user_id AS broker, c.contract_value_fen AS cv, c.tech_value_fen AS tv, c.seller_division AS sd, c.buyer_division AS bd
  FROM contracts c
  WHERE ${COUNTED_CONTRACT_CONDITION} ${y("c.registration_year")}
  UNION ALL
  SELECT ${r} r.registration_year AS year, CAST(substr(r.registered_on, 6, 2) AS INTEGER) AS month, r.type, NULL AS chain, r.contract_field_code AS field,
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
  const text = `WITH counted AS (${counted(year !== null)})
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
    const text = `WITH counted AS (${counted(true)})
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

/** The contract amount of `year` (for `county` when given) broken down by month, year, type, field, chain, broker and county. */
export function computeContractFigures(db: Db, year: number, countyInput: string | null = null): ContractFigures {
  const county = checkedCounty(countyInput);
  const totalsRow =
    rows(db, `WITH counted AS (${counted(true)}) SELECT ${seriesColumns(county)} FROM counted WHERE ${anySeries(county)}`, [year, year])[0] ?? {};
  const months = new Map(toRows(grouped(db, year, county, "month"), (r) => [String(r.k), String(r.k)]).map((r) => [r.key, r]));
  const byMonth = Array.from({ length: 12 }, (_, i) => {
    const key = String(i + 1);
    return months.get(key) ?? { key, labelZh: `${i + 1}月`, labelEn: String(i + 1), series: emptySeries() };
  }).map((r) => ({
    ...r,
    labelZh: `${r.key}月`,
    labelEn: new Date(Date.UTC(2000, Number(r.key) - 1, 1)).toLocaleString("en", { month: "short", timeZone: "UTC" }),
  }));
  const byYear = toRows(grouped(db, null, county, "year"), (r) => [String(r.k), String(r.k)]);
  const byType = toRows(grouped(db, year, county, "type"), (r) => [String(r.k), String(r.k)]);
  const byField = toRows(
    grouped(db, year, county, "field", "LEFT JOIN tech_fields tf ON tf.code = counted.field", "MAX(tf.name_zh) AS label_zh, MAX(tf.name_en) AS label_en"),
    (r) => [String(r.label_zh ?? "未注明"), String(r.label_en ?? "Not stated")],
  );
  const byChain = toRows(
    grouped(
      db,
      year,
      county,
      "COALESCE(chain, '')",
      "LEFT JOIN industry_chains ch ON ch.id = counted.chain",
      "MAX(ch.name_zh) AS label_zh, MAX(ch.name_en) AS label_en",
    ),
    (r) => [String(r.label_zh ?? "未注明"), String(r.label_en ?? "Not stated")],
  );
  const byBroker = toRows(
    grouped(db, year, county, "COALESCE(broker, 0)", "LEFT JOIN users u ON u.id = counted.broker", "MAX(u.name) AS label_zh, MAX(u.name) AS label_en"),
    (r) => [String(r.label_zh ?? "无经纪人"), String(r.label_en ?? "No broker")],
  );
  return { year, county, totals: seriesOf(totalsRow), byMonth, byYear, byType, byField, byChain, byBroker, byCounty: byCounty(db, year, county) };
}
