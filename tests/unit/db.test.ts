import { afterEach, describe, expect, it } from "vitest";
import { openDb } from "../../db/connection";
import { createTestDb } from "../helpers/db";

describe("database connection", () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it("sets WAL, synchronous=FULL, foreign keys and a busy timeout on every open (D2)", () => {
    const t = createTestDb();
    cleanups.push(t.cleanup);
    const second = openDb(t.file);
    for (const db of [t.db, second]) {
      expect(db.$client.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.$client.pragma("synchronous", { simple: true })).toBe(2);
      expect(db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(db.$client.pragma("busy_timeout", { simple: true })).toBeGreaterThanOrEqual(5000);
    }
    second.$client.close();
  });

  it("refuses UPDATE and DELETE on audit events", () => {
    const t = createTestDb();
    cleanups.push(t.cleanup);
    const c = t.db.$client;
    c.prepare("INSERT INTO audit_events (action, entity, entity_id) VALUES ('create','need','1')").run();
    expect(() => c.prepare("UPDATE audit_events SET action='x'").run()).toThrow(/append-only/);
    expect(() => c.prepare("DELETE FROM audit_events").run()).toThrow(/append-only/);
  });
});
