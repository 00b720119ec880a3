import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { compressResponses } from "../../app/services/compression.server";
import { databaseChangeToken } from "../../db/change-token";
import { visitorCache } from "../../app/services/visitor-cache.server";

// The visitor cache in front of a stand-in for the Remix handler, on a real socket: the
// stand-in counts what it renders, so a page served from the cache is one it did not render.

let server: http.Server;
let origin: string;
let rendered: string[] = [];
let token = "v1";
let clock = 1_000_000;
let nonceSeq = 0;
/** Requests that have reached the cache. */
let arrived = 0;
/** While set, pages under /held wait for it before they are sent: a render still under way. */
let held: Promise<void> | null = null;

async function standIn(req: express.Request, res: express.Response): Promise<void> {
  rendered.push(req.originalUrl);
  if (req.path.startsWith("/held") && held) await held;
  const nonce = String(res.locals.cspNonce);
  if (req.path === "/private") res.setHeader("Cache-Control", "private");
  if (req.path === "/cookie") res.cookie("flash", "1");
  if (req.path === "/json") return void res.json({ n: rendered.length });
  res.status(req.path.endsWith("/missing") ? 404 : 200);
  res.setHeader("Vary", "Accept-Language, Cookie");
  res
    .type("html")
    .send(
      `<!DOCTYPE html><p>${req.originalUrl} #${rendered.length}</p><script nonce="${nonce}">1</script><script nonce="${nonce}">2</script>${"<p>吕梁</p>".repeat(200)}`,
    );
}

beforeAll(async () => {
  const app = express();
  app.use(compressResponses());
  app.use((_req, res, next) => {
    res.locals.cspNonce = `nonce${++nonceSeq}==`;
    res.setHeader("Content-Security-Policy", `script-src 'nonce-${String(res.locals.cspNonce)}'`);
    arrived++;
    next();
  });
  app.use(visitorCache({ seconds: 5, changeToken: () => token, maxEntries: 3, now: () => clock }));
  app.all("*", (req, res) => void standIn(req, res));
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  rendered = [];
  arrived = 0;
  token = `v${Math.random()}`;
});

async function get(p: string, headers: Record<string, string> = {}) {
  const res = await fetch(origin + p, { headers: { "accept-encoding": "br", ...headers } });
  return { status: res.status, body: await res.text(), cache: res.headers.get("x-page-cache"), csp: res.headers.get("content-security-policy"), res };
}

/** Holds /held pages until the returned function is called. */
function hold(): () => void {
  let release!: () => void;
  held = new Promise<void>((resolve) => (release = resolve));
  return () => {
    held = null;
    release();
  };
}

async function arrivals(n: number): Promise<void> {
  while (arrived < n) await new Promise((resolve) => setTimeout(resolve, 5));
}

const nonceOf = (body: string) => [...body.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]);

describe("visitor cache", () => {
  it("serves a visitor's page again without rendering it, with the request's own nonce, compressed", async () => {
    const first = await get("/needs?q=氢能");
    const second = await get("/needs?q=氢能");
    expect(rendered).toEqual(["/needs?q=%E6%B0%A2%E8%83%BD"]);
    expect([first.cache, second.cache]).toEqual(["miss", "hit"]);
    expect(second.body.replace(/nonce="[^"]+"/g, "")).toBe(first.body.replace(/nonce="[^"]+"/g, ""));
    const nonce = /nonce-([^']+)/.exec(second.csp!)![1];
    expect(nonceOf(second.body)).toEqual([nonce, nonce]);
    expect(nonceOf(first.body)[0]).not.toBe(nonce);
    expect(second.res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(second.res.headers.get("content-encoding")).toBe("br");
    expect(second.res.headers.get("vary")).toContain("Accept-Language");
  });

  it("sends a kept page gzip-compressed, compressed once, with the request's own nonce", async () => {
    const headers = { "accept-encoding": "gzip, deflate, br" };
    const first = await get("/gz", headers);
    const second = await get("/gz", headers);
    const third = await get("/gz", headers);
    expect(rendered).toHaveLength(1);
    expect(second.res.headers.get("content-encoding")).toBe("gzip");
    expect(second.res.headers.get("vary")).toMatch(/Accept-Encoding/);
    for (const hit of [second, third]) {
      const nonce = /nonce-([^']+)/.exec(hit.csp!)![1];
      expect(nonceOf(hit.body)).toEqual([nonce, nonce]);
      expect(hit.body.replace(/nonce="[^"]+"/g, "")).toBe(first.body.replace(/nonce="[^"]+"/g, ""));
    }
  });

  it("renders afresh once the database has changed or the time is up", async () => {
    await get("/");
    await get("/");
    token = "changed";
    await get("/");
    await get("/");
    clock += 5_000;
    const late = await get("/");
    expect(rendered).toHaveLength(3);
    expect(late.cache).toBe("miss");
  });

  it("keeps each language's page apart", async () => {
    await get("/", { "accept-language": "en" });
    await get("/", { "accept-language": "zh-CN" });
    await get("/", { cookie: "lang=ImVuIg%3D%3D" });
    const again = await get("/", { "accept-language": "en-GB,en;q=0.9" });
    expect(rendered).toHaveLength(3);
    expect(again.cache).toBe("hit");
  });

  it("always renders for whoever carries a session or any other cookie, and for other methods", async () => {
    for (const cookie of ["lsm_session=abc", "__Host-lsm_session=abc", "flash=1", "lang=x; lsm_session=abc"]) {
      await get("/needs", { cookie });
      const again = await get("/needs", { cookie });
      expect(again.cache).toBeNull();
    }
    await get("/needs", { authorization: "Bearer x" });
    await fetch(origin + "/needs", { method: "HEAD" });
    await fetch(origin + "/needs", { method: "POST" });
    expect(rendered).toHaveLength(11);
    // A known-device mark alone does not make the page the visitor's own.
    await get("/needs", { cookie: "lsm_device=d" });
    expect((await get("/needs", { cookie: "lsm_device=d" })).cache).toBe("hit");
  });

  it("keeps nothing that sets a cookie, is private, is not a 200 page, or is not a page", async () => {
    for (const p of ["/cookie", "/private", "/missing", "/json"]) {
      await get(p);
      const again = await get(p);
      expect(again.cache).toBe("miss");
    }
    expect(rendered).toHaveLength(8);
  });

  it("renders a page once for visitors who ask for it while it renders, each answer with its own nonce", async () => {
    const release = hold();
    const answers = Array.from({ length: 5 }, () => get("/held/page"));
    await arrivals(5);
    release();
    const got = await Promise.all(answers);
    expect(rendered).toEqual(["/held/page"]);
    expect(got.map((a) => a.cache).sort()).toEqual(["hit", "hit", "hit", "hit", "miss"]);
    for (const a of got) {
      const nonce = /nonce-([^']+)/.exec(a.csp!)![1];
      expect(nonceOf(a.body)).toEqual([nonce, nonce]);
      expect(a.body.replace(/nonce="[^"]+"/g, "")).toBe(got[0]!.body.replace(/nonce="[^"]+"/g, ""));
    }
  });

  it("serves the copy in hand while an expired page renders again, and the new one after", async () => {
    const first = await get("/held/expiring");
    clock += 5_000;
    const release = hold();
    const refreshing = get("/held/expiring");
    await arrivals(2);
    const meanwhile = await get("/held/expiring");
    expect(meanwhile.cache).toBe("hit");
    expect(meanwhile.body).toContain("#1</p>");
    release();
    expect((await refreshing).cache).toBe("miss");
    const after = await get("/held/expiring");
    expect(after.body).toContain("#2</p>");
    expect(rendered).toHaveLength(2);
    expect(first.cache).toBe("miss");
  });

  it("lets the waiting visitors render their own when the page could not be kept or the data changed", async () => {
    let release = hold();
    const missing = Array.from({ length: 3 }, () => get("/held/missing"));
    await arrivals(3);
    release();
    expect((await Promise.all(missing)).map((a) => [a.status, a.cache])).toEqual(Array(3).fill([404, "miss"]));
    expect(rendered).toHaveLength(3);

    rendered = [];
    arrived = 0;
    release = hold();
    const before = get("/held/changing");
    await arrivals(1);
    token = "changed while rendering";
    const after = get("/held/changing");
    await arrivals(2);
    release();
    await Promise.all([before, after]);
    expect(rendered).toEqual(["/held/changing", "/held/changing"]);
    // The page rendered on the changed data is the one kept.
    expect((await get("/held/changing")).body).toContain("#2</p>");
  });

  it("holds a bounded number of pages, dropping the least recently used", async () => {
    for (const p of ["/a", "/b", "/c"]) await get(p);
    await get("/a");
    await get("/d");
    expect((await get("/a")).cache).toBe("hit");
    expect((await get("/b")).cache).toBe("miss");
  });
});

describe("database change token", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-visitor-cache-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("moves when this connection or another one commits, and only then", () => {
    const file = path.join(dir, "t.db");
    const mine = new Database(file);
    mine.pragma("journal_mode = WAL");
    mine.exec("CREATE TABLE t (x INTEGER)");
    const other = new Database(file);
    const tokenOf = databaseChangeToken(mine);
    const start = tokenOf();
    mine.prepare("SELECT count(*) FROM t").get();
    expect(tokenOf()).toBe(start);
    other.exec("INSERT INTO t VALUES (1)");
    const afterOther = tokenOf();
    expect(afterOther).not.toBe(start);
    mine.exec("INSERT INTO t VALUES (2)");
    expect(tokenOf()).not.toBe(afterOther);
    mine.close();
    other.close();
  });
});
