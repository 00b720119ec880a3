import type { Db } from "../../../db/connection";
import { CONTRACT_TYPES, INDICATOR_SERIES, type IndicatorSeries } from "../../codes";
import { counted, seriesConditions } from "./contract-figures.server";
import type { ContractListFilter } from "./links";
import { checkedCounty, exact, rows } from "./sql.server";

// The counted contracts behind a dashboard figure: the registration desk's list filtered by
// year, county, type, technical field, industry chain, broker, series and month, with the
// filtered total, which is the figure the link came from.

export interface CountedListRow {
  source: "contract" | "national";
  id: number;
  title: string;
  type: string;
  seller: string;
  buyer: string;
  registrationNo: string | null;
  contractValueFen: number;
  techValueFen: number;
}

export interface CountedList {
  filter: ContractListFilter & { year: number; series: IndicatorSeries };
  count: number;
  contractFen: number;
  techFen: number;
  rows: CountedListRow[];
}

const clean = (v: string | null, pattern: RegExp) => (v !== null && pattern.test(v) ? v : null);

/** Reads the list's filter from query parameters; anything malformed is left out. Null when no filter is asked. */
export function parseContractFilter(params: URLSearchParams, defaultYear: number): (ContractListFilter & { year: number; series: IndicatorSeries }) | null {
  if (!["year", "county", "type", "field", "chain", "broker", "series", "month"].some((k) => params.has(k))) return null;
  const y = Number(params.get("year"));
  const m = Number(params.get("month"));
  const series = params.get("series");
  const type = params.get("type");
  return {
    year: Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : defaultYear,
    county: clean(params.get("county"), /^1411\d{2}$/),
    type: type && (CONTRACT_TYPES as readonly string[]).includes(type) ? type : null,
    field: clean(params.get("field"), /^[A-Za-z0-9_.-]{1,20}$/),
    chain: clean(params.get("chain"), /^[A-Za-z0-9_.-]{1,40}$/),
    broker: clean(params.get("broker"), /^\d{1,12}$/),
    series: series && (INDICATOR_SERIES as readonly string[]).includes(series) ? (series as IndicatorSeries) : "output",
    month: Number.isInteger(m) && m >= 1 && m <= 12 ? m : null,
  };
}

/** The counted contracts of the filter (the largest `limit` of them) and their total. */
export function listCountedContracts(db: Db, filter: ContractListFilter & { year: number; series: IndicatorSeries }, limit = 200): CountedList {
  const county = checkedCounty(filter.county ?? null);
  const where: string[] = [`(${seriesConditions(county)[filter.series]})`];
  const params: unknown[] = [filter.year, filter.year];
  const eq = (col: string, v: unknown) => {
    where.push(`${col} = ?`);
    params.push(v);
  };
  if (filter.type) eq("type", filter.type);
  if (filter.field) eq("field", filter.field);
  if (filter.chain) {
    if (filter.chain === "none") where.push("chain IS NULL");
    else eq("chain", filter.chain);
  }
  if (filter.broker) {
    if (filter.broker === "0") where.push("broker IS NULL");
    else eq("broker", Number(filter.broker));
  }
  if (filter.month) eq("month", filter.month);
  const base = `WITH counted AS (${counted(true, true)}) SELECT * FROM counted WHERE ${where.join(" AND ")}`;
  const total = rows(db, `SELECT count(*) AS n, SUM(cv) AS c, SUM(tv) AS t FROM (${base})`, params)[0] ?? {};
  const list = rows(db, `${base} ORDER BY cv DESC, source, id LIMIT ${Math.max(1, Math.min(1000, Math.trunc(limit)))}`, params).map((r) => ({
    source: (r.source === "national" ? "national" : "contract") as CountedListRow["source"],
    id: exact(r.id),
    title: String(r.title),
    type: String(r.type),
    seller: String(r.seller),
    buyer: String(r.buyer),
    registrationNo: r.reg_no === null || r.reg_no === undefined ? null : String(r.reg_no),
    contractValueFen: exact(r.cv),
    techValueFen: exact(r.tv),
  }));
  return { filter, count: exact(total.n), contractFen: exact(total.c), techFen: exact(total.t), rows: list };
}
