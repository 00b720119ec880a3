// Demo data for a demo database.
//   tsx db/seed.ts             seed a demo database (refuses one that already has organisations)
//   tsx db/seed.ts --if-empty  seed only when there is no organisation yet
// The database is DATABASE_PATH (default data/market.db); it is migrated first. It must exist
// and must have been created as a demo (db/prepare.ts: the first `npm start`, or DB_INIT=demo):
// the demo accounts share a password printed in the README and never go into a database
// that was created empty. This script never creates a database.

import path from "node:path";
import { fileURLToPath } from "node:url";
import { DatabaseMissingError, migrateDb, openDb, type Db } from "./connection";
import { readOrigin } from "./origin";
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
  console.log(`                 on this year's transformation list: ${a.transformationList2026}`);
  console.log(`  audit events   ${summary.auditEvents}`);
  console.log(`  search outbox  ${summary.searchOutbox}`);
}

function reportActivity(a: ActivitySummary): void {
  console.log(`  brokers        ${a.brokers} certified in the first cohort; ${a.claims} needs claimed`);
  const byYear = Object.entries(a.registeredFenByYear)
    .map(([y, fen]) => `${y} ¥${(fen / 100).toLocaleString("en-US")}`)
    .join(", ");
  console.log(`  contracts      ${a.registeredContracts} registered (${byYear}); ${a.elsewhereContracts} registered by the seller's office elsewhere`);
  const closed = a.closedYear;
  if (closed) console.log(`  closed year    ${closed.year}, closed ${closed.closedAt}; ${closed.revisedAt.length} revision(s) since`);
}

/**
 * Loads the vocabularies and the demo into an open demo database and reports what it holds.
 * The caller has checked that the database was created as a demo.
 */
export async function loadDemo(db: Db, file: string, ifEmpty: boolean): Promise<void> {
  const started = performance.now();
  seedVocabularies(db);
  const passwordHash = await hashDemoPassword();
  const now = new Date();
  if (ifEmpty) {
    const { seeded, summary } = await seedDemoIfEmpty(db, { passwordHash, now });
    if (!seeded) {
      console.log(`${file}: already has ${summary.organisations.total} organisation(s); demo data not seeded`);
      return;
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
  console.log(
    `  demo log-ins (password ${DEMO_PASSWORD}): ${DEMO_ACCOUNTS.slice(0, 4)
      .map((a) => a.email)
      .join(", ")}`,
  );
}

/** Why the demo may not be loaded into this database, or null when it may. */
function refusal(db: Db, file: string): string | null {
  const origin = readOrigin(db);
  if (origin?.createdAs === "demo") return null;
  const how = origin ? `was created as an ${origin.createdAs} database on ${origin.createdAt}` : "has no record of being created as a demo";
  return `${file} ${how}; the demo accounts (with the password published in the README) are only loaded into a database created as a demo (DB_INIT=demo npm start, on a path where no file exists yet)`;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== "--if-empty");
  if (unknown.length > 0) {
    console.error(`unknown argument(s): ${unknown.join(" ")}\nusage: tsx db/seed.ts [--if-empty]`);
    return 2;
  }
  const file = path.resolve(databasePath());
  let db: Db;
  try {
    db = openDb(file, { mustExist: true });
  } catch (err) {
    if (!(err instanceof DatabaseMissingError)) throw err;
    console.error(`${file}: no database there; the seed never creates one (create a demo database with DB_INIT=demo npm start)`);
    return 1;
  }
  try {
    const refused = refusal(db, file);
    if (refused) {
      console.error(refused);
      return 1;
    }
    migrateDb(db);
    await loadDemo(db, file, args.includes("--if-empty"));
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

// Run as a script; db/prepare.ts imports loadDemo without running this.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main();
