import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { dealConfirmations, dealEvents, dealResponses, matchDismissals, matches, needClaims, needs, users } from "../../db/schema";
import { seedBrokerDeals } from "../../db/seed-data/deals";
import { hashDemoPassword, seedDemo } from "../../db/seed-data/seed-demo";
import { toActor } from "../../app/services/auth.server";
import { getDealForViewer, organisationResponseStats } from "../../app/services/deals.server";
import { createTestDb } from "../helpers/db";
import { claimsOutsideCertificate, matchesBeforeListings } from "./seed-invariants";

// The demo's deals must look like the platform made them: every stage present, signing only
// after both sides agreed, every event before the run day and in order.

const NOW = new Date("2026-11-21T08:00:00.000Z");
let db: Db;
let cleanup: () => void;

beforeAll(async () => {
  const t = createTestDb();
  db = t.db;
  cleanup = t.cleanup;
  await seedDemo(db, { now: NOW, passwordHash: await hashDemoPassword() });
}, 60_000);
afterAll(() => cleanup());

describe("seedBrokerDeals", () => {
  it("writes claims and matches at every stage, consistently, once", () => {
    const summary = seedBrokerDeals(db, { now: NOW });
    expect(summary.seeded).toBe(true);
    for (const stage of ["suggested", "contacted", "negotiating", "signed", "dismissed"] as const)
      expect(summary.matchesByStage[stage], stage).toBeGreaterThan(0);
    expect(db.select().from(needClaims).all()).toHaveLength(summary.claims);

    for (const m of db.select().from(matches).all()) {
      const claim = db.select().from(needClaims).where(eq(needClaims.needId, m.needId!)).get();
      expect(claim?.brokerUserId).toBe(m.brokerUserId);
      const sides = db.select().from(dealConfirmations).where(eq(dealConfirmations.matchId, m.id)).all();
      if (m.stage === "signed") expect(sides.map((s) => s.side).sort()).toEqual(["buyer", "seller"]);
      else expect(sides.length).toBeLessThan(2);
      if (m.stage === "dismissed") {
        expect(m.dismissReason).not.toBeNull();
        expect(
          db
            .select()
            .from(matchDismissals)
            .where(eq(matchDismissals.achievementId, m.achievementId))
            .all()
            .some((d) => d.needId === m.needId),
        ).toBe(true);
      }
      const events = db.select().from(dealEvents).where(eq(dealEvents.matchId, m.id)).orderBy(dealEvents.id).all();
      if (m.stage === "suggested") expect(events).toEqual([]);
      const times = events.map((e) => e.createdAt);
      expect(times.every((t) => t < NOW.toISOString())).toBe(true);
      const stageEvents = events.filter((e) => e.kind === "stage");
      if (m.stage !== "suggested") expect(stageEvents.at(-1)!.toStage).toBe(m.stage);
      const need = db.select().from(needs).where(eq(needs.id, m.needId!)).get()!;
      expect(claim!.claimedAt >= need.publishedAt!).toBe(true);
    }
    // A broker claims only under his certificate; a pairing needs both listings public.
    expect(claimsOutsideCertificate(db)).toEqual([]);
    expect(matchesBeforeListings(db)).toEqual([]);
    for (const r of db.select().from(dealResponses).all()) {
      if (r.respondedAt) expect(r.respondedAt > r.requestedAt).toBe(true);
      expect(r.code === null).toBe(r.respondedAt === null);
    }

    // A seeded deal opens for its broker with its log, and the organisations' answer rates are real figures.
    const signed = db.select().from(matches).where(eq(matches.stage, "signed")).get()!;
    const broker = db.select().from(users).where(eq(users.id, signed.brokerUserId!)).get()!;
    const view = getDealForViewer(db, toActor({ ...broker, orgName: "", orgKind: "agency", orgVerified: true }), signed.id, NOW)!;
    expect(view.role).toBe("lead");
    expect(view.bothConfirmed).toBe(true);
    expect(view.events.length).toBeGreaterThan(3);
    const asked = db.select().from(dealResponses).get()!;
    expect(organisationResponseStats(db, asked.orgId).requests).toBeGreaterThan(0);

    expect(seedBrokerDeals(db, { now: NOW }).seeded).toBe(false);
    expect(db.select().from(needClaims).all()).toHaveLength(summary.claims);
  });
});
