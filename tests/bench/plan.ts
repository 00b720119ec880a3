// Who the benchmark signs in as and what each of them may write, read from the demo database
// before any run (every demo account, the broker cohort's too, has the README's password): the same rules the app applies (a deal's parties and its lead broker may
// add notes while it is live; an enterprise member may save a need draft).

import Database from "better-sqlite3";
import { DEMO_PASSWORD } from "../../db/seed-data/accounts";

export interface Session {
  email: string;
  role: string;
  /** Live deals whose log this account may add a note to. */
  deals: number[];
  /** A need this account leads as a broker (the workbench's need page), if any. */
  ledNeed: number | null;
  canDraftNeed: boolean;
}

export interface Plan {
  password: string;
  sessions: Session[];
  /** A published need for the public detail page. */
  publicNeed: number;
  /** Codes a need draft may use. */
  needCodes: { industryChainId: string; techFieldCode: string; countyCode: string };
}

export function readPlan(databasePath: string, count: number): Plan {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const today = new Date().toISOString().slice(0, 10);
    const users = db
      .prepare(
        `SELECT u.id, u.email, u.role, u.org_id AS orgId, o.verified_at IS NOT NULL AS verified
           FROM users u LEFT JOIN organisations o ON o.id = u.org_id
          WHERE u.disabled_at IS NULL ORDER BY u.id`,
      )
      .all() as { id: number; email: string; role: string; orgId: number | null; verified: number }[];
    const live = db
      .prepare(
        `SELECT m.id, m.broker_user_id AS broker, n.org_id AS buyer, a.org_id AS seller
           FROM matches m JOIN needs n ON n.id = m.need_id JOIN achievements a ON a.id = m.achievement_id
          WHERE m.stage IN ('contacted', 'negotiating', 'signed') ORDER BY m.id`,
      )
      .all() as { id: number; broker: number | null; buyer: number; seller: number }[];
    const activeBrokers = new Set(
      (
        db.prepare("SELECT user_id AS id FROM brokers WHERE status = 'certified' AND valid_from <= ? AND ? <= valid_until").all(today, today) as {
          id: number;
        }[]
      ).map((r) => r.id),
    );
    const claims = new Map(
      (
        db.prepare("SELECT broker_user_id AS broker, MIN(need_id) AS need FROM need_claims GROUP BY broker_user_id").all() as { broker: number; need: number }[]
      ).map((r) => [r.broker, r.need]),
    );
    const candidates: Session[] = users
      .map((u) => {
        const deals = live
          .filter((d) =>
            u.role === "broker"
              ? activeBrokers.has(u.id) && d.broker === u.id
              : u.role === "enterprise"
                ? d.buyer === u.orgId
                : u.role === "institute" && d.seller === u.orgId,
          )
          .map((d) => d.id);
        const ledNeed = u.role === "broker" && activeBrokers.has(u.id) ? (claims.get(u.id) ?? null) : null;
        return { email: u.email, role: u.role, deals, ledNeed, canDraftNeed: u.role === "enterprise" && u.verified === 1 };
      })
      .filter((s) => s.deals.length > 0 || s.canDraftNeed);
    // Taken in turn from each kind of writer, so both write forms and all three deal roles are in the mix.
    const groups = [
      candidates.filter((s) => s.canDraftNeed),
      candidates.filter((s) => s.role === "institute"),
      candidates.filter((s) => s.role === "broker" && s.ledNeed !== null),
      candidates.filter((s) => !s.canDraftNeed && s.role !== "institute" && !(s.role === "broker" && s.ledNeed !== null)),
    ];
    const sessions: Session[] = [];
    for (let i = 0; sessions.length < count && groups.some((g) => i < g.length); i++) {
      for (const group of groups) if (i < group.length && sessions.length < count) sessions.push(group[i]!);
    }
    if (sessions.length < count) throw new Error(`the demo has only ${sessions.length} accounts that can write; ${count} asked for`);
    if (!sessions.some((s) => s.ledNeed !== null)) throw new Error("no broker in the demo leads a need");
    const publicNeed = (db.prepare("SELECT id FROM needs WHERE status = 'published' ORDER BY id LIMIT 1").get() as { id: number }).id;
    const needCodes = db
      .prepare("SELECT industry_chain_id AS industryChainId, tech_field_code AS techFieldCode, county_code AS countyCode FROM needs WHERE id = ?")
      .get(publicNeed) as Plan["needCodes"];
    return { password: DEMO_PASSWORD, sessions, publicNeed, needCodes };
  } finally {
    db.close();
  }
}
