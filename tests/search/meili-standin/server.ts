// The HTTP side: a node:http server on 127.0.0.1 (random port) that checks the API key as a
// secured Meilisearch does, parses JSON bodies, records every request, routes it, and can be
// told to misbehave: refuse connections, hang, fail tasks, pause its queue.

import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { MeiliError, errorBody } from "./errors";
import { route, type Reply } from "./routes";
import type { MeiliState } from "./state";

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export type RequestHook = (req: RecordedRequest) => void | Promise<void>;

/** The two keys a secured instance creates, derived from the master key. */
export function defaultKeys(master: string) {
  const derive = (name: string) => createHash("sha256").update(`${master}:${name}`).digest("hex").slice(0, 40);
  const now = new Date(0).toISOString();
  const base = { expiresAt: null, createdAt: now, updatedAt: now, indexes: ["*"] };
  return [
    {
      ...base,
      name: "Default Search API Key",
      description: "Use it to search from the frontend",
      key: derive("search"),
      uid: "00000000-0000-4000-8000-000000000001",
      actions: ["search"],
    },
    {
      ...base,
      name: "Default Admin API Key",
      description: "Use it for anything that is not a search operation.",
      key: derive("admin"),
      uid: "00000000-0000-4000-8000-000000000002",
      actions: ["*"],
    },
  ];
}

export class HttpFront {
  readonly requests: RecordedRequest[] = [];
  /** Requests no modelled route answered (404 without a body, as the server's router does). */
  readonly unrouted: RecordedRequest[] = [];
  refusing = false;
  hanging = false;
  hungRequests = 0;
  hook: RequestHook | null = null;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly state: MeiliState,
    private readonly apiKey: string | null,
  ) {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 1000;
    this.server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
  }

  listen(port = 0): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, "127.0.0.1", () => {
        this.server.off("error", reject);
        const addr = this.server.address();
        this.port = typeof addr === "object" && addr ? addr.port : port;
        resolve();
      });
    });
  }

  /** Stops listening (new connections are refused) and drops open ones; or listens again on the same port. */
  async refuse(on: boolean): Promise<void> {
    if (on === this.refusing) return;
    this.refusing = on;
    if (on) await this.stop();
    else await this.listen(this.port);
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.server.closeAllConnections();
    await closed;
  }

  private authorize(req: IncomingMessage, path: string): void {
    if (!this.apiKey || path === "/health") return;
    const header = req.headers.authorization;
    if (!header) throw new MeiliError("missing_authorization_header", "The Authorization header is missing. It must use the bearer authorization method.");
    const key = header.replace(/^Bearer\s+/i, "");
    const keys = defaultKeys(this.apiKey);
    if (key === this.apiKey || key === keys[1]!.key) return;
    const searchOnly = key === keys[0]!.key && /^\/(indexes\/[^/]+\/search|multi-search)$/.test(path);
    if (!searchOnly) throw new MeiliError("invalid_api_key", "The provided API key is invalid.");
  }

  private async readBody(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    if (text === "") return undefined;
    const type = req.headers["content-type"];
    if (!type)
      throw new MeiliError(
        "missing_content_type",
        "A Content-Type header is missing. Accepted values for the Content-Type header are: `application/json`, `application/x-ndjson`, `text/csv`",
      );
    if (!type.startsWith("application/json")) {
      throw new MeiliError(
        "invalid_content_type",
        `The Content-Type \`${type}\` is invalid. Accepted values for the Content-Type header are: \`application/json\`, \`application/x-ndjson\`, \`text/csv\``,
      );
    }
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new MeiliError("malformed_payload", `The json payload provided is malformed. \`${(err as Error).message}\`.`);
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.hanging) {
      this.hungRequests++; // accepted, never answered
      return;
    }
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname.replace(/\/+$/, "") || "/";
    let reply: Reply;
    try {
      const body = await this.readBody(req);
      const recorded = { method: req.method ?? "GET", path, query: Object.fromEntries(url.searchParams), body };
      this.requests.push(recorded);
      if (this.hook) await this.hook(recorded);
      this.authorize(req, path);
      if (path === "/keys" && req.method === "GET") reply = this.keys();
      else reply = route(this.state, { method: recorded.method, segments: path.split("/").filter(Boolean), query: url.searchParams, body });
      if (reply.status === 404 && reply.body === undefined) this.unrouted.push(recorded);
    } catch (err) {
      reply = err instanceof MeiliError ? { status: err.status, body: err.toBody() } : { status: 500, body: errorBody("internal", String(err)) };
    }
    if (this.hanging) return;
    const text = reply.body === undefined ? "" : JSON.stringify(reply.body);
    res.writeHead(reply.status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  }

  private keys(): Reply {
    const results = this.apiKey ? defaultKeys(this.apiKey) : [];
    return { status: 200, body: { results, offset: 0, limit: 20, total: results.length } };
  }
}
