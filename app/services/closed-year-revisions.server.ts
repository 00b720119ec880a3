import type { Db } from "../../db/connection";
import { yearInShanghai } from "../i18n/format";
import { closedYearList } from "./closed-years.server";
import { computeContractIndicator, countedItems, type CountedItem, type SeriesAmounts } from "./indicator.server";

// The revisions of closed years: what counts for a closed year now, compared with what was
// frozen when it was closed. A platform contract is followed by its family (an amendment is a
// new version of the same family), an imported record by itself.

export interface ItemAmounts {
  contractValueFen: number;
  techValueFen: number;
  sellerDivision: string;
  buyerDivision: string;
}

export interface Revision {
  /** The closed year the change touches. */
  year: number;
  /** added: a late import, confirmation or ruling; removed: cancelled (or no longer counted); changed: amended. */
  kind: "added" | "removed" | "changed";
  source: "contract" | "national";
  familyId: number | null;
  /** The counted version now (the frozen one when removed). */
  contractId: number | null;
  nationalRecordId: number | null;
  registrationNo: string | null;
  before: ItemAmounts | null;
  after: ItemAmounts | null;
  /** When it changed, as the rows record it (registration, confirmation, import, ruling or cancellation). */
  changedAt: string | null;
}

export interface ClosedYearRevisions {
  year: number;
  closedAt: string;
  closed: SeriesAmounts;
  revised: SeriesAmounts;
  changes: Revision[];
}

export interface RevisionsReport {
  /** Only changes made in this Beijing year (and any whose time is unknown); every change when null. */
  reportYear: number | null;
  years: ClosedYearRevisions[];
}

interface Keyed {
  key: string;
  source: "contract" | "national";
  familyId: number | null;
  contractId: number | null;
  nationalRecordId: number | null;
  registrationNo: string | null;
  amounts: ItemAmounts;
}

function frozenItems(db: Db, year: number): Keyed[] {
  const rows = db.$client
    .prepare(
      `SELECT i.contract_id, i.national_record_id, i.registration_no, i.contract_value_fen, i.tech_value_fen, i.seller_division, i.buyer_division,
              c.family_id
       FROM closed_year_items i LEFT JOIN contracts c ON c.id = i.contract_id
       WHERE i.year = ? ORDER BY i.id`,
    )
    .all(year) as {
    contract_id: number | null;
    national_record_id: number | null;
    registration_no: string | null;
    contract_value_fen: number;
    tech_value_fen: number;
    seller_division: string;
    buyer_division: string;
    family_id: number | null;
  }[];
  return rows.map((r) => ({
    key: r.contract_id !== null ? `f${r.family_id}` : `r${r.national_record_id}`,
    source: r.contract_id !== null ? "contract" : "national",
    familyId: r.family_id,
    contractId: r.contract_id,
    nationalRecordId: r.national_record_id,
    registrationNo: r.registration_no,
    amounts: { contractValueFen: r.contract_value_fen, techValueFen: r.tech_value_fen, sellerDivision: r.seller_division, buyerDivision: r.buyer_division },
  }));
}

function currentItems(db: Db, year: number): Keyed[] {
  return countedItems(db, year).map((it: CountedItem) => ({
    key: it.source === "contract" ? `f${it.familyId}` : `r${it.id}`,
    source: it.source,
    familyId: it.familyId,
    contractId: it.source === "contract" ? it.id : null,
    nationalRecordId: it.source === "national" ? it.id : null,
    registrationNo: it.registrationNo,
    amounts: { contractValueFen: it.contractValueFen, techValueFen: it.techValueFen, sellerDivision: it.sellerDivision, buyerDivision: it.buyerDivision },
  }));
}

const sameAmounts = (a: ItemAmounts, b: ItemAmounts) =>
  a.contractValueFen === b.contractValueFen &&
  a.techValueFen === b.techValueFen &&
  a.sellerDivision === b.sellerDivision &&
  a.buyerDivision === b.buyerDivision;

/** When a change happened, from the rows: a counted version's registration or confirmation, a record's import or ruling, a cancellation. */
function changedAt(db: Db, kind: Revision["kind"], item: Keyed): string | null {
  const one = (text: string, ...params: unknown[]) =>
    (db.$client
      .prepare(text)
      .pluck()
      .get(...params) as string | null | undefined) ?? null;
  if (item.source === "national") {
    return kind === "removed"
      ? one("SELECT COALESCE(cancelled_at, decided_at) FROM national_records WHERE id = ?", item.nationalRecordId)
      : one("SELECT COALESCE(decided_at, created_at) FROM national_records WHERE id = ?", item.nationalRecordId);
  }
  if (kind === "removed") return one("SELECT MAX(cancelled_at) FROM contracts WHERE family_id = ?", item.familyId);
  return one("SELECT CASE WHEN status = 'elsewhere' THEN elsewhere_confirmed_at ELSE registered_at END FROM contracts WHERE id = ?", item.contractId);
}

/** The changes to one closed year since it was closed, in the order they happened. */
export function closedYearChanges(db: Db, year: number): Revision[] {
  const before = new Map(frozenItems(db, year).map((i) => [i.key, i]));
  const after = new Map(currentItems(db, year).map((i) => [i.key, i]));
  const changes: Revision[] = [];
  const push = (kind: Revision["kind"], item: Keyed, b: Keyed | undefined, a: Keyed | undefined) =>
    changes.push({
      year,
      kind,
      source: item.source,
      familyId: item.familyId,
      contractId: item.contractId,
      nationalRecordId: item.nationalRecordId,
      registrationNo: item.registrationNo,
      before: b?.amounts ?? null,
      after: a?.amounts ?? null,
      changedAt: changedAt(db, kind, item),
    });
  for (const [key, b] of before) {
    const a = after.get(key);
    if (!a) push("removed", b, b, undefined);
    else if (!sameAmounts(a.amounts, b.amounts)) push("changed", a, b, a);
  }
  for (const [key, a] of after) if (!before.has(key)) push("added", a, undefined, a);
  return changes.sort((x, y) => (x.changedAt ?? "").localeCompare(y.changedAt ?? "") || x.kind.localeCompare(y.kind));
}

/**
 * For every closed year: its closed and revised figures and the changes since closing; with a
 * `reportYear`, only the changes made in that (Beijing) year.
 */
export function revisionsReport(db: Db, options: { reportYear?: number | null } = {}): RevisionsReport {
  const reportYear = options.reportYear ?? null;
  const inReport = (r: Revision) => reportYear === null || r.changedAt === null || yearInShanghai(new Date(r.changedAt)) === reportYear;
  return {
    reportYear,
    years: closedYearList(db).map((c) => ({
      year: c.year,
      closedAt: c.closedAt,
      closed: c.figures as SeriesAmounts,
      revised: computeContractIndicator(db, { year: c.year }).totals,
      changes: closedYearChanges(db, c.year).filter(inReport),
    })),
  };
}
