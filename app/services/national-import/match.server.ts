import { and, inArray, isNull, ne, sql } from "drizzle-orm";
import type { Tx } from "../../../db/connection";
import { contracts, nationalRecords, type NationalRecordStatus } from "../../../db/schema";
import type { ValidRow } from "./validate.server";

// What each valid row of an import becomes, decided against lookups read once per import: the
// numbers already imported, the platform contracts' registration numbers (here and elsewhere),
// and the platform contract families by parties, signing date and 成交额.

interface NumberedContract {
  id: number;
  status: string;
  elsewhereConfirmedAt: string | null;
}

export interface Lookups {
  imported: Set<string>;
  byNumber: Map<string, NumberedContract>;
  byTwin: Map<string, number>;
}

export const twinKey = (seller: string, buyer: string, signedOn: string, contractValueFen: number) => `${seller}|${buyer}|${signedOn}|${contractValueFen}`;

/** A family none of whose versions is cancelled (撤销登记). */
const NOT_CANCELLED = sql`NOT EXISTS (SELECT 1 FROM contracts f WHERE coalesce(f.family_id, f.id) = coalesce(${contracts.familyId}, ${contracts.id})
  AND (f.status = 'cancelled' OR f.cancelled_at IS NOT NULL))`;

export function loadLookups(tx: Tx): Lookups {
  const imported = new Set(
    tx
      .select({ no: nationalRecords.registrationNo })
      .from(nationalRecords)
      .all()
      .map((r) => r.no),
  );
  const numbered = tx
    .select({
      id: contracts.id,
      status: contracts.status,
      registrationNo: contracts.registrationNo,
      elsewhereNo: contracts.elsewhereNo,
      elsewhereConfirmedAt: contracts.elsewhereConfirmedAt,
      supersededAt: contracts.supersededAt,
    })
    .from(contracts)
    .where(and(ne(contracts.status, "cancelled"), sql`(${contracts.registrationNo} IS NOT NULL OR ${contracts.elsewhereNo} IS NOT NULL)`, NOT_CANCELLED))
    .all();
  const byNumber = new Map<string, NumberedContract>();
  // The current version wins over a superseded one that carries the same number.
  numbered.sort((a, b) => Number(a.supersededAt === null) - Number(b.supersededAt === null));
  for (const c of numbered) {
    const entry = { id: c.id, status: c.status, elsewhereConfirmedAt: c.elsewhereConfirmedAt };
    for (const no of [c.registrationNo, c.elsewhereNo]) if (no) byNumber.set(no.toUpperCase(), entry);
  }
  const twins = tx
    .select({
      id: contracts.id,
      seller: contracts.sellerCreditCode,
      buyer: contracts.buyerCreditCode,
      signedOn: contracts.signedOn,
      value: contracts.contractValueFen,
    })
    .from(contracts)
    .where(and(isNull(contracts.supersededAt), inArray(contracts.status, ["submitted", "registered", "elsewhere"]), NOT_CANCELLED))
    .all();
  const byTwin = new Map<string, number>();
  for (const c of twins) byTwin.set(twinKey(c.seller, c.buyer, c.signedOn, c.value), c.id);
  return { imported, byNumber, byTwin };
}

export interface Classified {
  row: ValidRow;
  status: Exclude<NationalRecordStatus, "cancelled">;
  contractId: number | null;
  /** The matched contract is registered elsewhere and waits for confirmation. */
  confirms: boolean;
}

/** Splits the rows: already imported (left as they are), and the new ones with their status. */
export function classify(rows: ValidRow[], lookups: Lookups): { fresh: Classified[]; unchanged: number } {
  const fresh: Classified[] = [];
  let unchanged = 0;
  const confirming = new Set<number>();
  for (const row of rows) {
    if (lookups.imported.has(row.registrationNo)) {
      unchanged++;
      continue;
    }
    const numbered = lookups.byNumber.get(row.registrationNo);
    if (numbered) {
      const confirms = numbered.status === "elsewhere" && numbered.elsewhereConfirmedAt === null && !confirming.has(numbered.id);
      if (confirms) confirming.add(numbered.id);
      fresh.push({ row, status: "matched", contractId: numbered.id, confirms });
      continue;
    }
    const twin = lookups.byTwin.get(twinKey(row.sellerCreditCode, row.buyerCreditCode, row.signedOn, row.contractValue));
    fresh.push(
      twin === undefined
        ? { row, status: "off_platform", contractId: null, confirms: false }
        : { row, status: "to_confirm", contractId: twin, confirms: false },
    );
  }
  return { fresh, unchanged };
}
