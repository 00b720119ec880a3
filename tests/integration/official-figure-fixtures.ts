import { writeTx, type Db } from "../../db/connection";
import { makeCreditCode } from "../../db/seed-data/identity";
import type { Rng } from "../../db/seed-data/random";
import type { ContractType } from "../../db/schema";
import { CONTRACT_FLAG_KINDS } from "../../app/codes";
import { CONTRACT_SUBTYPES } from "../../app/schemas/contracts";
import { bumpDataVersion } from "../../app/services/data-versions.server";

// A world of contract histories written as rows, with a plain model beside it that says, from
// the registration rules alone, what counts. Every change goes to both; the tests compare the
// code's figures with sums over the model.

export const LULIANG = ["141102", "141121", "141123", "141126", "141181", "141182"];
export const OUTSIDE = ["140105", "110108", "310115", "610113"];
const TYPES = Object.keys(CONTRACT_SUBTYPES) as ContractType[];
export const SERIES = ["output", "absorbed", "local"] as const;
export type Series = (typeof SERIES)[number];

export interface Terms {
  cv: number;
  tv: number;
  sd: string;
  bd: string;
}

export interface FamilyModel {
  familyId: number;
  /** The version that counts when the family counts (the latest registered one). */
  versionId: number;
  year: number | null;
  terms: Terms;
  state: "registered" | "elsewhere_confirmed" | "elsewhere_unconfirmed" | "cancelled" | "draft";
  /** Open flags on the current version. */
  openFlags: Set<string>;
  /** When the family last changed, by kind, as the rows say. */
  changedAt: { amended?: string; cancelled?: string; confirmed?: string };
}

export interface RecordModel {
  id: number;
  year: number;
  terms: Terms;
  status: "off_platform" | "matched" | "to_confirm" | "cancelled";
  openFlags: Set<string>;
  changedAt: { imported?: string; ruled?: string; cancelled?: string };
}

export interface World {
  adminId: number;
  importId: number;
  families: FamilyModel[];
  records: RecordModel[];
  serial: number;
}

export const familyCounts = (f: FamilyModel) => f.year !== null && (f.state === "registered" || f.state === "elsewhere_confirmed");
export const recordCounts = (r: RecordModel) => r.status === "off_platform";

export function inSeries(t: Terms, s: Series): boolean {
  const seller = t.sd.startsWith("1411");
  const buyer = t.bd.startsWith("1411");
  return s === "output" ? seller : s === "absorbed" ? buyer : seller && buyer;
}

export function randomTerms(rng: Rng): Terms {
  const cv = rng.int(100_000, 3_000_000_000);
  const tv = rng.chance(0.05) ? 0 : rng.int(Math.floor(cv / 4), cv);
  const where = () => (rng.chance(0.6) ? rng.pick(LULIANG) : rng.pick(OUTSIDE));
  return { cv, tv, sd: where(), bd: where() };
}

/** An instant inside Beijing year `year`, clear of its edges. */
export function instantIn(rng: Rng, year: number): string {
  const start = Date.parse(`${year}-01-02T00:00:00Z`);
  return new Date(start + Math.floor(rng.next() * 360 * 86_400_000)).toISOString();
}

function insertContract(db: Db, w: World, rng: Rng, v: Record<string, unknown>): number {
  const type = rng.pick(TYPES);
  const row = db.$client
    .prepare(
      `INSERT INTO contracts (family_id, amends_id, amendment_no, superseded_at, title, type, sub_type,
         buyer_name, buyer_credit_code, buyer_division, seller_name, seller_credit_code, seller_division,
         contract_value_fen, tech_value_fen, equipment_fen, other_fen, signed_on, term_start, term_end, payment_mode, milestones, contract_field_code,
         ip_types, status, registration_no, registered_at, registered_by, registration_year, created_by,
         elsewhere_office, elsewhere_no, elsewhere_registered_on, elsewhere_confirmed_at, elsewhere_confirmed_by, terminated_on, terminated_by, termination_reason)
       VALUES (@familyId, @amendsId, @amendmentNo, NULL, '合同', @type, @subType,
         '买方', @buyerCode, @bd, '卖方', @sellerCode, @sd,
         @cv, @tv, @equipment, @other, '2024-01-10', '2024-01-10', '2027-12-31', 'lump_sum_once', '[]', 'C07',
         '["none"]', @status, @registrationNo, @registeredAt, @registeredBy, @year, @createdBy,
         @elsewhereOffice, @elsewhereNo, @elsewhereOn, @confirmedAt, @confirmedBy, @terminatedOn, @terminatedBy, @terminationReason)`,
    )
    .run({
      familyId: null,
      amendsId: null,
      amendmentNo: 0,
      type,
      subType: rng.pick(CONTRACT_SUBTYPES[type]),
      buyerCode: makeCreditCode(rng, "91", v.bd as string),
      sellerCode: makeCreditCode(rng, "91", v.sd as string),
      // 技术交易额 = 成交额 less the non-technical items, split between two of them.
      equipment: Math.floor(((v.cv as number) - (v.tv as number)) / 2),
      other: (v.cv as number) - (v.tv as number) - Math.floor(((v.cv as number) - (v.tv as number)) / 2),
      registrationNo: null,
      registeredAt: null,
      registeredBy: null,
      year: null,
      createdBy: w.adminId,
      elsewhereOffice: null,
      elsewhereNo: null,
      elsewhereOn: null,
      confirmedAt: null,
      confirmedBy: null,
      terminatedOn: null,
      terminatedBy: null,
      terminationReason: null,
      ...v,
    });
  const id = Number(row.lastInsertRowid);
  if (v.familyId === undefined || v.familyId === null) db.$client.prepare("UPDATE contracts SET family_id = id WHERE id = ?").run(id);
  return id;
}

function raiseFlags(db: Db, rng: Rng, subject: { contractId: number } | { nationalRecordId: number }, at: string): Set<string> {
  const open = new Set<string>();
  const column = "contractId" in subject ? "contract_id" : "national_record_id";
  const id = "contractId" in subject ? subject.contractId : subject.nationalRecordId;
  for (const kind of rng.sample(CONTRACT_FLAG_KINDS, rng.chance(0.25) ? rng.int(1, 3) : 0)) {
    const cleared = rng.chance(0.4);
    db.$client
      .prepare(
        `INSERT INTO contract_flags (${column}, kind, stage, detail, raised_at, cleared_at, cleared_by, clear_reason) VALUES (?, ?, 'registration', '{}', ?, ?, ?, ?)`,
      )
      .run(id, kind, at, cleared ? at : null, null, cleared ? "核实无误" : null);
    if (!cleared) open.add(kind);
  }
  return open;
}

/** A platform family: registered here (perhaps amended, cancelled or terminated), registered elsewhere, or never registered. */
export function addFamily(db: Db, w: World, rng: Rng, year: number): FamilyModel {
  const terms = randomTerms(rng);
  const roll = rng.next();
  const no = () => `R${year}${String(++w.serial).padStart(6, "0")}`;
  const at = instantIn(rng, year);
  if (roll < 0.08) {
    const id = insertContract(db, w, rng, { ...terms, status: "draft" });
    return { familyId: id, versionId: id, year: null, terms, state: "draft", openFlags: raiseFlags(db, rng, { contractId: id }, at), changedAt: {} };
  }
  if (roll < 0.25) {
    const confirmed = rng.chance(0.6);
    const id = insertContract(db, w, rng, {
      ...terms,
      status: "elsewhere",
      year,
      elsewhereOffice: "太原市技术市场管理办公室",
      elsewhereNo: `E${String(++w.serial).padStart(8, "0")}`,
      elsewhereOn: at.slice(0, 10),
      confirmedAt: confirmed ? at : null,
      confirmedBy: confirmed ? w.adminId : null,
    });
    const state = confirmed ? "elsewhere_confirmed" : "elsewhere_unconfirmed";
    return { familyId: id, versionId: id, year, terms, state, openFlags: raiseFlags(db, rng, { contractId: id }, at), changedAt: {} };
  }
  const terminated = rng.chance(0.1);
  const first = insertContract(db, w, rng, {
    ...terms,
    status: "registered",
    registrationNo: no(),
    registeredAt: at,
    registeredBy: w.adminId,
    year,
    terminatedOn: terminated ? `${year}-12-01` : null,
    terminatedBy: terminated ? w.adminId : null,
    terminationReason: terminated ? "双方协商解除" : null,
  });
  const f: FamilyModel = {
    familyId: first,
    versionId: first,
    year,
    terms,
    state: "registered",
    openFlags: raiseFlags(db, rng, { contractId: first }, at),
    changedAt: {},
  };
  if (rng.chance(0.2)) amendFamily(db, w, rng, f, new Date(Date.parse(at) + 86_400_000).toISOString(), rng.chance(0.7));
  if (rng.chance(0.06)) cancelFamily(db, w, f, new Date(Date.parse(at) + 2 * 86_400_000).toISOString());
  return f;
}

/** An amendment: a new version, registered (superseding the counted one) or left as a draft. */
export function amendFamily(db: Db, w: World, rng: Rng, f: FamilyModel, at: string, register = true): void {
  const terms = { ...randomTerms(rng), sd: f.terms.sd, bd: rng.chance(0.2) ? rng.pick(LULIANG) : f.terms.bd };
  const id = insertContract(db, w, rng, {
    ...terms,
    familyId: f.familyId,
    amendsId: f.versionId,
    amendmentNo: 1,
    status: register ? "registered" : "draft",
    registrationNo: register ? `A${String(++w.serial).padStart(8, "0")}` : null,
    registeredAt: register ? at : null,
    registeredBy: register ? w.adminId : null,
    year: register ? f.year : null,
  });
  const flags = raiseFlags(db, rng, { contractId: id }, at);
  if (!register) return;
  db.$client.prepare("UPDATE contracts SET superseded_at = ? WHERE id = ?").run(at, f.versionId);
  f.versionId = id;
  f.terms = terms;
  f.openFlags = flags;
  f.changedAt.amended = at;
}

/** 撤销登记: the current version is cancelled and the family counts nowhere. */
export function cancelFamily(db: Db, w: World, f: FamilyModel, at: string): void {
  db.$client
    .prepare("UPDATE contracts SET status = 'cancelled', cancelled_at = ?, cancelled_by = ?, cancel_reason = '合同无效' WHERE id = ?")
    .run(at, w.adminId, f.versionId);
  f.state = "cancelled";
  f.changedAt.cancelled = at;
}

export function confirmElsewhere(db: Db, w: World, f: FamilyModel, at: string): void {
  db.$client.prepare("UPDATE contracts SET elsewhere_confirmed_at = ?, elsewhere_confirmed_by = ? WHERE id = ?").run(at, w.adminId, f.versionId);
  f.state = "elsewhere_confirmed";
  f.changedAt.confirmed = at;
}

/** An imported national record in one of its four states; `importedAt` is when it arrived. */
export function addRecord(db: Db, w: World, rng: Rng, year: number, importedAt: string, status?: RecordModel["status"]): RecordModel {
  const terms = randomTerms(rng);
  const s = status ?? rng.pick(["off_platform", "off_platform", "matched", "to_confirm", "cancelled"] as const);
  const registeredOn = instantIn(rng, year).slice(0, 10);
  const matched = s === "matched" ? (w.families.find((f) => f.year === year)?.versionId ?? null) : null;
  const row = db.$client
    .prepare(
      `INSERT INTO national_records (registration_no, title, type, contract_field_code, seller_name, seller_credit_code, seller_division,
         buyer_name, buyer_credit_code, buyer_division, contract_value_fen, tech_value_fen, signed_on, registered_on, registration_year,
         office, status, contract_id, import_id, row_no, decided_by, decided_at, cancelled_at, cancel_reason, created_at)
       VALUES (?, '全国系统合同', 'development', 'C07', '卖方', ?, ?, '买方', ?, ?, ?, ?, ?, ?, ?, '山西省技术市场', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      `N${String(++w.serial).padStart(9, "0")}`,
      makeCreditCode(rng, "91", terms.sd),
      terms.sd,
      makeCreditCode(rng, "91", terms.bd),
      terms.bd,
      terms.cv,
      terms.tv,
      registeredOn,
      registeredOn,
      year,
      s,
      matched,
      w.importId,
      w.serial,
      s === "matched" ? w.adminId : null,
      s === "matched" ? importedAt : null,
      s === "cancelled" ? importedAt : null,
      s === "cancelled" ? "全国系统已撤销" : null,
      importedAt,
    );
  const id = Number(row.lastInsertRowid);
  return { id, year, terms, status: s, openFlags: raiseFlags(db, rng, { nationalRecordId: id }, importedAt), changedAt: { imported: importedAt } };
}

export function ruleRecord(db: Db, w: World, r: RecordModel, at: string): void {
  db.$client.prepare("UPDATE national_records SET status = 'off_platform', decided_by = ?, decided_at = ? WHERE id = ?").run(w.adminId, at, r.id);
  r.status = "off_platform";
  r.changedAt.ruled = at;
}

export function cancelRecord(db: Db, r: RecordModel, at: string): void {
  db.$client.prepare("UPDATE national_records SET status = 'cancelled', cancelled_at = ?, cancel_reason = '全国系统已撤销' WHERE id = ?").run(at, r.id);
  r.status = "cancelled";
  r.changedAt.cancelled = at;
}

export function clearFlags(db: Db, w: World, subject: FamilyModel | RecordModel, at: string): void {
  const [column, id] = "familyId" in subject ? ["contract_id", subject.versionId] : ["national_record_id", subject.id];
  db.$client
    .prepare(`UPDATE contract_flags SET cleared_at = ?, cleared_by = ?, clear_reason = '核实无误' WHERE ${column} = ? AND cleared_at IS NULL`)
    .run(at, w.adminId, id);
  subject.openFlags.clear();
}

/** Writes as the services do: in one transaction that marks the contract figures out of date. */
export function write<T>(db: Db, fn: () => T): T {
  return writeTx(db, (tx) => {
    const out = fn();
    bumpDataVersion(tx, "contracts");
    return out;
  });
}
