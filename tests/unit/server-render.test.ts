import { createRequire } from "node:module";
import path from "node:path";
import { Writable } from "node:stream";
import { createElement, Fragment, Suspense } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";

// Pages are rendered by React's production server build, which the server loads. A page waits
// on data at least once (the route data is streamed into it through Suspense); its render goes
// on as soon as the data is there, not after every request that arrived meanwhile.
const require = createRequire(import.meta.url);
const productionBuild = path.join(path.dirname(require.resolve("react-dom/package.json")), "cjs", "react-dom-server.node.production.min.js");
const { renderToPipeableStream } = require(productionBuild) as typeof import("react-dom/server");

/** Renders with the production build, waiting for every boundary, and returns what was written, chunk by chunk. */
function renderWhole(element: ReturnType<typeof createElement>): Promise<Buffer[]> {
  return new Promise<Buffer[]>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write: (c: Buffer, _e, done) => (chunks.push(c), done()),
      final: (done) => (resolve(chunks), done()),
    });
    const { pipe } = renderToPipeableStream(element, { onAllReady: () => pipe(sink), onShellError: reject });
  });
}

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
    const html = Buffer.concat(await renderWhole(waitingOn(5))).toString();
    expect(html).toContain("done");
    expect(turned).toBe(false);
  });

  it("writes Chinese text whole, with no NUL bytes where React's 2 KB chunks used to cut a character", async () => {
    // Titles of every length, so characters of three bytes fall across every chunk boundary.
    const titles = Array.from({ length: 400 }, (_, i) => "液压支架结构件机器人焊接".repeat(1 + (i % 7)) + "x".repeat(i % 3));
    const page = createElement(
      "ul",
      null,
      titles.map((title, i) => createElement("li", { key: i, title }, title, createElement(Fragment, null, " · ", i))),
    );
    const bytes = Buffer.concat(await renderWhole(page));
    expect(bytes.includes(0)).toBe(false);
    expect(bytes.toString("utf8")).toBe(renderToString(page));
  });
});
