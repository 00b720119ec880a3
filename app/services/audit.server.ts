import { and, asc, eq } from "drizzle-orm";
import type { Db, Tx } from "../../db/connection";
import { auditEvents, users } from "../../db/schema";
import type { Actor } from "./actor";

export interface AuditInput {
  actor: Actor | null;
  /** The system that acted when no user did, e.g. "stripe" for a webhook; kept as the actor's role. */
  system?: string;
  action: string;
  entity: string;
  entityId: number | string;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
}

/** Written inside the caller's transaction, so the change and its record commit together. */
export function writeAudit(tx: Tx, e: AuditInput): void {
  tx.insert(auditEvents)
    .values({
      actorUserId: e.actor?.id ?? null,
      actorRole: e.actor?.role ?? (e.system ? `system:${e.system}` : null),
      actorOrgId: e.actor?.orgId ?? null,
      action: e.action,
      entity: e.entity,
      entityId: String(e.entityId),
      before: e.before === undefined ? null : stripSecrets(e.before),
      after: e.after === undefined ? null : stripSecrets(e.after),
      requestId: e.requestId ?? null,
    })
    .run();
}

const SECRET_KEYS = new Set(["passwordHash", "password", "token", "sessionId"]);

function stripSecrets(value: unknown): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !SECRET_KEYS.has(k)));
}

export function listAuditForRecord(db: Db, entity: string, entityId: number | string) {
  return db
    .select({
      id: auditEvents.id,
      action: auditEvents.action,
      actorName: users.name,
      actorRole: auditEvents.actorRole,
      before: auditEvents.before,
      after: auditEvents.after,
      createdAt: auditEvents.createdAt,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(and(eq(auditEvents.entity, entity), eq(auditEvents.entityId, String(entityId))))
    .orderBy(asc(auditEvents.id))
    .all();
}
