import { and, asc, eq, isNull } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../../db/connection";
import { contractFlags, policySettings, users, type ContractFlag } from "../../db/schema";
import type { FlagStage } from "../codes";
import { clearFlagSchema, registrationChecksSchema, type RegistrationChecks } from "../schemas/padding-flags";
import type { Actor } from "./actor";
import { writeAudit } from "./audit.server";
import { bumpDataVersion } from "./data-versions.server";
import { detectContractFlags, detectRecordFlags, REGISTRATION_CHECKS_KEY, type FoundFlag } from "./padding-checks.server";

// Padding checks before a contract counts (see the registration rules): raised at filing, at
// registration and at import, once per subject and kind; a cleared flag is never raised again.

export { registrationChecks, REGISTRATION_CHECKS_KEY, DEFAULT_REGISTRATION_CHECKS, type FoundFlag } from "./padding-checks.server";

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

/** Stores what was found; a kind the subject already has, open or cleared, is left as it is. */
function raise(tx: Tx, subject: { contractId: number } | { nationalRecordId: number }, stage: FlagStage, found: FoundFlag[], now: Date) {
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

export type ClearFlagResult = { ok: true } | { ok: false; error: "forbidden" | "not_found" | "already_cleared" | "invalid_reason" };

/**
 * The registrar clears a flag having judged it sound, with a reason; audited. The open-flag
 * figures change, so the contracts' data version moves on. Anyone else is refused and audited.
 */
export function clearFlag(db: Db, actor: Actor, flagId: number, reason: string, requestId: string | null, now: Date): ClearFlagResult {
  return writeTx(db, (tx): ClearFlagResult => {
    if (actor.role !== "admin") {
      writeAudit(tx, { actor, action: "denied:clear_flag", entity: "contract_flag", entityId: flagId, requestId });
      return { ok: false, error: "forbidden" };
    }
    const parsed = clearFlagSchema.shape.reason.safeParse(reason);
    if (!parsed.success) return { ok: false, error: "invalid_reason" };
    const before = tx.select().from(contractFlags).where(eq(contractFlags.id, flagId)).get();
    if (!before) return { ok: false, error: "not_found" };
    if (before.clearedAt !== null) return { ok: false, error: "already_cleared" };
    const after = tx
      .update(contractFlags)
      .set({ clearedAt: now.toISOString(), clearedBy: actor.id, clearReason: parsed.data })
      .where(and(eq(contractFlags.id, flagId), isNull(contractFlags.clearedAt)))
      .returning()
      .get();
    writeAudit(tx, { actor, action: "clear", entity: "contract_flag", entityId: flagId, before, after, requestId });
    bumpDataVersion(tx, "contracts");
    return { ok: true };
  });
}

/** One flag as the flag list component shows it: plain JSON, so a loader can hand it over. */
export interface FlagView {
  id: number;
  kind: ContractFlag["kind"];
  stage: ContractFlag["stage"];
  detail: Record<string, unknown>;
  raisedAt: string;
  clearedAt: string | null;
  clearedByName: string | null;
  clearReason: string | null;
}

function flagViews(db: Db, where: ReturnType<typeof eq>): FlagView[] {
  return db
    .select({
      id: contractFlags.id,
      kind: contractFlags.kind,
      stage: contractFlags.stage,
      detail: contractFlags.detail,
      raisedAt: contractFlags.raisedAt,
      clearedAt: contractFlags.clearedAt,
      clearedByName: users.name,
      clearReason: contractFlags.clearReason,
    })
    .from(contractFlags)
    .leftJoin(users, eq(users.id, contractFlags.clearedBy))
    .where(where)
    .orderBy(asc(contractFlags.id))
    .all();
}

/** Every flag of one platform contract version, open and cleared, for its admin page. */
export function contractFlagsView(db: Db, contractId: number): { flags: FlagView[] } {
  return { flags: flagViews(db, eq(contractFlags.contractId, contractId)) };
}

/** Every flag of one imported record, open and cleared. */
export function recordFlagsView(db: Db, nationalRecordId: number): { flags: FlagView[] } {
  return { flags: flagViews(db, eq(contractFlags.nationalRecordId, nationalRecordId)) };
}

export type SaveChecksResult = { ok: true } | { ok: false; error: "forbidden" | "invalid" };

/**
 * The Bureau sets the review line and the two windows (policy data); audited. Flags already
 * raised keep the facts they were raised on; later checks use the new numbers.
 */
export function saveRegistrationChecks(db: Db, actor: Actor, input: RegistrationChecks, requestId: string | null, now: Date): SaveChecksResult {
  return writeTx(db, (tx): SaveChecksResult => {
    if (actor.role !== "admin") {
      writeAudit(tx, { actor, action: "denied:update", entity: "policy_setting", entityId: REGISTRATION_CHECKS_KEY, requestId });
      return { ok: false, error: "forbidden" };
    }
    const parsed = registrationChecksSchema.safeParse(input);
    if (!parsed.success) return { ok: false, error: "invalid" };
    const before = tx.select().from(policySettings).where(eq(policySettings.key, REGISTRATION_CHECKS_KEY)).get() ?? null;
    const values = { value: parsed.data, updatedBy: actor.id, updatedAt: now.toISOString() };
    const after = tx
      .insert(policySettings)
      .values({ key: REGISTRATION_CHECKS_KEY, ...values })
      .onConflictDoUpdate({ target: policySettings.key, set: values })
      .returning()
      .get();
    writeAudit(tx, { actor, action: "update", entity: "policy_setting", entityId: REGISTRATION_CHECKS_KEY, before, after, requestId });
    bumpDataVersion(tx, "policy");
    return { ok: true };
  });
}
