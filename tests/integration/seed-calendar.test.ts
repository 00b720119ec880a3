import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/connection";
import { seedMarketActivity } from "../../db/seed-data/activity";
import { hashDemoPassword, seedDemo } from "../../db/seed-data/seed-demo";
import { getActiveBroker } from "../../app/services/brokers.server";
import { revisionsReport } from "../../app/services/closed-year-revisions.server";
import { cityContractFigure, INDICATOR_SERIES, type SeriesAmounts } from "../../app/services/indicator.server";
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
      expect(count(s, "SELECT count(*) FROM national_imports WHERE created_at > ?", nowIso), on).toBe(0);
      expect(count(s, "SELECT count(*) FROM closed_years WHERE closed_at > ?", nowIso), on).toBe(0);
      expect(count(s, "SELECT count(*) FROM contracts WHERE cancelled_at > ? OR updated_at > ?", nowIso, nowIso), on).toBe(0);
      expect(
        count(
          s,
          "SELECT count(*) FROM audit_events WHERE entity IN ('contract', 'national_import', 'national_record', 'closed_year') AND created_at > ?",
          nowIso,
        ),
        on,
      ).toBe(0);
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

describe("the demo's closed year", () => {
  const closedOf = (s: Seeded) => rows(s, "SELECT year, closed_at AS at, closed_by AS by, figures FROM closed_years")[0]!;

  it("closes last year in office hours on a working day, after every change its figure takes in and before the run day", () => {
    for (const s of seeds) {
      const on = s.now.toISOString();
      expect(rows(s, "SELECT year FROM closed_years"), on).toEqual([{ year: s.year - 1 }]);
      const closed = closedOf(s);
      const at = String(closed.at);
      // Each frozen family's registrations, confirmations and supersessions; each frozen record's import and ruling.
      const included = rows(
        s,
        `SELECT c.registered_at AS a, c.elsewhere_confirmed_at AS b, c.superseded_at AS c FROM closed_year_items i
           JOIN contracts f ON f.id = i.contract_id JOIN contracts c ON c.family_id = f.family_id WHERE i.year = ?
         UNION ALL SELECT r.created_at, r.decided_at, NULL FROM closed_year_items i JOIN national_records r ON r.id = i.national_record_id WHERE i.year = ?`,
        closed.year,
        closed.year,
      )
        .flatMap((r) => [r.a, r.b, r.c])
        .filter((t): t is string => typeof t === "string");
      expect(included.length, on).toBeGreaterThan(20);
      for (const t of included) expect(t < at, `${t} before the closing on ${at}`).toBe(true);
      // The June amendment of a last-year family and the November import are among them.
      expect(
        included.some((t) => t.startsWith(`${s.year}-06`)),
        on,
      ).toBe(true);
      expect(at > String(rows(s, "SELECT min(created_at) AS t FROM national_imports")[0]!.t), on).toBe(true);
      expect(at < on, on).toBe(true);
      const beijing = new Date(Date.parse(at) + 8 * 3_600_000);
      expect(beijing.getUTCHours(), at).toBeGreaterThanOrEqual(9);
      expect(beijing.getUTCHours(), at).toBeLessThan(18);
      expect([0, 6], at).not.toContain(beijing.getUTCDay());
      expect(rows(s, "SELECT role FROM users WHERE id = ?", closed.by)[0]!.role).toBe("admin");
      expect(rows(s, "SELECT created_at AS t FROM audit_events WHERE entity = 'closed_year' AND action = 'close_year'"), on).toEqual([{ t: at }]);
    }
  });

  it("freezes figures that are a plain sum of the items it froze, and differ from the revised ones", () => {
    for (const s of seeds) {
      const closed = closedOf(s);
      const sums = Object.fromEntries(INDICATOR_SERIES.map((k) => [k, { contractFen: 0, techFen: 0, count: 0 }])) as SeriesAmounts;
      for (const i of rows(
        s,
        "SELECT contract_value_fen AS cv, tech_value_fen AS tv, seller_division AS sd, buyer_division AS bd FROM closed_year_items WHERE year = ?",
        closed.year,
      )) {
        const seller = String(i.sd).startsWith("1411");
        const buyer = String(i.bd).startsWith("1411");
        for (const [k, inSeries] of [
          ["output", seller],
          ["absorbed", buyer],
          ["local", seller && buyer],
        ] as const) {
          if (!inSeries) continue;
          sums[k].contractFen += Number(i.cv);
          sums[k].techFen += Number(i.tv);
          sums[k].count += 1;
        }
      }
      expect(JSON.parse(String(closed.figures))).toEqual(sums);
      const report = revisionsReport(s.db).years[0]!;
      expect(report.closed).toEqual(sums);
      expect(report.revised).not.toEqual(report.closed);
    }
  });

  it("lists as this year's revisions exactly the changes the Bureau made to last year after closing it, all before the run day", () => {
    for (const s of seeds) {
      const on = s.now.toISOString();
      const closed = closedOf(s);
      // What changed a figure after the closing, as the audit trail records it, on last year's contracts and records.
      const made = rows(
        s,
        `SELECT e.entity, e.action, CAST(e.entity_id AS INTEGER) AS id, e.created_at AS at FROM audit_events e
         WHERE e.created_at > ? AND e.action IN ('import', 'register', 'confirm_elsewhere', 'cancel', 'decide')
           AND ((e.entity = 'contract' AND e.entity_id IN (SELECT CAST(id AS TEXT) FROM contracts WHERE registration_year = ?))
             OR (e.entity = 'national_record' AND e.entity_id IN (SELECT CAST(id AS TEXT) FROM national_records WHERE registration_year = ?)))
         ORDER BY e.created_at`,
        closed.at,
        closed.year,
        closed.year,
      ).map((e) => ({
        kind: e.action === "cancel" ? "removed" : e.action === "import" ? "added" : "changed",
        source: e.entity === "contract" ? "contract" : "national",
        id: e.id,
        changedAt: e.at,
      }));
      expect(
        made.map((m) => m.kind),
        on,
      ).toEqual(["added", "removed"]);
      const listed = revisionsReport(s.db, { reportYear: s.year }).years.flatMap((y) => y.changes);
      expect(
        listed.map((c) => ({ kind: c.kind, source: c.source, id: c.contractId ?? c.nationalRecordId, changedAt: c.changedAt })),
        on,
      ).toEqual(made);
      for (const m of made) expect(String(m.changedAt) < on, on).toBe(true);
      // The late import is the second, with one record registered last year off the platform; the cancelled registration keeps its reason.
      expect(rows(s, "SELECT rows, imported, created_at > ? AS late FROM national_imports ORDER BY id", closed.at)).toEqual([
        expect.objectContaining({ late: 0 }),
        { rows: 1, imported: 1, late: 1 },
      ]);
      const cancelled = rows(
        s,
        "SELECT cancelled_at AS at, cancel_reason AS reason, cancelled_by AS by, registration_year AS y FROM contracts WHERE status = 'cancelled'",
      );
      expect(cancelled).toEqual([{ at: made[1]!.changedAt, reason: expect.stringContaining("撤销登记"), by: closed.by, y: closed.year }]);
    }
  });

  it("stays open when the run day leaves no room to close it after its last change", async () => {
    const early = await seedAt(new Date("2026-11-11T08:00:00.000Z"));
    expect(count(early, "SELECT count(*) FROM closed_years")).toBe(0);
    expect(count(early, "SELECT count(*) FROM national_imports")).toBe(1);
    expect(count(early, "SELECT count(*) FROM contracts WHERE status = 'cancelled'")).toBe(0);
    expect(revisionsReport(early.db).years).toEqual([]);
  }, 60_000);
});

function statusCountsOf(s: Seeded, table: string): Record<string, number> {
  return Object.fromEntries(rows(s, `SELECT status AS k, count(*) AS n FROM ${table} GROUP BY status`).map((r) => [String(r.k), Number(r.n)]));
}
