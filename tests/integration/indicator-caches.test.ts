import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTx, type Db } from "../../db/connection";
import { bumpDataVersion, type DataName } from "../../app/services/data-versions.server";
import { indicatorTrends, publicIndicators } from "../../app/services/indicators/dashboard.server";
import { targetProgress } from "../../app/services/target-progress.server";
import { createTestDb } from "../helpers/db";
import { generateMarket } from "../bench/dashboard-data";

// The listings' figures are kept across a registered contract and counted again when a listing
// or a broker changes: the same values as counted afresh, at every step.

const YEAR = 2025;
let db: Db;
let cleanup: () => void;

beforeAll(() => {
  ({ db, cleanup } = createTestDb());
  generateMarket(db, { contracts: 500, needs: 300, achievements: 300, brokers: 20, years: [2024, 2025], seed: 5 });
});
afterAll(() => cleanup());

function change(sql: string, name: DataName): void {
  writeTx(db, (tx) => {
    db.$client.prepare(sql).run();
    bumpDataVersion(tx, name);
  });
}

const current = (indicator: string) => targetProgress(db, YEAR).find((t) => t.indicator === indicator)!.current;
const trend = (indicator: string) => indicatorTrends(db, YEAR).find((t) => t.indicator === indicator)!;

describe("the listings' indicator figures", () => {
  it("follow a published need, a submitted need and a certified broker, and stay the same across a registered contract", () => {
    const needsBefore = trend("needs_list").months.reduce((a, b) => a + b, 0);
    const collected = current("enterprise_needs_collected")!;
    const trained = current("brokers_trained")!;
    const published = publicIndicators(db, YEAR).publishedNeeds;

    change(
      `UPDATE contracts SET contract_value_fen = contract_value_fen + 100, tech_value_fen = tech_value_fen + 100 WHERE id = (SELECT min(id) FROM contracts WHERE status = 'registered')`,
      "contracts",
    );
    expect(trend("needs_list").months.reduce((a, b) => a + b, 0)).toBe(needsBefore);
    expect(current("enterprise_needs_collected")).toBe(collected);

    change(
      `UPDATE needs SET status = 'published', list_year = ${YEAR}, submitted_at = '${YEAR}-06-01T02:00:00.000Z', published_at = '${YEAR}-06-01T02:00:00.000Z'
       WHERE id = (SELECT min(id) FROM needs WHERE status IN ('draft', 'submitted') AND submitted_at < '${YEAR - 1}-12-01')`,
      "listings",
    );
    expect(trend("needs_list").months.reduce((a, b) => a + b, 0)).toBe(needsBefore + 1);
    expect(current("enterprise_needs_collected")).toBe(collected + 1);
    expect(publicIndicators(db, YEAR).publishedNeeds).toBe(published + 1);

    change(
      `UPDATE brokers SET status = 'certified', cohort = '${YEAR}-1', decided_at = '${YEAR}-03-01T02:00:00.000Z' WHERE id = (SELECT min(id) FROM brokers WHERE status NOT IN ('certified', 'suspended'))`,
      "brokers",
    );
    expect(current("brokers_trained")).toBe(trained + 1);
    expect(trend("brokers_trained").months[2]).toBeGreaterThan(0);
  });
});
