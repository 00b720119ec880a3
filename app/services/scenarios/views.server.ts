import { and, asc, count, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { contracts, organisations, policyTargets, scenarios } from "../../../db/schema";
import { todayInShanghai } from "../../i18n";
import type { Actor } from "../actor";
import { cachedByVersion } from "../data-versions.server";
import { describeCodes } from "../listings.server";
import { allowedScenarioActions, canEditScenario, canSeeScenarioContact, canViewScenario, isScenarioOwner, PUBLIC_SCENARIO_STATUSES } from "./access.server";

/** The list's target when the Bureau has set none for the year: the action plan's "at least 50 a year". */
export const DEFAULT_SCENARIO_TARGET = 50;

/** Whether a published scenario is open on the given Beijing date. */
export function isOpenOn(row: { status: string; opensOn: string; closesOn: string }, today: string): boolean {
  return row.status === "published" && row.opensOn <= today && today <= row.closesOn;
}

/** A scenario as the viewer may see it, or null when it does not exist for them. */
export function getScenarioForViewer(db: Db, viewer: Actor | null, id: number, now: Date = new Date()) {
  const row = db
    .select({ scenario: scenarios, orgName: organisations.name, orgNameEn: organisations.nameEn })
    .from(scenarios)
    .innerJoin(organisations, eq(organisations.id, scenarios.orgId))
    .where(eq(scenarios.id, id))
    .get();
  if (!row || !canViewScenario(viewer, row.scenario)) return null;
  const { scenario } = row;
  const showContact = canSeeScenarioContact(db, viewer, scenario);
  const owner = isScenarioOwner(viewer, scenario);
  const internal = owner || viewer?.role === "admin";
  const contract =
    scenario.followOnContractId !== null
      ? (db.select({ id: contracts.id, title: contracts.title }).from(contracts).where(eq(contracts.id, scenario.followOnContractId)).get() ?? null)
      : null;
  return {
    scenario: {
      ...scenario,
      contactName: showContact ? scenario.contactName : null,
      contactPhone: showContact ? scenario.contactPhone : null,
      contactEmail: showContact ? scenario.contactEmail : null,
      reviewNote: internal ? scenario.reviewNote : null,
    },
    org: { id: scenario.orgId, name: row.orgName, nameEn: row.orgNameEn },
    codes: describeCodes(db, scenario),
    openNow: isOpenOn(scenario, todayInShanghai(now)),
    contract,
    isOwner: owner,
    canEdit: canEditScenario(viewer, scenario),
    showContact,
    actions: allowedScenarioActions(viewer, scenario),
  };
}
export type ScenarioView = NonNullable<ReturnType<typeof getScenarioForViewer>>;

/** The organisation's own scenarios, every status, newest first. */
export function listOwnScenarios(db: Db, actor: Actor) {
  if (actor.role !== "enterprise" && actor.role !== "admin") return [];
  return db
    .select({ id: scenarios.id, title: scenarios.title, status: scenarios.status, outcome: scenarios.outcome, updatedAt: scenarios.updatedAt })
    .from(scenarios)
    .where(eq(scenarios.orgId, actor.orgId))
    .orderBy(desc(scenarios.updatedAt), desc(scenarios.id))
    .all();
}

/** Scenarios awaiting the Bureau's review, oldest first. */
export function listSubmittedScenarios(db: Db) {
  return db
    .select({ id: scenarios.id, title: scenarios.title, orgName: organisations.name, submittedAt: scenarios.submittedAt, grade: scenarios.grade })
    .from(scenarios)
    .innerJoin(organisations, eq(organisations.id, scenarios.orgId))
    .where(eq(scenarios.status, "submitted"))
    .orderBy(asc(scenarios.submittedAt), asc(scenarios.id))
    .all();
}

export interface ScenarioListProgress {
  year: number;
  /** Scenarios published onto the year's list (closed ones stay on it). */
  done: number;
  target: number;
  /** Whether the target is the Bureau's own for the year, or the default. */
  targetSet: boolean;
}

/** The year's scenario list against its target (policy data; 50 when the Bureau has set none). */
export function scenarioListProgress(db: Db, year: number): ScenarioListProgress {
  return cachedByVersion(db, ["listings", "policy"], `scenario-list-progress:${year}`, () => {
    const done =
      db
        .select({ n: count() })
        .from(scenarios)
        .where(and(eq(scenarios.listYear, year), inArray(scenarios.status, [...PUBLIC_SCENARIO_STATUSES])))
        .get()?.n ?? 0;
    const target = db
      .select({ value: policyTargets.targetValue })
      .from(policyTargets)
      .where(and(eq(policyTargets.indicator, "scenarios"), eq(policyTargets.year, year)))
      .get();
    return { year, done, target: target?.value ?? DEFAULT_SCENARIO_TARGET, targetSet: !!target };
  });
}
