import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const CHILD = path.resolve("tests/integration/leases-child.ts");

export interface Child {
  proc: ChildProcess;
  /** Every JSON line the child printed so far. */
  events: Record<string, unknown>[];
  /** Resolves with the first event that satisfies the test; rejects after the deadline. */
  waitFor(test: (e: Record<string, unknown>) => boolean, deadlineMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
  send(line: string): void;
}

/** Starts tests/integration/leases-child.ts as node with tsx's loader, so that SIGKILL reaches it. */
export function startChild(mode: "scheduler" | "server", file: string, holder: string, options: Record<string, unknown>): Child {
  const proc = spawn(process.execPath, ["--import", "tsx", CHILD, mode, file, holder, JSON.stringify(options)], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, NODE_ENV: "test" },
  });
  const events: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let buffer = "";
  let stderr = "";
  proc.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split("\n");
    buffer = lines.pop()!;
    for (const line of lines) {
      if (!line.startsWith("{")) continue;
      events.push(JSON.parse(line) as Record<string, unknown>);
    }
    for (const w of waiters) w();
  });
  proc.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  return {
    proc,
    events,
    exited,
    send: (line) => proc.stdin!.write(`${line}\n`),
    waitFor(test, deadlineMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(test);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${holder}: no such event within ${deadlineMs} ms; stderr: ${stderr.slice(-2000)}`));
        }, deadlineMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** Polls until the value satisfies the test; throws after the deadline. For waits, never for timing assertions. */
export async function pollUntil<T>(read: () => T, test: (v: T) => boolean, deadlineMs = 30_000, everyMs = 20): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const v = read();
    if (test(v)) return v;
    if (Date.now() > until) throw new Error(`condition not met within ${deadlineMs} ms; last value ${JSON.stringify(v)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
