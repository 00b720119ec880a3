import fs from "node:fs";
import type { Db } from "../../db/connection";
import { storageFaultCode } from "./storage-faults.server";

export type DbState = "ok" | "readonly" | "full" | "unavailable";

/** Below this much free space on the database's file system the disk counts as full. */
export const MIN_FREE_BYTES = 4 * 1024 * 1024;
/** How long the probe waits for another process's write lock, instead of the 5 s a real write waits. */
const PROBE_BUSY_MS = 200;

function withBusyTimeout<T>(db: Db, ms: number, fn: () => T): T {
  const client = db.$client;
  const saved = client.pragma("busy_timeout", { simple: true }) as number;
  client.pragma(`busy_timeout = ${ms}`);
  try {
    return fn();
  } finally {
    client.pragma(`busy_timeout = ${saved}`);
  }
}

function stateOf(code: string | null): DbState {
  if (code === null) return "unavailable";
  if (code.startsWith("SQLITE_FULL")) return "full";
  if (code.startsWith("SQLITE_READONLY")) return "readonly";
  return "unavailable";
}

/** Pages a write may need before the file counts as full (a page limit, as a quota or in drills). */
const MIN_FREE_PAGES = 16;

/** Pages the file may still gain under its page limit, plus free pages it can reuse. */
function pageHeadroom(db: Db): number {
  const client = db.$client;
  const limit = client.pragma("max_page_count", { simple: true }) as number;
  const used = client.pragma("page_count", { simple: true }) as number;
  const free = client.pragma("freelist_count", { simple: true }) as number;
  return limit - used + free;
}

/**
 * Whether the connection can take a write, found by starting one: BEGIN IMMEDIATE and a
 * write of the header's user_version (set to the value it already has), in a transaction
 * that is always rolled back, so nothing is ever kept and no row counts as changed. A
 * read-only connection or file fails there; a lock held by another process longer than
 * the probe waits counts as unavailable. That write allocates no page, so a file at its
 * page limit is found by arithmetic instead. Costs no fsync: a rolled-back WAL
 * transaction writes nothing to disk.
 */
export function probeWrite(db: Db): DbState {
  const client = db.$client;
  try {
    const version = client.pragma("user_version", { simple: true }) as number;
    withBusyTimeout(db, PROBE_BUSY_MS, () => {
      client.exec("BEGIN IMMEDIATE");
      try {
        client.pragma(`user_version = ${Math.trunc(version)}`);
      } finally {
        if (client.inTransaction) client.exec("ROLLBACK");
      }
    });
    return pageHeadroom(db) < MIN_FREE_PAGES ? "full" : "ok";
  } catch (err) {
    return stateOf(storageFaultCode(err));
  }
}

/**
 * What the file system says, which the rolled-back probe cannot see: a real disk has to
 * have room for the commit it never makes, and a file or mount that turned read-only
 * under an open connection refuses the next open.
 */
export function fileSystemState(db: Db): DbState {
  const file = db.$client.name;
  if (!file || file === ":memory:" || db.$client.memory) return "ok";
  try {
    fs.accessSync(file, fs.constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === "EROFS" || code === "EACCES" || code === "EPERM" ? "readonly" : "unavailable";
  }
  const stats = fs.statfsSync(file);
  return stats.bavail * stats.bsize < MIN_FREE_BYTES ? "full" : "ok";
}

/** Size of the write-ahead log in bytes (0 when there is none). */
export function walBytes(db: Db): number {
  const file = db.$client.name;
  if (!file || db.$client.memory) return 0;
  try {
    return fs.statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

/** Search outbox rows not yet delivered to the search engine (the relay's "pending"). */
export function outboxBacklog(db: Db): number {
  const row = db.$client.prepare("SELECT count(*) AS n FROM search_outbox WHERE done_at IS NULL").get() as { n: number };
  return row.n;
}

/**
 * Copies the log into the database and truncates it to zero bytes. It never waits on other
 * processes: with readers still on old snapshots it checkpoints what it can (as PASSIVE)
 * and reports busy, and the next run finishes the job.
 */
export function checkpointWal(db: Db): { busy: boolean; walBytes: number } {
  const row = withBusyTimeout(db, 0, () => db.$client.pragma("wal_checkpoint(TRUNCATE)")) as { busy: number }[];
  return { busy: row[0]?.busy === 1, walBytes: walBytes(db) };
}

/** WAL size above which a checkpoint that could not truncate is worth a warning. */
const WAL_WARN_BYTES = 64 * 1024 * 1024;

/** The background job: checkpoint, and say so when the log stays large. */
export function checkpointJob(db: Db): void {
  const result = checkpointWal(db);
  if (result.walBytes > WAL_WARN_BYTES) {
    console.warn(JSON.stringify({ level: "warn", event: "wal_large", walBytes: result.walBytes, busy: result.busy }));
  }
}
