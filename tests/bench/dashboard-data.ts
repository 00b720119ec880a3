// Generates a market for the indicator dashboard: registered contracts spread over years,
// counties, types, technical fields, chains and brokers in both directions of trade (some
// registered elsewhere, some amended, some cancelled, some off-platform national records), and
// needs, achievements, brokers, claims and deals. One transaction, prepared statements.

import { creditCodeCheckChar } from "../../db/credit-code";
import { rebuildIndicatorRollup } from "../../app/services/indicators/contract-figures.server";
import { writeTx, type Db } from "../../db/connection";
import { bumpDataVersion } from "../../app/services/data-versions.server";
import { COUNTIES, INDUSTRY_CHAINS } from "../../db/vocabularies";
import { CONTRACT_TYPES } from "../../app/codes";

export function rng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x1_0000_0000;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}

export interface GenerateOptions {
  contracts: number;
  needs: number;
  achievements: number;
  brokers: number;
  years: number[];
  seed: number;
}

const OUTSIDE = ["110105", "140105", "310115", "610113", "140702"];
const FIELDS = Array.from({ length: 11 }, (_, i) => `C${String(i + 1).padStart(2, "0")}`);
const pad = (n: number) => String(n).padStart(2, "0");

/** Fills an empty, migrated database with vocabularies seeded. Returns the broker user ids. */
export function generateMarket(db: Db, o: GenerateOptions): { brokerUserIds: number[] } {
  const r = rng(o.seed);
  const sql = db.$client;
  const run = sql.transaction(() => {
    const org = sql.prepare("INSERT INTO organisations (name, kind, credit_code, county_code) VALUES (?, ?, ?, ?) RETURNING id");
    const orgIds: number[] = [];
    for (let i = 0; i < 50; i++) {
      const first17 = `91141100MA${String(i).padStart(7, "0")}`;
      orgIds.push(
        (org.get(`吕梁企业${i}`, i % 2 ? "enterprise" : "institute", first17 + creditCodeCheckChar(first17), r.pick(COUNTIES).code) as { id: number }).id,
      );
    }
    const user = sql.prepare("INSERT INTO users (email, name, password_hash, role, org_id) VALUES (?, ?, '!', ?, ?) RETURNING id");
    const owner = (user.get("owner@example.invalid", "登记员", "admin", orgIds[0]) as { id: number }).id;
    const broker = sql.prepare(`INSERT INTO brokers (user_id, org_id, certificate_no, grade, valid_from, valid_until, chains, cohort, status, decided_at)
      VALUES (?, ?, ?, 'junior', '2024-01-01', '2030-12-31', '[]', ?, ?, ?)`);
    const brokerUserIds: number[] = [];
    for (let i = 0; i < o.brokers; i++) {
      const id = (user.get(`broker${i}@example.invalid`, `经纪人${i}`, "broker", orgIds[i % orgIds.length]) as { id: number }).id;
      brokerUserIds.push(id);
      const y = r.pick(o.years);
      const status = r.next() < 0.8 ? "certified" : r.pick(["applied", "suspended", "revoked"]);
      broker.run(id, orgIds[i % orgIds.length], `JJR-${i}`, `${y}-${r.int(1, 2)}`, status, `${y}-${pad(r.int(1, 12))}-${pad(r.int(1, 28))}T03:00:00.000Z`);
    }
    const need =
      sql.prepare(`INSERT INTO needs (org_id, created_by, title, description, industry_chain_id, tech_field_code, cooperation_modes, expected_trl, deadline,
        county_code, contact_name, contact_phone, status, list_year, submitted_at, published_at)
      VALUES (?, ?, ?, '需求说明', ?, '101', '["transfer"]', 5, '2030-12-31', ?, '联系人甲', '13800000000', ?, ?, ?, ?) RETURNING id`);
    const needIds: number[] = [];
    for (let i = 0; i < o.needs; i++) {
      const y = r.pick(o.years);
      const at = `${y}-${pad(r.int(1, 12))}-${pad(r.int(1, 28))}T${pad(r.int(0, 23))}:00:00.000Z`;
      const status = r.next() < 0.8 ? r.pick(["published", "matched", "closed"]) : r.pick(["submitted", "draft"]);
      const published = ["published", "matched", "closed"].includes(status);
      const row = need.get(
        orgIds[i % orgIds.length],
        owner,
        `需求${i}`,
        r.pick(INDUSTRY_CHAINS).id,
        r.pick(COUNTIES).code,
        status,
        published && r.next() < 0.7 ? y : null,
        at,
        published ? at : null,
      ) as {
        id: number;
      };
      if (published) needIds.push(row.id);
    }
    const ach =
      sql.prepare(`INSERT INTO achievements (org_id, created_by, title, summary, keywords, industry_chain_id, tech_field_code, trl, ip_type, patent_numbers, transfer_modes,
        owners, county_code, contact_name, contact_phone, status, transformation_list_year, published_at)
      VALUES (?, ?, ?, '摘要', '[]', ?, '101', 5, 'invention_patent', '[]', '["transfer"]', '吕梁', ?, '联系人乙', '13900000000', ?, ?, ?) RETURNING id`);
    const achIds: number[] = [];
    for (let i = 0; i < o.achievements; i++) {
      const y = r.pick(o.years);
      const status = r.next() < 0.85 ? r.pick(["published", "transferred"]) : "submitted";
      const published = status !== "submitted";
      const at = published ? `${y}-${pad(r.int(1, 12))}-${pad(r.int(1, 28))}T${pad(r.int(0, 23))}:00:00.000Z` : null;
      achIds.push(
        (
          ach.get(
            orgIds[i % orgIds.length],
            owner,
            `成果${i}`,
            r.pick(INDUSTRY_CHAINS).id,
            r.pick(COUNTIES).code,
            status,
            published && r.next() < 0.5 ? y : null,
            at,
          ) as { id: number }
        ).id,
      );
    }
    const claim = sql.prepare("INSERT INTO need_claims (need_id, broker_user_id, claimed_at) VALUES (?, ?, ?)");
    const match = sql.prepare(
      "INSERT INTO matches (need_id, achievement_id, broker_user_id, stage, source, stage_changed_at) VALUES (?, ?, ?, ?, 'broker', ?) RETURNING id",
    );
    const matchIds: number[] = [];
    for (const id of needIds) {
      if (r.next() < 0.5 || brokerUserIds.length === 0) continue;
      const b = r.pick(brokerUserIds);
      claim.run(id, b, "2099-01-01T00:00:00.000Z");
      if (r.next() < 0.5)
        matchIds.push((match.get(id, r.pick(achIds), b, r.pick(["contacted", "negotiating", "signed"]), "2099-01-02T00:00:00.000Z") as { id: number }).id);
    }
    sql.prepare("UPDATE need_claims SET claimed_at = (SELECT published_at FROM needs WHERE needs.id = need_claims.need_id)").run();

    const contract =
      sql.prepare(`INSERT INTO contracts (family_id, amends_id, amendment_no, superseded_at, match_id, broker_user_id, title, type, sub_type, buyer_name, buyer_credit_code, buyer_division,
        seller_name, seller_credit_code, seller_division, contract_value_fen, tech_value_fen, equipment_fen, signed_on, term_start, term_end, payment_mode, milestones,
        contract_field_code, industry_chain_id, ip_types, status, registration_no, registered_at, registration_year, elsewhere_no, elsewhere_registered_on, elsewhere_confirmed_at, created_by)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'general', '买方', '91140000MA0000000X', ?, '卖方', '91141100MA0000000X', ?, ?, ?, ?, ?, ?, '2030-12-31', 'lump_sum_once', '[]',
        ?, ?, '[]', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`);
    const setFamily = sql.prepare("UPDATE contracts SET family_id = id WHERE id = ?");
    const imp = sql
      .prepare("INSERT INTO national_imports (file_name, sha256, rows, imported, matched, to_confirm) VALUES ('bench.xlsx', 'x', 0, 0, 0, 0) RETURNING id")
      .get() as { id: number };
    const record =
      sql.prepare(`INSERT INTO national_records (registration_no, title, type, contract_field_code, seller_name, seller_credit_code, seller_division, buyer_name, buyer_credit_code,
        buyer_division, contract_value_fen, tech_value_fen, signed_on, registered_on, registration_year, office, status, import_id, row_no)
      VALUES (?, '国家系统合同', ?, ?, '卖方', '91141100MA0000000X', ?, '买方', '91140000MA0000000X', ?, ?, ?, ?, ?, ?, '山西省', ?, ?, ?)`);
    for (let i = 0; i < o.contracts; i++) {
      const y = r.pick(o.years);
      const month = r.int(1, 12);
      const day = r.int(1, 28);
      const lul = () => r.pick(COUNTIES).code;
      const dir = r.next();
      // Most trade is local or outward; some absorbed from outside.
      const sd = dir < 0.75 ? lul() : r.pick(OUTSIDE);
      const bd = dir < 0.4 ? lul() : dir < 0.75 ? r.pick(OUTSIDE) : lul();
      const cv = r.int(10, 5000) * 10_000;
      const eq = r.next() < 0.2 ? Math.floor(cv * r.next() * 0.3) : 0;
      const type = r.pick(CONTRACT_TYPES);
      const field = r.pick(FIELDS);
      if (r.next() < 0.05) {
        const status = r.next() < 0.8 ? "off_platform" : r.pick(["matched", "to_confirm", "cancelled"]);
        record.run(`N${i}`, type, field, sd, bd, cv, cv - eq, `${y}-${pad(month)}-01`, `${y}-${pad(month)}-${pad(day)}`, y, status, imp.id, i);
        continue;
      }
      const chain = r.next() < 0.9 ? r.pick(INDUSTRY_CHAINS).id : null;
      const brokerId = brokerUserIds.length && r.next() < 0.6 ? r.pick(brokerUserIds) : null;
      const matchId = matchIds.length && r.next() < 0.01 ? r.pick(matchIds) : null;
      const k = r.next();
      // Registered at hour 0-23 UTC: some fall in the next Beijing day, month or year.
      const at = `${y}-${pad(month)}-${pad(day)}T${pad(r.int(0, 23))}:00:00.000Z`;
      const by = Number(new Date(Date.parse(at) + 8 * 3600_000).toISOString().slice(0, 4));
      if (k < 0.05) {
        // Registered elsewhere (seller outside), confirmed or not.
        const out = r.pick(OUTSIDE);
        const id = (
          contract.get(
            null,
            null,
            0,
            null,
            matchId,
            brokerId,
            `合同${i}`,
            type,
            bd,
            out,
            cv,
            cv - eq,
            eq,
            `${y}-01-01`,
            `${y}-01-01`,
            field,
            chain,
            "elsewhere",
            null,
            null,
            y,
            `W${i}`,
            `${y}-${pad(month)}-${pad(day)}`,
            r.next() < 0.7 ? at : null,
            owner,
          ) as { id: number }
        ).id;
        setFamily.run(id);
      } else if (k < 0.08) {
        // Amended: the first version superseded, the amendment counted in the first one's year.
        const first = (
          contract.get(
            null,
            null,
            0,
            at,
            matchId,
            brokerId,
            `合同${i}`,
            type,
            bd,
            sd,
            cv,
            cv - eq,
            eq,
            `${y}-01-01`,
            `${y}-01-01`,
            field,
            chain,
            "registered",
            `R${i}`,
            at,
            by,
            null,
            null,
            null,
            owner,
          ) as {
            id: number;
          }
        ).id;
        setFamily.run(first);
        const later = `${y + 1}-02-01T02:00:00.000Z`;
        contract.get(
          first,
          first,
          1,
          null,
          matchId,
          brokerId,
          `合同${i}（变更）`,
          type,
          bd,
          sd,
          cv + 100_000,
          cv + 100_000 - eq,
          eq,
          `${y}-01-01`,
          `${y}-01-01`,
          field,
          chain,
          "registered",
          `R${i}-1`,
          later,
          by,
          null,
          null,
          null,
          owner,
        );
      } else {
        const status = k < 0.1 ? "cancelled" : k < 0.12 ? "submitted" : "registered";
        const registered = status !== "submitted";
        const id = (
          contract.get(
            null,
            null,
            0,
            null,
            matchId,
            brokerId,
            `合同${i}`,
            type,
            bd,
            sd,
            cv,
            cv - eq,
            eq,
            `${y}-01-01`,
            `${y}-01-01`,
            field,
            chain,
            status,
            registered ? `R${i}` : null,
            registered ? at : null,
            registered ? by : null,
            null,
            null,
            null,
            owner,
          ) as { id: number }
        ).id;
        setFamily.run(id);
      }
    }
    return { brokerUserIds };
  });
  // A million rows through the rollup's triggers one by one takes many minutes: they are set
  // aside while the rows go in, the rollup is summed once afterwards, and the triggers (their
  // own text, read back from the schema) put back, so the database ends as the platform keeps it.
  const triggers = sql.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%\\_rollup\\_%' ESCAPE '\\'").all() as {
    name: string;
    sql: string;
  }[];
  for (const t of triggers) sql.exec(`DROP TRIGGER "${t.name}"`);
  try {
    const made = run();
    rebuildIndicatorRollup(db);
    return made;
  } finally {
    for (const t of triggers) sql.exec(t.sql);
  }
}

/** Counted contracts of `year` whose seller is in `county`, by id, at most `limit`. */
export function countedContractIds(db: Db, year: number, county: string, limit: number): number[] {
  return db.$client
    .prepare(
      "SELECT id FROM contracts WHERE registration_year = ? AND status = 'registered' AND superseded_at IS NULL AND seller_division = ? ORDER BY id LIMIT ?",
    )
    .pluck()
    .all(year, county, limit) as number[];
}

/**
 * Raises a contract's value by `fen` (both amounts), as an amendment registered at the desk
 * does to the figures: through SQL, so the rollup's triggers fire, with the contracts counter
 * bumped as the service bumps it.
 */
export function amendContractValue(db: Db, id: number, fen: number): void {
  writeTx(db, (tx) => {
    db.$client.prepare("UPDATE contracts SET contract_value_fen = contract_value_fen + ?, tech_value_fen = tech_value_fen + ? WHERE id = ?").run(fen, fen, id);
    bumpDataVersion(tx, "contracts");
  });
}
