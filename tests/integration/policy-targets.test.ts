import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/connection";
import { auditEvents, policyTargets } from "../../db/schema";
import { action, loader } from "../../app/routes/admin.targets";
import { officialIndicator } from "../../app/services/official-indicator.server";
import { policyTargetHistory, removePolicyTarget, savePolicyTarget } from "../../app/services/policy-targets.server";
import { targetProgress } from "../../app/services/target-progress.server";
import { savePolicyTargetSchema } from "../../app/schemas/policy-targets";
import { req, statusOf, useAppDb } from "../helpers/app";
import { makeWorld, type World } from "../helpers/world";

// Policy targets: added, changed and removed by the Bureau alone, each change audited with
// before and after, shown as the target's history, and read at once by every figure.

let db: Db;
let cleanup: () => void;
let w: World;
const YEAR = 2031;

beforeAll(async () => {
  ({ db, cleanup } = useAppDb());
  w = await makeWorld(db);
});
afterAll(() => cleanup());

const post = (cookie: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  statusOf(() => action({ request: req("/admin/targets", { cookie, form, headers }), params: {}, context: { cspNonce: "" } }));

const auditOf = (entityId: string) =>
  db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entity, "policy_target"), eq(auditEvents.entityId, entityId)))
    .all();

describe("the schema", () => {
  it("takes the contract amount in 亿元 or 万元 as fen, and counts as whole numbers with a unit", () => {
    const base = { intent: "save", year: "2030", source: "三年行动方案" };
    expect(savePolicyTargetSchema.parse({ ...base, indicator: "contract_amount_fen", value: "12.5", amountUnit: "yi" })).toMatchObject({
      value: 125_000_000_000,
      unit: "fen",
    });
    expect(savePolicyTargetSchema.parse({ ...base, indicator: "contract_amount_fen", value: "3,000", amountUnit: "wan" })).toMatchObject({
      value: 3_000_000_000,
      unit: "fen",
    });
    expect(savePolicyTargetSchema.parse({ ...base, indicator: "brokers_trained", value: "100", countUnit: "人", deadline: "2030-12-31" })).toMatchObject({
      value: 100,
      unit: "人",
      deadline: "2030-12-31",
    });
    expect(savePolicyTargetSchema.safeParse({ ...base, indicator: "brokers_trained", value: "10.5", countUnit: "人" }).success).toBe(false);
    expect(savePolicyTargetSchema.safeParse({ ...base, indicator: "brokers_trained", value: "10" }).success).toBe(false);
    expect(savePolicyTargetSchema.safeParse({ ...base, indicator: "needs_list", value: "10", countUnit: "项", source: "x".repeat(201) }).success).toBe(false);
    expect(savePolicyTargetSchema.safeParse({ ...base, indicator: "needs_list", value: "10", countUnit: "项", deadline: "2030-13-45" }).success).toBe(false);
    expect(savePolicyTargetSchema.safeParse({ ...base, indicator: "contract_amount_fen", value: "99999999", amountUnit: "yi" }).success).toBe(false);
  });
});

describe("editing targets", () => {
  it("adds, changes and removes a target, each in the audit with before and after, and shows the history", async () => {
    const added = await post(w.admin.cookie, {
      intent: "save",
      indicator: "contract_amount_fen",
      year: String(YEAR),
      value: "20",
      amountUnit: "yi",
      source: "吕梁市科技成果转化三年行动方案",
      deadline: `${YEAR}-12-31`,
    });
    expect(added.status).toBe(302);
    const row = db
      .select()
      .from(policyTargets)
      .where(and(eq(policyTargets.indicator, "contract_amount_fen"), eq(policyTargets.year, YEAR)))
      .get();
    expect(row).toMatchObject({ targetValue: 200_000_000_000, unit: "fen", deadline: `${YEAR}-12-31`, updatedBy: w.admin.user.id });

    const changed = await post(w.admin.cookie, {
      intent: "save",
      indicator: "contract_amount_fen",
      year: String(YEAR),
      value: "250000",
      amountUnit: "wan",
      source: "修订方案",
    });
    expect(changed.status).toBe(302);
    expect(officialIndicator(db, YEAR).targetFen).toBe(250_000_000_000);

    const removed = await post(w.admin.cookie, { intent: "remove", indicator: "contract_amount_fen", year: String(YEAR), reason: "方案调整，目标另行下达" });
    expect(removed.status).toBe(302);
    expect(db.select().from(policyTargets).where(eq(policyTargets.year, YEAR)).all()).toHaveLength(0);

    const events = auditOf(`contract_amount_fen:${YEAR}`);
    expect(events.map((e) => e.action)).toEqual(["create_policy_target", "update_policy_target", "remove_policy_target"]);
    expect(events[1]!.before).toMatchObject({ targetValue: 200_000_000_000, source: "吕梁市科技成果转化三年行动方案" });
    expect(events[1]!.after).toMatchObject({ targetValue: 250_000_000_000, source: "修订方案", deadline: null });
    expect(events.every((e) => e.actorUserId === w.admin.user.id)).toBe(true);

    const history = policyTargetHistory(db)[`contract_amount_fen:${YEAR}`]!;
    expect(history).toHaveLength(3);
    expect(history[2]).toMatchObject({ action: "remove_policy_target", reason: "方案调整，目标另行下达", actorName: w.admin.user.name, after: null });
    expect(history[2]!.before).toMatchObject({ targetValue: 250_000_000_000 });

    const page = await statusOf(() => loader({ request: req("/admin/targets", { cookie: w.admin.cookie }), params: {}, context: { cspNonce: "" } }));
    const data = (await page.response!.json()) as { removedKeys: string[]; history: Record<string, unknown[]> };
    expect(data.removedKeys).toContain(`contract_amount_fen:${YEAR}`);
    expect(data.history[`contract_amount_fen:${YEAR}`]).toHaveLength(3);
  });

  it("a new target shows in targetProgress and officialIndicator at once, after they were read and kept", () => {
    const year = YEAR + 1;
    expect(officialIndicator(db, year).targetFen).toBeNull();
    expect(targetProgress(db, year).find((p) => p.indicator === "brokers_trained")!.target).toBeNull();
    const outcome = savePolicyTarget(db, w.admin.actor, {
      indicator: "brokers_trained",
      year,
      value: 100,
      unit: "人",
      source: "百名技术经纪人培育行动",
      deadline: null,
    });
    expect(outcome.ok).toBe(true);
    savePolicyTarget(db, w.admin.actor, {
      indicator: "contract_amount_fen",
      year,
      value: 5_000_000_000_000,
      unit: "fen",
      source: "方案",
      deadline: `${year}-12-31`,
    });
    expect(targetProgress(db, year).find((p) => p.indicator === "brokers_trained")!.target).toEqual({
      value: 100,
      unit: "人",
      source: "百名技术经纪人培育行动",
      deadline: null,
    });
    expect(officialIndicator(db, year).targetFen).toBe(5_000_000_000_000);
    expect(targetProgress(db, year).find((p) => p.indicator === "contract_amount_fen")!.target!.value).toBe(5_000_000_000_000);
    removePolicyTarget(db, w.admin.actor, { intent: "remove", indicator: "contract_amount_fen", year, reason: "撤回" });
    expect(officialIndicator(db, year).targetFen).toBeNull();
  });

  it("saving the same target again changes nothing and writes no event", () => {
    const year = YEAR + 2;
    const input = { indicator: "needs_list" as const, year, value: 200, unit: "项", source: "方案", deadline: null };
    expect(savePolicyTarget(db, w.admin.actor, input).ok).toBe(true);
    expect(savePolicyTarget(db, w.admin.actor, input)).toEqual({ ok: false, error: "unchanged" });
    expect(auditOf(`needs_list:${year}`)).toHaveLength(1);
  });

  it("refuses everyone but the Bureau, and audits the refusal", async () => {
    for (const who of [w.enterprise, w.broker, w.institute]) {
      const before = db.select().from(auditEvents).where(eq(auditEvents.action, "denied:save_policy_target")).all().length;
      const page = await statusOf(() => loader({ request: req("/admin/targets", { cookie: who.cookie }), params: {}, context: { cspNonce: "" } }));
      expect(page.status).toBe(403);
      const posted = await post(who.cookie, { intent: "save", indicator: "needs_list", year: "2040", value: "5", countUnit: "项", source: "方案" });
      expect(posted.status).toBe(403);
      expect(db.select().from(auditEvents).where(eq(auditEvents.action, "denied:save_policy_target")).all().length).toBe(before + 1);
    }
    expect(savePolicyTarget(db, w.broker.actor, { indicator: "needs_list", year: 2040, value: 5, unit: "项", source: "方案", deadline: null })).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(removePolicyTarget(db, w.enterprise.actor, { intent: "remove", indicator: "needs_list", year: YEAR + 2, reason: "无" })).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(auditOf(`needs_list:${YEAR + 2}`).map((e) => e.action)).toContain("denied:remove_policy_target");
    expect(db.select().from(policyTargets).where(eq(policyTargets.year, 2040)).all()).toHaveLength(0);
    expect(
      auditOf("needs_list:2040")
        .filter((e) => e.action === "denied:save_policy_target")
        .map((e) => e.actorUserId),
    ).toEqual(expect.arrayContaining([w.enterprise.user.id, w.broker.user.id, w.institute.user.id]));
  });

  it("bad input keeps what was typed, with the message in the visitor's language", async () => {
    const form = { intent: "save", indicator: "brokers_trained", year: "2034", value: "十个", countUnit: "人", source: "培育方案" };
    const zh = await post(w.admin.cookie, form);
    expect(zh.status).toBe(400);
    const zhBody = (await zh.response!.json()) as { result: { initialValue: Record<string, string>; error: Record<string, string[]> } };
    expect(zhBody.result.initialValue).toMatchObject({ value: "十个", source: "培育方案", year: "2034" });
    expect(zhBody.result.error.value).toEqual(["请输入大于零的整数，例如 100"]);

    const en = await post(w.admin.cookie, form, { "Accept-Language": "en" });
    const enBody = (await en.response!.json()) as { result: { error: Record<string, string[]> } };
    expect(enBody.result.error.value).toEqual(["Enter a whole number above zero, e.g. 100"]);

    const removal = await post(w.admin.cookie, { intent: "remove", indicator: "needs_list", year: String(YEAR + 2), reason: "" }, { "Accept-Language": "en" });
    expect(removal.status).toBe(400);
    const removalBody = (await removal.response!.json()) as { remove: { key: string; reason: string; errors: string[] } };
    expect(removalBody.remove.key).toBe(`needs_list:${YEAR + 2}`);
    expect(removalBody.remove.errors[0]).toMatch(/[A-Za-z]/);
    expect(db.select().from(policyTargets).where(eq(policyTargets.year, 2034)).all()).toHaveLength(0);
  });
});
