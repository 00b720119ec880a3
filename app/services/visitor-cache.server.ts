import type express from "express";
import { COMPRESS_FROM_BYTES } from "./compression.server";
import { assembleGzip, deflatePieces } from "./gzip-pieces.server";
import { localeFromAcceptLanguage } from "./locale.server";
import { chunkBuffer } from "./response-chunks.server";

// Pages as a visitor without an account sees them, kept for a few seconds in each worker and
// only while the database is unchanged. A city portal is read in bursts (a needs-list release,
// a roadshow, a deadline), and the same few pages are then rendered again and again for
// visitors who all see exactly the same thing. Whoever is signed in, or carries any cookie but
// the language's, is always served afresh; so is every answer that sets a cookie, is not a
// 200 page, or says it is private.
//
// A kept page is good while:
// - it is younger than `seconds`, which bounds anything that moves with the clock alone
//   (freshness labels, "3 days ago");
// - the database has not changed (`databaseChangeToken`, db/change-token.ts).
// Each answer gets its own CSP nonce: the kept page's is replaced by the request's. A kept page
// is compressed once, in pieces around its nonce (gzip-pieces.server.ts).

/** Cookies that do not make a visitor's page their own: the language (part of the key) and the known-device mark. */
const NEUTRAL_COOKIES = new Set(["lang", "lsm_device", "__Host-lsm_device"]);
/** What is kept: pages and the data behind client-side navigations. */
const KEPT_TYPES = /^(text\/html|text\/x-script)\b/;
/** Headers the kept answer does not repeat: the transport's, and those every answer sets for itself. */
const NOT_REPEATED = new Set(["content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive", "date", "etag", "x-page-cache"]);
const MAX_PAGE_BYTES = 1024 * 1024;

export interface VisitorCacheOptions {
  /** How long a page is kept, in seconds; 0 keeps nothing. */
  seconds: number;
  /** Changes whenever the data behind any page may have changed. */
  changeToken: () => string;
  /** At most this many pages and this many bytes per worker. */
  maxEntries?: number;
  maxBytes?: number;
  now?: () => number;
}

interface Kept {
  token: string;
  storedAt: number;
  status: number;
  headers: [string, string | string[]][];
  body: Buffer;
  /** The body cut where its CSP nonce stood (one part when it has none), and each part deflated. */
  parts: Buffer[];
  deflated: Buffer[];
}

function cookieNames(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(";")
    .map((part) => part.split("=", 1)[0]!.trim())
    .filter((name) => name !== "");
}

function langCookie(header: string | undefined): string {
  const match = header ? /(?:^|;\s*)lang=([^;]*)/.exec(header) : null;
  return match?.[1] ?? "";
}

/** The key of a visitor's request, or null when it must be served afresh. */
function keyOf(req: express.Request): string | null {
  if (req.method !== "GET" || req.headers.authorization) return null;
  const cookie = req.headers.cookie;
  if (cookieNames(cookie).some((name) => !NEUTRAL_COOKIES.has(name))) return null;
  const accepted = localeFromAcceptLanguage(req.headers["accept-language"]) ?? "";
  return `${req.originalUrl}\n${langCookie(cookie)}\n${accepted}`;
}

function keepable(res: express.Response): boolean {
  if (res.statusCode !== 200 || res.getHeader("set-cookie") !== undefined) return false;
  const type = res.getHeader("content-type");
  const control = String(res.getHeader("cache-control") ?? "");
  return typeof type === "string" && KEPT_TYPES.test(type) && !/no-store|private/.test(control);
}

/** A bounded map in order of last use. */
class Pages {
  private readonly map = new Map<string, Kept>();
  private bytes = 0;
  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
  ) {}

  get(key: string): Kept | undefined {
    const kept = this.map.get(key);
    if (kept) {
      this.map.delete(key);
      this.map.set(key, kept);
    }
    return kept;
  }

  set(key: string, kept: Kept): void {
    this.delete(key);
    this.map.set(key, kept);
    this.bytes += kept.body.length;
    for (const [oldest] of this.map) {
      if (this.map.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    const kept = this.map.get(key);
    if (!kept) return;
    this.bytes -= kept.body.length;
    this.map.delete(key);
  }
}

/** The body cut at every occurrence of `nonce`, so that each answer puts its own in (no copy of the text). */
function cutAt(body: Buffer, nonce: string): Buffer[] {
  if (!nonce) return [body];
  const needle = Buffer.from(nonce);
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = body.indexOf(needle); at !== -1; at = body.indexOf(needle, from)) {
    parts.push(body.subarray(from, at));
    from = at + needle.length;
  }
  parts.push(body.subarray(from));
  return parts;
}

function serve(req: express.Request, res: express.Response, kept: Kept): void {
  const nonce = Buffer.from(String(res.locals.cspNonce ?? ""));
  res.status(kept.status);
  for (const [name, value] of kept.headers) res.setHeader(name, value);
  res.setHeader("X-Page-Cache", "hit");
  res.vary("Accept-Encoding");
  if (kept.body.length >= COMPRESS_FROM_BYTES && req.acceptsEncodings("gzip", "identity") === "gzip") {
    // Compressed once when kept; the compressor leaves an answer already encoded alone.
    res.setHeader("Content-Encoding", "gzip");
    return void res.end(assembleGzip(kept.parts, kept.deflated, nonce));
  }
  res.end(Buffer.concat(kept.parts.flatMap((part, i) => (i === 0 ? [part] : [nonce, part]))));
}

/**
 * Records what the handler sends, as it goes out, and hands it to `keep` if it may be kept,
 * with the headers the handler set (those set before it run again for every answer anyway).
 */
function record(res: express.Response, keep: (body: Buffer, headers: Kept["headers"]) => void): void {
  const before = new Set(res.getHeaderNames());
  const chunks: Buffer[] = [];
  let size = 0;
  const take = (chunk: unknown, encoding?: unknown) => {
    if (size > MAX_PAGE_BYTES) return;
    const buf = chunkBuffer(chunk, encoding);
    if (!buf) return;
    size += buf.length;
    chunks.push(buf);
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => express.Response;
  res.write = ((...args: unknown[]) => {
    take(args[0], args[1]);
    return write(...args);
  }) as typeof res.write;
  res.end = ((...args: unknown[]) => {
    take(args[0], args[1]);
    if (size <= MAX_PAGE_BYTES && keepable(res)) {
      const headers = Object.entries(res.getHeaders())
        .filter(([name]) => !before.has(name) && !NOT_REPEATED.has(name))
        .map(([name, value]) => [name, Array.isArray(value) ? value : String(value)] as [string, string | string[]]);
      keep(Buffer.concat(chunks), headers);
    }
    return end(...args);
  }) as typeof res.end;
  res.setHeader("X-Page-Cache", "miss");
}

/**
 * Express middleware serving visitors' pages from the worker's short-lived copy. A page is
 * rendered once however many ask for it at the same time: while it renders, those asking for
 * it wait for it, or, when the data has not changed and the copy in hand is only older than
 * `seconds`, are served that copy. Under a burst every visitor of a page that has just expired
 * would otherwise render it again.
 */
export function visitorCache(options: VisitorCacheOptions): express.RequestHandler {
  const pages = new Pages(options.maxEntries ?? 500, options.maxBytes ?? 32 * 1024 * 1024);
  const now = options.now ?? Date.now;
  /** Pages being rendered, and what waits for each: called with the page kept, or null when none was. */
  const rendering = new Map<string, ((kept: Kept | null) => void)[]>();
  /** Keeps what `res` sends for `key`, if it may be kept, and hands it to `then`. */
  const keepWhatIsSent = (res: express.Response, key: string, token: string, then?: (page: Kept) => void) => {
    const storedAt = now();
    record(res, (body, headers) => {
      const parts = cutAt(body, String(res.locals.cspNonce ?? ""));
      const page: Kept = { token, storedAt, status: res.statusCode, headers, body, parts, deflated: deflatePieces(parts) };
      pages.set(key, page);
      then?.(page);
    });
  };
  return (req, res, next) => {
    const key = options.seconds > 0 ? keyOf(req) : null;
    if (key === null) return next();
    const token = options.changeToken();
    const kept = pages.get(key);
    const current = kept?.token === token ? kept : undefined;
    if (current && now() - current.storedAt < options.seconds * 1000) return serve(req, res, current);
    const waiting = rendering.get(key);
    if (waiting) {
      if (current) return serve(req, res, current);
      waiting.push((done) => {
        if (done?.token === token) return serve(req, res, done);
        keepWhatIsSent(res, key, token);
        next();
      });
      return;
    }
    if (kept && !current) pages.delete(key);
    const waiters: ((kept: Kept | null) => void)[] = [];
    rendering.set(key, waiters);
    const settle = (done: Kept | null) => {
      if (rendering.get(key) !== waiters) return;
      rendering.delete(key);
      if (!done && pages.get(key)?.token === token) pages.delete(key);
      for (const waiter of waiters) waiter(done);
    };
    keepWhatIsSent(res, key, token, settle);
    // Not kept (not a page that may be kept, or the visitor went away): the others render their own.
    res.once("close", () => settle(null));
    next();
  };
}
