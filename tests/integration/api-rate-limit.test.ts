import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGate, createApiLimiter } from "../../app/services/api/rate-limit.server";
import { childEnv, runScript } from "../helpers/run-script";

// The gate in front of /api/v1: the rate limit with its headers and 429, CORS for GET and its
// preflight, no cookies; and the limit held across two worker processes of one cluster.

const LIMIT = 3;
let server: ReturnType<express.Express["listen"]>;
let base: string;

beforeAll(async () => {
  const app = express();
  // As app/server/app.ts: the client address is set once, before the gate reads it.
  app.use((req, _res, next) => {
    req.headers["x-client-ip"] = (req.headers["x-test-client"] as string | undefined) ?? req.ip ?? "unknown";
    next();
  });
  app.use("/api/v1", apiGate(createApiLimiter({ limit: LIMIT, windowSeconds: 60, clustered: false })));
  app.get("/api/v1/needs", (req, res) => {
    res.cookie("tracking", "1");
    res.json({ cookie: req.headers.cookie ?? null });
  });
  app.get("/api/v1/docs", (req, res) => res.json({ cookie: req.headers.cookie ?? null }));
  await new Promise<void>((resolve) => (server = app.listen(0, "127.0.0.1", resolve)));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const get = (path: string, client: string, headers: Record<string, string> = {}) => fetch(base + path, { headers: { "x-test-client": client, ...headers } });

describe("rate limit", () => {
  it("every answer carries RateLimit-Policy and RateLimit; the request after the limit is a 429 with Retry-After", async () => {
    for (let i = 1; i <= LIMIT; i++) {
      const res = await get("/api/v1/needs", "198.51.100.1");
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-policy")).toBe(`"api";q=${LIMIT};w=60`);
      expect(res.headers.get("ratelimit")).toMatch(new RegExp(`^"api";r=${LIMIT - i};t=(60|59)$`));
      expect(res.headers.get("retry-after")).toBeNull();
    }
    const refused = await get("/api/v1/needs", "198.51.100.1", { "Accept-Language": "en" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(59);
    expect(refused.headers.get("ratelimit")).toMatch(/^"api";r=0;t=\d+$/);
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
    expect(await refused.json()).toEqual({ error: "rate_limited", message: expect.stringMatching(/^Too many requests; please try again in \d+ s$/) });
    const zh = await get("/api/v1/needs", "198.51.100.1", { "Accept-Language": "zh-CN" });
    expect(((await zh.json()) as { message: string }).message).toMatch(/^请求过于频繁，请 \d+ 秒后再试$/);
  });

  it("counts each client address apart", async () => {
    expect((await get("/api/v1/needs", "198.51.100.2")).status).toBe(200);
  });

  it("two worker processes of one cluster share the limit", async () => {
    const limit = 5;
    const r = await runScript("tests/integration/api-rate-cluster-fixture.ts", [String(limit), String(limit)], { env: childEnv() });
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout) as { workers: { pid: number; allowed: number; denied: number; retryAfter: number[] }[] };
    expect(out.workers).toHaveLength(2);
    expect(new Set(out.workers.map((w) => w.pid)).size).toBe(2);
    // Ten requests from one address through two processes: exactly the limit is let through.
    expect(out.workers.reduce((n, w) => n + w.allowed, 0)).toBe(limit);
    expect(out.workers.reduce((n, w) => n + w.denied, 0)).toBe(limit);
    for (const w of out.workers) for (const s of w.retryAfter) expect(s).toBeGreaterThan(0);
  });
});

describe("CORS and cookies", () => {
  it("answers a preflight for GET from any origin without counting it", async () => {
    const res = await fetch(base + "/api/v1/needs", {
      method: "OPTIONS",
      headers: {
        Origin: "https://portal.example.gov.cn",
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "accept-language",
        "x-test-client": "198.51.100.3",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")).toBe("GET, HEAD, OPTIONS");
    expect(res.headers.get("access-control-allow-headers")).toBe("accept-language");
    expect(res.headers.get("ratelimit")).toBeNull();
  });

  it("a GET from another origin exposes the rate-limit headers (the route's answer allows the origin)", async () => {
    const res = await get("/api/v1/needs", "198.51.100.4", { Origin: "https://portal.example.gov.cn" });
    expect(res.headers.get("access-control-expose-headers")).toContain("RateLimit");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
  });

  it("reads no cookie and sets none on the data endpoints", async () => {
    const res = await get("/api/v1/needs", "198.51.100.5", { Cookie: "__Host-session=abc" });
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(await res.json()).toEqual({ cookie: null });
  });

  it("the reference page is a page of the site: its language cookie still reaches it", async () => {
    const res = await get("/api/v1/docs", "198.51.100.6", { Cookie: "lang=en" });
    expect(await res.json()).toEqual({ cookie: "lang=en" });
  });
});
