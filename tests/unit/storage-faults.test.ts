import Database from "better-sqlite3";
import { DrizzleQueryError } from "drizzle-orm/errors";
import type { ServerBuild } from "@remix-run/node";
import { afterEach, describe, expect, it, vi } from "vitest";
import { handleError } from "../../app/entry.server";
import { useDatabase } from "../../app/services/db.server";
import { guardStorageFaults, isStorageFault, storageFaultCode, withStorageFaults } from "../../app/services/storage-faults.server";
import { createTestDb } from "../helpers/db";
import { UNSAFE_ErrorResponseImpl as ErrorResponseImpl } from "@remix-run/router";

const fault = (code: string) => new Database.SqliteError("storage says no", code);
const args = () => ({ request: new Request("http://localhost/x", { method: "POST" }), params: {}, context: { cspNonce: "" } });

afterEach(() => vi.restoreAllMocks());

describe("storageFaultCode", () => {
  it.each([
    "SQLITE_FULL",
    "SQLITE_READONLY",
    "SQLITE_READONLY_DBMOVED",
    "SQLITE_READONLY_DIRECTORY",
    "SQLITE_IOERR",
    "SQLITE_IOERR_WRITE",
    "SQLITE_IOERR_FSYNC",
    "SQLITE_CANTOPEN",
    "SQLITE_BUSY",
    "SQLITE_BUSY_SNAPSHOT",
    "SQLITE_LOCKED",
  ])("%s is a storage fault", (code) => {
    expect(storageFaultCode(fault(code))).toBe(code);
  });

  it.each(["SQLITE_CONSTRAINT_UNIQUE", "SQLITE_ERROR", "SQLITE_MISMATCH", "SQLITE_CORRUPT"])("%s is not", (code) => {
    expect(isStorageFault(fault(code))).toBe(false);
  });

  it("sees through drizzle's query error, and ignores anything that is not an Error", () => {
    expect(storageFaultCode(new DrizzleQueryError("INSERT …", [], fault("SQLITE_FULL")))).toBe("SQLITE_FULL");
    expect(isStorageFault(new Error("boom"))).toBe(false);
    expect(isStorageFault({ code: "SQLITE_FULL" })).toBe(false);
    expect(isStorageFault(null)).toBe(false);
  });
});

describe("withStorageFaults", () => {
  it("passes results, thrown Responses and other errors through unchanged", async () => {
    const ok = new Response("fine");
    expect(await withStorageFaults(async () => ok)(args())).toBe(ok);
    const redirect = new Response(null, { status: 302 });
    await expect(withStorageFaults(() => Promise.reject(redirect))(args())).rejects.toBe(redirect);
    const bug = new TypeError("bug");
    await expect(withStorageFaults(() => Promise.reject(bug))(args())).rejects.toBe(bug);
  });

  it("turns a fault into a thrown 503 and closes a transaction left open on the connection", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const t = createTestDb();
    useDatabase(t.db);
    try {
      t.db.$client.exec("BEGIN IMMEDIATE");
      const thrown = await withStorageFaults(() => {
        throw fault("SQLITE_IOERR_WRITE");
      })(args()).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(503);
      expect((thrown as Response).headers.get("Retry-After")).toBe("30");
      expect(t.db.$client.inTransaction).toBe(false);
    } finally {
      useDatabase(undefined);
      t.cleanup();
    }
  });
});

describe("guardStorageFaults", () => {
  function fakeBuild(): ServerBuild {
    const failing = () => {
      throw fault("SQLITE_FULL");
    };
    return {
      routes: {
        root: { id: "root", path: "", module: { default: () => null, loader: () => "root data" } },
        write: { id: "write", parentId: "root", path: "write", module: { default: () => null, action: failing, loader: failing } },
        page: { id: "page", parentId: "root", path: "page", module: { default: () => null } },
      },
      entry: { module: { default: (_r: Request, status: number, headers: Headers) => new Response(null, { status, headers }) } },
    } as unknown as ServerBuild;
  }

  it("guards every loader and action and leaves modules without them alone", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const build = fakeBuild();
    const guarded = guardStorageFaults(build);
    expect(await guarded.routes.root!.module.loader!(args() as never)).toBe("root data");
    for (const fn of [guarded.routes.write!.module.action!, guarded.routes.write!.module.loader!]) {
      const thrown = await Promise.resolve(fn(args() as never)).catch((e: unknown) => e);
      expect((thrown as Response).status).toBe(503);
    }
    expect(guarded.routes.page!.module.loader).toBeUndefined();
    expect(guarded.routes.page!.module.default).toBe(build.routes.page!.module.default);
  });

  it("puts Retry-After on a 503 page, and only there", async () => {
    const entry = guardStorageFaults(fakeBuild()).entry.module.default;
    const run = (status: number) => entry(new Request("http://localhost/"), status, new Headers(), {} as never, {} as never) as Response;
    expect(run(503).headers.get("Retry-After")).toBe("30");
    expect(run(500).headers.get("Retry-After")).toBeNull();
    expect(run(200).headers.get("Retry-After")).toBeNull();
  });

  it("puts Retry-After on a 503 answer to the page's data request too", async () => {
    const handle = guardStorageFaults(fakeBuild()).entry.module.handleDataRequest!;
    const dataArgs = { request: new Request("http://localhost/write.data"), params: {}, context: { cspNonce: "" } };
    const run = async (status: number) => (await handle(new Response(null, { status, headers: { "X-Remix-Response": "yes" } }), dataArgs)).headers;
    expect((await run(503)).get("Retry-After")).toBe("30");
    expect((await run(503)).get("Cache-Control")).toBe("no-store");
    expect((await run(400)).get("Retry-After")).toBeNull();
  });
});

describe("handleError", () => {
  it("logs a storage fault as one JSON line, not a stack trace", () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const request = new Request("http://localhost/needs/new", { headers: { "x-request-id": "r1" } });
    handleError(fault("SQLITE_READONLY"), { request, params: {}, context: { cspNonce: "" } });
    expect(errors).toHaveBeenCalledTimes(1);
    const line = errors.mock.calls[0]![0] as string;
    expect(JSON.parse(line)).toMatchObject({ event: "storage_fault", code: "SQLITE_READONLY", requestId: "r1" });
    expect(line).not.toContain("at ");
  });

  it("still logs any other error in full", () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const bug = new Error("bug");
    handleError(bug, { request: new Request("http://localhost/"), params: {}, context: { cspNonce: "" } });
    expect(errors).toHaveBeenCalledWith(bug);
  });

  it("logs a request the router refused (a POST where there is no action) as one warn line", () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    const refused = new ErrorResponseImpl(405, "Method Not Allowed", "no action", true);
    handleError(refused, { request: new Request("http://localhost/", { method: "POST" }), params: {}, context: { cspNonce: "" } });
    expect(errors).not.toHaveBeenCalled();
    expect(JSON.parse(warnings.mock.calls[0]![0] as string)).toMatchObject({ event: "request_refused", status: 405, method: "POST", path: "/" });
  });
});
