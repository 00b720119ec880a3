import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

// The journeys that publish needs share one database, and one of them checks that this year's
// needs-list figure rises by exactly the needs it approved. A publication elsewhere in between
// would add to the figure, so each journey holds this lock (a file made with O_EXCL, one per
// server port) while it publishes needs or reads the figure around its own publications.

const LOCK = path.join(os.tmpdir(), `lsm-e2e-needs-list-${process.env.E2E_PORT ?? "3100"}.lock`);
/** A lock older than this was left by a worker that died holding it. */
const STALE_MS = 150_000;

export async function withNeedsListLock<T>(fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await (await fs.open(LOCK, "wx")).close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const stat = await fs.stat(LOCK).catch(() => null);
      if (stat && Date.now() - stat.mtimeMs > STALE_MS) await fs.rm(LOCK, { force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await fn();
  } finally {
    await fs.rm(LOCK, { force: true });
  }
}
