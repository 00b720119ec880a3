import { afterEach, beforeEach, expect, it } from "vitest";
import type { Db } from "../../db/connection";
import { challengeApplications, challenges } from "../../db/schema";
import * as adminIndicators from "../../app/routes/admin.indicators";
import * as api from "../../app/routes/api.v1.indicators";
import * as publicIndicators from "../../app/routes/indicators";
import { apiIndicator } from "../../app/schemas/api";
import { yearInShanghai } from "../../app/i18n/format";
import {
  applyToChallenge,
  awardChallenge,
  cancelChallenge,
  closeChallengeEarly,
  createChallenge,
  reviewChallenge,
  shortlistApplications,
  submitChallenge,
} from "../../app/services/challenges/index.server";
import { req, statusOf, useAppDb } from "../helpers/app";
import { applicationInput, challengeInput, makeChallengeWorld, ok, type ChallengeWorld } from "./challenges-fixtures";

// The API's challenge figures and the pages' are the database's, counted here independently.

let db: Db;
let cleanup: () => void;
let w: ChallengeWorld;
beforeEach(async () => {
  ({ db, cleanup } = useAppDb());
  w = await makeChallengeWorld(db);
});
afterEach(() => cleanup());

const day = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

function posted(opensIn: number, closesIn: number, overrides = {}): number {
  const id = ok(
    createChallenge(db, w.enterprise.actor, challengeInput({ opensOn: day(opensIn), closesOn: day(closesIn), deliverBy: "2099-12-31", ...overrides })),
  ).id;
  ok(submitChallenge(db, w.enterprise.actor, id));
  ok(reviewChallenge(db, w.admin.actor, id, { decision: "approve" }));
  return id;
}

it("openChallenges, awardedChallenges and challengeRewardFen equal an independent count of the database", async () => {
  posted(0, 30);
  posted(0, 10);
  posted(5, 20);
  ok(createChallenge(db, w.enterprise.actor, challengeInput({ opensOn: day(0), closesOn: day(30), deliverBy: "2099-12-31" })));
  const cancelled = posted(0, 30);
  ok(cancelChallenge(db, w.enterprise.actor, cancelled, "企业技术路线调整"));
  const race = posted(0, 30, { mode: "race", teams: 2, rewardWan: 1_000_000_000 });
  const teams = [w.institute, w.otherInstitute].map((u) => ok(applyToChallenge(db, u.actor, race, applicationInput())).applicationId);
  ok(closeChallengeEarly(db, w.enterprise.actor, race));
  ok(shortlistApplications(db, w.enterprise.actor, race, teams));
  ok(
    awardChallenge(db, w.enterprise.actor, race, [
      { applicationId: teams[0]!, awardFen: 6_000_000_00 },
      { applicationId: teams[1]!, awardFen: 3_000_000_00 },
    ]),
  );

  const year = yearInShanghai();
  const now = new Date().toISOString();
  const all = db.select().from(challenges).all();
  const open = all.filter((c) => ["published", "open"].includes(c.status) && c.opensAt <= now && now < c.closesAt).length;
  const awardedIds = all
    .filter(
      (c) => c.awardedAt && ["awarded", "accepted", "paid"].includes(c.status) && new Date(Date.parse(c.awardedAt) + 8 * 3_600_000).getUTCFullYear() === year,
    )
    .map((c) => c.id);
  const reward = db
    .select()
    .from(challengeApplications)
    .all()
    .filter((a) => a.status === "awarded" && awardedIds.includes(a.challengeId))
    .reduce((s, a) => s + (a.awardFen ?? 0), 0);
  expect({ open, awarded: awardedIds.length, reward }).toEqual({ open: 2, awarded: 1, reward: 9_000_000_00 });

  const response = (await api.loader({ request: req(`/api/v1/indicators?year=${year}`), params: {}, context: { cspNonce: "" } })) as Response;
  const body = apiIndicator.parse(await response.json());
  expect({ open: body.openChallenges, awarded: body.awardedChallenges, reward: body.challengeRewardFen }).toEqual({ open, awarded: awardedIds.length, reward });

  const args = (request: Request) => ({ request, params: {}, context: { cspNonce: "" } });
  for (const [page, cookie] of [
    [publicIndicators, undefined],
    [adminIndicators, w.admin.cookie],
  ] as const) {
    const { value } = await statusOf(() => page.loader(args(req(`/indicators?year=${year}`, { cookie }))));
    const data = (await (value as Response).json()) as { challenges: Record<string, number> };
    expect(data.challenges).toEqual({ openChallenges: open, awardedChallenges: awardedIds.length, challengeRewardFen: reward });
  }
});
