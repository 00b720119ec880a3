// The open API on the production server as `npm start` runs it: a primary and two workers.
// The rate limit is one count per client address whichever worker answers. Needs `npm run build`.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiNeedsPage } from "../../app/schemas/api";
import { childEnv, ROOT } from "../helpers/run-script";

const MAIN = path.join(ROOT, "build", "server", "main.js");
const PREPARE = path.join(ROOT, "build", "server", "prepare.js");
const LIMIT = 40;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-api-"));
const databasePath = path.join(work, "market.db");

let child: ChildProcess;
let port = 0;
const lines: string[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port: p } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(p));
    });
    probe.on("error", reject);
  });
}

/** A GET on a new connection each time, so the primary hands it to the next worker. */
function get(urlPath: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: "127.0.0.1", port, path: urlPath, agent: false, headers }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    request.on("error", reject);
  });
}

function listeningPids(): number[] {
  return lines.filter((l) => l.includes('"server_listening"')).map((l) => (JSON.parse(l) as { pid: number }).pid);
}

/** User-mode CPU ticks a process has used (Linux). */
function cpuTicks(pid: number): number {
  return Number(fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")[11]);
}

beforeAll(async () => {
  if (!fs.existsSync(MAIN) || !fs.existsSync(PREPARE)) throw new Error("build/server/main.js is missing: run `npm run build` before these tests.");
  const prepared = spawnSync(process.execPath, ["--input-type=module", "-e", `await import(${JSON.stringify(`file://${PREPARE}`)})`], {
    cwd: ROOT,
    env: childEnv({ DATABASE_PATH: databasePath, DB_INIT: "demo" }),
    encoding: "utf8",
  });
  expect(prepared.status, prepared.stderr).toBe(0);
  port = await freePort();
  const env = childEnv({
    DATABASE_PATH: databasePath,
    PORT: String(port),
    NODE_ENV: "production",
    WEB_CONCURRENCY: "2",
    SECURE_COOKIES: "false",
    API_RATE_LIMIT: String(LIMIT),
    API_RATE_WINDOW_SECONDS: "300",
  });
  child = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let partial = "";
  child.stdout!.on("data", (d: Buffer) => {
    const parts = (partial + d.toString()).split("\n");
    partial = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr!.on("data", (d: Buffer) => lines.push(d.toString()));
  const deadline = Date.now() + 60_000;
  while (listeningPids().length < 2) {
    if (Date.now() > deadline) throw new Error(`the server did not start:\n${lines.join("\n")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}, 120_000);

afterAll(() => {
  if (child?.exitCode === null) child.kill("SIGKILL");
  fs.rmSync(work, { recursive: true, force: true });
});

describe("the open API on two workers", () => {
  it("counts one client's requests together across the workers, then answers 429 with Retry-After", async () => {
    const pids = listeningPids();
    const before = pids.map(cpuTicks);
    for (let i = 1; i <= LIMIT; i++) {
      const res = await get("/api/v1/needs?pageSize=100", { Origin: "https://portal.example.gov.cn" });
      expect(res.status, res.body).toBe(200);
      expect(res.headers["ratelimit-policy"]).toBe(`"api";q=${LIMIT};w=300`);
      expect(res.headers.ratelimit).toMatch(new RegExp(`^"api";r=${LIMIT - i};t=\\d+$`));
      expect(res.headers["access-control-allow-origin"]).toBe("*");
      expect(res.headers["set-cookie"]).toBeUndefined();
      if (i === 1) expect(apiNeedsPage.safeParse(JSON.parse(res.body)).success).toBe(true);
    }
    // Both workers served some of them (new connections go to each in turn).
    const after = pids.map(cpuTicks);
    expect(after[0]!).toBeGreaterThan(before[0]!);
    expect(after[1]!).toBeGreaterThan(before[1]!);
    for (let i = 0; i < 2; i++) {
      const refused = await get("/api/v1/indicators", { "Accept-Language": "en" });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
      expect(JSON.parse(refused.body)).toMatchObject({ error: "rate_limited" });
    }
  }, 120_000);

  it("answers a preflight even when the client is over its limit", async () => {
    const preflight = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const r = http.request(
        {
          host: "127.0.0.1",
          port,
          path: "/api/v1/brokers",
          method: "OPTIONS",
          agent: false,
          headers: { Origin: "https://x.example", "Access-Control-Request-Method": "GET" },
        },
        resolve,
      );
      r.on("error", reject);
      r.end();
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers["access-control-allow-methods"]).toBe("GET, HEAD, OPTIONS");
  });
});
