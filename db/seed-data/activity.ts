import type { Db } from "../connection";
import { seedBrokers } from "./broker-cohort";
import { seedContracts, seedRewardRules } from "./contracts";
import { seedBrokerDeals } from "./deals";
import { seedSubsidyRules } from "./subsidies";
import { setStoryClock } from "./timeline";

export interface ActivitySummary {
  brokers: number;
  claims: number;
  registeredContracts: number;
  /** Contracts of sellers outside Lüliang, registered by their own office. */
  elsewhereContracts: number;
  registeredFenByYear: Record<string, number>;
}

/**
 * The market at work on top of the demo's listings: the first broker cohort, their claims
 * and deals, the reward and subsidy rules, and the contracts registered over two years. The order
 * matters: deals need brokers, and some contracts come from signed deals.
 */
export function seedMarketActivity(db: Db, options: { passwordHash: string; now?: Date }): ActivitySummary {
  const now = options.now ?? new Date();
  setStoryClock(now);
  const cohort = seedBrokers(db, { passwordHash: options.passwordHash, now });
  // One need each keeps most of the needs list open for the workbench's "unclaimed" view.
  const deals = seedBrokerDeals(db, { now, needsPerBroker: 1 });
  seedRewardRules(db, now);
  seedSubsidyRules(db, now);
  const contracts = seedContracts(db, { now });
  return {
    brokers: cohort.certified,
    claims: deals.claims,
    registeredContracts: contracts.registered,
    elsewhereContracts: contracts.byStatus.elsewhere ?? 0,
    registeredFenByYear: contracts.registeredFenByYear,
  };
}
