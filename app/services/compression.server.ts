import zlib from "node:zlib";
import compression from "compression";
import type { RequestHandler } from "express";

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

export function compressResponses(): RequestHandler {
  return compression({ brotli: { params: BROTLI_PARAMS } });
}
