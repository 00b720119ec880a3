import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/connection";
import * as apiRoute from "../../app/routes/api.v1.indicators";
import * as dashboard from "../../app/routes/admin.indicators";
import { todayInShanghai } from "../../app/i18n";
import { createScenario } from "../../app/services/scenarios/drafting.server";
import { transitionScenario } from "../../app/services/scenarios/workflow.server";
import { savePolicyTarget } from "../../app/services/policy-targets.server";
import { targetProgress } from "../../app/services/target-progress.server";
import { req, useAppDb } from "../helpers/app";
import { makeScenarioWorld, scenarioInput, type ScenarioWorld } from "./scenarios-fixtures";

let db: Db;
let cleanup: () => void;
let w: ScenarioWorld;

/** A date `days` from today (Beijing), so the open periods hold whatever day the test runs. */
const fromToday = (days: number) => todayInShanghai(new Date(Date.now() + days * 86_400_000));

beforeEach(async () => {
  ({ db, cleanup } = useAppDb());
  w = await makeScenarioWorld(db);
  const on2026 = new Date("2026-04-01T04:00:00Z");
  const on2025 = new Date("2025-04-01T04:00:00Z");
  const post = (title: string, opensOn: string, closesOn: string, steps: ("approve" | "close" | "withdraw" | "submit")[], when: Date) => {
    const made = createScenario(db, w.enterprise.actor, scenarioInput({ title, opensOn, closesOn }));
    if (!made.ok) throw new Error("fixture");
    transitionScenario(db, w.enterprise.actor, made.id, { intent: "submit" }, { now: when });
    for (const step of steps) transitionScenario(db, step === "approve" ? w.admin.actor : w.enterprise.actor, made.id, { intent: step }, { now: when });
  };
  post("开放中的场景一", fromToday(-30), fromToday(30), ["approve"], on2026);
  post("开放中的场景二", fromToday(0), fromToday(0), ["approve"], on2026);
  post("已过开放期的场景", fromToday(-90), fromToday(-1), ["approve"], on2026);
  post("尚未开放的场景", fromToday(5), fromToday(60), ["approve"], on2026);
  post("已关闭的场景", fromToday(-30), fromToday(30), ["approve", "close"], on2026);
  post("已撤回的场景", fromToday(-30), fromToday(30), ["approve", "withdraw"], on2026);
  post("去年清单的场景", fromToday(-30), fromToday(30), ["approve"], on2025);
  post("待审的场景", fromToday(-30), fromToday(30), [], on2026);
});
afterEach(() => cleanup());

/** The same figures counted straight from the table, independently of the services. */
function counted(year: number) {
  const one = (sql: string, ...p: unknown[]) =>
    db.$client
      .prepare(sql)
      .pluck()
      .get(...p) as number;
  const today = todayInShanghai();
  return {
    scenarios: one("SELECT count(*) FROM scenarios WHERE list_year = ? AND status IN ('published', 'closed')", year),
    openScenarios: one("SELECT count(*) FROM scenarios WHERE status = 'published' AND ? BETWEEN opens_on AND closes_on", today),
  };
}

async function api(year: number) {
  const res = await apiRoute.loader({ request: req(`/api/v1/indicators?year=${year}`), params: {}, context: { cspNonce: "" } });
  expect(res.status).toBe(200);
  return (await res.json()) as { scenarios: number; openScenarios: number; scenarioTarget: number };
}

describe("the scenario figures", () => {
  it("the API's scenarios and openScenarios equal an independent count of the table, with the year's target", async () => {
    const figures = await api(2026);
    expect(figures).toMatchObject({ ...counted(2026), scenarioTarget: 50 });
    // The world's published scenario, the four published here and the closed one; not the withdrawn, the pending or last year's.
    expect(figures.scenarios).toBe(6);
    // The world's (open 2026-03-01..12-31 only if today falls in it), the two open here and last year's still-open one.
    expect(figures.openScenarios).toBe(counted(2026).openScenarios);
    expect(figures.openScenarios).toBeGreaterThanOrEqual(3);
    expect(await api(2025)).toMatchObject({ ...counted(2025), scenarios: 1 });
  });

  it("the target is policy data: the Bureau's own when set, and the dashboard shows the same figures", async () => {
    const saved = savePolicyTarget(db, w.admin.actor, {
      indicator: "scenarios",
      year: 2026,
      value: 60,
      unit: "个",
      source: "吕梁市重点场景开放清单（2026年）",
      deadline: null,
    });
    expect(saved.ok).toBe(true);
    expect((await api(2026)).scenarioTarget).toBe(60);
    const res = await dashboard.loader({ request: req("/admin/indicators?year=2026", { cookie: w.admin.cookie }), params: {}, context: { cspNonce: "" } });
    const data = (await res.json()) as { scenarioFigures: { scenarios: number; openScenarios: number; scenarioTarget: number } };
    expect(data.scenarioFigures).toEqual({ year: 2026, ...counted(2026), scenarioTarget: 60 });
    const card = targetProgress(db, 2026).find((p) => p.indicator === "scenarios")!;
    expect(card.current).toBe(counted(2026).scenarios);
    expect(card.target?.value).toBe(60);
  });
});
