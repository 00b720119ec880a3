import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { achievements, auditEvents, needClaims, needs } from "../../db/schema";
import * as needPage from "../../app/routes/needs.$id";
import * as needEdit from "../../app/routes/needs.$id_.edit";
import * as achPage from "../../app/routes/achievements.$id";
import * as achEdit from "../../app/routes/achievements.$id_.edit";
import { req, statusOf, useAppDb } from "../helpers/app";
import { makeWorld, type World } from "../helpers/world";

type Who = "anonymous" | "enterprise" | "otherEnterprise" | "institute" | "otherInstitute" | "broker" | "admin";
const EVERYONE: Who[] = ["anonymous", "enterprise", "otherEnterprise", "institute", "otherInstitute", "broker", "admin"];

type Action = "viewDraft" | "edit" | "submit" | "review" | "withdraw";

// Who may do what, for each list. Anyone else is refused: a record they may not see is a 404,
// an action on a record they may see is a 403, and a visitor is sent to log in.
const ALLOWED: Record<"need" | "achievement", Record<Action, Who[]>> = {
  need: {
    viewDraft: ["enterprise", "admin"],
    edit: ["enterprise"],
    submit: ["enterprise"],
    review: ["admin"],
    withdraw: ["enterprise"],
  },
  achievement: {
    viewDraft: ["institute", "admin"],
    edit: ["institute"],
    submit: ["institute"],
    review: ["admin"],
    withdraw: ["institute"],
  },
};

const FORMS = {
  need: {
    title: "修改后的需求：赤泥中铁铝钪回收",
    description: "赤泥堆存量大，希望回收其中的铁、铝、钪，铁回收率不低于 85%，并实现尾渣建材化利用。",
    industryChainId: "solid-waste",
    techFieldCode: "703",
    budgetMinWan: "100",
    budgetMaxWan: "300",
    cooperationModes: ["joint_dev"],
    expectedTrl: "6",
    deadline: "2099-06-30",
    countyCode: "141123",
    contactName: "赵工",
    contactPhone: "13900001111",
  },
  achievement: {
    title: "修改后的成果：赤泥提钪技术",
    summary: "以选择性浸出与溶剂萃取联用，从赤泥中回收钪，钪回收率 80% 以上，已完成百公斤级小试，适合氧化铝企业配套。",
    keywords: "赤泥，钪，溶剂萃取",
    industryChainId: "solid-waste",
    techFieldCode: "703",
    trl: "5",
    ipType: "invention_patent",
    patentNumbers: "ZL202210987654.3",
    transferModes: ["licence"],
    priceWan: "150",
    owners: "山西大学资源团队",
    contactName: "周老师",
    contactPhone: "13600002222",
  },
} as const;

let db: Db;
let world: World;
let cleanup: () => void;

beforeEach(async () => {
  ({ db, cleanup } = useAppDb());
  world = await makeWorld(db);
});
afterEach(() => cleanup());

function cookieOf(who: Who): string | undefined {
  return who === "anonymous" ? undefined : world[who].cookie;
}

async function attempt(kind: "need" | "achievement", action: Action, who: Who) {
  const ids = kind === "need" ? world.needs : world.achievements;
  const page = kind === "need" ? needPage : achPage;
  const edit = kind === "need" ? needEdit : achEdit;
  const base = kind === "need" ? "/needs" : "/achievements";
  const cookie = cookieOf(who);
  const ctx = { context: { cspNonce: "" } };
  switch (action) {
    case "viewDraft":
      return statusOf(() => page.loader({ request: req(`${base}/${ids.draft}`, { cookie }), params: { id: String(ids.draft) }, ...ctx }));
    case "edit":
      return statusOf(() =>
        edit.action({ request: req(`${base}/${ids.draft}/edit`, { cookie, form: FORMS[kind] as never }), params: { id: String(ids.draft) }, ...ctx }),
      );
    case "submit":
      return statusOf(() =>
        page.action({ request: req(`${base}/${ids.draft}`, { cookie, form: { intent: "submit" } }), params: { id: String(ids.draft) }, ...ctx }),
      );
    case "review":
      return statusOf(() =>
        page.action({ request: req(`${base}/${ids.submitted}`, { cookie, form: { intent: "approve" } }), params: { id: String(ids.submitted) }, ...ctx }),
      );
    case "withdraw":
      return statusOf(() =>
        page.action({ request: req(`${base}/${ids.published}`, { cookie, form: { intent: "withdraw" } }), params: { id: String(ids.published) }, ...ctx }),
      );
  }
}

function statusNow(kind: "need" | "achievement", id: number): string {
  const t = kind === "need" ? needs : achievements;
  return db.select({ s: t.status }).from(t).where(eq(t.id, id)).get()!.s;
}

for (const kind of ["need", "achievement"] as const) {
  describe(`${kind} permission matrix (through the real loaders and actions)`, () => {
    for (const action of Object.keys(ALLOWED[kind]) as Action[]) {
      for (const who of EVERYONE) {
        const allowed = ALLOWED[kind][action].includes(who);
        it(`${who} ${allowed ? "may" : "may not"} ${action}`, async () => {
          const ids = kind === "need" ? world.needs : world.achievements;
          const before = { draft: statusNow(kind, ids.draft), submitted: statusNow(kind, ids.submitted), published: statusNow(kind, ids.published) };
          const { status, response } = await attempt(kind, action, who);
          if (allowed) {
            expect([200, 302]).toContain(status);
            if (action === "submit") expect(statusNow(kind, ids.draft)).toBe("submitted");
            if (action === "review") expect(statusNow(kind, ids.submitted)).toBe("published");
            if (action === "withdraw") expect(statusNow(kind, ids.published)).toBe("withdrawn");
            return;
          }
          if (who === "anonymous") {
            // Visitors may see published records but act on none: they are sent to log in.
            expect(status).toBe(action === "viewDraft" ? 404 : 302);
            if (status === 302) expect(response!.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
          } else {
            const canSeeTarget = action === "withdraw" || ALLOWED[kind].viewDraft.includes(who);
            expect(status).toBe(canSeeTarget ? 403 : 404);
          }
          expect({ draft: statusNow(kind, ids.draft), submitted: statusNow(kind, ids.submitted), published: statusNow(kind, ids.published) }).toEqual(before);
        });
      }
    }
  });
}

describe("records one may not see (W2)", () => {
  it("answers 404 with no data for another enterprise's draft, by URL, by data request and by a forged form", async () => {
    const id = String(world.needs.draft);
    const intruder = world.otherEnterprise.cookie;
    const byUrl = await statusOf(() => needPage.loader({ request: req(`/needs/${id}`, { cookie: intruder }), params: { id }, context: { cspNonce: "" } }));
    expect(byUrl.status).toBe(404);
    expect(await byUrl.response!.text()).not.toContain("赤泥");
    const byData = await statusOf(() =>
      needPage.loader({ request: req(`/needs/${id}?_routes=routes%2Fneeds.%24id`, { cookie: intruder }), params: { id }, context: { cspNonce: "" } }),
    );
    expect(byData.status).toBe(404);
    // A form posted to the intruder's own URL space with the victim's id in a field changes nothing.
    const forged = await statusOf(() =>
      needEdit.action({ request: req(`/needs/${id}/edit`, { cookie: intruder, form: FORMS.need as never }), params: { id }, context: { cspNonce: "" } }),
    );
    expect(forged.status).toBe(404);
    expect(
      db
        .select()
        .from(needs)
        .where(eq(needs.id, Number(id)))
        .get()!.title,
    ).toBe("草稿需求：赤泥提铁");
  });

  it("hides contact details from visitors, other members and brokers not on it; shows them to its lead broker and the Bureau", async () => {
    const id = String(world.needs.published);
    const view = async (cookie?: string) => {
      const data = await needPage.loader({ request: req(`/needs/${id}`, { cookie }), params: { id }, context: { cspNonce: "" } });
      return data.view.need.contactPhone;
    };
    expect(await view()).toBeNull();
    expect(await view(world.otherEnterprise.cookie)).toBeNull();
    expect(await view(world.institute.cookie)).toBeNull();
    expect(await view(world.broker.cookie)).toBeNull();
    db.insert(needClaims)
      .values({ needId: Number(id), brokerUserId: world.broker.user.id, claimedAt: new Date().toISOString() })
      .run();
    expect(await view(world.broker.cookie)).toBe("13812345678");
    expect(await view(world.admin.cookie)).toBe("13812345678");
    expect(await view(world.enterprise.cookie)).toBe("13812345678");
  });

  it("audits a refused action (W9)", async () => {
    await attempt("need", "withdraw", "otherEnterprise");
    const denied = db.select().from(auditEvents).where(eq(auditEvents.action, "denied:withdraw")).all();
    expect(denied).toHaveLength(1);
    expect(denied[0]!.actorUserId).toBe(world.otherEnterprise.user.id);
    expect(denied[0]!.entityId).toBe(String(world.needs.published));
  });
});
