import { createRequire } from "node:module";
import type { RouteObject } from "react-router-dom";
import { describe, expect, it } from "vitest";

// The server loads the CommonJS builds (through @remix-run/server-runtime and @remix-run/react),
// so these tests load them too.
const require = createRequire(import.meta.url);
const { matchPath, matchRoutes } = require("@remix-run/router") as typeof import("@remix-run/router");
const { createStaticHandler, createStaticRouter } = require("react-router-dom/server") as typeof import("react-router-dom/server");

// Route matching keeps, per routes array, what it derives from the routes alone (ranked
// branches, compiled patterns, data routes). These tests show the answers are the ones the
// routes give, whichever array or flags were seen before.

const routesA: RouteObject[] = [
  {
    id: "root",
    path: "/",
    children: [
      { id: "needs", path: "needs" },
      { id: "need", path: "needs/:id" },
      { id: "splat", path: "*" },
    ],
  },
];
const routesB: RouteObject[] = [
  {
    id: "root",
    path: "/",
    children: [
      { id: "achievements", path: "achievements/:id" },
      { id: "needs-b", path: "needs" },
    ],
  },
];

const ids = (m: ReturnType<typeof matchRoutes>) => m?.map((x) => x.route.id) ?? null;

describe("route matching", () => {
  it("answers each routes array by its own routes, call after call", () => {
    for (let i = 0; i < 3; i++) {
      expect(ids(matchRoutes(routesA, "/needs"))).toEqual(["root", "needs"]);
      expect(ids(matchRoutes(routesB, "/needs"))).toEqual(["root", "needs-b"]);
      expect(matchRoutes(routesA, "/needs/42")?.[1]?.params).toEqual({ id: "42" });
      expect(ids(matchRoutes(routesA, "/achievements/7"))).toEqual(["root", "splat"]);
      expect(ids(matchRoutes(routesB, "/achievements/7"))).toEqual(["root", "achievements"]);
      expect(matchRoutes(routesB, "/nowhere")).toBeNull();
    }
  });

  it("hands out each answer as its own copy", () => {
    const first = matchRoutes(routesA, "/needs/1")!;
    (first[1]!.params as Record<string, string>).id = "changed";
    first.pop();
    expect(matchRoutes(routesA, "/needs/1")?.map((m) => [m.route.id, m.params.id])).toEqual([
      ["root", "1"],
      ["need", "1"],
    ]);
    expect(matchRoutes(routesA, "/needs/2")?.[1]?.params).toEqual({ id: "2" });
    expect(matchRoutes(routesA, "/needs/%E6%B0%A2")?.[1]?.params).toEqual({ id: "氢" });
  });

  it("keeps a pattern's case sensitivity and end apart", () => {
    expect(matchPath({ path: "/Needs", caseSensitive: true }, "/needs")).toBeNull();
    expect(matchPath({ path: "/Needs", caseSensitive: false }, "/needs")?.pathname).toBe("/needs");
    expect(matchPath({ path: "/needs", end: true }, "/needs/1")).toBeNull();
    expect(matchPath({ path: "/needs", end: false }, "/needs/1")?.pathnameBase).toBe("/needs");
  });

  it("gives a static router the same data routes for the same routes, and each render its own matches", async () => {
    const handler = createStaticHandler(routesA);
    const one = await handler.query(new Request("http://localhost/needs/1"));
    const two = await handler.query(new Request("http://localhost/needs"));
    if (one instanceof Response || two instanceof Response) throw new Error("expected contexts");
    const first = createStaticRouter(routesA, one);
    const second = createStaticRouter(routesA, two);
    expect(second.routes).toBe(first.routes);
    expect(first.state.matches.map((m) => m.route.id)).toEqual(["root", "need"]);
    expect(second.state.matches.map((m) => m.route.id)).toEqual(["root", "needs"]);
    expect(createStaticRouter(routesB, two).routes).not.toBe(first.routes);
  });
});
