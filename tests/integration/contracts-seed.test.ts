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
import {
  claimsOutsideCertificate,
  dealContractsOffTopic,
  elsewhereInconsistent,
  matchesBeforeListings,
  misfiledContracts,
  numbersOutOfOrder,
} from "./seed-invariants";

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
  it("registers at least 30 contracts across 2025 and 2026, others registered elsewhere, with amendments, some waiting, one returned and a draft", () => {
    expect(seeded.registered).toBeGreaterThanOrEqual(30);
    expect(seeded.byStatus.elsewhere).toBeGreaterThanOrEqual(5);
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
    // The city's 50亿 is a 2027 target; this year has none unless the Bureau sets one.
    expect(figure.target).toBeNull();
    expect(figure.valueFen).toBeLessThan(cityContractFigure(db, 2027).target!.valueFen / 10);
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

describe("the demo's registrations, as the registration rules would have them", () => {
  it("claims needs only under a valid certificate and pairs listings only once both are public", () => {
    expect(claimsOutsideCertificate(db)).toEqual([]);
    expect(matchesBeforeListings(db)).toEqual([]);
  });

  it("records from each deal a contract whose need and achievement are about the same problem, titled after it", () => {
    expect(num("SELECT count(*) FROM contracts WHERE match_id IS NOT NULL")).toBeGreaterThan(5);
    expect(dealContractsOffTopic(db)).toEqual([]);
  });

  it("prices deal contracts around the need's budget, not at its ceiling, in whole yuan", () => {
    const rows = all(
      `SELECT c.contract_value_fen AS v, n.budget_min_fen AS lo, n.budget_max_fen AS hi FROM contracts c JOIN matches m ON m.id = c.match_id
       JOIN needs n ON n.id = m.need_id WHERE c.amends_id IS NULL AND n.budget_max_fen IS NOT NULL`,
    ).map((r) => ({ v: Number(r.v), lo: Number(r.lo), hi: Number(r.hi) }));
    expect(rows.length).toBeGreaterThan(4);
    expect(rows.filter((r) => r.v === r.hi).length).toBeLessThanOrEqual(1);
    expect(rows.filter((r) => r.v >= r.lo && r.v <= r.hi).length).toBeGreaterThan(rows.length / 2);
    for (const r of rows) {
      expect(r.v).toBeGreaterThanOrEqual(r.lo * 0.8);
      expect(r.v).toBeLessThanOrEqual(r.hi * 1.2);
    }
    expect(num("SELECT count(*) FROM contracts WHERE contract_value_fen % 100 <> 0 OR tech_value_fen % 100 <> 0")).toBe(0);
  });

  it("numbers Lüliang registrations in the order they were made, every year", () => {
    expect(num("SELECT count(*) FROM contracts WHERE registered_at IS NOT NULL")).toBeGreaterThan(30);
    expect(numbersOutOfOrder(db)).toEqual([]);
  });

  it("registers at the Lüliang desk only what a Lüliang seller filed, itself or through the deal's broker; the rest was registered elsewhere", () => {
    expect(misfiledContracts(db)).toEqual([]);
    expect(elsewhereInconsistent(db)).toEqual([]);
    const elsewhere = all(
      "SELECT elsewhere_office AS office, elsewhere_confirmed_at AS confirmed, elsewhere_confirmed_by AS by FROM contracts WHERE status = 'elsewhere'",
    );
    expect(elsewhere.length).toBeGreaterThanOrEqual(5);
    const offices = new Set(elsewhere.map((e) => e.office));
    expect(offices).toEqual(new Set(["太原市技术市场管理办公室", "北京技术市场管理办公室"]));
    const pending = elsewhere.filter((e) => e.confirmed === null).length;
    expect(pending).toBeGreaterThanOrEqual(1);
    expect(pending).toBeLessThanOrEqual(2);
    const admin = num("SELECT id FROM users WHERE email = 'admin@lvliang.example'");
    expect(elsewhere.filter((e) => e.confirmed !== null).every((e) => e.by === admin)).toBe(true);
    expect(num("SELECT count(*) FROM contracts WHERE status = 'registered' AND filed_on_behalf = 1")).toBeGreaterThan(10);
    expect(num("SELECT count(*) FROM contracts WHERE status = 'registered' AND filed_on_behalf = 0")).toBeGreaterThan(3);
  });

  it("deducts equipment and materials from development contracts, little or nothing from licences and transfers", () => {
    const items = (where: string) =>
      all(
        `SELECT type, equipment_fen AS e, instruments_fen AS i, materials_fen AS m, other_fen AS o, contract_value_fen - tech_value_fen AS d FROM contracts WHERE ${where}`,
      );
    const dev = items("type = 'DEV' AND contract_value_fen > tech_value_fen");
    expect(dev.length).toBeGreaterThan(5);
    expect(dev.filter((r) => Number(r.e) + Number(r.m) > 0).length).toBeGreaterThan(dev.length * 0.8);
    const licences = items("type IN ('LIC', 'TRF')");
    expect(licences.filter((r) => Number(r.d) === 0).length).toBeGreaterThan(licences.length / 2);
    expect(items("contract_value_fen = tech_value_fen").length).toBeGreaterThan(10);
    const withDeduction = items("contract_value_fen > tech_value_fen");
    expect(withDeduction.filter((r) => Number(r.o) === Number(r.d)).length).toBeLessThan(withDeduction.length / 3);
  });

  it("holds a few records imported from the national system: off the platform, one matched, one for the registrar to decide", () => {
    const admin = num("SELECT id FROM users WHERE email = 'admin@lvliang.example'");
    const imports = all("SELECT id, imported_by AS by, rows, imported, matched, to_confirm AS toConfirm FROM national_imports");
    expect(imports).toHaveLength(1);
    expect(imports[0]!.by).toBe(admin);
    const records = all("SELECT * FROM national_records");
    expect(imports[0]).toMatchObject({ rows: records.length });
    const off = records.filter((r) => r.status === "off_platform");
    expect(off.length).toBeGreaterThanOrEqual(8);
    expect(off.length).toBeLessThanOrEqual(15);
    expect(new Set(off.map((r) => r.registration_year))).toEqual(new Set([2025, 2026]));
    expect(off.some((r) => !String(r.seller_division).startsWith("1411") && String(r.buyer_division).startsWith("1411"))).toBe(true);
    expect(off.some((r) => String(r.seller_division).startsWith("1411") && !String(r.buyer_division).startsWith("1411"))).toBe(true);
    for (const r of records) {
      expect(String(r.registered_on) >= String(r.signed_on), String(r.title)).toBe(true);
      expect(r.registration_year).toBe(Number(String(r.registered_on).slice(0, 4)));
      expect(num("SELECT count(*) FROM audit_events WHERE entity = 'national_record' AND entity_id = ?", String(r.id))).toBeGreaterThanOrEqual(1);
    }
    expect(num("SELECT count(*) FROM audit_events WHERE entity = 'national_import'")).toBe(1);
    const matched = all(
      "SELECT r.registration_no AS no, c.elsewhere_no AS theirs, c.status FROM national_records r JOIN contracts c ON c.id = r.contract_id WHERE r.status = 'matched'",
    );
    expect(matched).toEqual([{ no: matched[0]!.theirs, theirs: matched[0]!.theirs, status: "elsewhere" }]);
    const pair = all(
      `SELECT r.registration_no AS no, c.registration_no AS theirs FROM national_records r JOIN contracts c ON c.id = r.contract_id
       WHERE r.status = 'to_confirm' AND c.status = 'registered' AND r.seller_credit_code = c.seller_credit_code AND r.buyer_credit_code = c.buyer_credit_code
         AND r.signed_on = c.signed_on AND r.contract_value_fen = c.contract_value_fen`,
    );
    expect(pair).toHaveLength(1);
    expect(pair[0]!.no).not.toBe(pair[0]!.theirs);
    expect(imports[0]).toMatchObject({ matched: 1, toConfirm: 1, imported: off.length });
  });

  it("flags a few contracts and records: some cleared with a reason, an open one on a filing waiting at the desk, and the split pair", () => {
    const flags = all("SELECT f.*, c.status AS contract_status FROM contract_flags f LEFT JOIN contracts c ON c.id = f.contract_id ORDER BY f.id");
    const subjects = new Set(flags.map((f) => `${f.contract_id}/${f.national_record_id}`));
    expect(subjects.size).toBeGreaterThanOrEqual(3);
    expect(subjects.size).toBeLessThanOrEqual(5);
    const admin = num("SELECT id FROM users WHERE email = 'admin@lvliang.example'");
    const cleared = flags.filter((f) => f.cleared_at !== null);
    expect(cleared.length).toBeGreaterThanOrEqual(2);
    for (const f of cleared) {
      expect(f.cleared_by).toBe(admin);
      expect(String(f.clear_reason).length).toBeGreaterThan(5);
      expect(String(f.cleared_at) > String(f.raised_at)).toBe(true);
    }
    const open = flags.filter((f) => f.cleared_at === null);
    expect(open.length).toBeGreaterThanOrEqual(1);
    expect(open.length).toBeLessThanOrEqual(2);
    expect(open.some((f) => f.contract_status === "submitted")).toBe(true);
    // A registered contract had every flag cleared before it was registered.
    expect(flags.filter((f) => f.contract_status === "registered" && f.cleared_at === null)).toEqual([]);
    for (const kind of ["related_party", "large_amount", "likely_split"]) expect(flags.map((f) => f.kind)).toContain(kind);
    const split = flags.find((f) => f.kind === "likely_split")!;
    const [a, b] = all(
      `SELECT c.id, c.contract_value_fen AS v, c.signed_on AS d FROM contracts c JOIN contracts x ON x.id = ?
       WHERE c.seller_credit_code = x.seller_credit_code AND c.buyer_credit_code = x.buyer_credit_code AND c.amends_id IS NULL
         AND abs(julianday(c.signed_on) - julianday(x.signed_on)) <= 90 ORDER BY c.signed_on`,
      split.contract_id,
    );
    expect(b).toBeDefined();
    expect(Number(a!.v) + Number(b!.v)).toBeGreaterThan(1_000_000_000);
    expect(Number(a!.v)).toBeLessThanOrEqual(1_000_000_000);
    expect(num("SELECT count(*) FROM contracts WHERE related_party = 1")).toBeGreaterThanOrEqual(1);
  });
});
