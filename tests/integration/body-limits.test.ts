import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { bodyLimits, FORM_BODY_LIMIT, UPLOAD_BODY_LIMIT, WEBHOOK_BODY_LIMIT } from "../../app/services/body-limits.server";
import { localeFromAcceptLanguage } from "../../app/services/locale.server";
import { translate } from "../../app/i18n";

// The body limits in front of a stand-in for the Remix handler, on a real socket: what the
// handler sees is what got through; what it never sees was refused before anyone read it.

const MB = 1024 * 1024;
let server: http.Server;
let port: number;
let handled: { path: string; bytes: number; contentType: string | undefined }[] = [];

/** The stand-in for the Remix handler: reads the whole body and says how much it read. */
function standIn(req: express.Request, res: express.Response): void {
  let bytes = 0;
  req.on("data", (c: Buffer) => (bytes += c.length));
  req.on("end", () => {
    handled.push({ path: req.path, bytes, contentType: req.headers["content-type"] });
    res.status(200).type("text/plain").send(`read ${bytes}`);
  });
}

async function listen(app: express.Express): Promise<[http.Server, number]> {
  const s = http.createServer(app);
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  return [s, (s.address() as AddressInfo).port];
}

beforeAll(async () => {
  const app = express();
  app.use(bodyLimits());
  app.all("*", standIn);
  [server, port] = await listen(app);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  handled = [];
  vi.restoreAllMocks();
});

type Sent = { status: number; body: string; headers: http.IncomingHttpHeaders; msToResponse: number; socketClosed: boolean; bytesSent: number };

/**
 * Sends `total` bytes of a repeated chunk (declared in Content-Length unless `chunked`),
 * respecting back-pressure, and stops writing once the answer has come.
 */
function send(path: string, headers: Record<string, string>, total: number, opts: { chunked?: boolean; fill?: string; port?: number } = {}): Promise<Sent> {
  const chunk = Buffer.alloc(Math.min(64 * 1024, Math.max(total, 1)), opts.fill ?? "a");
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request({
      host: "127.0.0.1",
      port: opts.port ?? port,
      path,
      method: "POST",
      agent: false,
      headers: opts.chunked ? headers : { ...headers, "Content-Length": String(total) },
    });
    let answered = false;
    let written = 0;
    let socketClosed = false;
    req.on("socket", (s) => s.on("close", () => (socketClosed = true)));
    req.on("error", (err) => {
      if (!answered) reject(err);
    });
    req.on("response", (res) => {
      answered = true;
      const msToResponse = performance.now() - started;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => {
        // Give the server a moment to close (or keep) the connection before reporting.
        const socket = req.socket;
        const finish = () =>
          resolve({ status: res.statusCode!, body, headers: res.headers, msToResponse, socketClosed, bytesSent: socket?.bytesWritten ?? written });
        if (socketClosed || !socket) finish();
        else {
          socket.once("close", finish);
          setTimeout(() => {
            socket.off("close", finish);
            finish();
            socket.destroy();
          }, 2000);
        }
      });
    });
    const pump = () => {
      while (!answered && written < total) {
        const n = Math.min(chunk.length, total - written);
        written += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void req.once("drain", pump);
      }
      if (written >= total) req.end();
    };
    pump();
  });
}

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };

function multipart(size: number, boundary = "----lsm-boundary-1"): { headers: Record<string, string>; body: Buffer } {
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nupload\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head), Buffer.alloc(size, 0x25), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` }, body };
}

function post(path: string, headers: Record<string, string>, body?: Buffer | string): Promise<{ status: number; body: string }> {
  return postWithHeaders(path, headers, body).then(({ status, body: text }) => ({ status, body: text }));
}

function postWithHeaders(
  path: string,
  headers: Record<string, string>,
  body?: Buffer | string,
): Promise<{ status: number; body: string; connection?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, method: "POST", agent: false, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode!, body: text, connection: res.headers.connection }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("a body over the limit", () => {
  it("declared at 100 MB is refused with 413 at once, unread, and the connection closed", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const rssBefore = process.memoryUsage().rss;
    const sent = await send("/login", FORM, 100 * MB);
    const grown = (process.memoryUsage().rss - rssBefore) / MB;
    expect(sent.status).toBe(413);
    expect(sent.msToResponse).toBeLessThan(1000);
    expect(grown).toBeLessThan(50);
    expect(sent.socketClosed).toBe(true);
    expect(sent.bytesSent).toBeLessThan(50 * MB);
    expect(sent.headers.connection).toBe("close");
    expect(sent.body).toContain(translate("zh-CN", "error.bodyTooLarge"));
    expect(sent.body).not.toMatch(/at .*\(.*:\d+:\d+\)/);
    expect(handled).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(1);
    const line = JSON.parse(String(warn.mock.calls[0]![0])) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: "warn",
      event: "request_body_refused",
      status: 413,
      reason: "declared_too_large",
      path: "/login",
      contentLength: String(100 * MB),
    });
    expect(String(warn.mock.calls[0]![0])).not.toContain("aaaa");
  });

  it("streamed in chunks without a length is counted, refused with 413 at the limit and cut off", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const rssBefore = process.memoryUsage().rss;
    const sent = await send("/needs/new", FORM, 100 * MB, { chunked: true });
    expect(sent.status).toBe(413);
    expect(sent.socketClosed).toBe(true);
    expect(sent.bytesSent).toBeLessThan(50 * MB);
    expect((process.memoryUsage().rss - rssBefore) / MB).toBeLessThan(50);
    expect(handled).toEqual([]);
  });

  it("is judged by the small limit for multipart too, except on the upload page", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const upload = multipart(2 * MB);
    expect((await post("/login", upload.headers, upload.body)).status).toBe(413);
    expect((await post("/deals/12", upload.headers, upload.body)).status).toBe(200);
    const tooBig = await send("/deals/12", upload.headers, UPLOAD_BODY_LIMIT + 1);
    expect(tooBig.status).toBe(413);
    expect(handled.map((h) => h.path)).toEqual(["/deals/12"]);
  });

  it("takes a listing's attachment on its upload path, and only there", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const upload = multipart(2 * MB);
    expect((await post("/attachments/need/12", upload.headers, upload.body)).status).toBe(200);
    expect((await post("/attachments/scenario/3", upload.headers, upload.body)).status).toBe(200);
    expect((await post("/attachments/contract/12", upload.headers, upload.body)).status).toBe(413);
    expect((await post("/needs/12/edit", upload.headers, upload.body)).status).toBe(413);
    expect((await send("/attachments/need/12", upload.headers, UPLOAD_BODY_LIMIT + 1)).status).toBe(413);
    expect(handled.map((h) => h.path)).toEqual(["/attachments/need/12", "/attachments/scenario/3"]);
  });

  it("is the same for a form the page's script posts to the page's data URL", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const upload = multipart(2 * MB);
    expect((await post("/login.data", upload.headers, upload.body)).status).toBe(413);
    expect((await send("/login.data", FORM, FORM_BODY_LIMIT + 1)).status).toBe(413);
    expect((await send("/_root.data", FORM, FORM_BODY_LIMIT + 1, { chunked: true })).status).toBe(413);
    expect((await post("/deals/12.data", upload.headers, upload.body)).status).toBe(200);
    expect((await send("/deals/12.data", upload.headers, UPLOAD_BODY_LIMIT + 1)).status).toBe(413);
    expect((await post("/login.data", { "Content-Type": "application/json" }, "{}")).status).toBe(415);
    expect((await post("/webhooks/stripe.data", { "Content-Type": "application/json" }, "{}")).status).toBe(415);
    expect(handled.map((h) => h.path)).toEqual(["/deals/12.data"]);
  });

  it("answers in the visitor's language: the lang cookie first, then Accept-Language", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const english = await send("/login", { ...FORM, "Accept-Language": "en-GB,en;q=0.9,zh-CN;q=0.5" }, 2 * MB);
    expect(english.body).toContain(translate("en", "error.bodyTooLarge"));
    expect(english.body).toContain('lang="en"');
    const cookie = `lang=${Buffer.from(JSON.stringify("zh-CN")).toString("base64")}`;
    const chosen = await send("/login", { ...FORM, "Accept-Language": "en", Cookie: cookie }, 2 * MB);
    expect(chosen.body).toContain(translate("zh-CN", "error.bodyTooLarge"));
    expect(localeFromAcceptLanguage("fr-FR, zh-TW;q=0.8, en;q=0.5")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("fr")).toBeNull();
  });
});

describe("a body of a type the forms do not send", () => {
  it.each([
    ["JSON", { "Content-Type": "application/json" }, '{"email":"a@b.cn"}'],
    ["text/plain", { "Content-Type": "text/plain" }, "email=a@b.cn"],
    ["no Content-Type", {}, "email=a@b.cn"],
    ["multipart without a boundary", { "Content-Type": "multipart/form-data" }, "x"],
  ])("is refused with 415: %s", async (_name, headers, body) => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const res = await postWithHeaders("/login", { ...headers, "Accept-Language": "en" }, body);
    expect(res.status).toBe(415);
    // A keep-alive client is told not to send its next request down this connection.
    expect(res.connection).toBe("close");
    expect(res.body).toContain(translate("en", "error.unsupportedBody"));
    expect(res.body).not.toContain("a@b.cn");
    expect(handled).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(JSON.parse(String(warn.mock.calls[0]![0]))).toMatchObject({ status: 415, reason: "unsupported_media_type", method: "POST" });
  });
});

describe("Stripe's events", () => {
  const JSON_TYPE = { "Content-Type": "application/json; charset=utf-8" };

  it("pass whole as JSON to POST /webhooks/stripe, and only there", async () => {
    const event = JSON.stringify({ id: "evt_1", type: "checkout.session.completed" });
    expect(await post("/webhooks/stripe", JSON_TYPE, event)).toEqual({ status: 200, body: `read ${event.length}` });
    vi.spyOn(console, "warn").mockImplementation(() => {});
    expect((await post("/webhooks/stripe/", JSON_TYPE, event)).status).toBe(415);
    expect((await post("/webhooks/other", JSON_TYPE, event)).status).toBe(415);
    expect((await post("/webhooks/stripe", { "Content-Type": "text/plain" }, event)).status).toBe(415);
    expect(handled.map((h) => h.path)).toEqual(["/webhooks/stripe"]);
  });

  it("are refused over their own limit, declared or chunked", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    expect((await send("/webhooks/stripe", JSON_TYPE, WEBHOOK_BODY_LIMIT)).status).toBe(200);
    expect((await send("/webhooks/stripe", JSON_TYPE, WEBHOOK_BODY_LIMIT + 1)).status).toBe(413);
    expect((await send("/webhooks/stripe", JSON_TYPE, WEBHOOK_BODY_LIMIT + 1, { chunked: true })).status).toBe(413);
  });
});

describe("what the site's forms send", () => {
  it("passes a normal form, whole", async () => {
    const body = `email=a%40b.cn&password=${"x".repeat(500)}`;
    expect(await post("/login", { ...FORM, "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8" }, body)).toEqual({
      status: 200,
      body: `read ${body.length}`,
    });
  });

  it("passes a form just under the limit, declared or chunked", async () => {
    expect((await send("/needs/new", FORM, FORM_BODY_LIMIT)).status).toBe(200);
    const chunked = await send("/needs/new", FORM, FORM_BODY_LIMIT - 10, { chunked: true });
    expect(chunked).toMatchObject({ status: 200, body: `read ${FORM_BODY_LIMIT - 10}` });
  });

  it("passes a small upload to a deal room", async () => {
    const upload = multipart(300 * 1024);
    expect(await post("/deals/7", upload.headers, upload.body)).toEqual({ status: 200, body: `read ${upload.body.length}` });
  });

  it("passes a post without a body (log out, switch language) whatever its headers say", async () => {
    expect((await post("/logout", {})).status).toBe(200);
    expect((await post("/logout", FORM, "")).status).toBe(200);
    expect((await post("/lang", { "Content-Type": "text/plain", "Content-Length": "0" })).status).toBe(200);
    expect(handled.map((h) => h.bytes)).toEqual([0, 0, 0]);
  });
});

describe("behind a middleware that takes its time", () => {
  // The parser may hand over a whole small body before the limits run: it is counted from
  // the buffer, and the request goes on rather than waiting for an end already past.
  let slow: http.Server;
  let slowPort: number;
  beforeAll(async () => {
    const app = express();
    app.use((_req, _res, next) => void setTimeout(next, 100));
    app.use(bodyLimits({ formLimit: 64 * 1024 }));
    app.all("*", standIn);
    [slow, slowPort] = await listen(app);
  });
  afterAll(() => new Promise<void>((resolve) => slow.close(() => resolve())));

  it("passes a small chunked form already read, and still cuts a large one", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(await send("/login", FORM, 1000, { chunked: true, port: slowPort })).toMatchObject({ status: 200, body: "read 1000" });
    const large = await send("/login", FORM, 20 * MB, { chunked: true, port: slowPort });
    expect(large.status).toBe(413);
    expect(large.bytesSent).toBeLessThan(20 * MB);
  });
});
