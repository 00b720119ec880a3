import { defineConfig } from "@playwright/test";

// The browser tests drive the production build (`npm run build` first; `npm run test:e2e`
// does both) in Debian's Chromium: no browser is downloaded.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: "tests/e2e",
  // Two cores: the server, the browser and two workers is as much as the machine carries.
  workers: 2,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  // Sized for two cores shared with other work: a journey takes 20-30 s on an idle machine
  // and must still finish when a build or another suite runs beside it.
  timeout: 180_000,
  expect: { timeout: 20_000 },
  outputDir: "test-results/e2e",
  use: {
    baseURL,
    browserName: "chromium",
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    // The CSP test needs the page's own policy in force.
    bypassCSP: false,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium" }],
  webServer: {
    // Fresh temporary database, migrated and seeded, then the built server on it.
    command: "node_modules/.bin/tsx tests/e2e/serve.ts",
    url: `${baseURL}/healthz`,
    // serve.ts says so once the search index holds the demo.
    wait: { stderr: /search index ready/ },
    env: { PORT: String(PORT) },
    // Never test against a server that happens to be running already: it could be using
    // the real database.
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: "ignore",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
  },
});
