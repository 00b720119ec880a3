// The search document of a listing, built from the database and nothing else. Both engines
// index exactly this shape, so what is searchable is decided here, in one place.
//
// Confidential fields (contact name, phone, e-mail) and internal ones (review notes, who
// reviewed) are never selected: what is not in the document cannot leak through a hit,
// a highlight or a facet (M10).

import type Database from "better-sqlite3";
import type { Db } from "../db/connection";
import type { AchievementStatus, NeedStatus } from "../db/schema";
import { trlStage, type MaturityStage } from "../db/vocabularies";
import { challengeListingSql, PUBLIC_CHALLENGE_STATUSES } from "./challenge-documents";
import { PUBLIC_SCENARIO_STATUSES, scenarioFields, scenarioSql, type ScenarioRow } from "./scenario-documents";
import { priceBandOf, type ListingKind, type PriceBandId } from "./types";

/** Statuses a visitor may see; any other status removes the listing from the index. */
export const PUBLIC_NEED_STATUSES: NeedStatus[] = ["published", "matched", "closed"];
export const PUBLIC_ACHIEVEMENT_STATUSES: AchievementStatus[] = ["published", "transferred"];
export const PUBLIC_STATUSES: Readonly<Record<ListingKind, readonly string[]>> = {
  need: PUBLIC_NEED_STATUSES,
  achievement: PUBLIC_ACHIEVEMENT_STATUSES,
  challenge: PUBLIC_CHALLENGE_STATUSES,
  scenario: PUBLIC_SCENARIO_STATUSES,
};

/** The table each kind of listing lives in. */
export const LISTING_TABLES: Readonly<Record<ListingKind, string>> = {
  need: "needs",
  achievement: "achievements",
  challenge: "challenges",
  scenario: "scenarios",
};

export interface SearchDocument {
  kind: ListingKind;
  id: number;
  title: string;
  /** Achievement summary or need description. */
  summary: string;
  keywords: string[];
  industryChainId: string;
  /** Chain, field, county and organisation names: searchable, so "hydrogen" or 文水 find listings. */
  chainName: string;
  techField: string;
  /** The level-1 parent of techField (itself when techField is level 1). */
  techFieldLevel1: string;
  fieldName: string;
  /** Achievement TRL, or the TRL a need expects. */
  trl: number;
  stage: MaturityStage;
  countyCode: string | null;
  countyName: string | null;
  orgName: string;
  /** Cooperation modes (needs) or transfer modes (achievements). */
  modes: string[];
  priceBand: PriceBandId;
  /** Achievement asking price, or a need's maximum budget (its minimum when only that is set). */
  amountFen: number | null;
  /** A need's budget range; null for achievements. */
  amountMinFen: number | null;
  amountMaxFen: number | null;
  /** Needs: the needs-list year; achievements: the year of publication (Asia/Shanghai). */
  year: number | null;
  status: string;
  transformationList: boolean;
  confirmedAt: string | null;
  publishedAt: string | null;
  /** Needs only, "YYYY-MM-DD". */
  deadline: string | null;
  /** Patent and registration numbers, searchable as exact codes. */
  codes: string[];
  /** The listing's updated_at, so reconciliation can spot a stale document. */
  sourceUpdatedAt: string;
}

// Raw SQL rather than the query builder: a full reindex reads every listing, and mapping
// rows through the builder cost more than the query itself. The unary + on status keeps
// SQLite off the (status, published_at) index, whose use made each reindex page re-sort the
// whole table; walking the primary key is what a page-by-id or id-list read wants.
function listingSql(kind: ListingKind, where: string): string {
  if (kind === "challenge") return challengeListingSql(where);
  if (kind === "scenario") return scenarioSql(where);
  const statuses = PUBLIC_STATUSES[kind].map((s) => `'${s}'`).join(", ");
  const common = `l.id, l.title, l.industry_chain_id AS industryChainId, c.name_zh AS chainZh, c.name_en AS chainEn,
    l.tech_field_code AS techField, f.parent_code AS fieldParent, f.name_zh AS fieldZh, f.name_en AS fieldEn,
    p.name_zh AS parentZh, p.name_en AS parentEn, l.county_code AS countyCode, k.name_zh AS countyZh,
    o.name AS orgName, l.status, l.published_at AS publishedAt, l.confirmed_at AS confirmedAt, l.updated_at AS updatedAt`;
  const own =
    kind === "achievement"
      ? `l.summary, l.keywords, l.trl, l.transfer_modes AS modes, l.price_fen AS priceFen,
         l.transformation_list_year AS transformationListYear, l.patent_numbers AS patentNumbers`
      : `l.description AS summary, l.expected_trl AS trl, l.cooperation_modes AS modes, l.budget_min_fen AS budgetMinFen,
         l.budget_max_fen AS budgetMaxFen, l.list_year AS listYear, l.deadline`;
  return `SELECT ${common}, ${own}
    FROM ${kind === "achievement" ? "achievements" : "needs"} l
    JOIN organisations o ON o.id = l.org_id
    LEFT JOIN industry_chains c ON c.id = l.industry_chain_id
    LEFT JOIN tech_fields f ON f.code = l.tech_field_code
    LEFT JOIN tech_fields p ON p.code = f.parent_code
    LEFT JOIN counties k ON k.code = l.county_code
    WHERE +l.status IN (${statuses}) AND ${where}`;
}

interface ListingRow {
  id: number;
  title: string;
  summary: string;
  industryChainId: string;
  chainZh: string | null;
  chainEn: string | null;
  techField: string;
  fieldParent: string | null;
  fieldZh: string | null;
  fieldEn: string | null;
  parentZh: string | null;
  parentEn: string | null;
  countyCode: string | null;
  countyZh: string | null;
  orgName: string;
  status: string;
  publishedAt: string | null;
  confirmedAt: string | null;
  updatedAt: string;
  trl: number;
  modes: string | null;
  // achievements
  keywords?: string | null;
  priceFen?: number | null;
  transformationListYear?: number | null;
  patentNumbers?: string | null;
  // needs
  budgetMinFen?: number | null;
  budgetMaxFen?: number | null;
  listYear?: number | null;
  deadline?: string | null;
}

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function statement(db: Db, key: string, sqlText: () => string): Database.Statement {
  let byKey = statements.get(db.$client);
  if (!byKey) {
    byKey = new Map();
    statements.set(db.$client, byKey);
  }
  let st = byKey.get(key);
  if (!st) {
    st = db.$client.prepare(sqlText());
    byKey.set(key, st);
  }
  return st;
}

/** The calendar year of an instant in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiYear(iso: string | null): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  return new Date(t + 8 * 3600_000).getUTCFullYear();
}

function names(zh: string | null, en: string | null): string {
  return [zh, en].filter(Boolean).join(" ");
}

function jsonArray(text: string | null | undefined): string[] {
  if (!text) return [];
  const v: unknown = JSON.parse(text);
  return Array.isArray(v) ? v.map(String) : [];
}

function toDocument(kind: ListingKind, r: ListingRow & Partial<ScenarioRow>): SearchDocument {
  const shared = {
    kind,
    id: r.id,
    title: r.title,
    summary: r.summary,
    industryChainId: r.industryChainId,
    chainName: names(r.chainZh, r.chainEn),
    techField: r.techField,
    techFieldLevel1: r.fieldParent ?? r.techField,
    fieldName: [names(r.fieldZh, r.fieldEn), names(r.parentZh, r.parentEn)].filter(Boolean).join(" "),
    trl: r.trl,
    stage: trlStage(r.trl),
    countyCode: r.countyCode,
    countyName: r.countyZh,
    orgName: r.orgName,
    modes: jsonArray(r.modes),
    status: r.status,
    confirmedAt: r.confirmedAt,
    publishedAt: r.publishedAt,
    sourceUpdatedAt: r.updatedAt,
  };
  if (kind === "scenario") return { ...shared, ...scenarioFields(r as ListingRow & ScenarioRow) };
  if (kind === "achievement") {
    const price = r.priceFen ?? null;
    return {
      ...shared,
      keywords: jsonArray(r.keywords),
      priceBand: priceBandOf(price),
      amountFen: price,
      amountMinFen: null,
      amountMaxFen: null,
      year: shanghaiYear(r.publishedAt),
      transformationList: r.transformationListYear !== null && r.transformationListYear !== undefined,
      deadline: null,
      codes: jsonArray(r.patentNumbers),
    };
  }
  // A need with only a minimum budget is banded and sorted by that minimum: it is the
  // least the enterprise will spend, which is what a seller filtering by band cares about.
  const amount = r.budgetMaxFen ?? r.budgetMinFen ?? null;
  return {
    ...shared,
    keywords: [],
    priceBand: priceBandOf(amount),
    amountFen: amount,
    amountMinFen: r.budgetMinFen ?? null,
    amountMaxFen: r.budgetMaxFen ?? null,
    year: r.listYear ?? shanghaiYear(r.publishedAt),
    transformationList: false,
    deadline: r.deadline ?? null,
    codes: [],
  };
}

/**
 * The current documents of the given listings, keyed by id. A listing that does not exist
 * or is not public has no entry: the caller deletes it from the index.
 */
export function loadDocuments(db: Db, kind: ListingKind, ids: readonly number[]): Map<number, SearchDocument> {
  const out = new Map<number, SearchDocument>();
  if (ids.length === 0) return out;
  const rows = statement(db, `ids:${kind}`, () => listingSql(kind, "l.id IN (SELECT value FROM json_each(?))")).all(JSON.stringify(ids)) as ListingRow[];
  for (const row of rows) out.set(row.id, toDocument(kind, row));
  return out;
}

export function loadDocument(db: Db, kind: ListingKind, id: number): SearchDocument | null {
  return loadDocuments(db, kind, [id]).get(id) ?? null;
}

/** Public documents with afterId < id <= lastId, in id order: the full-reindex cursor. */
export function loadDocumentPage(db: Db, kind: ListingKind, afterId: number, limit: number, lastId = Number.MAX_SAFE_INTEGER): SearchDocument[] {
  const rows = statement(db, `page:${kind}`, () => `${listingSql(kind, "l.id > ? AND l.id <= ?")} ORDER BY l.id LIMIT ?`).all(
    afterId,
    lastId,
    limit,
  ) as ListingRow[];
  return rows.map((row) => toDocument(kind, row));
}

/**
 * Every public document of a kind, page by page, up to the highest id that existed when the
 * iteration began: listings created later reach the index through the outbox, and a busy
 * platform can never keep a rebuild running forever.
 */
export function* iterateDocuments(db: Db, kind: ListingKind, pageSize = 1000): Generator<SearchDocument[]> {
  const table = LISTING_TABLES[kind];
  const last = (db.$client.prepare(`SELECT coalesce(max(id), 0) FROM ${table}`).pluck().get() as number) ?? 0;
  let after = 0;
  for (;;) {
    const page = loadDocumentPage(db, kind, after, pageSize, last);
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1]!.id;
  }
}

/** Ids and updated_at of every public listing of a kind: what the index should hold. */
export function publicListingVersions(db: Db, kind: ListingKind): Map<number, string> {
  const table = LISTING_TABLES[kind];
  const statuses = PUBLIC_STATUSES[kind].map((s) => `'${s}'`).join(", ");
  const rows = db.$client.prepare(`SELECT id, updated_at FROM ${table} WHERE status IN (${statuses})`).raw().all() as [number, string][];
  return new Map(rows);
}

/** The text the matcher compares: what the listing says about its technology. */
export function matchText(doc: Pick<SearchDocument, "title" | "summary" | "keywords">): string {
  return [doc.title, doc.summary, doc.keywords.join(" ")].filter(Boolean).join("\n");
}
