// The search document of an application scenario. A scenario is indexed in the same shape as a
// need (see documents.ts): its pain points, the technology wanted and the conditions offered
// are its text; its site is a keyword; the subsidy cap bands it; its open period's last day is
// its deadline; the year's list it belongs to is its year. Contacts are never selected.

import { priceBandOf } from "./types";

export const PUBLIC_SCENARIO_STATUSES = ["published", "closed"] as const;

/** The SELECT a page or an id list of public scenarios is read with, in the columns toDocument wants. */
export function scenarioSql(where: string): string {
  const statuses = PUBLIC_SCENARIO_STATUSES.map((s) => `'${s}'`).join(", ");
  return `SELECT l.id, l.title, l.industry_chain_id AS industryChainId, c.name_zh AS chainZh, c.name_en AS chainEn,
    l.tech_field_code AS techField, f.parent_code AS fieldParent, f.name_zh AS fieldZh, f.name_en AS fieldEn,
    p.name_zh AS parentZh, p.name_en AS parentEn, l.county_code AS countyCode, k.name_zh AS countyZh, k.name_en AS countyEn,
    o.name AS orgName, l.status, l.published_at AS publishedAt, l.published_at AS confirmedAt, l.updated_at AS updatedAt,
    l.description, l.tech_wanted AS techWanted, l.conditions, l.site, l.resources AS modes, l.kind, l.grade,
    l.subsidy_cap_fen AS subsidyCapFen, l.investment_fen AS investmentFen, l.list_year AS listYear, l.closes_on AS closesOn
    FROM scenarios l
    JOIN organisations o ON o.id = l.org_id
    LEFT JOIN industry_chains c ON c.id = l.industry_chain_id
    LEFT JOIN tech_fields f ON f.code = l.tech_field_code
    LEFT JOIN tech_fields p ON p.code = f.parent_code
    LEFT JOIN counties k ON k.code = l.county_code
    WHERE +l.status IN (${statuses}) AND ${where}`;
}

export interface ScenarioRow {
  description: string;
  techWanted: string;
  conditions: string;
  site: string;
  kind: string;
  grade: string;
  countyEn: string | null;
  subsidyCapFen: number | null;
  investmentFen: number | null;
  listYear: number | null;
  closesOn: string;
}

/** The scenario-specific part of its document; documents.ts adds the columns every listing shares. */
export function scenarioFields(r: ScenarioRow) {
  return {
    summary: [r.description, r.techWanted, r.conditions].join("\n"),
    keywords: [r.site, r.countyEn].filter((v): v is string => !!v),
    // A scenario asks for technology ready to be tried on a real site: a pilot.
    trl: 7,
    priceBand: priceBandOf(r.subsidyCapFen),
    amountFen: r.subsidyCapFen,
    amountMinFen: null,
    amountMaxFen: r.investmentFen,
    year: r.listYear,
    transformationList: false,
    deadline: r.closesOn,
    codes: [`grade:${r.grade}`, `kind:${r.kind}`],
  };
}
