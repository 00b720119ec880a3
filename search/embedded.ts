// The default engine: SQLite FTS5 inside the app's own database, so search needs no other
// server and an index write can share the listing's transaction.
//
// Per listing kind there are two tables:
// - search_fts_<kind>: a contentless FTS5 table over pre-segmented text (see tokenizer.ts):
//   word columns wt/wb/wk/wm (title, body, keywords, meta: chain, field, county, organisation
//   and patent numbers) and bigram columns gt/gb/gk/gm. Contentless because the listing text
//   already lives in the database; storing it twice would double the file.
// - search_doc_<kind>: one row per listing with what filters, facets, sorts and highlights
//   need. A removed listing keeps a tombstone row (live = 0) so the in-memory facet columns
//   of every process can follow removals through the seq cursor.
//
// Facets and filters are counted in memory over typed arrays (FacetColumns) rather than by
// GROUP BY: at a million achievements seven GROUP BYs per request cost seconds, one pass over
// typed arrays costs milliseconds. Each process keeps its own copy and catches up from
// search_state.seq before every search, so several processes see each other's writes.
//
// These tables are created here with IF NOT EXISTS rather than through drizzle migrations:
// they are a derived index that `npm run search:reindex` can always rebuild from the listings.

import type Database from "better-sqlite3";
import { writeTx, type Db } from "../db/connection";
import { LISTING_TABLES, PUBLIC_STATUSES, type SearchDocument } from "./documents";
import type { IndexChange } from "./engine";
import { highlightFull, highlightSnippet } from "./highlight";
import { isCjkChar } from "./normalize";
import { parseQuery, type Concept } from "./query";
import { charBigrams, indexWords, latinTokens, runBigrams } from "./tokenizer";
import {
  LISTING_KIND_LIST,
  type FacetName,
  type ListingKind,
  type SearchFilters,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
  type SearchSort,
} from "./types";

export const LISTING_KINDS: readonly ListingKind[] = LISTING_KIND_LIST;

/** The layout of the index tables; bump it whenever they change shape or content. */
const INDEX_FORMAT = 1;

const FTS_COLUMNS = ["wt", "wb", "wk", "wm", "gt", "gb", "gk", "gm"] as const;
const WORD_COLUMNS = "{wt wb wk wm}";
const GRAM_COLUMNS = "{gt gb gk gm}";
/** The matcher compares what listings say about their technology, not their metadata. */
export const MATCH_WORD_COLUMNS = "{wt wb wk}";
export const MATCH_GRAM_COLUMNS = "{gt gb gk}";

/**
 * BM25 column weights for visitor searches, in FTS_COLUMNS order (words, then bigrams): a
 * hit in the title counts three times a hit in the body, keywords twice, metadata once.
 */
const SEARCH_WEIGHTS = [3, 1, 2, 1, 3, 1, 2, 1] as const;

export const DEFAULT_PAGE_SIZE = 20;
/** Matches scored by BM25 up front, newest first (see ftsMatches), and at most in all. */
const RELEVANCE_WINDOW = 5_000;
const RELEVANCE_BUDGET = 20_000;
/** Up to this many listings, document frequencies are counted exactly (see termStats). */
const DF_EXACT_UPTO = 20_000;
/** Beyond it, a frequent term's frequency is estimated from its newest this many matches. */
const DF_SAMPLE = 200;
/** Term vectors kept for the matcher, per kind (about 2-3 KB each). */
const VECTOR_CACHE_SIZE = 20_000;
export const MAX_PAGE_SIZE = 100;

function docTable(kind: ListingKind, suffix = ""): string {
  return `search_doc_${kind}${suffix}`;
}
function ftsTable(kind: ListingKind, suffix = ""): string {
  return `search_fts_${kind}${suffix}`;
}

function createTablesSql(kind: ListingKind, suffix = ""): string {
  const doc = docTable(kind, suffix);
  const fts = ftsTable(kind, suffix);
  return `
    CREATE TABLE IF NOT EXISTS ${doc} (
      id INTEGER PRIMARY KEY,
      seq INTEGER NOT NULL,
      live INTEGER NOT NULL,
      status TEXT, chain TEXT, field TEXT, field1 TEXT, stage TEXT, county TEXT, modes TEXT,
      price_band TEXT, year INTEGER, tlist INTEGER, trl INTEGER,
      confirmed_at TEXT, published_at TEXT, deadline TEXT,
      amount_fen INTEGER, amount_min_fen INTEGER, amount_max_fen INTEGER,
      source_updated_at TEXT,
      title TEXT, summary TEXT, keywords TEXT,
      wlen INTEGER, glen INTEGER
    );
    CREATE VIRTUAL TABLE IF NOT EXISTS ${fts} USING fts5(
      ${FTS_COLUMNS.join(", ")},
      content = '', contentless_delete = 1,
      tokenize = "unicode61 remove_diacritics 0 tokenchars '.'"
    );`;
}

const STATE_SQL = `
  CREATE TABLE IF NOT EXISTS search_state (
    kind TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    generation INTEGER NOT NULL,
    docs INTEGER NOT NULL,
    wsum INTEGER NOT NULL,
    gsum INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS search_lease (
    name TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );`;

/* ------------------------------------------------------------------ FTS5 query text */

function quote(token: string): string {
  return `"${token.replace(/"/g, '""')}"`;
}

/**
 * A Han run as an exact substring: its bigrams in a row. Every word occurrence is also such
 * a run, so OR-ing the word token in would add nothing to the matches and, at a million
 * listings, would double what FTS5 reads for each query.
 */
function hanRunExpr(run: string): string {
  // A single character cannot form a bigram: the bigrams that start with it, or the
  // character as a word of its own (at the end of a run it starts no bigram).
  if ([...run].length === 1) return `(${WORD_COLUMNS} : ${quote(run)} OR ${GRAM_COLUMNS} : ${quote(run)}*)`;
  return `${GRAM_COLUMNS} : ${quote(runBigrams(run).join(" "))}`;
}

/**
 * One alternative of a concept: each Han run must appear as an exact substring; Latin words
 * as a phrase of words.
 */
function alternativeExpr(alt: string): string | null {
  const pieces: string[] = [];
  let latin = "";
  const flushLatin = () => {
    const toks = latinTokens(latin);
    if (toks.length > 0) pieces.push(`${WORD_COLUMNS} : ${quote(toks.join(" "))}`);
    latin = "";
  };
  let han = "";
  for (const ch of alt) {
    if (isCjkChar(ch)) {
      if (latin) flushLatin();
      han += ch;
    } else {
      if (han) pieces.push(hanRunExpr(han));
      han = "";
      latin += ch;
    }
  }
  if (han) pieces.push(hanRunExpr(han));
  if (latin) flushLatin();
  if (pieces.length === 0) return null;
  return pieces.length === 1 ? pieces[0]! : `(${pieces.join(" AND ")})`;
}

export function conceptExpr(concept: Concept): string | null {
  const alts = concept.alternatives.map(alternativeExpr).filter((x): x is string => x !== null);
  if (alts.length === 0) return null;
  return alts.length === 1 ? alts[0]! : `(${alts.join(" OR ")})`;
}

export function ftsQuery(concepts: readonly Concept[], op: "AND" | "OR"): string | null {
  const parts = concepts.map(conceptExpr).filter((x): x is string => x !== null);
  return parts.length === 0 ? null : parts.join(` ${op} `);
}

/* ------------------------------------------------------------------ in-memory facet columns */

class Dictionary {
  readonly codes = new Map<string, number>();
  readonly values: string[] = [""];
  code(value: string | null | undefined): number {
    if (value === null || value === undefined || value === "") return 0;
    let c = this.codes.get(value);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(value);
      this.codes.set(value, c);
    }
    return c;
  }
}

function isoToMs(iso: string | null): number {
  if (!iso) return NaN;
  const t = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(t) ? NaN : t;
}

type DocColumnsRow = [
  id: number,
  live: number,
  status: string | null,
  chain: string | null,
  field: string | null,
  field1: string | null,
  stage: string | null,
  county: string | null,
  modes: string | null,
  priceBand: string | null,
  year: number | null,
  tlist: number | null,
  confirmedAt: string | null,
  publishedAt: string | null,
  deadline: string | null,
  amountFen: number | null,
  seq: number,
  trl: number | null,
  amountMinFen: number | null,
  amountMaxFen: number | null,
];

const DOC_COLUMNS_SELECT =
  "id, live, status, chain, field, field1, stage, county, modes, price_band, year, tlist, confirmed_at, published_at, deadline, " +
  "amount_fen, seq, trl, amount_min_fen, amount_max_fen";

/**
 * Filterable attributes of every live document as typed arrays indexed by listing id.
 * Codes come from per-attribute dictionaries; 0 means "none". Modes are a bitmask.
 */
export class FacetColumns {
  generation = -1;
  seq = -1;
  liveCount = 0;
  capacity = 0;
  /** The highest year any document was written with: year counts need no more slots than that. */
  maxYear = 0;
  live = new Uint8Array(0);
  status = new Uint8Array(0);
  chain = new Uint16Array(0);
  field = new Uint16Array(0);
  field1 = new Uint16Array(0);
  stage = new Uint8Array(0);
  county = new Uint16Array(0);
  modes = new Uint32Array(0);
  band = new Uint8Array(0);
  year = new Uint16Array(0);
  tlist = new Uint8Array(0);
  confirmed = new Float64Array(0);
  published = new Float64Array(0);
  deadline = new Float64Array(0);
  amount = new Float64Array(0);
  trl = new Uint8Array(0);
  amountMin = new Float64Array(0);
  amountMax = new Float64Array(0);
  /** The seq each document was last written at: tells a cached text whether it is current. */
  docSeq = new Float64Array(0);

  readonly dicts = {
    status: new Dictionary(),
    chain: new Dictionary(),
    field: new Dictionary(),
    stage: new Dictionary(),
    county: new Dictionary(),
    mode: new Dictionary(),
    band: new Dictionary(),
  };

  reset(): void {
    this.liveCount = 0;
    this.capacity = 0;
    this.maxYear = 0;
    for (const key of ["live", "status", "stage", "band", "tlist", "trl"] as const) this[key] = new Uint8Array(0);
    for (const key of ["chain", "field", "field1", "county", "year"] as const) this[key] = new Uint16Array(0);
    this.modes = new Uint32Array(0);
    for (const key of ["confirmed", "published", "deadline", "amount", "amountMin", "amountMax", "docSeq"] as const) {
      this[key] = new Float64Array(0);
    }
  }

  private grow(id: number): void {
    if (id < this.capacity) return;
    let cap = Math.max(1024, this.capacity);
    while (cap <= id) cap *= 2;
    const g = <T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(a: T, fill?: number): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      if (fill !== undefined) b.fill(fill);
      b.set(a);
      return b;
    };
    this.live = g(this.live);
    this.status = g(this.status);
    this.chain = g(this.chain);
    this.field = g(this.field);
    this.field1 = g(this.field1);
    this.stage = g(this.stage);
    this.county = g(this.county);
    this.modes = g(this.modes);
    this.band = g(this.band);
    this.year = g(this.year);
    this.tlist = g(this.tlist);
    this.confirmed = g(this.confirmed, NaN);
    this.published = g(this.published, NaN);
    this.deadline = g(this.deadline, NaN);
    this.amount = g(this.amount, NaN);
    this.trl = g(this.trl);
    this.amountMin = g(this.amountMin, NaN);
    this.amountMax = g(this.amountMax, NaN);
    this.docSeq = g(this.docSeq);
    this.capacity = cap;
  }

  apply(r: DocColumnsRow): void {
    const id = r[0];
    if (!r[1]) {
      if (id < this.capacity && this.live[id]) {
        this.live[id] = 0;
        this.liveCount--;
      }
      return;
    }
    this.grow(id);
    if (!this.live[id]) this.liveCount++;
    this.live[id] = 1;
    this.status[id] = this.dicts.status.code(r[2]);
    this.chain[id] = this.dicts.chain.code(r[3]);
    this.field[id] = this.dicts.field.code(r[4]);
    this.field1[id] = this.dicts.field.code(r[5]);
    this.stage[id] = this.dicts.stage.code(r[6]);
    this.county[id] = this.dicts.county.code(r[7]);
    let mask = 0;
    for (const m of (r[8] ?? "").split(",")) if (m) mask |= 1 << (this.dicts.mode.code(m) - 1);
    this.modes[id] = mask >>> 0;
    this.band[id] = this.dicts.band.code(r[9]);
    this.year[id] = r[10] ?? 0;
    if (this.year[id]! > this.maxYear) this.maxYear = this.year[id]!;
    this.tlist[id] = r[11] ? 1 : 0;
    this.confirmed[id] = isoToMs(r[12]);
    this.published[id] = isoToMs(r[13]);
    this.deadline[id] = isoToMs(r[14]);
    this.amount[id] = r[15] ?? NaN;
    this.trl[id] = r[17] ?? 0;
    this.amountMin[id] = r[18] ?? NaN;
    this.amountMax[id] = r[19] ?? NaN;
    this.docSeq[id] = r[16];
  }
}

/* ------------------------------------------------------------------ top-k selection */

/**
 * The k best ids by a numeric key (higher first, ties to the higher id, which is the newer
 * listing). Keys and ids live in typed arrays and are compared inline: browsing a million
 * listings pushes every one of them through here.
 */
class TopK {
  private readonly keys: Float64Array;
  private readonly ids: Int32Array;
  private size = 0;
  constructor(private readonly k: number) {
    this.keys = new Float64Array(Math.max(0, k));
    this.ids = new Int32Array(Math.max(0, k));
  }
  push(id: number, key: number): void {
    const { keys, ids } = this;
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (keys[p]! < key || (keys[p] === key && ids[p]! < id)) break;
        keys[i] = keys[p]!;
        ids[i] = ids[p]!;
        i = p;
      }
      keys[i] = key;
      ids[i] = id;
      return;
    }
    if (this.k === 0 || key < keys[0]! || (key === keys[0] && id <= ids[0]!)) return;
    // Replace the worst (the root) and sift down.
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const r = l + 1;
      let m = l;
      if (r < this.size && (keys[r]! < keys[l]! || (keys[r] === keys[l] && ids[r]! < ids[l]!))) m = r;
      if (key < keys[m]! || (key === keys[m] && id < ids[m]!)) break;
      keys[i] = keys[m]!;
      ids[i] = ids[m]!;
      i = m;
    }
    keys[i] = key;
    ids[i] = id;
  }
  /** Ids best first, with their keys. */
  sorted(): { id: number; key: number }[] {
    const out: { id: number; key: number }[] = [];
    for (let i = 0; i < this.size; i++) out.push({ id: this.ids[i]!, key: this.keys[i]! });
    return out.sort((a, b) => b.key - a.key || b.id - a.id);
  }
}

/** The sort as a key where higher ranks first; listings without the value get -Infinity. */
function sortKey(cols: FacetColumns, sort: SearchSort): (id: number) => number {
  const desc = (col: Float64Array) => (id: number) => {
    const v = col[id]!;
    return v === v ? v : -Infinity;
  };
  const asc = (col: Float64Array) => (id: number) => {
    const v = col[id]!;
    return v === v ? -v : -Infinity;
  };
  switch (sort) {
    case "deadline":
      return asc(cols.deadline);
    case "budget":
      return desc(cols.amount);
    case "price":
      return asc(cols.amount);
    default:
      return desc(cols.published);
  }
}

/* ------------------------------------------------------------------ the engine */

interface FtsMatches {
  /** Every matching id, ascending. */
  ids: Int32Array;
  /** BM25 (higher is better) of the matches with id >= scoredFrom. */
  scores: Map<number, number>;
  scoredFrom: number;
}

const NO_MATCHES: FtsMatches = { ids: new Int32Array(0), scores: new Map(), scoredFrom: 0 };

export interface MatchRetrieval {
  id: number;
  /** FTS5 BM25 (higher is better) over the retrieval terms. */
  score: number;
}

export interface TermStat {
  term: string;
  /** "w" word columns, "g" bigram columns. */
  columns: "w" | "g";
  /** Live documents containing the term in the matchable text. */
  df: number;
}

/** BM25 column weights the matcher uses: text columns equally, metadata not at all. */
const MATCH_WEIGHTS = [1, 1, 1, 0, 1, 1, 1, 0] as const;

export class EmbeddedEngine {
  readonly name = "embedded" as const;
  private readonly sqlite: Database.Database;
  private readonly columns = new Map<ListingKind, FacetColumns>();
  private readonly dfCaches = new Map<
    ListingKind,
    { generation: number; seq: number; liveFrom: ((from: number) => number) | null; dfs: Map<string, number> }
  >();
  private readonly stmts = new Map<string, Database.Statement>();
  private readonly vectorCache = new Map<ListingKind, Map<number, TermVector>>();
  private readonly wordIds = new TermIds();
  private readonly gramIds = new TermIds();

  constructor(private readonly db: Db) {
    this.sqlite = db.$client;
    this.init();
  }

  /**
   * Creates the index tables when missing; harmless on every start. An index written in an
   * older layout (INDEX_FORMAT) is dropped and rebuilt through the outbox rather than
   * migrated: it holds nothing the listings cannot give again.
   */
  init(): void {
    // Nothing to write when the index is already in this layout: a server started on a
    // read-only database (a full disk, a read-only volume) still serves searches.
    if (this.isCurrent()) return;
    writeTx(this.db, () => {
      this.sqlite.exec("CREATE TABLE IF NOT EXISTS search_format (version INTEGER NOT NULL)");
      const version = this.sqlite.prepare("SELECT version FROM search_format").pluck().get() as number | undefined;
      const stale = version !== INDEX_FORMAT;
      const hadIndex = version !== undefined || this.sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = 'search_state'").pluck().get() !== undefined;
      if (stale) {
        for (const k of LISTING_KINDS) {
          for (const suffix of ["", "__rebuild"]) {
            this.sqlite.exec(`DROP TABLE IF EXISTS ${docTable(k, suffix)}; DROP TABLE IF EXISTS ${ftsTable(k, suffix)};`);
          }
        }
        this.sqlite.exec("DROP TABLE IF EXISTS search_state; DELETE FROM search_format;");
        this.sqlite.prepare("INSERT INTO search_format (version) VALUES (?)").run(INDEX_FORMAT);
      }
      this.sqlite.exec(STATE_SQL + LISTING_KINDS.map((k) => createTablesSql(k)).join("\n"));
      for (const k of LISTING_KINDS) {
        this.sqlite.exec(`CREATE INDEX IF NOT EXISTS ${docTable(k)}_seq ON ${docTable(k)}(seq)`);
        this.sqlite.prepare("INSERT OR IGNORE INTO search_state (kind, seq, generation, docs, wsum, gsum) VALUES (?, 0, 0, 0, 0, 0)").run(k);
      }
      // A replaced index is empty: queue every public listing so the relay fills it. (A first
      // index needs nothing: every listing written since has its own outbox row.)
      if (stale && hadIndex) {
        for (const k of LISTING_KINDS) {
          const table = LISTING_TABLES[k];
          const statuses = PUBLIC_STATUSES[k].map((x) => `'${x}'`).join(", ");
          this.sqlite.prepare(`INSERT INTO search_outbox (entity, entity_id, op) SELECT ?, id, 'upsert' FROM ${table} WHERE status IN (${statuses})`).run(k);
        }
      }
    });
  }

  /** True when every index table exists in the current layout, read without taking the write lock. */
  private isCurrent(): boolean {
    const exists = this.sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = ?").pluck();
    const has = (name: string) => exists.get(name) !== undefined;
    if (!has("search_format") || !has("search_state")) return false;
    if (this.sqlite.prepare("SELECT version FROM search_format").pluck().get() !== INDEX_FORMAT) return false;
    const kinds = this.sqlite.prepare("SELECT count(*) FROM search_state").pluck().get() as number;
    return kinds === LISTING_KINDS.length && LISTING_KINDS.every((k) => has(docTable(k)) && has(ftsTable(k)) && has(`${docTable(k)}_seq`));
  }

  private stmt(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.sqlite.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  /* ---------------------------------------------------------------- writes */

  /**
   * Brings the index to the given state of one listing. Must run inside a write
   * transaction (writeTx), so it commits or rolls back with whatever the caller did.
   */
  applyInTx(change: IndexChange, suffix = ""): void {
    const { kind, id, doc } = change;
    const docT = docTable(kind, suffix);
    const ftsT = ftsTable(kind, suffix);
    const prev = this.stmt(`SELECT live, wlen, glen FROM ${docT} WHERE id = ?`).get(id) as
      { live: number; wlen: number | null; glen: number | null } | undefined;
    const wasLive = prev?.live === 1;
    if (!doc && !wasLive) return;
    const seq = suffix
      ? (this.stmt(`SELECT coalesce(max(seq), 0) + 1 AS s FROM ${docT}`).get() as { s: number }).s
      : (this.stmt("UPDATE search_state SET seq = seq + 1 WHERE kind = ? RETURNING seq").get(kind) as { seq: number }).seq;
    if (wasLive) this.stmt(`DELETE FROM ${ftsT} WHERE rowid = ?`).run(id);
    let lengths = { wlen: 0, glen: 0 };
    if (doc) lengths = this.insertDoc(docT, ftsT, doc, seq);
    else this.stmt(`UPDATE ${docT} SET live = 0, seq = ?, title = NULL, summary = NULL, keywords = NULL WHERE id = ?`).run(seq, id);
    if (!suffix) {
      this.stmt("UPDATE search_state SET docs = docs + ?, wsum = wsum + ?, gsum = gsum + ? WHERE kind = ?").run(
        (doc ? 1 : 0) - (wasLive ? 1 : 0),
        lengths.wlen - (wasLive ? (prev?.wlen ?? 0) : 0),
        lengths.glen - (wasLive ? (prev?.glen ?? 0) : 0),
        kind,
      );
    }
  }

  /** Writes the FTS row and the document row; returns the matchable text's token counts. */
  private insertDoc(docT: string, ftsT: string, doc: SearchDocument, seq: number): { wlen: number; glen: number } {
    const keywordsText = doc.keywords.join(" ");
    const meta = [doc.chainName, doc.fieldName, doc.countyName ?? "", doc.orgName, doc.codes.join(" ")].join(" ");
    const w = [indexWords(doc.title), indexWords(doc.summary), indexWords(keywordsText)];
    const g = [charBigrams(doc.title), charBigrams(doc.summary), charBigrams(keywordsText)];
    this.stmt(`INSERT INTO ${ftsT} (rowid, ${FTS_COLUMNS.join(", ")}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      doc.id,
      w[0]!.join(" "),
      w[1]!.join(" "),
      w[2]!.join(" "),
      indexWords(meta).join(" "),
      g[0]!.join(" "),
      g[1]!.join(" "),
      g[2]!.join(" "),
      charBigrams(meta).join(" "),
    );
    const wlen = w[0]!.length + w[1]!.length + w[2]!.length;
    const glen = g[0]!.length + g[1]!.length + g[2]!.length;
    this.stmt(
      `INSERT OR REPLACE INTO ${docT} (id, seq, live, status, chain, field, field1, stage, county, modes, price_band,
         year, tlist, trl, confirmed_at, published_at, deadline, amount_fen, amount_min_fen, amount_max_fen,
         source_updated_at, title, summary, keywords, wlen, glen)
       VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      doc.id,
      seq,
      doc.status,
      doc.industryChainId,
      doc.techField,
      doc.techFieldLevel1,
      doc.stage,
      doc.countyCode,
      doc.modes.join(","),
      doc.priceBand,
      doc.year,
      doc.transformationList ? 1 : 0,
      doc.trl,
      doc.confirmedAt,
      doc.publishedAt,
      doc.deadline,
      doc.amountFen,
      doc.amountMinFen,
      doc.amountMaxFen,
      doc.sourceUpdatedAt,
      doc.title,
      doc.summary,
      JSON.stringify(doc.keywords),
      wlen,
      glen,
    );
    return { wlen, glen };
  }

  /** Recounts a kind's totals from its document table. */
  private recountState(kind: ListingKind, extra = ""): void {
    this.sqlite
      .prepare(
        `UPDATE search_state SET (docs, wsum, gsum) =
           (SELECT count(*), coalesce(sum(wlen), 0), coalesce(sum(glen), 0) FROM ${docTable(kind)} WHERE live = 1)${extra}
         WHERE kind = ?`,
      )
      .run(kind);
  }

  /** Applies changes in one write transaction of its own. */
  apply(changes: readonly IndexChange[]): void {
    if (changes.length === 0) return;
    writeTx(this.db, () => {
      for (const c of changes) this.applyInTx(c);
    });
  }

  /**
   * Removes a document behind the outbox's back. Only for reconciliation drills (M7): the
   * app never calls it.
   */
  dropDocumentForTest(kind: ListingKind, id: number): void {
    writeTx(this.db, () => {
      this.stmt(`DELETE FROM ${ftsTable(kind)} WHERE rowid = ?`).run(id);
      this.stmt(`DELETE FROM ${docTable(kind)} WHERE id = ?`).run(id);
      this.recountState(kind, ", seq = seq + 1");
      const cols = this.columns.get(kind);
      if (cols) cols.generation = -1;
    });
  }

  /* ---------------------------------------------------------------- full rebuild */

  /**
   * Rebuilds one kind from the given pages into shadow tables while the live index keeps
   * serving, then swaps them in with one short write transaction. Listings written while
   * the shadow was being filled are re-read inside that transaction (`replay`), so the
   * swapped-in index is exactly the database at the moment of the swap and no reader ever
   * sees an empty or half-built index (M6).
   */
  rebuild(kind: ListingKind, pages: Iterable<SearchDocument[]>, replay: () => IndexChange[]): number {
    const suffix = "__rebuild";
    const docT = docTable(kind, suffix);
    const ftsT = ftsTable(kind, suffix);
    this.sqlite.exec(`DROP TABLE IF EXISTS ${docT}; DROP TABLE IF EXISTS ${ftsT};`);
    this.sqlite.exec(createTablesSql(kind, suffix));
    let seq = 0;
    for (const page of pages) {
      writeTx(this.db, () => {
        for (const doc of page) this.insertDoc(docT, ftsT, doc, ++seq);
      });
    }
    // Merge the segments the bulk load left behind, so queries on the fresh index read one
    // doclist per term instead of dozens. In small steps, each its own transaction: one
    // 'optimize' of a large index would hold the database's write lock for minutes.
    const merge = this.sqlite.prepare(`INSERT INTO ${ftsT} (${ftsT}, rank) VALUES ('merge', -2000)`);
    const changes = this.sqlite.prepare("SELECT total_changes()").pluck();
    for (;;) {
      const before = changes.get() as number;
      writeTx(this.db, () => merge.run());
      if ((changes.get() as number) - before < 2) break;
    }
    let count = 0;
    writeTx(this.db, () => {
      for (const change of replay()) this.applyInTx(change, suffix);
      count = (this.sqlite.prepare(`SELECT count(*) AS n FROM ${docT} WHERE live = 1`).get() as { n: number }).n;
      // Prepared statements hold the old tables; drop them before the schema changes.
      this.stmts.clear();
      this.sqlite.exec(`
        DROP TABLE ${docTable(kind)};
        DROP TABLE ${ftsTable(kind)};
        ALTER TABLE ${docT} RENAME TO ${docTable(kind)};
        ALTER TABLE ${ftsT} RENAME TO ${ftsTable(kind)};
        CREATE INDEX IF NOT EXISTS ${docTable(kind)}_seq ON ${docTable(kind)}(seq);
      `);
      this.recountState(kind, `, generation = generation + 1, seq = max(seq, (SELECT coalesce(max(seq), 0) FROM ${docTable(kind)}))`);
    });
    return count;
  }

  /* ---------------------------------------------------------------- reads */

  /** Moves whenever the index of `kind` changes (a listing written or removed, a rebuild). */
  indexVersion(kind: ListingKind): string {
    const st = this.state(kind);
    return `${st.generation}:${st.seq}`;
  }

  private state(kind: ListingKind): { seq: number; generation: number; docs: number } {
    return this.stmt("SELECT seq, generation, docs FROM search_state WHERE kind = ?").get(kind) as {
      seq: number;
      generation: number;
      docs: number;
    };
  }

  /** The facet columns of a kind, caught up with every committed index write. */
  facetColumns(kind: ListingKind): FacetColumns {
    let cols = this.columns.get(kind);
    if (!cols) {
      cols = new FacetColumns();
      this.columns.set(kind, cols);
    }
    const st = this.state(kind);
    if (st.generation !== cols.generation) {
      cols.reset();
      const rows = this.sqlite.prepare(`SELECT ${DOC_COLUMNS_SELECT} FROM ${docTable(kind)} WHERE live = 1`).raw();
      let maxSeq = 0;
      for (const r of rows.iterate() as IterableIterator<DocColumnsRow>) {
        cols.apply(r);
        if (r[16] > maxSeq) maxSeq = r[16];
      }
      cols.generation = st.generation;
      cols.seq = Math.max(maxSeq, 0);
    } else if (st.seq > cols.seq) {
      const rows = this.sqlite
        .prepare(`SELECT ${DOC_COLUMNS_SELECT} FROM ${docTable(kind)} WHERE seq > ? ORDER BY seq`)
        .raw()
        .all(cols.seq) as DocColumnsRow[];
      for (const r of rows) {
        cols.apply(r);
        cols.seq = Math.max(cols.seq, r[16]);
      }
    }
    return cols;
  }

  /** Every indexed id with the listing version it was built from (reconciliation). */
  indexedVersions(kind: ListingKind): Map<number, string> {
    const rows = this.sqlite
      .prepare(`SELECT id, source_updated_at FROM ${docTable(kind)} WHERE live = 1`)
      .raw()
      .all() as [number, string][];
    return new Map(rows);
  }

  liveCount(kind: ListingKind): number {
    return this.state(kind).docs;
  }

  search(q: SearchQuery): SearchResult {
    const kind = q.kind;
    const cols = this.facetColumns(kind);
    const pageSize = Math.min(Math.max(1, Math.floor(q.pageSize ?? DEFAULT_PAGE_SIZE)), MAX_PAGE_SIZE);
    const page = Math.max(1, Math.floor(q.page ?? 1));
    const parsed = parseQuery(q.text);
    const hasText = parsed.concepts.length > 0;
    const sort: SearchSort = q.sort ?? (hasText ? "relevance" : "newest");

    if (!hasText) {
      const top = new TopK(page * pageSize);
      const key = sortKey(cols, sort);
      const { total, facets } = this.scan(cols, q.filters ?? {}, null, (id) => top.push(id, key(id)));
      const ranked = top.sorted().slice((page - 1) * pageSize);
      const hits = this.hitsWithHighlights(
        kind,
        ranked.map(({ id }) => ({ id, score: 0 })),
        [],
      );
      return { total, hits, facets, degraded: false, engine: "embedded" };
    }

    // A long query whose words never all meet in one listing still deserves the listings
    // that meet most of them, ranked by BM25, rather than an empty page.
    let match = ftsQuery(parsed.concepts, "AND");
    let found: FtsMatches = match ? this.ftsMatches(kind, match, sort === "relevance") : NO_MATCHES;
    if (match && found.ids.length === 0 && parsed.concepts.length > 1) {
      match = ftsQuery(parsed.concepts, "OR");
      found = match ? this.ftsMatches(kind, match, sort === "relevance") : NO_MATCHES;
    }

    const filtered: number[] = [];
    const { total, facets } = this.scan(cols, q.filters ?? {}, found.ids, (id) => filtered.push(id));
    const want = page * pageSize;
    let ranked: { id: number; score: number }[];
    if (sort === "relevance" && match) {
      ranked = this.rankByRelevance(kind, match, found, filtered, want);
    } else {
      const top = new TopK(want);
      const key = sortKey(cols, sort);
      for (const id of filtered) top.push(id, key(id));
      ranked = top.sorted().map(({ id }) => ({ id, score: 0 }));
    }
    const hits = this.hitsWithHighlights(kind, ranked.slice((page - 1) * pageSize), parsed.highlightTerms);
    return { total, hits, facets, degraded: false, engine: "embedded" };
  }

  /**
   * Every matching id, and BM25 scores for the newest RELEVANCE_WINDOW of them. FTS5
   * computes BM25 row by row at about 2 µs a row, several times the cost of the match
   * itself: for a word found in 60,000 of a million listings, scoring them all would take
   * over 100 ms. Totals and facets need only the ids; the ranking starts with the newest
   * matches (newer listings are the likelier to be available) and reaches further back
   * only when filters leave too few of them (rankByRelevance).
   */
  private ftsMatches(kind: ListingKind, match: string, withScores: boolean): FtsMatches {
    const t = ftsTable(kind);
    if (!withScores) {
      const ids = Int32Array.from(this.stmt(`SELECT rowid FROM ${t} WHERE ${t} MATCH ?`).pluck().all(match) as number[]);
      return { ids, scores: new Map(), scoredFrom: Infinity };
    }
    const head = this.scoredPage(kind, match, Number.MAX_SAFE_INTEGER, RELEVANCE_WINDOW + 1);
    const scores = new Map<number, number>();
    if (head.length <= RELEVANCE_WINDOW) {
      for (const [id, score] of head) scores.set(id, score);
      return { ids: Int32Array.from(head.map((r) => r[0]).reverse()), scores, scoredFrom: 0 };
    }
    head.pop();
    for (const [id, score] of head) scores.set(id, score);
    const scoredFrom = head[head.length - 1]![0];
    const older = this.stmt(`SELECT rowid FROM ${t} WHERE ${t} MATCH ? AND rowid < ?`).pluck().all(match, scoredFrom) as number[];
    const ids = new Int32Array(older.length + head.length);
    ids.set(older);
    for (let i = 0; i < head.length; i++) ids[older.length + i] = head[head.length - 1 - i]![0];
    return { ids, scores, scoredFrom };
  }

  /** BM25 of the matches below `beforeId`, newest first. */
  private scoredPage(kind: ListingKind, match: string, beforeId: number, limit: number): [number, number][] {
    const t = ftsTable(kind);
    return this.stmt(`SELECT rowid, -bm25(${t}, ${SEARCH_WEIGHTS.join(", ")}) FROM ${t} WHERE ${t} MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?`)
      .raw()
      .all(match, beforeId, limit) as [number, number][];
  }

  /**
   * The best `want` filtered hits by BM25. Older matches are scored only while the scored
   * ones hold too few filtered hits, and never more than RELEVANCE_BUDGET in all: past that,
   * hits nobody scored follow the scored ones, most recently created first. That bound keeps a
   * broad word with a narrow filter (氢能 among 特钢 listings) from scoring every match.
   */
  private rankByRelevance(kind: ListingKind, match: string, found: FtsMatches, filtered: number[], want: number): { id: number; score: number }[] {
    let scoredFrom = found.scoredFrom;
    let scored = found.scores.size;
    let candidates = filtered.filter((id) => found.scores.has(id));
    while (candidates.length < want && scoredFrom > 0 && scored < RELEVANCE_BUDGET) {
      const limit = RELEVANCE_BUDGET - scored;
      const more = this.scoredPage(kind, match, scoredFrom, limit);
      for (const [id, score] of more) found.scores.set(id, score);
      scored += more.length;
      scoredFrom = more.length < limit ? 0 : more[more.length - 1]![0];
      candidates = filtered.filter((id) => found.scores.has(id));
    }
    if (candidates.length < want) candidates = filtered;
    const top = new TopK(want);
    for (const id of candidates) top.push(id, found.scores.get(id) ?? 0);
    return top.sorted().map(({ id, key }) => ({ id, score: key }));
  }

  /**
   * One pass over the candidates: applies the filters, counts the facets and hands every
   * hit to `onHit`. Facets are disjunctive: the counts of one facet ignore that facet's own
   * filter (so ticking 氢能 still shows how many 特钢 listings there are) but honour all the
   * others. Filters are lookup tables indexed by dictionary code, not Sets: this loop runs
   * once per listing when browsing a million of them.
   */
  private scan(
    cols: FacetColumns,
    filters: SearchFilters,
    ids: Int32Array | null,
    onHit: (id: number) => void,
  ): { total: number; facets: Partial<Record<FacetName, Record<string, number>>> } {
    const d = cols.dicts;
    const table = (dict: Dictionary, values: readonly string[] | undefined): Uint8Array | null => {
      if (!values || values.length === 0) return null;
      // A value no listing has gets no entry: the filter then matches nothing, as it should.
      const t = new Uint8Array(dict.values.length);
      for (const v of values) {
        const c = dict.codes.get(v);
        if (c !== undefined) t[c] = 1;
      }
      return t;
    };
    const fChain = table(d.chain, filters.industryChainId);
    const fField = table(d.field, filters.techField);
    const fStage = table(d.stage, filters.stage);
    const fCounty = table(d.county, filters.countyCode);
    const fBand = table(d.band, filters.priceBand);
    const fStatus = table(d.status, filters.status);
    let fYear: Uint8Array | null = null;
    if (filters.year && filters.year.length > 0) {
      fYear = new Uint8Array(cols.maxYear + 1);
      for (const y of filters.year) if (y >= 0 && y <= cols.maxYear) fYear[y] = 1;
    }
    let fModeMask = -1;
    if (filters.mode && filters.mode.length > 0) {
      fModeMask = 0;
      for (const m of filters.mode) {
        const c = d.mode.codes.get(m);
        if (c !== undefined) fModeMask |= 1 << (c - 1);
      }
    }
    const tlistOnly = filters.transformationList === true;
    const confirmedSince = filters.confirmedSince ? Date.parse(filters.confirmedSince) : NaN;
    const checkConfirmed = !Number.isNaN(confirmedSince);
    const staleable = new Uint8Array(d.status.values.length);
    for (const st of ["published", "matched"]) {
      const c = d.status.codes.get(st);
      if (c !== undefined) staleable[c] = 1;
    }

    const CHAIN = 1,
      FIELD = 2,
      STAGE = 4,
      COUNTY = 8,
      MODE = 16,
      BAND = 32,
      YEAR = 64;
    const nChain = new Int32Array(d.chain.values.length);
    const nField = new Int32Array(d.field.values.length);
    const nStage = new Int32Array(d.stage.values.length);
    const nCounty = new Int32Array(d.county.values.length);
    const nMode = new Int32Array(32);
    const nBand = new Int32Array(d.band.values.length);
    // Sized by the years the documents have (every stored year is at most maxYear), not by
    // every year a Uint16 could hold: allocating and reading 65,536 counters cost more than
    // the whole pass over the demo listings.
    const nYear = new Int32Array(cols.maxYear + 1);
    const { live, status, tlist, confirmed, chain, field, field1, stage, county, modes, band, year } = cols;
    const capacity = cols.capacity;
    let total = 0;

    const visit = (id: number) => {
      if (id >= capacity || live[id] === 0) return;
      const st = status[id]!;
      if (fStatus !== null && fStatus[st] === 0) return;
      if (tlistOnly && tlist[id] === 0) return;
      if (checkConfirmed && staleable[st] === 1) {
        const c = confirmed[id]!;
        if (!(c >= confirmedSince)) return;
      }
      const ch = chain[id]!,
        fl = field[id]!,
        f1 = field1[id]!,
        sg = stage[id]!,
        co = county[id]!;
      const md = modes[id]!,
        bd = band[id]!,
        yr = year[id]!;
      let fail = 0;
      if (fChain !== null && fChain[ch] === 0) fail |= CHAIN;
      if (fField !== null && fField[fl] === 0 && fField[f1] === 0) fail |= FIELD;
      if (fStage !== null && fStage[sg] === 0) fail |= STAGE;
      if (fCounty !== null && fCounty[co] === 0) fail |= COUNTY;
      if (fModeMask !== -1 && (md & fModeMask) === 0) fail |= MODE;
      if (fBand !== null && fBand[bd] === 0) fail |= BAND;
      if (fYear !== null && fYear[yr] === 0) fail |= YEAR;
      if (fail === 0) {
        total++;
        onHit(id);
        nChain[ch]!++;
        nField[fl]!++;
        if (f1 !== fl) nField[f1]!++;
        nStage[sg]!++;
        nCounty[co]!++;
        for (let m = md; m !== 0; m &= m - 1) nMode[31 - Math.clz32(m & -m)]!++;
        nBand[bd]!++;
        nYear[yr]!++;
        return;
      }
      // Failing exactly one facet's filter: the listing still counts in that facet.
      switch (fail) {
        case CHAIN:
          nChain[ch]!++;
          break;
        case FIELD:
          nField[fl]!++;
          if (f1 !== fl) nField[f1]!++;
          break;
        case STAGE:
          nStage[sg]!++;
          break;
        case COUNTY:
          nCounty[co]!++;
          break;
        case MODE:
          for (let m = md; m !== 0; m &= m - 1) nMode[31 - Math.clz32(m & -m)]!++;
          break;
        case BAND:
          nBand[bd]!++;
          break;
        case YEAR:
          nYear[yr]!++;
          break;
      }
    };

    if (ids) for (let i = 0; i < ids.length; i++) visit(ids[i]!);
    else for (let id = 0; id < capacity; id++) if (live[id] === 1) visit(id);

    const record = (dict: Dictionary, counts: Int32Array, selected?: readonly string[]) => {
      const out: Record<string, number> = {};
      for (let c = 1; c < counts.length; c++) if (counts[c]) out[dict.values[c]!] = counts[c]!;
      for (const v of selected ?? []) out[v] ??= 0;
      return out;
    };
    const modeCounts: Record<string, number> = {};
    for (let bit = 0; bit < 32; bit++) if (nMode[bit]) modeCounts[d.mode.values[bit + 1]!] = nMode[bit]!;
    for (const v of filters.mode ?? []) modeCounts[v] ??= 0;
    const yearCounts: Record<string, number> = {};
    for (let y = nYear.length - 1; y > 0; y--) if (nYear[y]) yearCounts[String(y)] = nYear[y]!;
    for (const y of filters.year ?? []) yearCounts[String(y)] ??= 0;

    return {
      total,
      facets: {
        industryChainId: record(d.chain, nChain, filters.industryChainId),
        techField: record(d.field, nField, filters.techField),
        stage: record(d.stage, nStage, filters.stage),
        countyCode: record(d.county, nCounty, filters.countyCode),
        mode: modeCounts,
        priceBand: record(d.band, nBand, filters.priceBand),
        year: yearCounts,
      },
    };
  }

  private hitsWithHighlights(kind: ListingKind, ranked: { id: number; score: number }[], terms: readonly string[]): SearchHit[] {
    if (ranked.length === 0) return [];
    const rows = this.stmt(`SELECT id, title, summary FROM ${docTable(kind)} WHERE id IN (SELECT value FROM json_each(?))`).all(
      JSON.stringify(ranked.map((r) => r.id)),
    ) as { id: number; title: string; summary: string }[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ranked.flatMap(({ id, score }) => {
      const r = byId.get(id);
      if (!r) return [];
      return [{ id, score, highlight: { title: highlightFull(r.title, terms), summary: highlightSnippet(r.summary, terms) } }];
    });
  }

  /* ---------------------------------------------------------------- matching support */

  /**
   * Document frequencies of the matcher's terms. Counting a frequent bigram's doclist at a
   * million listings takes tens of milliseconds, so:
   * - frequencies are cached per kind and index state: they change slowly, and the cache is
   *   dropped once the index has moved by 1 % of its documents (or was rebuilt), which keeps
   *   BM25's idf within a rounding error of the truth;
   * - beyond DF_EXACT_UPTO listings a term's frequency is estimated from its newest
   *   DF_SAMPLE matches (FTS5 reads a doclist's tail cheaply): if they span the newest D
   *   live listings, the term is in about DF_SAMPLE / D of all of them. A term with fewer
   *   matches than that is counted exactly by the same query. idf is a logarithm; a few
   *   per cent of error in a common term's frequency changes no ranking that matters.
   */
  termStats(kind: ListingKind, terms: readonly { term: string; columns: "w" | "g" }[]): TermStat[] {
    const st = this.state(kind);
    let cache = this.dfCaches.get(kind);
    const drift = Math.max(1, Math.floor(st.docs / 100));
    if (!cache || cache.generation !== st.generation || st.seq - cache.seq >= drift || st.seq < cache.seq) {
      cache = { generation: st.generation, seq: st.seq, liveFrom: null, dfs: new Map() };
      this.dfCaches.set(kind, cache);
    }
    const t = ftsTable(kind);
    const exact = this.stmt(`SELECT count(*) FROM ${t} WHERE ${t} MATCH ?`).pluck();
    const tail = this.stmt(`SELECT min(rowid), count(*) FROM (SELECT rowid FROM ${t} WHERE ${t} MATCH ? ORDER BY rowid DESC LIMIT ${DF_SAMPLE})`).raw();
    const c = cache;
    return terms.map(({ term, columns }) => {
      const key = `${columns}\u0001${term}`;
      let df = c.dfs.get(key);
      if (df === undefined) {
        const match = `${columns === "w" ? MATCH_WORD_COLUMNS : MATCH_GRAM_COLUMNS} : ${quote(term)}`;
        if (st.docs <= DF_EXACT_UPTO) df = exact.get(match) as number;
        else {
          const [oldest, n] = tail.get(match) as [number | null, number];
          if (n < DF_SAMPLE || oldest === null) df = n;
          else {
            c.liveFrom ??= this.liveSuffixCounts(kind);
            df = Math.min(st.docs, Math.round((DF_SAMPLE * st.docs) / Math.max(1, c.liveFrom(oldest))));
          }
        }
        c.dfs.set(key, df);
      }
      return { term, columns, df };
    });
  }

  /** A function counting the live documents with id >= a given id, from block sums. */
  private liveSuffixCounts(kind: ListingKind): (from: number) => number {
    const cols = this.facetColumns(kind);
    const BLOCK = 1024;
    const blocks = Math.ceil(cols.capacity / BLOCK);
    const suffix = new Int32Array(blocks + 1);
    for (let b = blocks - 1; b >= 0; b--) {
      let n = 0;
      const end = Math.min(cols.capacity, (b + 1) * BLOCK);
      for (let id = b * BLOCK; id < end; id++) n += cols.live[id]!;
      suffix[b] = suffix[b + 1]! + n;
    }
    return (from: number) => {
      if (from >= cols.capacity) return 0;
      const b = Math.floor(from / BLOCK);
      let n = suffix[b + 1]!;
      const end = Math.min(cols.capacity, (b + 1) * BLOCK);
      for (let id = from; id < end; id++) n += cols.live[id]!;
      return n;
    };
  }

  /**
   * The best `limit` listings for an OR of the given terms, by FTS5 BM25 over the text
   * columns: the matcher's candidate pool, which it then scores itself.
   */
  retrieve(kind: ListingKind, terms: readonly TermStat[], limit: number): MatchRetrieval[] {
    const words = terms.filter((x) => x.columns === "w").map((x) => quote(x.term));
    const grams = terms.filter((x) => x.columns === "g").map((x) => quote(x.term));
    const parts: string[] = [];
    if (words.length) parts.push(`${MATCH_WORD_COLUMNS} : (${words.join(" OR ")})`);
    if (grams.length) parts.push(`${MATCH_GRAM_COLUMNS} : (${grams.join(" OR ")})`);
    if (parts.length === 0) return [];
    const t = ftsTable(kind);
    const rows = this.stmt(`SELECT rowid, -bm25(${t}, ${MATCH_WEIGHTS.join(", ")}) AS s FROM ${t} WHERE ${t} MATCH ? ORDER BY s DESC, rowid DESC LIMIT ?`)
      .raw()
      .all(parts.join(" OR "), limit) as [number, number][];
    return rows.map(([id, score]) => ({ id, score }));
  }

  /**
   * The structured attributes of the given live documents, read from the in-memory columns:
   * the matcher needs them for every candidate, and a SQL round trip per candidate pool
   * would cost more than the whole scoring.
   */
  candidateRows(kind: ListingKind, ids: readonly number[]): Map<number, CandidateRow> {
    const cols = this.facetColumns(kind);
    const d = cols.dicts;
    const out = new Map<number, CandidateRow>();
    const str = (v: number) => (v === 0 ? null : v);
    const iso = (ms: number) => (Number.isNaN(ms) ? null : new Date(ms).toISOString());
    const num = (x: number) => (Number.isNaN(x) ? null : x);
    for (const id of ids) {
      if (id >= cols.capacity || !cols.live[id]) continue;
      const modes: string[] = [];
      let m = cols.modes[id]!;
      while (m) {
        const bit = 31 - Math.clz32(m);
        modes.push(d.mode.values[bit + 1]!);
        m &= ~(1 << bit);
      }
      const chain = str(cols.chain[id]!);
      const field = str(cols.field[id]!);
      const field1 = str(cols.field1[id]!);
      const county = str(cols.county[id]!);
      out.set(id, {
        id,
        status: d.status.values[cols.status[id]!]!,
        chain: chain === null ? null : d.chain.values[chain]!,
        field: field === null ? null : d.field.values[field]!,
        field1: field1 === null ? null : d.field.values[field1]!,
        county: county === null ? null : d.county.values[county]!,
        modes,
        amountFen: num(cols.amount[id]!),
        amountMinFen: num(cols.amountMin[id]!),
        amountMaxFen: num(cols.amountMax[id]!),
        trl: cols.trl[id]! || null,
        confirmedAt: iso(cols.confirmed[id]!),
        publishedAt: iso(cols.published[id]!),
        deadline: Number.isNaN(cols.deadline[id]!) ? null : new Date(cols.deadline[id]!).toISOString().slice(0, 10),
      });
    }
    return out;
  }

  /**
   * Term frequencies of the given live documents' matchable text (title, summary,
   * keywords), tokenised exactly as at index time. The matcher scores BM25 from these in
   * memory instead of asking FTS5, whose bm25() cost grows with every query term and every
   * matching row. Kept in a bounded cache checked against each document's seq, because the
   * same listings come up as candidates again and again.
   */
  termVectors(kind: ListingKind, ids: readonly number[]): Map<number, TermVector> {
    const cols = this.facetColumns(kind);
    let cache = this.vectorCache.get(kind);
    if (!cache) {
      cache = new Map();
      this.vectorCache.set(kind, cache);
    }
    const out = new Map<number, TermVector>();
    const missing: number[] = [];
    for (const id of ids) {
      if (id >= cols.capacity || !cols.live[id]) continue;
      const hit = cache.get(id);
      if (hit && hit.seq === cols.docSeq[id]) {
        out.set(id, hit);
        // Map keeps insertion order: re-inserting marks the entry as recently used.
        cache.delete(id);
        cache.set(id, hit);
      } else missing.push(id);
    }
    if (missing.length === 0) return out;
    // One statement for any number of ids (json_each), so it is prepared once and reused.
    const rows = this.stmt(`SELECT id, seq, title, summary, keywords FROM ${docTable(kind)} WHERE live = 1 AND id IN (SELECT value FROM json_each(?))`)
      .raw()
      .all(JSON.stringify(missing)) as [number, number, string, string, string | null][];
    for (const [id, seq, title, summary, keywords] of rows) {
      const kw = keywords ? (JSON.parse(keywords) as string[]).join(" ") : "";
      const words = [...indexWords(title), ...indexWords(summary), ...indexWords(kw)];
      const grams = [...charBigrams(title), ...charBigrams(summary), ...charBigrams(kw)];
      const v: TermVector = { seq, ...packTerms(this.wordIds, words, "w"), ...packTerms(this.gramIds, grams, "g") };
      out.set(id, v);
      cache.set(id, v);
    }
    while (cache.size > VECTOR_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    return out;
  }

  /**
   * Builds, before the first match, what a match would otherwise build on the way: the facet
   * columns, the term vectors of the newest live listings (as many as the cache holds) and
   * the statements the matcher runs. A first match then costs what every other one does.
   */
  prepareMatching(kind: ListingKind): void {
    const cols = this.facetColumns(kind);
    const ids: number[] = [];
    for (let id = cols.capacity - 1; id >= 0 && ids.length < VECTOR_CACHE_SIZE; id--) if (cols.live[id]) ids.push(id);
    // Oldest first, so the newest listings end up the most recently used in the cache.
    ids.reverse();
    for (let i = 0; i < ids.length; i += 500) this.termVectors(kind, ids.slice(i, i + 500));
    this.termStats(kind, []);
    this.corpusStats(kind);
    this.retrieve(kind, [{ term: "0", columns: "w", df: 0 }], 1);
  }

  /** Interned id of a word ("w") or bigram ("g") term, for looking it up in term vectors. */
  termId(columns: "w" | "g", term: string): number {
    return (columns === "w" ? this.wordIds : this.gramIds).id(term);
  }

  /** Changes whenever what termStats and corpusStats answer for a kind may change: any index write, recount or rebuild. */
  statsStamp(kind: ListingKind): string {
    const st = this.stmt("SELECT seq, generation, docs, wsum, gsum FROM search_state WHERE kind = ?").raw().get(kind) as number[];
    return st.join(":");
  }

  /** Live documents and their average word and bigram counts, for BM25's length normalisation. */
  corpusStats(kind: ListingKind): { docs: number; avgWords: number; avgGrams: number } {
    const st = this.stmt("SELECT docs, wsum, gsum FROM search_state WHERE kind = ?").get(kind) as {
      docs: number;
      wsum: number;
      gsum: number;
    };
    const n = Math.max(1, st.docs);
    return { docs: st.docs, avgWords: Math.max(1, st.wsum / n), avgGrams: Math.max(1, st.gsum / n) };
  }

  /** Recent live listings of a chain, for needs whose text finds too few candidates. */
  recentInChain(kind: ListingKind, chain: string, limit: number): number[] {
    return this.stmt(`SELECT id FROM ${docTable(kind)} WHERE live = 1 AND chain = ? ORDER BY published_at DESC, id DESC LIMIT ?`)
      .pluck()
      .all(chain, limit) as number[];
  }

  close(): void {
    this.stmts.clear();
    this.columns.clear();
    this.vectorCache.clear();
  }
}

export interface CandidateRow {
  id: number;
  status: string;
  chain: string | null;
  field: string | null;
  field1: string | null;
  county: string | null;
  modes: string[];
  /** Achievement price, or the need's budget used for bands and sorting. */
  amountFen: number | null;
  amountMinFen: number | null;
  amountMaxFen: number | null;
  trl: number | null;
  confirmedAt: string | null;
  publishedAt: string | null;
  deadline: string | null;
}

/** A document's term frequencies: sorted interned ids with their counts, words and bigrams apart. */
export interface TermVector {
  seq: number;
  wordIds: Int32Array;
  wordTf: Uint16Array;
  wordLen: number;
  gramIds: Int32Array;
  gramTf: Uint16Array;
  gramLen: number;
}

/** Interns term strings as small integers, so a term vector is two typed arrays, not a Map. */
class TermIds {
  private readonly ids = new Map<string, number>();
  id(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(term, id);
    }
    return id;
  }
}

function packTerms(ids: TermIds, terms: readonly string[], prefix: "w"): { wordIds: Int32Array; wordTf: Uint16Array; wordLen: number };
function packTerms(ids: TermIds, terms: readonly string[], prefix: "g"): { gramIds: Int32Array; gramTf: Uint16Array; gramLen: number };
function packTerms(ids: TermIds, terms: readonly string[], prefix: "w" | "g"): Record<string, unknown> {
  const counts = new Map<number, number>();
  for (const t of terms) {
    const id = ids.id(t);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const sorted = [...counts.keys()].sort((a, b) => a - b);
  const idArr = Int32Array.from(sorted);
  const tf = Uint16Array.from(sorted.map((id) => Math.min(65535, counts.get(id)!)));
  return prefix === "w" ? { wordIds: idArr, wordTf: tf, wordLen: terms.length } : { gramIds: idArr, gramTf: tf, gramLen: terms.length };
}

/** The frequency of an interned term in a sorted id array (0 when absent). */
export function termFrequency(ids: Int32Array, tf: Uint16Array, id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = ids[mid]!;
    if (v === id) return tf[mid]!;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}
