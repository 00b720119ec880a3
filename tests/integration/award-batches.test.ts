import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { auditEvents, awardBatches, brokers, contracts, ledgerEntries, matches, needs } from "../../db/schema";
import * as batchPage from "../../app/routes/admin.batches.$id";
import * as rewardsPage from "../../app/routes/admin.rewards";
import * as workbench from "../../app/routes/broker._index";
import * as subsidyPage from "../../app/routes/admin.subsidies";
import * as exportRoute from "../../app/routes/admin.batches.$id_.export[.xlsx]";
import { createAchievement } from "../../app/services/achievements.server";
import { approveBatch, brokerAwardFigures, computeBatch, getBatch, markBatchPaid } from "../../app/services/award-batches.server";
import { batchWorkbook } from "../../app/services/award-export.server";
import { amendContract, createContract, submitContract, updateContract } from "../../app/services/contract-filing.server";
import { createNeed } from "../../app/services/needs.server";
import { saveRewardRule } from "../../app/services/rewards.server";
import { saveSubsidyRule } from "../../app/services/subsidy-rules.server";
import type { RewardRuleInput } from "../../app/schemas/contracts";
import type { SubsidyRuleInput } from "../../app/schemas/awards";
import type { AwardKind } from "../../db/schema";
import { req, statusOf, useAppDb } from "../helpers/app";
import { achievementInput, needInput } from "../helpers/world";
import { contractInput, makeContractWorld, ok, partiesOf, type ContractWorld, type ContractOverrides, registerCleared } from "./contracts-fixtures";

// Subsidy and broker-reward batches on a real SQLite file: amounts received come from ledger
// entries, batches are computed for a period, approved (frozen) and exported.

let db: Db;
let w: ContractWorld;
let cleanup: () => void;
let serial = 0;

beforeEach(async () => {
  ({ db, cleanup } = useAppDb());
  w = await makeContractWorld(db);
});
afterEach(() => cleanup());

const WAN = 1_000_000;
/** 5 % of what the seller received, at most 20 万元 per achievement. */
const SUBSIDY: SubsidyRuleInput = {
  name: "技术合同实际到账奖补",
  year: 2026,
  ratePercent: 500,
  beneficiary: "seller",
  capPerAchievementWan: 20 * WAN,
  capPerBeneficiaryYearWan: undefined,
  source: "示例政策",
  active: true,
};
/** 5 % of what was received, at most 20 万元 a broker a year. */
const REWARD: RewardRuleInput = {
  name: "经纪人奖励（按到账）",
  year: 2026,
  ratePercent: 500,
  base: "received",
  capWan: 20 * WAN,
  requireNeedBeforeSigning: false,
  source: "示例政策",
  active: true,
};

/** A signed deal on one achievement; contracts that name it belong to that achievement. */
function deal(brokerUserId = w.broker.user.id): number {
  const need = ok(createNeed(db, w.buyer.actor, needInput({ title: `需求 ${++serial}` }))).id;
  const ach = ok(createAchievement(db, w.seller.actor, achievementInput({ title: `成果 ${serial}` }))).id;
  return writeTx(db, (tx) => {
    tx.update(needs).set({ status: "published", publishedAt: "2026-01-10T02:00:00Z" }).where(eq(needs.id, need)).run();
    return tx.insert(matches).values({ needId: need, achievementId: ach, brokerUserId, stage: "signed", source: "broker" }).returning().get().id;
  });
}

/** A contract recorded by the broker, submitted and registered on 15 April 2026. */
function registered(overrides: ContractOverrides = {}, who = w.broker): number {
  const id = ok(createContract(db, who.actor, contractInput({ ...partiesOf(db, w.buyerOrg.id, w.sellerOrg.id), ...overrides }))).id;
  ok(submitContract(db, who.actor, id));
  const registrationNo = `R2026${String(++serial).padStart(8, "0")}`;
  ok(registerCleared(db, w.admin.actor, id, { intent: "register", registrationNo, acceptCodes: false }, null, new Date("2026-04-15T02:00:00Z")));
  return id;
}

/** Money that moved under a contract family: a verified payment or a refund. */
function money(contractId: number, kind: "payment" | "refund", amountFen: number, effectiveAt: string): void {
  writeTx(db, (tx) =>
    tx
      .insert(ledgerEntries)
      .values({ kind, contractId, amountFen, source: "transfer", sourceRef: `test-${++serial}`, effectiveAt, createdBy: w.admin.user.id })
      .run(),
  );
}

function compute(kind: AwardKind, periodEnd: string, periodStart = "2026-01-01") {
  const id = ok(computeBatch(db, w.admin.actor, { intent: "compute", kind, periodStart, periodEnd })).id;
  return getBatch(db, id)!;
}

function computeAndApprove(kind: AwardKind, periodEnd: string) {
  const b = compute(kind, periodEnd);
  ok(approveBatch(db, w.admin.actor, b.batch.id));
  return getBatch(db, b.batch.id)!;
}

describe("subsidy batches", () => {
  beforeEach(() => ok(saveSubsidyRule(db, w.admin.actor, SUBSIDY)));

  it("pays exactly the cap when 5 % of the amount received reaches it, and nothing beyond", () => {
    const c = registered({ matchId: deal() });
    money(c, "payment", 400 * WAN, "2026-06-10T02:00:00.000Z");
    const first = computeAndApprove("subsidy", "2026-06-30");
    expect(first.lines).toEqual([
      expect.objectContaining({ contractId: c, baseFen: 400 * WAN, rateBp: 500, entitledFen: 20 * WAN, amountFen: 20 * WAN, capApplied: false }),
    ]);
    expect(first.lines[0]!.beneficiaryName).toBe(w.sellerOrg.name);
    money(c, "payment", 100, "2026-07-01T02:00:00.000Z");
    expect(compute("subsidy", "2026-07-31").lines).toEqual([]);
  });

  it("shares the per-achievement cap across two contracts of one achievement, in signing order", () => {
    const match = deal();
    const a = registered({ matchId: match, signedOn: "2026-03-01" });
    const b = registered({ matchId: match, signedOn: "2026-04-01" });
    money(a, "payment", 300 * WAN, "2026-05-01T02:00:00.000Z");
    money(b, "payment", 200 * WAN, "2026-05-02T02:00:00.000Z");
    const batch = compute("subsidy", "2026-06-30");
    expect(batch.lines.map((l) => [l.contractId, l.entitledFen, l.capApplied])).toEqual([
      [a, 15 * WAN, false],
      [b, 5 * WAN, true],
    ]);
    expect(batch.batch.totalFen).toBe(20 * WAN);
  });

  it("counts only money moved by the period's end (Beijing) and rounds each contract down to the fen", () => {
    const c = registered({ matchId: deal() });
    money(c, "payment", 333, "2026-06-30T15:59:59.999Z");
    money(c, "payment", WAN, "2026-06-30T16:00:00.000Z"); // 1 July in Beijing
    expect(compute("subsidy", "2026-06-30").lines.map((l) => [l.baseFen, l.amountFen])).toEqual([[333, 16]]);
  });

  it("shows a refund after approval as a negative line in the next batch, leaving the approved one as it was", () => {
    const c = registered({ matchId: deal() });
    money(c, "payment", 100 * WAN, "2026-05-01T02:00:00.000Z");
    const approved = computeAndApprove("subsidy", "2026-05-31");
    money(c, "refund", 40 * WAN, "2026-06-15T02:00:00.000Z");
    const next = compute("subsidy", "2026-06-30");
    expect(next.lines).toEqual([expect.objectContaining({ contractId: c, entitledFen: 3 * WAN, awardedBeforeFen: 5 * WAN, amountFen: -2 * WAN })]);
    expect(getBatch(db, approved.batch.id)).toEqual(approved);
  });

  it("enters an approved negative line in the ledger as a subsidy_recovery, so the ledger's net equals the approved lines", () => {
    const c = registered({ matchId: deal() });
    money(c, "payment", 100 * WAN, "2026-05-01T02:00:00.000Z");
    computeAndApprove("subsidy", "2026-05-31");
    money(c, "refund", 40 * WAN, "2026-06-15T02:00:00.000Z");
    const next = computeAndApprove("subsidy", "2026-06-30");
    const [line] = next.lines;
    expect(line).toMatchObject({ contractId: c, amountFen: -2 * WAN });
    const batchEntries = db.select().from(ledgerEntries).where(eq(ledgerEntries.source, "batch")).all();
    expect(batchEntries.map((e) => [e.kind, e.amountFen, e.beneficiaryOrgId])).toEqual([
      ["subsidy", 5 * WAN, w.sellerOrg.id],
      ["subsidy_recovery", 2 * WAN, w.sellerOrg.id],
    ]);
    expect(batchEntries[1]!.sourceRef).toBe(String(line!.id));
    const net = batchEntries.reduce((s, e) => s + (e.kind === "subsidy" ? e.amountFen : -e.amountFen), 0);
    const approvedLines = db.$client
      .prepare(
        "SELECT SUM(l.amount_fen) AS fen FROM award_batch_lines l JOIN award_batches b ON b.id = l.batch_id WHERE b.status = 'approved' AND l.beneficiary_org_id = ?",
      )
      .get(w.sellerOrg.id) as { fen: number };
    expect(net).toBe(approvedLines.fen);
    expect(net).toBe(3 * WAN);
  });

  it("keeps an approved batch as it was when the rule is edited afterwards; the difference comes in the next batch", () => {
    const c = registered({ matchId: deal() });
    money(c, "payment", 100 * WAN, "2026-05-01T02:00:00.000Z");
    const approved = computeAndApprove("subsidy", "2026-05-31");
    const ruleId = approved.lines[0]!.ruleId!;
    ok(saveSubsidyRule(db, w.admin.actor, { ...SUBSIDY, id: ruleId, ratePercent: 300 }));
    expect(getBatch(db, approved.batch.id)).toEqual(approved);
    expect(approved.lines[0]).toMatchObject({ rateBp: 500, amountFen: 5 * WAN });
    const next = compute("subsidy", "2026-06-30");
    expect(next.lines).toEqual([expect.objectContaining({ rateBp: 300, entitledFen: 3 * WAN, amountFen: -2 * WAN })]);
  });

  it("gives a related-party contract nothing", () => {
    const c = registered({ matchId: deal(), relatedParty: true });
    money(c, "payment", 100 * WAN, "2026-05-01T02:00:00.000Z");
    expect(compute("subsidy", "2026-06-30").lines).toEqual([]);
  });

  it("never awards twice for the same period, and a new computation replaces the draft", () => {
    const c = registered({ matchId: deal() });
    money(c, "payment", 100 * WAN, "2026-05-01T02:00:00.000Z");
    const draft = compute("subsidy", "2026-05-31");
    const again = compute("subsidy", "2026-05-31");
    expect(getBatch(db, draft.batch.id)).toBeNull();
    ok(approveBatch(db, w.admin.actor, again.batch.id));
    const third = compute("subsidy", "2026-05-31");
    expect(third.lines).toEqual([]);
    expect(third.batch.totalFen).toBe(0);
    expect(db.select().from(ledgerEntries).where(eq(ledgerEntries.kind, "subsidy")).all()).toEqual([
      expect.objectContaining({ contractId: c, amountFen: 5 * WAN, source: "batch", sourceRef: String(again.lines[0]!.id), beneficiaryOrgId: w.sellerOrg.id }),
    ]);
    expect(approveBatch(db, w.admin.actor, again.batch.id)).toEqual({ ok: false, error: "conflict" });
    expect(computeBatch(db, w.admin.actor, { intent: "compute", kind: "subsidy", periodStart: "2026-01-01", periodEnd: "2026-04-30" })).toEqual({
      ok: false,
      error: "period_before_last",
    });
  });

  it("freezes an approved batch: its lines cannot be updated or deleted, the batch only marked paid once", () => {
    const c = registered({ matchId: deal() });
    money(c, "payment", 100 * WAN, "2026-05-01T02:00:00.000Z");
    const { batch, lines } = computeAndApprove("subsidy", "2026-05-31");
    const sql = db.$client;
    expect(() => sql.prepare("UPDATE award_batch_lines SET amount_fen = 1, entitled_fen = 1, awarded_before_fen = 0 WHERE id = ?").run(lines[0]!.id)).toThrow(
      /frozen/,
    );
    expect(() => sql.prepare("DELETE FROM award_batch_lines WHERE id = ?").run(lines[0]!.id)).toThrow(/frozen/);
    expect(() => sql.prepare("DELETE FROM award_batches WHERE id = ?").run(batch.id)).toThrow(/frozen/);
    expect(() => sql.prepare("UPDATE award_batches SET total_fen = 0 WHERE id = ?").run(batch.id)).toThrow(/frozen/);
    expect(() => sql.prepare("UPDATE award_batches SET status = 'draft' WHERE id = ?").run(batch.id)).toThrow(/frozen/);
    expect(() =>
      sql
        .prepare(
          "INSERT INTO award_batch_lines SELECT NULL, batch_id, kind, contract_id, version_id, title, registration_no, achievement_id, beneficiary_key, beneficiary_name, beneficiary_org_id, broker_user_id, rule_id, year, base_kind, base_fen, rate_bp, cap_fen, cap_applied, entitled_fen, awarded_before_fen, amount_fen FROM award_batch_lines WHERE id = ?",
        )
        .run(lines[0]!.id),
    ).toThrow(/frozen/);
    ok(markBatchPaid(db, w.admin.actor, batch.id));
    expect(markBatchPaid(db, w.admin.actor, batch.id)).toEqual({ ok: false, error: "conflict" });
    expect(() => sql.prepare("UPDATE award_batches SET paid_at = NULL WHERE id = ?").run(batch.id)).toThrow(/frozen/);
    expect(getBatch(db, batch.id)!.lines).toEqual(lines);
    const trail = db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entity, "award_batch"), eq(auditEvents.entityId, String(batch.id))))
      .all();
    expect(trail.map((e) => [e.action, e.actorUserId])).toEqual([
      ["compute", w.admin.user.id],
      ["approve", w.admin.user.id],
      ["pay", w.admin.user.id],
    ]);
  });

  it("exports the batch as an .xlsx workbook with the same lines and total", async () => {
    const match = deal();
    const a = registered({ matchId: match, signedOn: "2026-03-01" });
    const b = registered({ matchId: match, signedOn: "2026-04-01" });
    money(a, "payment", 300 * WAN + 17, "2026-05-01T02:00:00.000Z");
    money(b, "payment", 200 * WAN, "2026-05-02T02:00:00.000Z");
    const { batch, lines } = computeAndApprove("subsidy", "2026-06-30");
    const out = await statusOf(() =>
      exportRoute.loader({
        request: req(`/admin/batches/${batch.id}/export.xlsx`, { cookie: w.admin.cookie }),
        params: { id: String(batch.id) },
        context: {},
      } as never),
    );
    expect(out.status).toBe(200);
    expect(out.response!.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(out.response!.headers.get("Content-Disposition")).toMatch(/^attachment; filename="subsidy-batch-\d+-2026-06-30\.xlsx"$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await out.response!.arrayBuffer());
    const ws = wb.worksheets[0]!;
    const fen = (v: unknown) => Math.round(Number(v) * 100);
    const rows = lines.map((_, i) => ws.getRow(i + 2));
    expect(rows.map((r) => [Number(r.getCell(1).value), fen(r.getCell(6).value), fen(r.getCell(12).value)])).toEqual(
      lines.map((l) => [l.id, l.baseFen, l.amountFen]),
    );
    expect(fen(ws.getRow(lines.length + 2).getCell(12).value)).toBe(batch.totalFen);
    expect(batch.totalFen).toBe(lines.reduce((s, l) => s + l.amountFen, 0));
    for (const who of [w.broker, w.seller]) {
      const refused = await statusOf(() =>
        exportRoute.loader({
          request: req(`/admin/batches/${batch.id}/export.xlsx`, { cookie: who.cookie }),
          params: { id: String(batch.id) },
          context: {},
        } as never),
      );
      expect(refused.status).toBe(403);
    }
    expect((await batchWorkbook(batch, lines, "en")).length).toBeGreaterThan(0);
  });

  it("lets only the admin approve, through the page, and audits a refused attempt", async () => {
    const c = registered({ matchId: deal() });
    money(c, "payment", 100 * WAN, "2026-05-01T02:00:00.000Z");
    const { batch } = compute("subsidy", "2026-05-31");
    const post = (cookie: string) =>
      statusOf(() =>
        batchPage.action({
          request: req(`/admin/batches/${batch.id}`, { cookie, form: { intent: "approve" } }),
          params: { id: String(batch.id) },
          context: {},
        } as never),
      );
    expect((await post(w.broker.cookie)).status).toBe(403);
    expect(db.select().from(awardBatches).where(eq(awardBatches.id, batch.id)).get()!.status).toBe("draft");
    expect(
      db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.entity, "award_batch"), eq(auditEvents.action, "denied:update")))
        .all(),
    ).toHaveLength(1);
    expect((await post(w.admin.cookie)).status).toBe(302);
    expect(db.select().from(awardBatches).where(eq(awardBatches.id, batch.id)).get()!.status).toBe("approved");
  });
});

describe("broker reward batches", () => {
  beforeEach(() => ok(saveRewardRule(db, w.admin.actor, REWARD)));

  it("rewards on the amount received, up to the broker's yearly cap, and shows awarded, pending and paid", async () => {
    const a = registered({ matchId: deal(), signedOn: "2026-03-01" });
    const b = registered({ matchId: deal(), signedOn: "2026-04-01" });
    money(a, "payment", 300 * WAN, "2026-05-01T02:00:00.000Z");
    money(b, "payment", 200 * WAN, "2026-05-02T02:00:00.000Z");
    const { batch, lines } = computeAndApprove("reward", "2026-05-31");
    expect(lines.map((l) => [l.contractId, l.brokerUserId, l.baseKind, l.entitledFen, l.capApplied])).toEqual([
      [a, w.broker.user.id, "received", 15 * WAN, false],
      [b, w.broker.user.id, "received", 5 * WAN, true],
    ]);
    expect(brokerAwardFigures(db, w.broker.user.id, "2026-06-30")).toEqual({ awardedFen: 20 * WAN, paidFen: 0, pendingFen: 0 });
    money(a, "refund", 100 * WAN, "2026-06-01T02:00:00.000Z");
    ok(markBatchPaid(db, w.admin.actor, batch.id));
    // 200 万 + 200 万 received now: 10 万 + 10 万, under the cap; b gains 5 万, a loses 5 万.
    expect(brokerAwardFigures(db, w.broker.user.id, "2026-06-30")).toEqual({ awardedFen: 20 * WAN, paidFen: 20 * WAN, pendingFen: 0 });
    expect(compute("reward", "2026-06-30").lines.map((l) => [l.contractId, l.amountFen])).toEqual([
      [a, -5 * WAN],
      [b, 5 * WAN],
    ]);
    // Approving takes a's 5 万 back as a reward_recovery: the broker's net in the ledger stays 20 万, as the approved lines say.
    ok(approveBatch(db, w.admin.actor, db.select().from(awardBatches).where(eq(awardBatches.status, "draft")).get()!.id));
    const rewards = db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.source, "batch"), eq(ledgerEntries.beneficiaryUserId, w.broker.user.id)))
      .all();
    expect(rewards.filter((e) => e.kind === "reward_recovery").map((e) => [e.contractId, e.amountFen])).toEqual([[a, 5 * WAN]]);
    expect(rewards.reduce((s, e) => s + (e.kind === "reward" ? e.amountFen : -e.amountFen), 0)).toBe(20 * WAN);
    // The workbench shows the same figures to the broker, up to today.
    const page = await statusOf(() =>
      workbench.loader({ request: req("/broker", { cookie: w.broker.cookie }), params: {}, context: { cspNonce: "" } } as never),
    );
    expect(page.status).toBe(200);
    expect((await page.response!.json()).awards).toEqual({ awardedFen: 20 * WAN, paidFen: 20 * WAN, pendingFen: 0 });
  });

  it("keeps an approved batch as it was when an amendment is registered; the new 技术交易额 shows in the next batch", () => {
    const ruleId = db.$client.prepare("SELECT id FROM reward_rules").get() as { id: number };
    ok(saveRewardRule(db, w.admin.actor, { ...REWARD, id: ruleId.id, base: "tech_value" }));
    const match = deal();
    const original = registered({ matchId: match, techValueFen: 100 * WAN });
    const approved = computeAndApprove("reward", "2026-04-30");
    expect(approved.lines.map((l) => [l.contractId, l.baseFen, l.amountFen])).toEqual([[original, 100 * WAN, 5 * WAN]]);
    const amendment = ok(amendContract(db, w.broker.actor, original)).id;
    const parties = partiesOf(db, w.buyerOrg.id, w.sellerOrg.id);
    ok(updateContract(db, w.broker.actor, amendment, contractInput({ ...parties, matchId: match, techValueFen: 140 * WAN })));
    ok(submitContract(db, w.broker.actor, amendment));
    const registration = { intent: "register" as const, registrationNo: "R2026AMEND0001", acceptCodes: false };
    ok(registerCleared(db, w.admin.actor, amendment, registration, null, new Date("2026-05-10T02:00:00Z")));
    expect(getBatch(db, approved.batch.id)).toEqual(approved);
    const next = compute("reward", "2026-05-31");
    expect(next.lines.map((l) => [l.contractId, l.versionId, l.baseFen, l.awardedBeforeFen, l.amountFen])).toEqual([
      [original, amendment, 140 * WAN, 5 * WAN, 2 * WAN],
    ]);
  });

  it("gives nothing on a contract signed after the broker's certificate had lapsed", () => {
    const lapsed = registered({ matchId: deal(), signedOn: "2026-03-18" });
    const fine = registered({ matchId: deal(), signedOn: "2026-03-16" });
    writeTx(db, (tx) => tx.update(brokers).set({ validUntil: "2026-03-17" }).where(eq(brokers.userId, w.broker.user.id)).run());
    money(lapsed, "payment", 100 * WAN, "2026-05-01T02:00:00.000Z");
    money(fine, "payment", 100 * WAN, "2026-05-01T02:00:00.000Z");
    expect(compute("reward", "2026-05-31").lines.map((l) => [l.contractId, l.amountFen])).toEqual([[fine, 5 * WAN]]);
  });

  it("gives nothing on a related-party contract", () => {
    const c = registered({ matchId: deal(), relatedParty: true });
    money(c, "payment", 100 * WAN, "2026-05-01T02:00:00.000Z");
    expect(compute("reward", "2026-05-31").lines).toEqual([]);
  });

  it("can still reward on the 技术交易额, awarded at registration", () => {
    const ruleId = db.$client.prepare("SELECT id FROM reward_rules").get() as { id: number };
    ok(saveRewardRule(db, w.admin.actor, { ...REWARD, id: ruleId.id, base: "tech_value", capWan: 100 * WAN }));
    const c = registered({ matchId: deal(), techValueFen: 320 * WAN });
    expect(compute("reward", "2026-06-30").lines.map((l) => [l.contractId, l.baseKind, l.baseFen, l.amountFen])).toEqual([
      [c, "tech_value", 320 * WAN, 16 * WAN],
    ]);
    expect(db.select().from(contracts).where(eq(contracts.id, c)).get()!.relatedParty).toBe(false);
  });
});

describe("rules without a cap", () => {
  const post = (route: { action: (a: never) => unknown }, path: string, form: Record<string, string>) =>
    statusOf(() => route.action({ request: req(path, { cookie: w.admin.cookie, form }), params: {}, context: {} } as never));

  it("are refused by the reward and subsidy forms and by the database", async () => {
    const rewardForm = { name: "不封顶规则", year: "2026", ratePercent: "5", base: "received", capWan: "", source: "吕科发〔2026〕1号", active: "on" };
    expect((await post(rewardsPage, "/admin/rewards", rewardForm)).status).toBe(400);
    expect((await post(rewardsPage, "/admin/rewards", { ...rewardForm, capWan: "0" })).status).toBe(400);
    expect((await post(rewardsPage, "/admin/rewards", { ...rewardForm, capWan: "20" })).status).toBe(302);
    const subsidyForm = { name: "不封顶奖补", year: "2026", ratePercent: "5", beneficiary: "seller", capPerAchievementWan: "", source: "示例", active: "on" };
    expect((await post(subsidyPage, "/admin/subsidies", subsidyForm)).status).toBe(400);
    expect((await post(subsidyPage, "/admin/subsidies", { ...subsidyForm, capPerAchievementWan: "20" })).status).toBe(302);
    expect(db.$client.prepare("SELECT cap_per_broker_year_fen AS cap FROM reward_rules").all()).toEqual([{ cap: 20 * WAN }]);
    expect(db.$client.prepare("SELECT rate_bp AS rate, cap_per_achievement_fen AS cap FROM subsidy_rules").all()).toEqual([{ rate: 500, cap: 20 * WAN }]);
    expect(() => db.$client.prepare("INSERT INTO reward_rules (name, year, rate_bp, base, source) VALUES ('r', 2026, 500, 'received', 's')").run()).toThrow(
      /NOT NULL constraint failed: reward_rules\.cap_per_broker_year_fen/,
    );
    expect(() =>
      db.$client.prepare("INSERT INTO subsidy_rules (name, year, rate_bp, beneficiary, source) VALUES ('r', 2026, 500, 'seller', 's')").run(),
    ).toThrow(/NOT NULL constraint failed: subsidy_rules\.cap_per_achievement_fen/);
  });
});
