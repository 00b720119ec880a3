import zlib from "node:zlib";
import compression from "compression";
import type { RequestHandler } from "express";
import { chunkBuffer } from "./response-chunks.server";

// Pages go out compressed with brotli when the browser accepts it, else gzip. Brotli's
// streaming encoder sizes its ring buffer and hash tables by the window: at the library's
// default (4 MB, lgwin 22) each response in flight holds about 4 MB outside the JS heap,
// which the allocator keeps once freed, so resident memory climbs to that times the
// connections served at once (hundreds of MB at 200). A 64 KB window (lgwin 16) costs about
// what gzip does per response; a page is tens of KB, so it still fits whole in the window
// and compresses about as well. Quality 4 is the library's own default for streaming.

/** The brotli settings for responses: quality 4, a 64 KB window. */
export const BROTLI_PARAMS = {
  [zlib.constants.BROTLI_PARAM_QUALITY]: 4,
  [zlib.constants.BROTLI_PARAM_LGWIN]: 16,
} as const;

/** Bodies under this size go out as they are, by the compressor and by the whole-body path alike. */
export const COMPRESS_FROM_BYTES = 1024;

export function compressResponses(): RequestHandler[] {
  return [compression({ threshold: COMPRESS_FROM_BYTES, brotli: { params: BROTLI_PARAMS } }), wholeBodies()];
}

/** Answers compressed whole, on the spot, rather than streamed through the compressor. */
const WHOLE_TYPES = /^(text\/html|text\/x-script|application\/json)\b/;
/** Bodies are held up to this size; a larger one streams through the compressor as before. */
const WHOLE_LIMIT = 1024 * 1024;

type Chunk = string | Uint8Array;

/**
 * A page or data answer is written in one piece (the renderer makes one body): it is compressed
 * at once, with the same settings, instead of going through the compressor's stream, whose work
 * is handed to another thread and its result back to the event loop, so that a finished page
 * waited once more behind every request that had arrived meanwhile. Whatever streams, is larger,
 * or is not a page goes through the compressor as before (it leaves an encoded answer alone).
 */
function wholeBodies(): RequestHandler {
  return (req, res, next) => {
    // Brotli first whenever it is taken, as the compressor chooses.
    const encoding = req.method === "HEAD" ? null : req.acceptsEncodings("br") ? "br" : req.acceptsEncodings("gzip") ? "gzip" : null;
    if (!encoding) return next();
    const write = res.write.bind(res) as (chunk: Chunk, ...rest: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
    let held: Buffer[] | null = [];
    let size = 0;
    /** Stops holding: the response writes as it did, and what was held is returned. */
    const restore = (): Buffer[] => {
      const chunks = held ?? [];
      held = null;
      res.write = write as typeof res.write;
      res.end = end as typeof res.end;
      return chunks;
    };
    const release = () => {
      for (const c of restore()) write(c);
    };
    const hold = (chunk: unknown, enc: unknown): boolean => {
      const buf = chunkBuffer(chunk, enc);
      if (!buf) return true;
      size += buf.length;
      held!.push(buf);
      return size <= WHOLE_LIMIT;
    };
    const wanted = () =>
      WHOLE_TYPES.test(String(res.getHeader("content-type") ?? "")) &&
      !res.getHeader("content-encoding") &&
      !/no-transform/.test(String(res.getHeader("cache-control") ?? ""));
    res.write = ((chunk: Chunk, ...rest: unknown[]) => {
      if (held === null) return write(chunk, ...rest);
      if (!wanted()) {
        release();
        return write(chunk, ...rest);
      }
      if (!hold(chunk, rest[0])) {
        release();
        return true;
      }
      const done = rest.find((r) => typeof r === "function") as (() => void) | undefined;
      if (done) process.nextTick(done);
      return true;
    }) as typeof res.write;
    res.end = ((...args: unknown[]) => {
      if (held === null) return end(...args);
      if (!wanted()) {
        release();
        return end(...args);
      }
      if (!hold(args[0], args[1])) {
        release();
        return end(...args.filter((a) => typeof a === "function"));
      }
      const body = Buffer.concat(restore());
      const done = args.find((a) => typeof a === "function");
      if (body.length < COMPRESS_FROM_BYTES || res.headersSent) return end(body, done);
      const out = encoding === "br" ? zlib.brotliCompressSync(body, { params: BROTLI_PARAMS }) : zlib.gzipSync(body);
      res.setHeader("Content-Encoding", encoding);
      res.setHeader("Content-Length", out.length);
      res.vary("Accept-Encoding");
      return end(out, done);
    }) as typeof res.end;
    next();
  };
}
