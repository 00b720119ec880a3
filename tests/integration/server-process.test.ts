// The production server as `npm start` runs it: the compiled build under plain node, a
// primary and two workers, on a fresh demo database. Needs `npm run build` first.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childEnv, ROOT } from "../helpers/run-script";

const MAIN = path.join(ROOT, "build", "server", "main.js");
const PREPARE = path.join(ROOT, "build", "server", "prepare.js");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-server-"));
const databasePath = path.join(work, "market.db");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

interface Running {
  child: ChildProcess;
  port: number;
  lines: string[];
  exit: Promise<number | null>;
}

/** Worker pids in the order they started listening. */
function listeningPids(server: Running): number[] {
  return server.lines.filter((l) => l.includes('"server_listening"')).map((l) => (JSON.parse(l) as { pid: number }).pid);
}

function get(port: number, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: "127.0.0.1", port, path: urlPath, agent: false }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    request.on("error", reject);
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve(probe()).catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Established connections to `port` whose socket `pid` holds (Linux). */
function connectionsHeld(pid: number, port: number): number {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, "utf8").trim().split("\n").slice(1)) {
      const [, local, , state, , , , , , inode] = line.trim().split(/\s+/);
      if (state === "01" && parseInt(local!.split(":").pop()!, 16) === port) inodes.add(inode!);
    }
  }
  let held = 0;
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
      if (inode && inodes.has(inode)) held++;
    } catch {
      // Closed while being read: not a connection held.
    }
  }
  return held;
}

/** User-mode CPU ticks a process has used (Linux). */
function cpuTicks(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return Number(fields[11]);
}

function start(port: number): Running {
  const env = childEnv({
    DATABASE_PATH: databasePath,
    PORT: String(port),
    NODE_ENV: "production",
    WEB_CONCURRENCY: "2",
    SECURE_COOKIES: "false",
    SHUTDOWN_TIMEOUT_MS: "15000",
  });
  const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  let partial = "";
  child.stdout!.on("data", (d: Buffer) => {
    const parts = (partial + d.toString()).split("\n");
    partial = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr!.on("data", (d: Buffer) => lines.push(d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, port, lines, exit };
}

let server: Running;
let startMs = 0;

beforeAll(async () => {
  if (!fs.existsSync(MAIN) || !fs.existsSync(PREPARE)) {
    throw new Error("build/server/main.js is missing: run `npm run build` before these tests (`npm test` does).");
  }
  const prepared = spawnSync(process.execPath, ["--input-type=module", "-e", `await import(${JSON.stringify(`file://${PREPARE}`)})`], {
    cwd: ROOT,
    env: childEnv({ DATABASE_PATH: databasePath, DB_INIT: "demo" }),
    encoding: "utf8",
  });
  expect(prepared.status, prepared.stderr).toBe(0);
  const port = await freePort();
  const began = Date.now();
  server = start(port);
  await until("the first /healthz 200", async () => ((await get(port, "/healthz")).status === 200 ? true : undefined));
  startMs = Date.now() - began;
}, 120_000);

afterAll(() => {
  if (server?.child.exitCode === null) server.child.kill("SIGKILL");
  fs.rmSync(work, { recursive: true, force: true });
});

describe("the production server", () => {
  it("answers its first /healthz soon after it starts", () => {
    console.log(`first /healthz 200 after ${startMs} ms`);
    // Loose: the machine runs other suites beside this one; the report has the real figure.
    expect(startMs).toBeLessThan(30_000);
  });

  it("serves from two worker processes", async () => {
    const pids = await until("two listening workers", () => (listeningPids(server).length === 2 ? listeningPids(server) : undefined));
    const before = pids.map(cpuTicks);
    // New connections are spread over the workers; each one renders pages.
    for (let i = 0; i < 40; i++) expect((await get(server.port, "/")).status).toBe(200);
    const after = pids.map(cpuTicks);
    expect(after[0]!).toBeGreaterThan(before[0]!);
    expect(after[1]!).toBeGreaterThan(before[1]!);
  }, 120_000);

  it("evens out the connections the workers hold, passing a surplus on unread", async () => {
    const pids = await until("two listening workers", () => (listeningPids(server).length === 2 ? listeningPids(server) : undefined));
    // The first worker is stopped, so the second accepts every new connection; each sends its
    // request at once, before any could be passed on.
    process.kill(pids[0]!, "SIGSTOP");
    const clients: net.Socket[] = [];
    try {
      const answers = Array.from({ length: 30 }, () => {
        const client = net.connect(server.port, "127.0.0.1");
        clients.push(client);
        client.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
        return new Promise<string>((resolve) => client.once("data", (d: Buffer) => resolve(d.toString().split("\r\n")[0]!)));
      });
      await new Promise((r) => setTimeout(r, 500));
      process.kill(pids[0]!, "SIGCONT");
      expect(await Promise.all(answers)).toEqual(Array(30).fill("HTTP/1.1 200 OK"));
      const held = pids.map((pid) => connectionsHeld(pid, server.port));
      expect(held[0]! + held[1]!).toBe(30);
      expect(Math.abs(held[0]! - held[1]!)).toBeLessThanOrEqual(4);
    } finally {
      process.kill(pids[0]!, "SIGCONT");
      for (const client of clients) client.destroy();
    }
  }, 120_000);

  it("replaces a worker that dies", async () => {
    const [victim] = listeningPids(server);
    process.kill(victim!, "SIGKILL");
    const replacement = await until("a replacement worker", () => listeningPids(server).find((pid, i) => i >= 2 && pid !== victim));
    expect(replacement).not.toBe(victim);
    expect(server.lines.some((l) => l.includes('"worker_replaced"'))).toBe(true);
    expect((await get(server.port, "/healthz")).status).toBe(200);
  }, 120_000);

  it("on SIGTERM lets a request in flight finish, then exits 0 with the WAL folded into the database", async () => {
    const body = "email=someone%40example.cn&password=not-the-password";
    const response = new Promise<number>((resolve, reject) => {
      const request = http.request(
        {
          host: "127.0.0.1",
          port: server.port,
          path: "/login",
          method: "POST",
          agent: false,
          headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(body.length), Origin: `http://127.0.0.1:${server.port}` },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      request.on("error", reject);
      // Half the body now; the rest only after the server was told to stop.
      request.write(body.slice(0, 10));
      setTimeout(() => {
        server.child.kill("SIGTERM");
        setTimeout(() => request.end(body.slice(10)), 1500);
      }, 500);
    });
    const status = await response;
    expect(status).toBeGreaterThanOrEqual(200);
    expect(status).toBeLessThan(500);
    expect(await server.exit).toBe(0);
    expect(server.lines.filter((l) => l.includes('"server_stopped"'))).toHaveLength(2);
    const wal = `${databasePath}-wal`;
    expect(!fs.existsSync(wal) || fs.statSync(wal).size === 0).toBe(true);
  }, 120_000);

  it("stops, exit 0, when told to while its workers are still loading", async () => {
    const early = start(await freePort());
    await until("the primary's first line", () => (early.lines.some((l) => l.includes('"server_starting"')) ? true : undefined));
    early.child.kill("SIGTERM");
    const code = await Promise.race([early.exit, new Promise((r) => setTimeout(() => r("still running"), 30_000))]);
    if (code === "still running") early.child.kill("SIGKILL");
    expect(code).toBe(0);
  }, 60_000);
});
