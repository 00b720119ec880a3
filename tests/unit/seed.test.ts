import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/connection";
import { isValidCreditCode } from "../../db/credit-code";
import { verifyPassword } from "../../db/passwords";
import { COOPERATION_MODES, TRANSFER_MODES } from "../../db/schema";
import { ALL_ACCOUNTS, DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/seed-data/accounts";
import { buildAchievements } from "../../db/seed-data/achievements";
import { patentCheckDigit } from "../../db/seed-data/identity";
import { buildNeeds, NEED_PLAN } from "../../db/seed-data/needs";
import { DatabaseNotEmptyError, hashDemoPassword, seedDemo, seedDemoIfEmpty } from "../../db/seed-data/seed-demo";
import { createTestDb } from "../helpers/db";

// Anchored on a fixed day so failures reproduce; a second anchor checks that nothing
// depends on the calendar beyond what the run date should move.
const NOW = new Date("2026-11-21T08:00:00.000Z");
const LATER = new Date("2027-09-15T03:00:00.000Z");
const DAY = 86_400_000;

type Row = Record<string, unknown>;
const all = (db: Db, sql: string, ...params: unknown[]) => db.$client.prepare(sql).all(...params) as Row[];
const one = (db: Db, sql: string, ...params: unknown[]) => db.$client.prepare(sql).get(...params) as Row;
const num = (db: Db, sql: string, ...params: unknown[]) => Number(Object.values(one(db, sql, ...params))[0]);

let passwordHash: string;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  passwordHash = await hashDemoPassword();
});
afterAll(() => cleanups.splice(0).forEach((c) => c()));

async function seeded(now: Date): Promise<Db> {
  const t = createTestDb();
  cleanups.push(t.cleanup);
  await seedDemo(t.db, { now, passwordHash });
  return t.db;
}

describe("demo seed: contents", () => {
  let db: Db;
  beforeAll(async () => {
    db = await seeded(NOW);
  });

  it("has the city's 13 counties and at least 25 organisations of every kind", () => {
    expect(num(db, "SELECT count(*) FROM counties")).toBe(13);
    expect(num(db, "SELECT count(*) FROM organisations")).toBeGreaterThanOrEqual(25);
    const kinds = all(db, "SELECT DISTINCT kind FROM organisations").map((r) => r.kind);
    expect(kinds.sort()).toEqual(["agency", "enterprise", "government", "institute"]);
    expect(num(db, "SELECT count(*) FROM organisations WHERE verified_at IS NULL")).toBe(2);
    expect(num(db, "SELECT count(*) FROM organisations WHERE name_en IS NULL OR name_en = ''")).toBe(0);
  });

  it("sets the city's 50亿 technology-contract target for 2027 only, the plan's other targets for their years", () => {
    expect(all(db, "SELECT year, target_value AS v FROM policy_targets WHERE indicator = 'contract_amount_fen'")).toEqual([{ year: 2027, v: 500_000_000_000 }]);
    for (const indicator of ["needs_list", "transformation_list"]) {
      expect(all(db, "SELECT year FROM policy_targets WHERE indicator = ? ORDER BY year", indicator).map((r) => r.year)).toEqual([2025, 2026, 2027]);
    }
  });

  it("gives every organisation a valid, unique credit code", () => {
    const codes = all(db, "SELECT credit_code FROM organisations").map((r) => String(r.credit_code));
    for (const code of codes) expect(isValidCreditCode(code), code).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("covers every county with at least one enterprise's needs", () => {
    expect(num(db, "SELECT count(DISTINCT county_code) FROM needs WHERE status = 'published'")).toBe(13);
  });

  it("publishes at least 120 needs across the 2025 and 2026 lists, 2026 still short of 100", () => {
    const byYear = Object.fromEntries(
      all(db, "SELECT list_year AS y, count(*) AS n FROM needs WHERE status = 'published' GROUP BY list_year").map((r) => [String(r.y), Number(r.n)]),
    );
    expect(Object.keys(byYear).sort()).toEqual(["2025", "2026"]);
    expect(byYear["2025"]! + byYear["2026"]!).toBeGreaterThanOrEqual(120);
    expect(byYear["2026"]).toBe(NEED_PLAN.list2026);
    expect(num(db, "SELECT count(*) FROM needs WHERE list_year = 2026")).toBe(NEED_PLAN.list2026);
    for (const status of ["draft", "submitted", "rejected", "matched", "closed"]) {
      expect(num(db, "SELECT count(*) FROM needs WHERE status = ?", status), status).toBeGreaterThan(0);
    }
    expect(num(db, "SELECT count(*) FROM needs WHERE status = 'rejected' AND (review_note IS NULL OR review_note = '')")).toBe(0);
  });

  it("publishes at least 220 achievements, about 140 of them on the 2026 transformation list", () => {
    expect(num(db, "SELECT count(*) FROM achievements WHERE status = 'published'")).toBeGreaterThanOrEqual(220);
    expect(num(db, "SELECT count(*) FROM achievements WHERE transformation_list_year = 2026")).toBe(140);
    expect(
      num(db, "SELECT count(*) FROM achievements WHERE transformation_list_year IS NOT NULL AND (status <> 'published' OR transformation_listed_at IS NULL)"),
    ).toBe(0);
    for (const status of ["submitted", "transferred"]) {
      expect(num(db, "SELECT count(*) FROM achievements WHERE status = ?", status), status).toBeGreaterThan(0);
    }
  });

  it("keeps every budget a range (min ≤ max, both or neither) and every TRL within 1-9", () => {
    expect(num(db, "SELECT count(*) FROM needs WHERE budget_min_fen > budget_max_fen")).toBe(0);
    expect(num(db, "SELECT count(*) FROM needs WHERE (budget_min_fen IS NULL) <> (budget_max_fen IS NULL)")).toBe(0);
    expect(num(db, "SELECT count(*) FROM needs WHERE budget_min_fen IS NULL")).toBeGreaterThan(0);
    expect(num(db, "SELECT count(*) FROM needs WHERE expected_trl NOT BETWEEN 1 AND 9")).toBe(0);
    expect(num(db, "SELECT count(*) FROM achievements WHERE trl NOT BETWEEN 1 AND 9")).toBe(0);
  });

  it("tags every listing with an existing chain and a second-level high-tech field", () => {
    for (const table of ["needs", "achievements"]) {
      expect(num(db, `SELECT count(*) FROM ${table} WHERE industry_chain_id NOT IN (SELECT id FROM industry_chains)`), table).toBe(0);
      expect(
        num(db, `SELECT count(*) FROM ${table} WHERE tech_field_code NOT IN (SELECT code FROM tech_fields WHERE vocabulary = 'hightech' AND level = 2)`),
        table,
      ).toBe(0);
    }
  });

  it("uses only the schema's cooperation and transfer modes", () => {
    for (const r of all(db, "SELECT cooperation_modes AS m FROM needs")) {
      const modes = JSON.parse(String(r.m)) as string[];
      expect(modes.length).toBeGreaterThan(0);
      for (const m of modes) expect(COOPERATION_MODES).toContain(m);
    }
    for (const r of all(db, "SELECT transfer_modes AS m, keywords AS k FROM achievements")) {
      const modes = JSON.parse(String(r.m)) as string[];
      expect(modes.length).toBeGreaterThan(0);
      for (const m of modes) expect(TRANSFER_MODES).toContain(m);
      const keywords = JSON.parse(String(r.k)) as string[];
      expect(keywords.length).toBeGreaterThanOrEqual(3);
      expect(keywords.length).toBeLessThanOrEqual(6);
    }
  });

  it("writes patent numbers in the CNIPA format with a correct check digit", () => {
    const rows = all(db, "SELECT ip_type, patent_numbers FROM achievements WHERE ip_type IN ('invention_patent', 'utility_patent', 'design_patent')");
    expect(rows.length).toBeGreaterThan(100);
    const kindDigit = { invention_patent: "1", utility_patent: "2", design_patent: "3" } as Record<string, string>;
    for (const r of rows) {
      const numbers = JSON.parse(String(r.patent_numbers)) as string[];
      expect(numbers.length).toBeGreaterThan(0);
      for (const n of numbers) {
        const m = /^ZL(\d{12})\.([\dX])$/.exec(n);
        expect(m, n).not.toBeNull();
        expect(m![1]![4]).toBe(kindDigit[String(r.ip_type)]);
        expect(patentCheckDigit(m![1]!)).toBe(m![2]);
      }
    }
  });

  it("queues every listing that was ever published for the search index", () => {
    expect(
      num(
        db,
        "SELECT count(*) FROM needs n WHERE published_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM search_outbox o WHERE o.entity = 'need' AND o.entity_id = n.id)",
      ),
    ).toBe(0);
    expect(
      num(
        db,
        "SELECT count(*) FROM achievements a WHERE published_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM search_outbox o WHERE o.entity = 'achievement' AND o.entity_id = a.id)",
      ),
    ).toBe(0);
    // Drafts and listings under review stay out of the index.
    expect(num(db, "SELECT count(*) FROM search_outbox o JOIN needs n ON o.entity = 'need' AND o.entity_id = n.id WHERE n.published_at IS NULL")).toBe(0);
  });

  it("records one seed audit event per seeded record, never with a password hash", () => {
    for (const [entity, table] of [
      ["organisation", "organisations"],
      ["user", "users"],
      ["broker", "brokers"],
      ["need", "needs"],
      ["achievement", "achievements"],
    ] as const) {
      expect(num(db, "SELECT count(*) FROM audit_events WHERE action = 'seed' AND entity = ?", entity)).toBe(num(db, `SELECT count(*) FROM ${table}`));
      expect(
        num(
          db,
          `SELECT count(*) FROM ${table} t WHERE NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.entity = ? AND e.entity_id = CAST(t.id AS TEXT))`,
          entity,
        ),
      ).toBe(0);
    }
    expect(num(db, "SELECT count(*) FROM audit_events WHERE entity = 'user' AND after LIKE '%argon2%'")).toBe(0);
    const need = one(db, "SELECT after FROM audit_events WHERE entity = 'need' ORDER BY id LIMIT 1");
    expect(JSON.parse(String(need.after))).toHaveProperty("title");
  });

  it("lets every demo account log in with the shared password", async () => {
    expect(DEMO_ACCOUNTS.map((a) => a.email)).toEqual(
      expect.arrayContaining(["admin@lvliang.example", "enterprise@lvliang.example", "institute@lvliang.example", "broker@lvliang.example"]),
    );
    for (const a of DEMO_ACCOUNTS) {
      const u = one(db, "SELECT u.role, u.password_hash, o.name, o.kind FROM users u JOIN organisations o ON o.id = u.org_id WHERE u.email = ?", a.email);
      expect(u, a.email).toBeDefined();
      expect(u.role).toBe(a.role);
      expect(u.name).toBe(a.orgName);
      expect(await verifyPassword(String(u.password_hash), DEMO_PASSWORD), a.email).toBe(true);
    }
    expect(one(db, "SELECT o.kind FROM users u JOIN organisations o ON o.id = u.org_id WHERE u.email = 'broker@lvliang.example'").kind).toBe("agency");
    expect(one(db, "SELECT o.kind FROM users u JOIN organisations o ON o.id = u.org_id WHERE u.email = 'admin@lvliang.example'").kind).toBe("government");
    expect(num(db, "SELECT count(*) FROM users")).toBe(ALL_ACCOUNTS.length);
    expect(num(db, "SELECT count(DISTINCT password_hash) FROM users")).toBe(1);
  });

  it("certifies the demo brokers under transfer agencies and leaves one application for the Bureau", () => {
    for (const a of DEMO_ACCOUNTS.filter((x) => x.role === "broker")) {
      const b = one(
        db,
        "SELECT b.status, b.valid_from, b.valid_until, o.kind FROM brokers b JOIN users u ON u.id = b.user_id JOIN organisations o ON o.id = b.org_id WHERE u.email = ?",
        a.email,
      );
      expect(b, a.email).toBeDefined();
      expect(b.status).toBe("certified");
      expect(b.kind).toBe("agency");
      expect(String(b.valid_from) < String(b.valid_until)).toBe(true);
    }
    expect(num(db, "SELECT count(*) FROM brokers WHERE status = 'applied'")).toBeGreaterThan(0);
    expect(num(db, "SELECT count(*) FROM brokers b JOIN users u ON u.id = b.user_id WHERE u.role <> 'broker' OR b.org_id <> u.org_id")).toBe(0);
    expect(num(db, "SELECT count(*) FROM users u WHERE role = 'broker' AND NOT EXISTS (SELECT 1 FROM brokers b WHERE b.user_id = u.id)")).toBe(0);
  });

  it("gives the enterprise and institute demo accounts something in every state they can see", () => {
    const needStates = all(db, "SELECT DISTINCT n.status FROM needs n JOIN users u ON u.org_id = n.org_id WHERE u.email = 'enterprise@lvliang.example'").map(
      (r) => r.status,
    );
    expect(needStates).toEqual(expect.arrayContaining(["draft", "submitted", "rejected", "published"]));
    const achStates = all(
      db,
      "SELECT DISTINCT a.status FROM achievements a JOIN users u ON u.org_id = a.org_id WHERE u.email = 'institute@lvliang.example'",
    ).map((r) => r.status);
    expect(achStates).toEqual(expect.arrayContaining(["draft", "submitted", "rejected", "published"]));
  });
});

describe.each([
  ["the usual run date", NOW],
  ["a later run date", LATER],
])("demo seed: dates anchored on %s", (_label, now) => {
  let db: Db;
  beforeAll(async () => {
    db = await seeded(now);
  });
  const nowIso = now.toISOString();

  it("keeps every timestamp in the past and every lifecycle in order", () => {
    for (const table of ["needs", "achievements"]) {
      expect(
        num(db, `SELECT count(*) FROM ${table} WHERE created_at > ? OR updated_at > ? OR published_at > ? OR confirmed_at > ?`, nowIso, nowIso, nowIso, nowIso),
        table,
      ).toBe(0);
      expect(
        num(db, `SELECT count(*) FROM ${table} WHERE submitted_at < created_at OR published_at < submitted_at OR confirmed_at < published_at`),
        table,
      ).toBe(0);
      expect(num(db, `SELECT count(*) FROM ${table} WHERE status IN ('draft') AND (submitted_at IS NOT NULL OR published_at IS NOT NULL)`), table).toBe(0);
      expect(
        num(db, `SELECT count(*) FROM ${table} WHERE status IN ('submitted', 'rejected') AND (submitted_at IS NULL OR published_at IS NOT NULL)`),
        table,
      ).toBe(0);
      expect(num(db, `SELECT count(*) FROM ${table} WHERE status = 'published' AND (published_at IS NULL OR confirmed_at IS NULL)`), table).toBe(0);
    }
    expect(num(db, "SELECT count(*) FROM needs WHERE status = 'closed' AND (closed_at IS NULL OR closed_at < published_at OR closed_at > ?)", nowIso)).toBe(0);
    expect(num(db, "SELECT count(*) FROM needs WHERE published_at IS NOT NULL AND CAST(substr(published_at, 1, 4) AS INTEGER) <> list_year")).toBe(0);
    expect(num(db, "SELECT count(*) FROM achievements WHERE transformation_listed_at < published_at OR transformation_listed_at > ?", nowIso)).toBe(0);
    expect(num(db, "SELECT count(*) FROM users u JOIN organisations o ON o.id = u.org_id WHERE u.created_at < o.created_at OR u.created_at > ?", nowIso)).toBe(
      0,
    );
    expect(
      num(
        db,
        "SELECT count(*) FROM brokers b JOIN users u ON u.id = b.user_id WHERE b.created_at < u.created_at OR b.decided_at < b.created_at OR b.decided_at > ?",
        nowIso,
      ),
    ).toBe(0);
    // An organisation is verified by an admin who already had an account.
    expect(num(db, "SELECT count(*) FROM organisations o JOIN users a ON a.id = o.verified_by WHERE a.role <> 'admin' OR a.created_at > o.verified_at")).toBe(
      0,
    );
  });

  it("keeps the certified demo brokers inside their validity, so they can claim needs", () => {
    const today = nowIso.slice(0, 10);
    expect(num(db, "SELECT count(*) FROM brokers WHERE status = 'certified'")).toBeGreaterThanOrEqual(3);
    expect(num(db, "SELECT count(*) FROM brokers WHERE status = 'certified' AND NOT (valid_from <= ? AND valid_until > ?)", today, today)).toBe(0);
  });

  it("leaves open needs with deadlines ahead and a few gone stale", () => {
    const today = nowIso.slice(0, 10);
    expect(num(db, "SELECT count(*) FROM needs WHERE status IN ('published', 'matched', 'draft', 'submitted') AND deadline <= ?", today)).toBe(0);
    const staleBefore = new Date(now.getTime() - 180 * DAY).toISOString();
    const stale = num(db, "SELECT count(*) FROM needs WHERE status = 'published' AND confirmed_at < ?", staleBefore);
    expect(stale).toBeGreaterThanOrEqual(3);
    expect(stale).toBeLessThanOrEqual(10);
  });
});

describe("demo seed: idempotence", () => {
  it("seeds an empty database once with --if-empty and leaves it alone the second time", async () => {
    const t = createTestDb();
    cleanups.push(t.cleanup);
    const first = await seedDemoIfEmpty(t.db, { now: NOW, passwordHash });
    expect(first.seeded).toBe(true);
    const second = await seedDemoIfEmpty(t.db, { now: NOW, passwordHash });
    expect(second.seeded).toBe(false);
    expect(second.summary).toEqual(first.summary);
    expect(num(t.db, "SELECT count(*) FROM organisations")).toBe(first.summary.organisations.total);
  });

  it("refuses a plain seed into a database that already has organisations, writing nothing", async () => {
    const t = createTestDb();
    cleanups.push(t.cleanup);
    t.db.$client.prepare("INSERT INTO organisations (name, kind, credit_code) VALUES ('某企业', 'enterprise', '91350100M000100Y43')").run();
    await expect(seedDemo(t.db, { now: NOW, passwordHash })).rejects.toBeInstanceOf(DatabaseNotEmptyError);
    expect(num(t.db, "SELECT count(*) FROM organisations")).toBe(1);
    expect(num(t.db, "SELECT count(*) FROM needs")).toBe(0);
    expect((await seedDemoIfEmpty(t.db, { now: NOW, passwordHash })).seeded).toBe(false);
  });

  it("builds the same listings on every run for the same date", () => {
    expect(buildNeeds(NOW)).toEqual(buildNeeds(NOW));
    expect(buildAchievements(NOW)).toEqual(buildAchievements(NOW));
    const titles = [...buildNeeds(NOW).map((n) => n.title), ...buildAchievements(NOW).map((a) => a.title)];
    expect(new Set(titles).size).toBe(titles.length);
    // Only dates, and the list years they fall in, move with the run date.
    const strip = <T extends object>(rows: T[]) => rows.map((r) => JSON.stringify(r, (k, v) => (/At$|deadline|[lL]istYear$/.test(k) ? undefined : v)));
    expect(strip(buildNeeds(LATER))).toEqual(strip(buildNeeds(NOW)));
    expect(strip(buildAchievements(LATER))).toEqual(strip(buildAchievements(NOW)));
  });

  it("is created as a demo by db/prepare.ts, after which the seed CLI's --if-empty reports that it skipped", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-seed-cli-"));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const env = { ...process.env, DATABASE_PATH: path.join(dir, "cli.db") };
    const tsx = path.resolve("node_modules/.bin/tsx");
    const first = execFileSync(tsx, ["db/prepare.ts"], { env: { ...env, DB_INIT: "demo" }, encoding: "utf8" });
    expect(first).toMatch(/seeded the demo/);
    // This year's list holds the story's 2026 needs whatever year the test runs in.
    const year = Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date()));
    expect(first).toMatch(new RegExp(`published by list year: ${year - 1} \\d+, ${year} 87`));
    const second = execFileSync(tsx, ["db/seed.ts", "--if-empty"], { env, encoding: "utf8" });
    expect(second).toMatch(/not seeded/);
  });
});
