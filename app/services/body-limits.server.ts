import type { Readable } from "node:stream";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { DEFAULT_LOCALE, translate, type Locale } from "../i18n";
import { MAX_FILE_BYTES } from "./deal-files.server";
import { localeCookie, localeFromAcceptLanguage } from "./locale.server";

// Limits on a request body, enforced before anything reads or parses it. The site's forms send
// urlencoded bodies, and the upload forms (UPLOAD_PATHS) multipart ones; Stripe posts its events
// to POST /webhooks/stripe as JSON, the one JSON body taken (WEBHOOK_BODY_LIMIT). Any other body
// type is refused (415), and a body over its limit is refused (413) when its declared length
// says so, without reading it, or, for a chunked body, as soon as the bytes counted pass the limit.
// Either way nothing more of the body is kept: what the client is still sending is dropped for
// a moment (a "lingering close", as nginx does it) so that it gets to read the answer instead of
// a reset, and the connection is closed once the body ends or the moment is over.

/** A form's fields: the longest text field is a few thousand characters. */
export const FORM_BODY_LIMIT = 1024 * 1024;
/** Boundaries, part headers and the small fields around an attachment. */
export const UPLOAD_ENVELOPE = 1024 * 1024;
/** One attachment and its envelope; the upload route refuses a file part over MAX_FILE_BYTES itself. */
export const UPLOAD_BODY_LIMIT = MAX_FILE_BYTES + UPLOAD_ENVELOPE;
/** The pages whose forms upload a file: a deal room, a contract's payments (a bank receipt), the registrar's import, a listing's attachments. */
export const UPLOAD_PATHS: readonly RegExp[] = [
  /^\/deals\/\d+\/?$/,
  /^\/contracts\/\d+\/payments\/?$/,
  // The registrar's import of the national system's spreadsheet, and its streaming twin.
  /^\/admin\/registrations\/import(\.ndjson)?\/?$/,
  // The Bureau's import of needs, achievements and organisations, and its streaming twin.
  /^\/admin\/imports(\.ndjson)?\/?$/,
  // A listing's brochure or images, uploaded from its edit page.
  /^\/attachments\/(need|achievement|challenge|scenario)\/\d+\/?$/,
];

/**
 * The page a request posts to: a form posted by the page's script goes to the page's data URL,
 * `<path>.data` (`/_root.data` for the home page), and is judged like the page's own posts.
 */
export function pagePath(path: string): string {
  return path === "/_root.data" ? "/" : path.replace(/\.data$/, "");
}

/** Stripe's events are a few kilobytes; the largest (a session with its line items) stays far below this. */
export const WEBHOOK_BODY_LIMIT = 512 * 1024;
/** The one request that is not a browser form: Stripe posting an event as JSON. */
const isStripeWebhook = (req: Request) => req.method === "POST" && req.path === "/webhooks/stripe";

export type BodyLimitOptions = {
  formLimit?: number;
  uploadLimit?: number;
  uploadPaths?: readonly RegExp[];
};

type BodyKind = "form" | "multipart" | "json" | "other";

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Whether a body follows the headers: a positive declared length, or a chunked body. */
function hasBody(req: Request): boolean {
  if (req.headers["transfer-encoding"] !== undefined) return true;
  const declared = req.headers["content-length"];
  return declared !== undefined && Number(declared) > 0;
}

function bodyKind(contentType: string | undefined): BodyKind {
  if (!contentType) return "other";
  const [type = "", ...params] = contentType.split(";").map((s) => s.trim());
  const mediaType = type.toLowerCase();
  if (mediaType === "application/x-www-form-urlencoded") return "form";
  if (mediaType === "multipart/form-data" && params.some((p) => /^boundary=.+/i.test(p))) return "multipart";
  if (mediaType === "application/json") return "json";
  return "other";
}

/** The language chosen with the switch (the `lang` cookie), else the browser's, else Chinese. */
export async function requestLocale(req: Request): Promise<Locale> {
  try {
    const chosen: unknown = await localeCookie.parse(req.headers.cookie ?? null);
    if (chosen === "en" || chosen === "zh-CN") return chosen;
  } catch {
    // A cookie we cannot read is no choice at all.
  }
  return localeFromAcceptLanguage(req.headers["accept-language"]) ?? DEFAULT_LOCALE;
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/** A short page in the visitor's language; no detail of the request is echoed back. */
export function refusalPage(locale: Locale, status: 413 | 415): string {
  const key = status === 413 ? "error.bodyTooLarge" : "error.unsupportedBody";
  const t = (k: string) => escapeHtml(translate(locale, k));
  return [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${t(`${key}.title`)} · ${t("app.name")}</title></head>`,
    `<body><main><h1>${t(`${key}.title`)}</h1><p>${t(key)}</p><p><a href="/">${t("nav.home")}</a></p></main></body></html>`,
  ].join("");
}

type Refusal = { status: 413 | 415; reason: "declared_too_large" | "streamed_too_large" | "unsupported_media_type"; limit?: number };

/** How long a refused body may go on arriving (and be dropped) before the connection is cut. */
export const LINGER_MS = 3_000;

/**
 * After the answer: drop the rest of the body as it arrives, then close. Closing at once would
 * make the client's next write fail with a reset, and most clients (browsers, Node's own) then
 * report the reset, not the 413 waiting unread in their buffer.
 */
function lingerThenClose(req: Request): void {
  const socket = req.socket;
  if (req.complete) return void socket.end();
  const cut = setTimeout(() => socket.destroy(), LINGER_MS);
  cut.unref();
  req.once("end", () => {
    clearTimeout(cut);
    socket.end();
  });
  req.resume();
}

/**
 * A small body is read to its end and dropped before the answer, so the connection can close
 * with the answer and say so; a large one is answered at once and drained after it.
 */
function drainSmallBody(req: Request): Promise<void> {
  const declared = Number(req.headers["content-length"]);
  if (req.complete || !(declared <= FORM_BODY_LIMIT)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, LINGER_MS);
    req.once("end", done).once("close", done).once("error", done);
    req.resume();
  });
}

/** Answers a refused body; whatever is still on its way is dropped, never kept or parsed. */
async function refuse(req: Request, res: Response, refusal: Refusal): Promise<void> {
  console.warn(
    JSON.stringify({
      level: "warn",
      event: "request_body_refused",
      status: refusal.status,
      reason: refusal.reason,
      method: req.method,
      path: req.path.slice(0, 200),
      contentType: (req.headers["content-type"] ?? "").slice(0, 100),
      contentLength: req.headers["content-length"] ?? null,
      limit: refusal.limit ?? null,
      requestId: req.headers["x-request-id"],
    }),
  );
  const locale = await requestLocale(req);
  await drainSmallBody(req);
  if (res.headersSent || res.destroyed) return;
  res.on("finish", () => lingerThenClose(req));
  // A body that has all arrived lets the connection close with the answer, and the answer says
  // so: a keep-alive client then does not send its next request down it. A large one still
  // arriving is drained after the answer (lingerThenClose), which that header would cut short.
  if (req.complete) res.set("Connection", "close");
  res
    .status(refusal.status)
    .set({ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Content-Language": locale })
    .send(refusalPage(locale, refusal.status));
}

/**
 * A chunked body has no declared length: its chunks are counted as the parser hands them
 * over, and held (up to the limit) until the body is complete; only then does the request go
 * on. Past the limit nothing more is kept and the request is refused.
 */
function countStreamedBody(req: Request, res: Response, next: NextFunction, limit: number): void {
  const stream = req as Readable;
  // Whatever the parser handed over before this middleware ran is already in the buffer.
  let seen = stream.readableLength;
  if (seen > limit) return void refuse(req, res, { status: 413, reason: "streamed_too_large", limit });
  if (req.complete) return next();
  const push = stream.push.bind(stream);
  stream.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (chunk === null) {
      Reflect.deleteProperty(stream, "push");
      push(null);
      setImmediate(next);
      return false;
    }
    seen += (chunk as Buffer | string).length;
    if (seen > limit) {
      // From here on the body is dropped as it arrives; its end still ends the request.
      stream.push = (rest: unknown) => (rest === null ? push(null) : true);
      void refuse(req, res, { status: 413, reason: "streamed_too_large", limit });
      return false;
    }
    push(chunk, encoding);
    // Nobody reads yet: keep the parser going; what is held never exceeds the limit.
    return true;
  };
  // A buffer filled before this middleware ran has paused the socket: start it again.
  req.socket.resume();
}

/** The express middleware: mount it before anything that reads a request body. */
export function bodyLimits(options: BodyLimitOptions = {}): RequestHandler {
  const formLimit = options.formLimit ?? FORM_BODY_LIMIT;
  const uploadLimit = options.uploadLimit ?? UPLOAD_BODY_LIMIT;
  const uploadPaths = options.uploadPaths ?? UPLOAD_PATHS;
  return (req, res, next) => {
    if (!hasBody(req)) return next();
    const kind = bodyKind(req.headers["content-type"]);
    const webhook = kind === "json" && isStripeWebhook(req);
    if ((kind === "other" || (kind === "json" && !webhook)) && WRITE_METHODS.has(req.method)) {
      void refuse(req, res, { status: 415, reason: "unsupported_media_type" });
      return;
    }
    const limit = webhook ? WEBHOOK_BODY_LIMIT : kind === "multipart" && uploadPaths.some((p) => p.test(pagePath(req.path))) ? uploadLimit : formLimit;
    const declared = req.headers["content-length"];
    if (declared === undefined) return countStreamedBody(req, res, next, limit);
    if (Number(declared) > limit) {
      void refuse(req, res, { status: 413, reason: "declared_too_large", limit });
      return;
    }
    next();
  };
}
