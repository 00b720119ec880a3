import { writeTx, type Db } from "../../../db/connection";
import { INDICATOR_SERIES, type IndicatorSeries } from "../../codes";
import type { Amounts, SeriesAmounts } from "../indicator.server";
import { exact, rows, type RawRow } from "./sql.server";

// Reads of indicator_rollup, the counted amount pre-summed by breakdown (see migration
// 0012_indicator_rollup): a year's figures for the city or one county come from a few thousand
// rows whatever the number of contracts. Each counted row is there once under its seller's
// Lüliang division (side 's') and once under its buyer's (side 'b'), each side only when it is
// Lüliang's, `other` telling whether the other side is Lüliang's too: 输出 is side 's', 吸纳 side
// 'b', 本地 side 's' with other = 1; a county narrows each to its division. The county is a
// checked 1411xx code before it reaches these strings.

export const ROLLUP_DIMS = ["month", "type", "field", "chain", "broker"] as const;
export type RollupDim = (typeof ROLLUP_DIMS)[number];

export function rollupConditions(county: string | null): Record<IndicatorSeries, string> {
  const inCounty = county === null ? "" : ` AND div = '${county}'`;
  return { output: `side = 's'${inCounty}`, absorbed: `side = 'b'${inCounty}`, local: `side = 's' AND other = 1${inCounty}` };
}

function seriesColumns(county: string | null): string {
  const cond = rollupConditions(county);
  return INDICATOR_SERIES.map(
    (s) =>
      `SUM(CASE WHEN ${cond[s]} THEN cv ELSE 0 END) AS ${s}_c, SUM(CASE WHEN ${cond[s]} THEN tv ELSE 0 END) AS ${s}_t, SUM(CASE WHEN ${cond[s]} THEN n ELSE 0 END) AS ${s}_n`,
  ).join(",\n  ");
}

/** Rows in no series of the filter are left out before summing (本地 is within 输出). */
function anySeries(county: string | null): string {
  return county === null ? "1 = 1" : `div = '${county}'`;
}

function seriesOf(r: RawRow): SeriesAmounts {
  const out = {} as SeriesAmounts;
  for (const s of INDICATOR_SERIES) out[s] = { contractFen: exact(r[`${s}_c`]), techFen: exact(r[`${s}_t`]), count: exact(r[`${s}_n`]) };
  return out;
}

const counts = (s: SeriesAmounts) => s.output.count > 0 || s.absorbed.count > 0;

/** A year's totals in the three series, for the city or one county; with `throughMonth`, what entered the figure in months 1 to it. */
export function rollupTotals(db: Db, year: number, county: string | null = null, throughMonth: number | null = null): SeriesAmounts {
  if (throughMonth !== null) {
    const text = `SELECT ${seriesColumns(county)} FROM indicator_rollup WHERE dim = 'month' AND year = ? AND k <> '' AND CAST(k AS INTEGER) <= ? AND ${anySeries(county)}`;
    return seriesOf(rows(db, text, [year, throughMonth])[0] ?? {});
  }
  const text = `SELECT ${seriesColumns(county)} FROM indicator_rollup WHERE dim = 'type' AND year = ? AND ${anySeries(county)}`;
  return seriesOf(rows(db, text, [year])[0] ?? {});
}

/** A year's amounts by one breakdown's key; only keys with something counted. */
export function rollupByKey(db: Db, dim: RollupDim, year: number, county: string | null): Map<string, SeriesAmounts> {
  const text = `SELECT k, ${seriesColumns(county)} FROM indicator_rollup WHERE dim = ? AND year = ? AND ${anySeries(county)} GROUP BY k ORDER BY k`;
  const out = new Map<string, SeriesAmounts>();
  for (const r of rows(db, text, [dim, year])) {
    const series = seriesOf(r);
    if (counts(series)) out.set(String(r.k), series);
  }
  return out;
}

/** Every year with something counted, for the city or one county. */
export function rollupByYear(db: Db, county: string | null): { year: number; series: SeriesAmounts }[] {
  const text = `SELECT year, ${seriesColumns(county)} FROM indicator_rollup WHERE dim = 'type' AND ${anySeries(county)} GROUP BY year ORDER BY year`;
  return rows(db, text)
    .map((r) => ({ year: exact(r.year), series: seriesOf(r) }))
    .filter((r) => counts(r.series));
}

export interface RollupCountyRow {
  key: string;
  nameZh: string | null;
  nameEn: string | null;
  amounts: Amounts;
}

/** One series of a year by division: the seller's for 输出 and 本地, the buyer's for 吸纳. */
export function rollupByDivision(db: Db, series: IndicatorSeries, year: number, county: string | null): RollupCountyRow[] {
  const text = `SELECT div AS k, MAX(co.name_zh) AS name_zh, MAX(co.name_en) AS name_en, SUM(cv) AS c, SUM(tv) AS t, SUM(n) AS n
    FROM indicator_rollup LEFT JOIN counties co ON co.code = div
    WHERE dim = 'type' AND year = ? AND ${rollupConditions(county)[series]}
    GROUP BY div HAVING SUM(n) > 0 ORDER BY div`;
  return rows(db, text, [year]).map((r) => ({
    key: String(r.k),
    nameZh: r.name_zh === null || r.name_zh === undefined ? null : String(r.name_zh),
    nameEn: r.name_en === null || r.name_en === undefined ? null : String(r.name_en),
    amounts: { contractFen: exact(r.c), techFen: exact(r.t), count: exact(r.n) },
  }));
}

/* ------------------------------------------------------------------ checked against the source */

/**
 * What the rollup should hold, summed afresh from the counted rows (`countedRows` is the
 * dashboard's one-row-per-counted-family-or-record query, with its month).
 */
function freshRollup(countedRows: string): string {
  const key: Record<RollupDim, string> = {
    month: "COALESCE(CAST(month AS TEXT), '')",
    type: "type",
    field: "COALESCE(field, '')",
    chain: "COALESCE(chain, '')",
    broker: "CAST(COALESCE(broker, 0) AS TEXT)",
  };
  const sides = [
    ["s", "sd", "bd"],
    ["b", "bd", "sd"],
  ] as const;
  return ROLLUP_DIMS.flatMap((d) =>
    sides.map(
      ([side, mine, other]) => `SELECT '${d}' AS dim, year, '${side}' AS side, ${mine} AS div, substr(${other}, 1, 4) = '1411' AS other, ${key[d]} AS k,
        COUNT(*) AS n, SUM(cv) AS cv, SUM(tv) AS tv
      FROM (${countedRows}) WHERE substr(${mine}, 1, 4) = '1411' GROUP BY 1, 2, 3, 4, 5, 6`,
    ),
  ).join("\nUNION ALL\n");
}

/** The rollup's rows that differ from a fresh count (either side), at most `limit` of them; empty when it is right. */
export function rollupDrift(db: Db, countedRows: string, limit = 20): RawRow[] {
  const kept = "SELECT dim, year, side, div, other, k, n, cv, tv FROM indicator_rollup WHERE n <> 0 OR cv <> 0 OR tv <> 0";
  // A compound of compounds: each side is its own subquery, or EXCEPT would bind to the first SELECT of the other.
  const fresh = `SELECT * FROM (${freshRollup(countedRows)})`;
  const text = `SELECT 'rollup' AS side, * FROM (${kept} EXCEPT ${fresh})
    UNION ALL SELECT 'fresh' AS side, * FROM (${fresh} EXCEPT ${kept}) LIMIT ${Math.trunc(limit)}`;
  return db.$client.prepare(text).safeIntegers(true).all() as RawRow[];
}

/** Sums the rollup again from the counted rows, in one transaction. */
export function rebuildRollup(db: Db, countedRows: string): void {
  writeTx(db, () => {
    db.$client.exec("DELETE FROM indicator_rollup");
    db.$client.prepare(`INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv) ${freshRollup(countedRows)}`).run();
  });
}
