// Server CPU per request: npm run -s bench:cpu [-- --requests 200 --warmup 30 --page /needs]
//
// Loads the built app (build/index.js: run `npm run build` first) in this process with
// Remix's request handler, on a fresh demo database in a temporary folder (db/prepare.ts
// with DB_INIT=demo, as the browser tests start it), and asks each page N times after a
// warm-up, reading the whole body. CPU is process.cpuUsage() (user + system) over those N
// requests, so it counts what a worker spends, garbage collection included, whatever else
// the machine is doing. The floor, measured in the same run, is a bare React 18
// renderToString of a page with as many bytes. One JSON line per page:
//   {"page","requests","cpu_ms_per_req","floor_ms_per_req","bytes"}
// A list page's results are kept until the next write, so the list pages are measured twice:
// asked again and again, and each time after a one-row write by another connection (the
// write's own cost is its own line, "a one-row write", and is included in theirs).

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = process.cwd();
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const REQUESTS = option("--requests", 200);
const WARMUP = option("--warmup", 30);
const ORIGIN = "http://localhost";

interface Page {
  page: string;
  path: string;
  cookie?: string;
  /** Done before each request, and measured with it. */
  before?: () => void;
}

function prepareDatabase(dir: string): string {
  const file = path.join(dir, "market.db");
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_PATH: file, DB_INIT: "demo", NODE_ENV: "production" };
  const run = spawnSync(path.join(root, "node_modules", ".bin", "tsx"), ["db/prepare.ts"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  if (run.status !== 0) throw new Error(`db/prepare.ts failed (exit ${run.status ?? run.signal})`);
  // The server's relay fills the search index in its first seconds; no relay runs here, so the
  // index is built before measuring, or the list pages would be measured empty.
  const index = spawnSync(path.join(root, "node_modules", ".bin", "tsx"), ["search/reindex-cli.ts"], {
    cwd: root,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (index.status !== 0) throw new Error(`search/reindex-cli.ts failed (exit ${index.status ?? index.signal})`);
  return file;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Average CPU of `n` calls after `warmup` unmeasured ones. */
async function measure(n: number, warmup: number, call: () => Promise<unknown> | unknown): Promise<number> {
  for (let i = 0; i < warmup; i++) await call();
  const start = cpuMs();
  for (let i = 0; i < n; i++) await call();
  return (cpuMs() - start) / n;
}

/**
 * A React 18 page of about `bytes` bytes of HTML: cards of a listing page, nothing else.
 * React is imported only once NODE_ENV says production, as it is in the server.
 */
async function floorPage(bytes: number): Promise<() => string> {
  const { createElement: h } = await import("react");
  const { renderToString } = await import("react-dom/server");
  const rows = Array.from({ length: Math.max(1, Math.round(bytes / 200)) }, (_, i) => ({
    id: i + 1,
    title: `吕梁市氢能重卡关键部件技术需求 第${i + 1}项`,
    org: "山西示例能源科技有限公司",
  }));
  const page = () =>
    h(
      "html",
      { lang: "zh-CN" },
      h("head", null, h("meta", { charSet: "utf-8" }), h("title", null, "技术需求 · 吕梁科技大市场")),
      h(
        "body",
        null,
        h(
          "ul",
          { className: "cards" },
          rows.map((r) => h("li", { key: r.id, className: "card" }, h("a", { href: `/needs/${r.id}` }, r.title), h("p", { className: "muted" }, r.org))),
        ),
      ),
    );
  return () => `<!DOCTYPE html>${renderToString(page())}`;
}

async function main(): Promise<void> {
  const buildFile = path.join(root, "build", "index.js");
  if (!fs.existsSync(buildFile)) throw new Error("build/index.js is missing: run `npm run build` first");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-cpu-"));
  try {
    process.env.DATABASE_PATH = prepareDatabase(dir);
    process.env.NODE_ENV = "production";
    process.env.SECURE_COOKIES = "false";
    for (const key of ["MEILI_HOST", "MEILI_API_KEY", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "PUBLIC_ORIGIN", "SMTP_URL"]) delete process.env[key];
    const { installGlobals, createRequestHandler } = await import("@remix-run/node");
    // As a worker runs (app/server/worker.ts): Node's own fetch, Request and Response.
    installGlobals({ nativeFetch: true });
    const build = (await import(pathToFileURL(buildFile).href)) as Parameters<typeof createRequestHandler>[0];
    const handler = createRequestHandler(build, "production");
    const { brokerPages } = await import("./cpu-pages");
    // A one-row write through a connection of its own, as another worker's would be: a list
    // page asked after it cannot be answered from the results kept since the last write.
    const { default: Database } = await import("better-sqlite3");
    const writer = new Database(process.env.DATABASE_PATH);
    writer.exec("CREATE TABLE IF NOT EXISTS bench_writes (id INTEGER PRIMARY KEY)");
    const write = writer.prepare("INSERT INTO bench_writes DEFAULT VALUES");
    const afterWrite = () => void write.run();
    const pages: Page[] = [
      { page: "/", path: "/" },
      { page: "/needs", path: "/needs" },
      { page: "/achievements", path: "/achievements" },
      { page: "/needs, after a write", path: "/needs", before: afterWrite },
      { page: "/achievements, after a write", path: "/achievements", before: afterWrite },
      { page: "a one-row write", path: "", before: afterWrite },
      ...(await brokerPages()),
    ];
    const only = args.includes("--page") ? args[args.indexOf("--page") + 1] : undefined;
    for (const p of pages.filter((x) => !only || x.page === only)) {
      let bytes = 0;
      const call = async () => {
        p.before?.();
        if (!p.path) return;
        const headers = new Headers({ "x-request-id": "bench", "x-client-ip": "127.0.0.1", "accept-language": "zh-CN" });
        if (p.cookie) headers.set("cookie", p.cookie);
        const res = await handler(new Request(ORIGIN + p.path, { headers }), { cspNonce: "bench" });
        // Read as bytes, as the server sends them: nothing decodes a page on its way out.
        const body = await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${p.path} answered ${res.status}`);
        bytes = body.byteLength;
      };
      const cpu = await measure(REQUESTS, WARMUP, call);
      const floor = p.path ? await measure(REQUESTS, WARMUP, await floorPage(bytes)) : 0;
      const round = (x: number) => Math.round(x * 100) / 100;
      process.stdout.write(JSON.stringify({ page: p.page, requests: REQUESTS, cpu_ms_per_req: round(cpu), floor_ms_per_req: round(floor), bytes }) + "\n");
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
