import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/connection";
import { loader as dashboardLoader } from "../../app/routes/admin.indicators";
import { loader as publicLoader } from "../../app/routes/indicators";
import { loader as apiLoader } from "../../app/routes/api.v1.indicators";
import { loader as deskLoader } from "../../app/routes/admin.contracts._index";
import { loader as funnelLoader } from "../../app/routes/admin.indicators.funnel";
import type { FunnelStep } from "../../app/codes";
import { contractFigures, needFunnel, publicIndicators } from "../../app/services/indicators/dashboard.server";
import { funnelNeeds } from "../../app/services/indicators/funnel.server";
import { funnelHref } from "../../app/services/indicators/links";
import { makeOrg, makeUser, req, statusOf, useAppDb, type TestUser } from "../helpers/app";
import { generateMarket } from "../bench/dashboard-data";

// Every figure of the dashboard and of the public page, and the official figure of the API,
// against a computation written here from the counting rules over the raw rows.

const SEED = Number(process.env.DASHBOARD_SEED ?? Math.floor(Math.random() * 1_000_000));
const YEAR = 2025;
const COUNTY = "141102";
const SERIES = ["output", "absorbed", "local"] as const;
type Series = (typeof SERIES)[number];

interface Item {
  year: number;
  month: number;
  type: string;
  field: string;
  chain: string;
  broker: string;
  cv: number;
  tv: number;
  sd: string;
  bd: string;
}

const beijingMonth = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).getUTCMonth() + 1;

/** The counted families and records, from the rules: one row each, with the month it entered the figure. */
function countedItems(db: Db): Item[] {
  type C = Record<string, string | number | null>;
  const all = db.$client.prepare("SELECT * FROM contracts").all() as C[];
  const firstRegistration = new Map<number, string>();
  for (const c of all) {
    if (c.registered_at === null) continue;
    const fam = Number(c.family_id);
    const prev = firstRegistration.get(fam);
    if (!prev || String(c.registered_at) < prev) firstRegistration.set(fam, String(c.registered_at));
  }
  const items: Item[] = [];
  for (const c of all) {
    const counts =
      (c.status === "registered" || (c.status === "elsewhere" && c.elsewhere_confirmed_at !== null)) &&
      c.superseded_at === null &&
      c.registration_year !== null;
    if (!counts) continue;
    const month = c.status === "elsewhere" ? Number(String(c.elsewhere_registered_on).slice(5, 7)) : beijingMonth(firstRegistration.get(Number(c.family_id))!);
    items.push({
      year: Number(c.registration_year),
      month,
      type: String(c.type),
      field: String(c.contract_field_code),
      chain: c.industry_chain_id === null ? "" : String(c.industry_chain_id),
      broker: c.broker_user_id === null ? "0" : String(c.broker_user_id),
      cv: Number(c.contract_value_fen),
      tv: Number(c.tech_value_fen),
      sd: String(c.seller_division),
      bd: String(c.buyer_division),
    });
  }
  for (const r of db.$client.prepare("SELECT * FROM national_records WHERE status = 'off_platform'").all() as C[]) {
    items.push({
      year: Number(r.registration_year),
      month: Number(String(r.registered_on).slice(5, 7)),
      type: String(r.type),
      field: String(r.contract_field_code),
      chain: "",
      broker: "0",
      cv: Number(r.contract_value_fen),
      tv: Number(r.tech_value_fen),
      sd: String(r.seller_division),
      bd: String(r.buyer_division),
    });
  }
  return items;
}

function inSeries(i: Item, s: Series, county: string | null): boolean {
  const sIn = county ? i.sd === county : i.sd.startsWith("1411");
  const bIn = county ? i.bd === county : i.bd.startsWith("1411");
  if (s === "output") return sIn;
  if (s === "absorbed") return bIn;
  return sIn && i.bd.startsWith("1411");
}

type Sums = Record<Series, { contractFen: number; techFen: number; count: number }>;
function sums(items: Item[], county: string | null): Sums {
  const out = {} as Sums;
  for (const s of SERIES) {
    const xs = items.filter((i) => inSeries(i, s, county));
    out[s] = { contractFen: xs.reduce((a, i) => a + i.cv, 0), techFen: xs.reduce((a, i) => a + i.tv, 0), count: xs.length };
  }
  return out;
}

function by(items: Item[], county: string | null, key: (i: Item) => string): Map<string, Sums> {
  const groups = new Map<string, Item[]>();
  for (const i of items) {
    if (!SERIES.some((s) => inSeries(i, s, county))) continue;
    const k = key(i);
    groups.set(k, [...(groups.get(k) ?? []), i]);
  }
  return new Map([...groups].map(([k, xs]) => [k, sums(xs, county)]));
}

const asMap = (rows: { key: string; series: Sums }[]) => new Map(rows.map((r) => [r.key, r.series]));

let db: Db;
let cleanup: () => void;
let admin: TestUser;
let broker: TestUser;

beforeAll(async () => {
  ({ db, cleanup } = useAppDb());
  const org = makeOrg(db, "bureau" as never);
  admin = await makeUser(db, "admin", org.id);
  broker = await makeUser(db, "broker", org.id);
  console.log(`dashboard reconciliation seed ${SEED}`);
  generateMarket(db, { contracts: 3000, needs: 300, achievements: 300, brokers: 12, years: [2023, 2024, 2025, 2026], seed: SEED });
});
afterAll(() => cleanup());

describe.each([null, COUNTY])("contract figures for %s", (county) => {
  it("equal the independent computation in every breakdown", () => {
    const items = countedItems(db);
    const ofYear = items.filter((i) => i.year === YEAR);
    const f = contractFigures(db, YEAR, county);
    expect(f.totals).toEqual(sums(ofYear, county));
    const months = by(ofYear, county, (i) => String(i.month));
    for (const m of f.byMonth) expect(m.series).toEqual(months.get(m.key) ?? sums([], county));
    expect(asMap(f.byType)).toEqual(by(ofYear, county, (i) => i.type));
    expect(asMap(f.byField)).toEqual(by(ofYear, county, (i) => i.field));
    expect(asMap(f.byChain)).toEqual(by(ofYear, county, (i) => i.chain));
    expect(asMap(f.byBroker)).toEqual(by(ofYear, county, (i) => i.broker));
    expect(asMap(f.byYear)).toEqual(by(items, county, (i) => String(i.year)));
    for (const s of SERIES) {
      const side = (i: Item) => (s === "absorbed" ? i.bd : i.sd);
      const expected = new Map<string, { contractFen: number; techFen: number; count: number }>();
      for (const [k, v] of by(
        ofYear.filter((i) => inSeries(i, s, county)),
        county,
        side,
      ))
        expected.set(k, v[s]);
      expect(new Map(f.byCounty[s].map((r) => [r.key, r.amounts]))).toEqual(expected);
      // Names, never codes, for Lüliang's counties.
      for (const r of f.byCounty[s]) if (r.key !== "141100" && r.key.startsWith("1411")) expect(r.labelZh).not.toMatch(/^\d+$/);
    }
  });
});

describe("the public page and the API", () => {
  it("show the official figure, computed independently", async () => {
    const items = countedItems(db).filter((i) => i.year === YEAR);
    const expected = sums(items, null);
    const api = (await (await apiLoader({ request: req(`/api/v1/indicators?year=${YEAR}`), params: {}, context: { cspNonce: "" } })).json()) as Record<
      string,
      number
    >;
    expect(api.contractAmountFen).toBe(expected.output.contractFen);
    expect(api.outputAmountFen).toBe(expected.output.contractFen);
    expect(api.outputTechnologyAmountFen).toBe(expected.output.techFen);
    expect(api.absorbedAmountFen).toBe(expected.absorbed.contractFen);
    expect(api.localAmountFen).toBe(expected.local.contractFen);
    expect(api.registeredContracts).toBe(expected.output.count);
    const page = (await (await publicLoader({ request: req(`/indicators?year=${YEAR}`), params: {}, context: { cspNonce: "" } })).json()) as {
      data: ReturnType<typeof publicIndicators>;
    };
    expect(page.data.official).toEqual(api);
    const monthly = page.data.byMonth.map((r) => r.valueFen);
    expect(monthly.reduce((a, b) => a + b, 0)).toBe(expected.output.contractFen);
    for (const m of page.data.byMonth)
      expect(m.valueFen).toBe(items.filter((i) => i.month === Number(m.key) && inSeries(i, "output", null)).reduce((a, i) => a + i.cv, 0));
    expect(new Map(page.data.byType.map((r) => [r.key, r.valueFen]))).toEqual(
      new Map([...by(items, null, (i) => i.type)].filter(([, v]) => v.output.count > 0).map(([k, v]) => [k, v.output.contractFen])),
    );
    const certified = db.$client
      .prepare(
        "SELECT count(*) AS n FROM brokers WHERE status IN ('certified', 'suspended') AND cohort IS NOT NULL AND CAST(substr(cohort, 1, 4) AS INTEGER) <= ?",
      )
      .get(YEAR) as { n: number };
    expect(page.data.brokerCount).toBe(certified.n);
  });

  it("names no person: no broker, user or contact name in its data", async () => {
    const body = JSON.stringify(await (await publicLoader({ request: req(`/indicators?year=${YEAR}`), params: {}, context: { cspNonce: "" } })).json());
    const names = [
      ...(db.$client.prepare("SELECT name FROM users").pluck().all() as string[]),
      ...(db.$client.prepare("SELECT contact_name FROM needs UNION SELECT contact_name FROM achievements").pluck().all() as string[]),
    ];
    for (const n of names) expect(body).not.toContain(n);
  });
});

describe("the dashboard page", () => {
  it("refuses anyone but the Bureau as other admin pages do", async () => {
    expect(
      (await statusOf(() => dashboardLoader({ request: req("/admin/indicators", { cookie: broker.cookie }), params: {}, context: { cspNonce: "" } }))).status,
    ).toBe(403);
    expect(
      (await statusOf(() => deskLoader({ request: req("/admin/contracts", { cookie: broker.cookie }), params: {}, context: { cspNonce: "" } }))).status,
    ).toBe(403);
  });

  it("links each figure to the registration desk's list, which sums to that figure", async () => {
    const res = await dashboardLoader({
      request: req(`/admin/indicators?year=${YEAR}&county=${COUNTY}`, { cookie: admin.cookie }),
      params: {},
      context: { cspNonce: "" },
    });
    const view = (await res.json()) as Awaited<ReturnType<typeof import("../../app/services/indicators/dashboard-charts.server").dashboardView>>;
    expect(view.data.county).toBe(COUNTY);
    const byType = view.charts.breakdowns.find((c) => c.id === "by-type")!;
    expect(byType.svg).toContain('role="img"');
    const first = view.data.figures.byType.find((r) => r.series.output.count > 0)!;
    const link = byType.rows.map((r) => r.href!).find((h) => h.includes(`type=${first.key}`))!;
    const params = new URL(link, "http://x").searchParams;
    expect(params.get("year")).toBe(String(YEAR));
    expect(params.get("county")).toBe(COUNTY);
    expect(params.get("series")).toBe("output");
    const desk = (await (await deskLoader({ request: req(link, { cookie: admin.cookie }), params: {}, context: { cspNonce: "" } })).json()) as {
      counted: { count: number; contractFen: number };
    };
    expect(desk.counted).toMatchObject({ count: first.series.output.count, contractFen: first.series.output.contractFen });
    for (const key of ["field", "chain", "broker", "month"] as const) {
      const row =
        key === "month"
          ? view.data.figures.byMonth.find((m) => m.series.output.count > 0)!
          : view.data.figures[`by${key[0]!.toUpperCase()}${key.slice(1)}` as "byField"].find((r) => r.series.output.count > 0)!;
      const value = key === "chain" && row.key === "" ? "none" : row.key;
      const href = `/admin/contracts?year=${YEAR}&county=${COUNTY}&series=output&${key}=${value}`;
      const d = (await (await deskLoader({ request: req(href, { cookie: admin.cookie }), params: {}, context: { cspNonce: "" } })).json()) as {
        counted: { count: number; contractFen: number };
      };
      expect(d.counted, key).toMatchObject({ count: row.series.output.count, contractFen: row.series.output.contractFen });
    }
  });
});

describe("the needs funnel", () => {
  it("counts each step and the median days between steps on a hand-made case", async () => {
    const { db: small, cleanup: done } = useAppDb();
    try {
      const org = makeOrg(small, "enterprise");
      const u = await makeUser(small, "broker", org.id);
      const s = small.$client;
      const need =
        s.prepare(`INSERT INTO needs (org_id, created_by, title, description, industry_chain_id, tech_field_code, cooperation_modes, expected_trl, deadline,
        county_code, contact_name, contact_phone, status, published_at) VALUES (?, ?, ?, 'd', 'hydrogen', '101', '[]', 5, '2030-01-01', ?, 'c', '1', 'published', ?) RETURNING id`);
      const ach =
        s.prepare(`INSERT INTO achievements (org_id, created_by, title, summary, keywords, industry_chain_id, tech_field_code, trl, ip_type, patent_numbers, transfer_modes,
        owners, contact_name, contact_phone, status, published_at) VALUES (?, ?, 'a', 's', '[]', 'hydrogen', '101', 5, 'invention_patent', '[]', '[]', 'o', 'c', '1', 'published', '2025-01-01T00:00:00.000Z') RETURNING id`);
      const a = (ach.get(org.id, u.user.id) as { id: number }).id;
      const n1 = (need.get(org.id, u.user.id, "n1", "141102", "2025-03-01T00:00:00.000Z") as { id: number }).id;
      const n2 = (need.get(org.id, u.user.id, "n2", "141102", "2025-03-01T00:00:00.000Z") as { id: number }).id;
      const n3 = (need.get(org.id, u.user.id, "n3", "141121", "2025-03-01T00:00:00.000Z") as { id: number }).id;
      need.get(org.id, u.user.id, "other year", "141102", "2024-03-01T00:00:00.000Z");
      const claim = s.prepare("INSERT INTO need_claims (need_id, broker_user_id, claimed_at) VALUES (?, ?, ?)");
      claim.run(n1, u.user.id, "2025-03-03T00:00:00.000Z"); // 2 days
      claim.run(n2, u.user.id, "2025-03-05T00:00:00.000Z"); // 4 days
      claim.run(n3, u.user.id, "2025-03-07T00:00:00.000Z"); // 6 days
      const match = s.prepare(
        "INSERT INTO matches (need_id, achievement_id, broker_user_id, stage, source, stage_changed_at) VALUES (?, ?, ?, ?, 'broker', ?) RETURNING id",
      );
      const event = s.prepare("INSERT INTO deal_events (match_id, kind, from_stage, to_stage, created_at) VALUES (?, 'stage', ?, ?, ?)");
      // n1 goes all the way; n2 reaches negotiating then is dismissed.
      const m1 = (match.get(n1, a, u.user.id, "signed", "2025-03-20T00:00:00.000Z") as { id: number }).id;
      event.run(m1, "suggested", "contacted", "2025-03-13T00:00:00.000Z"); // 10 days after claim
      event.run(m1, "contacted", "negotiating", "2025-03-16T00:00:00.000Z"); // 3 days
      event.run(m1, "negotiating", "signed", "2025-03-20T00:00:00.000Z"); // 4 days
      const m2 = (match.get(n2, a, u.user.id, "dismissed", "2025-04-01T00:00:00.000Z") as { id: number }).id;
      event.run(m2, "suggested", "contacted", "2025-03-25T00:00:00.000Z"); // 20 days after claim
      event.run(m2, "contacted", "negotiating", "2025-03-26T00:00:00.000Z"); // 1 day
      event.run(m2, "negotiating", "dismissed", "2025-04-01T00:00:00.000Z");
      const c = s
        .prepare(
          `INSERT INTO contracts (match_id, title, type, sub_type, buyer_name, buyer_credit_code, buyer_division, seller_name, seller_credit_code, seller_division,
          contract_value_fen, tech_value_fen, signed_on, term_start, term_end, payment_mode, milestones, contract_field_code, ip_types, status, registration_no, registered_at,
          registration_year, created_by) VALUES (?, 't', 'TRF', 'g', 'b', 'x', '141102', 's', 'y', '141121', 100, 100, '2025-03-20', '2025-03-20', '2026-01-01', 'lump_sum_once', '[]', 'C01', '[]',
          'registered', 'R1', '2025-03-30T00:00:00.000Z', 2025, ?) RETURNING id`,
        )
        .get(m1, u.user.id) as { id: number };
      s.prepare("UPDATE contracts SET family_id = id WHERE id = ?").run(c.id); // registered 10 days after signing
      expect(needFunnel(small, 2025, null)).toEqual([
        { step: "published", count: 3, medianDays: null },
        { step: "claimed", count: 3, medianDays: 4 },
        { step: "matched", count: 2, medianDays: 15 },
        { step: "negotiating", count: 2, medianDays: 2 },
        { step: "signed", count: 1, medianDays: 4 },
        { step: "registered", count: 1, medianDays: 10 },
      ]);
      expect(needFunnel(small, 2025, "141121").map((r) => r.count)).toEqual([1, 1, 0, 0, 0, 0]);

      // Each figure links to exactly the needs it counts.
      const ids = (step: FunnelStep, county: string | null = null) =>
        funnelNeeds(small, 2025, county, step)
          .map((n) => n.id)
          .sort((x, y) => x - y);
      expect(ids("published")).toEqual([n1, n2, n3]);
      expect(ids("matched")).toEqual([n1, n2]);
      expect(ids("registered")).toEqual([n1]);
      expect(ids("claimed", "141121")).toEqual([n3]);
      expect(funnelNeeds(small, 2025, null, "signed")).toEqual([{ id: n1, title: "n1", countyCode: "141102", reachedAt: "2025-03-20T00:00:00.000Z", days: 4 }]);
      expect(funnelHref(2025, null, "matched")).toBe("/admin/indicators/funnel?year=2025&step=matched");
      const admin = await makeUser(small, "admin", org.id);
      const listed = (await (
        await funnelLoader({ request: req(funnelHref(2025, null, "negotiating"), { cookie: admin.cookie }), params: {}, context: { cspNonce: "" } })
      ).json()) as { needs: { id: number }[] };
      expect(listed.needs.map((n) => n.id).sort((x, y) => x - y)).toEqual([n1, n2]);
      expect(
        (await statusOf(() => funnelLoader({ request: req("/admin/indicators/funnel", { cookie: u.cookie }), params: {}, context: { cspNonce: "" } }))).status,
      ).toBe(403);
    } finally {
      done();
    }
  });
});
