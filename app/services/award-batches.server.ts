import { cachedWhileUnchanged } from "./data-versions.server";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../../db/connection";
import { awardBatches, awardBatchLines, type AwardBatch, type AwardBatchLine, type AwardKind, type LedgerKind } from "../../db/schema";
import type { ComputeBatchInput } from "../schemas/awards";
import type { Actor } from "./actor";
import { writeAudit } from "./audit.server";
import { entitlements, rewardEntitlements, type Entitlement } from "./award-compute.server";
import { appendLedgerEntry } from "./ledger.server";

// Subsidy and broker-reward batches. Computing writes a draft (replacing the kind's previous
// draft); approving freezes it and writes one ledger entry per line in the same transaction
// (a negative line as a recovery); paying marks the whole approved batch paid. Triggers in
// the migration refuse any other change to an approved batch or its lines, so a rule edited,
// an amendment registered or a refund recorded later never rewrites what was approved.

export type { AwardBatch, AwardBatchLine };

export type BatchError = "forbidden" | "not_found" | "conflict" | "period_before_last";
export type BatchResult = { ok: true; id: number } | { ok: false; error: BatchError };

function refuse(tx: Tx, actor: Actor, action: string, entityId: number | string, requestId: string | null): BatchResult {
  writeAudit(tx, { actor, action: `denied:${action}`, entity: "award_batch", entityId, requestId });
  return { ok: false, error: "forbidden" };
}

/** Records a refused attempt made before any form is read (a non-admin posting to a batch page). */
export function refuseBatchChange(db: Db, actor: Actor | null, requestId: string | null = null): void {
  writeTx(db, (tx) => writeAudit(tx, { actor, action: "denied:update", entity: "award_batch", entityId: "any", requestId }));
}

/** What approved batches have awarded so far, per beneficiary and contract family. */
function awardedSoFar(tx: Tx, kind: AwardKind): Map<string, { amountFen: number; last: AwardBatchLine }> {
  const rows = tx
    .select({ line: awardBatchLines })
    .from(awardBatchLines)
    .innerJoin(awardBatches, eq(awardBatches.id, awardBatchLines.batchId))
    .where(and(eq(awardBatchLines.kind, kind), eq(awardBatches.status, "approved")))
    .orderBy(asc(awardBatchLines.id))
    .all();
  const out = new Map<string, { amountFen: number; last: AwardBatchLine }>();
  for (const { line } of rows) {
    const key = `${line.beneficiaryKey}|${line.contractId}`;
    out.set(key, { amountFen: (out.get(key)?.amountFen ?? 0) + line.amountFen, last: line });
  }
  return out;
}

type NewLine = Omit<AwardBatchLine, "id" | "batchId">;

/** Entitlement less what was awarded; a family awarded before and no longer entitled gets its award back as a negative line. */
function linesFor(kind: AwardKind, due: Entitlement[], awarded: Map<string, { amountFen: number; last: AwardBatchLine }>): NewLine[] {
  const lines: NewLine[] = [];
  const seen = new Set<string>();
  for (const e of due) {
    const key = `${e.beneficiaryKey}|${e.familyId}`;
    seen.add(key);
    const before = awarded.get(key)?.amountFen ?? 0;
    if (e.entitledFen === before) continue;
    const { familyId, signedOn: _signedOn, ...rest } = e;
    lines.push({ ...rest, kind, contractId: familyId, awardedBeforeFen: before, amountFen: e.entitledFen - before });
  }
  for (const [key, { amountFen, last }] of awarded) {
    if (seen.has(key) || amountFen === 0) continue;
    const { id: _id, batchId: _batchId, ...rest } = last;
    lines.push({ ...rest, baseFen: 0, capApplied: false, entitledFen: 0, awardedBeforeFen: amountFen, amountFen: -amountFen });
  }
  return lines;
}

function latestApprovedEnd(tx: Tx, kind: AwardKind): string | null {
  const row = tx
    .select({ end: sql<string | null>`max(${awardBatches.periodEnd})` })
    .from(awardBatches)
    .where(and(eq(awardBatches.kind, kind), eq(awardBatches.status, "approved")))
    .get();
  return row?.end ?? null;
}

function discardDraft(tx: Tx, actor: Actor, kind: AwardKind, requestId: string | null): void {
  const draft = tx
    .select()
    .from(awardBatches)
    .where(and(eq(awardBatches.kind, kind), eq(awardBatches.status, "draft")))
    .get();
  if (!draft) return;
  tx.delete(awardBatchLines).where(eq(awardBatchLines.batchId, draft.id)).run();
  tx.delete(awardBatches).where(eq(awardBatches.id, draft.id)).run();
  writeAudit(tx, { actor, action: "discard", entity: "award_batch", entityId: draft.id, before: draft, requestId });
}

/**
 * Computes a draft batch for a period: every line whose cumulative entitlement up to the
 * period's end differs from what approved batches gave. The kind's earlier draft is replaced.
 */
export function computeBatch(db: Db, actor: Actor, input: ComputeBatchInput, requestId: string | null = null, now = new Date()): BatchResult {
  return writeTx(db, (tx): BatchResult => {
    if (actor.role !== "admin") return refuse(tx, actor, "compute", "new", requestId);
    const last = latestApprovedEnd(tx, input.kind);
    if (last !== null && input.periodEnd < last) return { ok: false, error: "period_before_last" };
    discardDraft(tx, actor, input.kind, requestId);
    const lines = linesFor(input.kind, entitlements(db, input.kind, input.periodEnd), awardedSoFar(tx, input.kind));
    const batch = tx
      .insert(awardBatches)
      .values({
        kind: input.kind,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        lineCount: lines.length,
        totalFen: lines.reduce((s, l) => s + l.amountFen, 0),
        computedBy: actor.id,
        computedAt: now.toISOString(),
      })
      .returning()
      .get();
    for (const l of lines)
      tx.insert(awardBatchLines)
        .values({ ...l, batchId: batch.id })
        .run();
    writeAudit(tx, { actor, action: "compute", entity: "award_batch", entityId: batch.id, after: batch, requestId });
    return { ok: true, id: batch.id };
  });
}

/** The ledger kind of a negative line: money the beneficiary owes back. */
const RECOVERY = { subsidy: "subsidy_recovery", reward: "reward_recovery" } as const satisfies Record<AwardKind, LedgerKind>;

/**
 * Approves a draft: the batch and its lines are frozen from here on, and each line becomes a
 * ledger entry (source "batch", the line id as its reference): a positive line a subsidy or
 * reward, a negative line (a refund after an earlier approval) a subsidy_recovery or
 * reward_recovery of its amount. So a beneficiary's awards less recoveries in the ledger
 * always equal the sum of its approved lines.
 */
export function approveBatch(db: Db, actor: Actor, id: number, requestId: string | null = null, now = new Date()): BatchResult {
  return writeTx(db, (tx): BatchResult => {
    if (actor.role !== "admin") return refuse(tx, actor, "approve", id, requestId);
    const before = tx.select().from(awardBatches).where(eq(awardBatches.id, id)).get();
    if (!before) return { ok: false, error: "not_found" };
    if (before.status !== "draft") return { ok: false, error: "conflict" };
    const at = now.toISOString();
    for (const l of tx.select().from(awardBatchLines).where(eq(awardBatchLines.batchId, id)).all()) {
      if (l.amountFen === 0) continue;
      appendLedgerEntry(tx, {
        kind: l.amountFen > 0 ? l.kind : RECOVERY[l.kind],
        contractId: l.contractId,
        amountFen: Math.abs(l.amountFen),
        source: "batch",
        sourceRef: String(l.id),
        beneficiaryOrgId: l.beneficiaryOrgId,
        beneficiaryUserId: l.brokerUserId,
        effectiveAt: at,
        createdBy: actor.id,
      });
    }
    const after = tx.update(awardBatches).set({ status: "approved", approvedBy: actor.id, approvedAt: at }).where(eq(awardBatches.id, id)).returning().get();
    writeAudit(tx, { actor, action: "approve", entity: "award_batch", entityId: id, before, after, requestId });
    return { ok: true, id };
  });
}

/** Marks a whole approved batch paid, once: the Bureau pays a batch as one disbursement. */
export function markBatchPaid(db: Db, actor: Actor, id: number, requestId: string | null = null, now = new Date()): BatchResult {
  return writeTx(db, (tx): BatchResult => {
    if (actor.role !== "admin") return refuse(tx, actor, "pay", id, requestId);
    const before = tx.select().from(awardBatches).where(eq(awardBatches.id, id)).get();
    if (!before) return { ok: false, error: "not_found" };
    if (before.status !== "approved" || before.paidAt !== null) return { ok: false, error: "conflict" };
    const after = tx.update(awardBatches).set({ paidBy: actor.id, paidAt: now.toISOString() }).where(eq(awardBatches.id, id)).returning().get();
    writeAudit(tx, { actor, action: "pay", entity: "award_batch", entityId: id, before, after, requestId });
    return { ok: true, id };
  });
}

export function listBatches(db: Db, kind: AwardKind): AwardBatch[] {
  return db.select().from(awardBatches).where(eq(awardBatches.kind, kind)).orderBy(desc(awardBatches.id)).all();
}

export function getBatch(db: Db, id: number): { batch: AwardBatch; lines: AwardBatchLine[] } | null {
  const batch = db.select().from(awardBatches).where(eq(awardBatches.id, id)).get();
  if (!batch) return null;
  const lines = db.select().from(awardBatchLines).where(eq(awardBatchLines.batchId, id)).orderBy(asc(awardBatchLines.id)).all();
  return { batch, lines };
}

export interface BrokerAwardFigures {
  /** In approved batches. */
  awardedFen: number;
  /** In approved batches the Bureau has marked paid. */
  paidFen: number;
  /** What a batch computed today would add (negative when a refund takes some back). */
  pendingFen: number;
}

/** The broker workbench's figures: awarded, paid, and pending up to today (a Beijing date). */
export function brokerAwardFigures(db: Db, brokerUserId: number, today: string): BrokerAwardFigures {
  return cachedWhileUnchanged(db, `broker-award-figures:${brokerUserId}:${today}`, () => computeBrokerAwardFigures(db, brokerUserId, today));
}

function computeBrokerAwardFigures(db: Db, brokerUserId: number, today: string): BrokerAwardFigures {
  const row = db
    .select({
      awarded: sql<number>`coalesce(sum(${awardBatchLines.amountFen}), 0)`,
      paid: sql<number>`coalesce(sum(CASE WHEN ${awardBatches.paidAt} IS NOT NULL THEN ${awardBatchLines.amountFen} ELSE 0 END), 0)`,
    })
    .from(awardBatchLines)
    .innerJoin(awardBatches, eq(awardBatches.id, awardBatchLines.batchId))
    .where(and(eq(awardBatchLines.kind, "reward"), eq(awardBatchLines.brokerUserId, brokerUserId), eq(awardBatches.status, "approved")))
    .get();
  const awardedFen = row?.awarded ?? 0;
  const entitled = rewardEntitlements(db, today, brokerUserId).reduce((s, e) => s + e.entitledFen, 0);
  return { awardedFen, paidFen: row?.paid ?? 0, pendingFen: entitled - awardedFen };
}

/** The period a new batch proposes: from the day after the last approved one (or 1 January) to today. */
export function nextPeriod(db: Db, kind: AwardKind, today: string): { periodStart: string; periodEnd: string } {
  const last = db
    .select({ end: sql<string | null>`max(${awardBatches.periodEnd})` })
    .from(awardBatches)
    .where(and(eq(awardBatches.kind, kind), eq(awardBatches.status, "approved")))
    .get()?.end;
  if (!last || last >= today) return { periodStart: last && last >= today ? today : `${today.slice(0, 4)}-01-01`, periodEnd: today };
  const next = new Date(Date.parse(`${last}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { periodStart: next, periodEnd: today };
}
