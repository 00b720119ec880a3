/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // Native addons and the search layer stay outside the server bundle.
  serverDependenciesToBundle: [],
  watchPaths: ["db/**/*.ts", "search/**/*.ts"],
  // Remix v3's behaviour now (v3_routeConfig is for the Vite compiler only). Single fetch
  // waits: data requests go to /<path>.data, and headers such as Retry-After reach them only
  // through each route's `headers` export.
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
  },
};
