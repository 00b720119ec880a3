import fs from "node:fs";
import path from "node:path";

/** Flushes a file's contents to disk. */
export function fsyncFile(file: string): void {
  const fd = fs.openSync(file, "r+");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Flushes a folder's entries, so a rename in it survives a power cut. Not every platform allows it. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, "r");
    fs.fsyncSync(fd);
  } catch {
    /* directories cannot be opened or synced on some platforms; the rename itself is still atomic */
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Removes a database file and the -wal and -shm files SQLite keeps beside it. */
export function removeDatabaseFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}

/** A UTC moment safe in a file name: 20261125T215300Z. */
export function fileTimestamp(now: Date = new Date()): string {
  return now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

/** The folder a database file lives in. */
export function folderOf(file: string): string {
  return path.dirname(path.resolve(file));
}
