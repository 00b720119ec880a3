// The online backup finishes while another connection keeps growing the database between
// its steps, and the copy holds every row committed before it began.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { backupDatabase } from "../../db/backup";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-backup-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("online backup under a writer that grows the file", () => {
  it("finishes, instead of restarting after every write", async () => {
    const live = path.join(work, "live.db");
    const setup = new Database(live);
    setup.pragma("journal_mode = WAL");
    setup.exec("CREATE TABLE rows (id INTEGER PRIMARY KEY, pad TEXT NOT NULL) STRICT");
    const fill = setup.prepare("INSERT INTO rows (pad) VALUES (?)");
    setup.transaction(() => {
      for (let i = 0; i < 3000; i++) fill.run("p".repeat(1500));
    })();
    const before = (setup.prepare("SELECT count(*) AS n FROM rows").get() as { n: number }).n;

    // Another connection adds a few pages on every turn of the event loop, which is where
    // better-sqlite3 runs the backup's steps: each write restarts an unfinished backup.
    let writes = 0;
    let writing = true;
    const grow = (): void => {
      if (!writing) return;
      setup.transaction(() => {
        for (let i = 0; i < 8; i++) fill.run("w".repeat(1500));
      })();
      writes++;
      setImmediate(grow);
    };
    setImmediate(grow);

    const target = path.join(work, "copy.db");
    const deadline = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("the backup did not finish in 30 s")), 30_000));
    try {
      const r = await Promise.race([backupDatabase(live, target), deadline]);
      expect(r.file).toBe(target);
      expect(r.pages).toBeGreaterThan(1000);
    } finally {
      writing = false;
      setup.close();
    }
    expect(writes).toBeGreaterThan(0);
    const copy = new Database(target, { readonly: true, fileMustExist: true });
    try {
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
      const n = (copy.prepare("SELECT count(*) AS n FROM rows").get() as { n: number }).n;
      expect(n).toBeGreaterThanOrEqual(before);
      expect((n - before) % 8).toBe(0);
    } finally {
      copy.close();
    }
    expect(fs.readdirSync(work).filter((f) => f.startsWith("copy.db"))).toEqual(["copy.db"]);
  }, 60_000);
});
