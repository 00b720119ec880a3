/// <reference types="@remix-run/dev" />

import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
  }
  // Loader and action data reach the browser through single fetch (turbo-stream), not JSON.
  interface Future {
    v3_singleFetch: true;
  }
}
