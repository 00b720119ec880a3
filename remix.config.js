/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // Native addons and the search layer stay outside the server bundle.
  serverDependenciesToBundle: [],
  watchPaths: ["db/**/*.ts", "search/**/*.ts"],
};
