// Listings written the way the app's services write them: the row and its outbox entry in
// one write transaction. Search tests build their worlds from these.

import { eq } from "drizzle-orm";
import { creditCodeCheckChar } from "../../db/credit-code";
import { writeTx, type Db } from "../../db/connection";
import { achievements, matchDismissals, needs, organisations, users, type NewAchievement, type NewNeed } from "../../db/schema";
import { enqueueSearchSync } from "../../search/outbox";

export interface World {
  instituteOrg: number;
  enterpriseOrg: number;
  instituteUser: number;
  enterpriseUser: number;
}

let codeSeq = 0;
function creditCode(): string {
  const first17 = `91141100MA0T${String(++codeSeq).padStart(5, "0")}`;
  return first17 + creditCodeCheckChar(first17);
}

export function createWorld(db: Db): World {
  return writeTx(db, (tx) => {
    const inst = tx
      .insert(organisations)
      .values({ name: "太原理工大学", kind: "institute", creditCode: creditCode(), countyCode: "141102" })
      .returning({ id: organisations.id })
      .get();
    const ent = tx
      .insert(organisations)
      .values({ name: "吕梁某某煤化有限公司", kind: "enterprise", creditCode: creditCode(), countyCode: "141181" })
      .returning({ id: organisations.id })
      .get();
    const iu = tx
      .insert(users)
      .values({ email: `inst${codeSeq}@example.invalid`, name: "李老师", passwordHash: "!", role: "institute", orgId: inst.id })
      .returning({ id: users.id })
      .get();
    const eu = tx
      .insert(users)
      .values({ email: `ent${codeSeq}@example.invalid`, name: "王经理", passwordHash: "!", role: "enterprise", orgId: ent.id })
      .returning({ id: users.id })
      .get();
    return { instituteOrg: inst.id, enterpriseOrg: ent.id, instituteUser: iu.id, enterpriseUser: eu.id };
  });
}

export const NOW = new Date("2026-03-01T00:00:00.000Z");
const PUBLISHED = "2026-02-01T00:00:00.000Z";

export type AchievementInput = Partial<Omit<NewAchievement, "orgId" | "createdBy">> & { title: string };
export type NeedInput = Partial<Omit<NewNeed, "orgId" | "createdBy">> & { title: string };

export function achievementValues(world: World, input: AchievementInput): NewAchievement {
  return {
    orgId: world.instituteOrg,
    createdBy: world.instituteUser,
    summary: input.summary ?? input.title,
    keywords: [],
    industryChainId: "hydrogen",
    techFieldCode: "602",
    trl: 5,
    ipType: "invention_patent",
    patentNumbers: [],
    transferModes: ["transfer"],
    priceFen: null,
    owners: "课题组",
    countyCode: "141102",
    contactName: "张三",
    contactPhone: "13800000000",
    contactEmail: "zhangsan@example.invalid",
    status: "published",
    publishedAt: PUBLISHED,
    confirmedAt: PUBLISHED,
    ...input,
  };
}

export function needValues(world: World, input: NeedInput): NewNeed {
  return {
    orgId: world.enterpriseOrg,
    createdBy: world.enterpriseUser,
    description: input.description ?? input.title,
    industryChainId: "hydrogen",
    techFieldCode: "602",
    budgetMinFen: null,
    budgetMaxFen: null,
    cooperationModes: ["transfer"],
    expectedTrl: 5,
    deadline: "2026-12-31",
    countyCode: "141181",
    contactName: "王经理",
    contactPhone: "13900000000",
    status: "published",
    listYear: 2026,
    publishedAt: PUBLISHED,
    confirmedAt: PUBLISHED,
    ...input,
  };
}

/** Inserts achievements with their outbox rows in one transaction; returns their ids. */
export function addAchievements(db: Db, world: World, inputs: AchievementInput[]): number[] {
  return writeTx(db, (tx) =>
    inputs.map((input) => {
      const row = tx.insert(achievements).values(achievementValues(world, input)).returning({ id: achievements.id }).get();
      enqueueSearchSync(tx, "achievement", row.id, "upsert");
      return row.id;
    }),
  );
}

export function addNeeds(db: Db, world: World, inputs: NeedInput[]): number[] {
  return writeTx(db, (tx) =>
    inputs.map((input) => {
      const row = tx.insert(needs).values(needValues(world, input)).returning({ id: needs.id }).get();
      enqueueSearchSync(tx, "need", row.id, "upsert");
      return row.id;
    }),
  );
}

let clock = 0;
/** A strictly increasing updated_at, so every edit is a new version for reconciliation. */
function nextUpdatedAt(): string {
  return new Date(Date.UTC(2026, 2, 1) + ++clock * 1000).toISOString();
}

export function updateAchievement(db: Db, id: number, set: Partial<NewAchievement>): void {
  writeTx(db, (tx) => {
    tx.update(achievements)
      .set({ ...set, updatedAt: nextUpdatedAt() })
      .where(eq(achievements.id, id))
      .run();
    enqueueSearchSync(tx, "achievement", id, "upsert");
  });
}

export function updateNeed(db: Db, id: number, set: Partial<NewNeed>): void {
  writeTx(db, (tx) => {
    tx.update(needs)
      .set({ ...set, updatedAt: nextUpdatedAt() })
      .where(eq(needs.id, id))
      .run();
    enqueueSearchSync(tx, "need", id, "upsert");
  });
}

export function dismiss(db: Db, world: World, needId: number, achievementId: number): void {
  writeTx(db, (tx) => {
    tx.insert(matchDismissals).values({ needId, achievementId, reason: "not_relevant", dismissedBy: world.enterpriseUser }).run();
  });
}
