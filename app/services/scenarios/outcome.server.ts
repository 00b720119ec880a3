import { and, eq, or } from "drizzle-orm";
import { writeTx, type Db } from "../../../db/connection";
import { contracts, matches, scenarios, users } from "../../../db/schema";
import { enqueueSearchSync } from "../../../search/outbox";
import { translate } from "../../i18n";
import type { ScenarioOutcomeInput } from "../../schemas/scenarios";
import type { Actor } from "../actor";
import { writeAudit } from "../audit.server";
import { bumpDataVersion } from "../data-versions.server";
import type { FieldErrors } from "../listings.server";
import { notify } from "../notifications.server";
import { canRecordOutcome, canViewScenario, isScenarioOwner } from "./access.server";
import { scenarioOwners } from "./workflow.server";

export type OutcomeResult = { ok: true } | { ok: false; fieldErrors: FieldErrors } | { ok: false; error: "not_found" | "forbidden" | "conflict" };

/**
 * The owner records what came of the scenario: a pilot started (with its date), the pilot's
 * result, a follow-on contract (one of its own organisation's). Owners, the Bureau's watchers
 * and the brokers of the scenario's deals hear of it.
 */
export function recordScenarioOutcome(
  db: Db,
  actor: Actor,
  id: number,
  input: ScenarioOutcomeInput,
  requestId: string | null = null,
  now: Date = new Date(),
): OutcomeResult {
  const iso = now.toISOString();
  return writeTx(db, (tx): OutcomeResult => {
    const before = tx.select().from(scenarios).where(eq(scenarios.id, id)).get();
    if (!before || !canViewScenario(actor, before)) return { ok: false, error: "not_found" };
    if (!canRecordOutcome(actor, before)) {
      writeAudit(tx, { actor, action: "denied:outcome", entity: "scenario", entityId: id, requestId });
      return { ok: false, error: isScenarioOwner(actor, before) ? "conflict" : "forbidden" };
    }
    if (input.pilotStartedOn && input.pilotStartedOn < before.opensOn) return { ok: false, fieldErrors: { pilotStartedOn: ["v.scenario.pilotBeforeOpen"] } };
    if (input.followOnContractId !== undefined) {
      const own = tx
        .select({ id: contracts.id })
        .from(contracts)
        .where(and(eq(contracts.id, input.followOnContractId), or(eq(contracts.buyerOrgId, before.orgId), eq(contracts.sellerOrgId, before.orgId))))
        .get();
      if (!own) return { ok: false, fieldErrors: { followOnContractId: ["v.scenario.contractNotOwn"] } };
    }
    const after = tx
      .update(scenarios)
      .set({
        outcome: input.outcome,
        pilotStartedOn: input.pilotStartedOn ?? before.pilotStartedOn,
        pilotResult: input.pilotResult ?? before.pilotResult,
        followOnContractId: input.followOnContractId ?? before.followOnContractId,
        outcomeRecordedAt: iso,
        updatedAt: iso,
      })
      .where(eq(scenarios.id, id))
      .returning()
      .get();
    writeAudit(tx, { actor, action: "outcome", entity: "scenario", entityId: id, before, after, requestId });
    enqueueSearchSync(tx, "scenario", id);
    bumpDataVersion(tx, "listings");
    const brokers = tx
      .selectDistinct({ id: users.id, locale: users.locale })
      .from(matches)
      .innerJoin(users, eq(users.id, matches.brokerUserId))
      .where(eq(matches.scenarioId, id))
      .all();
    const told = new Set<number>([actor.id]);
    for (const p of [...scenarioOwners(tx, before.orgId), ...brokers]) {
      if (told.has(p.id)) continue;
      told.add(p.id);
      notify(tx, {
        userId: p.id,
        kind: "scenario_outcome",
        params: { title: before.title, outcome: translate(p.locale, `scenario.outcome.${input.outcome}`) },
        link: `/scenarios/${id}`,
      });
    }
    return { ok: true };
  });
}
