// The first cohort of 百名技术经纪人培育行动: 50 brokers trained in spring 2026 and certified
// by the Bureau, practising under the city's transfer agencies, plus two whose certificates
// do not let them work (one suspended, one expired) so the platform shows both states.

import { asc, eq } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../connection";
import { auditEvents, brokers, organisations, users, type BrokerGrade } from "../schema";
import { INDUSTRY_CHAINS } from "../vocabularies";
import { personName } from "./identity";
import { childRng, type Rng } from "./random";
import { SEED } from "./organisations";
import { addDays, iso, officeHours, setStoryClock, storyDate, utc, ymd } from "./timeline";

export const COHORT = "2026-1";
export const COHORT_SIZE = 50;

export interface SeedBrokersOptions {
  /** A ready hash of the demo password, shared by every seeded account. */
  passwordHash: string;
  /** The run day; certificates are kept in force around it. Defaults to now. */
  now?: Date;
}

export interface SeedBrokersResult {
  /** User ids of the 50 certified brokers, then the suspended and the expired one. */
  userIds: number[];
  certified: number;
  suspended: number;
  expired: number;
}

// Trainers favour the chains the city's plans put first; every broker covers two to four.
const CHAIN_WEIGHTS: Record<string, number> = {
  hydrogen: 4,
  "coal-chemistry": 4,
  "special-steel": 3,
  "al-mg": 3,
  "carbon-materials": 3,
  "solid-waste": 3,
  "coal-mining": 3,
  "new-energy": 3,
  "digital-economy": 2,
  "ai-plus": 2,
  "modern-agriculture": 2,
  "fenjiu-food": 2,
  biomedicine: 1,
  equipment: 2,
  "culture-tourism": 1,
};

const BACKGROUNDS = [
  "焦化企业技术中心工程师出身，熟悉煤焦化工艺",
  "高校科技处成果转化科员，熟悉职务成果转化流程",
  "知识产权代理人，擅长专利布局与许可谈判",
  "中试基地项目经理，长于工艺放大与技术评价",
  "装备制造企业销售工程师，熟悉矿山与冶金装备",
  "园区招商与企业服务人员，了解县域产业需求",
  "会计师事务所审计出身，擅长技术作价与价值评估",
  "农业技术推广站农艺师，服务县域农业与食品企业",
  "信息化项目经理，熟悉工业互联网和数字化改造",
  "新能源企业项目开发人员，熟悉光伏、储能和氢能项目",
];

function weightedChains(r: Rng): string[] {
  const count = r.int(2, 4);
  const pool = INDUSTRY_CHAINS.map((c) => c.id as string);
  const chosen: string[] = [];
  while (chosen.length < count) {
    const total = pool.filter((c) => !chosen.includes(c)).reduce((s, c) => s + (CHAIN_WEIGHTS[c] ?? 1), 0);
    let x = r.next() * total;
    for (const c of pool) {
      if (chosen.includes(c)) continue;
      x -= CHAIN_WEIGHTS[c] ?? 1;
      if (x <= 0) {
        chosen.push(c);
        break;
      }
    }
  }
  return chosen;
}

function gradeOf(i: number): BrokerGrade {
  // A first cohort is mostly junior; experienced practitioners entered at the higher grades.
  if (i % 10 === 0) return "senior";
  if (i % 3 === 0) return "intermediate";
  return "junior";
}

const plusYears = (day: string, years: number) => ymd(addDays(new Date(`${Number(day.slice(0, 4)) + years}${day.slice(4)}T00:00:00Z`), -1));

function insertCohort(tx: Tx, options: SeedBrokersOptions): SeedBrokersResult {
  const now = options.now ?? new Date();
  setStoryClock(now);
  const agencies = tx
    .select()
    .from(organisations)
    .where(eq(organisations.kind, "agency"))
    .orderBy(asc(organisations.id))
    .all()
    .filter((o) => o.verifiedAt !== null);
  if (agencies.length === 0) throw new Error("seedBrokers needs at least one verified transfer agency: seed the organisations first");
  const admin = tx.select().from(users).where(eq(users.role, "admin")).orderBy(asc(users.id)).get() ?? null;
  const takenCertificates = new Set(
    tx
      .select({ no: brokers.certificateNo })
      .from(brokers)
      .all()
      .map((b) => b.no),
  );
  const takenEmails = new Set(
    tx
      .select({ e: users.email })
      .from(users)
      .all()
      .map((u) => u.e),
  );

  // The cohort finished training in March and was certified on 20 April; the certificate runs
  // three years. Run long after that, certificates count as renewed, so the demo keeps brokers.
  let certifiedOn = storyDate("2026-04-20");
  if (plusYears(certifiedOn, 3) < ymd(addDays(now, 180))) certifiedOn = ymd(addDays(now, -180));
  if (certifiedOn > ymd(now)) certifiedOn = ymd(addDays(now, -30));

  const audit = (entity: "user" | "broker", id: number, after: unknown, at: string) =>
    tx
      .insert(auditEvents)
      .values({ action: "seed", entity, entityId: String(id), after, createdAt: at })
      .run();

  const userIds: number[] = [];
  let serial = 100;
  const nextCertificate = () => {
    let no: string;
    do no = `LL-JJR-2026-${String(++serial).padStart(4, "0")}`;
    while (takenCertificates.has(no));
    takenCertificates.add(no);
    return no;
  };

  const total = COHORT_SIZE + 2;
  for (let i = 0; i < total; i++) {
    const r = childRng(SEED, `cohort-broker:${i}`);
    const state: "certified" | "suspended" | "expired" = i === COHORT_SIZE ? "suspended" : i === COHORT_SIZE + 1 ? "expired" : "certified";
    let email = `jjr2026-${String(i + 1).padStart(2, "0")}@lvliang.example`;
    if (state === "expired") email = "jjr2022-17@lvliang.example";
    if (takenEmails.has(email)) continue;
    // Two in three practise with the larger agency, the rest spread over the others.
    const agency = agencies.length === 1 || r.chance(0.6) ? agencies[0]! : agencies[1 + (i % (agencies.length - 1))]!;
    const validFrom = state === "expired" ? ymd(addDays(now, -3 * 365 - 40)) : certifiedOn;
    const validUntil = state === "expired" ? ymd(addDays(now, -41)) : plusYears(validFrom, 3);
    const trained = new Date(`${validFrom}T02:00:00Z`);
    const registered = officeHours(r, addDays(trained, -r.int(20, 35)));
    const name = personName(r);
    const user = tx
      .insert(users)
      .values({
        email,
        name,
        phone: `1${r.pick(["35", "39", "52", "58", "87", "89"])}${String(r.int(0, 99_999_999)).padStart(8, "0")}`,
        passwordHash: options.passwordHash,
        role: "broker",
        orgId: agency.id,
        createdAt: iso(registered),
        updatedAt: iso(registered),
      })
      .returning()
      .get();
    const { passwordHash: _hidden, ...visible } = user;
    audit("user", user.id, visible, user.createdAt);

    const chains = weightedChains(r);
    const chainNames = chains.map((c) => INDUSTRY_CHAINS.find((x) => x.id === c)!.nameZh).join("、");
    const filed = officeHours(r, addDays(trained, -r.int(5, 12)));
    const decided = state === "expired" ? officeHours(r, new Date(`${validFrom}T02:00:00Z`)) : officeHours(r, trained);
    const suspendedAt = state === "suspended" ? officeHours(r, utc(2026, 9, r.int(1, 25))) : null;
    const row = tx
      .insert(brokers)
      .values({
        userId: user.id,
        orgId: agency.id,
        certificateNo: state === "expired" ? `LL-JJR-2022-${String(r.int(300, 399)).padStart(4, "0")}` : nextCertificate(),
        grade: state === "expired" ? "junior" : gradeOf(i),
        validFrom,
        validUntil,
        chains,
        cohort: state === "expired" ? null : COHORT,
        bio: `${r.pick(BACKGROUNDS)}；主攻${chainNames}方向的需求挖掘与成果对接。`,
        status: state === "suspended" ? "suspended" : "certified",
        statusNote: state === "suspended" ? "未按期报送年度执业情况，暂停执业三个月，补报后恢复" : null,
        decidedBy: admin?.id ?? null,
        decidedAt: iso(suspendedAt && suspendedAt < now ? suspendedAt : decided),
        createdAt: iso(filed),
        updatedAt: iso(suspendedAt && suspendedAt < now ? suspendedAt : decided),
      })
      .returning()
      .get();
    audit("broker", row.id, row, row.createdAt);
    userIds.push(user.id);
  }
  const today = ymd(now);
  const rows = userIds.map((id) => tx.select().from(brokers).where(eq(brokers.userId, id)).get()!);
  return {
    userIds,
    certified: rows.filter((b) => b.status === "certified" && b.validUntil >= today).length,
    suspended: rows.filter((b) => b.status === "suspended").length,
    expired: rows.filter((b) => b.status === "certified" && b.validUntil < today).length,
  };
}

/**
 * Seeds the cohort: 50 certified brokers (users with role "broker") under the verified
 * transfer agencies, one suspended and one expired. Needs the organisations and an admin
 * already in place. Runs inside the caller's transaction when given one; accounts already
 * present (by e-mail) are left alone, so it is safe to run twice.
 */
export function seedBrokers(db: Db | Tx, options: SeedBrokersOptions): SeedBrokersResult {
  if ("$client" in db) return writeTx(db as Db, (tx) => insertCohort(tx, options));
  return insertCohort(db, options);
}
