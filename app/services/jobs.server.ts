// Work the server does on its own. Every server process starts the same jobs; each job runs
// only in the process holding its lease (leases.server.ts), so a cluster of workers sweeps,
// mails and relays once, and a worker that dies hands its jobs on within the lease's time.

import { sweepChallengeWindows } from "./challenges/window.server";
import { checkpointJob } from "./db-health.server";
import { checkIndicatorRollup } from "./indicators/contract-figures.server";
import { purgeExpiredSessions } from "./auth.server";
import { getDb } from "./db.server";
import { LeaseScheduler, runOncePerPeriod, type LeasedJob, type SchedulerOptions } from "./leases.server";
import { remindStaleSoon } from "./listings.server";
import { closeExpiredNeeds } from "./needs.server";
import { createMailer, deliverPendingEmail } from "./notifications.server";
import { getSearch } from "./search.server";
import { purgeOldLoginAttempts } from "./throttle.server";
import type { Db } from "../../db/connection";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A dead holder's jobs wait this long for another worker. Long enough that a busy worker
 * (a large relay batch, a slow disk, a GC pause) renews in time — it renews every third of
 * it — and short enough that e-mail and search fall behind by seconds, not minutes.
 */
export const LEASE_TTL_MS = 20 * SECOND;
/** How often leases are renewed or tried, and the search relay looks for new outbox rows. */
export const TICK_MS = 250;

/** What the server's shutdown calls: no new pass starts, the one in progress finishes, leases are let go. */
export interface BackgroundJobs {
  stop(): Promise<void>;
}

/** A job due once an hour across all workers, whichever of them holds its lease. */
function hourly(db: Db, name: string, fn: () => void): LeasedJob {
  return { name, everyMs: MINUTE, run: ({ lease }) => runOncePerPeriod(db, lease, HOUR, fn) };
}

function maintenanceJobs(db: Db): LeasedJob[] {
  return [
    hourly(db, "deadline_sweep", () => {
      const closed = closeExpiredNeeds(db);
      if (closed) console.log(JSON.stringify({ level: "info", event: "needs_closed_at_deadline", count: closed }));
    }),
    hourly(db, "challenge_windows", () => void sweepChallengeWindows(db)),
    hourly(db, "stale_reminders", () => void remindStaleSoon(db)),
    hourly(db, "login_data_purge", () => {
      const sessions = purgeExpiredSessions(db);
      const attempts = purgeOldLoginAttempts(db);
      if (sessions || attempts) console.log(JSON.stringify({ level: "info", event: "login_data_purged", sessions, attempts }));
    }),
    // The pre-summed indicator is kept by triggers; once a day it is compared with a full count
    // and, should they ever differ, summed again (and the difference logged for the team).
    { name: "indicator_rollup_check", everyMs: MINUTE, run: ({ lease }) => runOncePerPeriod(db, lease, DAY, () => void checkIndicatorRollup(db)) },
    // Run again at once by a new holder: a checkpoint too many costs nothing.
    { name: "wal_checkpoint", everyMs: 5 * MINUTE, run: () => checkpointJob(db) },
  ];
}

/** Deadlines, staleness reminders, login data, e-mail, the WAL, and keeping the search index in step. */
export function startBackgroundJobs(options: Partial<SchedulerOptions> = {}): BackgroundJobs {
  const db = getDb();
  const mailer = createMailer();
  const search = getSearch();
  // jieba's dictionaries and the listings' term vectors load here, not in a broker's first match.
  search.prepareMatching();
  const scheduler = new LeaseScheduler(db, { ...options, ttlMs: options.ttlMs ?? LEASE_TTL_MS, tickMs: options.tickMs ?? TICK_MS });
  for (const job of maintenanceJobs(db)) scheduler.add(job);
  scheduler.add({ name: "email_delivery", everyMs: MINUTE, run: ({ stillMine }) => deliverPendingEmail(db, mailer, { stillMine }) });
  // The relay writes the shared index once; every worker's engine catches up from it before each search.
  scheduler.add({ name: "search_relay", everyMs: TICK_MS, run: ({ stillMine }) => search.relay.drain(stillMine) });
  scheduler.start();
  return {
    async stop() {
      search.stopRelay();
      await scheduler.stop();
      await search.relay.idle();
    },
  };
}
