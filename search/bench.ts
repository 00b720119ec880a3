// The matching benchmark: npm run -s bench:match -- <dir> [--engine embedded|meilisearch]
//
// Reads <dir>/achievements.jsonl ({id, title, summary, keywords, field}) and every
// <dir>/needs-*.jsonl ({id, title, description, relevant: [id]}), stores the achievements in
// a fresh database exactly the way the app stores listings (row + outbox in one transaction,
// then the relay indexes them), runs the need → achievement matcher for every need and
// prints one JSON line per needs file, sorted by file name, and nothing else:
//   {"set","achievements","needs","mrr10","recall1","recall10","p50_ms","p95_ms"}
// Latency is one in-process match call.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { creditCodeCheckChar } from "../db/credit-code";
import { migrateDb, openDb, writeTx } from "../db/connection";
import { achievements, organisations, users } from "../db/schema";
import { seedVocabularies } from "../db/seed-vocabularies";
import { createSearch, matchContext } from "./index";
import { matchNeedLike, prepareMatching } from "./match";
import { MeilisearchIndex } from "./meilisearch";
import { enqueueSearchSync } from "./outbox";

interface BenchAchievement {
  id: string;
  title: string;
  summary: string;
  keywords?: string[];
  field?: string;
}
interface BenchNeed {
  id: string;
  title: string;
  description?: string;
  relevant: string[];
}

// The benchmark's listings carry no chain or field from the platform's vocabularies, so
// every one gets the same defaults: the structured factors then tie and only the text
// decides, which is what the benchmark measures.
const DEFAULT_CHAIN = "equipment";
const DEFAULT_FIELD = "8";
const PUBLISHED_AT = "2025-01-01T00:00:00.000Z";
const NOW = new Date("2025-02-01T00:00:00.000Z");

function readJsonl<T>(file: string): T[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith("--"));
  const engineArg = args.includes("--engine") ? args[args.indexOf("--engine") + 1] : "embedded";
  if (!dir || (engineArg !== "embedded" && engineArg !== "meilisearch")) {
    process.stderr.write("usage: npm run -s bench:match -- <dir> [--engine embedded|meilisearch]\n");
    process.exit(2);
  }
  if (engineArg === "meilisearch" && !process.env.MEILI_HOST) {
    process.stderr.write("--engine meilisearch needs MEILI_HOST (and MEILI_API_KEY)\n");
    process.exit(2);
  }

  const items = readJsonl<BenchAchievement>(path.join(dir, "achievements.jsonl"));
  const needFiles = fs
    .readdirSync(dir)
    .filter((f) => /^needs-.+\.jsonl$/.test(f))
    .sort();

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-bench-"));
  const db = openDb(path.join(tmp, "bench.db"));
  const remote =
    engineArg === "meilisearch"
      ? new MeilisearchIndex({
          host: process.env.MEILI_HOST!,
          apiKey: process.env.MEILI_API_KEY,
          indexPrefix: `lsm_bench_${process.pid}_`,
        })
      : null;
  try {
    migrateDb(db);
    seedVocabularies(db);
    const search = createSearch(db, {}, remote ? { remote } : {});

    const dbIdOf = new Map<string, number>();
    const benchIdOf = new Map<number, string>();
    const { orgId, userId } = writeTx(db, (tx) => {
      const first17 = "91141100MA0LSMB01";
      const org = tx
        .insert(organisations)
        .values({ name: "基准测试研究院", kind: "institute", creditCode: first17 + creditCodeCheckChar(first17) })
        .returning({ id: organisations.id })
        .get();
      const user = tx
        .insert(users)
        .values({ email: "bench@example.invalid", name: "bench", passwordHash: "!", role: "institute", orgId: org.id })
        .returning({ id: users.id })
        .get();
      return { orgId: org.id, userId: user.id };
    });
    for (let i = 0; i < items.length; i += 200) {
      // Each listing's row and its outbox row commit together, as in the app's services.
      writeTx(db, (tx) => {
        for (const a of items.slice(i, i + 200)) {
          const row = tx
            .insert(achievements)
            .values({
              orgId,
              createdBy: userId,
              title: a.title,
              summary: a.summary,
              // The set's discipline (CSL 学科) has no place in the platform's field
              // vocabulary; it is a subject term of the listing, so it joins the keywords.
              keywords: [...(a.keywords ?? []), ...(a.field ? [a.field] : [])],
              industryChainId: DEFAULT_CHAIN,
              techFieldCode: DEFAULT_FIELD,
              trl: 5,
              ipType: "none",
              patentNumbers: [],
              transferModes: ["transfer"],
              priceFen: null,
              owners: "",
              contactName: "—",
              contactPhone: "—",
              status: "published",
              publishedAt: PUBLISHED_AT,
              confirmedAt: PUBLISHED_AT,
              updatedAt: PUBLISHED_AT,
            })
            .returning({ id: achievements.id })
            .get();
          enqueueSearchSync(tx, "achievement", row.id, "upsert");
          dbIdOf.set(a.id, row.id);
          benchIdOf.set(row.id, a.id);
        }
      });
    }
    if (remote) await remote.init();
    await search.relay.drain();
    const status = search.relay.status();
    if (status.pending > 0) throw new Error(`relay left ${status.pending} outbox rows pending: ${status.lastError}`);

    const ctx = matchContext(search, db, remote);
    // What a server does once at start (jieba, statements, the candidates' term vectors);
    // no warm-up match runs, so the first needs are timed as a freshly started server serves them.
    prepareMatching(ctx);
    for (const file of needFiles) {
      const needsList = readJsonl<BenchNeed>(path.join(dir, file));
      let mrr = 0;
      let r1 = 0;
      let r10 = 0;
      const times: number[] = [];
      for (const need of needsList) {
        const t0 = performance.now();
        const res = await matchNeedLike(ctx, { title: need.title, description: need.description ?? "" }, { limit: 10, now: NOW });
        times.push(performance.now() - t0);
        const relevant = new Set(need.relevant);
        const rank = res.findIndex((m) => relevant.has(benchIdOf.get(m.id) ?? ""));
        if (rank >= 0) {
          mrr += 1 / (rank + 1);
          r10 += 1;
          if (rank === 0) r1 += 1;
        }
      }
      times.sort((a, b) => a - b);
      const n = needsList.length || 1;
      process.stdout.write(
        JSON.stringify({
          set: file.replace(/^needs-/, "").replace(/\.jsonl$/, ""),
          achievements: items.length,
          needs: needsList.length,
          mrr10: round(mrr / n, 4),
          recall1: round(r1 / n, 4),
          recall10: round(r10 / n, 4),
          p50_ms: round(percentile(times, 0.5), 2),
          p95_ms: round(percentile(times, 0.95), 2),
        }) + "\n",
      );
    }
    search.close();
  } finally {
    db.$client.close();
    fs.rmSync(tmp, { recursive: true, force: true });
    // The benchmark's indexes are its own: leave the server as it was found.
    if (remote) await remote.dropIndexes().catch(() => undefined);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
