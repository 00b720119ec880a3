// Demo data for a fresh platform.
//   tsx db/seed.ts             seed an empty database (refuses one that already has organisations)
//   tsx db/seed.ts --if-empty  seed only when there is no organisation yet; used by `npm run dev` and `start`
// The database is DATABASE_PATH (default data/market.db); it is migrated first.

import { migrateDb, openDb } from "./connection";
import { databasePath } from "./path";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "./seed-data/accounts";
import { seedMarketActivity, type ActivitySummary } from "./seed-data/activity";
import { DatabaseNotEmptyError, hashDemoPassword, seedDemo, seedDemoIfEmpty, type SeedSummary } from "./seed-data/seed-demo";
import { seedVocabularies } from "./seed-vocabularies";

function format(record: Record<string, number>): string {
  return Object.entries(record)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
}

function report(summary: SeedSummary): void {
  const o = summary.organisations;
  const n = summary.needs;
  const a = summary.achievements;
  console.log(`  organisations  ${o.total} (${format(o.byKind)}; ${o.pending} awaiting verification)`);
  console.log(`  users          ${summary.users.total} (${format(summary.users.byRole)})`);
  console.log(`  brokers        ${summary.brokers.total} (${format(summary.brokers.byStatus)})`);
  console.log(`  needs          ${n.total} (${format(n.byStatus)})`);
  console.log(`                 published by list year: ${format(n.publishedByListYear)}`);
  console.log(`  achievements   ${a.total} (${format(a.byStatus)})`);
  console.log(`                 on the 2026 transformation list: ${a.transformationList2026}`);
  console.log(`  audit events   ${summary.auditEvents}`);
  console.log(`  search outbox  ${summary.searchOutbox}`);
}

function reportActivity(a: ActivitySummary): void {
  console.log(`  brokers        ${a.brokers} certified in the first cohort; ${a.claims} needs claimed`);
  const byYear = Object.entries(a.registeredFenByYear)
    .map(([y, fen]) => `${y} ¥${(fen / 100).toLocaleString("en-US")}`)
    .join(", ");
  console.log(`  contracts      ${a.registeredContracts} registered (${byYear})`);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== "--if-empty");
  if (unknown.length > 0) {
    console.error(`unknown argument(s): ${unknown.join(" ")}\nusage: tsx db/seed.ts [--if-empty]`);
    return 2;
  }
  const ifEmpty = args.includes("--if-empty");
  const file = databasePath();
  const started = performance.now();
  const db = openDb(file);
  try {
    migrateDb(db);
    seedVocabularies(db);
    const passwordHash = await hashDemoPassword();
    const now = new Date();
    if (ifEmpty) {
      const { seeded, summary } = await seedDemoIfEmpty(db, { passwordHash, now });
      if (!seeded) {
        console.log(`${file}: already has ${summary.organisations.total} organisation(s); demo data not seeded`);
        return 0;
      }
      const activity = seedMarketActivity(db, { passwordHash, now });
      console.log(`${file}: database was empty; seeded the demo in ${Math.round(performance.now() - started)} ms`);
      report(summary);
      reportActivity(activity);
    } else {
      const summary = await seedDemo(db, { passwordHash, now });
      const activity = seedMarketActivity(db, { passwordHash, now });
      console.log(`${file}: seeded the demo in ${Math.round(performance.now() - started)} ms`);
      report(summary);
      reportActivity(activity);
    }
    console.log(`  demo log-ins (password ${DEMO_PASSWORD}): ${DEMO_ACCOUNTS.slice(0, 4).map((a) => a.email).join(", ")}`);
    return 0;
  } catch (err) {
    if (err instanceof DatabaseNotEmptyError) {
      console.error(`${file}: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    db.$client.close();
  }
}

process.exitCode = await main();
