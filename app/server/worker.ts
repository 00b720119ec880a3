import path from "node:path";
import { pathToFileURL } from "node:url";
import { installGlobals, type ServerBuild } from "@remix-run/node";
import type { serve } from "./serve";

/** What app/entry.server.tsx exports beside Remix's own entry functions. */
interface ServingEntry {
  serve: typeof serve;
}

/**
 * Loads the Remix build (the routes and every service, bundled once) and serves it. The
 * build is found from the repository root, where npm runs its scripts.
 */
export async function runWorker(): Promise<void> {
  // Stopped while still loading: nothing is open yet, so there is nothing to close.
  const stopEarly = () => process.exit(0);
  process.once("SIGTERM", stopEarly).once("SIGINT", stopEarly);
  // Node's own fetch, Request and Response: single fetch needs them, not the older polyfill.
  installGlobals({ nativeFetch: true });
  const build = (await import(pathToFileURL(path.resolve("build", "index.js")).href)) as ServerBuild;
  process.off("SIGTERM", stopEarly).off("SIGINT", stopEarly);
  (build.entry.module as unknown as ServingEntry).serve(build);
}
