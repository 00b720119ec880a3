import cluster, { type Worker } from "node:cluster";
import os from "node:os";
import { RateLimiterClusterMaster } from "rate-limiter-flexible";
import { getEnv, type Env } from "../services/env.server";
import { balanceWorkers } from "./balance";

const CRASH_WINDOW_MS = 60_000;
const MAX_RESTART_DELAY_MS = 30_000;
/** Beyond the workers' own limit, how long the primary waits before it kills them. */
const KILL_GRACE_MS = 5_000;

function log(level: "info" | "warn" | "error", event: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, event, pid: process.pid, ...fields });
  if (level === "info") console.log(line);
  else console.error(line);
}

/** No wait for a first crash in a minute, then 1 s, 2 s, 4 s … up to 30 s: a crash loop does not spin. */
export function restartDelay(recentCrashes: number): number {
  return recentCrashes <= 1 ? 0 : Math.min(MAX_RESTART_DELAY_MS, 1000 * 2 ** (recentCrashes - 2));
}

function readEnv(): Env {
  try {
    return getEnv();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}

/**
 * MALLOC_ARENA_MAX: glibc gives each thread that allocates its own arena and keeps what is
 * freed in it; a worker's threads (the libuv pool compressing responses, the native modules)
 * so hold more memory than they use. With two, the soak's memory stayed level where it
 * otherwise crept up. The environment may set it otherwise.
 */
const WORKER_ENV = { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? "2" };

/** The workers the primary keeps, and whether it is stopping them. */
class Workers {
  private readonly live = new Set<Worker>();
  private readonly served = new WeakSet<Worker>();
  private readonly crashes: number[] = [];
  private stopping: NodeJS.Signals | null = null;
  private exitCode = 0;

  constructor(private readonly env: Env) {}

  fork(): void {
    const worker = cluster.fork(WORKER_ENV);
    this.live.add(worker);
    worker.once("listening", () => this.served.add(worker));
  }

  stopAll(signal: NodeJS.Signals, code: number): void {
    this.exitCode = Math.max(this.exitCode, code);
    if (this.stopping) return;
    this.stopping = signal;
    log("info", "server_stopping", { signal, workers: this.live.size });
    for (const worker of this.live) worker.process.kill(signal);
    const limitMs = this.env.SHUTDOWN_TIMEOUT_MS + KILL_GRACE_MS;
    setTimeout(() => {
      log("error", "workers_killed", { afterMs: limitMs });
      for (const worker of this.live) worker.process.kill("SIGKILL");
      process.exit(1);
    }, limitMs).unref();
    if (this.live.size === 0) process.exit(this.exitCode);
  }

  exited(worker: Worker, code: number | null, signal: string | null): void {
    this.live.delete(worker);
    if (this.stopping) {
      // A worker still starting may end by the signal itself, before it could handle it.
      if (code !== 0 && signal !== this.stopping) this.exitCode = Math.max(this.exitCode, 1);
      if (this.live.size === 0) process.exit(this.exitCode);
    } else if (!this.served.has(worker)) {
      log("error", "worker_start_failed", { worker: worker.process.pid, code, signal });
      this.stopAll("SIGTERM", code || 1);
    } else {
      const now = Date.now();
      this.crashes.push(now);
      while (this.crashes.length && this.crashes[0]! < now - CRASH_WINDOW_MS) this.crashes.shift();
      const delayMs = restartDelay(this.crashes.length);
      log("warn", "worker_replaced", { worker: worker.process.pid, code, signal, delayMs });
      setTimeout(() => this.stopping || this.fork(), delayMs);
    }
  }
}

/**
 * Starts WEB_CONCURRENCY workers (the number of cores unless set) and keeps them running:
 * a worker that dies after it started serving is replaced; one that cannot start at all (a
 * missing database, a port in use) stops the whole server with its exit code, because a
 * replacement would fail the same way. SIGTERM and SIGINT go to every worker; the primary
 * exits when they have stopped.
 */
export function runPrimary(script: string): void {
  const env = readEnv();
  const count = env.WEB_CONCURRENCY ?? os.availableParallelism();
  // Each worker accepts its own connections from the shared socket. With the default
  // round-robin, the primary accepts them and hands each to a worker, and sends the next only
  // when the worker has acknowledged the last one: a worker busy serving acknowledged about one
  // per turn of its event loop, and under a burst new connections waited seconds to be served.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  // Workers run the server's entry, whatever script started the primary (npm start's).
  cluster.setupPrimary({ exec: script });
  // Holds the open API's rate-limit counters for every worker (app/services/api/rate-limit.server.ts).
  new RateLimiterClusterMaster();
  // Evens out the connections the workers hold (app/server/balance.ts).
  balanceWorkers();
  const workers = new Workers(env);
  cluster.on("exit", (worker, code, signal) => workers.exited(worker, code, signal));
  process.on("SIGTERM", () => workers.stopAll("SIGTERM", 0));
  process.on("SIGINT", () => workers.stopAll("SIGINT", 0));
  log("info", "server_starting", { workers: count, port: env.PORT });
  for (let i = 0; i < count; i++) workers.fork();
}
