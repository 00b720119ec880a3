import type { Db } from "../../db/connection";
import type { ContractFlagKind, FlagStage } from "../codes";
import type { FlagFilter } from "../schemas/padding-flags";
import { COUNTED_CONTRACT_CONDITION, COUNTED_RECORD_CONDITION, indicatorSetting } from "./indicator.server";

// The registrar's list of padding flags over platform contracts and imported records, and the
// two figures reported beside the city's amount: what of it is still flagged.

const LULIANG = "1411";
const SERIES_CONDITION = {
  output: `substr(sd, 1, 4) = '${LULIANG}'`,
  absorbed: `substr(bd, 1, 4) = '${LULIANG}'`,
  local: `substr(sd, 1, 4) = '${LULIANG}' AND substr(bd, 1, 4) = '${LULIANG}'`,
} as const;

export interface FlaggedFigures {
  flaggedAmountFen: number;
  flaggedContracts: number;
}

/**
 * The counted contracts and records of a registration year with at least one open flag, in
 * the series and amount the city's target counts: how much of the figure the registrar has
 * not yet judged sound.
 */
export function flaggedFigures(db: Db, year: number): FlaggedFigures {
  const setting = indicatorSetting(db);
  const amount = setting.amount === "tech" ? "tv" : "cv";
  const row = db.$client
    .prepare(
      `WITH flagged AS (
         SELECT c.contract_value_fen AS cv, c.tech_value_fen AS tv, c.seller_division AS sd, c.buyer_division AS bd
         FROM contracts c
         WHERE c.id IN (SELECT f.contract_id FROM contract_flags f WHERE f.cleared_at IS NULL AND f.contract_id IS NOT NULL)
           AND ${COUNTED_CONTRACT_CONDITION} AND c.registration_year = ?
         UNION ALL
         SELECT r.contract_value_fen, r.tech_value_fen, r.seller_division, r.buyer_division
         FROM national_records r
         WHERE r.id IN (SELECT f.national_record_id FROM contract_flags f WHERE f.cleared_at IS NULL AND f.national_record_id IS NOT NULL)
           AND ${COUNTED_RECORD_CONDITION} AND r.registration_year = ?
       )
       SELECT COALESCE(SUM(${amount}), 0) AS amount, COUNT(*) AS n FROM flagged WHERE ${SERIES_CONDITION[setting.series]}`,
    )
    .get(year, year) as { amount: number; n: number };
  return { flaggedAmountFen: row.amount, flaggedContracts: row.n };
}

/** One row of the flag list: the flag and the contract or record it is on. */
export interface FlagListRow {
  id: number;
  kind: ContractFlagKind;
  stage: FlagStage;
  detail: Record<string, unknown>;
  raisedAt: string;
  clearedAt: string | null;
  clearReason: string | null;
  clearedByName: string | null;
  subject: "contract" | "record";
  contractId: number | null;
  nationalRecordId: number | null;
  registrationNo: string | null;
  title: string;
  sellerName: string;
  buyerName: string;
  contractValueFen: number;
  status: string;
}

/** The list shows at most this many flags, newest first; the filters narrow it. */
export const FLAG_LIST_LIMIT = 500;

const FLAG_ROWS = `SELECT f.id, f.kind, f.stage, f.detail, f.raised_at AS raisedAt, f.cleared_at AS clearedAt, f.clear_reason AS clearReason,
         u.name AS clearedByName, f.contract_id AS contractId, f.national_record_id AS nationalRecordId,
         COALESCE(c.registration_no, c.elsewhere_no, r.registration_no) AS registrationNo,
         COALESCE(c.title, r.title) AS title, COALESCE(c.seller_name, r.seller_name) AS sellerName,
         COALESCE(c.buyer_name, r.buyer_name) AS buyerName, COALESCE(c.contract_value_fen, r.contract_value_fen) AS contractValueFen,
         COALESCE(c.status, r.status) AS status
  FROM contract_flags f
  LEFT JOIN contracts c ON c.id = f.contract_id
  LEFT JOIN national_records r ON r.id = f.national_record_id
  LEFT JOIN users u ON u.id = f.cleared_by`;

type RawFlagRow = Omit<FlagListRow, "detail" | "subject"> & { detail: string };

function toRow(r: RawFlagRow): FlagListRow {
  return { ...r, detail: JSON.parse(r.detail) as Record<string, unknown>, subject: r.contractId !== null ? "contract" : "record" };
}

/** Flags on platform contracts and imported records, newest first, by kind and open or cleared. */
export function listFlags(db: Db, filter: FlagFilter): FlagListRow[] {
  const conditions = ["1 = 1"];
  const params: unknown[] = [];
  if (filter.kind) {
    conditions.push("f.kind = ?");
    params.push(filter.kind);
  }
  if (filter.state === "open") conditions.push("f.cleared_at IS NULL");
  if (filter.state === "cleared") conditions.push("f.cleared_at IS NOT NULL");
  const rows = db.$client.prepare(`${FLAG_ROWS} WHERE ${conditions.join(" AND ")} ORDER BY f.id DESC LIMIT ${FLAG_LIST_LIMIT}`).all(...params) as RawFlagRow[];
  return rows.map(toRow);
}

/** One flag with the contract or record it is on; undefined when there is none. */
export function getFlagRow(db: Db, flagId: number): FlagListRow | undefined {
  const row = db.$client.prepare(`${FLAG_ROWS} WHERE f.id = ?`).get(flagId) as RawFlagRow | undefined;
  return row && toRow(row);
}
