import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { contracts, scenarios } from "../../db/schema";
import { createScenario, getScenarioForEdit, updateScenario } from "../../app/services/scenarios/drafting.server";
import { recordScenarioOutcome } from "../../app/services/scenarios/outcome.server";
import { getScenarioForViewer, scenarioListProgress } from "../../app/services/scenarios/views.server";
import { transitionScenario } from "../../app/services/scenarios/workflow.server";
import { browseScenarios } from "../../app/services/scenarios/browse.server";
import { scenarioBrowseSchema } from "../../app/schemas/scenarios";
import { getSearch } from "../../app/services/search.server";
import { makeOrg, makeUser, useAppDb } from "../helpers/app";
import { auditActions, inbox } from "./deals-fixtures";
import { makeScenarioWorld, scenarioInput, type ScenarioWorld } from "./scenarios-fixtures";

let db: Db;
let cleanup: () => void;
let w: ScenarioWorld;
beforeEach(async () => {
  ({ db, cleanup } = useAppDb());
  w = await makeScenarioWorld(db);
});
afterEach(() => cleanup());

const row = (id: number) => db.select().from(scenarios).where(eq(scenarios.id, id)).get()!;

describe("a scenario's lifecycle", () => {
  it("draft → submitted → published puts it on the Beijing year of publication's list, audited and notified", () => {
    const s = row(w.scenarios.published);
    expect(s.status).toBe("published");
    expect(s.subsidyCapFen).toBe(300_000_000);
    // 2026-12-31T17:00Z is already 2027 in Beijing.
    const late = new Date("2026-12-31T17:00:00Z");
    expect(transitionScenario(db, w.admin.actor, w.scenarios.submitted, { intent: "approve" }, { now: late })).toEqual({ ok: true });
    expect(row(w.scenarios.submitted).listYear).toBe(2027);
    expect(row(w.scenarios.published).listYear).toBe(2026);
    expect(auditActions(db, "scenario", w.scenarios.published)).toEqual(["create", "submit", "approve"]);
    expect(inbox(db, w.enterprise).map((n) => n.kind)).toContain("listing_approved");
  });

  it("the Bureau returns a submitted scenario with its reason; the owner edits it, it goes back to draft and is submitted again", () => {
    expect(transitionScenario(db, w.admin.actor, w.scenarios.submitted, { intent: "return", reason: "补贴上限超出政策规定" })).toEqual({ ok: true });
    expect(row(w.scenarios.submitted)).toMatchObject({ status: "returned", reviewNote: "补贴上限超出政策规定" });
    const note = inbox(db, w.enterprise).find((n) => n.kind === "listing_returned");
    expect(note?.params).toMatchObject({ reason: "补贴上限超出政策规定" });
    expect(updateScenario(db, w.enterprise.actor, w.scenarios.submitted, scenarioInput({ subsidyCapWan: 200_000_000 }))).toEqual({
      ok: true,
      id: w.scenarios.submitted,
    });
    expect(row(w.scenarios.submitted)).toMatchObject({ status: "draft", subsidyCapFen: 200_000_000 });
    expect(transitionScenario(db, w.enterprise.actor, w.scenarios.submitted, { intent: "submit" })).toEqual({ ok: true });
  });

  it("refuses steps out of order and by the wrong people, each refusal audited", () => {
    expect(transitionScenario(db, w.enterprise.actor, w.scenarios.draft, { intent: "approve" })).toEqual({ ok: false, error: "conflict" });
    expect(transitionScenario(db, w.admin.actor, w.scenarios.draft, { intent: "approve" })).toEqual({ ok: false, error: "conflict" });
    expect(transitionScenario(db, w.otherEnterprise.actor, w.scenarios.published, { intent: "close" })).toEqual({ ok: false, error: "forbidden" });
    expect(transitionScenario(db, w.otherEnterprise.actor, w.scenarios.draft, { intent: "submit" })).toEqual({ ok: false, error: "not_found" });
    expect(updateScenario(db, w.enterprise.actor, w.scenarios.published, scenarioInput())).toEqual({ ok: false, error: "conflict" });
    expect(auditActions(db, "scenario", w.scenarios.draft)).toContain("denied:approve");
    expect(auditActions(db, "scenario", w.scenarios.published)).toContain("denied:update");
  });

  it("an unverified organisation may draft but not submit; an institute may not post at all", async () => {
    const org = makeOrg(db, "enterprise", { verified: false, name: "方山县新建煤业" });
    const member = await makeUser(db, "enterprise", org.id);
    const draft = createScenario(db, member.actor, scenarioInput());
    expect(draft.ok).toBe(true);
    if (!draft.ok) return;
    expect(transitionScenario(db, member.actor, draft.id, { intent: "submit" })).toEqual({ ok: false, error: "unverified" });
    expect(createScenario(db, w.institute.actor, scenarioInput())).toEqual({ ok: false, error: "forbidden" });
  });

  it("checks the chain, field and county against the vocabularies", () => {
    const bad = createScenario(db, w.enterprise.actor, scenarioInput({ industryChainId: "no-such-chain", countyCode: "999999" }));
    expect(bad).toEqual({ ok: false, fieldErrors: { industryChainId: ["v.choose"], countyCode: ["v.choose"] } });
  });

  it("the Bureau posts one of the city's own sites, and the owner or the Bureau closes a published one", () => {
    const own = createScenario(db, w.admin.actor, scenarioInput({ title: "吕梁市城市生命线安全监测场景", kind: "life" }));
    expect(own.ok).toBe(true);
    expect(transitionScenario(db, w.enterprise.actor, w.scenarios.published, { intent: "close" })).toEqual({ ok: true });
    expect(row(w.scenarios.published).status).toBe("closed");
    expect(row(w.scenarios.published).closedAt).not.toBeNull();
  });
});

describe("the outcome", () => {
  it("the owner records a pilot, its result and a follow-on contract of his own organisation; the owners hear of it", () => {
    const id = w.scenarios.published;
    expect(recordScenarioOutcome(db, w.enterprise.actor, id, { outcome: "pilot_started", pilotStartedOn: "2026-06-01" })).toEqual({ ok: true });
    expect(row(id)).toMatchObject({ outcome: "pilot_started", pilotStartedOn: "2026-06-01" });
    expect(recordScenarioOutcome(db, w.enterprise.actor, id, { outcome: "pilot_done", pilotResult: "氢气纯度稳定在 99.999%" })).toEqual({ ok: true });
    const foreign = db.insert(contracts).values(contractRow(w.otherEnterprise.user.orgId)).returning({ id: contracts.id }).get();
    expect(recordScenarioOutcome(db, w.enterprise.actor, id, { outcome: "contract_signed", followOnContractId: foreign.id })).toEqual({
      ok: false,
      fieldErrors: { followOnContractId: ["v.scenario.contractNotOwn"] },
    });
    const own = db.insert(contracts).values(contractRow(w.enterprise.user.orgId)).returning({ id: contracts.id }).get();
    expect(recordScenarioOutcome(db, w.enterprise.actor, id, { outcome: "contract_signed", followOnContractId: own.id })).toEqual({ ok: true });
    expect(row(id)).toMatchObject({
      outcome: "contract_signed",
      pilotStartedOn: "2026-06-01",
      pilotResult: "氢气纯度稳定在 99.999%",
      followOnContractId: own.id,
    });
    expect(auditActions(db, "scenario", id).filter((a) => a === "outcome")).toHaveLength(3);
  });

  it("nobody else records it, and not before publication", () => {
    const input = { outcome: "pilot_started" as const, pilotStartedOn: "2026-06-01" };
    expect(recordScenarioOutcome(db, w.otherEnterprise.actor, w.scenarios.published, input)).toEqual({ ok: false, error: "forbidden" });
    expect(recordScenarioOutcome(db, w.broker.actor, w.scenarios.published, input)).toEqual({ ok: false, error: "forbidden" });
    expect(recordScenarioOutcome(db, w.admin.actor, w.scenarios.published, input)).toEqual({ ok: false, error: "forbidden" });
    expect(recordScenarioOutcome(db, w.enterprise.actor, w.scenarios.draft, input)).toEqual({ ok: false, error: "conflict" });
    expect(auditActions(db, "scenario", w.scenarios.published)).toContain("denied:outcome");
  });
});

describe("who sees what", () => {
  it("visitors and other members see a published scenario without its contacts; drafts exist only for owners and the Bureau", () => {
    for (const viewer of [null, w.otherEnterprise.actor, w.institute.actor, w.broker.actor]) {
      const v = getScenarioForViewer(db, viewer, w.scenarios.published)!;
      expect(v.scenario.title).toBe("焦炉煤气制氢加氢一体化示范场景");
      expect(v.scenario.contactPhone).toBeNull();
      expect(v.scenario.contactName).toBeNull();
      expect(getScenarioForViewer(db, viewer, w.scenarios.draft)).toBeNull();
    }
    for (const viewer of [w.enterprise.actor, w.admin.actor]) {
      expect(getScenarioForViewer(db, viewer, w.scenarios.published)!.scenario.contactPhone).toBe("13912345678");
      expect(getScenarioForViewer(db, viewer, w.scenarios.draft)).not.toBeNull();
    }
    expect(getScenarioForEdit(db, w.enterprise.actor, w.scenarios.draft).ok).toBe(true);
    expect(getScenarioForEdit(db, w.otherEnterprise.actor, w.scenarios.draft)).toEqual({ ok: false, error: "not_found" });
    expect(getScenarioForEdit(db, w.admin.actor, w.scenarios.draft)).toEqual({ ok: false, error: "forbidden" });
  });
});

describe("the year's list", () => {
  it("counts the list against the Bureau's target, or 50 when none is set", () => {
    expect(scenarioListProgress(db, 2026)).toEqual({ year: 2026, done: 1, target: 50, targetSet: true });
    expect(scenarioListProgress(db, 2031)).toEqual({ year: 2031, done: 0, target: 50, targetSet: false });
  });

  it("searches it in Chinese and English, filters by facets and open period", async () => {
    const now = new Date("2026-06-01T04:00:00Z");
    const other = createScenario(
      db,
      w.enterprise.actor,
      scenarioInput({
        title: "孝义市铝工业园赤泥堆场综合利用场景",
        industryChainId: "solid-waste",
        kind: "work",
        grade: "focused",
        subsidyCapWan: 80_000_000,
        opensOn: "2026-09-01",
        countyCode: "141181",
        site: "孝义市铝工业园赤泥堆场",
        description: "氧化铝生产每年排放赤泥约 300 万吨，堆存占地大、碱性强，存在渗滤和扬尘风险。",
        techWanted: "赤泥脱碱与建材化利用技术，年消纳赤泥 50 万吨。",
        conditions: "提供堆场试验区 50 亩、赤泥样品与成分数据，试验期 18 个月。",
      }),
    );
    if (!other.ok) throw new Error("fixture");
    transitionScenario(db, w.enterprise.actor, other.id, { intent: "submit" });
    transitionScenario(db, w.admin.actor, other.id, { intent: "approve" }, { now });
    await getSearch().relay.drain();
    const browse = (query: Record<string, string | string[]>) =>
      browseScenarios(db, getSearch(), scenarioBrowseSchema.parse({ year: "2026", ...query }), "zh-CN", now);
    expect((await browse({})).total).toBe(2);
    expect((await browse({ q: "赤泥" })).items.map((i) => i.id)).toEqual([other.id]);
    expect((await browse({ q: "Jiaocheng" })).items.map((i) => i.id)).toEqual([w.scenarios.published]);
    expect((await browse({ q: "Xiaoyi" })).items.map((i) => i.id)).toEqual([other.id]);
    expect((await browse({ open: "1" })).items.map((i) => i.id)).toEqual([w.scenarios.published]);
    expect((await browse({ grade: "focused" })).items.map((i) => i.id)).toEqual([other.id]);
    expect((await browse({ subsidyBand: "200w-1000w" })).items.map((i) => i.id)).toEqual([w.scenarios.published]);
    const facets = (await browse({ grade: "focused" })).facets;
    // A facet counts over the other filters: both grades stay offered while one is chosen.
    expect(facets.grade.map((f) => f.value).sort()).toEqual(["focused", "major"]);
    expect(facets.kind).toEqual([{ value: "work", count: 1, label: null }]);
  });
});

function contractRow(buyerOrgId: number) {
  return {
    createdBy: w.enterprise.user.id,
    title: "焦炉煤气提氢技术开发合同",
    type: "DEV" as const,
    subType: "commissioned",
    buyerName: "买方",
    buyerCreditCode: "91141181MA0XXXXXX0",
    buyerDivision: "141181",
    buyerOrgId,
    sellerName: "卖方",
    sellerCreditCode: "12141100MA0YYYYYY0",
    sellerDivision: "141102",
    contractValueFen: 100_000_000,
    techValueFen: 100_000_000,
    signedOn: "2026-07-01",
    termStart: "2026-07-01",
    termEnd: "2027-06-30",
    paymentMode: "lump_sum_once" as const,
    milestones: [],
    contractFieldCode: "C07",
    ipTypes: [],
  };
}
