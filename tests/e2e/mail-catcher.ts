// A local SMTP stand-in for the browser tests: the server under test sends its e-mail here
// (SMTP_URL, set by serve.ts), and each message is written to a file a test can read. It
// speaks just enough SMTP for nodemailer over plain TCP on the loopback.

import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** Where the messages of the server on this port are kept; the test and serve.ts agree on it. */
export function mailDir(port: number | string): string {
  return path.join(os.tmpdir(), `lsm-e2e-mail-${port}`);
}

/** Listens on a free loopback port and writes each message received to `dir`; resolves with the port. */
export function startMailCatcher(dir: string): Promise<{ port: number; close: () => void }> {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  let serial = 0;
  const server = net.createServer((socket) => {
    let buffer = "";
    let inData = false;
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply("220 mail-catcher ESMTP");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("latin1");
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          const message = buffer.slice(0, end).replace(/^\.\./gm, ".");
          buffer = buffer.slice(end + 5);
          inData = false;
          fs.writeFileSync(path.join(dir, `${Date.now()}-${++serial}.eml`), Buffer.from(message, "latin1"));
          reply("250 OK queued");
          continue;
        }
        const eol = buffer.indexOf("\r\n");
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") reply("250 mail-catcher");
        else if (verb === "DATA") {
          inData = true;
          reply("354 End data with <CR><LF>.<CR><LF>");
        } else if (verb === "QUIT") {
          reply("221 Bye");
          socket.end();
          return;
        } else reply("250 OK");
      }
    });
    socket.on("error", () => socket.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address() as net.AddressInfo;
      resolve({ port: address.port, close: () => server.close() });
    });
  });
}

export interface CaughtMail {
  to: string;
  subject: string;
  text: string;
}

function decodeWords(value: string): string {
  return value.replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, data: string) =>
    enc.toUpperCase() === "B" ? Buffer.from(data, "base64").toString("utf8") : decodeQuotedPrintable(data.replace(/_/g, " ")),
  );
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

/** One caught message: its recipient, subject and plain text, decoded. */
export function parseMail(raw: string): CaughtMail {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const body = raw.slice(split + 4);
  const header = (name: string) => head.match(new RegExp(`^${name}:\\s*(.*)$`, "im"))?.[1]?.trim() ?? "";
  const encoding = header("Content-Transfer-Encoding").toLowerCase();
  const text =
    encoding === "base64"
      ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
      : encoding === "quoted-printable"
        ? decodeQuotedPrintable(body)
        : Buffer.from(body, "latin1").toString("utf8");
  return { to: header("To").replace(/^.*<|>.*$/g, ""), subject: decodeWords(header("Subject")), text: text.replace(/\r\n/g, "\n") };
}

/** Every message caught so far for one recipient, oldest first. */
export function mailTo(dir: string, recipient: string): CaughtMail[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".eml"))
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }))
    .map((f) => parseMail(fs.readFileSync(path.join(dir, f), "latin1")))
    .filter((m) => m.to.toLowerCase() === recipient.toLowerCase());
}
