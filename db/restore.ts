// Restores a backup into a stopped installation:
//   npm run db:restore -- <backup>
// The backup is checked first (integrity_check, the platform's schema, foreign keys) and a
// damaged one is refused. A live database still open in another process (the server, a
// backup) is refused too. The replaced file is kept as <db>.before-restore-<UTC time>;
// the new one is written under a temporary name in the same folder, synced and renamed
// into place, and no stale -wal or -shm is left beside it.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { writeAudit } from "../app/services/audit.server";
import { openDb, writeTx } from "./connection";
import { fileTimestamp, fsyncDir, fsyncFile, removeDatabaseFiles } from "./durable-files";
import { databasePath, usesDefaultDatabasePath } from "./path";

export class RestoreRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RestoreRefusedError";
  }
}

/**
 * Opens a backup read-only. Reading a file left in WAL mode makes SQLite create an empty
 * -wal and -shm beside it, which a read-only connection cannot remove: `done` removes them
 * again when they were not there before, so checking a backup leaves it as it was.
 */
function openBackup(file: string): { db: Database.Database; done: () => void } {
  const sidecars = [`${file}-wal`, `${file}-shm`].filter((f) => !fs.existsSync(f));
  const db = new Database(file, { readonly: true, fileMustExist: true });
  return {
    db,
    done: () => {
      if (db.open) db.close();
      for (const f of sidecars) if (fs.existsSync(f) && (f.endsWith("-shm") || fs.statSync(f).size === 0)) fs.rmSync(f, { force: true });
    },
  };
}

/** Why a backup must not be restored, or null when it is sound. */
export function backupProblem(file: string): string | null {
  if (!fs.existsSync(file)) return `${file} not found`;
  let opened: ReturnType<typeof openBackup> | undefined;
  try {
    opened = openBackup(file);
    const db = opened.db;
    const check = db.pragma("integrity_check", { simple: true });
    if (check !== "ok") return `${file} failed integrity_check: ${String(check)}`;
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get()) {
      return `${file} is not a market database (no migration ledger)`;
    }
    const orphans = db.prepare("SELECT count(*) AS n FROM pragma_foreign_key_check").get() as { n: number };
    if (orphans.n > 0) return `${file} has ${orphans.n} rows whose foreign keys point nowhere`;
    return null;
  } catch (err) {
    return `${file} cannot be read as a database: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    opened?.done();
  }
}

/**
 * Takes the live database's exclusive lock without waiting. Every open connection in WAL
 * mode holds a shared lock on the file for as long as it is open, so a running server (which
 * opens the database at start) makes this fail with SQLITE_BUSY. When the lock is ours,
 * the WAL is checkpointed into the file and switched off, so the kept copy is one file.
 * A live file too damaged to read cannot be in use by a server (it refuses one at start);
 * its -wal, if any, is kept beside the copy.
 */
function settleLive(live: string): "settled" | "unreadable" {
  let db: Database.Database | undefined;
  try {
    db = new Database(live, { fileMustExist: true, timeout: 0 });
    db.pragma("locking_mode = EXCLUSIVE");
    db.exec("BEGIN EXCLUSIVE; COMMIT");
    db.pragma("wal_checkpoint(TRUNCATE)");
    db.pragma("journal_mode = DELETE");
    return "settled";
  } catch (err) {
    const code = (err as { code?: string }).code ?? "";
    if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
      throw new RestoreRefusedError(`${live} is open in another process (is the server running?); stop it before restoring`);
    }
    if (code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB") return "unreadable";
    throw err;
  } finally {
    db?.close();
  }
}

/** The restored database records where it came from, like every other change. */
function auditRestore(temp: string, backup: string, kept: string | null, now: Date): void {
  const db = openDb(temp, { mustExist: true });
  try {
    writeTx(db, (tx) =>
      writeAudit(tx, {
        actor: null,
        action: "database_restored",
        entity: "database",
        entityId: "main",
        after: { backup: path.basename(backup), replacedKeptAs: kept ? path.basename(kept) : null, restoredAt: now.toISOString() },
      }),
    );
    db.$client.pragma("journal_mode = DELETE");
  } finally {
    db.$client.close();
  }
}

/** Copies the backup beside the live file through SQLite (so a -wal beside the backup counts), then syncs it. */
async function stageCopy(backup: string, temp: string): Promise<void> {
  removeDatabaseFiles(temp);
  const source = openBackup(backup);
  try {
    await source.db.backup(temp);
  } finally {
    source.done();
  }
  const copy = new Database(temp, { fileMustExist: true });
  try {
    copy.pragma("journal_mode = DELETE");
    if (copy.pragma("quick_check", { simple: true }) !== "ok") throw new Error(`the staged copy ${temp} failed quick_check`);
  } finally {
    copy.close();
  }
  fsyncFile(temp);
}

/** Keeps the live file as `kept` (a hard link, or a copy where links are not possible), with its -wal if any. */
function keepReplaced(live: string, kept: string): void {
  try {
    fs.linkSync(live, kept);
  } catch {
    fs.copyFileSync(live, kept, fs.constants.COPYFILE_EXCL);
    fsyncFile(kept);
  }
  if (fs.existsSync(`${live}-wal`)) fs.renameSync(`${live}-wal`, `${kept}-wal`);
}

export async function restoreDatabase(backup: string, live: string, now: Date = new Date()): Promise<{ kept: string | null; ms: number }> {
  const started = performance.now();
  if (path.resolve(backup) === path.resolve(live)) throw new RestoreRefusedError("the backup is the live database itself");
  const problem = backupProblem(backup);
  if (problem) throw new RestoreRefusedError(`refusing a damaged backup: ${problem}`);
  const folder = path.dirname(live);
  if (!fs.existsSync(folder)) throw new RestoreRefusedError(`folder not found: ${folder} (is the volume mounted?)`);
  const kept = fs.existsSync(live) ? `${live}.before-restore-${fileTimestamp(now)}` : null;
  if (kept && fs.existsSync(kept)) throw new RestoreRefusedError(`${kept} already exists; try again in a second`);
  if (kept) settleLive(live);
  const temp = `${live}.restore-${process.pid}`;
  try {
    await stageCopy(backup, temp);
    auditRestore(temp, backup, kept, now);
    fsyncFile(temp);
    if (kept) keepReplaced(live, kept);
    for (const stale of [`${live}-wal`, `${live}-shm`, `${live}-journal`]) fs.rmSync(stale, { force: true });
    fs.renameSync(temp, live);
    fsyncDir(folder);
    return { kept, ms: Math.round(performance.now() - started) };
  } finally {
    removeDatabaseFiles(temp);
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0]!.length > 4096) {
    console.error("usage: npm run db:restore -- <backup file>   (with the server stopped)");
    return 2;
  }
  const live = path.resolve(databasePath());
  if (usesDefaultDatabasePath()) fs.mkdirSync(path.dirname(live), { recursive: true });
  try {
    const r = await restoreDatabase(path.resolve(args[0]!), live);
    const kept = r.kept ? `; the replaced database is kept as ${r.kept}` : "";
    console.log(`restored ${path.resolve(args[0]!)} into ${live} in ${r.ms} ms${kept}`);
    return 0;
  } catch (err) {
    console.error(`restore refused: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main();
