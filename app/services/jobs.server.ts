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

function every(ms: number, name: string, job: () => unknown): void {
  const run = async () => {
    try {
      await job();
    } catch (err) {
      console.error(JSON.stringify({ level: "error", event: `${name}_failed`, message: String(err) }));
    }
  };
  void run();
  setInterval(run, ms).unref();
}

/** Work the server does on its own: deadlines, staleness reminders, e-mail, and keeping the search index in sync. */
export function startBackgroundJobs(): void {
  const db = getDb();
  const mailer = createMailer();
  every(HOUR, "deadline_sweep", () => {
    const closed = closeExpiredNeeds(db);
    if (closed) console.log(JSON.stringify({ level: "info", event: "needs_closed_at_deadline", count: closed }));
  });
  every(HOUR, "stale_reminders", () => remindStaleSoon(db));
  every(HOUR, "login_data_purge", () => {
    const sessions = purgeExpiredSessions(db);
    const attempts = purgeOldLoginAttempts(db);
    if (sessions || attempts) console.log(JSON.stringify({ level: "info", event: "login_data_purged", sessions, attempts }));
  });
  every(MINUTE, "email_delivery", () => deliverPendingEmail(db, mailer));
  every(5 * MINUTE, "wal_checkpoint", () => checkpointJob(db));
  getSearch().startRelay();
}
