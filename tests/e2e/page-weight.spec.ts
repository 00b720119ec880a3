import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import type { Page } from "@playwright/test";
import { common } from "../../app/i18n/common";
import { expect, test } from "./fixtures";

// What a page costs a visitor on a phone: the JavaScript it loads, gzipped, stays within a
// budget, and no browser chunk carries the validation library, the database layer or the
// other language's messages. A page that grows back fails here, not in the field.

const BUDGET_GZIP_BYTES = 120 * 1024;
const PAGES = ["/", "/needs", "/login", "/api/v1/docs"];

/** Every script the page loaded (the build's modules and the dictionary), with its body as served (decoded). */
async function scriptsOf(page: Page, url: string): Promise<Map<string, Buffer>> {
  const scripts = new Map<string, Buffer>();
  const pending: Promise<void>[] = [];
  page.on("response", (response) => {
    const href = new URL(response.url());
    if (!/^\/(build|i18n)\/.*\.js$/.test(href.pathname)) return;
    pending.push(response.body().then((body) => void scripts.set(href.pathname, body)));
  });
  await page.goto(url, { waitUntil: "networkidle" });
  await Promise.all(pending);
  return scripts;
}

const gzipped = (body: Buffer) => zlib.gzipSync(body, { level: 6 }).length;

for (const url of PAGES) {
  test(`${url} loads at most 120 KB of gzipped JavaScript, with no Zod, Drizzle or second language`, async ({ page }) => {
    const scripts = await scriptsOf(page, url);
    expect(scripts.size).toBeGreaterThan(0);
    const total = [...scripts.values()].reduce((sum, body) => sum + gzipped(body), 0);
    expect(total, `${url}: ${(total / 1024).toFixed(1)} KB gzipped over ${scripts.size} scripts`).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);

    const text = (prefix: string) =>
      [...scripts]
        .filter(([pathname]) => pathname.startsWith(prefix))
        .map(([, body]) => body.toString("utf8"))
        .join("\n");
    const code = text("/build/");
    // Names the libraries set as strings, which minifying keeps.
    expect(code).not.toContain("ZodError");
    expect(code).not.toContain("SQLiteTable");
    // The messages come in one dictionary script, in the visitor's language only.
    expect(code).not.toContain(common["zh-CN"]["app.tagline"]);
    expect(code).not.toContain(common.en["app.tagline"]);
    const dictionary = text("/i18n/");
    expect(dictionary).toContain(common["zh-CN"]["app.tagline"]);
    expect(dictionary).not.toContain(common.en["app.tagline"]);
    expect(await page.content()).not.toContain(common.en["app.tagline"]);
  });
}

test("no browser chunk is built from Zod, Drizzle, the database modules, the form schemas or the message tables", () => {
  const metafile = path.join(process.cwd(), "build", "metafile.js.json");
  const meta = JSON.parse(fs.readFileSync(metafile, "utf8")) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  const serverOnly =
    /^(node_modules\/(zod|drizzle-orm|better-sqlite3)\/|db\/|app\/schemas\/|app\/services\/.*\.server\.ts$|app\/i18n\/(?!define|errors|format|intl|registry|translate|index)[\w-]+\.ts$)/;
  const leaks = Object.entries(meta.outputs).flatMap(([chunk, output]) =>
    Object.keys(output.inputs)
      .filter((input) => serverOnly.test(input))
      .map((input) => `${chunk} <- ${input}`),
  );
  expect(leaks).toEqual([]);
});
