import crypto from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import helmet from "helmet";
import { apiGate, createApiLimiter } from "../services/api/rate-limit.server";
import { bodyLimits } from "../services/body-limits.server";
import { compressResponses } from "../services/compression.server";
import type { Env } from "../services/env.server";
import { isCrossSiteWrite } from "../services/security.server";
import { guardStorageFaults } from "../services/storage-faults.server";
import { visitorCache } from "../services/visitor-cache.server";
import { takeTurns } from "./turns";

function securityHeaders(env: Env): express.RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'", ...(env.NODE_ENV === "development" ? ["ws:"] : [])],
        "font-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    // "no-referrer" would make browsers send Origin: null on plain form posts, which the
    // cross-site check must refuse; same-origin keeps the origin for our own forms only.
    referrerPolicy: { policy: "same-origin" },
    strictTransportSecurity: env.NODE_ENV === "production" ? { maxAge: 31536000 } : false,
  });
}

function refuseCrossSiteWrites(env: Env): express.RequestHandler {
  return (req, res, next) => {
    const refused = isCrossSiteWrite({
      method: req.method,
      path: req.path,
      host: req.headers.host,
      origin: req.headers.origin,
      secFetchSite: req.headers["sec-fetch-site"] as string | undefined,
      publicOrigin: env.PUBLIC_ORIGIN,
    });
    if (!refused) return next();
    console.warn(JSON.stringify({ level: "warn", event: "cross_site_write_refused", path: req.path, requestId: req.headers["x-request-id"] }));
    res.status(403).type("text/plain").send("Cross-site request refused");
  };
}

/**
 * The platform's HTTP application: security middleware, static files, and the Remix handler,
 * created once. `changeToken` tells the visitor cache when the database may have changed.
 */
export function createApp(build: ServerBuild, env: Env, changeToken: () => string): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY === "true");
  app.use(compressResponses());
  app.use((req, res, next) => {
    // The request id ties log lines and audit events together; the client address comes
    // from the socket (or a trusted proxy), never from a header the client sets.
    req.headers["x-request-id"] = crypto.randomUUID();
    req.headers["x-client-ip"] = req.ip ?? "unknown";
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    next();
  });
  app.use(securityHeaders(env));
  app.use(refuseCrossSiteWrites(env));
  // The open API: CORS, no cookies, and one rate limit per client address across the workers.
  app.use("/api/v1", apiGate(createApiLimiter({ limit: env.API_RATE_LIMIT, windowSeconds: env.API_RATE_WINDOW_SECONDS })));
  // Body type and size are checked before anything reads a body (413/415, connection closed).
  app.use(bodyLimits());
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // Only a path naming a file can be one of public/'s few files: pages are not looked for on disk.
  const publicFiles = express.static("public", { maxAge: "1h" });
  app.use((req, res, next) => (path.extname(req.path) ? publicFiles(req, res, next) : next()));
  // Browsers ask for /favicon.ico whatever the page links; answer with the SVG icon.
  app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));
  // Requests start a few per turn of the event loop, so that new connections are taken up under load.
  app.use(takeTurns());
  // In development a page must show the code just saved, so nothing is kept.
  app.use(visitorCache({ seconds: env.NODE_ENV === "production" ? env.VISITOR_CACHE_SECONDS : 0, changeToken }));
  app.all(
    "*",
    createRequestHandler({
      build: guardStorageFaults(build),
      mode: env.NODE_ENV,
      getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }),
    }),
  );
  return app;
}
