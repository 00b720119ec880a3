import { json, type ServerBuild } from "@remix-run/node";
import { makeT } from "../i18n";
import { openedDb } from "./db.server";
import { getLocale } from "./locale.server";

/** Seconds a client should wait before trying again while the database refuses writes. */
export const RETRY_AFTER_SECONDS = 30;

// SQLite result codes that mean "the storage cannot take this write right now", not "the
// code is wrong": a full disk or page limit, a read-only file or connection, an I/O error,
// a file that cannot be opened, or a lock still held after the busy timeout.
const FAULT_CODE = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|BUSY|LOCKED)(_[A-Z_]+)?$/;

/**
 * The SQLite code of a storage fault, or null. better-sqlite3 throws `SqliteError` with a
 * `code`; drizzle wraps it in a query error whose `cause` is the original.
 */
export function storageFaultCode(err: unknown): string | null {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && FAULT_CODE.test(code)) return code;
    current = current.cause;
  }
  return null;
}

export function isStorageFault(err: unknown): boolean {
  return storageFaultCode(err) !== null;
}

/** One log line per fault: the code and where, never the body or the query's parameters. */
export function logStorageFault(code: string, request: Request | undefined): void {
  const url = request ? new URL(request.url) : null;
  console.error(
    JSON.stringify({
      level: "error",
      event: "storage_fault",
      code,
      requestId: request?.headers.get("x-request-id") ?? null,
      method: request?.method ?? null,
      path: url?.pathname ?? null,
    }),
  );
}

/**
 * A failed statement inside `writeTx` is rolled back by better-sqlite3, and SQLite rolls
 * back the whole transaction itself on FULL or IOERR. Should any other path have left a
 * transaction open, close it so the connection takes writes again once the fault clears.
 * No legitimate transaction can be open here: transactions are synchronous and this runs
 * after an await.
 */
function releaseOpenTransaction(): void {
  const client = openedDb()?.$client;
  try {
    if (client?.open && client.inTransaction) client.exec("ROLLBACK");
  } catch {
    /* the rollback itself failed: SQLite has already ended the transaction */
  }
}

/** The 503 a storage fault answers with, in the visitor's language. */
export async function storageFaultResponse(request: Request): Promise<Response> {
  let locale: Awaited<ReturnType<typeof getLocale>> = "zh-CN";
  try {
    locale = await getLocale(request);
  } catch {
    /* an unreadable cookie keeps the default language */
  }
  return json(
    { storageFault: true, locale, message: makeT(locale)("error.readOnly") },
    { status: 503, headers: { "Retry-After": String(RETRY_AFTER_SECONDS), "Cache-Control": "no-store" } },
  );
}

type DataArgs = { request: Request };
type DataFunction = (args: DataArgs) => unknown;

/** Wraps a loader or action so a storage fault becomes a thrown 503 instead of a crash. */
export function withStorageFaults<A extends DataArgs, R>(fn: (args: A) => R): (args: A) => Promise<Awaited<R>> {
  return async (args: A): Promise<Awaited<R>> => {
    try {
      return await fn(args);
    } catch (err) {
      const code = storageFaultCode(err);
      if (code === null) throw err;
      releaseOpenTransaction();
      logStorageFault(code, args.request);
      throw await storageFaultResponse(args.request);
    }
  };
}

type EntryHandler = ServerBuild["entry"]["module"]["default"];

/**
 * Remix keeps only cookies from a thrown Response when it renders a document, so the
 * Retry-After of a 503 is set again on the page the error boundary renders.
 */
function withRetryAfter(handle: EntryHandler): EntryHandler {
  return (request, status, headers, context, loadContext) => {
    if (status === 503 && !headers.has("Retry-After")) {
      headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
      headers.set("Cache-Control", "no-store");
    }
    return handle(request, status, headers, context, loadContext);
  };
}

type DataHandler = NonNullable<ServerBuild["entry"]["module"]["handleDataRequest"]>;

/** The same for the data the page's script asks for (`<path>.data`), which keeps only cookies too. */
function withRetryAfterOnData(handle: DataHandler | undefined): DataHandler {
  return async (response, args) => {
    const answer = handle ? await handle(response, args) : response;
    if (answer.status === 503 && !answer.headers.has("Retry-After")) {
      answer.headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
      answer.headers.set("Cache-Control", "no-store");
    }
    return answer;
  };
}

/** The server build with every route's loader and action guarded against storage faults. */
export function guardStorageFaults(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const module = { ...route.module };
    if (module.loader) module.loader = withStorageFaults(module.loader as DataFunction) as typeof module.loader;
    if (module.action) module.action = withStorageFaults(module.action as DataFunction) as typeof module.action;
    routes[id] = { ...route, module };
  }
  const entryModule = {
    ...build.entry.module,
    default: withRetryAfter(build.entry.module.default),
    handleDataRequest: withRetryAfterOnData(build.entry.module.handleDataRequest),
  };
  return { ...build, routes, entry: { ...build.entry, module: entryModule } };
}
