import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { enquiries, scenarios } from "../../db/schema";
import * as brokerPage from "../../app/routes/broker.scenarios.$id";
import * as editPage from "../../app/routes/scenarios.$id_.edit";
import * as listPage from "../../app/routes/scenarios._index";
import * as newPage from "../../app/routes/scenarios.new";
import * as page from "../../app/routes/scenarios.$id";
import { req, statusOf, useAppDb, type TestUser } from "../helpers/app";
import { certify, inbox } from "./deals-fixtures";
import { makeScenarioWorld, type ScenarioWorld } from "./scenarios-fixtures";

// The permission matrix through the real loaders and actions: who sees a scenario and its
// contacts, who edits it, who reviews it, who records its outcome, who takes it into a deal.

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
type Module = { loader?: (a: ReturnType<typeof args>) => unknown; action?: (a: ReturnType<typeof args>) => unknown };

async function load(mod: Module, path: string, who: TestUser | null, id?: number) {
  const res = await statusOf(() => mod.loader!(args(req(path, { cookie: who?.cookie }), id === undefined ? {} : { id: String(id) })));
  const text = res.response ? await res.response.text() : JSON.stringify(res.value);
  return { status: res.status, text, location: res.response?.headers.get("location") ?? null };
}
async function act(mod: Module, path: string, who: TestUser, form: Record<string, string>, id: number) {
  const res = await statusOf(() => mod.action!(args(req(path, { cookie: who.cookie, form }), { id: String(id) })));
  return { status: res.status, location: res.response?.headers.get("location") ?? null, text: res.response ? await res.response.text() : "" };
}
const status = (id: number) => db.select({ s: scenarios.status }).from(scenarios).where(eq(scenarios.id, id)).get()!.s;

describe("who sees a scenario", () => {
  it("everyone sees a published one; only the owner, the Bureau (and a broker in a deal) see its contacts", async () => {
    const path = `/scenarios/${w.scenarios.published}`;
    for (const who of [null, w.otherEnterprise, w.institute, w.broker]) {
      const r = await load(page, path, who, w.scenarios.published);
      expect(r.status).toBe(200);
      expect(r.text).toContain("焦炉煤气制氢加氢一体化示范场景");
      expect(r.text).not.toContain("13912345678");
      expect(r.text).not.toContain("zhao@example.com");
    }
    for (const who of [w.enterprise, w.admin]) expect((await load(page, path, who, w.scenarios.published)).text).toContain("13912345678");
  });

  it("a draft is a 404 to everyone but its owner and the Bureau", async () => {
    const path = `/scenarios/${w.scenarios.draft}`;
    for (const who of [null, w.otherEnterprise, w.institute, w.broker]) expect((await load(page, path, who, w.scenarios.draft)).status).toBe(404);
    for (const who of [w.enterprise, w.admin]) expect((await load(page, path, who, w.scenarios.draft)).status).toBe(200);
  });

  it("the list shows the year's published scenarios and its progress to visitors", async () => {
    const r = await load(listPage, "/scenarios?year=2026", null);
    expect(r.status).toBe(200);
    const data = JSON.parse(r.text) as { data: { total: number; progress: { done: number; target: number } } };
    expect(data.data.total).toBe(1);
    expect(data.data.progress).toMatchObject({ done: 1, target: 50 });
    expect(r.text).not.toContain("草稿场景");
  });
});

describe("who changes a scenario", () => {
  it("only the owner edits, and only while it is a draft, returned or withdrawn", async () => {
    const draft = `/scenarios/${w.scenarios.draft}/edit`;
    expect((await load(editPage, draft, w.enterprise, w.scenarios.draft)).status).toBe(200);
    expect((await load(editPage, draft, w.otherEnterprise, w.scenarios.draft)).status).toBe(404);
    expect((await load(editPage, draft, w.broker, w.scenarios.draft)).status).toBe(404);
    expect((await load(editPage, draft, w.admin, w.scenarios.draft)).status).toBe(403);
    expect((await load(editPage, `/scenarios/${w.scenarios.published}/edit`, w.enterprise, w.scenarios.published)).status).toBe(403);
    // A bad form comes back with the visitor's language and what was typed.
    const bad = await act(editPage, draft, w.enterprise, { title: "短", subsidyCapWan: "三百" }, w.scenarios.draft);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("短");
  });

  it("institutes and brokers may not post; enterprises and the Bureau may", async () => {
    for (const who of [w.institute, w.broker]) expect((await load(newPage, "/scenarios/new", who)).status).toBe(403);
    for (const who of [w.enterprise, w.admin]) expect((await load(newPage, "/scenarios/new", who)).status).toBe(200);
  });

  it("only the Bureau approves or returns; the owner submits and closes", async () => {
    const sub = `/scenarios/${w.scenarios.submitted}`;
    expect((await act(page, sub, w.enterprise, { intent: "approve" }, w.scenarios.submitted)).status).toBe(403);
    expect((await act(page, sub, w.otherEnterprise, { intent: "approve" }, w.scenarios.submitted)).status).toBe(404);
    expect((await act(page, sub, w.admin, { intent: "return" }, w.scenarios.submitted)).status).toBe(400);
    expect((await act(page, sub, w.admin, { intent: "approve" }, w.scenarios.submitted)).location).toBe(`${sub}?done=approve`);
    expect(status(w.scenarios.submitted)).toBe("published");
    expect((await act(page, sub, w.otherEnterprise, { intent: "close" }, w.scenarios.submitted)).status).toBe(403);
    expect((await act(page, sub, w.enterprise, { intent: "close" }, w.scenarios.submitted)).status).toBe(302);
    expect(status(w.scenarios.submitted)).toBe("closed");
  });

  it("only the owner records the outcome", async () => {
    const path = `/scenarios/${w.scenarios.published}`;
    const form = { intent: "outcome", outcome: "pilot_started", pilotStartedOn: "2026-06-01" };
    for (const who of [w.otherEnterprise, w.institute, w.broker, w.admin]) expect((await act(page, path, who, form, w.scenarios.published)).status).toBe(403);
    expect((await act(page, path, w.enterprise, { intent: "outcome", outcome: "pilot_started" }, w.scenarios.published)).status).toBe(400);
    expect((await act(page, path, w.enterprise, form, w.scenarios.published)).location).toBe(`${path}?done=outcome`);
    expect((await load(page, path, null, w.scenarios.published)).text).toContain("pilot_started");
  });
});

describe("the broker's scenario page", () => {
  it("is the brokers'; a broker starts a deal from a proposal and lands in its room", async () => {
    const path = `/broker/scenarios/${w.scenarios.published}`;
    for (const who of [w.enterprise, w.institute, w.admin]) expect((await load(brokerPage, path, who, w.scenarios.published)).status).toBe(403);
    const mine = await load(brokerPage, path, w.broker, w.scenarios.published);
    expect(mine.status).toBe(200);
    expect(mine.text).toContain("已发布成果：变压吸附提氢");
    expect((await load(brokerPage, `/broker/scenarios/${w.scenarios.draft}`, w.broker, w.scenarios.draft)).status).toBe(404);
    const taken = await act(brokerPage, path, w.broker, { intent: "take", achievementId: String(w.achievements.published) }, w.scenarios.published);
    expect(taken.status).toBe(302);
    expect(taken.location).toMatch(/^\/deals\/\d+$/);
    const again = await act(brokerPage, path, w.broker, { intent: "take", achievementId: String(w.achievements.published) }, w.scenarios.published);
    expect(again.status).toBe(409);
    expect((await act(brokerPage, path, w.enterprise, { intent: "take", achievementId: String(w.achievements.published) }, w.scenarios.published)).status).toBe(
      403,
    );
  });
});

describe("a solver's interest", () => {
  it("an institute sends a short proposal on an open scenario; the owner hears of it; a visitor is sent to sign in", async () => {
    const path = `/scenarios/${w.scenarios.published}`;
    const form = { intent: "interest", reason: "pilot", message: "我们的变压吸附提氢装置可在贵园区开展 6 个月中试，提纯至 99.999%。" };
    const sent = await act(page, path, w.institute, form, w.scenarios.published);
    expect(sent.status).toBe(302);
    expect(sent.location).toBe(`${path}?interest=sent#interest`);
    expect(db.select().from(enquiries).all()).toMatchObject([{ subject: "scenario", subjectId: w.scenarios.published, reason: "pilot" }]);
    expect(inbox(db, w.enterprise).find((n) => n.kind === "scenario_interest")).toMatchObject({
      params: { org: "太原理工大学吕梁产业研究院", title: "焦炉煤气制氢加氢一体化示范场景" },
    });
    expect((await act(page, path, w.enterprise, form, w.scenarios.published)).status).toBe(403);
    const visitor = await statusOf(() => page.action(args(req(path, { form }), { id: String(w.scenarios.published) })));
    expect(visitor.status).toBe(302);
    expect(visitor.response?.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });
});
