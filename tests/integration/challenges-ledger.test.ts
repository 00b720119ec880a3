import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, expect, it } from "vitest";
import { eq, isNull, sql } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { ledgerEntries } from "../../db/schema";
import { acceptMilestone, awardChallenge, shortlistApplications } from "../../app/services/challenges/index.server";
import { appendPayment, contractLedger } from "../../app/services/ledger.server";
import { createTestDb } from "../helpers/db";
import { AFTER, apply, makeChallengeWorld, ok, publishedChallenge } from "./challenges-fixtures";
import { makeContractWorld } from "./contracts-fixtures";
import { registeredContract } from "./ledger-fixtures";

// A challenge's reward sits in the same ledger as contract payments, with no contract: every
// contract reader filters by its contract family, so the reward never shows as money received
// under a contract, and a contract's figures never include it.

let db: Db;
let cleanup: () => void;
let file: string;
beforeEach(() => {
  const t = createTestDb();
  ({ db, cleanup, file } = t);
});
afterEach(() => cleanup());

it("a paid challenge reward leaves every contract's ledger as it was, and is found by its challenge", async () => {
  const cw = await makeContractWorld(db);
  const contract = registeredContract(db, cw);
  writeTx(db, (tx) =>
    appendPayment(tx, { contractId: contract.id, amountFen: 50_000_00, source: "transfer", sourceRef: "t-1", effectiveAt: AFTER.toISOString() }),
  );
  const before = contractLedger(db, contract.id);

  const w = await makeChallengeWorld(db);
  const id = publishedChallenge(db, w, { payout: "on_award", rewardWan: 2_000_000_00 });
  const a = apply(db, w.institute, id);
  ok(shortlistApplications(db, w.enterprise.actor, id, [a], null, AFTER));
  ok(awardChallenge(db, w.enterprise.actor, id, [{ applicationId: a, awardFen: 2_000_000_00 }], null, AFTER));
  const { ledgerEntryId } = ok(
    acceptMilestone(
      db,
      w.enterprise.actor,
      id,
      { milestoneId: db.$client.prepare("SELECT id FROM challenge_milestones WHERE challenge_id = ?").pluck().get(id) as number },
      null,
      AFTER,
    ),
  );

  expect(contractLedger(db, contract.id)).toEqual(before);
  const noContract = db.select().from(ledgerEntries).where(isNull(ledgerEntries.contractId)).all();
  expect(noContract.map((e) => e.id)).toEqual([ledgerEntryId]);
  expect(noContract[0]).toMatchObject({ kind: "challenge_reward", challengeId: id, amountFen: 2_000_000_00 });
  // The contract-side sums read only payments and refunds of contract families.
  const contractMoney = db
    .select({ fen: sql<number>`coalesce(sum(${ledgerEntries.amountFen}), 0)` })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.kind, "payment"))
    .get()!.fen;
  expect(contractMoney).toBe(50_000_00);
  // The append-only triggers still hold for a challenge's entry.
  expect(() => db.$client.prepare("UPDATE ledger_entries SET amount_fen = 1 WHERE id = ?").run(ledgerEntryId)).toThrow();
});

it("two acceptances of one milestone racing from two processes pay it once", async () => {
  const w = await makeChallengeWorld(db);
  const id = publishedChallenge(db, w, { payout: "on_award" });
  const a = apply(db, w.institute, id);
  ok(shortlistApplications(db, w.enterprise.actor, id, [a], null, AFTER));
  ok(awardChallenge(db, w.enterprise.actor, id, [{ applicationId: a, awardFen: 1_000_000_00 }], null, AFTER));
  const milestone = db.$client.prepare("SELECT id FROM challenge_milestones WHERE challenge_id = ?").pluck().get(id) as number;
  const child = path.resolve("tests/integration/challenges-accept-child.ts");
  const tsx = path.resolve("node_modules/.bin/tsx");
  const start = Date.now() + 1500;
  const run = promisify(execFile);
  const results = await Promise.all(
    [0, 1].map(() =>
      run(tsx, [child, file, String(w.enterprise.user.id), String(id), String(milestone), String(start)]).then(
        (r) => JSON.parse(r.stdout) as { ok: boolean; error?: string },
      ),
    ),
  );
  expect(results.filter((r) => r.ok)).toHaveLength(1);
  expect(results.filter((r) => !r.ok).map((r) => r.error)).toEqual(["conflict"]);
  const entries = db.select().from(ledgerEntries).where(eq(ledgerEntries.challengeMilestoneId, milestone)).all();
  expect(entries).toHaveLength(1);
  expect(entries[0]!.amountFen).toBe(1_000_000_00);
}, 60_000);
