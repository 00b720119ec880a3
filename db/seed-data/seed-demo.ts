// Writes the demo into a database in one transaction: organisations, accounts, broker
// certifications, needs and achievements, each with its audit event and, when public, its search-outbox row. Either all
// of it lands or none of it does, and two concurrent `--if-empty` runs cannot both seed.

import { count } from "drizzle-orm";
import { enqueueSearchSync } from "../../search/outbox";
import { writeTx, type Db, type Tx } from "../connection";
import { hashPassword } from "../passwords";
import { achievements, auditEvents, brokers, needs, organisations, users } from "../schema";
import { ALL_ACCOUNTS, DEMO_PASSWORD } from "./accounts";
import { buildAchievements } from "./achievements";
import { BROKER_PROFILES } from "./brokers";
import { officePhone } from "./identity";
import { buildNeeds } from "./needs";
import { seedScenarios } from "./scenarios";
import { ORGANISATIONS, SEED, creditCodeOf } from "./organisations";
import { childRng } from "./random";
import { addDays, iso, notAfter, notBefore, officeHours, setStoryClock, storyDate, storyYear, utc, ymd } from "./timeline";

export interface SeedOptions {
  /** The day the demo is anchored on; deadlines and freshness are relative to it. Defaults to now. */
  now?: Date;
  /** A ready hash of the demo password, so tests seeding many databases hash it once. */
  passwordHash?: string;
}

export interface SeedSummary {
  organisations: { total: number; verified: number; pending: number; byKind: Record<string, number> };
  users: { total: number; byRole: Record<string, number> };
  brokers: { total: number; byStatus: Record<string, number> };
  needs: { total: number; byStatus: Record<string, number>; publishedByListYear: Record<string, number> };
  achievements: { total: number; byStatus: Record<string, number>; transformationList2026: number };
  auditEvents: number;
  searchOutbox: number;
}

export class DatabaseNotEmptyError extends Error {
  constructor(organisationCount: number) {
    super(`the database already holds ${organisationCount} organisation(s); the demo is only seeded into an empty one (use --if-empty to skip quietly)`);
    this.name = "DatabaseNotEmptyError";
  }
}

/** Hashing is the slow part (Argon2id): done once and shared by every demo account. */
export function hashDemoPassword(): Promise<string> {
  return hashPassword(DEMO_PASSWORD);
}

function organisationCount(tx: Tx): number {
  return tx.select({ n: count() }).from(organisations).get()?.n ?? 0;
}

function audit(tx: Tx, entity: "organisation" | "user" | "broker" | "need" | "achievement", id: number, after: unknown): void {
  tx.insert(auditEvents)
    .values({ action: "seed", entity, entityId: String(id), after })
    .run();
}

function insertDemo(tx: Tx, passwordHash: string, now: Date): void {
  const orgIds = new Map<string, number>();
  const orgCreated = new Map<string, Date>();
  const userIds = new Map<string, number>();
  const userCreated = new Map<string, Date>();
  const recentJoiners = new Set(BROKER_PROFILES.filter((b) => !b.certified).map((b) => b.email));
  const latest = new Date(now.getTime() - 3_600_000);

  const insertOrg = (index: number, verifiedBy: number | null) => {
    const o = ORGANISATIONS[index]!;
    const r = childRng(SEED, `org-dates:${o.key}`);
    // The Bureau set the platform up at the start of 2025 and verified itself; members joined
    // over the following weeks and were verified within days; the pending two came this week.
    const gap = r.int(1, 3);
    const created =
      o.kind === "government"
        ? officeHours(r, utc(2025, 1, 2))
        : o.verified
          ? officeHours(r, addDays(utc(2025, 1, 6), Math.floor(index * 1.4)))
          : notAfter(officeHours(r, addDays(now, -(gap + 2))), latest);
    const verified = o.kind === "government" ? created : o.verified ? officeHours(r, addDays(created, gap)) : null;
    const row = tx
      .insert(organisations)
      .values({
        name: o.name,
        nameEn: o.nameEn,
        kind: o.kind,
        creditCode: creditCodeOf(o),
        countyCode: o.countyCode,
        address: o.address,
        website: o.website,
        verifiedAt: verified ? iso(verified) : null,
        verifiedBy: verified ? verifiedBy : null,
        createdAt: iso(created),
        updatedAt: iso(verified ?? created),
      })
      .returning()
      .get();
    orgIds.set(o.key, row.id);
    orgCreated.set(o.key, created);
    audit(tx, "organisation", row.id, row);
  };

  const insertUser = (index: number) => {
    const a = ALL_ACCOUNTS[index]!;
    const orgId = orgIds.get(a.orgKey);
    if (orgId === undefined) throw new Error(`account ${a.email} belongs to an organisation not yet seeded`);
    const r = childRng(SEED, `user:${a.email}`);
    // The first member registered the organisation, minutes apart; colleagues joined later,
    // and a broker still applying signed up only days ago.
    const first = ALL_ACCOUNTS.findIndex((x) => x.orgKey === a.orgKey) === index;
    const orgStart = orgCreated.get(a.orgKey)!;
    const minutes = r.int(2, 15);
    const days = r.int(5, 40);
    const joined = recentJoiners.has(a.email) ? addDays(now, -Math.ceil(days / 5)) : addDays(orgStart, days);
    const created = notAfter(first ? new Date(orgStart.getTime() + minutes * 60_000) : officeHours(r, joined), latest);
    const row = tx
      .insert(users)
      .values({
        email: a.email,
        name: a.name,
        phone: officePhone(r),
        passwordHash,
        role: a.role,
        orgId,
        createdAt: iso(created),
        updatedAt: iso(created),
      })
      .returning()
      .get();
    userIds.set(a.email, row.id);
    userCreated.set(a.email, created);
    // The audit trail never carries a password hash, not even a shared demo one.
    const { passwordHash: _hidden, ...visible } = row;
    audit(tx, "user", row.id, visible);
  };

  // The Bureau and its admins first: every other organisation is verified by one of them.
  const bureauIndex = ORGANISATIONS.findIndex((o) => o.kind === "government");
  insertOrg(bureauIndex, null);
  const adminIndexes = ALL_ACCOUNTS.flatMap((a, i) => (a.role === "admin" ? [i] : []));
  adminIndexes.forEach(insertUser);
  const admins = adminIndexes.map((i) => userIds.get(ALL_ACCOUNTS[i]!.email)!);
  ORGANISATIONS.forEach((_, i) => {
    if (i !== bureauIndex) insertOrg(i, admins[0]!);
  });
  ALL_ACCOUNTS.forEach((a, i) => {
    if (a.role !== "admin") insertUser(i);
  });

  for (const b of BROKER_PROFILES) {
    const account = ALL_ACCOUNTS.find((a) => a.email === b.email);
    if (!account || account.role !== "broker") throw new Error(`broker profile ${b.email} has no broker account`);
    const r = childRng(SEED, `broker:${b.email}`);
    const registered = userCreated.get(b.email)!;
    const validity = (from: string) => ymd(addDays(new Date(`${Number(from.slice(0, 4)) + b.validYears}${from.slice(4)}T00:00:00Z`), -1));
    let validFrom = b.validFrom ? storyDate(b.validFrom) : ymd(addDays(now, -r.int(20, 40)));
    // The platform only lets a broker work inside his certificate's validity: one that would
    // lapse within half a year of the run date appears renewed, so the demo brokers can act.
    if (validity(validFrom) < ymd(addDays(now, 180))) validFrom = ymd(addDays(now, -180));
    const validUntil = validity(validFrom);
    // Training certificates come before the account; the application is filed once both exist.
    const filed = notAfter(officeHours(r, addDays(notBefore(registered, new Date(`${validFrom}T02:00:00Z`)), r.int(1, 3))), latest);
    const decided = b.certified ? notAfter(officeHours(r, addDays(filed, r.int(2, 5))), latest) : null;
    const row = tx
      .insert(brokers)
      .values({
        userId: userIds.get(b.email)!,
        orgId: orgIds.get(account.orgKey)!,
        certificateNo: b.certificateNo,
        grade: b.grade,
        validFrom,
        validUntil,
        chains: b.chains,
        cohort: b.cohort,
        bio: b.bio,
        status: b.certified ? "certified" : "applied",
        decidedBy: decided ? admins[0]! : null,
        decidedAt: decided ? iso(decided) : null,
        createdAt: iso(filed),
        updatedAt: iso(decided ?? filed),
      })
      .returning()
      .get();
    audit(tx, "broker", row.id, row);
  }

  const membersOf = (orgKey: string): number[] => {
    const ids = ALL_ACCOUNTS.filter((a) => a.orgKey === orgKey).map((a) => userIds.get(a.email)!);
    if (ids.length === 0) throw new Error(`${orgKey} has no member to author its listings`);
    return ids;
  };

  buildNeeds(now).forEach((n, i) => {
    const { orgKey, reviewed, ...fields } = n;
    const members = membersOf(orgKey);
    const row = tx
      .insert(needs)
      .values({
        ...fields,
        orgId: orgIds.get(orgKey)!,
        createdBy: members[i % members.length]!,
        reviewedBy: reviewed ? admins[i % admins.length]! : null,
      })
      .returning()
      .get();
    audit(tx, "need", row.id, row);
    if (row.publishedAt) enqueueSearchSync(tx, "need", row.id);
  });

  buildAchievements(now).forEach((a, i) => {
    const { orgKey, reviewed, ...fields } = a;
    const members = membersOf(orgKey);
    const row = tx
      .insert(achievements)
      .values({
        ...fields,
        orgId: orgIds.get(orgKey)!,
        createdBy: members[i % members.length]!,
        reviewedBy: reviewed ? admins[(i + 1) % admins.length]! : null,
      })
      .returning()
      .get();
    audit(tx, "achievement", row.id, row);
    if (row.publishedAt) enqueueSearchSync(tx, "achievement", row.id);
  });
  seedScenarios(tx, now, orgIds, membersOf, admins[1 % admins.length]!);
}

/** Seeds the demo into an empty database; refuses (DatabaseNotEmptyError) when organisations exist. */
export async function seedDemo(db: Db, options: SeedOptions = {}): Promise<SeedSummary> {
  const passwordHash = options.passwordHash ?? (await hashDemoPassword());
  const now = options.now ?? new Date();
  setStoryClock(now);
  writeTx(db, (tx) => {
    const existing = organisationCount(tx);
    if (existing > 0) throw new DatabaseNotEmptyError(existing);
    insertDemo(tx, passwordHash, now);
  });
  return summariseDemo(db);
}

/**
 * Seeds only when no organisation exists yet. The check and the inserts share one
 * immediate transaction, so two processes starting together seed once between them.
 */
export async function seedDemoIfEmpty(db: Db, options: SeedOptions = {}): Promise<{ seeded: boolean; summary: SeedSummary }> {
  const precheck = db.select({ n: count() }).from(organisations).get()?.n ?? 0;
  if (precheck > 0) return { seeded: false, summary: summariseDemo(db) };
  const passwordHash = options.passwordHash ?? (await hashDemoPassword());
  const now = options.now ?? new Date();
  setStoryClock(now);
  const seeded = writeTx(db, (tx) => {
    if (organisationCount(tx) > 0) return false;
    insertDemo(tx, passwordHash, now);
    return true;
  });
  return { seeded, summary: summariseDemo(db) };
}

function grouped(db: Db, sql: string): Record<string, number> {
  const rows = db.$client.prepare(sql).all() as { k: string | number | null; n: number }[];
  return Object.fromEntries(rows.map((r) => [String(r.k), r.n]));
}

function scalar(db: Db, sql: string): number {
  return (db.$client.prepare(sql).get() as { n: number }).n;
}

/** What the database holds now, counted rather than remembered, so the CLI reports the truth. */
export function summariseDemo(db: Db): SeedSummary {
  const byKind = grouped(db, "SELECT kind AS k, count(*) AS n FROM organisations GROUP BY kind ORDER BY kind");
  const byRole = grouped(db, "SELECT role AS k, count(*) AS n FROM users GROUP BY role ORDER BY role");
  const needStatus = grouped(db, "SELECT status AS k, count(*) AS n FROM needs GROUP BY status ORDER BY status");
  const achStatus = grouped(db, "SELECT status AS k, count(*) AS n FROM achievements GROUP BY status ORDER BY status");
  return {
    organisations: {
      total: scalar(db, "SELECT count(*) AS n FROM organisations"),
      verified: scalar(db, "SELECT count(*) AS n FROM organisations WHERE verified_at IS NOT NULL"),
      pending: scalar(db, "SELECT count(*) AS n FROM organisations WHERE verified_at IS NULL"),
      byKind,
    },
    users: { total: scalar(db, "SELECT count(*) AS n FROM users"), byRole },
    brokers: {
      total: scalar(db, "SELECT count(*) AS n FROM brokers"),
      byStatus: grouped(db, "SELECT status AS k, count(*) AS n FROM brokers GROUP BY status ORDER BY status"),
    },
    needs: {
      total: scalar(db, "SELECT count(*) AS n FROM needs"),
      byStatus: needStatus,
      publishedByListYear: grouped(db, "SELECT list_year AS k, count(*) AS n FROM needs WHERE status = 'published' GROUP BY list_year ORDER BY list_year"),
    },
    achievements: {
      total: scalar(db, "SELECT count(*) AS n FROM achievements"),
      byStatus: achStatus,
      transformationList2026: scalar(db, `SELECT count(*) AS n FROM achievements WHERE transformation_list_year = ${storyYear(2026)}`),
    },
    auditEvents: scalar(db, "SELECT count(*) AS n FROM audit_events"),
    searchOutbox: scalar(db, "SELECT count(*) AS n FROM search_outbox"),
  };
}
