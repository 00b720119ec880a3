import { and, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "../../../db/connection";
import { matches, type Scenario } from "../../../db/schema";
import type { Actor } from "../actor";

// Who may do what to an application scenario. The owner is a member of the organisation that
// opened the site: an enterprise, or the Bureau posting one of the city's own.

export const PUBLIC_SCENARIO_STATUSES = ["published", "closed"] as const;
const EDITABLE = ["draft", "returned", "withdrawn"];
const WITHDRAWABLE = ["submitted", "published"];

export type ScenarioAction = "submit" | "withdraw" | "close" | "approve" | "return" | "outcome";

type Row = Pick<Scenario, "orgId" | "status">;

export function isPublicScenario(row: { status: string }): boolean {
  return (PUBLIC_SCENARIO_STATUSES as readonly string[]).includes(row.status);
}

export function isScenarioOwner(actor: Actor | null, row: { orgId: number }): boolean {
  return !!actor && (actor.role === "enterprise" || actor.role === "admin") && actor.orgId === row.orgId;
}

/** Anyone sees a published or closed scenario; before that its owners and the Bureau. */
export function canViewScenario(actor: Actor | null, row: Row): boolean {
  return isPublicScenario(row) || isScenarioOwner(actor, row) || actor?.role === "admin";
}

export function canEditScenario(actor: Actor | null, row: Row): boolean {
  return isScenarioOwner(actor, row) && EDITABLE.includes(row.status);
}

/** The outcome is the owner's to record, once the scenario is on the list. */
export function canRecordOutcome(actor: Actor | null, row: Row): boolean {
  return !!actor && actor.role === "enterprise" && actor.orgId === row.orgId && isPublicScenario(row);
}

/** Contacts go to the owners, the Bureau, and a broker running a live deal on the scenario. */
export function canSeeScenarioContact(db: Db | Tx, actor: Actor | null, row: { id: number; orgId: number }): boolean {
  if (isScenarioOwner(actor, row) || actor?.role === "admin") return true;
  if (actor?.role !== "broker") return false;
  return !!db
    .select({ id: matches.id })
    .from(matches)
    .where(and(eq(matches.scenarioId, row.id), eq(matches.brokerUserId, actor.id), inArray(matches.stage, ["contacted", "negotiating", "signed"])))
    .get();
}

/** The actions the viewer may take on the scenario now, for the page to offer. */
export function allowedScenarioActions(actor: Actor | null, row: Row): ScenarioAction[] {
  const out: ScenarioAction[] = [];
  if (isScenarioOwner(actor, row)) {
    if (EDITABLE.includes(row.status)) out.push("submit");
    if (WITHDRAWABLE.includes(row.status)) out.push("withdraw");
  }
  if ((isScenarioOwner(actor, row) || actor?.role === "admin") && row.status === "published") out.push("close");
  if (actor?.role === "admin" && row.status === "submitted") out.push("approve", "return");
  if (canRecordOutcome(actor, row)) out.push("outcome");
  return out;
}
