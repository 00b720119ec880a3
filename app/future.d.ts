// Loader and action data are typed as single fetch sends them (remix.config.js turns it on).
import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
