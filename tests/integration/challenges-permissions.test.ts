import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { challengeApplications, challengeFiles, challengeMilestones } from "../../db/schema";
import * as applicationsPage from "../../app/routes/challenges.$id_.applications";
import * as challengePage from "../../app/routes/challenges.$id";
import * as filePage from "../../app/routes/challenges.$id_.files.$fileId";
import { addPanelMember, closeChallengeEarly, createChallenge, reviewChallenge, submitChallenge } from "../../app/services/challenges/index.server";
import { claimNeed } from "../../app/services/claims.server";
import { todayInShanghai } from "../../app/i18n/format";
import { makeOrg, req, statusOf, useAppDb, type TestUser } from "../helpers/app";
import { challengeInput, makeChallengeWorld, ok, type ChallengeWorld } from "./challenges-fixtures";
import { makeBroker } from "./contracts-fixtures";

// Who sees an application and its files, who scores, who shortlists, awards and accepts:
// through the real loaders and actions, for each party to one challenge.

type Who = "visitor" | "applicant" | "otherApplicant" | "outsider" | "challenger" | "panel" | "broker" | "admin";
const WHO: Who[] = ["visitor", "applicant", "otherApplicant", "outsider", "challenger", "panel", "broker", "admin"];

let db: Db;
let cleanup: () => void;
let w: ChallengeWorld;
let broker: TestUser;
let id: number;
let filesDir: string;
let appIds: { applicant: number; otherApplicant: number };
let fileId: number;

const user = (who: Who): TestUser | null =>
  ({
    visitor: null,
    applicant: w.institute,
    otherApplicant: w.otherInstitute,
    outsider: w.thirdInstitute,
    challenger: w.enterprise,
    panel: w.panelist,
    broker,
    admin: w.admin,
  })[who];

const args = (request: Request, params: Record<string, string>) => ({ request, params, context: { cspNonce: "" } });

function pdf(): Blob {
  return new Blob([Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")], { type: "application/pdf" });
}

async function applyThroughPage(who: TestUser, withFile: boolean): Promise<number> {
  const form = new FormData();
  form.set("proposal", "采用赤泥脱碱—磁选提铁—尾渣制备胶凝材料的集成工艺，已完成百吨级中试。");
  form.set("team", "负责人：李教授；成员 8 人。");
  form.set("budgetWan", "300");
  if (withFile) form.set("file", pdf(), "技术方案.pdf");
  const request = new Request(`http://localhost/challenges/${id}`, { method: "POST", body: form, headers: { Cookie: who.cookie } });
  const { status } = await statusOf(() => challengePage.action(args(request, { id: String(id) })));
  expect(status).toBe(303);
  return db.select().from(challengeApplications).where(eq(challengeApplications.orgId, who.actor.orgId)).get()!.id;
}

async function run(who: Who, page: "applications" | "file", form?: Record<string, string | string[]>) {
  const u = user(who);
  if (page === "file") {
    const request = req(`/challenges/${id}/files/${fileId}`, { cookie: u?.cookie });
    return statusOf(() => filePage.loader(args(request, { id: String(id), fileId: String(fileId) })));
  }
  const request = req(`/challenges/${id}/applications`, { cookie: u?.cookie, form });
  return statusOf(() => (form ? applicationsPage.action(args(request, { id: String(id) })) : applicationsPage.loader(args(request, { id: String(id) }))));
}

async function matrix(page: "applications" | "file", form?: Record<string, string | string[]>, only?: Who[]) {
  const got: Partial<Record<Who, number>> = {};
  for (const who of only ?? WHO) got[who] = (await run(who, page, form)).status;
  return got;
}

beforeAll(async () => {
  ({ db, cleanup } = useAppDb());
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-challenge-files-"));
  process.env.FILES_DIR = filesDir;
  w = await makeChallengeWorld(db);
  broker = await makeBroker(db, makeOrg(db, "agency").id);
  ok(claimNeed(db, broker.actor, w.needs.published));
  const today = todayInShanghai();
  const in30 = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  id = ok(createChallenge(db, w.enterprise.actor, challengeInput({ needId: w.needs.published, opensOn: today, closesOn: in30, deliverBy: "2099-12-31" }))).id;
  ok(submitChallenge(db, w.enterprise.actor, id));
  ok(reviewChallenge(db, w.admin.actor, id, { decision: "approve" }));
  ok(addPanelMember(db, w.admin.actor, id, w.panelist.user.email));
  appIds = { applicant: await applyThroughPage(w.institute, true), otherApplicant: await applyThroughPage(w.otherInstitute, false) };
  fileId = db.select().from(challengeFiles).get()!.id;
});
afterAll(() => {
  cleanup();
  fs.rmSync(filesDir, { recursive: true, force: true });
  delete process.env.FILES_DIR;
});

describe("seeing applications", () => {
  it("the parties see every application, each applicant only its own, anyone else nothing", async () => {
    expect(await matrix("applications")).toEqual({
      visitor: 302,
      applicant: 200,
      otherApplicant: 200,
      outsider: 404,
      challenger: 200,
      panel: 200,
      broker: 200,
      admin: 200,
    });
    const seen = async (who: Who) => {
      const { value } = await run(who, "applications");
      return ((await (value as Response).json()) as { view: { applications: { id: number }[] } }).view.applications.map((a) => a.id);
    };
    expect(await seen("applicant")).toEqual([appIds.applicant]);
    expect(await seen("otherApplicant")).toEqual([appIds.otherApplicant]);
    for (const who of ["challenger", "panel", "broker", "admin"] as const) expect(await seen(who)).toEqual([appIds.applicant, appIds.otherApplicant]);
  });

  it("an application's file reaches the applicant and the parties only, typed by its bytes", async () => {
    expect(await matrix("file")).toEqual({
      visitor: 302,
      applicant: 200,
      otherApplicant: 404,
      outsider: 404,
      challenger: 200,
      panel: 200,
      broker: 200,
      admin: 200,
    });
    const { response } = await run("panel", "file");
    expect(response!.headers.get("Content-Type")).toBe("application/pdf");
    expect(response!.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  it("a file that is not what it claims is refused and nothing is stored", async () => {
    const form = new FormData();
    form.set("proposal", "采用赤泥脱碱—磁选提铁—尾渣制备胶凝材料的集成工艺，已完成百吨级中试。");
    form.set("team", "负责人：王教授；成员 5 人。");
    form.set("budgetWan", "100");
    form.set("file", new Blob([Buffer.from("<html><script>alert(1)</script></html>")], { type: "application/pdf" }), "方案.pdf");
    const request = new Request(`http://localhost/challenges/${id}`, { method: "POST", body: form, headers: { Cookie: w.thirdInstitute.cookie } });
    const { status } = await statusOf(() => challengePage.action(args(request, { id: String(id) })));
    expect(status).toBe(409);
    expect(db.select().from(challengeApplications).where(eq(challengeApplications.orgId, w.thirdInstitute.actor.orgId)).get()).toBeUndefined();
    expect(fs.readdirSync(filesDir)).toHaveLength(1);
  });
});

describe("deciding", () => {
  it("only the challenger and the panel score; only the challenger shortlists, awards and accepts", async () => {
    const signedIn: Who[] = ["applicant", "otherApplicant", "challenger", "panel", "broker", "admin"];
    ok(closeChallengeEarly(db, w.enterprise.actor, id));
    const score = { intent: "score", applicationId: String(appIds.applicant), scores: ["80", "70", "90"] };
    expect(await matrix("applications", score, signedIn)).toEqual({
      applicant: 403,
      otherApplicant: 403,
      challenger: 303,
      panel: 303,
      broker: 403,
      admin: 403,
    });

    const decideOrder: Who[] = ["applicant", "otherApplicant", "panel", "broker", "admin", "challenger"];
    const shortlist = { intent: "shortlist", applicationIds: [String(appIds.applicant), String(appIds.otherApplicant)] };
    expect(await matrix("applications", shortlist, decideOrder)).toEqual({
      applicant: 403,
      otherApplicant: 403,
      panel: 403,
      broker: 403,
      admin: 403,
      challenger: 303,
    });

    const award = { intent: "award", applicationIds: [String(appIds.applicant)], [`awardWan-${appIds.applicant}`]: "500" };
    expect(await matrix("applications", award, decideOrder)).toEqual({
      applicant: 403,
      otherApplicant: 403,
      panel: 403,
      broker: 403,
      admin: 403,
      challenger: 303,
    });

    const milestone = db.select().from(challengeMilestones).where(eq(challengeMilestones.challengeId, id)).get()!;
    const accept = { intent: "accept", milestoneId: String(milestone.id) };
    expect(await matrix("applications", accept, decideOrder)).toEqual({
      applicant: 403,
      otherApplicant: 403,
      panel: 403,
      broker: 403,
      admin: 403,
      challenger: 303,
    });

    // The public page names the winner for a visitor.
    const { value } = await statusOf(() => challengePage.loader(args(req(`/challenges/${id}`), { id: String(id) })));
    const view = ((await (value as Response).json()) as { view: { status: string; winners: { applicationId: number; awardFen: number }[] } }).view;
    expect(view.status).toBe("paid");
    expect(view.winners).toEqual([expect.objectContaining({ applicationId: appIds.applicant, awardFen: 500 * 1_000_000 })]);
  });
});
