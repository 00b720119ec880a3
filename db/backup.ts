// Online backup of the live database while the server keeps running and writing:
//   npm run db:backup -- <file>      write the copy to <file> (which must not exist)
//   npm run db:backup -- <folder>    write it as <folder>/market-<UTC time>.db
// The copy is taken with SQLite's online backup API (a consistent snapshot, never a plain
// file copy of a live database), made a single self-contained file, checked with
// integrity_check and only then given its name. One line reports path, pages, bytes and ms.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { DatabaseMissingError, openSqlite } from "./connection";
import { fileTimestamp, fsyncDir, fsyncFile, removeDatabaseFiles } from "./durable-files";
import { databasePath, missingDatabaseHelp } from "./path";

export interface BackupResult {
  file: string;
  pages: number;
  bytes: number;
  ms: number;
}

/** Where the copy goes: the named file, or a time-stamped file in the named folder. */
export function backupTarget(arg: string, now: Date = new Date()): string {
  const target = path.resolve(arg);
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) return path.join(target, `market-${fileTimestamp(now)}.db`);
  if (/[\\/]$/.test(arg)) throw new Error(`folder not found: ${target}`);
  return target;
}

/** Checks a finished copy and turns it into one file without a WAL; returns its page count. */
function sealCopy(file: string): number {
  const copy = new Database(file, { fileMustExist: true });
  try {
    copy.pragma("journal_mode = DELETE");
    const check = copy.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new Error(`the copy failed integrity_check: ${String(check)}`);
    return copy.pragma("page_count", { simple: true }) as number;
  } finally {
    copy.close();
  }
}

/** Pages per backup step: every remaining page, the most better-sqlite3 passes on. */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies the live database at `live` to `target` with the online backup API, all pages in
 * one step under one read snapshot. A write by another connection between two steps restarts
 * the backup, and a step sized to the page count seen before it falls short once the writer
 * has grown the file: under steady writes that never finishes, so no step is sized that way.
 */
export async function backupDatabase(live: string, target: string): Promise<BackupResult> {
  if (fs.existsSync(target)) throw new Error(`${target} already exists; a backup never overwrites a file`);
  if (!fs.existsSync(path.dirname(target))) throw new Error(`folder not found: ${path.dirname(target)}`);
  const started = performance.now();
  const partial = `${target}.partial-${process.pid}`;
  removeDatabaseFiles(partial);
  const source = openSqlite(live, { mustExist: true });
  try {
    await source.backup(partial, { progress: () => ALL_PAGES });
    const pages = sealCopy(partial);
    fsyncFile(partial);
    fs.renameSync(partial, target);
    fsyncDir(path.dirname(target));
    return { file: target, pages, bytes: fs.statSync(target).size, ms: Math.round(performance.now() - started) };
  } catch (err) {
    removeDatabaseFiles(partial);
    throw err;
  } finally {
    source.close();
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0]!.length > 4096) {
    console.error("usage: npm run db:backup -- <file or existing folder>");
    return 2;
  }
  const live = path.resolve(databasePath());
  try {
    const r = await backupDatabase(live, backupTarget(args[0]!));
    console.log(`backup ${r.file}: ${r.pages} pages, ${r.bytes} bytes, ${r.ms} ms, integrity ok`);
    return 0;
  } catch (err) {
    console.error(err instanceof DatabaseMissingError ? missingDatabaseHelp(live) : `backup failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main();
