import { createRequire } from "node:module";
import path from "node:path";
import { Writable } from "node:stream";
import { createElement, Suspense } from "react";
import { describe, expect, it } from "vitest";

// Pages are rendered by React's production server build, which the server loads. A page waits
// on data at least once (the route data is streamed into it through Suspense); its render goes
// on as soon as the data is there, not after every request that arrived meanwhile.
const require = createRequire(import.meta.url);
const productionBuild = path.join(path.dirname(require.resolve("react-dom/package.json")), "cjs", "react-dom-server.node.production.min.js");
const { renderToPipeableStream } = require(productionBuild) as typeof import("react-dom/server");

function waitingOn(steps: number) {
  const cache = new Map<number, { done: boolean; promise: Promise<void> }>();
  function Step({ n }: { n: number }): ReturnType<typeof createElement> {
    let entry = cache.get(n);
    if (!entry) {
      const e = { done: false, promise: Promise.resolve().then(() => void (e.done = true)) };
      cache.set(n, e);
      entry = e;
    }
    if (!entry.done) throw entry.promise;
    return n >= steps ? createElement("p", null, "done") : createElement(Suspense, null, createElement(Step, { n: n + 1 }));
  }
  return createElement(Suspense, null, createElement(Step, { n: 1 }));
}

describe("server rendering", () => {
  it("finishes a page that waits on data several times before the event loop turns", async () => {
    let turned = false;
    setImmediate(() => (turned = true));
    const html = await new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const sink = new Writable({
        write: (c: Buffer, _e, done) => (chunks.push(c), done()),
        final: (done) => (resolve(Buffer.concat(chunks).toString()), done()),
      });
      const { pipe } = renderToPipeableStream(waitingOn(5), { onAllReady: () => pipe(sink), onShellError: reject });
    });
    expect(html).toContain("done");
    expect(turned).toBe(false);
  });
});
