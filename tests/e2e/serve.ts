// Starts the built app for the browser tests as production runs it (the compiled server,
// a primary and its workers, under plain node) against a throwaway database: a fresh
// temporary file created as a demo by the same step `npm start` runs (the compiled
// db/prepare.ts with DB_INIT=demo), so every run begins from the same known state and no
// run can ever write to data/market.db.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { serverClockEnv } from "./clock";
import { mailDir, startMailCatcher } from "./mail-catcher";

const root = process.cwd();

if (!fs.existsSync(path.join(root, "build", "index.js")) || !fs.existsSync(path.join(root, "build", "server", "main.js"))) {
  console.error("build/index.js is missing: run `npm run build` before the browser tests (`npm run test:e2e` does both).");
  process.exit(1);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-e2e-"));
const databasePath = path.join(dir, "market.db");

const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_PATH: databasePath,
  PORT: process.env.PORT ?? "3100",
  NODE_ENV: "production",
  // The run is plain HTTP: a Secure, __Host- cookie would never come back from the browser.
  SECURE_COOKIES: "false",
  DB_INIT: "demo",
  // Two workers: requests of one journey land on different processes, as in production.
  WEB_CONCURRENCY: process.env.WEB_CONCURRENCY ?? "2",
  // E2E_CLOCK_OFFSET_DAYS moves the platform's clock (see clock.ts).
  ...serverClockEnv(),
};
// Whatever the developer's shell carries must not change what is tested: the embedded
// search engine (healthz reports it), no payments, and the Host header as the origin the
// cross-site check compares against.
for (const key of ["MEILI_HOST", "MEILI_API_KEY", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "PUBLIC_ORIGIN", "TRUST_PROXY", "SMTP_URL"]) {
  delete env[key];
}
// E-mail goes to a local stand-in that keeps each message where the tests can read it (mail-catcher.ts).
const mail = await startMailCatcher(mailDir(env.PORT!));
env.SMTP_URL = `smtp://127.0.0.1:${mail.port}`;

function cleanUp(): void {
  mail.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(mailDir(env.PORT!), { recursive: true, force: true });
}

function prepare(): void {
  // Imported, as `npm start` does (app/server/start.mjs), not run as the main script.
  const script = "await import('./build/server/prepare.js')";
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  if (run.status !== 0) {
    console.error(`build/server/prepare.js failed (exit ${run.status ?? run.signal}) on ${databasePath}`);
    cleanUp();
    process.exit(1);
  }
}

prepare();

const server: ChildProcess = spawn(process.execPath, ["build/server/main.js"], { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });

let stopping = false;
function stop(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  // The database files stay until the server has let go of them.
  if (server.exitCode === null && server.signalCode === null) server.kill(signal);
  else {
    cleanUp();
    process.exit(0);
  }
}
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));

// The journeys begin once the search index holds the demo: a fresh server answers /healthz
// while its relay is still filling the index, and a list asked then is empty. Playwright waits
// for this line (playwright.config.ts, webServer.wait).
async function announceWhenIndexed(): Promise<void> {
  const url = `http://127.0.0.1:${env.PORT}/healthz`;
  for (const deadline = Date.now() + 240_000; Date.now() < deadline && !stopping;) {
    const health = await fetch(url)
      .then((r) => (r.ok ? (r.json() as Promise<{ searchIndex?: string | null }>) : null))
      .catch(() => null);
    if (health?.searchIndex === "ready") {
      console.error("e2e server: search index ready");
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
void announceWhenIndexed();

server.on("exit", (code, signal) => {
  cleanUp();
  process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0)));
});
