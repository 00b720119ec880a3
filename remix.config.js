// The classic compiler. Remix's command line loads its Vite plugin, and with it Vite's
// CommonJS entry, whatever the compiler; Vite then warns that entry is deprecated on every
// build. The build and dev scripts set VITE_CJS_IGNORE_WARNING, Vite's switch for a caller
// that cannot change, so a real warning is not lost among them.
/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // Native addons and the search layer stay outside the server bundle.
  serverDependenciesToBundle: [],
  watchPaths: ["db/**/*.ts", "search/**/*.ts"],
  // Remix v3's behaviour now (v3_routeConfig is for the Vite compiler only). With single fetch
  // the browser's data requests go to /<path>.data (one request for all of a page's loaders),
  // and a header other than Set-Cookie reaches a page or its data only through the route's
  // `headers` export (see the login's Retry-After).
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
