// One serving process: opens the database, listens, runs the background jobs, and stops
// cleanly. It is part of the Remix build (app/entry.server.tsx exports it), so the server
// and the routes share one copy of every service: one connection, one search layer.
import cluster from "node:cluster";
import type { Server } from "node:http";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import { databaseChangeToken } from "../../db/change-token";
import { closeDatabase, getDb, openDatabaseOrExit } from "../services/db.server";
import { getEnv } from "../services/env.server";
import { startBackgroundJobs, type BackgroundJobs } from "../services/jobs.server";
import { openedSearch } from "../services/search.server";
import { createApp } from "./app";
import { balanceConnections } from "./balance";

/** How long after it listens a worker starts its background jobs. */
const JOBS_START_DELAY_MS = 1000;

function log(event: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ level: "info", event, pid: process.pid, ...fields }));
}

/**
 * Stops accepting, lets requests in flight finish, and closes keep-alive connections as soon
 * as they fall idle; whatever is still open after `limitMs` is cut.
 */
export function closeServer(server: Server, limitMs: number): Promise<"drained" | "cut"> {
  return new Promise((resolve) => {
    let outcome: "drained" | "cut" = "drained";
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    const limit = setTimeout(() => {
      outcome = "cut";
      server.closeAllConnections();
    }, limitMs);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(limit);
      resolve(outcome);
    });
    server.closeIdleConnections();
  });
}

async function stopServing(server: Server, jobs: BackgroundJobs | null, reason: string): Promise<void> {
  const limitMs = getEnv().SHUTDOWN_TIMEOUT_MS;
  log("server_stopping", { reason, limitMs });
  const requests = await closeServer(server, limitMs);
  // A job stuck on a remote server must not keep the process from stopping.
  await Promise.race([jobs?.stop(), new Promise((resolve) => setTimeout(resolve, limitMs).unref())]);
  openedSearch()?.close();
  closeDatabase();
  log("server_stopped", { requests });
}

/** Serves the build until SIGTERM or SIGINT (or the cluster's primary going away), then exits 0. */
export function serve(build: ServerBuild): void {
  const env = getEnv();
  // The database must exist and be sound before anything is served; db/prepare.ts creates it.
  openDatabaseOrExit();
  const app = createApp(build, env, databaseChangeToken(getDb().$client));
  let jobs: BackgroundJobs | null = null;
  let jobsLater: NodeJS.Timeout | undefined;
  const server = app.listen(env.PORT, () => {
    log("server_listening", { url: `http://localhost:${env.PORT}`, worker: cluster.worker?.id ?? null, startMs: Math.round(process.uptime() * 1000) });
    // The first requests (a load balancer's health check) are not queued behind the jobs'
    // first run: jieba's dictionary and a fresh index's first batches hold the event loop.
    jobsLater = setTimeout(() => (jobs = startBackgroundJobs()), JOBS_START_DELAY_MS);
    if (env.NODE_ENV === "development") void broadcastDevReady(build);
  });
  balanceConnections(server);
  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    clearTimeout(jobsLater);
    stopServing(server, jobs, reason).then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(JSON.stringify({ level: "error", event: "server_stop_failed", message: String(err) }));
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  if (cluster.isWorker) process.on("disconnect", () => stop("primary gone"));
}
