import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db, Tx } from "../../db/connection";
import { contractFlags, type ContractFlag } from "../../db/schema";
import type { ContractFlagKind } from "../codes";

// Padding checks before a contract counts (see the registration rules): raised at filing, at
// registration and at import, once per subject and kind; a cleared flag is never raised again.

/** The open flags of a platform contract (version), oldest first. */
export function openContractFlags(db: Db | Tx, contractId: number): ContractFlag[] {
  return db
    .select()
    .from(contractFlags)
    .where(and(eq(contractFlags.contractId, contractId), isNull(contractFlags.clearedAt)))
    .orderBy(asc(contractFlags.id))
    .all();
}

/** The open flags of an imported national record, oldest first. */
export function openRecordFlags(db: Db | Tx, nationalRecordId: number): ContractFlag[] {
  return db
    .select()
    .from(contractFlags)
    .where(and(eq(contractFlags.nationalRecordId, nationalRecordId), isNull(contractFlags.clearedAt)))
    .orderBy(asc(contractFlags.id))
    .all();
}

/** What the checks found on one subject: the kind and the facts the registrar needs to judge it. */
export interface FoundFlag {
  kind: ContractFlagKind;
  detail: Record<string, unknown>;
}

/* The checks themselves. */
function detectContractFlags(_tx: Tx, _contractId: number, _stage: "filing" | "registration", _now: Date): FoundFlag[] {
  return [];
}

function detectRecordFlags(_tx: Tx, _nationalRecordId: number, _now: Date): FoundFlag[] {
  return [];
}

function raise(
  tx: Tx,
  subject: { contractId: number } | { nationalRecordId: number },
  stage: "filing" | "registration" | "import",
  found: FoundFlag[],
  now: Date,
) {
  for (const f of found) {
    tx.insert(contractFlags)
      .values({ ...subject, kind: f.kind, stage, detail: f.detail, raisedAt: now.toISOString() })
      .onConflictDoNothing()
      .run();
  }
}

/** Runs the checks on a platform contract at filing or registration; returns its open flags. */
export function evaluateContractFlags(tx: Tx, contractId: number, stage: "filing" | "registration", now: Date): ContractFlag[] {
  raise(tx, { contractId }, stage, detectContractFlags(tx, contractId, stage, now), now);
  return openContractFlags(tx, contractId);
}

/** Runs the checks on an imported national record; returns its open flags. */
export function evaluateRecordFlags(tx: Tx, nationalRecordId: number, now: Date): ContractFlag[] {
  raise(tx, { nationalRecordId }, "import", detectRecordFlags(tx, nationalRecordId, now), now);
  return openRecordFlags(tx, nationalRecordId);
}
