import { and, asc, eq } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { policySettings, policyTargets } from "../../db/schema";
import { indicatorSettingSchema, INDICATOR_SERIES, type IndicatorAmount, type IndicatorSeries, type IndicatorSetting } from "../schemas/contracts";
import type { Actor } from "./actor";
import { writeAudit } from "./audit.server";
import { bumpDataVersion, cachedByVersion } from "./data-versions.server";
import { rollupTotals } from "./indicators/rollup.server";
import { exact, rows as query, type RawRow } from "./indicators/sql.server";

// 技术合同成交额, the figure the city's target is set on. Only registered versions that no
// amendment has superseded count, so each contract family counts once, in the Beijing year
// of its first registration. Which side makes a contract "Lüliang's" is a matter of 口径:
//   输出 output    the seller is in Lüliang (the registering side, 1411xx)
//   吸纳 absorbed  the buyer is in Lüliang
//   本地 local     both are
// Each series carries both amounts: 成交额 (contract value) and 技术交易额 (technical part).

export { INDICATOR_SERIES, type IndicatorAmount, type IndicatorSeries, type IndicatorSetting };

export interface Amounts {
  contractFen: number;
  techFen: number;
  count: number;
}
export type SeriesAmounts = Record<IndicatorSeries, Amounts>;

export interface BreakdownRow {
  key: string;
  labelZh: string;
  labelEn: string;
  series: SeriesAmounts;
}

/** Rows of one series alone, for dimensions that depend on the series (the county). */
export interface SeriesRow {
  key: string;
  labelZh: string;
  labelEn: string;
  amounts: Amounts;
}

export interface ContractIndicator {
  /** The year the totals and the breakdowns below cover; null for every year. */
  year: number | null;
  totals: SeriesAmounts;
  byYear: BreakdownRow[];
  byType: BreakdownRow[];
  /** The seller's county for output and local, the buyer's for absorbed. */
  byCounty: Record<IndicatorSeries, SeriesRow[]>;
  byChain: BreakdownRow[];
  byBroker: BreakdownRow[];
}

const LULIANG = "1411";

/**
 * A platform contract counts when it is the current version of its family and either was
 * registered here or was registered by the office of its seller's locality and that has been
 * confirmed (by the registrar, or by a national record that matches it). A cancelled family
 * (撤销登记) counts nowhere.
 */
export const COUNTED_CONTRACT_CONDITION = `(c.status = 'registered' OR (c.status = 'elsewhere' AND c.elsewhere_confirmed_at IS NOT NULL))
  AND c.superseded_at IS NULL AND c.registration_year IS NOT NULL`;

/**
 * An imported national record counts when it is off the platform: a matched record is the
 * platform contract it names (counted once, through it), a record to confirm waits for the
 * registrar, a cancelled one counts nowhere.
 */
export const COUNTED_RECORD_CONDITION = `r.status = 'off_platform'`;

/** The Beijing month a contract entered the figure: its family's first registration here, its registration elsewhere. */
export const CONTRACT_MONTH = `CASE
    WHEN c.status = 'elsewhere' THEN CAST(substr(c.elsewhere_registered_on, 6, 2) AS INTEGER)
    WHEN c.amendment_no = 0 OR c.family_id IS NULL OR c.family_id = c.id THEN CAST(strftime('%m', c.registered_at, '+8 hours') AS INTEGER)
    ELSE CAST(strftime('%m', (SELECT MIN(f.registered_at) FROM contracts f WHERE f.family_id = c.family_id AND f.registered_at IS NOT NULL), '+8 hours') AS INTEGER)
  END`;
/** A national record's month: that of its 登记日期. */
export const RECORD_MONTH = "CAST(substr(r.registered_on, 6, 2) AS INTEGER)";

// The contracts that count: one row per family or off-platform record. Everything below aggregates over this.
const COUNTED = `
  SELECT 'contract' AS source, c.id, c.family_id AS family, COALESCE(c.registration_no, c.elsewhere_no) AS reg_no, c.registration_year AS year, ${CONTRACT_MONTH} AS month, c.type, c.industry_chain_id AS chain, c.broker_user_id AS broker,
         c.contract_value_fen AS cv, c.tech_value_fen AS tv, c.seller_division AS sd, c.buyer_division AS bd,
         substr(c.seller_division, 1, 4) = '${LULIANG}' AS s_in,
         substr(c.buyer_division, 1, 4) = '${LULIANG}' AS b_in
  FROM contracts c
  WHERE ${COUNTED_CONTRACT_CONDITION}
  UNION ALL
  SELECT 'national' AS source, r.id, NULL AS family, r.registration_no AS reg_no, r.registration_year AS year, ${RECORD_MONTH} AS month, r.type, NULL AS chain, NULL AS broker,
         r.contract_value_fen AS cv, r.tech_value_fen AS tv, r.seller_division AS sd, r.buyer_division AS bd,
         substr(r.seller_division, 1, 4) = '${LULIANG}' AS s_in,
         substr(r.buyer_division, 1, 4) = '${LULIANG}' AS b_in
  FROM national_records r
  WHERE ${COUNTED_RECORD_CONDITION}`;

/** One counted family (its counted version) or off-platform record, as it stands. */
export interface CountedItem {
  source: "contract" | "national";
  /** The counted version's id, or the record's. */
  id: number;
  /** The platform family; null for a national record. */
  familyId: number | null;
  registrationNo: string | null;
  contractValueFen: number;
  techValueFen: number;
  sellerDivision: string;
  buyerDivision: string;
}

/** Everything that counts for `year`, one row per family or record: what a closed year freezes. */
export function countedItems(db: Db, year: number): CountedItem[] {
  return query(db, `WITH counted AS (${COUNTED}) SELECT * FROM counted WHERE year = ? ORDER BY source, id`, [year]).map((r) => ({
    source: r.source === "national" ? "national" : "contract",
    id: exact(r.id),
    familyId: r.family === null || r.family === undefined ? null : exact(r.family),
    registrationNo: r.reg_no === null || r.reg_no === undefined ? null : String(r.reg_no),
    contractValueFen: exact(r.cv),
    techValueFen: exact(r.tv),
    sellerDivision: String(r.sd),
    buyerDivision: String(r.bd),
  }));
}

/** Whether a division is Lüliang's, and so which series a contract between two divisions is in. */
export function seriesOfDivisions(sellerDivision: string, buyerDivision: string): IndicatorSeries[] {
  const s = sellerDivision.startsWith(LULIANG);
  const b = buyerDivision.startsWith(LULIANG);
  return INDICATOR_SERIES.filter((x) => (x === "output" ? s : x === "absorbed" ? b : s && b));
}

const SERIES_CONDITION: Record<IndicatorSeries, string> = {
  output: "s_in",
  absorbed: "b_in",
  local: "s_in AND b_in",
};

const SERIES_COLUMNS = INDICATOR_SERIES.map((s) => {
  const cond = SERIES_CONDITION[s];
  return `SUM(CASE WHEN ${cond} THEN cv ELSE 0 END) AS ${s}_c, SUM(CASE WHEN ${cond} THEN tv ELSE 0 END) AS ${s}_t, SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END) AS ${s}_n`;
}).join(",\n  ");

function seriesOf(r: RawRow): SeriesAmounts {
  const out = {} as SeriesAmounts;
  for (const s of INDICATOR_SERIES) out[s] = { contractFen: exact(r[`${s}_c`]), techFen: exact(r[`${s}_t`]), count: exact(r[`${s}_n`]) };
  return out;
}

const nonEmpty = (row: { series: SeriesAmounts }) => INDICATOR_SERIES.some((s) => row.series[s].count > 0);

/**
 * The one computation of the technology-contract amount: the three series in both amounts,
 * by year, and for `year` (all years when omitted) by type, county, industry chain and broker;
 * with `throughMonth`, the year's figures at that month's end (by year stays whole years).
 * Summed in SQL over registered, non-superseded contracts.
 */
export function computeContractIndicator(db: Db, options: { year?: number | null; throughMonth?: number | null } = {}): ContractIndicator {
  const year = options.year ?? null;
  // With a month, the year's figures as they stood at that month's end: what entered the figure
  // in its months 1 to `throughMonth` (and counts today).
  const through = year !== null && options.throughMonth ? options.throughMonth : null;
  // A year's figures read only that year's rows (the registration-year index); all years, every row.
  const yearFilter = year === null ? "1 = 1" : through === null ? "year = ?" : "year = ? AND month <= ?";
  const yearParams = year === null ? [] : through === null ? [year] : [year, through];
  const grouped = (keyExpr: string, extraJoin = "", labelCols = "NULL AS label_zh, NULL AS label_en") =>
    query(
      db,
      `WITH counted AS (${COUNTED})
       SELECT ${keyExpr} AS k, ${labelCols},
         ${SERIES_COLUMNS}
       FROM counted ${extraJoin}
       WHERE ${yearFilter}
       GROUP BY k ORDER BY k`,
      yearParams,
    );
  const toRows = (rows: RawRow[], label: (r: RawRow) => [string, string]): BreakdownRow[] =>
    rows
      .map((r) => {
        const [labelZh, labelEn] = label(r);
        return { key: String(r.k ?? ""), labelZh, labelEn, series: seriesOf(r) };
      })
      .filter(nonEmpty);

  const totalsRow = query(db, `WITH counted AS (${COUNTED}) SELECT ${SERIES_COLUMNS} FROM counted WHERE ${yearFilter}`, yearParams)[0] ?? {};

  const byYear = toRows(query(db, `WITH counted AS (${COUNTED}) SELECT year AS k, ${SERIES_COLUMNS} FROM counted GROUP BY year ORDER BY year`, []), (r) => [
    String(r.k),
    String(r.k),
  ]);

  const byType = toRows(grouped("type"), (r) => [String(r.k), String(r.k)]);
  const byChain = toRows(
    grouped("COALESCE(chain, '')", "LEFT JOIN industry_chains ch ON ch.id = counted.chain", "MAX(ch.name_zh) AS label_zh, MAX(ch.name_en) AS label_en"),
    (r) => [String(r.label_zh ?? "未注明"), String(r.label_en ?? "Not stated")],
  );
  const byBroker = toRows(
    grouped("COALESCE(broker, 0)", "LEFT JOIN users u ON u.id = counted.broker", "MAX(u.name) AS label_zh, MAX(u.name) AS label_en"),
    (r) => [String(r.label_zh ?? "无经纪人"), String(r.label_en ?? "No broker")],
  );

  const byCounty = {} as Record<IndicatorSeries, SeriesRow[]>;
  for (const s of INDICATOR_SERIES) {
    const side = s === "absorbed" ? "bd" : "sd";
    byCounty[s] = query(
      db,
      `WITH counted AS (${COUNTED})
       SELECT ${side} AS k, MAX(co.name_zh) AS label_zh, MAX(co.name_en) AS label_en,
              SUM(cv) AS c, SUM(tv) AS t, COUNT(*) AS n
       FROM counted LEFT JOIN counties co ON co.code = counted.${side}
       WHERE ${SERIES_CONDITION[s]} AND ${yearFilter}
       GROUP BY ${side} ORDER BY ${side}`,
      yearParams,
    ).map((r) => ({
      key: String(r.k),
      // 141101 (市辖区) and codes no county carries are still Lüliang's: shown by code.
      labelZh: String(r.label_zh ?? r.k),
      labelEn: String(r.label_en ?? r.k),
      amounts: { contractFen: exact(r.c), techFen: exact(r.t), count: exact(r.n) },
    }));
  }

  return { year, totals: seriesOf(totalsRow), byYear, byType, byCounty, byChain: byChain, byBroker };
}

/** A year's totals alone (the three series, both amounts): what the official figure needs, read from the pre-summed rollup. */
export function contractTotals(db: Db, year: number): SeriesAmounts {
  return rollupTotals(db, year);
}

/* ------------------------------------------------------------------ the target's 口径 */

export const INDICATOR_SETTING_KEY = "contract_indicator";
export const DEFAULT_INDICATOR_SETTING: IndicatorSetting = { series: "output", amount: "contract" };

/** Which series and amount the target counts; the default is registered output by contract value. */
export function indicatorSetting(db: Db): IndicatorSetting {
  const row = db.select().from(policySettings).where(eq(policySettings.key, INDICATOR_SETTING_KEY)).get();
  const parsed = indicatorSettingSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_INDICATOR_SETTING;
}

export type SettingResult = { ok: true } | { ok: false; error: "forbidden" };

/** Records a refused attempt to change the 口径 (the page answers it as missing). */
export function refuseIndicatorSetting(db: Db, actor: Actor | null, requestId: string | null = null): void {
  writeTx(db, (tx) => writeAudit(tx, { actor, action: "denied:update", entity: "policy_setting", entityId: INDICATOR_SETTING_KEY, requestId }));
}

/** The Bureau changes the 口径 when the plan's wording is settled; the change is audited. */
export function saveIndicatorSetting(db: Db, actor: Actor, input: IndicatorSetting, requestId: string | null = null): SettingResult {
  return writeTx(db, (tx): SettingResult => {
    if (actor.role !== "admin") {
      writeAudit(tx, { actor, action: "denied:update", entity: "policy_setting", entityId: INDICATOR_SETTING_KEY, requestId });
      return { ok: false, error: "forbidden" };
    }
    const before = tx.select().from(policySettings).where(eq(policySettings.key, INDICATOR_SETTING_KEY)).get() ?? null;
    const now = new Date().toISOString();
    const after = tx
      .insert(policySettings)
      .values({ key: INDICATOR_SETTING_KEY, value: input, updatedBy: actor.id, updatedAt: now })
      .onConflictDoUpdate({ target: policySettings.key, set: { value: input, updatedBy: actor.id, updatedAt: now } })
      .returning()
      .get();
    writeAudit(tx, { actor, action: "update", entity: "policy_setting", entityId: INDICATOR_SETTING_KEY, before, after, requestId });
    bumpDataVersion(tx, "policy");
    return { ok: true };
  });
}

export interface CityFigure {
  year: number;
  setting: IndicatorSetting;
  valueFen: number;
  target: { valueFen: number; source: string } | null;
}

/**
 * The city's figure for a year against its target, e.g. 2026 · 18.6 亿元 / 50 亿元. Kept
 * until a contract is registered or the 口径 changes (targets are seeded policy data).
 */
export function cityContractFigure(db: Db, year: number): CityFigure {
  return cachedByVersion(db, ["contracts", "policy"], `city-contract-figure:${year}`, () => computeCityFigure(db, year));
}

function computeCityFigure(db: Db, year: number): CityFigure {
  const setting = indicatorSetting(db);
  const totals = computeContractIndicator(db, { year }).totals[setting.series];
  const target = db
    .select()
    .from(policyTargets)
    .where(and(eq(policyTargets.indicator, "contract_amount_fen"), eq(policyTargets.year, year)))
    .get();
  return {
    year,
    setting,
    valueFen: setting.amount === "tech" ? totals.techFen : totals.contractFen,
    target: target ? { valueFen: target.targetValue, source: target.source } : null,
  };
}

/** The years that have counted contracts or a target, newest first, for the statistics page. */
export function indicatorYears(db: Db): number[] {
  const years = new Set<number>();
  // Every year something has ever counted in (the rollup keeps a year's rows when they fall back to zero).
  const registered = "SELECT DISTINCT year AS y FROM indicator_rollup WHERE dim = 'type'";
  for (const r of db.$client.prepare(registered).all() as { y: number }[]) years.add(r.y);
  for (const r of db
    .select({ y: policyTargets.year })
    .from(policyTargets)
    .where(eq(policyTargets.indicator, "contract_amount_fen"))
    .orderBy(asc(policyTargets.year))
    .all())
    years.add(r.y);
  return [...years].sort((a, b) => b - a);
}
