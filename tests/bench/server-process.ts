// Starts the market as production does, on a database of its own, and watches its memory.
//
// The command is the one `npm start` serves with once the build is there: the `serve` script
// (what start runs after its build check), or, in a start script that chains its steps with
// &&, whatever comes after its build step. So the benchmarks follow any change to how the
// server is started. Nothing is built here: a missing build stops the benchmark.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = path.join(root, "node_modules", ".bin");

/** What `npm start` serves with once its build is done, as a shell command line. */
/** With BENCH_PROFILE_DIR set, every node process of the server (primary and workers) writes a V8 CPU profile there when it exits. */
function profiled(command: string): string {
  const dir = process.env.BENCH_PROFILE_DIR;
  return dir ? command.replace(/(^|\s)node\s/, `$1node --cpu-prof --cpu-prof-dir=${JSON.stringify(path.resolve(dir))} `) : command;
}

export function serveCommand(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const steps = pkg.scripts.start!.split("&&").map((s) => s.trim());
  const isBuild = (s: string) => /^(npm run( -s)? build(:\S+)?|remix build)$/.test(s);
  const lastBuild = steps.findLastIndex(isBuild);
  if (lastBuild >= 0) return profiled(steps.slice(lastBuild + 1).join(" && "));
  if (pkg.scripts.serve) return profiled(pkg.scripts.serve);
  throw new Error("package.json: neither a build step in `start` nor a `serve` script");
}

/** Stops the process with a message when there is no build to serve. */
export function requireBuild(): void {
  const build = path.join(root, "build");
  const named = serveCommand().match(/\bbuild\/\S+\.m?js\b/g) ?? [];
  const missing = [build, ...named.map((f) => path.join(root, f))].filter((f) => !fs.existsSync(f));
  if (missing.length > 0) {
    console.error(
      `${missing.map((f) => path.relative(root, f)).join(", ")} missing: run \`npm run build\` first (the benchmark measures a build, it does not make one).`,
    );
    process.exit(1);
  }
}

/** The environment of a benchmark server: production, plain HTTP, embedded search, nothing from the shell that changes what runs. */
function serverEnv(databasePath: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
    DATABASE_PATH: databasePath,
    PORT: String(port),
    NODE_ENV: "production",
    SECURE_COOKIES: "false",
  };
  for (const key of ["MEILI_HOST", "MEILI_API_KEY", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "PUBLIC_ORIGIN", "TRUST_PROXY", "SMTP_URL", "DB_INIT"]) {
    delete env[key];
  }
  return env;
}

/** A demo database made once per benchmark by the same preparation step `npm start` runs; each run serves a fresh copy. */
export class DemoDatabase {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-bench-"));
  readonly template = path.join(this.dir, "template.db");
  private copies = 0;

  constructor() {
    const env: NodeJS.ProcessEnv = { ...serverEnv(this.template, 0), DB_INIT: "demo" };
    delete env.PORT;
    const run = spawnSync(path.join(bin, "tsx"), ["db/prepare.ts"], {
      cwd: root,
      env,
      stdio: ["ignore", "ignore", "inherit"],
    });
    if (run.status !== 0) throw new Error(`db/prepare.ts failed (exit ${run.status ?? run.signal})`);
  }

  /** A new copy of the demo, with its WAL if it has one. */
  copy(): string {
    const file = path.join(this.dir, `run-${++this.copies}`, "market.db");
    fs.mkdirSync(path.dirname(file));
    for (const suffix of ["", "-wal", "-shm"]) {
      if (fs.existsSync(this.template + suffix)) fs.copyFileSync(this.template + suffix, file + suffix);
    }
    return file;
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** The process and every descendant of it, from /proc. */
function processTree(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue;
    }
    // The command name may hold spaces and parentheses: the parent is the second field after the last ")".
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const out: number[] = [];
  const queue = [rootPid];
  while (queue.length) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

function statusField(pid: number, field: string): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

export interface MemorySample {
  processes: number;
  rss_mb: number;
  /** Of which anonymous memory (heaps, malloc), not mapped files and code. */
  anon_mb: number;
  /** Resident memory of each process in the tree, parents first (shell, primary, workers). */
  by_process_mb: number[];
  fds: number;
  threads: number;
}

export class ServerProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly origin: string,
    readonly databasePath: string,
  ) {}

  /** The market, started with the command `npm start` serves with, on the given database. */
  static async start(databasePath: string): Promise<ServerProcess> {
    const port = await freePort();
    return ServerProcess.launch(serveCommand(), serverEnv(databasePath, port), port, databasePath);
  }

  /** Any other server (the reference one), on a port of its own. */
  static async startOther(command: (port: number) => string): Promise<ServerProcess> {
    const port = await freePort();
    return ServerProcess.launch(command(port), serverEnv("", port), port, "");
  }

  private static async launch(command: string, env: NodeJS.ProcessEnv, port: number, databasePath: string): Promise<ServerProcess> {
    const child = spawn("sh", ["-c", command], {
      cwd: root,
      env,
      // Its own process group, so the whole tree (shell, runner, primary, workers) stops together.
      detached: true,
      stdio: ["ignore", "ignore", process.env.BENCH_SERVER_LOG ? "inherit" : "ignore"],
    });
    const server = new ServerProcess(child, `http://127.0.0.1:${port}`, databasePath);
    try {
      await server.ready();
    } catch (err) {
      await server.stop();
      throw err;
    }
    return server;
  }

  private async ready(): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null || this.child.signalCode !== null)
        throw new Error(`the server exited (${this.child.exitCode ?? this.child.signalCode}) before answering`);
      try {
        const res = await fetch(`${this.origin}/healthz`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error("the server did not answer /healthz within 60 s");
  }

  /** Resident memory of the whole tree, in MB, and the open file descriptors. */
  memory(): MemorySample {
    const pids = processTree(this.child.pid!);
    let kb = 0;
    let anonKb = 0;
    let fds = 0;
    let threads = 0;
    const byProcess: number[] = [];
    for (const pid of pids) {
      const rss = statusField(pid, "VmRSS");
      kb += rss;
      byProcess.push(Math.round(rss / 1024));
      anonKb += statusField(pid, "RssAnon");
      threads += statusField(pid, "Threads");
      try {
        fds += fs.readdirSync(`/proc/${pid}/fd`).length;
      } catch {
        // gone meanwhile
      }
    }
    return { processes: pids.length, rss_mb: Math.round(kb / 1024), anon_mb: Math.round(anonKb / 1024), by_process_mb: byProcess, fds, threads };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    const pgid = -this.child.pid!;
    process.kill(pgid, "SIGTERM");
    const timer = setTimeout(() => {
      try {
        process.kill(pgid, "SIGKILL");
      } catch {
        // already gone
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
    // Workers may outlive the shell for a moment; the database is read only once they are gone.
    for (let i = 0; i < 50; i++) {
      try {
        process.kill(pgid, 0);
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
