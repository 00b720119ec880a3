// Histories played through the registration desk's own services: filings by the seller's side
// (its member, or the broker on its behalf), registrations here and elsewhere, imports from the
// national system with duplicates and near-duplicates, amendments, cancellations, terminations
// and a closed year. After each stretch, every figure of the official indicator is compared, to
// the fen, with sums this test keeps from the registration rules (not from the code under test).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, isNull } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/connection";
import { contractFlags } from "../../db/schema";
import { amendContract, createContract, fileElsewhere, submitContract, updateContract } from "../../app/services/contract-filing.server";
import { cancelRegistration, confirmElsewhereContract, recordTermination, registerContract } from "../../app/services/contract-registrar.server";
import { closeYear } from "../../app/services/closed-years.server";
import { importNationalFile } from "../../app/services/national-import/apply.server";
import { decidePair } from "../../app/services/national-import/pairs.server";
import { indicatorRollupDrift } from "../../app/services/indicators/contract-figures.server";
import { officialIndicator } from "../../app/services/official-indicator.server";
import { clearFlag } from "../../app/services/padding-flags.server";
import { freshCreditCode, makeOrg, makeUser, useAppDb, type TestUser } from "../helpers/app";
import { CERTIFICATE, contractInput, makeBroker, ok } from "./contracts-fixtures";
import { csvFile, nationalRow, type SheetRowValues } from "./national-import-fixtures";

type Division = string;
interface Party {
  name: string;
  code: string;
  division: Division;
  member: TestUser | null;
}
/** What counts, as this test understands the rules: one entry per family or imported record. */
interface Counted {
  key: string;
  year: number;
  cv: number;
  tv: number;
  sd: Division;
  bd: Division;
  /** The row that carries it now: the counted contract version, or the national record. */
  ref: { contractId: number } | { recordId: number };
  offPlatform: boolean;
}
interface Family {
  key: string;
  currentId: number;
  owner: TestUser;
  seller: Party;
  buyer: Party;
  signedOn: string;
  cv: number;
  tv: number;
  year: number | null;
  /** registered here, elsewhere (waiting or confirmed), or cancelled */
  state: "registered" | "elsewhere_waiting" | "elsewhere_confirmed" | "cancelled";
  elsewhereNo?: string;
  registeredOn?: string;
}

const inLuliang = (d: Division) => d.startsWith("1411");
const SERIES = {
  output: (c: Counted) => inLuliang(c.sd),
  absorbed: (c: Counted) => inLuliang(c.bd),
  local: (c: Counted) => inLuliang(c.sd) && inLuliang(c.bd),
};

function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

const ymd = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const yearOf = (d: Date) => Number(ymd(d).slice(0, 4));
/** Yuan with two decimals, as the national system writes them. */
const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;

let db: Db;
let cleanup: () => void;
let filesDir: string;
beforeEach(() => {
  ({ db, cleanup } = useAppDb());
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-history-"));
  process.env.FILES_DIR = filesDir;
});
afterEach(() => {
  cleanup();
  fs.rmSync(filesDir, { recursive: true, force: true });
  delete process.env.FILES_DIR;
});

async function playHistory(seed: number) {
  const r = rng(seed);
  const org = async (kind: "enterprise" | "institute", division: Division): Promise<Party> => {
    const o = makeOrg(db, kind);
    return { name: o.name, code: o.creditCode, division, member: await makeUser(db, kind, o.id) };
  };
  const bureau = makeOrg(db, "government", { name: "吕梁市科学技术局" });
  const admin = await makeUser(db, "admin", bureau.id);
  const agency = makeOrg(db, "agency");
  const broker = await makeBroker(db, agency.id);
  const localSellers = [await org("institute", "141102"), await org("enterprise", "141181")];
  const outsideSellers = [await org("institute", "140105"), await org("institute", "110108")];
  const buyers = [await org("enterprise", "141102"), await org("enterprise", "141124"), await org("enterprise", "140105"), await org("enterprise", "110108")];

  const families: Family[] = [];
  const records: Counted[] = [];
  const imported = new Set<string>();
  let closed: { year: number; figure: number } | null = null;
  let serial = 0;
  let clock = new Date("2024-02-05T02:00:00Z");
  const tick = (days: number) => (clock = new Date(clock.getTime() + days * 86_400_000));

  /** Registers, clearing any padding flag first as the registrar would after checking it. */
  const register = (id: number, no: string) => {
    let result = registerContract(db, admin.actor, id, { intent: "register", registrationNo: no, acceptCodes: false }, null, clock);
    if (!result.ok && "fieldErrors" in result && result.fieldErrors.flags) {
      const open = db
        .select()
        .from(contractFlags)
        .where(and(eq(contractFlags.contractId, id), isNull(contractFlags.clearedAt)))
        .all();
      for (const f of open) ok(clearFlag(db, admin.actor, f.id, "已核实合同真实，非拆分或重复", null, clock));
      result = registerContract(db, admin.actor, id, { intent: "register", registrationNo: no, acceptCodes: false }, null, clock);
    }
    return ok(result);
  };

  const terms = (seller: Party, buyer: Party, cv: number) => {
    const tv = cv - r.int(0, 4) * Math.floor(cv / 10 / 100) * 100;
    return contractInput({
      title: `测试技术合同 ${++serial}`,
      buyerName: buyer.name,
      buyerCreditCode: buyer.code,
      buyerDivision: buyer.division,
      sellerName: seller.name,
      sellerCreditCode: seller.code,
      sellerDivision: seller.division,
      contractValueFen: cv,
      techValueFen: tv,
      signedOn: ymd(clock),
      termStart: ymd(clock),
      termEnd: `${yearOf(clock) + 3}-12-31`,
      type: "DEV",
      subType: "commissioned",
      contractFieldCode: r.pick(["C01", "C03", "C07", "C09"]),
    });
  };

  const filePlatform = () => {
    const seller = r.pick(localSellers);
    const buyer = r.pick(buyers);
    const viaBroker = r.next() < 0.5;
    const owner = viaBroker ? broker : seller.member!;
    const input = terms(seller, buyer, r.int(20, 3000) * 100_00);
    const id = ok(createContract(db, owner.actor, input, null, clock)).id;
    ok(submitContract(db, owner.actor, id, null, clock));
    tick(r.int(1, 10));
    register(id, `${yearOf(clock)}141100${String(++serial).padStart(6, "0")}`);
    families.push({
      key: `f${id}`,
      currentId: id,
      owner,
      seller,
      buyer,
      signedOn: input.signedOn,
      cv: input.contractValueFen,
      tv: input.contractValueFen - input.otherFen,
      year: yearOf(clock),
      state: "registered",
    });
  };

  const fileOutside = () => {
    const seller = r.pick(outsideSellers);
    const buyer = r.pick(buyers);
    const input = terms(seller, buyer, r.int(20, 3000) * 100_00);
    const id = ok(createContract(db, seller.member!.actor, input, null, clock)).id;
    // The desk does not register a seller from elsewhere: it records that office's registration.
    expect(submitContract(db, seller.member!.actor, id, null, clock).ok).toBe(false);
    const registeredOn = ymd(clock);
    const elsewhereNo = `${yearOf(clock)}${seller.division}${String(++serial).padStart(6, "0")}`;
    ok(
      fileElsewhere(
        db,
        seller.member!.actor,
        id,
        { intent: "elsewhere", office: "外地技术合同登记机构", registrationNo: elsewhereNo, registeredOn },
        CERTIFICATE,
        null,
        clock,
      ),
    );
    const fam: Family = {
      key: `f${id}`,
      currentId: id,
      owner: seller.member!,
      seller,
      buyer,
      signedOn: input.signedOn,
      cv: input.contractValueFen,
      tv: input.contractValueFen - input.otherFen,
      year: null,
      state: "elsewhere_waiting",
      elsewhereNo,
      registeredOn,
    };
    families.push(fam);
    if (r.next() < 0.5) {
      tick(r.int(1, 5));
      ok(confirmElsewhereContract(db, admin.actor, id, null, clock));
      fam.state = "elsewhere_confirmed";
      fam.year = Number(registeredOn.slice(0, 4));
    }
  };

  const importFile = async () => {
    const rows: SheetRowValues[] = [];
    const fresh: { row: SheetRowValues; decide: "different" | "same" | null }[] = [];
    for (let i = 0, n = r.int(1, 4); i < n; i++) {
      const sellerIn = r.next() < 0.6;
      const row = nationalRow({
        registrationNo: `${yearOf(clock)}NR${String(++serial).padStart(8, "0")}`,
        sellerCreditCode: freshCreditCode(),
        buyerCreditCode: freshCreditCode(),
        sellerDivision: sellerIn ? r.pick(["141102", "141181", "141130"]) : r.pick(["140105", "110108"]),
        buyerDivision: r.pick(["141102", "141124", "140105", "320102"]),
        contractValue: yuan(r.int(5_000, 2_000_000) * 100 + r.int(0, 99)),
        signedOn: ymd(new Date(clock.getTime() - 20 * 86_400_000)),
        registeredOn: ymd(clock),
      });
      row.techValue = yuan(Math.floor(Math.round(Number(row.contractValue) * 100) * 0.8));
      rows.push(row);
      fresh.push({ row, decide: null });
    }
    // A record the platform already has by number: matched, counted once through the contract
    // (a registration elsewhere still waiting is confirmed by it).
    const numbered = families.filter((f) => f.state === "registered" || f.state === "elsewhere_waiting" || f.state === "elsewhere_confirmed");
    const byNumber = numbered.length && r.next() < 0.6 ? r.pick(numbered) : null;
    const numberOf = (f: Family) =>
      f.elsewhereNo ?? (db.$client.prepare("SELECT registration_no FROM contracts WHERE id = ?").pluck().get(f.currentId) as string);
    // A number imported before is left as it is: that row changes nothing.
    const newMatch = byNumber !== null && !imported.has(numberOf(byNumber));
    if (byNumber) {
      const no = numberOf(byNumber);
      rows.push(
        nationalRow({
          registrationNo: no,
          sellerCreditCode: byNumber.seller.code,
          buyerCreditCode: byNumber.buyer.code,
          sellerDivision: byNumber.seller.division,
          buyerDivision: byNumber.buyer.division,
          contractValue: yuan(byNumber.cv),
          techValue: yuan(byNumber.tv),
          signedOn: byNumber.signedOn,
          registeredOn: byNumber.registeredOn ?? ymd(clock),
        }),
      );
    }
    // A near-duplicate: the same parties, signing date and amount as a platform contract under
    // another number. It counts only if the registrar rules it a different contract.
    const twinOf = families.filter((f) => f.state === "registered");
    const twin = twinOf.length && r.next() < 0.5 ? r.pick(twinOf) : null;
    let twinRow: SheetRowValues | null = null;
    if (twin) {
      twinRow = nationalRow({
        registrationNo: `${yearOf(clock)}TW${String(++serial).padStart(8, "0")}`,
        sellerCreditCode: twin.seller.code,
        buyerCreditCode: twin.buyer.code,
        sellerDivision: twin.seller.division,
        buyerDivision: twin.buyer.division,
        contractValue: yuan(twin.cv),
        techValue: yuan(twin.tv),
        signedOn: twin.signedOn,
        registeredOn: ymd(clock),
      });
      rows.push(twinRow);
    }
    const bytes = csvFile(rows, { bom: r.next() < 0.5 });
    const report = await importNationalFile(db, { fileName: "全国系统导出.csv", bytes, actor: admin.actor, locale: "zh-CN", now: clock });
    if (report === "forbidden") throw new Error("the registrar was refused");
    expect(report.errors).toEqual([]);
    expect(report.imported).toBe(fresh.length);
    expect(report.matched).toBe(newMatch ? 1 : 0);
    for (const row of rows) imported.add(row.registrationNo);
    expect(report.toConfirm).toBe(twin ? 1 : 0);
    // The same file again changes nothing.
    const again = await importNationalFile(db, { fileName: "全国系统导出.csv", bytes, actor: admin.actor, locale: "zh-CN", now: clock });
    expect(again).toMatchObject({ imported: 0, matched: 0, toConfirm: 0, refused: 0 });

    const recordId = (no: string) => db.$client.prepare("SELECT id FROM national_records WHERE registration_no = ?").pluck().get(no) as number;
    for (const { row } of fresh) {
      const cv = Math.round(Number(row.contractValue) * 100);
      records.push({
        key: `r${row.registrationNo}`,
        year: Number(row.registeredOn.slice(0, 4)),
        cv,
        tv: Math.round(Number(row.techValue) * 100),
        sd: row.sellerDivision,
        bd: row.buyerDivision,
        ref: { recordId: recordId(row.registrationNo) },
        offPlatform: true,
      });
    }
    if (byNumber && byNumber.state === "elsewhere_waiting") {
      byNumber.state = "elsewhere_confirmed";
      byNumber.year = Number(byNumber.registeredOn!.slice(0, 4));
    }
    if (twin && twinRow) {
      const decision = r.pick(["same", "different", "later"] as const);
      if (decision !== "later") ok(decidePair(db, admin.actor, recordId(twinRow.registrationNo), decision, null, clock));
      if (decision === "different") {
        records.push({
          key: `r${twinRow.registrationNo}`,
          year: Number(twinRow.registeredOn.slice(0, 4)),
          cv: twin.cv,
          tv: twin.tv,
          sd: twin.seller.division,
          bd: twin.buyer.division,
          ref: { recordId: recordId(twinRow.registrationNo) },
          offPlatform: true,
        });
      }
    }
  };

  const amend = () => {
    const candidates = families.filter((f) => f.state === "registered");
    if (!candidates.length) return;
    const f = r.pick(candidates);
    const id = ok(amendContract(db, f.owner.actor, f.currentId, null, clock)).id;
    const cv = Math.max(100_00, f.cv + r.int(-50, 80) * 10_000_00);
    const input = terms(f.seller, f.buyer, cv);
    ok(
      updateContract(
        db,
        f.owner.actor,
        id,
        { ...input, signedOn: f.signedOn, termStart: f.signedOn, termEnd: `${Number(f.signedOn.slice(0, 4)) + 3}-12-31` },
        null,
        clock,
      ),
    );
    ok(submitContract(db, f.owner.actor, id, null, clock));
    tick(r.int(1, 5));
    register(id, `${yearOf(clock)}141100${String(++serial).padStart(6, "0")}`);
    Object.assign(f, { currentId: id, cv: input.contractValueFen, tv: input.contractValueFen - input.otherFen });
  };

  const cancelOrTerminate = () => {
    const candidates = families.filter((f) => f.state === "registered" || f.state === "elsewhere_confirmed");
    if (!candidates.length) return;
    const f = r.pick(candidates);
    if (r.next() < 0.5) {
      ok(cancelRegistration(db, admin.actor, f.currentId, { reason: "合同被认定无效，撤销登记" }, null, clock));
      f.state = "cancelled";
    } else {
      // Recorded, and the registered amount stays counted.
      recordTermination(db, admin.actor, f.currentId, { terminatedOn: ymd(clock), reason: "双方协商一致提前终止" }, null, clock);
    }
  };

  const counted = (): Counted[] => [
    ...families
      .filter((f) => f.state === "registered" || f.state === "elsewhere_confirmed")
      .map((f) => ({
        key: f.key,
        year: f.year!,
        cv: f.cv,
        tv: f.tv,
        sd: f.seller.division,
        bd: f.buyer.division,
        ref: { contractId: f.currentId },
        offPlatform: false,
      })),
    ...records,
  ];

  const openFlagged = (c: Counted) =>
    "contractId" in c.ref
      ? !!db
          .select()
          .from(contractFlags)
          .where(and(eq(contractFlags.contractId, c.ref.contractId), isNull(contractFlags.clearedAt)))
          .get()
      : !!db
          .select()
          .from(contractFlags)
          .where(and(eq(contractFlags.nationalRecordId, c.ref.recordId), isNull(contractFlags.clearedAt)))
          .get();

  const check = (when: string) => {
    for (const year of [2024, 2025, 2026]) {
      const of = counted().filter((c) => c.year === year);
      const sum = (series: keyof typeof SERIES, amount: "cv" | "tv", rows = of) => rows.filter(SERIES[series]).reduce((s, c) => s + c[amount], 0);
      const output = of.filter(SERIES.output);
      const expected = {
        year,
        targetFen: null,
        contractAmountFen: sum("output", "cv"),
        outputAmountFen: sum("output", "cv"),
        outputTechnologyAmountFen: sum("output", "tv"),
        absorbedAmountFen: sum("absorbed", "cv"),
        absorbedTechnologyAmountFen: sum("absorbed", "tv"),
        localAmountFen: sum("local", "cv"),
        localTechnologyAmountFen: sum("local", "tv"),
        registeredContracts: output.length,
        offPlatformAmountFen: sum(
          "output",
          "cv",
          of.filter((c) => c.offPlatform),
        ),
        flaggedAmountFen: output.filter(openFlagged).reduce((s, c) => s + c.cv, 0),
        flaggedContracts: output.filter(openFlagged).length,
        closed: closed?.year === year,
        closedContractAmountFen: closed?.year === year ? closed.figure : null,
        openChallenges: 0,
        awardedChallenges: 0,
        challengeRewardFen: 0,
        scenarios: 0,
        openScenarios: 0,
        scenarioTarget: 50,
      };
      expect(officialIndicator(db, year), `seed ${seed}, ${when}, ${year}`).toEqual(expected);
    }
    // The pre-summed rollup the figures read has followed every step of the history.
    expect(indicatorRollupDrift(db), `seed ${seed}, ${when}`).toEqual([]);
  };

  const stretch = async (until: string) => {
    while (clock < new Date(until)) {
      const roll = r.next();
      if (roll < 0.35) filePlatform();
      else if (roll < 0.55) fileOutside();
      else if (roll < 0.75) await importFile();
      else if (roll < 0.88) amend();
      else cancelOrTerminate();
      tick(r.int(3, 12));
    }
  };

  await stretch("2025-01-10T00:00:00Z");
  check("before closing");
  // The Bureau closes 2024.
  const before = officialIndicator(db, 2024).contractAmountFen;
  ok(closeYear(db, admin.actor, 2024, null, clock));
  closed = { year: 2024, figure: before };
  check("just after closing 2024");
  // Later amendments, cancellations and imports reach 2024 families too; its closed figure holds.
  await stretch("2026-06-30T00:00:00Z");
  // A late import of a record registered in 2024.
  const late = nationalRow({
    registrationNo: `2024LATE${String(++serial).padStart(6, "0")}`,
    sellerDivision: "141102",
    buyerDivision: "140105",
    contractValue: "123456.78",
    techValue: "100000.00",
    signedOn: "2024-10-08",
    registeredOn: "2024-11-20",
  });
  const lateReport = await importNationalFile(db, { fileName: "补录.csv", bytes: csvFile([late]), actor: admin.actor, locale: "zh-CN", now: clock });
  expect(lateReport).toMatchObject({ imported: 1, refused: 0 });
  records.push({
    key: "late",
    year: 2024,
    cv: 12_345_678,
    tv: 10_000_000,
    sd: "141102",
    bd: "140105",
    ref: { recordId: db.$client.prepare("SELECT id FROM national_records WHERE registration_no = ?").pluck().get(late.registrationNo) as number },
    offPlatform: true,
  });
  check("after the year's revisions");
  const figure = officialIndicator(db, 2024);
  expect(figure.closedContractAmountFen).toBe(before);
  return { families: families.length, records: records.length, revised: figure.contractAmountFen - before };
}

describe("the official figure over histories played through the desk's services", () => {
  for (const seed of [20_261_126, 7, Number(process.env.REGISTRATION_HISTORY_SEED ?? 0) || Math.floor(Math.random() * 1e9)]) {
    it(`equals the registration rules' own sums, before and after closing a year (seed ${seed})`, async () => {
      const played = await playHistory(seed);
      console.log(`registration history seed ${seed}: ${played.families} families, ${played.records} counted records, 2024 revised by ${played.revised} fen`);
      expect(played.families).toBeGreaterThan(10);
      expect(played.records).toBeGreaterThan(3);
    }, 120_000);
  }
});
