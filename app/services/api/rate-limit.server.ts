import cluster from "node:cluster";
import type { NextFunction, Request, Response } from "express";
import { RateLimiterCluster, RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { DEFAULT_LOCALE, makeT } from "../../i18n";
import { getEnv } from "../env.server";
import { localeFromAcceptLanguage } from "../locale.server";

// Rate limit of the open API (/api/v1/*), per client address, shared by every worker: the
// counters live in the cluster's primary (RateLimiterClusterMaster, app/server/primary.ts)
// and each worker asks it over IPC. See docs/decisions/011-api-rate-limits.md.
// Headers: draft-ietf-httpapi-ratelimit-headers (-09 and later), RateLimit-Policy and RateLimit
// as structured fields: `"api";q=120;w=60` and `"api";r=119;t=60`.

export const API_POLICY_NAME = "api";
const KEY_PREFIX = "api-v1";

export function apiRateSettings(): { limit: number; windowSeconds: number } {
  const env = getEnv();
  return { limit: env.API_RATE_LIMIT, windowSeconds: env.API_RATE_WINDOW_SECONDS };
}

export interface ApiRateDecision {
  allowed: boolean;
  remaining: number;
  resetSeconds: number;
}

export interface ApiLimiter {
  readonly limit: number;
  readonly windowSeconds: number;
  take(key: string): Promise<ApiRateDecision>;
}

/**
 * The limiter of this process: the cluster's shared one in a worker, a process-local one
 * when a single process serves (development). A worker whose primary does not answer in
 * time serves the request unlimited rather than failing it, and says so in the log.
 */
export function createApiLimiter(options: { limit: number; windowSeconds: number; clustered?: boolean }): ApiLimiter {
  const { limit, windowSeconds } = options;
  const clustered = options.clustered ?? cluster.isWorker;
  const store: RateLimiterAbstract = clustered
    ? new RateLimiterCluster({ keyPrefix: KEY_PREFIX, points: limit, duration: windowSeconds, timeoutMs: 2000 })
    : new RateLimiterMemory({ keyPrefix: KEY_PREFIX, points: limit, duration: windowSeconds });
  const decision = (res: RateLimiterRes, allowed: boolean): ApiRateDecision => ({
    allowed,
    remaining: Math.max(0, res.remainingPoints),
    resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  });
  return {
    limit,
    windowSeconds,
    async take(key) {
      try {
        return decision(await store.consume(key), true);
      } catch (err) {
        if (err instanceof RateLimiterRes) return decision(err, false);
        console.error(JSON.stringify({ level: "error", event: "api_rate_limit_unavailable", message: err instanceof Error ? err.message : String(err) }));
        return { allowed: true, remaining: limit, resetSeconds: windowSeconds };
      }
    },
  };
}

/** The HTTP header values for a decision. */
export function rateLimitHeaders(limiter: Pick<ApiLimiter, "limit" | "windowSeconds">, d: ApiRateDecision): Record<string, string> {
  const headers: Record<string, string> = {
    "RateLimit-Policy": `"${API_POLICY_NAME}";q=${limiter.limit};w=${limiter.windowSeconds}`,
    RateLimit: `"${API_POLICY_NAME}";r=${d.remaining};t=${d.resetSeconds}`,
  };
  if (!d.allowed) headers["Retry-After"] = String(d.resetSeconds);
  return headers;
}

const EXPOSED = "RateLimit, RateLimit-Policy, Retry-After";
/** The reference page is a page of the site (its language cookie, its layout); the rest is data. */
const isDataPath = (path: string) => path !== "/docs";

/**
 * Express middleware mounted at /api/v1: CORS for GET (preflight answered here), no cookies
 * on the data endpoints, and the rate limit on every GET/HEAD, keyed on the client address
 * app.ts derives (Express's req.ip, which follows TRUST_PROXY, as the login throttle's does).
 */
export function apiGate(limiter: ApiLimiter) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    // The routes' own answers carry Access-Control-Allow-Origin (API_HEADERS); the gate adds it to those it gives itself.
    res.setHeader("Access-Control-Expose-Headers", EXPOSED);
    res.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
    if (req.method === "OPTIONS") {
      res.setHeader("Access-Control-Allow-Origin", "*");
      res.setHeader("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
      res.setHeader("Access-Control-Allow-Headers", req.headers["access-control-request-headers"] ?? "Accept, Accept-Language");
      res.setHeader("Access-Control-Max-Age", "86400");
      res.status(204).end();
      return;
    }
    if (isDataPath(req.path)) {
      delete req.headers.cookie;
      const setHeader = res.setHeader.bind(res);
      res.setHeader = (name, value) => (name.toLowerCase() === "set-cookie" ? res : setHeader(name, value));
    }
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const key = (req.headers["x-client-ip"] as string | undefined) ?? req.ip ?? "unknown";
    const d = await limiter.take(key);
    res.set(rateLimitHeaders(limiter, d));
    if (d.allowed) return next();
    const locale = localeFromAcceptLanguage(req.headers["accept-language"]) ?? DEFAULT_LOCALE;
    res
      .status(429)
      .set({ "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" })
      .send(JSON.stringify({ error: "rate_limited", message: makeT(locale)("api.rateLimited", { seconds: String(d.resetSeconds) }) }));
  };
}
