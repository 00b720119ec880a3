// `npm start`: builds when there is no build or it is older than the sources, prepares the
// database (db/prepare.ts, compiled), then serves the build with `node`. Plain JavaScript,
// because it runs before anything is compiled.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const SOURCES = ["app", "db", "search", "public", "remix.config.js", "package.json", "package-lock.json", "tsconfig.json"];
const OUTPUT = new Set([path.join("public", "build")]);
// `npm run build` writes the Remix build last: its time is the build's.
const STAMP = path.join("build", "index.js");
const SERVER = path.join("build", "server", "main.js");

/** The newest modification under a path; a folder's own time counts, so a deleted file does too. */
function newestChange(entry) {
  if (OUTPUT.has(entry)) return 0;
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(entry).reduce((newest, name) => Math.max(newest, newestChange(path.join(entry, name))), stat.mtimeMs);
}

function buildIsCurrent() {
  const stamp = fs.statSync(STAMP, { throwIfNoEntry: false });
  return stamp !== undefined && fs.existsSync(SERVER) && SOURCES.every((source) => newestChange(source) <= stamp.mtimeMs);
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!buildIsCurrent()) run("npm", ["run", "-s", "build"]);
// In this process, which then becomes the server's primary: one start of node fewer. The
// database is ready (or the start stops here) before any worker opens it.
await import(pathToFileURL(path.resolve("build", "server", "prepare.js")).href);
if (process.exitCode) process.exit();
await import(pathToFileURL(path.resolve(SERVER)).href);
