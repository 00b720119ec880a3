import type { Db } from "../connection";
import { seedBrokers } from "./broker-cohort";
import { seedClosedYear, type ClosedYearSeed } from "./closed-year";
import { seedContracts, seedRewardRules } from "./contracts";
import { seedBrokerDeals } from "./deals";
import { seedSubsidyRules } from "./subsidies";
import { setStoryClock } from "./timeline";
import { seedChallenges } from "./challenges";

export interface ActivitySummary {
  brokers: number;
  claims: number;
  registeredContracts: number;
  /** Contracts of sellers outside Lüliang, registered by their own office. */
  elsewhereContracts: number;
  registeredFenByYear: Record<string, number>;
  /** Last year, closed by the Bureau and revised since; null when the run day leaves no room for it. */
  closedYear: ClosedYearSeed | null;
}

/**
 * The market at work on top of the demo's listings: the first broker cohort, their claims
 * and deals, the reward and subsidy rules, the contracts registered over two years, and last
 * year closed and revised. The order matters: deals need brokers, some contracts come from
 * signed deals, and the year is closed once its contracts and records exist.
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
  const closedYear = seedClosedYear(db, now);
  seedChallenges(db, now);
  return {
    brokers: cohort.certified,
    claims: deals.claims,
    registeredContracts: contracts.registered,
    elsewhereContracts: contracts.byStatus.elsewhere ?? 0,
    registeredFenByYear: contracts.registeredFenByYear,
    closedYear,
  };
}
