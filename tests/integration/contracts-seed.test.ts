import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTx, type Db } from "../../db/connection";
import { isValidCreditCode } from "../../db/credit-code";
import { seedBrokers } from "../../db/seed-data/broker-cohort";
import { CONTRACT_SEEDS, seedContracts, seedRewardRules, type SeedContractsResult } from "../../db/seed-data/contracts";
import { seedBrokerDeals } from "../../db/seed-data/deals";
import { hashDemoPassword, seedDemo } from "../../db/seed-data/seed-demo";
import { getActiveBroker } from "../../app/services/brokers.server";
import { cityContractFigure, computeContractIndicator } from "../../app/services/indicator.server";
import { brokerRewardSummary, rewardsDue } from "../../app/services/rewards.server";
import { partyCodeProblem } from "../../app/schemas/contracts";
import { createTestDb } from "../helpers/db";

// The demo's brokers and contracts, seeded on a fixed day after the demo's organisations and
// accounts, in the order the seed command runs them: cohort, deals, reward rule, contracts.
const NOW = new Date("2026-11-21T08:00:00.000Z");

type Row = Record<string, unknown>;
let db: Db;
let cleanup: () => void;
let brokersSeeded: ReturnType<typeof seedBrokers>;
let seeded: SeedContractsResult;
let matchesBefore: number;

const all = (sql: string, ...p: unknown[]) => db.$client.prepare(sql).all(...p) as Row[];
const num = (sql: string, ...p: unknown[]) => Number(Object.values(db.$client.prepare(sql).get(...p) as Row)[0]);

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  await seedDemo(db, { now: NOW, passwordHash: await hashDemoPassword() });
  // Inside the caller's transaction where it has one, as the seed command runs them.
  brokersSeeded = writeTx(db, (tx) => seedBrokers(tx, { passwordHash: "not-a-real-hash", now: NOW }));
  seedBrokerDeals(db, { now: NOW });
  matchesBefore = num("SELECT count(*) FROM matches");
  seeded = writeTx(db, (tx) => {
    seedRewardRules(tx, NOW);
    return seedContracts(tx, { now: NOW });
  });
}, 60_000);
afterAll(() => cleanup());

describe("seeded broker cohort", () => {
  it("has 50 certified brokers of cohort 2026-1 under the transfer agencies, with one suspended and one expired", () => {
    expect(brokersSeeded).toMatchObject({ certified: 50, suspended: 1, expired: 1 });
    expect(
      num("SELECT count(*) FROM brokers WHERE cohort = '2026-1' AND status = 'certified' AND user_id IN (SELECT id FROM users WHERE email LIKE 'jjr2026-%')"),
    ).toBe(50);
    const agencies = all(
      "SELECT o.kind AS kind, count(*) AS n FROM brokers b JOIN users u ON u.id = b.user_id JOIN organisations o ON o.id = b.org_id WHERE u.email LIKE 'jjr20%' GROUP BY b.org_id",
    );
    expect(agencies.length).toBeGreaterThanOrEqual(2);
    expect(agencies.every((a) => a.kind === "agency")).toBe(true);
    const grades = all("SELECT grade AS g, count(*) AS n FROM brokers WHERE cohort = '2026-1' GROUP BY grade").map((r) => r.g);
    expect(grades.sort()).toEqual(["intermediate", "junior", "senior"]);
    expect(num("SELECT count(DISTINCT certificate_no) FROM brokers")).toBe(num("SELECT count(*) FROM brokers"));
    const [active, suspended, expired] = [brokersSeeded.userIds[0]!, brokersSeeded.userIds[50]!, brokersSeeded.userIds[51]!];
    expect(getActiveBroker(db, active, NOW)).not.toBeNull();
    expect(getActiveBroker(db, suspended, NOW)).toBeNull();
    expect(getActiveBroker(db, expired, NOW)).toBeNull();
    expect(num("SELECT count(*) FROM users WHERE role = 'broker' AND email LIKE 'jjr20%' AND password_hash = 'not-a-real-hash'")).toBe(52);
    expect(num("SELECT count(*) FROM audit_events WHERE action = 'seed' AND entity = 'broker'")).toBe(num("SELECT count(*) FROM brokers"));
  });

  it("adds nobody twice", () => {
    expect(seedBrokers(db, { passwordHash: "x", now: NOW }).userIds).toEqual([]);
  });
});

describe("seeded contracts", () => {
  it("registers at least 40 contracts across 2025 and 2026, with amendments, some waiting, one returned and a draft", () => {
    expect(seeded.registered).toBeGreaterThanOrEqual(40);
    expect(seeded.byStatus.submitted).toBeGreaterThanOrEqual(4);
    expect(seeded.byStatus.returned).toBe(1);
    expect(seeded.byStatus.draft).toBeGreaterThanOrEqual(1);
    expect(seeded.amendments).toBe(3);
    const years = all(
      "SELECT registration_year AS y, count(*) AS n FROM contracts WHERE status = 'registered' AND superseded_at IS NULL GROUP BY registration_year",
    );
    expect(years.map((r) => r.y)).toEqual([2025, 2026]);
    expect(num("SELECT count(*) FROM contracts WHERE superseded_at IS NOT NULL")).toBe(2);
    expect(num("SELECT count(*) FROM contracts WHERE amends_id IS NOT NULL AND status = 'submitted'")).toBe(1);
    // An amendment keeps its family's year, even when registered a year later.
    expect(
      num(
        "SELECT count(*) FROM contracts a JOIN contracts o ON o.id = a.amends_id WHERE a.status = 'registered' AND a.registration_year <> o.registration_year",
      ),
    ).toBe(0);
    expect(num("SELECT count(*) FROM contracts WHERE return_reason IS NOT NULL AND status = 'returned'")).toBe(1);
    expect(seeded.families).toBe(CONTRACT_SEEDS.length + seeded.deals);
  });

  it("holds consistent records: amounts in range, valid codes, unique numbers, the Beijing year, an audit trail", () => {
    const rows = all("SELECT * FROM contracts");
    for (const c of rows) {
      expect(c.tech_value_fen as number).toBeLessThanOrEqual(c.contract_value_fen as number);
      expect(c.contract_value_fen as number).toBeGreaterThanOrEqual(10_000_00);
      expect(c.contract_value_fen as number).toBeLessThanOrEqual(100_000_000_00);
      expect(partyCodeProblem(c.buyer_credit_code as string), c.buyer_name as string).toBeNull();
      expect(isValidCreditCode(c.seller_credit_code as string)).toBe(true);
      expect(c.family_id).not.toBeNull();
      const milestones = JSON.parse(c.milestones as string) as { amountFen: number }[];
      if (milestones.length) expect(milestones.reduce((s, m) => s + m.amountFen, 0)).toBe(c.contract_value_fen);
      if (c.status === "registered") {
        expect(c.registration_no).toMatch(/^20(25|26)141100\d{6}$/);
        expect(num("SELECT count(*) FROM audit_events WHERE entity = 'contract' AND entity_id = ? AND action = 'register'", String(c.id))).toBe(1);
      }
      expect(num("SELECT count(*) FROM audit_events WHERE entity = 'contract' AND entity_id = ? AND action IN ('create', 'amend')", String(c.id))).toBe(1);
    }
    expect(num("SELECT count(DISTINCT registration_no) FROM contracts WHERE registration_no IS NOT NULL")).toBe(
      num("SELECT count(*) FROM contracts WHERE registration_no IS NOT NULL"),
    );
    // The family's year is the Beijing year of its first registration: 23:30 on 31 December 2025 is 2025's.
    const eve = all("SELECT registration_year AS y, registered_at AS at FROM contracts WHERE title = '高硫煤洁净焦化配煤专题技术调查'")[0]!;
    expect(eve).toEqual({ y: 2025, at: "2025-12-31T15:30:00.000Z" });
    expect(
      num(
        "SELECT count(*) FROM contracts WHERE status = 'registered' AND amends_id IS NULL AND registration_year <> CAST(strftime('%Y', registered_at, '+8 hours') AS INTEGER)",
      ),
    ).toBe(0);
    // Brokers recorded most of them; members the rest; a few came from deals.
    expect(num("SELECT count(*) FROM contracts WHERE broker_user_id IS NULL")).toBeGreaterThan(5);
    expect(num("SELECT count(*) FROM contracts WHERE broker_user_id IN (SELECT user_id FROM brokers WHERE cohort = '2026-1')")).toBeGreaterThan(10);
    expect(seeded.deals).toBeGreaterThan(0);
  });

  it("gives each signed deal its contract, recorded by the deal's broker between the need's and the achievement's organisations", () => {
    expect(num("SELECT count(*) FROM matches")).toBe(matchesBefore);
    const linked = all(
      `SELECT c.broker_user_id AS broker, m.broker_user_id AS dealBroker, m.stage AS stage, c.buyer_org_id = n.org_id AS buyerOk, c.seller_org_id = a.org_id AS sellerOk,
              c.signed_on >= substr(m.stage_changed_at, 1, 10) AS afterSigning
       FROM contracts c JOIN matches m ON m.id = c.match_id JOIN needs n ON n.id = m.need_id JOIN achievements a ON a.id = m.achievement_id`,
    );
    expect(linked.length).toBe(seeded.deals);
    for (const l of linked) expect(l).toMatchObject({ stage: "signed", buyerOk: 1, sellerOk: 1, afterSigning: 1, broker: l.dealBroker });
    // A deal signed in the last few days has no contract yet.
    const signed = num("SELECT count(*) FROM matches WHERE stage = 'signed'");
    expect(seeded.deals).toBeLessThanOrEqual(signed);
    expect(seeded.deals).toBeGreaterThan(signed / 2);
  });

  it("gives output, absorbed and local series that differ, and a 2026 total well under the target", () => {
    const ind = computeContractIndicator(db, { year: 2026 });
    const { output, absorbed, local } = ind.totals;
    expect(new Set([output.contractFen, absorbed.contractFen, local.contractFen]).size).toBe(3);
    expect(local.contractFen).toBeLessThan(Math.min(output.contractFen, absorbed.contractFen));
    expect(
      num("SELECT COALESCE(SUM(contract_value_fen), 0) FROM contracts WHERE status = 'registered' AND superseded_at IS NULL AND registration_year = 2026"),
    ).toBe(seeded.registeredFenByYear[2026]);
    const figure = cityContractFigure(db, 2026);
    expect(figure.valueFen).toBe(output.contractFen);
    expect(figure.valueFen).toBeGreaterThan(0);
    expect(figure.valueFen).toBeLessThan(figure.target!.valueFen / 10);
    expect(ind.byCounty.absorbed.length).toBeGreaterThan(5);
  });

  it("seeds the reward rule as policy data, and brokers earn under it", () => {
    expect(all("SELECT rate_bp, base, cap_per_broker_year_fen, require_need_before_signing, year FROM reward_rules")).toEqual([
      { rate_bp: 500, base: "tech_value", cap_per_broker_year_fen: 20_000_000, require_need_before_signing: 1, year: 2026 },
    ]);
    expect(seedRewardRules(db, NOW)).toBe(num("SELECT id FROM reward_rules"));
    const due = rewardsDue(db, 2026);
    expect(due.brokers.length).toBeGreaterThan(3);
    const broker = num("SELECT id FROM users WHERE email = 'broker@lvliang.example'");
    const summary = brokerRewardSummary(db, broker, 2026);
    expect(summary.contracts).toBeGreaterThan(3);
    expect(summary.dueFen).toBeLessThanOrEqual(20_000_000);
  });
});
