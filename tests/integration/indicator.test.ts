import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTx, type Db } from "../../db/connection";
import { matches, type ContractType } from "../../db/schema";
import { makeCreditCode } from "../../db/seed-data/identity";
import { createRng, type Rng } from "../../db/seed-data/random";
import * as statsPage from "../../app/routes/admin.statistics";
import * as homePage from "../../app/routes/_index";
import { createAchievement } from "../../app/services/achievements.server";
import { amendContract, createContract, fileElsewhere, submitContract, updateContract } from "../../app/services/contract-filing.server";
import { confirmElsewhereContract, returnContract } from "../../app/services/contract-registrar.server";
import { cityContractFigure, computeContractIndicator, saveIndicatorSetting, type ContractIndicator } from "../../app/services/indicator.server";
import { createNeed } from "../../app/services/needs.server";
import { CONTRACT_SUBTYPES, type ContractInput } from "../../app/schemas/contracts";
import { makeOrg, makeUser, req, statusOf, useAppDb, type TestUser } from "../helpers/app";
import { achievementInput, needInput } from "../helpers/world";
import { CERTIFICATE, contractInput, makeBroker, ok, orgRow, registerCleared } from "./contracts-fixtures";

// The indicator against an independent count. A seeded generator plans contract histories
// (drafts, returns and resubmissions, registrations in and around Beijing's New Year,
// corrected 技术交易额, amendments registered or left half-way) and the test keeps, in plain
// TypeScript, what each family should count for. The plan is played out twice: through the
// real services for a few hundred families, and as the rows those services write for
// 10,000, in one transaction. The service's SQL sums must equal the plan's sums to the fen.

const LULIANG = ["141102", "141121", "141122", "141123", "141124", "141125", "141126", "141127", "141128", "141129", "141130", "141181", "141182"];
const OUTSIDE = ["140105", "140106", "140109", "140121", "110108", "110105", "310115", "610113", "140802"];
const TYPES = Object.keys(CONTRACT_SUBTYPES) as ContractType[];
const SERIES = ["output", "absorbed", "local"] as const;
type Series = (typeof SERIES)[number];

interface Party {
  name: string;
  code: string;
  division: string;
}

interface Counted {
  year: number;
  type: ContractType;
  contractFen: number;
  techFen: number;
  sellerDivision: string;
  buyerDivision: string;
  brokerUserId: number | null;
}

/** The Beijing calendar year of a UTC instant, computed without any library. */
function beijingYear(iso: string): number {
  return new Date(Date.parse(iso) + 8 * 3_600_000).getUTCFullYear();
}

function seriesOf(c: Counted): Series[] {
  const s = c.sellerDivision.startsWith("1411");
  const b = c.buyerDivision.startsWith("1411");
  return [...(s ? (["output"] as const) : []), ...(b ? (["absorbed"] as const) : []), ...(s && b ? (["local"] as const) : [])];
}

type Sums = Map<string, { contractFen: number; techFen: number; count: number }>;

function add(sums: Sums, key: string, c: Counted) {
  const cur = sums.get(key) ?? { contractFen: 0, techFen: 0, count: 0 };
  sums.set(key, { contractFen: cur.contractFen + c.contractFen, techFen: cur.techFen + c.techFen, count: cur.count + 1 });
}

/** Expected sums keyed "series|dimension value". */
function expected(counted: Counted[], key: (c: Counted, s: Series) => string | null): Sums {
  const sums: Sums = new Map();
  for (const c of counted)
    for (const s of seriesOf(c)) {
      const k = key(c, s);
      if (k !== null) add(sums, `${s}|${k}`, c);
    }
  return sums;
}

function actual(rows: { key: string; series: ContractIndicator["totals"] }[]): Sums {
  const sums: Sums = new Map();
  for (const r of rows) for (const s of SERIES) if (r.series[s].count > 0) sums.set(`${s}|${r.key}`, r.series[s]);
  return sums;
}

const sorted = (m: Sums) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/* ------------------------------------------------------------------ the plan */

type End = "draft" | "submitted" | "returned" | "registered";

interface Terms {
  type: ContractType;
  subType: string;
  contractFen: number;
  techFen: number;
}

interface VersionPlan {
  terms: Terms;
  /** Returned once, then corrected to these terms and resubmitted. */
  correctedAfterReturn?: Terms;
  end: End;
  registeredAt?: string;
  /** The registrar's own 技术交易额. */
  registrarTech?: number;
}

interface FamilyPlan {
  recorder: { kind: "broker"; index: number } | { kind: "member"; index: 0 | 1 };
  buyer: Party;
  seller: Party;
  fromDeal: boolean;
  versions: VersionPlan[];
}

interface Cast {
  admin: TestUser;
  brokers: TestUser[];
  members: [TestUser, TestUser];
  memberParties: [Party, Party];
  dealOf: Map<number, number>;
}

async function makeCast(db: Db): Promise<Cast> {
  const agency = makeOrg(db, "agency");
  const admin = await makeUser(db, "admin", makeOrg(db, "government").id);
  const brokers: TestUser[] = [];
  for (let i = 0; i < 6; i++) brokers.push(await makeBroker(db, agency.id));
  const institute = makeOrg(db, "institute");
  const enterprise = makeOrg(db, "enterprise");
  const members: [TestUser, TestUser] = [await makeUser(db, "institute", institute.id), await makeUser(db, "enterprise", enterprise.id)];
  const party = (orgId: number): Party => {
    const o = orgRow(db, orgId);
    return { name: o.name, code: o.creditCode, division: o.countyCode! };
  };
  // Several contracts come from the same deal: the count must not depend on it.
  const need = ok(createNeed(db, members[1].actor, needInput())).id;
  const dealOf = new Map<number, number>();
  for (const [i, b] of brokers.entries()) {
    const ach = ok(createAchievement(db, members[0].actor, achievementInput({ title: `成果 ${i}` }))).id;
    const m = writeTx(db, (tx) =>
      tx.insert(matches).values({ needId: need, achievementId: ach, brokerUserId: b.user.id, stage: "signed", source: "broker" }).returning().get(),
    );
    dealOf.set(b.user.id, m.id);
  }
  return { admin, brokers, members, memberParties: [party(institute.id), party(enterprise.id)], dealOf };
}

function planHistory(rng: Rng, n: number, memberParties: [Party, Party], brokerCount: number): FamilyPlan[] {
  const parties: Party[] = [];
  for (let i = 0; i < 80; i++) {
    const division = i % 3 === 0 ? rng.pick(OUTSIDE) : rng.pick(LULIANG);
    parties.push({ name: `测试单位${i}`, code: makeCreditCode(rng, rng.pick(["91", "12"]), division), division });
  }
  const start = Date.parse("2024-12-20T00:00:00Z");
  const end = Date.parse("2026-12-31T15:00:00Z");
  // Instants either side of Beijing midnight on New Year's Eve.
  const edges = ["2024-12-31T15:59:59.999Z", "2024-12-31T16:00:00.000Z", "2025-12-31T15:59:59.999Z", "2025-12-31T16:00:00.000Z"];
  const instant = (after: number) => {
    if (rng.chance(0.02)) {
      const e = edges.filter((x) => Date.parse(x) > after);
      if (e.length) return rng.pick(e);
    }
    return new Date(after + 60_000 + Math.floor(rng.next() * (end - after))).toISOString();
  };
  const terms = (type: ContractType = rng.pick(TYPES)): Terms => {
    // 1 万元 to 5,000 万元, to the fen; now and then no technical part at all.
    const contractFen = rng.int(1_000_000, 5_000_000_000);
    const techFen = rng.chance(0.03) ? 0 : rng.int(Math.floor(contractFen / 3), contractFen);
    return { type, subType: rng.pick(CONTRACT_SUBTYPES[type]), contractFen, techFen };
  };
  const plans: FamilyPlan[] = [];
  for (let f = 0; f < n; f++) {
    const member = rng.chance(0.15);
    const recorder: FamilyPlan["recorder"] = member
      ? { kind: "member", index: rng.chance(0.5) ? 0 : 1 }
      : { kind: "broker", index: rng.int(0, brokerCount - 1) };
    let seller = rng.pick(parties);
    let buyer = rng.pick(parties.filter((p) => p.code !== seller.code));
    if (recorder.kind === "member") {
      // The enterprise member records as buyer; the institute (the seller) files it.
      seller = memberParties[0];
      if (recorder.index === 1) buyer = memberParties[1];
    }
    // The Lüliang desk registers (and corrects) only sellers in Lüliang; the others are registered elsewhere and confirmed.
    const local = seller.division.startsWith("1411");
    const fate = rng.next();
    const first: VersionPlan = { terms: terms(), end: fate < 0.03 ? "draft" : fate < 0.07 ? "submitted" : fate < 0.12 ? "returned" : "registered" };
    if (fate >= 0.12 && fate < 0.2) first.correctedAfterReturn = terms(first.terms.type);
    const versions = [first];
    if (first.end === "registered") {
      first.registeredAt = instant(start);
      if (rng.chance(0.1) && local) first.registrarTech = Math.floor((first.correctedAfterReturn ?? first.terms).techFen * 0.9);
      let last = Date.parse(first.registeredAt);
      for (let round = 0; round < 2 && rng.chance(round === 0 ? 0.15 : 0.3); round++) {
        const step = rng.next();
        const v: VersionPlan = {
          terms: terms(rng.chance(0.3) ? rng.pick(TYPES) : first.terms.type),
          end: step < 0.1 ? "draft" : step < 0.2 ? "submitted" : step < 0.28 ? "returned" : "registered",
        };
        versions.push(v);
        if (v.end !== "registered") break;
        v.registeredAt = instant(last);
        last = Date.parse(v.registeredAt);
      }
    }
    plans.push({ recorder, buyer, seller, fromDeal: recorder.kind === "broker" && rng.chance(0.1), versions });
  }
  return plans;
}

function recorderId(cast: Cast, p: FamilyPlan): number {
  return (p.recorder.kind === "broker" ? cast.brokers[p.recorder.index]! : cast.members[p.recorder.index]).user.id;
}

/** What each family should count for, worked out from the plan alone. */
function countedFrom(cast: Cast, plans: FamilyPlan[]): Counted[] {
  const out: Counted[] = [];
  for (const p of plans) {
    const registered = p.versions.filter((v) => v.end === "registered");
    if (registered.length === 0) continue;
    const current = registered[registered.length - 1]!;
    const t = current.correctedAfterReturn ?? current.terms;
    out.push({
      year: beijingYear(registered[0]!.registeredAt!),
      type: t.type,
      contractFen: t.contractFen,
      techFen: current.registrarTech ?? t.techFen,
      sellerDivision: p.seller.division,
      buyerDivision: p.buyer.division,
      brokerUserId: p.recorder.kind === "broker" ? recorderId(cast, p) : null,
    });
  }
  return out;
}

function inputFor(p: FamilyPlan, t: Terms, title: string, matchId: number | undefined): ContractInput {
  return contractInput({
    title,
    type: t.type,
    subType: t.subType,
    buyerName: p.buyer.name,
    buyerCreditCode: p.buyer.code,
    buyerDivision: p.buyer.division,
    sellerName: p.seller.name,
    sellerCreditCode: p.seller.code,
    sellerDivision: p.seller.division,
    contractValueFen: t.contractFen,
    techValueFen: t.techFen,
    signedOn: "2024-12-01",
    termStart: "2024-12-01",
    matchId,
  });
}

/** The Beijing calendar date of a UTC instant. */
const beijingDate = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

/** Plays the plan out through the services, as recorders and the registrar would. */
function playThroughServices(db: Db, cast: Cast, plans: FamilyPlan[]): void {
  let serial = 0;
  const regNo = () => `S${String(++serial).padStart(9, "0")}`;
  plans.forEach((p, f) => {
    const who = p.recorder.kind === "broker" ? cast.brokers[p.recorder.index]! : cast.members[p.recorder.index];
    // The seller's side files: the broker on its behalf, or the institute's member.
    const filer = p.recorder.kind === "broker" ? who : cast.members[0];
    const local = p.seller.division.startsWith("1411");
    let elsewhereAt = "2024-12-20T00:00:00Z";
    const file = (id: number) => {
      if (local) return ok(submitContract(db, filer.actor, id));
      const input = { intent: "elsewhere" as const, office: "太原市科学技术局", registrationNo: regNo(), registeredOn: beijingDate(elsewhereAt) };
      return ok(fileElsewhere(db, filer.actor, id, input, CERTIFICATE, null, new Date(elsewhereAt)));
    };
    const matchId = p.fromDeal ? cast.dealOf.get(who.user.id) : undefined;
    let id = 0;
    for (const [i, v] of p.versions.entries()) {
      if (i === 0) id = ok(createContract(db, who.actor, inputFor(p, v.terms, `合同 ${f}`, matchId))).id;
      else {
        id = ok(amendContract(db, who.actor, id)).id;
        ok(updateContract(db, who.actor, id, inputFor(p, v.terms, `合同 ${f}`, matchId)));
      }
      if (v.end === "draft") break;
      if (v.registeredAt) elsewhereAt = v.registeredAt;
      file(id);
      if (v.end === "submitted") break;
      if (v.end === "returned" || v.correctedAfterReturn) {
        ok(returnContract(db, cast.admin.actor, id, "请补充技术交易额核定材料"));
        if (v.end === "returned") break;
        ok(updateContract(db, who.actor, id, inputFor(p, v.correctedAfterReturn!, `合同 ${f}`, matchId)));
        file(id);
      }
      if (!local) {
        ok(confirmElsewhereContract(db, cast.admin.actor, id, null, new Date(v.registeredAt!)));
        continue;
      }
      const terms = v.correctedAfterReturn ?? v.terms;
      const correction = v.registrarTech === undefined ? {} : { otherFen: terms.contractFen - v.registrarTech, correctionReason: "核定技术交易额" };
      ok(
        registerCleared(
          db,
          cast.admin.actor,
          id,
          { intent: "register", registrationNo: regNo(), acceptCodes: false, ...correction },
          null,
          new Date(v.registeredAt!),
        ),
      );
    }
  });
}

/**
 * Writes the rows those same steps leave behind, in one transaction: each version with its
 * final status, the registered ones numbered, the earlier registered versions superseded,
 * and the family's year taken from its first registration by SQLite's own date functions.
 */
function writeRows(db: Db, cast: Cast, plans: FamilyPlan[]): void {
  const insert = db.$client.prepare(`
    INSERT INTO contracts (family_id, amends_id, amendment_no, superseded_at, match_id, broker_user_id, title, type, sub_type,
      buyer_name, buyer_credit_code, buyer_division, seller_name, seller_credit_code, seller_division,
      contract_value_fen, tech_value_fen, other_fen, signed_on, term_start, term_end, payment_mode, milestones, contract_field_code,
      ip_types, status, registration_no, registered_at, registered_by, registration_year, return_reason, created_by)
    VALUES (@familyId, @amendsId, @amendmentNo, NULL, @matchId, @brokerUserId, @title, @type, @subType,
      @buyerName, @buyerCode, @buyerDivision, @sellerName, @sellerCode, @sellerDivision,
      @contractFen, @techFen, @contractFen - @techFen, '2025-01-10', '2025-01-10', '2027-12-31', 'lump_sum_once', '[]', 'C07',
      '["none"]', @status, @registrationNo, @registeredAt, @registeredBy,
      CASE WHEN @firstRegisteredAt IS NULL THEN NULL ELSE CAST(strftime('%Y', @firstRegisteredAt, '+8 hours') AS INTEGER) END,
      @returnReason, @createdBy)`);
  const setFamily = db.$client.prepare("UPDATE contracts SET family_id = id WHERE id = ?");
  const supersede = db.$client.prepare("UPDATE contracts SET superseded_at = ? WHERE id = ?");
  let serial = 0;
  writeTx(db, () => {
    plans.forEach((p, f) => {
      const createdBy = recorderId(cast, p);
      let familyId: number | null = null;
      let previousRegistered: number | null = null;
      let firstRegisteredAt: string | null = null;
      p.versions.forEach((v, i) => {
        const t = v.correctedAfterReturn ?? v.terms;
        if (v.end === "registered" && firstRegisteredAt === null) firstRegisteredAt = v.registeredAt!;
        const row = insert.run({
          familyId,
          amendsId: i === 0 ? null : previousRegistered,
          amendmentNo: i,
          matchId: p.fromDeal ? cast.dealOf.get(createdBy)! : null,
          brokerUserId: p.recorder.kind === "broker" ? createdBy : null,
          title: `合同 ${f}`,
          type: t.type,
          subType: t.subType,
          buyerName: p.buyer.name,
          buyerCode: p.buyer.code,
          buyerDivision: p.buyer.division,
          sellerName: p.seller.name,
          sellerCode: p.seller.code,
          sellerDivision: p.seller.division,
          contractFen: t.contractFen,
          techFen: v.registrarTech ?? t.techFen,
          status: v.end,
          registrationNo: v.end === "registered" ? `D${String(++serial).padStart(9, "0")}` : null,
          registeredAt: v.registeredAt ?? null,
          registeredBy: v.end === "registered" ? cast.admin.user.id : null,
          firstRegisteredAt: v.end === "registered" ? firstRegisteredAt : null,
          returnReason: v.end === "returned" ? "请补充材料" : null,
          createdBy,
        });
        const id = Number(row.lastInsertRowid);
        if (familyId === null) {
          familyId = id;
          setFamily.run(id);
        }
        if (v.end === "registered") {
          if (previousRegistered !== null) supersede.run(v.registeredAt, previousRegistered);
          previousRegistered = id;
        }
      });
    });
  });
}

function checkAgainstPlan(db: Db, counted: Counted[]) {
  const all = computeContractIndicator(db);
  expect(sorted(actual(all.byYear)), "by year").toEqual(sorted(expected(counted, (c) => String(c.year))));
  expect(sorted(actual(all.byType)), "by type").toEqual(sorted(expected(counted, (c) => c.type)));
  for (const year of [2024, 2025, 2026]) {
    const ind = computeContractIndicator(db, { year });
    expect(sorted(actual(ind.byType)), `${year} by type`).toEqual(sorted(expected(counted, (c) => (c.year === year ? c.type : null))));
    const totals = expected(counted, (c) => (c.year === year ? "all" : null));
    for (const s of SERIES) expect(ind.totals[s], `${year} ${s}`).toEqual(totals.get(`${s}|all`) ?? { contractFen: 0, techFen: 0, count: 0 });
  }
  const county: Sums = new Map();
  for (const s of SERIES) for (const r of all.byCounty[s]) county.set(`${s}|${r.key}`, r.amounts);
  expect(sorted(county), "by county").toEqual(sorted(expected(counted, (c, s) => (s === "absorbed" ? c.buyerDivision : c.sellerDivision))));
  expect(sorted(actual(all.byBroker)), "by broker").toEqual(sorted(expected(counted, (c) => String(c.brokerUserId ?? 0))));
}

describe("the indicator equals an independent count", () => {
  it("over 10,000 planned histories, in every series and both amounts, by year, type, county and broker", async () => {
    const { db, cleanup } = useAppDb();
    try {
      const cast = await makeCast(db);
      const plans = planHistory(createRng(20_260_521), 10_000, cast.memberParties, cast.brokers.length);
      writeRows(db, cast, plans);
      const counted = countedFrom(cast, plans);
      const ends = plans.flatMap((p) => p.versions.map((v, i) => `${i === 0 ? "" : "amendment-"}${v.end}`));
      for (const e of [
        "draft",
        "submitted",
        "returned",
        "registered",
        "amendment-draft",
        "amendment-submitted",
        "amendment-returned",
        "amendment-registered",
      ]) {
        expect(ends.includes(e), e).toBe(true);
      }
      expect(plans.filter((p) => p.versions[0]!.correctedAfterReturn && p.versions[0]!.end === "registered").length).toBeGreaterThan(100);
      expect(new Set(counted.map((c) => c.year))).toEqual(new Set([2024, 2025, 2026]));
      expect(db.$client.prepare("SELECT count(*) AS n FROM contracts").get()).toEqual({ n: plans.reduce((s, p) => s + p.versions.length, 0) });
      checkAgainstPlan(db, counted);
    } finally {
      cleanup();
    }
  }, 120_000);

  it("over histories played through the services themselves, and the city's figure follows the policy's 口径", async () => {
    const { db, cleanup } = useAppDb();
    try {
      // A throwaway file: durability is not under test here, and the many small commits add up.
      db.$client.pragma("synchronous = OFF");
      const cast = await makeCast(db);
      const plans = planHistory(createRng(42), 700, cast.memberParties, cast.brokers.length);
      playThroughServices(db, cast, plans);
      const counted = countedFrom(cast, plans);
      expect(counted.length).toBeGreaterThan(400);
      checkAgainstPlan(db, counted);

      const sumFor = (series: Series, amount: "contract" | "tech") =>
        counted.filter((c) => c.year === 2025 && seriesOf(c).includes(series)).reduce((sum, c) => sum + (amount === "tech" ? c.techFen : c.contractFen), 0);
      expect(cityContractFigure(db, 2025)).toMatchObject({ setting: { series: "output", amount: "contract" }, valueFen: sumFor("output", "contract") });
      ok(saveIndicatorSetting(db, cast.admin.actor, { series: "absorbed", amount: "tech" }));
      expect(cityContractFigure(db, 2025).valueFen).toBe(sumFor("absorbed", "tech"));
      // The plan's 50亿 is 2027's target; 2025 has none unless the Bureau sets one.
      expect(cityContractFigure(db, 2025).target).toBeNull();
      expect(cityContractFigure(db, 2027).target?.valueFen).toBe(500_000_000_000);
    } finally {
      cleanup();
    }
  }, 180_000);
});

describe("the statistics page (W10)", () => {
  let db: Db;
  let cleanup: () => void;
  let cast: Cast;

  beforeAll(async () => {
    ({ db, cleanup } = useAppDb());
    db.$client.pragma("synchronous = OFF");
    cast = await makeCast(db);
    playThroughServices(db, cast, planHistory(createRng(7), 250, cast.memberParties, cast.brokers.length));
  }, 120_000);
  afterAll(() => cleanup());

  const load = async (cookie: string | undefined, query = "") => {
    const out = await statusOf(() => statsPage.loader({ request: req(`/admin/statistics${query}`, { cookie }), params: {}, context: { cspNonce: "" } }));
    return { status: out.status, data: out.response ? ((await out.response.json()) as { indicator: ContractIndicator }) : null };
  };

  it("shows the admin totals equal to an SQL recomputation to the fen, for every year and for one", async () => {
    // Recomputed another way: a registered (or confirmed elsewhere) version counts unless such an
    // amendment names it, in the Beijing year of its family's earliest registration (for a
    // registration elsewhere, the year of that office's date).
    const recompute = (series: Series, year: number | null) => {
      const where = {
        output: "seller_division LIKE '1411%'",
        absorbed: "buyer_division LIKE '1411%'",
        local: "seller_division LIKE '1411%' AND buyer_division LIKE '1411%'",
      }[series];
      return db.$client
        .prepare(
          `SELECT COALESCE(SUM(contract_value_fen), 0) AS contractFen, COALESCE(SUM(tech_value_fen), 0) AS techFen, COUNT(*) AS count
           FROM contracts c
           WHERE (status = 'registered' OR elsewhere_confirmed_at IS NOT NULL) AND ${where}
             AND NOT EXISTS (SELECT 1 FROM contracts a WHERE a.amends_id = c.id AND (a.status = 'registered' OR a.elsewhere_confirmed_at IS NOT NULL))
             AND (? IS NULL OR (SELECT MIN(COALESCE(strftime('%Y', f.registered_at, '+8 hours'), substr(f.elsewhere_registered_on, 1, 4)))
               FROM contracts f WHERE f.family_id = c.family_id AND (f.registered_at IS NOT NULL OR f.elsewhere_confirmed_at IS NOT NULL)) = ?)`,
        )
        .get(year, year === null ? null : String(year));
    };
    for (const [query, year] of [
      ["?year=all", null],
      ["?year=2025", 2025],
      ["?year=2026", 2026],
    ] as const) {
      const { status, data } = await load(cast.admin.cookie, query);
      expect(status).toBe(200);
      for (const s of SERIES) expect(data!.indicator.totals[s], `${query} ${s}`).toEqual(recompute(s, year));
    }
    const byYear = (await load(cast.admin.cookie, "?year=all")).data!.indicator.byYear;
    expect(byYear.length).toBeGreaterThanOrEqual(2);
    for (const row of byYear) for (const s of SERIES) expect(row.series[s]).toEqual(recompute(s, Number(row.key)));
  });

  it("is a 404 for everyone else, signed in or not, and the home page shows the city's figure", async () => {
    for (const who of [cast.brokers[0]!, cast.members[0], cast.members[1]]) expect((await load(who.cookie)).status).toBe(404);
    expect((await load(undefined)).status).toBe(404);
    const home = await statusOf(() => homePage.loader({ request: req("/"), params: {}, context: { cspNonce: "" } }));
    const figure = (home.value as { contractFigure: { year: number; valueFen: number; target: { valueFen: number } | null } }).contractFigure;
    // The target shown is the year's own: the plan's 50亿 in 2027, none in a year without one.
    expect(figure.target?.valueFen ?? null).toBe(figure.year === 2027 ? 500_000_000_000 : null);
    expect(figure.valueFen).toBe(cityContractFigure(db, new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()).valueFen);
  });
});
