// The Bureau's closed statistical year: the story's 2025, closed in office hours once every
// change that touches it had happened (the last amendment of a 2025 family, the confirmations
// of registrations elsewhere, the national system's November export), and revised afterwards:
// a county point's 2025 record reaches a second import late, and one 2025 registration is
// cancelled (撤销登记). Seeded on a day with no room for all of that before it, the year stays
// open. Every step leaves the audit event the services would have written.
// Run by seedMarketActivity once the contracts and the national records exist.

import { createHash } from "node:crypto";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { closedYear, freezeYear } from "../../app/services/closed-years.server";
import type { Actor } from "../../app/services/actor";
import { writeTx, type Db, type Tx } from "../connection";
import { auditEvents, contracts, nationalImports, nationalRecords, users, type User } from "../schema";
import { partyOf, XIAOYI } from "./desk-records";
import { addDays, beijingYear, iso, setStoryClock, storyDate, storyYear } from "./timeline";

/** The closed year of the story. */
export const CLOSED_STORY_YEAR = 2025;

/** Registered at a county point in November 2025; its upload reached the national system after the year was closed. */
const LATE_RECORD = {
  title: "镁合金压铸件表面微弧氧化处理技术服务",
  type: "SRV" as const,
  field: "C06",
  seller: "dongxin-almg",
  buyer: { name: "山西晋中瑞达汽车零部件有限公司", division: "140702" },
  yuan: 368_000,
  techYuan: 331_000,
  signed: "2025-11-03",
  registered: "2025-11-27",
  serial: 9,
};

/** The 2025 registration the desk cancels after closing. */
export const CANCELLED_TITLE = "矿山机械远程运维平台软件著作权许可";
const CANCEL_REASON = "经核查，许可方提交的软件著作权登记证书所载著作权人与许可方不一致，该合同不符合技术合同认定条件，依买方申请撤销登记。";

const FEN_PER_YUAN = 100;

export interface ClosedYearSeed {
  year: number;
  closedAt: string;
  /** When each revision was made, in order: the late import, the cancellation. */
  revisedAt: string[];
}

/**
 * The latest moment anything the closed figure of `year` takes in happened: a registration,
 * confirmation, supersession or cancellation in one of the year's families, or an import or
 * ruling of one of its national records.
 */
export function lastChangeOfYear(tx: Db | Tx, year: number): string | null {
  const families = sql`SELECT family_id FROM contracts WHERE registration_year = ${year}`;
  const row = tx.get<{ at: string | null }>(sql`SELECT MAX(t) AS at FROM (
      SELECT registered_at AS t FROM contracts WHERE family_id IN (${families})
      UNION ALL SELECT elsewhere_confirmed_at FROM contracts WHERE family_id IN (${families})
      UNION ALL SELECT superseded_at FROM contracts WHERE family_id IN (${families})
      UNION ALL SELECT cancelled_at FROM contracts WHERE family_id IN (${families})
      UNION ALL SELECT created_at FROM national_records WHERE registration_year = ${year}
      UNION ALL SELECT decided_at FROM national_records WHERE registration_year = ${year}
      UNION ALL SELECT cancelled_at FROM national_records WHERE registration_year = ${year})`);
  return row?.at ?? null;
}

/** The first working day (Monday to Friday, in Beijing) on or after `from`'s Beijing date, at hh:mm UTC (office hours when 01-09). */
function workday(from: Date, hour: number, minute: number): Date {
  const local = new Date(from.getTime() + 8 * 3_600_000);
  let d = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hour, minute));
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d = addDays(d, 1);
  return d;
}

type Audit = (entity: string, action: string, id: number | string, at: Date, before: unknown, after: unknown) => void;

/**
 * Closes the story's 2025 the working day after the last change it takes in, then makes its
 * revisions; returns what it did, or null when the run day leaves no room for it (or the
 * year is closed already).
 */
export function seedClosedYear(db: Db, now: Date): ClosedYearSeed | null {
  setStoryClock(now);
  const year = storyYear(CLOSED_STORY_YEAR);
  const latest = new Date(now.getTime() - 3_600_000);
  return writeTx(db, (tx): ClosedYearSeed | null => {
    const admin = tx.select().from(users).where(eq(users.role, "admin")).orderBy(asc(users.id)).get();
    if (!admin) throw new Error("seedClosedYear needs an admin to close the year: seed the accounts first");
    if (closedYear(db, year)) return null;
    const last = lastChangeOfYear(tx, year);
    if (!last) return null;
    const closedAt = workday(addDays(new Date(last), 1), 3, 10);
    const importedAt = workday(addDays(closedAt, 2), 2, 20);
    const cancelledAt = workday(addDays(importedAt, 1), 6, 40);
    if (beijingYear(closedAt) <= year || cancelledAt > latest) return null;

    const audit: Audit = (entity, action, id, at, before, after) =>
      tx
        .insert(auditEvents)
        .values({
          actorUserId: admin.id,
          actorRole: admin.role,
          actorOrgId: admin.orgId,
          action,
          entity,
          entityId: String(id),
          before,
          after,
          createdAt: iso(at),
        })
        .run();
    const actor: Actor = { id: admin.id, role: admin.role, orgId: admin.orgId, orgVerified: true };
    const { closed, items } = freezeYear(db, tx, actor, year, closedAt);
    audit("closed_year", "close_year", year, closedAt, null, { ...closed, items });

    const revisedAt = [importLate(tx, admin, importedAt, audit), cancelOne(tx, admin, cancelledAt, audit)].filter((d): d is Date => d !== null);
    return { year, closedAt: iso(closedAt), revisedAt: revisedAt.map(iso) };
  });
}

/** A second import from the national system, carrying one 2025 record off the platform. */
function importLate(tx: Tx, admin: User, at: Date, audit: Audit): Date | null {
  const registered = storyDate(LATE_RECORD.registered);
  const registrationNo = `${registered.slice(0, 4)}${XIAOYI.code}${String(LATE_RECORD.serial).padStart(6, "0")}`;
  if (tx.select({ id: nationalRecords.id }).from(nationalRecords).where(eq(nationalRecords.registrationNo, registrationNo)).get()) return null;
  const seller = partyOf(LATE_RECORD.seller);
  const buyer = partyOf(LATE_RECORD.buyer);
  const row = {
    registrationNo,
    title: LATE_RECORD.title,
    type: LATE_RECORD.type,
    contractFieldCode: LATE_RECORD.field,
    sellerName: seller.name,
    sellerCreditCode: seller.code,
    sellerDivision: seller.division,
    buyerName: buyer.name,
    buyerCreditCode: buyer.code,
    buyerDivision: buyer.division,
    contractValueFen: LATE_RECORD.yuan * FEN_PER_YUAN,
    techValueFen: LATE_RECORD.techYuan * FEN_PER_YUAN,
    signedOn: storyDate(LATE_RECORD.signed),
    registeredOn: registered,
    registrationYear: Number(registered.slice(0, 4)),
    office: XIAOYI.name,
    status: "off_platform" as const,
  };
  const batch = tx
    .insert(nationalImports)
    .values({
      fileName: `全国技术合同管理与服务系统_合同登记导出_${iso(at).slice(0, 10)}.xlsx`,
      sha256: createHash("sha256")
        .update(JSON.stringify([row]))
        .digest("hex"),
      rows: 1,
      imported: 1,
      matched: 0,
      toConfirm: 0,
      importedBy: admin.id,
      createdAt: iso(at),
    })
    .returning()
    .get();
  audit("national_import", "import", batch.id, at, null, batch);
  const rec = tx
    .insert(nationalRecords)
    .values({ ...row, importId: batch.id, rowNo: 2, createdAt: iso(at) })
    .returning()
    .get();
  audit("national_record", "import", rec.id, at, null, rec);
  return at;
}

/** 撤销登记 of one 2025 registration, on its counted version. */
function cancelOne(tx: Tx, admin: User, at: Date, audit: Audit): Date | null {
  const root = tx
    .select()
    .from(contracts)
    .where(and(eq(contracts.title, CANCELLED_TITLE), isNull(contracts.amendsId)))
    .get();
  if (!root) return null;
  const counted = tx
    .select()
    .from(contracts)
    .where(and(eq(contracts.familyId, root.familyId ?? root.id), isNull(contracts.supersededAt), eq(contracts.status, "registered")))
    .get();
  if (!counted?.registeredAt || counted.registeredAt >= iso(at)) return null;
  const after = tx
    .update(contracts)
    .set({ status: "cancelled", cancelledAt: iso(at), cancelledBy: admin.id, cancelReason: CANCEL_REASON, updatedAt: iso(at) })
    .where(eq(contracts.id, counted.id))
    .returning()
    .get();
  audit("contract", "cancel", counted.id, at, counted, { ...after, documentId: null });
  return at;
}
