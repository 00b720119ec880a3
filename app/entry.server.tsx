import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext, type HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
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

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          // A page's language comes from the lang cookie, else the browser's Accept-Language.
          responseHeaders.append("Vary", "Accept-Language, Cookie");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    // React's render is abandoned a second after Remix has rejected the pending data.
    setTimeout(abort, streamTimeout + 1000);
  });
}

// The server process (app/server/) reaches its services through the build, one copy of each.
export { serve } from "./server/serve";
