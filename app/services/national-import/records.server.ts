import { and, count, desc, eq, inArray, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { writeTx, type Db } from "../../../db/connection";
import { contracts, nationalImports, nationalRecords, techFields, users } from "../../../db/schema";
import { nationalRecordCancelSchema, type NationalRecordFilter } from "../../schemas/national-record-list";
import type { Actor } from "../actor";
import { listAuditForRecord, writeAudit } from "../audit.server";
import { bumpDataVersion } from "../data-versions.server";

// The records imported from the national system as the registrar sees them: a list to filter
// and page through, one record with where it came from, and 撤销登记 of a record that counts
// (or may count) on its own. A matched record is the platform contract it names: it is
// cancelled through that contract.

export const NATIONAL_RECORDS_PAGE_SIZE = 50;

/** Statuses a record may be cancelled from here. */
const CANCELLABLE = ["off_platform", "to_confirm"] as const;

/** Open padding flags of the record, as a column. */
const openFlagCount = sql<number>`(SELECT count(*) FROM contract_flags f WHERE f.national_record_id = "national_records"."id" AND f.cleared_at IS NULL)`;

/** `%` and `_` typed in the query are matched as themselves. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function filterWhere(filter: NationalRecordFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(nationalRecords.status, filter.status));
  if (filter.year !== undefined) conditions.push(eq(nationalRecords.registrationYear, filter.year));
  if (filter.q) {
    const pattern = likePattern(filter.q);
    const like = (column: AnyColumn) => sql`${column} LIKE ${pattern} ESCAPE '\\'`;
    conditions.push(or(like(nationalRecords.registrationNo), like(nationalRecords.title), like(nationalRecords.sellerName), like(nationalRecords.buyerName))!);
  }
  return conditions.length > 0 ? and(...conditions) : undefined;
}

/** One page of records, newest registration first, with the total and the years there are records for. */
export function listNationalRecords(db: Db, filter: NationalRecordFilter) {
  const where = filterWhere(filter);
  const total = db.select({ n: count() }).from(nationalRecords).where(where).get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / NATIONAL_RECORDS_PAGE_SIZE));
  const page = Math.min(filter.page, pages);
  const rows = db
    .select({
      id: nationalRecords.id,
      registrationNo: nationalRecords.registrationNo,
      title: nationalRecords.title,
      sellerName: nationalRecords.sellerName,
      sellerDivision: nationalRecords.sellerDivision,
      buyerName: nationalRecords.buyerName,
      buyerDivision: nationalRecords.buyerDivision,
      contractValueFen: nationalRecords.contractValueFen,
      techValueFen: nationalRecords.techValueFen,
      registeredOn: nationalRecords.registeredOn,
      office: nationalRecords.office,
      status: nationalRecords.status,
      contractId: nationalRecords.contractId,
      openFlags: openFlagCount,
    })
    .from(nationalRecords)
    .where(where)
    .orderBy(desc(nationalRecords.registeredOn), desc(nationalRecords.id))
    .limit(NATIONAL_RECORDS_PAGE_SIZE)
    .offset((page - 1) * NATIONAL_RECORDS_PAGE_SIZE)
    .all();
  const years = db
    .selectDistinct({ year: nationalRecords.registrationYear })
    .from(nationalRecords)
    .orderBy(desc(nationalRecords.registrationYear))
    .all()
    .map((r) => r.year);
  return { rows, total, page, pages, years };
}

export type NationalRecordRow = ReturnType<typeof listNationalRecords>["rows"][number];

const importer = alias(users, "importer");
const decider = alias(users, "decider");

/** One record with its 技术领域, the import it came from, who ruled on it, its platform contract and its history; null when there is none. */
export function nationalRecordView(db: Db, id: number) {
  const found = db
    .select({
      record: nationalRecords,
      fieldZh: techFields.nameZh,
      fieldEn: techFields.nameEn,
      importFile: nationalImports.fileName,
      importedAt: nationalImports.createdAt,
      importedByName: importer.name,
      decidedByName: decider.name,
      contract: { id: contracts.id, title: contracts.title, status: contracts.status, registrationNo: contracts.registrationNo },
    })
    .from(nationalRecords)
    .innerJoin(nationalImports, eq(nationalImports.id, nationalRecords.importId))
    .leftJoin(techFields, eq(techFields.code, nationalRecords.contractFieldCode))
    .leftJoin(importer, eq(importer.id, nationalImports.importedBy))
    .leftJoin(decider, eq(decider.id, nationalRecords.decidedBy))
    .leftJoin(contracts, eq(contracts.id, nationalRecords.contractId))
    .where(eq(nationalRecords.id, id))
    .get();
  if (!found) return null;
  const { record, contract, ...rest } = found;
  const history = listAuditForRecord(db, "national_record", id).map(({ id: eventId, action, actorName, actorRole, createdAt }) => ({
    id: eventId,
    action,
    actorName,
    actorRole,
    createdAt,
  }));
  return {
    ...rest,
    record,
    contract: contract?.id ? contract : null,
    canCancel: (CANCELLABLE as readonly string[]).includes(record.status),
    history,
  };
}

export type NationalRecordView = NonNullable<ReturnType<typeof nationalRecordView>>;

export type CancelRecordResult = { ok: true } | { ok: false; error: "forbidden" | "not_found" | "not_cancellable" | "invalid_reason"; status?: string };

/**
 * 撤销登记 of an imported record that is off the platform or waits for a ruling: it leaves every
 * figure (a closed year keeps its figure and shows the removal as a revision). Registrar only;
 * anyone else is refused and audited. A matched record is cancelled through its platform contract.
 */
export function cancelNationalRecord(
  db: Db,
  actor: Actor,
  recordId: number,
  input: { reason: string },
  requestId: string | null = null,
  now: Date = new Date(),
): CancelRecordResult {
  return writeTx(db, (tx): CancelRecordResult => {
    if (actor.role !== "admin") {
      writeAudit(tx, { actor, action: "denied:cancel", entity: "national_record", entityId: recordId, requestId });
      return { ok: false, error: "forbidden" };
    }
    const parsed = nationalRecordCancelSchema.shape.reason.safeParse(input.reason);
    if (!parsed.success) return { ok: false, error: "invalid_reason" };
    const before = tx.select().from(nationalRecords).where(eq(nationalRecords.id, recordId)).get();
    if (!before) return { ok: false, error: "not_found" };
    if (!(CANCELLABLE as readonly string[]).includes(before.status)) {
      writeAudit(tx, { actor, action: "denied:cancel", entity: "national_record", entityId: recordId, after: { status: before.status }, requestId });
      return { ok: false, error: "not_cancellable", status: before.status };
    }
    const at = now.toISOString();
    tx.update(nationalRecords)
      .set({ status: "cancelled", cancelledAt: at, cancelReason: parsed.data })
      .where(and(eq(nationalRecords.id, recordId), inArray(nationalRecords.status, [...CANCELLABLE])))
      .run();
    writeAudit(tx, {
      actor,
      action: "cancel",
      entity: "national_record",
      entityId: recordId,
      before: { status: before.status, cancelledAt: before.cancelledAt, cancelReason: before.cancelReason },
      after: { status: "cancelled", cancelledAt: at, cancelReason: parsed.data },
      requestId,
    });
    bumpDataVersion(tx, "contracts");
    return { ok: true };
  });
}
