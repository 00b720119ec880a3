// What must hold of the demo whatever day it is seeded on, as registration rules and the
// platform's own steps would have it: a broker acts only under a valid certificate, a pairing
// needs both listings public, registration numbers follow registration time, a contract is
// registered by the office of its seller's locality. Each returns the offending rows.
import type { Db } from "../../db/connection";
import { sameProblem } from "../../db/seed-data/topic-affinity";

type Row = Record<string, unknown>;
const all = (db: Db, sql: string, ...p: unknown[]) => db.$client.prepare(sql).all(...p) as Row[];

/** Claims made before the broker's certification or need's publication, or after the certificate ran out. */
export function claimsOutsideCertificate(db: Db): Row[] {
  return all(
    db,
    `SELECT c.need_id, c.claimed_at, b.valid_from, b.valid_until, b.decided_at, n.published_at
     FROM need_claims c JOIN brokers b ON b.user_id = c.broker_user_id JOIN needs n ON n.id = c.need_id
     WHERE b.status NOT IN ('certified', 'suspended') OR b.decided_at IS NULL OR c.claimed_at < b.decided_at
        OR substr(c.claimed_at, 1, 10) < b.valid_from OR substr(c.claimed_at, 1, 10) > b.valid_until
        OR n.published_at IS NULL OR c.claimed_at < n.published_at`,
  );
}

/** Pairings made before the need or the achievement existed and was public. */
export function matchesBeforeListings(db: Db): Row[] {
  return all(
    db,
    `SELECT m.id, m.created_at, n.published_at AS need_published, a.published_at AS achievement_published
     FROM matches m JOIN needs n ON n.id = m.need_id JOIN achievements a ON a.id = m.achievement_id
     WHERE n.published_at IS NULL OR a.published_at IS NULL
        OR m.created_at < n.published_at OR m.created_at < n.created_at OR m.created_at < a.published_at OR m.created_at < a.created_at`,
  );
}

/** Contracts recorded from a deal whose need and achievement are about different problems. */
export function dealContractsOffTopic(db: Db): Row[] {
  return all(
    db,
    `SELECT c.id, c.title, n.title AS need, a.title AS achievement, a.keywords AS keywords
     FROM contracts c JOIN matches m ON m.id = c.match_id JOIN needs n ON n.id = m.need_id JOIN achievements a ON a.id = m.achievement_id`,
  ).filter((r) => {
    const achievement = { title: String(r.achievement), keywords: JSON.parse(String(r.keywords)) as string[] };
    return !sameProblem(String(r.need), achievement) || !String(r.title).startsWith(achievement.title.replace(/技术$/, ""));
  });
}

/** Lüliang registration numbers out of the order of registration, within each year. */
export function numbersOutOfOrder(db: Db): Row[] {
  const rows = all(
    db,
    `SELECT id, registration_no AS no, registered_at AS at, CAST(strftime('%Y', registered_at, '+8 hours') AS INTEGER) AS y
     FROM contracts WHERE registered_at IS NOT NULL AND registration_no IS NOT NULL ORDER BY registered_at, id`,
  );
  const last = new Map<number, string>();
  const out: Row[] = [];
  for (const r of rows) {
    const y = Number(r.y);
    const no = String(r.no);
    if (!no.startsWith(`${y}141100`)) out.push({ ...r, problem: "format" });
    const before = last.get(y);
    if (before !== undefined && no <= before) out.push({ ...r, problem: `after ${before}` });
    last.set(y, no);
  }
  return out;
}

/** Contracts the Lüliang desk registered or holds though their seller is elsewhere, or filed by someone not entitled to. */
export function misfiledContracts(db: Db): Row[] {
  return all(
    db,
    `SELECT c.id, c.title, c.status, c.seller_division, c.filed_by, c.filed_on_behalf, c.broker_user_id
     FROM contracts c LEFT JOIN users u ON u.id = c.filed_by
     WHERE (c.status IN ('registered', 'submitted', 'returned') AND c.seller_division NOT LIKE '1411%')
        OR (c.status = 'elsewhere' AND c.seller_division LIKE '1411%')
        OR (c.status IN ('registered', 'submitted', 'returned', 'elsewhere') AND NOT (
              (c.filed_on_behalf = 0 AND u.org_id IS NOT NULL AND u.org_id = c.seller_org_id AND u.role <> 'broker')
           OR (c.filed_on_behalf = 1 AND c.filed_by = c.broker_user_id AND u.role = 'broker')))`,
  );
}

/** Contracts registered elsewhere whose certificate details are missing or do not agree with what counts. */
export function elsewhereInconsistent(db: Db): Row[] {
  return all(
    db,
    `SELECT id, title, elsewhere_office, elsewhere_no, elsewhere_registered_on, elsewhere_confirmed_at, registration_no, registration_year
     FROM contracts WHERE status = 'elsewhere' AND (
          elsewhere_office IS NULL OR elsewhere_no IS NULL OR elsewhere_registered_on IS NULL OR elsewhere_registered_on < signed_on
       OR (elsewhere_confirmed_at IS NOT NULL AND (elsewhere_confirmed_by IS NULL OR registration_no IS NOT elsewhere_no
            OR registration_year IS NOT CAST(substr(elsewhere_registered_on, 1, 4) AS INTEGER) OR elsewhere_confirmed_at < elsewhere_registered_on))
       OR (elsewhere_confirmed_at IS NULL AND (registration_no IS NOT NULL OR registration_year IS NOT NULL)))`,
  );
}
