import { checkpointJob } from "./db-health.server";
import { purgeExpiredSessions } from "./auth.server";
import { getDb } from "./db.server";
import { remindStaleSoon } from "./listings.server";
import { closeExpiredNeeds } from "./needs.server";
import { createMailer, deliverPendingEmail } from "./notifications.server";
import { getSearch } from "./search.server";
import { purgeOldLoginAttempts } from "./throttle.server";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** What the server's shutdown calls: no new job starts, the one in progress finishes. */
export interface BackgroundJobs {
  stop(): Promise<void>;
}

interface Scheduled {
  timer: NodeJS.Timeout;
  running: Promise<void>;
}

function every(ms: number, name: string, job: () => unknown): Scheduled {
  const s: Scheduled = { timer: undefined as unknown as NodeJS.Timeout, running: Promise.resolve() };
  const run = async () => {
    try {
      await job();
    } catch (err) {
      console.error(JSON.stringify({ level: "error", event: `${name}_failed`, message: String(err) }));
    }
  };
  const tick = () => {
    s.running = s.running.then(run);
  };
  tick();
  s.timer = setInterval(tick, ms).unref();
  return s;
}

/** Work the server does on its own: deadlines, staleness reminders, e-mail, and keeping the search index in sync. */
export function startBackgroundJobs(): BackgroundJobs {
  const db = getDb();
  const mailer = createMailer();
  const jobs = [
    every(HOUR, "deadline_sweep", () => {
      const closed = closeExpiredNeeds(db);
      if (closed) console.log(JSON.stringify({ level: "info", event: "needs_closed_at_deadline", count: closed }));
    }),
    every(HOUR, "stale_reminders", () => remindStaleSoon(db)),
    every(HOUR, "login_data_purge", () => {
      const sessions = purgeExpiredSessions(db);
      const attempts = purgeOldLoginAttempts(db);
      if (sessions || attempts) console.log(JSON.stringify({ level: "info", event: "login_data_purged", sessions, attempts }));
    }),
    every(MINUTE, "email_delivery", () => deliverPendingEmail(db, mailer)),
    every(5 * MINUTE, "wal_checkpoint", () => checkpointJob(db)),
  ];
  const search = getSearch();
  search.startRelay();
  return {
    async stop() {
      for (const j of jobs) clearInterval(j.timer);
      search.stopRelay();
      await Promise.all([...jobs.map((j) => j.running), search.relay.idle()]);
    },
  };
}
