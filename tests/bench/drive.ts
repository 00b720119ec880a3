// Signs the benchmark's accounts in, builds the read and write mixes, drives the server with
// autocannon and reduces what came back to one JSON line.

import autocannon, { type Client, type Request } from "autocannon";
import Database from "better-sqlite3";
import type { Plan, Session } from "./plan";
import type { ServerProcess } from "./server-process";

/** What a browser sends with every request: pages come back compressed, as they do in production. */
const BROWSER = { "accept-encoding": "gzip, deflate, br", "accept-language": "zh-CN,zh;q=0.9" };

export interface SignedIn extends Session {
  cookie: string;
}

/** One sign-in per account: the throttle allows ten attempts per account in fifteen minutes. */
export async function signIn(server: ServerProcess, plan: Plan): Promise<SignedIn[]> {
  const out: SignedIn[] = [];
  for (const session of plan.sessions) {
    const res = await fetch(`${server.origin}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { ...BROWSER, origin: server.origin, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: session.email, password: plan.password }),
    });
    const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]!);
    if (res.status !== 302 || cookies.length === 0) throw new Error(`sign-in of ${session.email} answered ${res.status}`);
    out.push({ ...session, cookie: cookies.join("; ") });
  }
  return out;
}

/** The pages a visitor and a broker open, in the order one connection asks for them. */
export function readRequests(plan: Plan, broker: SignedIn): Request[] {
  const get = (path: string, cookie?: string): Request => ({ method: "GET", path, headers: cookie ? { ...BROWSER, cookie } : BROWSER });
  return [
    get("/"),
    get("/needs"),
    get(`/needs?q=${encodeURIComponent("氢能")}`),
    get(`/achievements?q=${encodeURIComponent("赤泥")}`),
    get(`/needs/${plan.publicNeed}`),
    get("/brokers"),
    get("/broker", broker.cookie),
    get(`/broker/needs/${broker.ledNeed}`, broker.cookie),
  ];
}

/** Unique text carried by one write, so the database can be searched for it afterwards. */
const MARKER = /LT(\d+)W(\d+)/g;

export class WriteLedger {
  private next = 0;
  /** Writes the server answered, whatever it answered. */
  answered = 0;
  readonly acknowledged: string[] = [];
  constructor(private readonly run: number) {}
  marker(): string {
    return `LT${this.run}W${++this.next}`;
  }
}

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A need draft and a deal note, as the forms post them; a success is the redirect the app answers with. */
export function writeRequests(server: ServerProcess, plan: Plan, session: SignedIn, ledger: WriteLedger, turn: number): Request[] {
  const headers = { ...BROWSER, cookie: session.cookie, origin: server.origin, "content-type": "application/x-www-form-urlencoded" };
  const acknowledge = (expected: RegExp) => (status: number, _body: string, context: Record<string, unknown>, responseHeaders: Record<string, string>) => {
    ledger.answered++;
    if (status === 302 && expected.test(responseHeaders.location ?? "")) ledger.acknowledged.push(context.marker as string);
  };
  const out: Request[] = [];
  if (session.canDraftNeed) {
    out.push({
      method: "POST",
      path: "/needs/new",
      headers,
      setupRequest: (request, context) => {
        const marker = ledger.marker();
        context.marker = marker;
        const form = new URLSearchParams({
          title: `负载测试需求 ${marker}`,
          description: `压力测试保存的需求草稿，编号 ${marker}，用于检查每个确认的写入都只落库一次。`,
          industryChainId: plan.needCodes.industryChainId,
          techFieldCode: plan.needCodes.techFieldCode,
          expectedTrl: "5",
          deadline: inDays(120),
          countyCode: plan.needCodes.countyCode,
          contactName: "测试员",
          contactPhone: "13800138000",
        });
        form.append("cooperationModes", "licence");
        form.append("cooperationModes", "joint_dev");
        return { ...request, body: form.toString() };
      },
      onResponse: acknowledge(/^\/needs\/\d+\?saved=1$/),
    });
  }
  if (session.deals.length > 0) {
    const deal = session.deals[turn % session.deals.length]!;
    out.push({
      method: "POST",
      path: `/deals/${deal}`,
      headers,
      setupRequest: (request, context) => {
        const marker = ledger.marker();
        context.marker = marker;
        return { ...request, body: new URLSearchParams({ intent: "note", body: `已电话沟通，下周约见。${marker}` }).toString() };
      },
      onResponse: acknowledge(new RegExp(`^/deals/${deal}\\?done=note$`)),
    });
  }
  return out;
}

export interface WriteCheck {
  check: "writes";
  answered: number;
  acknowledged: number;
  found_once: number;
  missing: number;
  duplicated: number;
  unacknowledged_found: number;
  ok: boolean;
}

/** After the server has stopped: every acknowledged write is in the database exactly once. */
export function checkWrites(databasePath: string, ledger: WriteLedger): WriteCheck {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  const seen = new Map<string, number>();
  try {
    const texts = [
      ...(db.prepare("SELECT title AS text FROM needs WHERE title LIKE '%LT%W%'").all() as { text: string }[]),
      ...(db.prepare("SELECT body AS text FROM deal_events WHERE kind = 'note' AND body LIKE '%LT%W%'").all() as { text: string }[]),
    ];
    for (const { text } of texts) for (const [marker] of text.matchAll(MARKER)) seen.set(marker, (seen.get(marker) ?? 0) + 1);
  } finally {
    db.close();
  }
  const acked = new Set(ledger.acknowledged);
  let foundOnce = 0;
  let missing = 0;
  for (const marker of acked) {
    const n = seen.get(marker) ?? 0;
    if (n === 1) foundOnce++;
    else if (n === 0) missing++;
  }
  const duplicated = [...seen.values()].filter((n) => n > 1).length;
  const unacknowledgedFound = [...seen.keys()].filter((m) => !acked.has(m)).length;
  return {
    check: "writes",
    answered: ledger.answered,
    acknowledged: acked.size,
    found_once: foundOnce,
    missing,
    duplicated,
    unacknowledged_found: unacknowledgedFound,
    ok: acked.size === ledger.acknowledged.length && missing === 0 && duplicated === 0 && foundOnce === acked.size,
  };
}

export interface RunLine {
  mix: string;
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  rss_mb_start: number;
  rss_mb_end: number;
  /** Only when some answers were not the app's success answer: their statuses. */
  non2xx_statuses?: Record<string, number>;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export interface DriveOptions {
  url: string;
  connections: number;
  seconds: number;
  /** The requests each new connection loops over; called once per connection with its index. */
  requestsFor: (connection: number) => Request[];
  /** What counts as the app's success answer (200 for a page, the redirect after a post). */
  success: (status: number) => boolean;
  /** Called every second with the run's progress, e.g. to sample memory. */
  onTick?: () => void;
}

export interface Driven {
  requests: number;
  seconds: number;
  latencies: Float64Array;
  errors: number;
  timeouts: number;
  failed: number;
  /** How many of each status the failed answers had. */
  failedStatuses: Record<string, number>;
}

/** Runs autocannon against the server for a bounded time; latencies are the ones it measured per response. */
export function drive(options: DriveOptions): Promise<Driven> {
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  let failed = 0;
  const failedStatuses: Record<string, number> = {};
  let connection = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.seconds,
        timeout: 10,
        setupClient: (client: Client) => client.setRequests(options.requestsFor(connection++)),
      },
      (err, result) => {
        clearInterval(ticker);
        if (err) return reject(err);
        resolve({
          requests: count,
          seconds: result.duration,
          latencies: latencies.slice(0, count).sort(),
          errors: result.errors,
          timeouts: result.timeouts,
          failed,
          failedStatuses,
        });
      },
    );
    const ticker = setInterval(() => options.onTick?.(), 1000);
    instance.on("response", (_client, status, _bytes, ms) => {
      if (count === latencies.length) {
        const grown = new Float64Array(latencies.length * 2);
        grown.set(latencies);
        latencies = grown;
      }
      latencies[count++] = ms;
      if (!options.success(status)) {
        failed++;
        failedStatuses[status] = (failedStatuses[status] ?? 0) + 1;
      }
    });
  });
}

export function runLine(mix: string, connections: number, driven: Driven, rssStart: number, rssEnd: number): RunLine {
  const line: RunLine = {
    mix,
    connections,
    seconds: Math.round(driven.seconds * 10) / 10,
    requests: driven.requests,
    rps: Math.round(driven.requests / driven.seconds),
    p50_ms: Math.round(percentile(driven.latencies, 50)),
    p95_ms: Math.round(percentile(driven.latencies, 95)),
    p99_ms: Math.round(percentile(driven.latencies, 99)),
    // As autocannon counts them: every connection error, timeouts included.
    errors: driven.errors,
    timeouts: driven.timeouts,
    non2xx: driven.failed,
    rss_mb_start: rssStart,
    rss_mb_end: rssEnd,
  };
  return driven.failed > 0 ? { ...line, non2xx_statuses: driven.failedStatuses } : line;
}
