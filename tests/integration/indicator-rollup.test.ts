// indicator_rollup, the counted amount pre-summed by breakdown: filled from what a database
// already counts when the migration runs, kept by triggers through every change a counted row can
// go through, and checked (and summed again) against a full count.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { migrateDb, openDb, type Db } from "../../db/connection";
import { checkIndicatorRollup, computeContractFigures, indicatorRollupDrift } from "../../app/services/indicators/contract-figures.server";
import { contractTotals, computeContractIndicator } from "../../app/services/indicator.server";
import { fillWithDemo, migrationsUpTo } from "../helpers/old-schema";

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.$client.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  vi.restoreAllMocks();
});

/** The demo's rows in a database migrated up to just before the rollup, then migrated to now. */
async function demoMigratedAcross(): Promise<Db> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-rollup-"));
  dirs.push(dir);
  const db = openDb(path.join(dir, "market.db"));
  dbs.push(db);
  migrateDb(db, migrationsUpTo(dir, { idx: 11, tag: "0011_challenges_scenarios_enquiries" }));
  await fillWithDemo(db);
  expect(db.$client.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'indicator_rollup'").get()).toEqual({ n: 0 });
  migrateDb(db);
  return db;
}

const years = (db: Db) =>
  (db.$client.prepare("SELECT DISTINCT registration_year AS y FROM contracts WHERE registration_year IS NOT NULL").all() as { y: number }[]).map((r) => r.y);

describe("the indicator rollup", () => {
  it("is filled by the migration from what the database already counts", async () => {
    const db = await demoMigratedAcross();
    expect(years(db).length).toBeGreaterThan(0);
    expect(indicatorRollupDrift(db)).toEqual([]);
    for (const year of years(db)) expect(contractTotals(db, year)).toEqual(computeContractIndicator(db, { year }).totals);
  });

  it("follows amendments, cancellations, confirmations elsewhere, imported records and corrections made in SQL", async () => {
    const db = await demoMigratedAcross();
    const c = db.$client;
    const registered = c.prepare("SELECT id, family_id AS family FROM contracts WHERE status = 'registered' AND superseded_at IS NULL ORDER BY id").all() as {
      id: number;
      family: number | null;
    }[];
    expect(registered.length).toBeGreaterThan(4);
    const [a, b, d, e] = registered;
    // An amendment: the old version is superseded, the new one registered with another amount and broker.
    c.prepare("UPDATE contracts SET superseded_at = '2026-11-20T02:00:00.000Z' WHERE id = ?").run(a!.id);
    const overrides: Record<string, string> = {
      family_id: "COALESCE(family_id, id)",
      amends_id: "id",
      amendment_no: "amendment_no + 1",
      contract_value_fen: "contract_value_fen + 500000",
      tech_value_fen: "tech_value_fen + 500000",
      registered_at: "'2026-11-20T02:00:00.000Z'",
      registration_no: "registration_no || '-A1'",
      broker_user_id: "NULL",
      superseded_at: "NULL",
    };
    const columns = (c.prepare("SELECT name FROM pragma_table_info('contracts') WHERE name <> 'id'").all() as { name: string }[]).map((x) => x.name);
    c.prepare(`INSERT INTO contracts (${columns.join(", ")}) SELECT ${columns.map((x) => overrides[x] ?? x).join(", ")} FROM contracts WHERE id = ?`).run(
      a!.id,
    );
    expect(indicatorRollupDrift(db)).toEqual([]);
    // A cancellation takes the family out; a corrected division moves it between counties and series.
    c.prepare("UPDATE contracts SET status = 'cancelled' WHERE id = ?").run(b!.id);
    c.prepare("UPDATE contracts SET buyer_division = '110105', seller_division = '141181' WHERE id = ?").run(d!.id);
    c.prepare(
      "UPDATE contracts SET industry_chain_id = NULL, contract_field_code = (SELECT code FROM tech_fields WHERE vocabulary = 'contract' AND code <> contracts.contract_field_code LIMIT 1) WHERE id = ?",
    ).run(e!.id);
    expect(indicatorRollupDrift(db)).toEqual([]);
    // Registered elsewhere counts once confirmed, and not before.
    const elsewhere = c.prepare("SELECT id FROM contracts WHERE status = 'elsewhere' AND elsewhere_confirmed_at IS NOT NULL LIMIT 1").get() as
      { id: number } | undefined;
    expect(elsewhere).toBeDefined();
    c.prepare("UPDATE contracts SET elsewhere_confirmed_at = NULL WHERE id = ?").run(elsewhere!.id);
    expect(indicatorRollupDrift(db)).toEqual([]);
    c.prepare("UPDATE contracts SET elsewhere_confirmed_at = '2026-11-21T00:00:00.000Z' WHERE id = ?").run(elsewhere!.id);
    // A national record off the platform counts; matched or cancelled, it does not.
    const record = c.prepare("SELECT id FROM national_records WHERE status = 'off_platform' LIMIT 1").get() as { id: number } | undefined;
    expect(record).toBeDefined();
    c.prepare("UPDATE national_records SET status = 'cancelled' WHERE id = ?").run(record!.id);
    expect(indicatorRollupDrift(db)).toEqual([]);
    c.prepare(
      "UPDATE national_records SET status = 'off_platform', registered_on = '2026-03-02', contract_value_fen = contract_value_fen + 1 WHERE id = ?",
    ).run(record!.id);
    expect(indicatorRollupDrift(db)).toEqual([]);
    for (const year of years(db)) {
      expect(contractTotals(db, year)).toEqual(computeContractIndicator(db, { year }).totals);
      const figures = computeContractFigures(db, year);
      expect(figures.totals).toEqual(computeContractIndicator(db, { year }).totals);
    }
  });

  it("is checked against a full count, and a rollup that drifted is logged and summed again", async () => {
    const db = await demoMigratedAcross();
    const year = years(db)[0]!;
    const right = contractTotals(db, year);
    expect(checkIndicatorRollup(db)).toBe(0);
    db.$client.prepare("UPDATE indicator_rollup SET cv = cv + 100 WHERE dim = 'type' AND year = ? AND side = 's'").run(year);
    expect(contractTotals(db, year)).not.toEqual(right);
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(checkIndicatorRollup(db)).toBeGreaterThan(0);
    expect(String(logged.mock.calls[0]?.[0])).toContain("indicator_rollup_drift");
    expect(indicatorRollupDrift(db)).toEqual([]);
    expect(contractTotals(db, year)).toEqual(right);
  });
});
