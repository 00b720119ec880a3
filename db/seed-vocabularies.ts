import { writeTx, type Db } from "./connection";
import { counties, industryChains, policySettings, policyTargets, techFields } from "./schema";
import { COUNTIES, INDUSTRY_CHAINS, POLICY_SETTING_SEEDS, POLICY_TARGET_SEEDS, POLICY_TARGET_UNITS, techFieldRows } from "./vocabularies";

/** Loads counties, chains, technical fields, policy targets and settings; safe to run again. */
export function seedVocabularies(db: Db): void {
  writeTx(db, (tx) => {
    COUNTIES.forEach((c, i) =>
      tx
        .insert(counties)
        .values({ ...c, sort: i })
        .onConflictDoNothing()
        .run(),
    );
    INDUSTRY_CHAINS.forEach((c, i) =>
      tx
        .insert(industryChains)
        .values({ ...c, sort: i })
        .onConflictDoNothing()
        .run(),
    );
    for (const row of techFieldRows()) tx.insert(techFields).values(row).onConflictDoNothing().run();
    for (const t of POLICY_TARGET_SEEDS)
      tx.insert(policyTargets)
        .values({ ...t, unit: POLICY_TARGET_UNITS[t.indicator], deadline: `${t.year}-12-31` })
        .onConflictDoNothing()
        .run();
    for (const [key, value] of Object.entries(POLICY_SETTING_SEEDS)) {
      tx.insert(policySettings).values({ key, value }).onConflictDoNothing().run();
    }
  });
}
