import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDb, writeTx, type Db } from "../../db/connection";
import { searchOutbox } from "../../db/schema";
import * as health from "../../app/routes/healthz";
import { fileSystemState, probeWrite } from "../../app/services/db-health.server";
import { getSearch } from "../../app/services/search.server";
import { useAppDb } from "../helpers/app";

let db: Db;
let cleanup: () => void;
beforeEach(() => {
  ({ db, cleanup } = useAppDb());
});
afterEach(() => cleanup());

async function check() {
  const res = health.loader();
  return { status: res.status, cacheControl: res.headers.get("Cache-Control"), body: (await res.json()) as health.Health };
}

const count = (table: string) => (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe("GET /healthz", () => {
  it("answers ok with the search engine, the outbox backlog and the WAL size", async () => {
    const { status, cacheControl, body } = await check();
    expect(status).toBe(200);
    expect(cacheControl).toBe("no-store");
    expect(body).toEqual({ status: "ok", db: "ok", search: "embedded", searchIndex: "ready", outboxBacklog: 0, walBytes: expect.any(Number) });
  });

  it("counts the outbox rows not yet delivered, and the probe changes no row", async () => {
    writeTx(db, (tx) => {
      tx.insert(searchOutbox).values({ entity: "need", entityId: 1, op: "upsert" }).run();
      tx.insert(searchOutbox).values({ entity: "need", entityId: 2, op: "upsert", doneAt: new Date().toISOString() }).run();
    });
    const changes = () => (db.$client.prepare("SELECT total_changes() AS n").get() as { n: number }).n;
    getSearch(); // opened at server start; its first open creates its tables
    const [rows, before] = [count("search_outbox"), changes()];
    expect((await check()).body.outboxBacklog).toBe(1);
    expect(count("search_outbox")).toBe(rows);
    expect(changes()).toBe(before);
    expect(db.$client.inTransaction).toBe(false);
  });

  it("answers 503 unavailable when the database cannot be read", async () => {
    db.$client.close();
    const { status, body } = await check();
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: "error", db: "unavailable" });
  });

  it("answers 503 full when the file may not grow, which a write that allocates no page would not notice", async () => {
    db.$client.pragma(`max_page_count = ${db.$client.pragma("page_count", { simple: true }) as number}`);
    expect(() => writeTx(db, () => db.$client.pragma("user_version = 1"))).not.toThrow();
    expect(await check()).toMatchObject({ status: 503, body: { status: "error", db: "full" } });
    db.$client.pragma("max_page_count = 1073741823");
    expect((await check()).status).toBe(200);
  });

  it("answers 503 readonly for a connection that refuses writes", async () => {
    db.$client.pragma("query_only = 1");
    expect(await check()).toMatchObject({ status: 503, body: { db: "readonly" } });
    db.$client.pragma("query_only = 0");
    expect((await check()).status).toBe(200);
  });

  it("answers 503 unavailable, quickly, while another process holds the write lock", async () => {
    getSearch(); // opened at server start, before any lock
    const other = openDb(db.$client.name);
    other.$client.exec("BEGIN IMMEDIATE");
    try {
      const started = Date.now();
      expect(await check()).toMatchObject({ status: 503, body: { db: "unavailable" } });
      // The probe waits 200 ms, not the 5 s busy timeout of a write.
      expect(Date.now() - started).toBeLessThan(3000);
      expect(db.$client.pragma("busy_timeout", { simple: true })).toBe(5000);
    } finally {
      other.$client.exec("ROLLBACK");
      other.$client.close();
    }
    expect((await check()).status).toBe(200);
  });

  it("the probe and the file-system check agree on a healthy file", () => {
    expect(probeWrite(db)).toBe("ok");
    expect(fileSystemState(db)).toBe("ok");
  });
});
