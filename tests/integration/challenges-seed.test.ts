import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "../../db/connection";
import { seedMarketActivity } from "../../db/seed-data/activity";
import { hashDemoPassword, seedDemo } from "../../db/seed-data/seed-demo";
import { effectiveStatus } from "../../app/services/challenges/index.server";
import { challengeIndicators } from "../../app/services/indicators/challenges.server";
import { createTestDb } from "../helpers/db";

// The demo's challenges: every stage of the lifecycle, a race with two funded teams, a
// cancelled one with its public reason, and a reward paid once through the ledger for each
// accepted milestone; an open challenge is open on whatever day the demo is seeded.

const NOW = new Date("2026-11-21T08:00:00.000Z");
let db: Db;
let cleanup: () => void;
beforeAll(async () => {
  const t = createTestDb();
  ({ db, cleanup } = t);
  const passwordHash = await hashDemoPassword();
  await seedDemo(db, { now: NOW, passwordHash });
  seedMarketActivity(db, { passwordHash, now: NOW });
});
afterAll(() => cleanup());

type Row = Record<string, unknown>;
const rows = (sql: string, ...p: unknown[]) => db.$client.prepare(sql).all(...p) as Row[];

it("holds at least twelve challenges across every stage, as the services would leave them", () => {
  const all = rows("SELECT * FROM challenges");
  expect(all.length).toBeGreaterThanOrEqual(12);
  const statuses = new Set(all.map((c) => effectiveStatus({ status: c.status as never, opensAt: String(c.opens_at), closesAt: String(c.closes_at) }, NOW)));
  for (const s of ["draft", "submitted", "returned", "published", "open", "closed", "shortlisted", "awarded", "paid", "cancelled"])
    expect(statuses).toContain(s);

  const races = rows(
    "SELECT c.id, count(a.id) AS funded FROM challenges c JOIN challenge_applications a ON a.challenge_id = c.id AND a.status = 'awarded' WHERE c.mode = 'race' GROUP BY c.id",
  );
  expect(races.some((r) => Number(r.funded) === 2)).toBe(true);
  const cancelled = all.filter((c) => c.status === "cancelled");
  expect(cancelled.length).toBeGreaterThan(0);
  expect(cancelled.every((c) => String(c.cancel_reason ?? "").length > 4)).toBe(true);

  // Awards never exceed the reward, nor the number of teams.
  for (const c of all) {
    const won = rows("SELECT award_fen FROM challenge_applications WHERE challenge_id = ? AND status = 'awarded'", c.id);
    expect(won.length).toBeLessThanOrEqual(Number(c.teams));
    expect(won.reduce((s, r) => s + Number(r.award_fen), 0)).toBeLessThanOrEqual(Number(c.reward_fen));
  }
  // Every accepted milestone is paid once through the ledger, and nothing else is.
  const accepted = rows("SELECT id, amount_fen FROM challenge_milestones WHERE accepted_at IS NOT NULL");
  const paid = rows("SELECT challenge_milestone_id AS m, amount_fen FROM ledger_entries WHERE kind = 'challenge_reward'");
  expect(accepted.length).toBeGreaterThan(0);
  expect(paid.map((p) => p.m).sort()).toEqual(accepted.map((a) => a.id).sort());
  expect(rows("SELECT 1 FROM ledger_entries WHERE kind = 'challenge_reward' AND contract_id IS NOT NULL")).toHaveLength(0);
  // A paid challenge has every milestone accepted.
  for (const c of all.filter((x) => x.status === "paid"))
    expect(rows("SELECT 1 FROM challenge_milestones WHERE challenge_id = ? AND accepted_at IS NULL", c.id)).toHaveLength(0);
  // Applications and scores only where the window has opened; scores only after it closed.
  expect(
    rows("SELECT 1 FROM challenge_applications a JOIN challenges c ON c.id = a.challenge_id WHERE a.submitted_at < c.opens_at OR a.submitted_at > c.closes_at"),
  ).toHaveLength(0);
  expect(
    rows(
      "SELECT 1 FROM challenge_scores s JOIN challenge_applications a ON a.id = s.application_id JOIN challenges c ON c.id = a.challenge_id WHERE s.scored_at < c.closes_at",
    ),
  ).toHaveLength(0);
  expect(challengeIndicators(db, 2026, NOW).openChallenges).toBeGreaterThanOrEqual(3);
});
