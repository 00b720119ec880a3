// A separate server-like process for the lease tests, run as node with tsx's loader so that
// SIGKILL reaches it. Modes:
//   scheduler <file> <holder> <options json>  jobs under leases that write start/end markers
//   server <file> <holder> <options json>     the app's own background jobs (startBackgroundJobs);
//                                             reads "publish <title>" lines and publishes an achievement
// Both print one JSON line per event on stdout and stop cleanly on SIGTERM.
import readline from "node:readline";
import { openDb, writeTx, type Db } from "../../db/connection";
import { LeaseScheduler, runOncePerPeriod, type LeasedJob } from "../../app/services/leases.server";
import { addAchievements, type World } from "../search/fixtures";

interface Options {
  ttlMs: number;
  tickMs: number;
  /** How long a "compete" pass lasts. */
  jobMs?: number;
  /** Which jobs the scheduler mode runs. */
  jobs?: ("compete" | "hourly")[];
  /** Scheduler mode: schedulers started one after the other; 0 runs one until a signal. */
  rounds?: number;
  /** Passes (of any job) after which a round stops its scheduler. */
  passes?: number;
  /** Added to this process's clock: a process an hour ahead. */
  offsetMs?: number;
  world?: World;
}

const [mode, file, holder, json] = process.argv.slice(2);
const options = JSON.parse(json!) as Options;
const now = () => Date.now() + (options.offsetMs ?? 0);
const say = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ child: holder, ...event })}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// The scheduler's timer does not keep a process alive (a server's socket does): this does.
const keepAlive = setInterval(() => undefined, 60_000);

function mark(db: Db, kind: string): void {
  writeTx(db, () => db.$client.prepare("INSERT INTO markers (holder, kind, at_ms) VALUES (?, ?, ?)").run(holder, kind, Date.now()));
}

function jobs(db: Db, onPass: () => void): LeasedJob[] {
  const compete: LeasedJob = {
    name: "compete",
    everyMs: 10,
    async run({ stillMine }) {
      onPass();
      mark(db, "start");
      // Steps of 20 ms, each asking first whether the lease is still ours.
      for (let spent = 0; spent < (options.jobMs ?? 100) && stillMine(); spent += 20) await sleep(20);
      mark(db, "end");
    },
  };
  const hourly: LeasedJob = {
    name: "hourly",
    everyMs: 10,
    run({ lease }) {
      onPass();
      const ran = runOncePerPeriod(db, lease, 3_600_000, () => mark(db, "hourly"), now);
      say({ event: "hourly_tried", ran: ran !== null });
    },
  };
  const wanted = options.jobs ?? ["compete"];
  return [compete, hourly].filter((j) => wanted.includes(j.name as "compete" | "hourly"));
}

async function runScheduler(): Promise<void> {
  const db = openDb(file!);
  const signalled = new Promise<void>((resolve) => process.on("SIGTERM", () => resolve()));
  const rounds = options.rounds ?? 0;
  for (let round = 0; rounds === 0 || round < rounds; round++) {
    let passes = 0;
    let enough: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (enough = resolve));
    const scheduler = new LeaseScheduler(db, { ttlMs: options.ttlMs, tickMs: options.tickMs, holder, now });
    for (const job of jobs(db, () => ++passes >= (options.passes ?? Infinity) && enough())) scheduler.add(job);
    scheduler.start();
    say({ event: "ready", round });
    const signal = await Promise.race([done.then(() => false), signalled.then(() => true)]);
    await scheduler.stop();
    say({ event: "stopped", round });
    if (signal) break;
    await sleep(50);
  }
  db.$client.close();
  clearInterval(keepAlive);
}

async function runServer(): Promise<void> {
  process.env.DATABASE_PATH = file;
  const { startBackgroundJobs } = await import("../../app/services/jobs.server");
  const background = startBackgroundJobs({ ttlMs: options.ttlMs, tickMs: options.tickMs, holder });
  const db = openDb(file!);
  process.on("SIGTERM", () => {
    void background.stop().then(() => {
      say({ event: "stopped" });
      process.exit(0);
    });
  });
  readline.createInterface({ input: process.stdin }).on("line", (line) => {
    const title = line.replace(/^publish /, "");
    const [id] = addAchievements(db, options.world!, [{ title, techFieldCode: "603" }]);
    say({ event: "published", id, at: Date.now() });
  });
  say({ event: "ready" });
}

(mode === "server" ? runServer() : runScheduler()).catch((err: unknown) => {
  say({ event: "failed", message: String(err) });
  process.exit(1);
});
