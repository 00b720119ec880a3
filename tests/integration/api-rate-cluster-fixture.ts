// A primary with two workers, as app/server/primary.ts runs them: the primary holds the
// counters, each worker takes `per` requests for one client address through its own
// limiter. Prints {"workers":[{pid,allowed,denied}], "limit"} once both are done.
import cluster from "node:cluster";
import { RateLimiterClusterMaster } from "rate-limiter-flexible";
import { createApiLimiter } from "../../app/services/api/rate-limit.server";

const LIMIT = Number(process.argv[2] ?? 5);
const PER_WORKER = Number(process.argv[3] ?? 5);

interface Report {
  pid: number;
  allowed: number;
  denied: number;
  retryAfter: number[];
}

if (cluster.isPrimary) {
  new RateLimiterClusterMaster();
  const reports: Report[] = [];
  for (let i = 0; i < 2; i++) {
    const worker = cluster.fork();
    worker.on("message", (msg: { report?: Report }) => {
      if (!msg.report) return;
      reports.push(msg.report);
      worker.kill();
      if (reports.length === 2) {
        console.log(JSON.stringify({ limit: LIMIT, workers: reports }));
        setTimeout(() => process.exit(0), 100);
      }
    });
  }
} else {
  const limiter = createApiLimiter({ limit: LIMIT, windowSeconds: 60, clustered: true });
  const report: Report = { pid: process.pid, allowed: 0, denied: 0, retryAfter: [] };
  for (let i = 0; i < PER_WORKER; i++) {
    const d = await limiter.take("203.0.113.7");
    if (d.allowed) report.allowed++;
    else {
      report.denied++;
      report.retryAfter.push(d.resetSeconds);
    }
  }
  process.send!({ report });
}
