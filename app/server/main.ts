// The server's entry, compiled to build/server/main.js (`npm run build`) and run by `node`.
// In production a primary process keeps one worker per core (node:cluster); in development
// one process serves, so `remix dev` can talk to it.
import cluster from "node:cluster";
import { fileURLToPath } from "node:url";

if (cluster.isPrimary && process.env.NODE_ENV !== "development") {
  const { runPrimary } = await import("./primary");
  runPrimary(fileURLToPath(import.meta.url));
} else {
  const { runWorker } = await import("./worker");
  await runWorker();
}
