import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compressResponses } from "../../app/services/compression.server";

// A listing page's worth of markup, streamed in chunks as React renders it.
const PAGE = Array.from(
  { length: 400 },
  (_, i) => `<li class="card"><a href="/needs/${i}">氢能重卡关键部件技术需求 ${i}</a><p>${(i * 7919) % 1000}</p></li>`,
).join("");

let server: http.Server;
let port: number;

beforeAll(async () => {
  const app = express();
  app.use(compressResponses());
  app.get("/page", (_req, res) => {
    res.type("html");
    for (let i = 0; i < PAGE.length; i += 4096) res.write(PAGE.slice(i, i + 4096));
    res.end();
  });
  app.get("/whole", (_req, res) => void res.type("html").end(Buffer.from(PAGE)));
  app.get("/json", (_req, res) => void res.json({ page: PAGE }));
  app.get("/small", (_req, res) => void res.type("html").end("<p>short</p>"));
  app.get("/huge", (_req, res) => {
    res.type("html");
    for (let i = 0; i < 40; i++) res.write(PAGE);
    res.end();
  });
  app.get("/csv", (_req, res) => {
    res.type("text/csv");
    for (let i = 0; i < 5; i++) res.write(`${PAGE}\n`);
    res.end();
  });
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function get(acceptEncoding: string, path = "/page"): Promise<{ encoding: string | undefined; length: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get({ port, host: "127.0.0.1", path, headers: { "accept-encoding": acceptEncoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ encoding: res.headers["content-encoding"], length: res.headers["content-length"], body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}

const decode = (r: { encoding: string | undefined; body: Buffer }) =>
  (r.encoding === "br" ? zlib.brotliDecompressSync(r.body) : r.encoding === "gzip" ? zlib.gunzipSync(r.body) : r.body).toString();

describe("response compression", () => {
  it("sends brotli with a 64 KB window to a browser that accepts it", async () => {
    const { encoding, body } = await get("gzip, deflate, br");
    expect(encoding).toBe("br");
    expect(zlib.brotliDecompressSync(body).toString()).toBe(PAGE);
    // A brotli stream opens with its window size: a first bit of 0 declares 2^16 bytes.
    expect(body[0]! & 1).toBe(0);
  });

  it("sends gzip to a client without brotli, and compresses no worse with brotli", async () => {
    const gzip = await get("gzip");
    expect(gzip.encoding).toBe("gzip");
    expect(zlib.gunzipSync(gzip.body).toString()).toBe(PAGE);
    const br = await get("br");
    expect(br.body.length).toBeLessThanOrEqual(gzip.body.length);
  });

  it("compresses a page written whole at once, with its length, in the encoding the client takes", async () => {
    for (const [accept, expected] of [
      ["gzip, deflate, br", "br"],
      ["gzip", "gzip"],
    ] as const) {
      const r = await get(accept, "/whole");
      expect(r.encoding).toBe(expected);
      expect(Number(r.length)).toBe(r.body.length);
      expect(decode(r)).toBe(PAGE);
    }
    const json = await get("br", "/json");
    expect(json.encoding).toBe("br");
    expect(JSON.parse(decode(json))).toEqual({ page: PAGE });
  });

  it("leaves small answers as they are, and streams what is large or not a page through the compressor", async () => {
    const small = await get("br", "/small");
    expect(small.encoding).toBeUndefined();
    expect(small.body.toString()).toBe("<p>short</p>");
    const huge = await get("br", "/huge");
    expect(huge.encoding).toBe("br");
    expect(huge.length).toBeUndefined();
    expect(decode(huge)).toBe(PAGE.repeat(40));
    const csv = await get("gzip", "/csv");
    expect(csv.encoding).toBe("gzip");
    expect(csv.length).toBeUndefined();
    expect(decode(csv)).toBe(`${PAGE}\n`.repeat(5));
    const identity = await get("identity", "/whole");
    expect(identity.encoding).toBeUndefined();
    expect(identity.body.toString()).toBe(PAGE);
  });
});
