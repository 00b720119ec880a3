import { getDb } from "./db.server";
import { closeExpiredNeeds } from "./needs.server";
import { getSearch } from "./search.server";

const HOUR = 3_600_000;

/** Work the server does on its own: closing needs past their deadline and keeping the search index in sync. */
export function startBackgroundJobs(): void {
  const db = getDb();
  const sweep = () => {
    try {
      const closed = closeExpiredNeeds(db);
      if (closed) console.log(JSON.stringify({ level: "info", event: "needs_closed_at_deadline", count: closed }));
    } catch (err) {
      console.error(JSON.stringify({ level: "error", event: "deadline_sweep_failed", message: String(err) }));
    }
  };
  sweep();
  setInterval(sweep, HOUR).unref();
  getSearch().startRelay();
}
