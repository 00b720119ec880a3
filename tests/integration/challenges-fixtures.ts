import type { Db } from "../../db/connection";
import type { ChallengeApplicationInput, ChallengeInput } from "../../app/schemas/challenges";
import { applyToChallenge, createChallenge, reviewChallenge, submitChallenge } from "../../app/services/challenges/index.server";
import { makeOrg, makeUser, type TestUser } from "../helpers/app";
import { makeWorld, type World } from "../helpers/world";

/** The clock the tests run on: the window opens on 2030-03-01 and ends with 2030-03-31 (Beijing). */
export const OPENS_ON = "2030-03-01";
export const CLOSES_ON = "2030-03-31";
export const BEFORE = new Date("2030-02-20T02:00:00Z");
export const DURING = new Date("2030-03-10T02:00:00Z");
export const AFTER = new Date("2030-04-02T02:00:00Z");

export function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`fixture step failed: ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: true }>;
}

export function challengeInput(overrides: Partial<ChallengeInput> = {}): ChallengeInput {
  return {
    title: "赤泥高值化利用关键技术攻关",
    problem: "氧化铝生产每年产生赤泥约 300 万吨，堆存占地大、碱性强，亟需规模化、低成本的综合利用技术。",
    indicators: "赤泥综合利用率 ≥ 60%；产品符合建材国家标准；吨处理成本 ≤ 120 元。",
    industryChainId: "solid-waste",
    techFieldCode: "602",
    countyCode: "141122",
    rewardWan: 5_000_000_00,
    payout: "by_milestones",
    mode: "single",
    teams: 1,
    opensOn: OPENS_ON,
    closesOn: CLOSES_ON,
    deliverBy: "2031-06-30",
    qualifications: "具有独立法人资格的高校院所或企业，近三年有相关研发业绩。",
    criteria: [
      { name: "技术先进性", weight: 40 },
      { name: "实施方案", weight: 30 },
      { name: "团队能力", weight: 30 },
    ],
    acceptance: "由发榜方组织专家现场验收，第三方检测报告为准。",
    contactName: "张工",
    contactPhone: "13800001111",
    contactEmail: "zhang@example.com",
    ...overrides,
  };
}

export function applicationInput(overrides: Partial<ChallengeApplicationInput> = {}): ChallengeApplicationInput {
  return {
    proposal: "采用赤泥脱碱—磁选提铁—尾渣制备胶凝材料的集成工艺，已完成百吨级中试，拟在交城建设示范线。",
    team: "负责人：李教授（冶金工程）；成员 8 人，含高级职称 4 人。",
    budgetWan: 3_000_000_00,
    ...overrides,
  };
}

export interface ChallengeWorld extends World {
  panelist: TestUser;
  thirdInstitute: TestUser;
}

export async function makeChallengeWorld(db: Db): Promise<ChallengeWorld> {
  const w = await makeWorld(db);
  const expertOrg = makeOrg(db, "institute", { name: "中北大学" });
  const thirdOrg = makeOrg(db, "institute", { name: "吕梁学院" });
  return { ...w, panelist: await makeUser(db, "institute", expertOrg.id), thirdInstitute: await makeUser(db, "institute", thirdOrg.id) };
}

/** A challenge posted by the world's enterprise, reviewed and published before its window. */
export function publishedChallenge(db: Db, w: World, overrides: Partial<ChallengeInput> = {}): number {
  const id = ok(createChallenge(db, w.enterprise.actor, challengeInput(overrides), null, BEFORE)).id;
  ok(submitChallenge(db, w.enterprise.actor, id, null, BEFORE));
  ok(reviewChallenge(db, w.admin.actor, id, { decision: "approve" }, null, BEFORE));
  return id;
}

export function apply(db: Db, who: TestUser, challengeId: number, now = DURING): number {
  return ok(applyToChallenge(db, who.actor, challengeId, applicationInput(), [], null, now)).applicationId;
}
