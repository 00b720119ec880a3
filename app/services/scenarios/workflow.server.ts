import { and, eq, inArray } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../../../db/connection";
import { scenarios, users } from "../../../db/schema";
import { enqueueSearchSync } from "../../../search/outbox";
import { yearInShanghai } from "../../i18n";
import type { ScenarioIntent } from "../../schemas/scenarios";
import type { Actor } from "../actor";
import { writeAudit } from "../audit.server";
import { bumpDataVersion } from "../data-versions.server";
import { notify } from "../notifications.server";
import { allowedScenarioActions, canViewScenario, isScenarioOwner } from "./access.server";

// draft → submitted → published (the Bureau's review; publication puts it on the year's list)
// | returned with a reason; the owner withdraws, the owner or the Bureau closes a published one.

export type ScenarioWorkflowResult = { ok: true } | { ok: false; error: "not_found" | "forbidden" | "conflict" | "unverified" };

/** The members who speak for the scenario's organisation: its enterprise staff, or the Bureau's. */
export function scenarioOwners(tx: Tx | Db, orgId: number) {
  return tx
    .select({ id: users.id, locale: users.locale })
    .from(users)
    .where(and(eq(users.orgId, orgId), inArray(users.role, ["enterprise", "admin"])))
    .all();
}

export function transitionScenario(
  db: Db,
  actor: Actor,
  id: number,
  intent: ScenarioIntent,
  options: { requestId?: string | null; now?: Date } = {},
): ScenarioWorkflowResult {
  const now = options.now ?? new Date();
  const iso = now.toISOString();
  const action = intent.intent;
  return writeTx(db, (tx): ScenarioWorkflowResult => {
    const before = tx.select().from(scenarios).where(eq(scenarios.id, id)).get();
    if (!before || !canViewScenario(actor, before)) return { ok: false, error: "not_found" };
    if (!allowedScenarioActions(actor, before).includes(action)) {
      writeAudit(tx, { actor, action: `denied:${action}`, entity: "scenario", entityId: id, requestId: options.requestId });
      return { ok: false, error: isScenarioOwner(actor, before) || actor.role === "admin" ? "conflict" : "forbidden" };
    }
    if (action === "submit" && !actor.orgVerified) {
      writeAudit(tx, { actor, action: "denied:submit", entity: "scenario", entityId: id, after: { reason: "unverified" }, requestId: options.requestId });
      return { ok: false, error: "unverified" };
    }
    const change: Partial<typeof scenarios.$inferInsert> = { updatedAt: iso };
    if (action === "submit") Object.assign(change, { status: "submitted", submittedAt: iso, reviewNote: null });
    if (action === "withdraw") Object.assign(change, { status: "withdrawn" });
    if (action === "close") Object.assign(change, { status: "closed", closedAt: iso });
    if (action === "approve")
      Object.assign(change, { status: "published", publishedAt: iso, reviewedBy: actor.id, reviewNote: null, listYear: yearInShanghai(now) });
    if (intent.intent === "return") Object.assign(change, { status: "returned", reviewedBy: actor.id, reviewNote: intent.reason });
    const after = tx.update(scenarios).set(change).where(eq(scenarios.id, id)).returning().get();
    writeAudit(tx, { actor, action, entity: "scenario", entityId: id, before, after, requestId: options.requestId });
    enqueueSearchSync(tx, "scenario", id);
    bumpDataVersion(tx, "listings");
    if (action === "approve" || intent.intent === "return") {
      for (const o of scenarioOwners(tx, before.orgId)) {
        if (o.id === actor.id) continue;
        notify(tx, {
          userId: o.id,
          kind: action === "approve" ? "listing_approved" : "listing_returned",
          // The review notices name the kind of listing through a message key, read in the recipient's language.
          params: { title: before.title, kindKey: "notify.kind.scenario", ...(intent.intent === "return" ? { reason: intent.reason } : {}) },
          link: `/scenarios/${id}`,
        });
      }
    }
    return { ok: true };
  });
}
