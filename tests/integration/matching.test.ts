import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { auditEvents, matchDismissals } from "../../db/schema";
import { dismissMatch, suggestionsFor } from "../../app/services/matching.server";
import { getSearch } from "../../app/services/search.server";
import { createAchievement } from "../../app/services/achievements.server";
import { transitionListing } from "../../app/services/listings.server";
import * as needPage from "../../app/routes/needs.$id";
import { req, useAppDb } from "../helpers/app";
import { achievementInput, makeWorld, type World } from "../helpers/world";

let db: Db;
let world: World;
let cleanup: () => void;

beforeEach(async () => {
  ({ db, cleanup } = useAppDb());
  world = await makeWorld(db);
  // A second published achievement on another chain, so the ranking has something to order.
  const other = createAchievement(
    db,
    world.institute.actor,
    achievementInput({
      title: "苹果枣树节水滴灌智能控制系统",
      summary: "基于土壤墒情传感器与气象数据的滴灌控制系统，适用于吕梁山区红枣和苹果园，节水 30% 以上，已在临县示范推广。",
      keywords: ["滴灌", "红枣", "节水"],
      industryChainId: "modern-agriculture",
      techFieldCode: "207",
      trl: 8,
    }),
  );
  if (!other.ok) throw new Error("fixture");
  transitionListing(db, "achievement", world.institute.actor, other.id, "submit");
  transitionListing(db, "achievement", world.admin.actor, other.id, "approve");
  await getSearch().relay.drain();
});
afterEach(() => cleanup());

describe("matching on a need's page", () => {
  it("shows the owner, brokers and the Bureau explained suggestions, best first, and nobody else", async () => {
    const s = getSearch();
    const forBroker = await suggestionsFor(db, s, "need", world.broker.actor, world.needs.published);
    expect(forBroker).not.toBeNull();
    expect(forBroker![0]!.id).toBe(world.achievements.published);
    const top = forBroker![0]!;
    expect(top.score).toBeGreaterThan(forBroker!.at(-1)!.score - 0.001);
    expect(top.explanation.factors.chain.points).toBe(top.explanation.factors.chain.max);
    expect(top.explanation.sharedTerms.length).toBeGreaterThan(0);
    expect(await suggestionsFor(db, s, "need", world.enterprise.actor, world.needs.published)).not.toBeNull();
    expect(await suggestionsFor(db, s, "need", world.admin.actor, world.needs.published)).not.toBeNull();
    expect(await suggestionsFor(db, s, "need", null, world.needs.published)).toBeNull();
    expect(await suggestionsFor(db, s, "need", world.otherEnterprise.actor, world.needs.published)).toBeNull();
    expect(await suggestionsFor(db, s, "need", world.institute.actor, world.needs.published)).toBeNull();
  });

  it("never brings back a dismissed suggestion, and keeps the reason", async () => {
    const s = getSearch();
    const pair = { needId: world.needs.published, achievementId: world.achievements.published };
    expect(dismissMatch(db, world.otherEnterprise.actor, { ...pair, reason: "price" })).toEqual({ ok: false, error: "forbidden" });
    const res = (await needPage.action({
      request: req(`/needs/${pair.needId}`, {
        cookie: world.broker.cookie,
        form: { intent: "dismiss", otherId: String(pair.achievementId), reason: "too_immature", note: "需要产业化成果" },
      }),
      params: { id: String(pair.needId) },
      context: { cspNonce: "" },
    })) as Response;
    expect(res.status).toBe(302);
    const after = await suggestionsFor(db, s, "need", world.broker.actor, pair.needId);
    expect(after!.map((m) => m.id)).not.toContain(pair.achievementId);
    const fromOtherSide = await suggestionsFor(db, s, "achievement", world.broker.actor, pair.achievementId);
    expect(fromOtherSide!.map((m) => m.id)).not.toContain(pair.needId);
    const row = db.select().from(matchDismissals).get()!;
    expect(row).toMatchObject({ reason: "too_immature", note: "需要产业化成果", dismissedBy: world.broker.user.id });
    // Dismissing again is "already done", not an error, and audits once.
    expect(dismissMatch(db, world.enterprise.actor, { ...pair, reason: "price" })).toEqual({ ok: true });
    expect(
      db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.entity, "match"), eq(auditEvents.action, "dismiss")))
        .all(),
    ).toHaveLength(1);
  });
});
