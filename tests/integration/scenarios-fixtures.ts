import type { Db } from "../../db/connection";
import type { ScenarioInput } from "../../app/schemas/scenarios";
import { createScenario } from "../../app/services/scenarios/drafting.server";
import { transitionScenario } from "../../app/services/scenarios/workflow.server";
import { getSearch } from "../../app/services/search.server";
import { makeWorld, type World } from "../helpers/world";

export function scenarioInput(overrides: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    title: "交城经济开发区焦炉煤气制氢加氢一体化示范场景",
    description: "园区焦化企业每年副产焦炉煤气约 12 亿立方米，目前大部分用于回炉燃烧，氢气提纯能力不足，加氢站氢源纯度不稳定。",
    techWanted: "焦炉煤气变压吸附提纯氢气至 99.999%，单位能耗降低 15% 以上，满足燃料电池汽车用氢标准。",
    resources: ["site", "data", "pilot"],
    conditions: "提供 2000 平方米中试场地、焦炉煤气气源与运行数据，中试期 12 个月，成功后优先采购。",
    site: "交城县经济开发区某焦化厂",
    countyCode: "141122",
    industryChainId: "hydrogen",
    techFieldCode: "602",
    kind: "production",
    grade: "major",
    subsidyCapWan: 300_000_000,
    investmentWan: 2_000_000_000,
    opensOn: "2026-03-01",
    closesOn: "2026-12-31",
    contactName: "赵主任",
    contactPhone: "13912345678",
    contactEmail: "zhao@example.com",
    ...overrides,
  };
}

function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`fixture step failed: ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: true }>;
}

export interface ScenarioWorld extends World {
  scenarios: { draft: number; submitted: number; published: number };
  /** When the published scenario went on the list: Beijing 2026-05-10. */
  publishedAt: Date;
}

/** The world, with the enterprise's scenarios drafted, submitted and published (on 2026's list). */
export async function makeScenarioWorld(db: Db): Promise<ScenarioWorld> {
  const world = await makeWorld(db);
  const at = new Date("2026-05-10T02:00:00Z");
  const make = (title: string) => ok(createScenario(db, world.enterprise.actor, scenarioInput({ title }), null, at)).id;
  const scenarios = { draft: make("草稿场景：赤泥堆场生态修复"), submitted: make("待审场景：智慧矿山巡检"), published: make("焦炉煤气制氢加氢一体化示范场景") };
  ok(transitionScenario(db, world.enterprise.actor, scenarios.submitted, { intent: "submit" }, { now: at }));
  ok(transitionScenario(db, world.enterprise.actor, scenarios.published, { intent: "submit" }, { now: at }));
  ok(transitionScenario(db, world.admin.actor, scenarios.published, { intent: "approve" }, { now: at }));
  await getSearch().relay.drain();
  return { ...world, scenarios, publishedAt: at };
}
