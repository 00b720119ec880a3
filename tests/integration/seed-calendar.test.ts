import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/connection";
import { seedMarketActivity } from "../../db/seed-data/activity";
import { hashDemoPassword, seedDemo } from "../../db/seed-data/seed-demo";
import { getActiveBroker } from "../../app/services/brokers.server";
import { cityContractFigure } from "../../app/services/indicator.server";
import { staleCutoff } from "../../app/services/listings.server";
import { createTestDb } from "../helpers/db";
import {
  claimsOutsideCertificate,
  dealContractsOffTopic,
  elsewhereInconsistent,
  matchesBeforeListings,
  misfiledContracts,
  numbersOutOfOrder,
} from "./seed-invariants";

// The demo seeded a year (and two years) after the day its story was written tells the same
// story, moved by whole years: what a visitor sees this year does not depend on the run day.
const NOW = new Date("2026-11-21T08:00:00.000Z");
const YEAR_LATER = new Date("2027-11-21T08:00:00.000Z");
const TWO_YEARS_LATER = new Date("2028-11-21T08:00:00.000Z");

type Row = Record<string, unknown>;

interface Seeded {
  db: Db;
  now: Date;
  year: number;
}

const cleanups: (() => void)[] = [];
let passwordHash: string;

async function seedAt(now: Date): Promise<Seeded> {
  const t = createTestDb();
  cleanups.push(t.cleanup);
  await seedDemo(t.db, { now, passwordHash });
  seedMarketActivity(t.db, { passwordHash, now });
  return { db: t.db, now, year: now.getUTCFullYear() };
}

const rows = (s: Seeded, sql: string, ...p: unknown[]) => s.db.$client.prepare(sql).all(...p) as Row[];
const count = (s: Seeded, sql: string, ...p: unknown[]) => Number(Object.values(s.db.$client.prepare(sql).get(...p) as Row)[0]);

/** Registered 成交额 by registration year, keyed by years before the run year (0 = this year). */
function registeredByYearsAgo(s: Seeded): Record<number, number> {
  const out: Record<number, number> = {};
  for (const r of rows(
    s,
    "SELECT registration_year AS y, sum(contract_value_fen) AS fen FROM contracts WHERE status = 'registered' AND superseded_at IS NULL GROUP BY registration_year",
  )) {
    out[s.year - Number(r.y)] = Number(r.fen);
  }
  return out;
}

function statusCounts(s: Seeded, table: "needs" | "achievements" | "contracts" | "matches", column = "status"): Record<string, number> {
  return Object.fromEntries(rows(s, `SELECT ${column} AS k, count(*) AS n FROM ${table} GROUP BY ${column}`).map((r) => [String(r.k), Number(r.n)]));
}

let seeds: Seeded[];
beforeAll(async () => {
  passwordHash = await hashDemoPassword();
  seeds = [await seedAt(NOW), await seedAt(YEAR_LATER), await seedAt(TWO_YEARS_LATER)];
}, 180_000);
afterAll(() => cleanups.splice(0).forEach((c) => c()));

describe("the demo seeded in a later year", () => {
  it("has the same listings, deals and contracts in every state", () => {
    const [first, ...later] = seeds;
    for (const s of later) {
      expect(statusCounts(s, "needs")).toEqual(statusCounts(first!, "needs"));
      expect(statusCounts(s, "achievements")).toEqual(statusCounts(first!, "achievements"));
      expect(statusCounts(s, "contracts")).toEqual(statusCounts(first!, "contracts"));
      expect(statusCounts(s, "matches", "stage")).toEqual(statusCounts(first!, "matches", "stage"));
    }
  });

  it("registers the same amounts this year and last year, and shows this year's figure", () => {
    const [first, ...later] = seeds;
    expect(registeredByYearsAgo(first!)[0]).toBeGreaterThan(0);
    for (const s of later) {
      expect(registeredByYearsAgo(s)).toEqual(registeredByYearsAgo(first!));
      expect(cityContractFigure(s.db, s.year).valueFen).toBe(cityContractFigure(first!.db, first!.year).valueFen);
    }
  });

  it("puts this year's lists in this year and keeps as many listings fresh", () => {
    for (const s of seeds) {
      expect(count(s, "SELECT count(*) FROM needs WHERE list_year = ?", s.year)).toBe(
        count(seeds[0]!, "SELECT count(*) FROM needs WHERE list_year = ?", seeds[0]!.year),
      );
      expect(count(s, "SELECT count(*) FROM achievements WHERE transformation_list_year = ?", s.year)).toBeGreaterThan(0);
      const fresh = count(s, "SELECT count(*) FROM needs WHERE status = 'published' AND coalesce(confirmed_at, published_at) >= ?", staleCutoff(s.db, s.now));
      expect(fresh).toBe(
        count(
          seeds[0]!,
          "SELECT count(*) FROM needs WHERE status = 'published' AND coalesce(confirmed_at, published_at) >= ?",
          staleCutoff(seeds[0]!.db, seeds[0]!.now),
        ),
      );
      expect(fresh).toBeGreaterThan(0);
    }
  });

  it("keeps the demo brokers certified on the run day", () => {
    for (const s of seeds) {
      const broker = rows(s, "SELECT id FROM users WHERE email = 'broker@lvliang.example'")[0]!;
      expect(getActiveBroker(s.db, Number(broker.id), s.now), `on ${s.now.toISOString()}`).not.toBeNull();
    }
  });

  it("pays this year's broker rewards under a rule for this year", () => {
    for (const s of seeds) expect(count(s, "SELECT count(*) FROM reward_rules WHERE year = ?", s.year)).toBe(1);
  });

  it("subsidises this year's and last year's received amounts under a rule for each", () => {
    for (const s of seeds) {
      expect(count(s, "SELECT count(*) FROM subsidy_rules WHERE year = ?", s.year)).toBe(1);
      expect(count(s, "SELECT count(*) FROM subsidy_rules WHERE year = ?", s.year - 1)).toBe(1);
    }
  });
});

describe("the demo's timeline on any run day", () => {
  it("claims under valid certificates, pairs public listings, numbers registrations in order and files each contract where its seller is", () => {
    for (const s of seeds) {
      const on = s.now.toISOString();
      expect(claimsOutsideCertificate(s.db), on).toEqual([]);
      expect(matchesBeforeListings(s.db), on).toEqual([]);
      expect(dealContractsOffTopic(s.db), on).toEqual([]);
      expect(numbersOutOfOrder(s.db), on).toEqual([]);
      expect(misfiledContracts(s.db), on).toEqual([]);
      expect(elsewhereInconsistent(s.db), on).toEqual([]);
      const nowIso = s.now.toISOString();
      for (const table of ["need_claims", "matches", "contracts", "national_records", "contract_flags"]) {
        const column = table === "need_claims" ? "claimed_at" : table === "contract_flags" ? "raised_at" : "created_at";
        expect(count(s, `SELECT count(*) FROM ${table} WHERE ${column} > ?`, nowIso), `${table} on ${on}`).toBe(0);
      }
      expect(count(s, "SELECT count(*) FROM national_records WHERE registered_on > ? OR decided_at > ?", nowIso.slice(0, 10), nowIso), on).toBe(0);
      expect(count(s, "SELECT count(*) FROM contract_flags WHERE cleared_at > ?", nowIso), on).toBe(0);
      expect(count(s, "SELECT count(*) FROM contracts WHERE elsewhere_registered_on > ? OR elsewhere_confirmed_at > ?", nowIso.slice(0, 10), nowIso), on).toBe(
        0,
      );
    }
  });

  it("imports the same national records and raises the same flags, moved with the story", () => {
    const [first, ...later] = seeds;
    const shape = (s: Seeded) => ({
      records: statusCountsOf(s, "national_records"),
      flags: rows(s, "SELECT kind, cleared_at IS NULL AS open FROM contract_flags ORDER BY id"),
      elsewhere: rows(s, "SELECT elsewhere_office AS office, elsewhere_confirmed_at IS NULL AS pending FROM contracts WHERE status = 'elsewhere' ORDER BY id"),
    });
    for (const s of later) expect(shape(s)).toEqual(shape(first!));
  });
});

function statusCountsOf(s: Seeded, table: string): Record<string, number> {
  return Object.fromEntries(rows(s, `SELECT status AS k, count(*) AS n FROM ${table} GROUP BY status`).map((r) => [String(r.k), Number(r.n)]));
}
