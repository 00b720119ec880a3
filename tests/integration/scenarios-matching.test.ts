import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { matches, scenarioDismissals } from "../../db/schema";
import * as dealPage from "../../app/routes/deals.$id";
import * as myDeals from "../../app/routes/me.deals";
import { brokerPipeline, changeStage, getDealForViewer, listDealsForMember } from "../../app/services/deals.server";
import { getScenarioForViewer } from "../../app/services/scenarios/views.server";
import { dismissScenarioPair, scenarioProposals, takeScenarioIntoDeal } from "../../app/services/scenarios/matching.server";
import { getSearch } from "../../app/services/search.server";
import { req, statusOf, useAppDb } from "../helpers/app";
import { certify, inbox } from "./deals-fixtures";
import { makeScenarioWorld, type ScenarioWorld } from "./scenarios-fixtures";

let db: Db;
let cleanup: () => void;
let w: ScenarioWorld;
beforeEach(async () => {
  ({ db, cleanup } = useAppDb());
  w = await makeScenarioWorld(db);
  certify(db, w.broker);
});
afterEach(() => cleanup());

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: { cspNonce: "" } });

describe("matching a scenario", () => {
  it("proposes achievements with their explanations to owners, brokers and the Bureau, and to nobody else", async () => {
    const s = getSearch();
    const forBroker = await scenarioProposals(db, s, w.broker.actor, w.scenarios.published);
    expect(forBroker?.[0]?.achievementId).toBe(w.achievements.published);
    const top = forBroker![0]!;
    expect(top.score).toBeGreaterThan(0);
    expect(top.explanation.factors.chain.points).toBe(top.explanation.factors.chain.max);
    expect(top.explanation.factors.text.points).toBeGreaterThan(0);
    expect(top.explanation.sharedTerms.length).toBeGreaterThan(0);
    expect(await scenarioProposals(db, s, w.enterprise.actor, w.scenarios.published)).not.toBeNull();
    expect(await scenarioProposals(db, s, w.admin.actor, w.scenarios.published)).not.toBeNull();
    expect(await scenarioProposals(db, s, null, w.scenarios.published)).toBeNull();
    expect(await scenarioProposals(db, s, w.otherEnterprise.actor, w.scenarios.published)).toBeNull();
    expect(await scenarioProposals(db, s, w.broker.actor, w.scenarios.draft)).toBeNull();
  });

  it("a dismissed pair never comes back, and the reason is kept", async () => {
    const s = getSearch();
    const pair = { scenarioId: w.scenarios.published, achievementId: w.achievements.published };
    expect(dismissScenarioPair(db, w.otherEnterprise.actor, { ...pair, reason: "price" })).toEqual({ ok: false, error: "forbidden" });
    expect(dismissScenarioPair(db, w.enterprise.actor, { ...pair, reason: "not_relevant", note: "已有合作方" })).toEqual({ ok: true });
    expect(db.select().from(scenarioDismissals).all()).toMatchObject([{ ...pair, reason: "not_relevant", note: "已有合作方" }]);
    expect((await scenarioProposals(db, s, w.broker.actor, w.scenarios.published))!.map((p) => p.achievementId)).not.toContain(w.achievements.published);
    expect(await takeScenarioIntoDeal(db, s, w.broker.actor, pair)).toEqual({ ok: false, error: "dismissed" });
  });
});

describe("a broker takes a scenario into a deal", () => {
  it("opens it at 'contacted' with the engine's score; the deal room, the lists and the pipeline show the scenario", async () => {
    const s = getSearch();
    const pair = { scenarioId: w.scenarios.published, achievementId: w.achievements.published };
    expect(await takeScenarioIntoDeal(db, s, w.enterprise.actor, pair)).toEqual({ ok: false, error: "forbidden" });
    const taken = await takeScenarioIntoDeal(db, s, w.broker.actor, pair);
    if (!taken.ok) throw new Error(taken.error);
    const match = db.select().from(matches).where(eq(matches.id, taken.matchId)).get()!;
    expect(match).toMatchObject({ needId: null, scenarioId: w.scenarios.published, stage: "contacted", source: "engine", brokerUserId: w.broker.user.id });
    expect(match.score).toBeGreaterThan(0);
    expect(await takeScenarioIntoDeal(db, s, w.broker.actor, pair)).toEqual({ ok: false, error: "conflict" });
    expect(inbox(db, w.enterprise).map((n) => n.kind)).toContain("match_proposed");
    expect(inbox(db, w.institute).map((n) => n.kind)).toContain("match_proposed");

    // The deal room loads for the broker, the scenario's owner (buyer), the seller and the Bureau.
    for (const who of [w.broker, w.enterprise, w.institute, w.admin]) {
      const res = await statusOf(() => dealPage.loader(args(req(`/deals/${taken.matchId}`, { cookie: who.cookie }), { id: String(taken.matchId) })));
      expect(res.status).toBe(200);
      const data = JSON.parse(await res.response!.text()) as { deal: { subject: { kind: string; href: string; title: string } } };
      expect(data.deal.subject).toMatchObject({ kind: "scenario", href: `/scenarios/${w.scenarios.published}`, title: "焦炉煤气制氢加氢一体化示范场景" });
    }
    const outsider = await statusOf(() =>
      dealPage.loader(args(req(`/deals/${taken.matchId}`, { cookie: w.otherEnterprise.cookie }), { id: String(taken.matchId) })),
    );
    expect(outsider.status).toBe(404);
    expect(getDealForViewer(db, w.enterprise.actor, taken.matchId)!.role).toBe("buyer");
    expect(getDealForViewer(db, w.enterprise.actor, taken.matchId)!.buyer.contact.phone).toBe("13912345678");

    // Now he works on it, the broker sees the scenario's contacts.
    expect(getScenarioForViewer(db, w.broker.actor, w.scenarios.published)!.scenario.contactPhone).toBe("13912345678");

    const mine = listDealsForMember(db, w.enterprise.actor);
    expect(mine).toMatchObject([{ id: taken.matchId, subjectKind: "scenario", subjectTitle: "焦炉煤气制氢加氢一体化示范场景" }]);
    const page = await statusOf(() => myDeals.loader(args(req("/me/deals", { cookie: w.institute.cookie }))));
    expect(page.status).toBe(200);
    const contacted = brokerPipeline(db, w.broker.user.id).columns.find((c) => c.stage === "contacted")!;
    expect(contacted.items).toMatchObject([{ id: taken.matchId, scenarioId: w.scenarios.published, subjectTitle: "焦炉煤气制氢加氢一体化示范场景" }]);

    // Dropping it sets the pair aside for the scenario's matcher too.
    expect(changeStage(db, w.broker.actor, taken.matchId, { to: "dismissed", reason: "price" })).toEqual({ ok: true });
    expect(db.select().from(scenarioDismissals).all()).toMatchObject([
      { scenarioId: w.scenarios.published, achievementId: w.achievements.published, reason: "price" },
    ]);
  });
});
