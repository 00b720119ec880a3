// Scale benchmark: npm run bench:scale -- --n 100000 [--queries 300] [--matches 100] [--keep] [--dir /tmp]
//                  npm run bench:scale -- --reuse <file kept by --keep>   (queries only)
//                  --source <achievements.jsonl>: the abstracts to recombine; by default the
//                  development set in ../shared/data/match-dev beside the repository
//
// Generates N achievements with every field filled and realistic Chinese text (sentences of
// the development set's abstracts recombined, plus the domain words of each listing's
// industry chain), builds the embedded index from the database the way `npm run
// search:reindex` does, and reports the build time, the database size and the in-process
// latency of faceted searches and of matches. Not part of npm test: a million listings
// take minutes.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { creditCodeCheckChar } from "../../db/credit-code";
import { migrateDb, openDb, writeTx } from "../../db/connection";
import { seedVocabularies } from "../../db/seed-vocabularies";
import { COUNTIES, HIGHTECH_FIELDS, INDUSTRY_CHAINS } from "../../db/vocabularies";
import { DOMAIN_TERMS } from "../../search/dictionary";
import { createSearch } from "../../search/index";
import type { SearchQuery } from "../../search/types";

interface Options {
  n: number;
  queries: number;
  matches: number;
  keep: boolean;
  reuse: string | undefined;
  dir: string;
  source: string;
}

/** The matching development set beside the repository, in the team's shared folder (../shared). */
const DEFAULT_SOURCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "shared", "data", "match-dev", "achievements.jsonl");

function parseArgs(): Options {
  const args = process.argv.slice(2);
  const value = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  return {
    n: Number(value("--n") ?? 100_000),
    queries: Number(value("--queries") ?? 300),
    matches: Number(value("--matches") ?? 100),
    keep: args.includes("--keep"),
    reuse: value("--reuse"),
    dir: value("--dir") ?? os.tmpdir(),
    source: value("--source") ?? DEFAULT_SOURCE,
  };
}

/** A small deterministic generator, so two runs build the same market. */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x1_0000_0000;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}

// Which high-tech fields each chain's listings usually carry.
const CHAIN_FIELDS: Record<string, string[]> = {
  hydrogen: ["602", "603", "404"],
  "special-steel": ["401", "804", "708"],
  "al-mg": ["401", "804"],
  "coal-chemistry": ["405", "707", "402"],
  "carbon-materials": ["402", "403", "401"],
  "solid-waste": ["703", "402", "707"],
  "digital-economy": ["101", "103", "503"],
  "ai-plus": ["101", "103", "801"],
  "modern-agriculture": ["207", "202", "706"],
  "fenjiu-food": ["206", "207", "707"],
  "new-energy": ["601", "603", "604"],
  "coal-mining": ["708", "802", "801"],
  biomedicine: ["201", "202", "205"],
  equipment: ["804", "805", "803"],
  "culture-tourism": ["508", "809", "501"],
};

const TRANSFER = ["transfer", "licence", "joint_dev", "equity", "self_implement", "other"] as const;
const IP = ["invention_patent", "utility_patent", "software_copyright", "trade_secret", "none"] as const;

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

function summary(label: string, times: number[]) {
  const s = [...times].sort((a, b) => a - b);
  return {
    [label]: {
      count: s.length,
      p50_ms: +percentile(s, 0.5).toFixed(2),
      p95_ms: +percentile(s, 0.95).toFixed(2),
      max_ms: +(s[s.length - 1] ?? 0).toFixed(2),
    },
  };
}

function fileSize(file: string): number {
  return ["", "-wal", "-shm"].reduce((a, ext) => a + (fs.existsSync(file + ext) ? fs.statSync(file + ext).size : 0), 0);
}

/** 1. The listings themselves (not timed as indexing: this is the platform's own data). */
function generateListings(
  db: ReturnType<typeof openDb>,
  n: number,
  r: ReturnType<typeof rng>,
  sentences: string[],
  fieldCodes: string[],
  chains: string[],
): { generateMs: number } {
  const sqlite = db.$client;
  migrateDb(db);
  seedVocabularies(db);
  const { orgIds, userId } = writeTx(db, () => {
    const orgIds: number[] = [];
    for (let i = 0; i < 200; i++) {
      const first17 = `12141100MB${String(i).padStart(7, "0")}`;
      const row = sqlite
        .prepare("INSERT INTO organisations (name, kind, credit_code, county_code) VALUES (?, 'institute', ?, ?) RETURNING id")
        .get(`吕梁第${i + 1}研究院`, first17 + creditCodeCheckChar(first17), r.pick(COUNTIES).code) as { id: number };
      orgIds.push(row.id);
    }
    const u = sqlite
      .prepare("INSERT INTO users (email, name, password_hash, role, org_id) VALUES ('scale@example.invalid', 'scale', '!', 'institute', ?) RETURNING id")
      .get(orgIds[0]) as { id: number };
    return { orgIds, userId: u.id };
  });

  const tGen = performance.now();
  const insert = sqlite.prepare(`INSERT INTO achievements (org_id, created_by, title, summary, keywords, industry_chain_id,
      tech_field_code, trl, ip_type, patent_numbers, transfer_modes, price_fen, owners, county_code, contact_name,
      contact_phone, status, transformation_list_year, published_at, confirmed_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const start2023 = Date.parse("2023-01-01T00:00:00Z");
  const span = Date.parse("2026-03-01T00:00:00Z") - start2023;
  for (let done = 0; done < n;) {
    const batch = Math.min(20_000, n - done);
    writeTx(db, () => {
      for (let i = 0; i < batch; i++) {
        const chain = r.pick(chains);
        const terms = DOMAIN_TERMS[chain] ?? DOMAIN_TERMS.platform!;
        const t1 = r.pick(terms);
        const t2 = r.pick(terms);
        const lead = r.pick(sentences).split(/[，,]/)[0]!.slice(0, 24);
        const title = r.next() < 0.6 ? `${t1}${lead.slice(0, 12)}技术` : lead;
        const body: string[] = [];
        for (let k = r.int(2, 4); k > 0; k--) body.push(r.pick(sentences));
        body.splice(r.int(0, body.length), 0, `该成果面向${t1}与${t2}应用，可在吕梁${r.pick(COUNTIES).nameZh}开展中试与产业化。`);
        const published = start2023 + Math.floor(r.next() * span);
        const roll = r.next();
        const status = roll < 0.85 ? "published" : roll < 0.95 ? "transferred" : roll < 0.98 ? "withdrawn" : "submitted";
        const modes = [...new Set([r.pick(TRANSFER), ...(r.next() < 0.4 ? [r.pick(TRANSFER)] : [])])];
        const price = r.next() < 0.2 ? null : Math.round(Math.exp(Math.log(50_000_00) + r.next() * Math.log(1000)) / 100) * 100;
        insert.run(
          r.pick(orgIds),
          userId,
          title,
          body.join(""),
          JSON.stringify([t1, t2, r.pick(terms)]),
          chain,
          r.pick(CHAIN_FIELDS[chain] ?? fieldCodes),
          r.int(1, 9),
          r.pick(IP),
          JSON.stringify([`CN${2019 + r.int(0, 6)}1${String(r.int(0, 99_999_999)).padStart(8, "0")}.${r.int(0, 9)}`]),
          JSON.stringify(modes),
          price,
          "课题组",
          r.next() < 0.1 ? null : r.pick(COUNTIES).code,
          "联系人",
          "13800000000",
          status,
          r.next() < 0.1 ? 2025 : null,
          new Date(published).toISOString(),
          new Date(published + Math.floor(r.next() * 200) * 86_400_000).toISOString(),
        );
      }
    });
    done += batch;
  }
  return { generateMs: performance.now() - tGen };
}

async function main(): Promise<void> {
  const opt = parseArgs();
  const log = (x: unknown) => console.log(JSON.stringify(x));
  const sentences: string[] = [];
  for (const line of fs.readFileSync(opt.source, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const a = JSON.parse(line) as { summary: string };
    for (const s of a.summary.split(/(?<=[。；;！？])|(?<=\.)(?=[^\d])/)) if (s.trim().length >= 12) sentences.push(s.trim());
  }
  const r = rng(20260301);
  const fieldCodes = HIGHTECH_FIELDS.flatMap((f) => (f.children ?? []).map((_, j) => `${f.code}${String(j + 1).padStart(2, "0")}`));

  const dir = opt.reuse ? path.dirname(opt.reuse) : fs.mkdtempSync(path.join(opt.dir, "lsm-scale-"));
  const file = opt.reuse ?? path.join(dir, "scale.db");
  const db = openDb(file);
  const sqlite = db.$client;
  const chains = INDUSTRY_CHAINS.map((c) => c.id);
  let generateMs = 0;
  let indexMs = 0;
  let indexed = 0;
  if (!opt.reuse) {
    ({ generateMs } = generateListings(db, opt.n, r, sentences, fieldCodes, chains));
    // 2. The index, built from the database as search:reindex builds it.
    const builder = createSearch(db);
    const tIndex = performance.now();
    const [report] = await builder.reindex(["achievement"]);
    indexMs = performance.now() - tIndex;
    indexed = report?.documents ?? 0;
    builder.close();
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
  }
  const search = createSearch(db);
  indexed ||= search.embedded.liveCount("achievement");
  const indexTables = sqlite.prepare("SELECT sum(pgsize) AS bytes FROM dbstat WHERE name LIKE 'search_%'").get() as { bytes: number };

  // 3. Faceted searches: a mix of browsing by filters and searching domain words with filters.
  const q = rng(7);
  const allTerms = Object.values(DOMAIN_TERMS).flat();
  const makeQuery = (): SearchQuery => {
    const filters: SearchQuery["filters"] = {};
    const nFilters = q.int(0, 2);
    for (let i = 0; i < nFilters; i++) {
      const which = q.int(0, 4);
      if (which === 0) filters.industryChainId = [q.pick(chains)];
      if (which === 1) filters.stage = [q.pick(["lab", "small_trial", "pilot", "industrial"])];
      if (which === 2) filters.countyCode = [q.pick(COUNTIES).code];
      if (which === 3) filters.priceBand = [q.pick(["lt50w", "50w-200w", "200w-1000w", "gte1000w", "negotiable"] as const)];
      if (which === 4) filters.year = [q.int(2023, 2026)];
    }
    const browse = q.next() < 0.3;
    const text = browse ? undefined : q.next() < 0.7 ? q.pick(allTerms) : `${q.pick(allTerms)} ${q.pick(allTerms)}`;
    return { kind: "achievement", text, filters, sort: browse ? "newest" : "relevance", pageSize: 20 };
  };
  const tFirst = performance.now();
  await search.search({ kind: "achievement" });
  const firstSearchMs = performance.now() - tFirst;
  for (let i = 0; i < 20; i++) await search.search(makeQuery());
  const searchTimes: number[] = [];
  let hits = 0;
  for (let i = 0; i < opt.queries; i++) {
    const query = makeQuery();
    const t0 = performance.now();
    const res = await search.search(query);
    searchTimes.push(performance.now() - t0);
    hits += res.total;
  }

  // 4. Matches: needs written like the listings, with chain, field, maturity, budget and modes.
  const m = rng(11);
  const makeNeed = () => {
    const chain = m.pick(chains);
    const terms = DOMAIN_TERMS[chain] ?? DOMAIN_TERMS.platform!;
    return {
      title: `寻求${m.pick(terms)}${m.pick(terms)}技术`,
      description: `${m.pick(sentences)}我公司希望引进${m.pick(terms)}相关成果，开展${m.pick(terms)}中试。`,
      industryChainId: chain,
      techFieldCode: m.pick(CHAIN_FIELDS[chain] ?? fieldCodes),
      expectedTrl: m.int(4, 8),
      budgetMaxFen: m.pick([null, 50_000_000, 200_000_000, 1_000_000_000]),
      cooperationModes: [m.pick(["transfer", "licence", "joint_dev", "commissioned_dev", "service", "equity"])],
      countyCode: m.pick(COUNTIES).code,
    };
  };
  for (let i = 0; i < 5; i++) await search.matchNeedLike(makeNeed());
  const matchTimes: number[] = [];
  for (let i = 0; i < opt.matches; i++) {
    const need = makeNeed();
    const t0 = performance.now();
    await search.matchNeedLike(need);
    matchTimes.push(performance.now() - t0);
  }

  log({
    n: opt.reuse ? null : opt.n,
    reused: opt.reuse ?? null,
    nproc: os.cpus().length,
    indexed,
    generate_s: +(generateMs / 1000).toFixed(1),
    index_build_s: +(indexMs / 1000).toFixed(1),
    db_mb: +(fileSize(file) / 1e6).toFixed(0),
    search_tables_mb: +(indexTables.bytes / 1e6).toFixed(0),
    first_search_ms: +firstSearchMs.toFixed(0),
    avg_hits: Math.round(hits / Math.max(1, opt.queries)),
    ...summary("faceted_search", searchTimes),
    ...summary("match", matchTimes),
    rss_mb: Math.round(process.memoryUsage().rss / 1e6),
  });
  search.close();
  db.$client.close();
  if (opt.keep) console.error(`kept ${file}`);
  else if (!opt.reuse) fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
