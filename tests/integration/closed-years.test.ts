import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/connection";
import { createRng } from "../../db/seed-data/random";
import * as apiRoute from "../../app/routes/api.v1.indicators";
import * as statsPage from "../../app/routes/admin.statistics";
import { closeYear, yearFigures } from "../../app/services/closed-years.server";
import { useDatabase } from "../../app/services/db.server";
import { computeContractIndicator } from "../../app/services/indicator.server";
import { makeOrg, makeUser, req, statusOf, type TestUser } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { childEnv, runScript } from "../helpers/run-script";
import { addFamily, addRecord, amendFamily, familyCounts, instantIn, recordCounts, write, type World } from "./official-figure-fixtures";

// Closing a statistical year: only once it has ended in Beijing, only once, only by the
// Bureau, audited, and frozen for good. And the public API's manners: CORS, caching, a 400
// in the asker's language for a bad year.

let db: Db;
let file: string;
let cleanup: () => void;
let admin: TestUser;
let member: TestUser;
let w: World;

beforeAll(async () => {
  ({ db, file, cleanup } = createTestDb());
  useDatabase(db);
  admin = await makeUser(db, "admin", makeOrg(db, "government").id);
  member = await makeUser(db, "enterprise", makeOrg(db, "enterprise").id);
  const importId = Number(
    db.$client
      .prepare("INSERT INTO national_imports (file_name, sha256, rows, imported, matched, to_confirm, imported_by) VALUES ('全国.xlsx', 'x', 0, 0, 0, 0, ?)")
      .run(admin.user.id).lastInsertRowid,
  );
  w = { adminId: admin.user.id, importId, families: [], records: [], serial: 0 };
  const rng = createRng(31);
  write(db, () => {
    for (const year of [2023, 2024, 2025]) {
      for (let i = 0; i < 30; i++) w.families.push(addFamily(db, w, rng, year));
      for (let i = 0; i < 10; i++) w.records.push(addRecord(db, w, rng, year, instantIn(rng, year)));
    }
    // One family surely amended before closing: the item is its counted (latest) version.
    const f = w.families.find((x) => x.year === 2025 && x.state === "registered")!;
    amendFamily(db, w, rng, f, "2025-11-01T00:00:00.000Z");
  });
}, 60_000);
afterAll(() => {
  useDatabase(undefined);
  cleanup();
});

const audits = (action: string, entityId: string) =>
  db.$client.prepare("SELECT count(*) FROM audit_events WHERE action = ? AND entity = 'closed_year' AND entity_id = ?").pluck().get(action, entityId) as number;
const contractsVersion = () => (db.$client.prepare("SELECT version FROM data_versions WHERE name = 'contracts'").pluck().get() as number | undefined) ?? 0;

describe("closing a year", () => {
  it("is refused to anyone but the Bureau, and the refusal is audited", () => {
    expect(closeYear(db, member.actor, 2023, "req-1", new Date("2026-02-01T00:00:00Z"))).toEqual({ ok: false, error: "forbidden" });
    expect(closeYear(db, null, 2023, null, new Date("2026-02-01T00:00:00Z"))).toEqual({ ok: false, error: "forbidden" });
    expect(audits("denied:close_year", "2023")).toBe(2);
    expect(yearFigures(db, 2023).closed).toBeNull();
  });

  it("waits until the year has ended in Beijing, then freezes its figures and every counted family or record, once", () => {
    expect(closeYear(db, admin.actor, 2025, null, new Date("2025-12-31T15:59:59.999Z"))).toEqual({ ok: false, error: "not_ended" });
    expect(closeYear(db, admin.actor, 2026, null, new Date("2025-12-31T16:00:00.000Z"))).toEqual({ ok: false, error: "not_ended" });
    const before = contractsVersion();
    const totals = computeContractIndicator(db, { year: 2025 }).totals;
    const closed = closeYear(db, admin.actor, 2025, "req-2", new Date("2025-12-31T16:00:00.000Z"));
    expect(closed).toMatchObject({ ok: true, year: 2025, figures: totals });
    expect(contractsVersion()).toBe(before + 1);
    expect(audits("close_year", "2025")).toBe(1);
    expect(yearFigures(db, 2025)).toMatchObject({
      closed: { figures: totals, closedAt: "2025-12-31T16:00:00.000Z", closedBy: admin.user.id },
      current: totals,
    });

    const items = db.$client
      .prepare(
        "SELECT contract_id AS c, national_record_id AS r, registration_no AS no, contract_value_fen AS cv, tech_value_fen AS tv FROM closed_year_items WHERE year = 2025",
      )
      .all() as { c: number | null; r: number | null; no: string | null; cv: number; tv: number }[];
    const expected = [
      ...w.families.filter((f) => familyCounts(f) && f.year === 2025).map((f) => ({ c: f.versionId, r: null, cv: f.terms.cv, tv: f.terms.tv })),
      ...w.records.filter((r) => recordCounts(r) && r.year === 2025).map((r) => ({ c: null, r: r.id, cv: r.terms.cv, tv: r.terms.tv })),
    ];
    const key = (x: { c: number | null; r: number | null }) => `${x.c ?? ""}:${x.r ?? ""}`;
    expect(items.map(({ c, r, cv, tv }) => ({ c, r, cv, tv })).sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      expected.sort((a, b) => key(a).localeCompare(key(b))),
    );
    expect(items.every((i) => i.no !== null)).toBe(true);

    expect(closeYear(db, admin.actor, 2025, null, new Date("2026-03-01T00:00:00Z"))).toEqual({ ok: false, error: "already_closed" });
    expect(audits("close_year", "2025")).toBe(1);
  });

  it("leaves rows that can be neither changed nor removed", () => {
    for (const statement of [
      "UPDATE closed_years SET figures = '{}' WHERE year = 2025",
      "DELETE FROM closed_years WHERE year = 2025",
      "UPDATE closed_year_items SET contract_value_fen = 1 WHERE year = 2025",
      "DELETE FROM closed_year_items WHERE year = 2025",
    ]) {
      expect(() => db.$client.prepare(statement).run(), statement).toThrow(/append-only/);
    }
  });
});

describe("the statistics page", () => {
  const page = async (cookie: string | undefined, query: string) => {
    const out = await statusOf(() => statsPage.loader({ request: req(`/admin/statistics${query}`, { cookie }), params: {}, context: { cspNonce: "" } }));
    return { value: out.response ? ((await out.response.json()) as unknown) : null };
  };
  const post = (cookie: string | undefined, form: Record<string, string>) =>
    statusOf(() => statsPage.action({ request: req("/admin/statistics", { cookie, form }), params: {}, context: { cspNonce: "" } }));

  it("offers an ended open year for closing, asks to confirm, closes it for the Bureau alone, and shows closed beside revised", async () => {
    const open = (await page(admin.cookie, "?year=2024&close=2024")).value as {
      closedYear: { closable: boolean; figures: { closed: unknown } };
      confirmClose: { year: number } | null;
    };
    expect(open.closedYear).toMatchObject({ closable: true, figures: { closed: null } });
    expect(open.confirmClose).toMatchObject({ year: 2024 });

    const refused = await post(member.cookie, { intent: "close_year", year: "2024" });
    expect(refused.status).toBe(404);
    expect(audits("denied:close_year", "2024")).toBe(1);
    expect((await post(member.cookie, { intent: "close_year", year: "20x4" })).status).toBe(404);
    expect(audits("denied:close_year", "20x4")).toBe(1);

    const done = await post(admin.cookie, { intent: "close_year", year: "2024" });
    expect(done.status).toBe(302);
    expect(done.response?.headers.get("Location")).toBe("/admin/statistics?year=2024&closed=1");
    const again = await post(admin.cookie, { intent: "close_year", year: "2024" });
    expect(again.status).toBe(409);
    expect(((await again.response!.json()) as { closeError: string }).closeError).toBe("该年度已关账，不能重复关账");
    expect((await post(admin.cookie, { intent: "close_year", year: "1999" })).status).toBe(400);

    const closed = (await page(admin.cookie, "?year=2024&close=2024")).value as {
      closedYear: { closable: boolean; figures: { closed: unknown } };
      confirmClose: unknown;
    };
    expect(closed.closedYear.closable).toBe(false);
    expect(closed.closedYear.figures.closed).not.toBeNull();
    expect(closed.confirmClose).toBeNull();
  });
});

describe("GET /api/v1/indicators", () => {
  const get = (query: string, headers: Record<string, string> = {}) =>
    apiRoute.loader({ request: req(`/api/v1/indicators${query}`, { headers }), params: {}, context: { cspNonce: "" } });

  it("answers anyone with JSON that any site may read, cached for a minute; without a year, the current Beijing year's", async () => {
    const res = await get("?year=2025");
    expect(res.status).toBe(200);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=60");
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    // The plan sets the 50亿 target for 2027 only: a year without a target says so with null.
    expect(await res.json()).toMatchObject({ year: 2025, closed: true, targetFen: null });
    expect(await (await get("?year=2027")).json()).toMatchObject({ year: 2027, closed: false, targetFen: 500_000_000_000 });
    const thisYear = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
    expect(((await (await get("")).json()) as { year: number }).year).toBe(thisYear);
  });

  it("is a 400 with a message in the asker's language for a year that is not one from 2000 to 2100", async () => {
    for (const query of ["?year=abc", "?year=1999", "?year=2101", "?year=", "?year=2025.5", "?year=20250"]) {
      const en = await get(query, { "Accept-Language": "en-GB,en;q=0.9" });
      expect(en.status, query).toBe(400);
      expect(en.headers.get("Access-Control-Allow-Origin")).toBe("*");
      expect(await en.json()).toEqual({ error: "bad_year", message: "The year parameter must be a year from 2000 to 2100, e.g. ?year=2026" });
      const zh = await get(query, { "Accept-Language": "zh-CN" });
      expect(await zh.json()).toEqual({ error: "bad_year", message: "year 参数须为 2000 至 2100 之间的年份，例如 ?year=2026" });
    }
  });

  it("prints the same bytes as the command line, which refuses a bad year and a missing database", async () => {
    const body = await (await get("?year=2024")).text();
    const run = (args: string[], path = file) => runScript("app/cli/indicator.ts", args, { env: childEnv({ DATABASE_PATH: path }) });
    const out = await run(["--year", "2024"]);
    expect(out).toMatchObject({ code: 0, stderr: "", stdout: `${body}\n` });
    expect((await run(["--year", "1999"])).code).toBe(2);
    expect((await run(["--year"])).code).toBe(2);
    expect((await run(["--year", "2024"], `${file}.missing`)).code).toBe(3);
  }, 60_000);
});
