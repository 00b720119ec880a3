import { asc, eq } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../../db/connection";
import { closedYearItems, closedYears, type ClosedYear } from "../../db/schema";
import { yearInShanghai } from "../i18n/format";
import type { Actor } from "./actor";
import { writeAudit } from "./audit.server";
import { bumpDataVersion } from "./data-versions.server";
import { computeContractIndicator, countedItems, type SeriesAmounts } from "./indicator.server";

// A statistical year is closed by the Bureau once it has ended: its figure in every series and
// both amounts, and the contracts behind it, are frozen as they stood. What happens to that
// year's contracts afterwards (an amendment, a cancellation, a late import or confirmation)
// never changes the closed figure; it shows beside it as a revision (see closed-year-revisions).

export type CloseYearResult =
  { ok: true; year: number; figures: SeriesAmounts; items: number } | { ok: false; error: "forbidden" | "not_ended" | "already_closed" };

/**
 * Closes `year`: freezes `computeContractIndicator(db, { year }).totals` and one item per counted
 * family (its counted version) or off-platform record, in one transaction. Admin only; a year is
 * closed once, and only after it has ended in Beijing time.
 */
export function closeYear(db: Db, actor: Actor | null, year: number, requestId: string | null = null, now: Date = new Date()): CloseYearResult {
  return writeTx(db, (tx): CloseYearResult => {
    if (actor?.role !== "admin") {
      writeAudit(tx, { actor, action: "denied:close_year", entity: "closed_year", entityId: year, requestId });
      return { ok: false, error: "forbidden" };
    }
    if (!Number.isInteger(year) || year >= yearInShanghai(now)) return { ok: false, error: "not_ended" };
    if (tx.select({ year: closedYears.year }).from(closedYears).where(eq(closedYears.year, year)).get()) return { ok: false, error: "already_closed" };
    const { closed, figures, items } = freezeYear(db, tx, actor, year, now);
    writeAudit(tx, { actor, action: "close_year", entity: "closed_year", entityId: year, after: { ...closed, items }, requestId });
    bumpDataVersion(tx, "contracts");
    return { ok: true, year, figures, items };
  });
}

/**
 * Writes the closed year and its items inside the caller's transaction, as closeYear does once
 * its checks have passed: the caller checks, audits and bumps the figures' version.
 */
export function freezeYear(db: Db, tx: Tx, actor: Actor, year: number, now: Date): { closed: ClosedYear; figures: SeriesAmounts; items: number } {
  // The reads run on the same connection, inside this transaction: what is frozen is what commits.
  const figures = computeContractIndicator(db, { year }).totals;
  const items = countedItems(db, year);
  const closed = tx.insert(closedYears).values({ year, figures, closedBy: actor.id, closedAt: now.toISOString() }).returning().get();
  for (const it of items) {
    tx.insert(closedYearItems)
      .values({
        year,
        contractId: it.source === "contract" ? it.id : null,
        nationalRecordId: it.source === "national" ? it.id : null,
        registrationNo: it.registrationNo,
        contractValueFen: it.contractValueFen,
        techValueFen: it.techValueFen,
        sellerDivision: it.sellerDivision,
        buyerDivision: it.buyerDivision,
      })
      .run();
  }
  return { closed, figures, items: items.length };
}

/** Records a refused attempt to close a year that never reached the service's checks (the page answers it as missing). */
export function refuseCloseYear(db: Db, actor: Actor | null, year: string, requestId: string | null = null): void {
  writeTx(db, (tx) => writeAudit(tx, { actor, action: "denied:close_year", entity: "closed_year", entityId: year.slice(0, 10), requestId }));
}

/** The closed year's row, or null while it is open. */
export function closedYear(db: Db, year: number): ClosedYear | null {
  return db.select().from(closedYears).where(eq(closedYears.year, year)).get() ?? null;
}

/** Every closed year, oldest first. */
export function closedYearList(db: Db): ClosedYear[] {
  return db.select().from(closedYears).orderBy(asc(closedYears.year)).all();
}

export interface YearFigures {
  year: number;
  /** As frozen when the year was closed; null while it is open. */
  closed: { figures: SeriesAmounts; closedAt: string; closedBy: number } | null;
  /** What counts now: for a closed year, the revised figure. */
  current: SeriesAmounts;
}

/** A year's closed figures (or null) beside its current ones. */
export function yearFigures(db: Db, year: number): YearFigures {
  const row = closedYear(db, year);
  return {
    year,
    closed: row ? { figures: row.figures as SeriesAmounts, closedAt: row.closedAt, closedBy: row.closedBy } : null,
    current: computeContractIndicator(db, { year }).totals,
  };
}

/** Whether `year` may be closed at `now`: it has ended and is not closed yet. */
export function closableYear(db: Db, year: number, now: Date = new Date()): boolean {
  return year < yearInShanghai(now) && closedYear(db, year) === null;
}
