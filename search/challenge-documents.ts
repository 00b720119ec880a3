// The search document of an open challenge (揭榜挂帅), in the listing document's shape: the
// problem and the technical indicators are its text, the reward is its amount (banded like a
// need's budget), the last day of its window is its deadline, the year it opens is its year.
// Contacts, review notes and applications are never selected.

/** Statuses a visitor may see; any other status removes the challenge from the index. */
export const PUBLIC_CHALLENGE_STATUSES = ["published", "open", "closed", "shortlisted", "awarded", "accepted", "paid", "cancelled"] as const;

/** The challenge's row in the listing row's columns (see documents.ts), for the public statuses only. */
export function challengeListingSql(where: string): string {
  const statuses = PUBLIC_CHALLENGE_STATUSES.map((s) => `'${s}'`).join(", ");
  return `SELECT l.id, l.title, l.industry_chain_id AS industryChainId, c.name_zh AS chainZh, c.name_en AS chainEn,
    l.tech_field_code AS techField, f.parent_code AS fieldParent, f.name_zh AS fieldZh, f.name_en AS fieldEn,
    p.name_zh AS parentZh, p.name_en AS parentEn, l.county_code AS countyCode, k.name_zh AS countyZh,
    o.name AS orgName, l.status, l.published_at AS publishedAt, l.published_at AS confirmedAt, l.updated_at AS updatedAt,
    l.problem || char(10) || l.indicators || char(10) || l.qualifications AS summary, 7 AS trl, json_array(l.mode) AS modes,
    NULL AS budgetMinFen, l.reward_fen AS budgetMaxFen,
    CAST(strftime('%Y', l.opens_at, '+8 hours') AS INTEGER) AS listYear,
    date(l.closes_at, '+8 hours', '-1 second') AS deadline
    FROM challenges l
    JOIN organisations o ON o.id = l.org_id
    LEFT JOIN industry_chains c ON c.id = l.industry_chain_id
    LEFT JOIN tech_fields f ON f.code = l.tech_field_code
    LEFT JOIN tech_fields p ON p.code = f.parent_code
    LEFT JOIN counties k ON k.code = l.county_code
    WHERE +l.status IN (${statuses}) AND ${where}`;
}
