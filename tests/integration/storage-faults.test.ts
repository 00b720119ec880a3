// Drill D4 (disk full) and the read-only database: every write answers 503 with Retry-After,
// nothing is half-written, reads keep working, and writes resume once the fault clears.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openDb, type Db } from "../../db/connection";
import * as health from "../../app/routes/healthz";
import * as login from "../../app/routes/login";
import * as newContract from "../../app/routes/contracts.new";
import * as needDetail from "../../app/routes/needs.$id";
import * as needsIndex from "../../app/routes/needs._index";
import * as needsNew from "../../app/routes/needs.new";
import { useDatabase } from "../../app/services/db.server";
import { localeCookie } from "../../app/services/locale.server";
import { getSearch } from "../../app/services/search.server";
import { withStorageFaults } from "../../app/services/storage-faults.server";
import { makeOrg, makeUser, req, statusOf, TEST_PASSWORD, useAppDb, type TestUser } from "../helpers/app";
import { contractForm, makeContractWorld } from "./contracts-fixtures";

let db: Db;
let cleanup: () => void;
let owner: TestUser;

beforeEach(async () => {
  ({ db, cleanup } = useAppDb());
  owner = await makeUser(db, "enterprise", makeOrg(db, "enterprise").id);
  // A running server opened its search engine at start, before any fault.
  getSearch();
});
afterEach(() => {
  vi.restoreAllMocks();
  cleanup();
});

const LONG = "焦炉煤气变压吸附制氢装置氢气纯度提升到燃料电池用氢标准，同时降低能耗。".repeat(100);

function needForm(description = LONG): Record<string, string | string[]> {
  return {
    title: "焦炉煤气制氢提纯工艺优化",
    description: description.slice(0, 3900),
    industryChainId: "hydrogen",
    techFieldCode: "602",
    budgetMinWan: "100",
    budgetMaxWan: "300",
    cooperationModes: ["joint_dev", "commissioned_dev"],
    expectedTrl: "7",
    deadline: "2099-12-31",
    countyCode: "141122",
    contactName: "王工",
    contactPhone: "13812345678",
    contactEmail: "wang@example.com",
  };
}

type DataFunction = (args: { request: Request; params: Record<string, string>; context: object }) => unknown;
const call = (fn: unknown, request: Request, params: Record<string, string> = {}) =>
  statusOf(() => withStorageFaults(fn as DataFunction)({ request, params, context: {} }));

async function postNeed(cookie = owner.cookie, description?: string) {
  const headers = { "x-request-id": "req-d4" };
  return call(needsNew.action, req("/needs/new", { cookie, form: needForm(description), headers }));
}

/** Row counts of every table in the file: nothing may change when a write fails. */
function countAll(): Record<string, number> {
  const tables = db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    counts[name] = (db.$client.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n;
  }
  return counts;
}

async function healthOf() {
  const res = health.loader();
  return { status: res.status, body: (await res.json()) as health.Health };
}

/** Caps the file at its current size, as a full disk would. */
function fillDisk(): void {
  db.$client.exec("VACUUM");
  expect(db.$client.pragma("freelist_count", { simple: true })).toBe(0);
  db.$client.pragma(`max_page_count = ${db.$client.pragma("page_count", { simple: true }) as number}`);
}
const clearDisk = () => db.$client.pragma("max_page_count = 1073741823");

/**
 * Makes the audit event, written after the business rows, grow into a new page, so on a
 * full disk it is a later statement that fails. A JS function records, outside the
 * transaction, how many rows of `table` that statement saw.
 */
function growOnAudit(table: string): number[] {
  const seen: number[] = [];
  db.$client.function("seen_rows", (n: unknown) => (seen.push(Number(n)), 1));
  db.$client.exec(`CREATE TEMP TRIGGER grow_on_audit AFTER INSERT ON main.audit_events
    WHEN seen_rows((SELECT count(*) FROM main.${table})) BEGIN
    INSERT INTO search_outbox (entity, entity_id, op, last_error) VALUES ('need', 0, 'upsert', hex(zeroblob(10000)));
  END`);
  return seen;
}

function expectFaultResponse(result: Awaited<ReturnType<typeof statusOf>>) {
  expect(result.status).toBe(503);
  expect(result.response!.headers.get("Retry-After")).toBe("30");
}

describe("D4: disk full", () => {
  it("answers 503 with Retry-After, keeps every table unchanged, and takes the same write once there is room", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    fillDisk();
    const before = countAll();
    const failed = await postNeed();
    expectFaultResponse(failed);
    const body = (await failed.response!.json()) as { message: string; locale: string };
    expect(body).toMatchObject({ storageFault: true, locale: "zh-CN" });
    expect(body.message).toContain("只读");
    expect(countAll()).toEqual(before);
    expect(db.$client.inTransaction).toBe(false);
    expect(db.$client.pragma("integrity_check", { simple: true })).toBe("ok");

    // One JSON line with the code and the request id; no stack, no form values.
    expect(errors).toHaveBeenCalledTimes(1);
    const line = JSON.parse(errors.mock.calls[0]![0] as string) as Record<string, unknown>;
    expect(line).toMatchObject({ level: "error", event: "storage_fault", code: "SQLITE_FULL", requestId: "req-d4", path: "/needs/new" });
    expect(errors.mock.calls[0]![0]).not.toContain("王工");

    expect(await healthOf()).toMatchObject({ status: 503, body: { status: "error", db: "full" } });

    clearDisk();
    const saved = await postNeed();
    expect(saved.status).toBe(302);
    const after = countAll();
    expect(after.needs).toBe(before.needs! + 1);
    expect(after.audit_events).toBeGreaterThan(before.audit_events!);
    expect(await healthOf()).toMatchObject({ status: 200, body: { status: "ok", db: "ok" } });
  });

  it("rolls back the statements that had already succeeded when a later one finds the disk full", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const seen = growOnAudit("needs");
    fillDisk();
    const before = countAll();
    expectFaultResponse(await postNeed(owner.cookie, "短描述：焦炉煤气制氢提纯工艺优化需求说明"));
    expect(seen).toEqual([before.needs! + 1]);
    expect(countAll()).toEqual(before);
    expect(db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
    db.$client.exec("DROP TRIGGER temp.grow_on_audit");
    clearDisk();
    expect((await postNeed()).status).toBe(302);
  });

  it("a contract recorded through its form is all or nothing", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const w = await makeContractWorld(db);
    const record = () => call(newContract.action, req("/contracts/new", { cookie: w.broker.cookie, form: contractForm(db, w.buyerOrg.id, w.sellerOrg.id) }));
    const seen = growOnAudit("contracts");
    fillDisk();
    const before = countAll();
    expectFaultResponse(await record());
    expect(seen[0]).toBe(before.contracts! + 1);
    expect(countAll()).toEqual(before);
    expect(db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
    db.$client.exec("DROP TRIGGER temp.grow_on_audit");
    clearDisk();
    expect((await record()).status).toBe(302);
    expect(countAll().contracts).toBe(before.contracts! + 1);
  });

  it("speaks the visitor's language", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    fillDisk();
    const lang = (await localeCookie.serialize("en")).split(";")[0]!;
    const failed = await postNeed(`${owner.cookie}; ${lang}`);
    expectFaultResponse(failed);
    expect(await failed.response!.json()).toMatchObject({
      locale: "en",
      message: "The platform is read-only for the moment and nothing was saved. Please try again shortly.",
    });
  });
});

describe("read-only database", () => {
  let draftId: number;
  beforeEach(async () => {
    const saved = await postNeed();
    draftId = Number(/\/needs\/(\d+)/.exec(saved.response!.headers.get("Location")!)![1]);
  });
  const readNeeds = async () => {
    const list = await call(needsIndex.loader, req("/needs", { cookie: owner.cookie }));
    const detail = await call(needDetail.loader, req(`/needs/${draftId}`, { cookie: owner.cookie }), { id: String(draftId) });
    return { status: Math.max(list.status, detail.status) };
  };
  const signIn = () => call(login.action, req("/login", { form: { email: owner.user.email, password: TEST_PASSWORD, redirectTo: "/" } }));

  it("query_only (a connection that refuses writes): writes and logins 503, reads 200, health 503, then writes resume", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    db.$client.pragma("query_only = 1");
    const before = countAll();
    expectFaultResponse(await postNeed());
    expectFaultResponse(await signIn());
    expect((await readNeeds()).status).toBe(200);
    expect(countAll()).toEqual(before);
    expect(await healthOf()).toMatchObject({ status: 503, body: { db: "readonly" } });

    db.$client.pragma("query_only = 0");
    expect((await postNeed()).status).toBe(302);
    expect((await signIn()).status).toBe(302);
    expect(await healthOf()).toMatchObject({ status: 200, body: { db: "ok" } });
  });

  it("a read-only open (a file or mount that turned read-only): the same, until the writable connection is back", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const readOnly = openDb(db.$client.name, { readonly: true });
    useDatabase(readOnly);
    try {
      expectFaultResponse(await postNeed());
      expectFaultResponse(await signIn());
      expect((await readNeeds()).status).toBe(200);
      expect(await healthOf()).toMatchObject({ status: 503, body: { db: "readonly" } });
    } finally {
      useDatabase(db);
      readOnly.$client.close();
    }
    expect((await postNeed()).status).toBe(302);
    expect(await healthOf()).toMatchObject({ status: 200, body: { db: "ok" } });
  });
});
