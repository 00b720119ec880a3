import { Writable } from "node:stream";
import { type AppLoadContext, type EntryContext, type HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./components/nonce";
import { logStorageFault, storageFaultCode } from "./services/storage-faults.server";

/** How long a streamed response waits for deferred data; Remix rejects what is still pending after it. */
export const streamTimeout = 5_000;

/**
 * A storage fault (full disk, read-only database) is an operating condition, not a crash:
 * one JSON line with its code instead of a stack trace. Loaders and actions already answer
 * 503 for it; this covers a fault raised anywhere else while rendering.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  const code = storageFaultCode(error);
  if (code) logStorageFault(code, request);
  else if (isRouteErrorResponse(error) && error.status < 500) {
    // A request the router itself refused (a POST where no action exists, data for a
    // page that does not exist): the visitor's mistake, one line, not a crash with a stack.
    const url = new URL(request.url);
    console.warn(
      JSON.stringify({
        level: "warn",
        event: "request_refused",
        status: error.status,
        method: request.method,
        path: url.pathname,
        requestId: request.headers.get("x-request-id"),
      }),
    );
  } else console.error(error);
};

/**
 * The page is rendered whole, then sent as one body. Nothing here streams (no deferred data),
 * and a page is tens of KB: one buffer goes through the web stream, the compressor and the
 * socket once, where React's many small chunks each paid for every one of those steps.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const chunks: Buffer<ArrayBuffer>[] = [];
    const body = new Writable({
      // React stops a render when its destination closes, and stopping a finished render ends
      // the destination a second time, which Node answers with an error object for nothing.
      emitClose: false,
      write(chunk: Buffer<ArrayBuffer>, _encoding, done) {
        chunks.push(chunk);
        done();
      },
      final(done) {
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        // A page's language comes from the lang cookie, else the browser's Accept-Language.
        responseHeaders.append("Vary", "Accept-Language, Cookie");
        // A page is written in one piece (one flush): it is sent as it is, not copied.
        const html = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        resolve(new Response(html, { headers: responseHeaders, status: responseStatusCode }));
        done();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          clearTimeout(timer);
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Before the shell, the error reaches Remix through onShellError and is logged there.
          if (shellRendered) console.error(error);
        },
      },
    );
    // React's render is abandoned a second after Remix has rejected the pending data.
    const timer = setTimeout(abort, streamTimeout + 1000);
  });
}

// The server process (app/server/) reaches its services through the build, one copy of each.
export { serve } from "./server/serve";
