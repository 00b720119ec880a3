// Migration 0004 makes the tables that hold fen STRICT without losing a row, an index, a
// foreign key or an id; text or fractions in a fen column are then refused by SQLite itself.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { migrateDb, openDb, type Db } from "../../db/connection";
import { createTestDb } from "../helpers/db";
import { fillWithDemo, migrationsUpTo } from "../helpers/old-schema";

const MONEY_TABLES = ["contracts", "needs", "achievements", "reward_rules", "policy_targets"];
const CHILDREN = ["matches", "need_claims", "match_dismissals"];

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const LAST_BEFORE = { idx: 3, tag: "0003_login_throttle" };
const STRICT_MIGRATION = { idx: 4, tag: "0004_strict_money_tables" };

function databaseAt0003(): { db: Db; file: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-strict-"));
  const file = path.join(dir, "market.db");
  const db = openDb(file);
  cleanups.push(() => {
    if (db.$client.open) db.$client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  migrateDb(db, migrationsUpTo(dir, LAST_BEFORE));
  return { db, file, dir };
}

const strictOf = (db: Db, table: string) => (db.$client.prepare("SELECT strict FROM pragma_table_list WHERE name = ?").get(table) as { strict: number }).strict;

function snapshot(db: Db) {
  const c = db.$client;
  const all = (q: string, ...p: unknown[]) => c.prepare(q).all(...p);
  const tables = [...MONEY_TABLES, ...CHILDREN];
  return {
    rows: Object.fromEntries(MONEY_TABLES.map((t) => [t, all(`SELECT * FROM ${t} ORDER BY id`)])),
    foreignKeys: Object.fromEntries(tables.map((t) => [t, all("SELECT * FROM pragma_foreign_key_list(?) ORDER BY id, seq", t)])),
    indexes: all("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"),
    triggers: all("SELECT name, tbl_name, sql FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY name"),
    sequences: all("SELECT name, seq FROM sqlite_sequence ORDER BY name"),
    counts: all("SELECT name, (SELECT count(*) FROM pragma_table_info(name)) AS columns FROM sqlite_master WHERE type = 'table' ORDER BY name"),
  };
}

/** Money tables created STRICT from the start (migration 0006). */
const LEDGER_TABLES = ["payment_milestones", "ledger_entries", "payment_attempts", "bank_transfers"];
/** Subsidy rules and award batches, STRICT from the start (migration 0007). */
const AWARD_TABLES = ["subsidy_rules", "award_batches", "award_batch_lines"];

describe("STRICT money tables (migration 0004)", () => {
  it("leaves every money table STRICT after migrating", () => {
    const t = createTestDb();
    cleanups.push(t.cleanup);
    for (const table of [...MONEY_TABLES, ...LEDGER_TABLES, ...AWARD_TABLES]) expect(strictOf(t.db, table)).toBe(1);
  });

  it("keeps every row, index, trigger, foreign key and id counter of a database from before", async () => {
    const { db, dir } = databaseAt0003();
    await fillWithDemo(db);
    // A rule added and removed: its id must not be handed out again after the rebuild.
    const gone = db.$client
      .prepare("INSERT INTO reward_rules (name, year, rate_bp, base, source) VALUES ('temporary', 2026, 100, 'tech_value', 'test') RETURNING id")
      .get() as { id: number };
    db.$client.prepare("DELETE FROM reward_rules WHERE id = ?").run(gone.id);
    for (const table of MONEY_TABLES) expect(strictOf(db, table)).toBe(0);
    const before = snapshot(db);
    expect((before.rows.contracts as unknown[]).length).toBeGreaterThan(0);
    expect((before.rows.needs as unknown[]).length).toBeGreaterThan(0);

    // Only 0004 itself, so tables that later migrations add do not show up as a difference.
    migrateDb(db, migrationsUpTo(dir, STRICT_MIGRATION));

    for (const table of MONEY_TABLES) expect(strictOf(db, table)).toBe(1);
    expect(snapshot(db)).toEqual(before);
    expect(db.$client.prepare("SELECT count(*) AS n FROM pragma_foreign_key_check").get()).toEqual({ n: 0 });
    expect(db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
    const next = db.$client
      .prepare("INSERT INTO reward_rules (name, year, rate_bp, base, source) VALUES ('next', 2026, 100, 'tech_value', 'test') RETURNING id")
      .get() as { id: number };
    expect(next.id).toBe(gone.id + 1);
  }, 60_000);

  it("refuses text and fractions in fen columns", async () => {
    const { db } = databaseAt0003();
    await fillWithDemo(db);
    migrateDb(db);
    const c = db.$client;
    expect(() => c.prepare("UPDATE contracts SET contract_value_fen = 'a lot' WHERE id = (SELECT min(id) FROM contracts)").run()).toThrow(
      /cannot store TEXT value in INTEGER column contracts\.contract_value_fen/,
    );
    expect(() => c.prepare("UPDATE contracts SET tech_value_fen = 12.5 WHERE id = (SELECT min(id) FROM contracts)").run()).toThrow(
      /cannot store REAL value in INTEGER column/,
    );
    expect(() => c.prepare("UPDATE needs SET budget_min_fen = '¥100' WHERE id = (SELECT min(id) FROM needs)").run()).toThrow(/cannot store TEXT value/);
    expect(() => c.prepare("UPDATE achievements SET price_fen = 'free' WHERE id = (SELECT min(id) FROM achievements)").run()).toThrow(
      /cannot store TEXT value/,
    );
    expect(() =>
      c.prepare("INSERT INTO reward_rules (name, year, rate_bp, base, cap_per_broker_year_fen, source) VALUES ('r', 2026, 1, 'tech_value', 'none', 's')").run(),
    ).toThrow(/cannot store TEXT value/);
  }, 60_000);

  it("fails loudly and keeps nothing when a row's foreign key points nowhere", () => {
    const { db } = databaseAt0003();
    const c = db.$client;
    const applied = c.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get();
    c.pragma("foreign_keys = OFF");
    c.prepare("INSERT INTO need_claims (need_id, broker_user_id, claimed_at) VALUES (424242, 424242, '2026-01-01T00:00:00.000Z')").run();
    c.pragma("foreign_keys = ON");
    expect(() => migrateDb(db)).toThrow();
    expect(c.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get()).toEqual(applied);
    for (const table of MONEY_TABLES) expect(strictOf(db, table)).toBe(0);
    expect(c.pragma("foreign_keys", { simple: true })).toBe(1);
  });

  it("gives a reward rule saved without a cap the documented 200,000 yuan, audited, keeping the table STRICT (migration 0007)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-cap-"));
    const db = openDb(path.join(dir, "market.db"));
    cleanups.push(() => {
      if (db.$client.open) db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    migrateDb(db, migrationsUpTo(dir, { idx: 6, tag: "0006_ledger" }));
    const c = db.$client;
    const uncapped = c
      .prepare("INSERT INTO reward_rules (name, year, rate_bp, base, source) VALUES ('uncapped', 2026, 500, 'tech_value', 'test') RETURNING id")
      .get() as { id: number };
    const capped = c
      .prepare(
        "INSERT INTO reward_rules (name, year, rate_bp, base, cap_per_broker_year_fen, source) VALUES ('capped', 2026, 500, 'tech_value', 1000, 'test') RETURNING id",
      )
      .get() as { id: number };
    migrateDb(db);
    expect(c.prepare("SELECT id, cap_per_broker_year_fen AS cap FROM reward_rules ORDER BY id").all()).toEqual([
      { id: uncapped.id, cap: 20_000_000 },
      { id: capped.id, cap: 1000 },
    ]);
    expect(c.prepare("SELECT entity, entity_id AS id, action FROM audit_events WHERE action = 'migrate:cap'").all()).toEqual([
      { entity: "reward_rule", id: String(uncapped.id), action: "migrate:cap" },
    ]);
    expect(strictOf(db, "reward_rules")).toBe(1);
    const next = c
      .prepare("INSERT INTO reward_rules (name, year, rate_bp, base, cap_per_broker_year_fen, source) VALUES ('n', 2026, 1, 'received', 1, 's') RETURNING id")
      .get() as {
      id: number;
    };
    expect(next.id).toBe(capped.id + 1);
  });
});
