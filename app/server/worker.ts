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
  // Stopped while still loading: nothing is open yet, so there is nothing to close. The
  // handler stays: a signal that came in during the import is dispatched after serve()
  // has installed its own, which then does the stopping.
  let serving = false;
  const stopEarly = () => serving || process.exit(0);
  process.on("SIGTERM", stopEarly).on("SIGINT", stopEarly);
  // Node's own fetch, Request and Response (single fetch needs them) rather than the older polyfill.
  installGlobals({ nativeFetch: true });
  const build = (await import(pathToFileURL(path.resolve("build", "index.js")).href)) as ServerBuild;
  serving = true;
  (build.entry.module as unknown as ServingEntry).serve(build);
}
