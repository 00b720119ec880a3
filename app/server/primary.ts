import cluster, { type Worker } from "node:cluster";
import os from "node:os";
import { getEnv, type Env } from "../services/env.server";

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
 * Starts WEB_CONCURRENCY workers (the number of cores unless set) and keeps them running:
 * a worker that dies after it started serving is replaced; one that cannot start at all (a
 * missing database, a port in use) stops the whole server with its exit code, because a
 * replacement would fail the same way. SIGTERM and SIGINT go to every worker; the primary
 * exits when they have stopped.
 */
export function runPrimary(script: string): void {
  const env = readEnv();
  const count = env.WEB_CONCURRENCY ?? os.availableParallelism();
  // Workers run the server's entry, whatever script started the primary (npm start's).
  cluster.setupPrimary({ exec: script });
  const live = new Set<Worker>();
  const served = new WeakSet<Worker>();
  const crashes: number[] = [];
  let stopping = false;
  let exitCode = 0;

  const fork = () => {
    const worker = cluster.fork();
    live.add(worker);
    worker.once("listening", () => served.add(worker));
  };

  const stopAll = (signal: NodeJS.Signals, code: number) => {
    exitCode = Math.max(exitCode, code);
    if (stopping) return;
    stopping = true;
    log("info", "server_stopping", { signal, workers: live.size });
    for (const worker of live) worker.process.kill(signal);
    setTimeout(() => {
      log("error", "workers_killed", { afterMs: env.SHUTDOWN_TIMEOUT_MS + KILL_GRACE_MS });
      for (const worker of live) worker.process.kill("SIGKILL");
      process.exit(1);
    }, env.SHUTDOWN_TIMEOUT_MS + KILL_GRACE_MS).unref();
  };

  cluster.on("exit", (worker, code, signal) => {
    live.delete(worker);
    const remaining = live.size;
    if (stopping) {
      if (code !== 0) exitCode = Math.max(exitCode, 1);
      if (remaining === 0) process.exit(exitCode);
      return;
    }
    if (!served.has(worker)) {
      log("error", "worker_start_failed", { worker: worker.process.pid, code, signal });
      stopAll("SIGTERM", code || 1);
      if (remaining === 0) process.exit(exitCode);
      return;
    }
    const now = Date.now();
    crashes.push(now);
    while (crashes.length && crashes[0]! < now - CRASH_WINDOW_MS) crashes.shift();
    const delayMs = restartDelay(crashes.length);
    log("warn", "worker_replaced", { worker: worker.process.pid, code, signal, delayMs });
    setTimeout(() => stopping || fork(), delayMs);
  });

  process.on("SIGTERM", () => stopAll("SIGTERM", 0));
  process.on("SIGINT", () => stopAll("SIGINT", 0));
  log("info", "server_starting", { workers: count, port: env.PORT });
  for (let i = 0; i < count; i++) fork();
}
