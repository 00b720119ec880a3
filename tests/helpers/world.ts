import type { Db } from "../../db/connection";
import { createAchievement } from "../../app/services/achievements.server";
import { transitionListing } from "../../app/services/listings.server";
import { createNeed } from "../../app/services/needs.server";
import type { AchievementInput, NeedInput } from "../../app/schemas/listings";
import { makeOrg, makeUser, type TestUser } from "./app";

export function needInput(overrides: Partial<NeedInput> = {}): NeedInput {
  return {
    title: "焦炉煤气制氢提纯工艺优化",
    description: "现有焦炉煤气变压吸附制氢装置氢气纯度 99.9%，希望提升到 99.999% 以满足燃料电池用氢标准，同时降低能耗 15%。",
    industryChainId: "hydrogen",
    techFieldCode: "602",
    budgetMinWan: 1_000_000_00,
    budgetMaxWan: 3_000_000_00,
    cooperationModes: ["joint_dev", "commissioned_dev"],
    expectedTrl: 7,
    deadline: "2099-12-31",
    countyCode: "141122",
    contactName: "王工",
    contactPhone: "13812345678",
    contactEmail: "wang@example.com",
    ...overrides,
  };
}

export function achievementInput(overrides: Partial<AchievementInput> = {}): AchievementInput {
  return {
    title: "高纯氢低能耗变压吸附提纯技术",
    summary: "采用新型复合吸附剂与十塔变压吸附流程，可将焦炉煤气中的氢气提纯至 99.999%，单位能耗比常规工艺低 18%，已完成千方级中试。",
    keywords: ["变压吸附", "氢气提纯", "焦炉煤气"],
    industryChainId: "hydrogen",
    techFieldCode: "602",
    trl: 7,
    ipType: "invention_patent",
    patentNumbers: ["ZL202310123456.7"],
    transferModes: ["licence", "joint_dev"],
    priceWan: 2_000_000_00,
    owners: "太原理工大学氢能团队",
    countyCode: "141102",
    contactName: "李老师",
    contactPhone: "0351-6010000",
    contactEmail: "li@example.edu.cn",
    ...overrides,
  };
}

export interface World {
  enterprise: TestUser;
  otherEnterprise: TestUser;
  institute: TestUser;
  otherInstitute: TestUser;
  broker: TestUser;
  admin: TestUser;
  needs: { draft: number; submitted: number; published: number };
  achievements: { draft: number; submitted: number; published: number };
}

function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`fixture step failed: ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: true }>;
}

/** Two enterprises, two institutes, an agency with a broker and the Bureau, with listings in each state. */
export async function makeWorld(db: Db): Promise<World> {
  const entA = makeOrg(db, "enterprise", { name: "交城氢能科技有限公司" });
  const entB = makeOrg(db, "enterprise", { name: "孝义焦化集团" });
  const instA = makeOrg(db, "institute", { name: "太原理工大学吕梁产业研究院" });
  const instB = makeOrg(db, "institute", { name: "山西大学吕梁研究院" });
  const agency = makeOrg(db, "agency", { name: "吕梁技术转移中心" });
  const bureau = makeOrg(db, "government", { name: "吕梁市科学技术局" });
  const w = {
    enterprise: await makeUser(db, "enterprise", entA.id),
    otherEnterprise: await makeUser(db, "enterprise", entB.id),
    institute: await makeUser(db, "institute", instA.id),
    otherInstitute: await makeUser(db, "institute", instB.id),
    broker: await makeUser(db, "broker", agency.id),
    admin: await makeUser(db, "admin", bureau.id),
  };
  const need = (title: string) => ok(createNeed(db, w.enterprise.actor, needInput({ title }))).id;
  const ach = (title: string) => ok(createAchievement(db, w.institute.actor, achievementInput({ title }))).id;
  const needs = { draft: need("草稿需求：赤泥提铁"), submitted: need("待审需求：煤矸石制砖"), published: need("已发布需求：焦炉煤气制氢") };
  const achievements = { draft: ach("草稿成果：镁合金压铸"), submitted: ach("待审成果：针状焦制备"), published: ach("已发布成果：变压吸附提氢") };
  for (const [kind, ids, owner] of [
    ["need", needs, w.enterprise],
    ["achievement", achievements, w.institute],
  ] as const) {
    ok(transitionListing(db, kind, owner.actor, ids.submitted, "submit"));
    ok(transitionListing(db, kind, owner.actor, ids.published, "submit"));
    ok(transitionListing(db, kind, w.admin.actor, ids.published, "approve"));
  }
  return { ...w, needs, achievements };
}
