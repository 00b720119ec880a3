import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTx, type Db } from "../../db/connection";
import { auditEvents, contractFlags, dataVersions, policySettings } from "../../db/schema";
import type { ContractFlagKind } from "../../app/codes";
import { clearFlag, evaluateContractFlags, evaluateRecordFlags, registrationChecks, saveRegistrationChecks } from "../../app/services/padding-flags.server";
import { makeOrg, makeUser, useAppDb, type TestUser } from "../helpers/app";
import { freshParties, insertContract, insertRecord, LINE } from "./padding-flags-fixtures";

// Each padding check raised by the smallest case that should raise it and not by its nearest
// neighbour that should not; a cleared flag stays cleared; only the registrar clears.

const NOW = new Date("2026-04-20T04:00:00.000Z"); // 2026-04-20 12:00 in Beijing

let db: Db;
let cleanup: () => void;
let admin: TestUser;
let member: TestUser;

beforeAll(async () => {
  ({ db, cleanup } = useAppDb());
  const org = makeOrg(db, "institute");
  admin = await makeUser(db, "admin", makeOrg(db, "government").id);
  member = await makeUser(db, "institute", org.id);
});
afterAll(() => cleanup());

function contractKinds(id: number, stage: "filing" | "registration" = "filing", now = NOW): ContractFlagKind[] {
  return writeTx(db, (tx) => evaluateContractFlags(tx, id, stage, now)).map((f) => f.kind);
}

function recordKinds(id: number): ContractFlagKind[] {
  return writeTx(db, (tx) => evaluateRecordFlags(tx, id, NOW)).map((f) => f.kind);
}

function flagOf(contractId: number, kind: ContractFlagKind) {
  return db
    .select()
    .from(contractFlags)
    .where(and(eq(contractFlags.contractId, contractId), eq(contractFlags.kind, kind)))
    .get();
}

const contract = (o: Parameters<typeof insertContract>[3] = {}, parties = freshParties()) => insertContract(db, member.user.id, parties, o);

describe("amount checks", () => {
  it("raises tech_amount when 技术交易额 is 0, not when it is one fen", () => {
    expect(contractKinds(contract({ otherFen: 300_000_000 }).id)).toContain("tech_amount");
    expect(contractKinds(contract({ otherFen: 299_999_999 }).id)).not.toContain("tech_amount");
    expect(recordKinds(insertRecord(db, freshParties(), { techValueFen: 0 }).id)).toContain("tech_amount");
    expect(recordKinds(insertRecord(db, freshParties(), { techValueFen: 1 }).id)).not.toContain("tech_amount");
  });

  it("raises non_tech_share when the items are one fen above half of 成交额, not at exactly half", () => {
    expect(contractKinds(contract({ equipmentFen: 100_000_000, materialsFen: 50_000_000 }).id)).not.toContain("non_tech_share");
    const c = contract({ equipmentFen: 100_000_000, materialsFen: 50_000_001 });
    expect(contractKinds(c.id)).toContain("non_tech_share");
    expect(flagOf(c.id, "non_tech_share")?.detail).toMatchObject({ nonTechFen: 150_000_001, contractValueFen: 300_000_000 });
  });

  it("raises large_amount above the review line, not at it", () => {
    expect(contractKinds(contract({ contractValueFen: LINE }).id)).not.toContain("large_amount");
    expect(contractKinds(contract({ contractValueFen: LINE + 1 }).id)).toContain("large_amount");
    expect(recordKinds(insertRecord(db, freshParties(), { contractValueFen: LINE + 1, techValueFen: LINE + 1 }).id)).toContain("large_amount");
  });

  it("reads the review line from policy settings, and the defaults when the setting is malformed", () => {
    const set = (value: unknown) =>
      writeTx(db, (tx) =>
        tx.insert(policySettings).values({ key: "registration_checks", value }).onConflictDoUpdate({ target: policySettings.key, set: { value } }).run(),
      );
    set({ reviewLineFen: 200_000_000, splitWindowDays: 60, decisionWindowDays: 10 });
    expect(registrationChecks(db)).toEqual({ reviewLineFen: 200_000_000, splitWindowDays: 60, decisionWindowDays: 10 });
    expect(contractKinds(contract({ contractValueFen: 200_000_001 }).id)).toContain("large_amount");
    set({ reviewLineFen: "a lot" });
    expect(registrationChecks(db)).toEqual({ reviewLineFen: LINE, splitWindowDays: 90, decisionWindowDays: 30 });
    writeTx(db, (tx) => tx.delete(policySettings).where(eq(policySettings.key, "registration_checks")).run());
  });

  it("saves the review line and windows for the registrar alone, audited", () => {
    const numbers = { reviewLineFen: 500_000_000, splitWindowDays: 120, decisionWindowDays: 45 };
    expect(saveRegistrationChecks(db, member.actor, numbers, "req-s1", NOW)).toEqual({ ok: false, error: "forbidden" });
    expect(registrationChecks(db)).toEqual({ reviewLineFen: LINE, splitWindowDays: 90, decisionWindowDays: 30 });
    expect(saveRegistrationChecks(db, admin.actor, { ...numbers, splitWindowDays: 0 }, "req-s2", NOW)).toEqual({ ok: false, error: "invalid" });
    expect(saveRegistrationChecks(db, admin.actor, numbers, "req-s3", NOW)).toEqual({ ok: true });
    expect(registrationChecks(db)).toEqual(numbers);
    const audits = db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entity, "policy_setting"), eq(auditEvents.entityId, "registration_checks")))
      .all();
    expect(audits.map((a) => [a.action, a.actorUserId])).toEqual([
      ["denied:update", member.user.id],
      ["update", admin.user.id],
    ]);
    writeTx(db, (tx) => tx.delete(policySettings).where(eq(policySettings.key, "registration_checks")).run());
  });

  it("raises related_party when declared or when both sides carry one credit code, not otherwise", () => {
    expect(contractKinds(contract({ relatedParty: true }).id)).toContain("related_party");
    expect(contractKinds(contract({ relatedParty: false }).id)).not.toContain("related_party");
    const code = freshParties().sellerCreditCode;
    expect(contractKinds(contract({}, { sellerCreditCode: code, buyerCreditCode: code }).id)).toContain("related_party");
  });
});

describe("likely_split", () => {
  it("raises on two filings of the same parties and subject signed 90 days apart, together above the line", () => {
    const p = freshParties();
    const first = contract({ contractValueFen: 600_000_000, signedOn: "2026-01-01" }, p);
    const second = contract({ contractValueFen: 400_000_001, signedOn: "2026-04-01" }, p);
    expect(contractKinds(second.id)).toContain("likely_split");
    const detail = flagOf(second.id, "likely_split")!.detail as { others: { contractId: number }[]; combinedFen: number };
    expect(detail.combinedFen).toBe(1_000_000_001);
    expect(detail.others.map((o) => o.contractId)).toEqual([first.id]);
  });

  it("does not raise at 91 days apart", () => {
    const p = freshParties();
    contract({ contractValueFen: 600_000_000, signedOn: "2026-01-01" }, p);
    expect(contractKinds(contract({ contractValueFen: 400_000_001, signedOn: "2026-04-02" }, p).id)).not.toContain("likely_split");
  });

  it("does not raise when together exactly at the line", () => {
    const p = freshParties();
    contract({ contractValueFen: 600_000_000, signedOn: "2026-01-01" }, p);
    expect(contractKinds(contract({ contractValueFen: 400_000_000, signedOn: "2026-02-01" }, p).id)).not.toContain("likely_split");
  });

  it("does not raise for another subject, a draft or a cancelled family", () => {
    const p = freshParties();
    contract({ contractValueFen: 600_000_000, contractFieldCode: "C01" }, p);
    contract({ contractValueFen: 600_000_000, status: "draft", submittedAt: null }, p);
    contract({ contractValueFen: 600_000_000, status: "cancelled", cancelledAt: "2026-04-02T00:00:00.000Z" }, p);
    expect(contractKinds(contract({ contractValueFen: 500_000_000, signedOn: "2026-03-19" }, p).id)).not.toContain("likely_split");
  });

  it("compares against off-platform national records, both ways", () => {
    const p = freshParties();
    const record = insertRecord(db, p, { contractValueFen: 700_000_000, techValueFen: 700_000_000, signedOn: "2026-02-01" });
    const c = contract({ contractValueFen: 300_000_001, signedOn: "2026-03-01" }, p);
    expect(contractKinds(c.id)).toContain("likely_split");
    expect((flagOf(c.id, "likely_split")!.detail as { others: { nationalRecordId?: number }[] }).others).toMatchObject([{ nationalRecordId: record.id }]);
    expect(recordKinds(record.id)).toContain("likely_split");
  });

  it("never raises on a contract already above the line (that is large_amount)", () => {
    const p = freshParties();
    contract({ contractValueFen: 100_000_000 }, p);
    expect(contractKinds(contract({ contractValueFen: LINE + 1 }, p).id)).not.toContain("likely_split");
  });
});

describe("duplicate", () => {
  it("raises on another family with the same parties, signing date and amount; not on another date", () => {
    const p = freshParties();
    const first = contract({}, p);
    expect(contractKinds(contract({ signedOn: "2026-03-19" }, p).id)).not.toContain("duplicate");
    const again = contract({}, p);
    expect(contractKinds(again.id)).toContain("duplicate");
    expect((flagOf(again.id, "duplicate")!.detail as { others: { contractId?: number }[] }).others.map((o) => o.contractId)).toContain(first.id);
  });

  it("never calls an amendment of the same family a duplicate", () => {
    const p = freshParties();
    const original = contract(
      { status: "registered", registrationNo: "2026141100000901", registeredAt: "2026-04-02T00:00:00.000Z", registrationYear: 2026 },
      p,
    );
    const amendment = contract({ familyId: original.id, amendsId: original.id, amendmentNo: 1 }, p);
    expect(contractKinds(amendment.id)).not.toContain("duplicate");
  });

  it("raises on a national record with the platform's number that names another contract, and on parties, date and amount", () => {
    const p = freshParties();
    insertRecord(db, freshParties(), { registrationNo: "2026140000999001" });
    const elsewhere = contract({ status: "elsewhere", elsewhereNo: "2026140000999001", elsewhereRegisteredOn: "2026-04-01" });
    expect(contractKinds(elsewhere.id)).toContain("duplicate");
    insertRecord(db, p);
    expect(contractKinds(contract({}, p).id)).toContain("duplicate");
  });

  it("does not raise on the record matched to the contract itself", () => {
    const p = freshParties();
    const c = contract({ status: "registered", registrationNo: "2026141100000902", registeredAt: "2026-04-02T00:00:00.000Z", registrationYear: 2026 }, p);
    insertRecord(db, p, { registrationNo: "2026141100000902", status: "matched", contractId: c.id });
    expect(contractKinds(c.id)).not.toContain("duplicate");
  });

  it("raises on two records with the same parties, date and amount under different numbers; not on another amount", () => {
    const p = freshParties();
    insertRecord(db, p);
    expect(recordKinds(insertRecord(db, p, { contractValueFen: 300_000_001, techValueFen: 300_000_001 }).id)).not.toContain("duplicate");
    expect(recordKinds(insertRecord(db, p).id)).toContain("duplicate");
  });
});

describe("checks at registration", () => {
  it("raises term_ended when the term ended the day before registration, not on its last day", () => {
    expect(contractKinds(contract({ termEnd: "2026-04-20" }).id, "registration")).not.toContain("term_ended");
    const ended = contract({ termEnd: "2026-04-19" });
    expect(contractKinds(ended.id, "filing")).not.toContain("term_ended");
    expect(contractKinds(ended.id, "registration")).toContain("term_ended");
    expect(flagOf(ended.id, "term_ended")).toMatchObject({ stage: "registration", detail: { termEnd: "2026-04-19", registeredOn: "2026-04-20" } });
  });

  it("raises late_decision 30 days and a minute after filing, not at 30 days", () => {
    const filed = "2026-03-21T04:00:00.000Z";
    expect(contractKinds(contract({ submittedAt: filed }).id, "registration")).not.toContain("late_decision");
    const late = contract({ submittedAt: "2026-03-21T03:59:00.000Z" });
    expect(contractKinds(late.id, "filing")).not.toContain("late_decision");
    expect(contractKinds(late.id, "registration")).toContain("late_decision");
  });
});

describe("clearing a flag", () => {
  it("is the registrar's alone, with a reason, audited, and the flag is not raised again", () => {
    const c = contract({ relatedParty: true });
    expect(contractKinds(c.id)).toEqual(["related_party"]);
    const flag = flagOf(c.id, "related_party")!;
    const versionBefore = db.select().from(dataVersions).where(eq(dataVersions.name, "contracts")).get()?.version ?? 0;

    expect(clearFlag(db, member.actor, flag.id, "董事会决议已审核", "req-1", NOW)).toEqual({ ok: false, error: "forbidden" });
    const denied = db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entity, "contract_flag"), eq(auditEvents.entityId, String(flag.id))))
      .all();
    expect(denied.map((a) => a.action)).toEqual(["denied:clear_flag"]);

    expect(clearFlag(db, admin.actor, flag.id, " x ", "req-2", NOW)).toEqual({ ok: false, error: "invalid_reason" });
    expect(clearFlag(db, admin.actor, flag.id, "关联交易价格经评估机构确认公允", "req-3", NOW)).toEqual({ ok: true });
    expect(clearFlag(db, admin.actor, flag.id, "关联交易价格经评估机构确认公允", "req-4", NOW)).toEqual({ ok: false, error: "already_cleared" });
    expect(clearFlag(db, admin.actor, 99_999_999, "不存在的标记", "req-5", NOW)).toEqual({ ok: false, error: "not_found" });

    expect(flagOf(c.id, "related_party")).toMatchObject({
      clearedAt: NOW.toISOString(),
      clearedBy: admin.user.id,
      clearReason: "关联交易价格经评估机构确认公允",
    });
    const audits = db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entity, "contract_flag"), eq(auditEvents.entityId, String(flag.id))))
      .all();
    expect(audits.map((a) => a.action)).toEqual(["denied:clear_flag", "clear"]);
    expect(db.select().from(dataVersions).where(eq(dataVersions.name, "contracts")).get()?.version).toBe(versionBefore + 1);

    expect(contractKinds(c.id, "registration")).toEqual([]);
    expect(db.select().from(contractFlags).where(eq(contractFlags.contractId, c.id)).all()).toHaveLength(1);
  });
});
