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
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function get(acceptEncoding: string): Promise<{ encoding: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get({ port, host: "127.0.0.1", path: "/page", headers: { "accept-encoding": acceptEncoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ encoding: res.headers["content-encoding"], body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}

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
});
