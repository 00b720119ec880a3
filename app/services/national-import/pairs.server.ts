import { and, asc, count, eq } from "drizzle-orm";
import { writeTx, type Db } from "../../../db/connection";
import { contracts, nationalRecords } from "../../../db/schema";
import type { Actor } from "../actor";
import { writeAudit } from "../audit.server";
import { bumpDataVersion } from "../data-versions.server";
import { confirmElsewhere } from "../contract-registrar.server";

// A record from the national system with the same parties, signing date and 成交额 as a platform
// contract waits for the registrar: "the same contract" makes it matched (counted once, through
// the platform contract, which is confirmed if it was registered elsewhere); "different
// contracts" makes it off the platform, and it counts.

export type PairDecision = "same" | "different";

export function listPairs(db: Db) {
  return db
    .select({
      id: nationalRecords.id,
      registrationNo: nationalRecords.registrationNo,
      title: nationalRecords.title,
      sellerName: nationalRecords.sellerName,
      buyerName: nationalRecords.buyerName,
      signedOn: nationalRecords.signedOn,
      registeredOn: nationalRecords.registeredOn,
      contractValueFen: nationalRecords.contractValueFen,
      techValueFen: nationalRecords.techValueFen,
      office: nationalRecords.office,
      contract: {
        id: contracts.id,
        title: contracts.title,
        sellerName: contracts.sellerName,
        buyerName: contracts.buyerName,
        signedOn: contracts.signedOn,
        contractValueFen: contracts.contractValueFen,
        techValueFen: contracts.techValueFen,
        status: contracts.status,
        registrationNo: contracts.registrationNo,
      },
    })
    .from(nationalRecords)
    .innerJoin(contracts, eq(contracts.id, nationalRecords.contractId))
    .where(eq(nationalRecords.status, "to_confirm"))
    .orderBy(asc(nationalRecords.id))
    .all();
}

export type PairResult = { ok: true } | { ok: false; error: "forbidden" | "not_found" | "decided" };

/** Records a refused decision (someone not the registrar tried it). */
export function refusePairDecision(db: Db, actor: Actor | null, recordId: number | string, requestId: string | null): void {
  writeTx(db, (tx) => writeAudit(tx, { actor, action: "denied:decide_pair", entity: "national_record", entityId: recordId, requestId }));
}

export function decidePair(
  db: Db,
  actor: Actor,
  recordId: number,
  decision: PairDecision,
  requestId: string | null = null,
  now: Date = new Date(),
): PairResult {
  if (actor.role !== "admin") {
    refusePairDecision(db, actor, recordId, requestId);
    return { ok: false, error: "forbidden" };
  }
  return writeTx(db, (tx): PairResult => {
    const record = tx.select().from(nationalRecords).where(eq(nationalRecords.id, recordId)).get();
    if (!record) return { ok: false, error: "not_found" };
    if (record.status !== "to_confirm") {
      writeAudit(tx, { actor, action: "denied:decide_pair", entity: "national_record", entityId: recordId, after: { status: record.status }, requestId });
      return { ok: false, error: "decided" };
    }
    const status = decision === "same" ? "matched" : "off_platform";
    const at = now.toISOString();
    tx.update(nationalRecords)
      .set({ status, decidedBy: actor.id, decidedAt: at })
      .where(and(eq(nationalRecords.id, recordId), eq(nationalRecords.status, "to_confirm")))
      .run();
    writeAudit(tx, {
      actor,
      action: `decide_pair:${decision}`,
      entity: "national_record",
      entityId: recordId,
      before: { status: record.status, contractId: record.contractId },
      after: { status, decidedBy: actor.id, decidedAt: at },
      requestId,
    });
    // Ruled the same contract: a registration elsewhere it names is confirmed by it (a no-op for any other status).
    if (decision === "same" && record.contractId !== null) confirmElsewhere(tx, record.contractId, { userId: actor.id, nationalRecordId: record.id }, now);
    bumpDataVersion(tx, "contracts");
    return { ok: true };
  });
}

/** How many records wait for the registrar's decision. */
export function countPairs(db: Db): number {
  return db.select({ n: count() }).from(nationalRecords).where(eq(nationalRecords.status, "to_confirm")).get()?.n ?? 0;
}
