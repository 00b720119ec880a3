import type { FunnelStep, IndicatorSeries, PolicyIndicator } from "../../codes";

// Where each dashboard number leads: the list of the records behind it, with the same filters.

export interface ContractListFilter {
  year?: number | null;
  county?: string | null;
  type?: string | null;
  field?: string | null;
  chain?: string | null;
  broker?: string | null;
  series?: IndicatorSeries | null;
  month?: number | null;
}

/** A county code the dashboard filters by: one of Lüliang's six-digit 1411xx divisions. */
export const COUNTY_PATTERN = /^1411\d{2}$/;

export const CONTRACT_FILTER_KEYS = ["year", "county", "type", "field", "chain", "broker", "series", "month"] as const;

function query(pairs: [string, string | number | null | undefined][]): string {
  const params = new URLSearchParams();
  for (const [k, v] of pairs) if (v !== null && v !== undefined && v !== "") params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** The registration desk's list of the counted contracts a figure sums. */
export function contractListHref(f: ContractListFilter): string {
  return `/admin/contracts${query(CONTRACT_FILTER_KEYS.map((k) => [k, f[k]]))}`;
}

/** The public list behind an indicator's value for a year and county. */
export function indicatorListHref(indicator: PolicyIndicator, year: number, county: string | null, series: IndicatorSeries = "output"): string | null {
  switch (indicator) {
    case "contract_amount_fen":
      return contractListHref({ year, county, series });
    case "needs_list":
      return `/needs${query([
        ["year", year],
        ["countyCode", county],
      ])}`;
    case "transformation_list":
      return `/transformation-list${query([
        ["year", year],
        ["countyCode", county],
      ])}`;
    case "achievements_published":
      return `/achievements${query([["countyCode", county]])}`;
    case "enterprise_needs_collected":
      return `/needs${query([["countyCode", county]])}`;
    case "brokers_trained":
      return "/brokers";
    case "scenarios":
      return `/scenarios${query([
        ["year", year],
        ["countyCode", county],
      ])}`;
  }
}

/** The needs a funnel step counts: exactly those, on the dashboard's own list. */
export function funnelHref(year: number, county: string | null, step: FunnelStep): string {
  return `/admin/indicators/funnel${query([
    ["year", year],
    ["county", county],
    ["step", step],
  ])}`;
}
