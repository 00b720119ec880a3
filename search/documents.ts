// The search document of a listing, built from the database and nothing else. Both engines
// index exactly this shape, so what is searchable is decided here, in one place.
//
// Confidential fields (contact name, phone, e-mail) and internal ones (review notes, who
// reviewed) are never selected: what is not in the document cannot leak through a hit,
// a highlight or a facet (M10).

import { and, asc, desc, eq, gt, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db, Tx } from "../db/connection";
import {
  achievements,
  counties,
  industryChains,
  needs,
  organisations,
  techFields,
  type AchievementStatus,
  type NeedStatus,
} from "../db/schema";
import { trlStage, type MaturityStage } from "../db/vocabularies";
import { priceBandOf, type ListingKind, type PriceBandId } from "./types";

/** Statuses a visitor may see; any other status removes the listing from the index. */
export const PUBLIC_NEED_STATUSES: NeedStatus[] = ["published", "matched", "closed"];
export const PUBLIC_ACHIEVEMENT_STATUSES: AchievementStatus[] = ["published", "transferred"];
export const PUBLIC_STATUSES: Readonly<Record<ListingKind, readonly string[]>> = {
  need: PUBLIC_NEED_STATUSES,
  achievement: PUBLIC_ACHIEVEMENT_STATUSES,
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

type Reader = Db | Tx;

const parentField = alias(techFields, "parent_field");

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

function achievementQuery(r: Reader) {
  return r
    .select({
      id: achievements.id,
      title: achievements.title,
      summary: achievements.summary,
      keywords: achievements.keywords,
      industryChainId: achievements.industryChainId,
      chainZh: industryChains.nameZh,
      chainEn: industryChains.nameEn,
      techField: achievements.techFieldCode,
      fieldParent: techFields.parentCode,
      fieldZh: techFields.nameZh,
      fieldEn: techFields.nameEn,
      parentZh: parentField.nameZh,
      parentEn: parentField.nameEn,
      trl: achievements.trl,
      countyCode: achievements.countyCode,
      countyZh: counties.nameZh,
      orgName: organisations.name,
      transferModes: achievements.transferModes,
      priceFen: achievements.priceFen,
      status: achievements.status,
      transformationListYear: achievements.transformationListYear,
      publishedAt: achievements.publishedAt,
      confirmedAt: achievements.confirmedAt,
      patentNumbers: achievements.patentNumbers,
      updatedAt: achievements.updatedAt,
    })
    .from(achievements)
    .innerJoin(organisations, eq(organisations.id, achievements.orgId))
    .leftJoin(industryChains, eq(industryChains.id, achievements.industryChainId))
    .leftJoin(techFields, eq(techFields.code, achievements.techFieldCode))
    .leftJoin(parentField, eq(parentField.code, techFields.parentCode))
    .leftJoin(counties, eq(counties.code, achievements.countyCode));
}

type AchievementRow = Awaited<ReturnType<ReturnType<typeof achievementQuery>["all"]>>[number];

function achievementDocument(r: AchievementRow): SearchDocument {
  return {
    kind: "achievement",
    id: r.id,
    title: r.title,
    summary: r.summary,
    keywords: r.keywords ?? [],
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
    modes: r.transferModes ?? [],
    priceBand: priceBandOf(r.priceFen),
    amountFen: r.priceFen,
    amountMinFen: null,
    amountMaxFen: null,
    year: shanghaiYear(r.publishedAt),
    status: r.status,
    transformationList: r.transformationListYear !== null,
    confirmedAt: r.confirmedAt,
    publishedAt: r.publishedAt,
    deadline: null,
    codes: r.patentNumbers ?? [],
    sourceUpdatedAt: r.updatedAt,
  };
}

function needQuery(r: Reader) {
  return r
    .select({
      id: needs.id,
      title: needs.title,
      description: needs.description,
      industryChainId: needs.industryChainId,
      chainZh: industryChains.nameZh,
      chainEn: industryChains.nameEn,
      techField: needs.techFieldCode,
      fieldParent: techFields.parentCode,
      fieldZh: techFields.nameZh,
      fieldEn: techFields.nameEn,
      parentZh: parentField.nameZh,
      parentEn: parentField.nameEn,
      expectedTrl: needs.expectedTrl,
      countyCode: needs.countyCode,
      countyZh: counties.nameZh,
      orgName: organisations.name,
      cooperationModes: needs.cooperationModes,
      budgetMinFen: needs.budgetMinFen,
      budgetMaxFen: needs.budgetMaxFen,
      status: needs.status,
      listYear: needs.listYear,
      publishedAt: needs.publishedAt,
      confirmedAt: needs.confirmedAt,
      deadline: needs.deadline,
      updatedAt: needs.updatedAt,
    })
    .from(needs)
    .innerJoin(organisations, eq(organisations.id, needs.orgId))
    .leftJoin(industryChains, eq(industryChains.id, needs.industryChainId))
    .leftJoin(techFields, eq(techFields.code, needs.techFieldCode))
    .leftJoin(parentField, eq(parentField.code, techFields.parentCode))
    .leftJoin(counties, eq(counties.code, needs.countyCode));
}

type NeedRow = Awaited<ReturnType<ReturnType<typeof needQuery>["all"]>>[number];

function needDocument(r: NeedRow): SearchDocument {
  // A need with only a minimum budget is banded and sorted by that minimum: it is the
  // least the enterprise will spend, which is what a seller filtering by band cares about.
  const amount = r.budgetMaxFen ?? r.budgetMinFen;
  return {
    kind: "need",
    id: r.id,
    title: r.title,
    summary: r.description,
    keywords: [],
    industryChainId: r.industryChainId,
    chainName: names(r.chainZh, r.chainEn),
    techField: r.techField,
    techFieldLevel1: r.fieldParent ?? r.techField,
    fieldName: [names(r.fieldZh, r.fieldEn), names(r.parentZh, r.parentEn)].filter(Boolean).join(" "),
    trl: r.expectedTrl,
    stage: trlStage(r.expectedTrl),
    countyCode: r.countyCode,
    countyName: r.countyZh,
    orgName: r.orgName,
    modes: r.cooperationModes ?? [],
    priceBand: priceBandOf(amount),
    amountFen: amount,
    amountMinFen: r.budgetMinFen,
    amountMaxFen: r.budgetMaxFen,
    year: r.listYear ?? shanghaiYear(r.publishedAt),
    status: r.status,
    transformationList: false,
    confirmedAt: r.confirmedAt,
    publishedAt: r.publishedAt,
    deadline: r.deadline,
    codes: [],
    sourceUpdatedAt: r.updatedAt,
  };
}

/**
 * The current documents of the given listings, keyed by id. A listing that does not exist
 * or is not public has no entry: the caller deletes it from the index.
 */
export function loadDocuments(r: Reader, kind: ListingKind, ids: readonly number[]): Map<number, SearchDocument> {
  const out = new Map<number, SearchDocument>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    if (kind === "achievement") {
      const rows = achievementQuery(r)
        .where(and(inArray(achievements.id, chunk), inArray(achievements.status, PUBLIC_ACHIEVEMENT_STATUSES)))
        .all();
      for (const row of rows) out.set(row.id, achievementDocument(row));
    } else {
      const rows = needQuery(r)
        .where(and(inArray(needs.id, chunk), inArray(needs.status, PUBLIC_NEED_STATUSES)))
        .all();
      for (const row of rows) out.set(row.id, needDocument(row));
    }
  }
  return out;
}

export function loadDocument(r: Reader, kind: ListingKind, id: number): SearchDocument | null {
  return loadDocuments(r, kind, [id]).get(id) ?? null;
}

/** Public documents with id > afterId, in id order: the full-reindex cursor. */
export function loadDocumentPage(r: Reader, kind: ListingKind, afterId: number, limit: number): SearchDocument[] {
  if (kind === "achievement") {
    return achievementQuery(r)
      .where(and(gt(achievements.id, afterId), inArray(achievements.status, PUBLIC_ACHIEVEMENT_STATUSES)))
      .orderBy(asc(achievements.id))
      .limit(limit)
      .all()
      .map(achievementDocument);
  }
  return needQuery(r)
    .where(and(gt(needs.id, afterId), inArray(needs.status, PUBLIC_NEED_STATUSES)))
    .orderBy(asc(needs.id))
    .limit(limit)
    .all()
    .map(needDocument);
}

/**
 * Every public document of a kind, page by page, up to the highest id that existed when the
 * iteration began: listings created later reach the index through the outbox, and a busy
 * platform can never keep a rebuild running forever.
 */
export function* iterateDocuments(r: Reader, kind: ListingKind, pageSize = 1000): Generator<SearchDocument[]> {
  const table = kind === "achievement" ? achievements : needs;
  const last = r.select({ id: table.id }).from(table).orderBy(desc(table.id)).limit(1).get()?.id ?? 0;
  let after = 0;
  for (;;) {
    const page = loadDocumentPage(r, kind, after, pageSize).filter((d) => d.id <= last);
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1]!.id;
    if (after >= last) return;
  }
}

/** Ids and updated_at of every public listing of a kind: what the index should hold. */
export function publicListingVersions(r: Reader, kind: ListingKind): Map<number, string> {
  const rows =
    kind === "achievement"
      ? r
          .select({ id: achievements.id, updatedAt: achievements.updatedAt })
          .from(achievements)
          .where(inArray(achievements.status, PUBLIC_ACHIEVEMENT_STATUSES))
          .all()
      : r
          .select({ id: needs.id, updatedAt: needs.updatedAt })
          .from(needs)
          .where(inArray(needs.status, PUBLIC_NEED_STATUSES))
          .all();
  return new Map(rows.map((x) => [x.id, x.updatedAt]));
}

/** The text the matcher compares: what the listing says about its technology. */
export function matchText(doc: Pick<SearchDocument, "title" | "summary" | "keywords">): string {
  return [doc.title, doc.summary, doc.keywords.join(" ")].filter(Boolean).join("\n");
}
