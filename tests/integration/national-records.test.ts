import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/connection";
import { auditEvents, nationalRecords } from "../../db/schema";
import { closeYear } from "../../app/services/closed-years.server";
import { closedYearChanges } from "../../app/services/closed-year-revisions.server";
import { computeContractIndicator } from "../../app/services/indicator.server";
import { officialIndicator } from "../../app/services/official-indicator.server";
import { importNationalFile } from "../../app/services/national-import/apply.server";
import { cancelNationalRecord, listNationalRecords, nationalRecordView } from "../../app/services/national-import/records.server";
import { nationalRecordFilterSchema } from "../../app/schemas/national-record-list";
import { makeOrg, makeUser, req, statusOf, useAppDb, type TestUser } from "../helpers/app";
import * as listPage from "../../app/routes/admin.registrations._index";
import * as recordPage from "../../app/routes/admin.registrations.$id";
import { csvFile, insertContract, nationalRow, type SheetRowValues } from "./national-import-fixtures";

const NOW = new Date("2026-05-06T03:00:00.000Z");
const CTX = { context: { cspNonce: "" } };

let db: Db;
let cleanup: () => void;
let admin: TestUser;
let member: TestUser;

beforeAll(async () => {
  ({ db, cleanup } = useAppDb());
  const bureau = makeOrg(db, "government");
  const firm = makeOrg(db, "enterprise");
  admin = await makeUser(db, "admin", bureau.id);
  member = await makeUser(db, "enterprise", firm.id);
});
afterAll(() => cleanup());

async function importRows(rows: SheetRowValues[], fileName = "national.csv"): Promise<void> {
  const report = await importNationalFile(db, { fileName, bytes: csvFile(rows), actor: admin.actor, locale: "zh-CN", now: NOW });
  if (report === "forbidden" || report.errors.length > 0) throw new Error(`import refused: ${JSON.stringify(report)}`);
}

const recordOf = (row: SheetRowValues) => db.select().from(nationalRecords).where(eq(nationalRecords.registrationNo, row.registrationNo)).get()!;
const list = (query: Record<string, string>) => listNationalRecords(db, nationalRecordFilterSchema.parse(query));
const auditOf = (id: number, action: string) =>
  db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entity, "national_record"), eq(auditEvents.entityId, String(id)), eq(auditEvents.action, action)))
    .all();

async function cancelByPage(user: TestUser, id: number, form: Record<string, string>) {
  return statusOf(() => recordPage.action({ request: req(`/admin/registrations/${id}`, { cookie: user.cookie, form }), params: { id: String(id) }, ...CTX }));
}

describe("the list of imported records", () => {
  const day = (i: number) => `2023-${String(1 + Math.floor(i / 28)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`;
  const paged = Array.from({ length: 55 }, (_, i) => nationalRow({ title: `分页测试项目 ${i}`, signedOn: "2023-01-01", registeredOn: day(i) }));

  beforeAll(async () => {
    await importRows(paged);
  });

  it("shows 50 a page, newest registration first, and the rest on the next page", () => {
    const first = list({ q: "分页测试" });
    expect([first.total, first.page, first.pages, first.rows.length]).toEqual([55, 1, 2, 50]);
    expect(first.rows[0]!.registeredOn).toBe(day(54));
    const dates = first.rows.map((r) => r.registeredOn);
    expect(dates).toEqual([...dates].sort().reverse());
    const second = list({ q: "分页测试", page: "2" });
    expect(second.rows.map((r) => r.registeredOn)).toEqual([day(4), day(3), day(2), day(1), day(0)]);
    // A page past the last shows the last; a malformed one the first.
    expect(list({ q: "分页测试", page: "9" }).page).toBe(2);
    expect(list({ q: "分页测试", page: "abc" }).page).toBe(1);
  });

  it("filters by status, registration year and a number, title or party name", async () => {
    const numbered = nationalRow({ title: "筛选测试 已匹配", registeredOn: "2022-06-01", signedOn: "2022-05-01" });
    insertContract(db, admin.user.id, { registrationNo: numbered.registrationNo, registrationYear: 2022, title: "平台上的合同" });
    const twin = nationalRow({
      title: "筛选测试 待确认",
      buyerName: "筛选买方股份有限公司",
      registeredOn: "2022-06-02",
      signedOn: "2022-05-02",
      contractValue: "3000.00",
      techValue: "3000.00",
    });
    const twinContract = insertContract(db, admin.user.id, {
      status: "submitted",
      registrationYear: null,
      registeredAt: null,
      sellerCreditCode: twin.sellerCreditCode,
      buyerCreditCode: twin.buyerCreditCode,
      signedOn: twin.signedOn,
      contractValueFen: 300_000,
    });
    const plain = nationalRow({ title: "筛选测试 平台外", registeredOn: "2022-06-03", signedOn: "2022-05-03" });
    await importRows([numbered, twin, plain]);

    expect(list({ q: "筛选测试" }).rows.map((r) => r.status)).toEqual(["off_platform", "to_confirm", "matched"]);
    const matched = list({ q: "筛选测试", status: "matched" }).rows;
    expect(matched.map((r) => r.registrationNo)).toEqual([numbered.registrationNo]);
    expect(matched[0]!.contractId).not.toBeNull();
    expect(list({ status: "to_confirm", q: "筛选" }).rows.map((r) => r.contractId)).toEqual([twinContract]);
    expect(list({ year: "2022" }).total).toBe(3);
    expect(list({ year: "2023" }).total).toBe(55);
    expect(list({ q: plain.registrationNo.toLowerCase() }).rows.map((r) => r.id)).toEqual([recordOf(plain).id]);
    expect(list({ q: "筛选买方" }).rows.map((r) => r.id)).toEqual([recordOf(twin).id]);
    expect(list({ q: "100%" }).total).toBe(0);
    expect(list({ status: "nonsense", q: "筛选测试" }).total).toBe(3);
    expect(list({}).years).toEqual(expect.arrayContaining([2023, 2022]));
  });

  it("answers the registrar's page with the filtered rows, and refuses anyone else, as every admin page does", async () => {
    const { status, value } = await statusOf(() =>
      listPage.loader({ request: req("/admin/registrations?q=分页测试&page=2", { cookie: admin.cookie }), params: {}, ...CTX }),
    );
    expect(status).toBe(200);
    const body = (await (value as Response).json()) as { total: number; page: number; rows: unknown[] };
    expect([body.total, body.page, body.rows.length]).toEqual([55, 2, 5]);
    const refused = await statusOf(() => listPage.loader({ request: req("/admin/registrations", { cookie: member.cookie }), params: {}, ...CTX }));
    expect(refused.status).toBe(403);
  });
});

describe("one record", () => {
  it("shows every field, the import it came from, its flags and its history", async () => {
    const row = nationalRow({
      title: "详情测试 大额合同",
      contractValue: "20000000.00",
      techValue: "18000000.00",
      registeredOn: "2024-03-04",
      signedOn: "2024-02-01",
    });
    await importRows([row], "2024年3月登记.csv");
    const id = recordOf(row).id;
    const { status, value } = await statusOf(() =>
      recordPage.loader({ request: req(`/admin/registrations/${id}`, { cookie: admin.cookie }), params: { id: String(id) }, ...CTX }),
    );
    expect(status).toBe(200);
    const body = (await (value as Response).json()) as {
      view: NonNullable<ReturnType<typeof nationalRecordView>>;
      flags: { kind: string; clearedAt: string | null }[];
    };
    expect(body.view.record).toMatchObject({
      registrationNo: row.registrationNo,
      contractValueFen: 2_000_000_000,
      techValueFen: 1_800_000_000,
      status: "off_platform",
    });
    expect(body.view).toMatchObject({ importFile: "2024年3月登记.csv", importedAt: NOW.toISOString(), importedByName: admin.user.name, canCancel: true });
    expect(body.flags.map((f) => f.kind)).toContain("large_amount");
    const open = body.flags.filter((f) => f.clearedAt === null).length;
    expect(open).toBeGreaterThan(0);
    expect(list({ q: "详情测试" }).rows[0]!.openFlags).toBe(open);
    const missing = await statusOf(() =>
      recordPage.loader({ request: req("/admin/registrations/999999", { cookie: admin.cookie }), params: { id: "999999" }, ...CTX }),
    );
    expect(missing.status).toBe(404);
  });
});

describe("cancelling a record (撤销登记)", () => {
  it("takes the record out of the indicator and the official figure, audited with before and after", async () => {
    const row = nationalRow({ title: "撤销测试", contractValue: "4321.00", techValue: "4000.00", registeredOn: "2025-04-01", signedOn: "2025-03-01" });
    await importRows([row]);
    const id = recordOf(row).id;
    const before = computeContractIndicator(db, { year: 2025 }).totals;
    const official = officialIndicator(db, 2025).contractAmountFen;

    const { status, response } = await cancelByPage(admin, id, { reason: "全国系统已撤销该登记", confirmed: "on" });
    expect(status).toBe(302);
    expect(response!.headers.get("Location")).toBe(`/admin/registrations/${id}?done=cancelled`);

    expect(recordOf(row)).toMatchObject({ status: "cancelled", cancelReason: "全国系统已撤销该登记" });
    expect(recordOf(row).cancelledAt).not.toBeNull();
    const after = computeContractIndicator(db, { year: 2025 }).totals;
    expect(before.output.contractFen - after.output.contractFen).toBe(432_100);
    expect(before.output.count - after.output.count).toBe(1);
    expect(official - officialIndicator(db, 2025).contractAmountFen).toBe(432_100);
    const [audit] = auditOf(id, "cancel");
    expect(audit).toMatchObject({
      actorUserId: admin.user.id,
      before: { status: "off_platform" },
      after: { status: "cancelled", cancelReason: "全国系统已撤销该登记" },
    });
    expect(nationalRecordView(db, id)!.history.map((e) => e.action)).toEqual(["cancel"]);
    expect(nationalRecordView(db, id)!.canCancel).toBe(false);
    // Once cancelled it cannot be cancelled again.
    expect(cancelNationalRecord(db, admin.actor, id, { reason: "再次撤销" }, null, NOW)).toMatchObject({ ok: false, error: "not_cancellable" });
  });

  it("cancels a record waiting for a ruling", async () => {
    const row = nationalRow({ title: "撤销待确认", registeredOn: "2025-05-01", signedOn: "2025-04-01", contractValue: "7777.00", techValue: "7000.00" });
    insertContract(db, admin.user.id, {
      status: "submitted",
      registrationYear: null,
      registeredAt: null,
      sellerCreditCode: row.sellerCreditCode,
      buyerCreditCode: row.buyerCreditCode,
      signedOn: row.signedOn,
      contractValueFen: 777_700,
    });
    await importRows([row]);
    expect(recordOf(row).status).toBe("to_confirm");
    expect(cancelNationalRecord(db, admin.actor, recordOf(row).id, { reason: "重复导入" }, null, NOW)).toEqual({ ok: true });
    expect(recordOf(row).status).toBe("cancelled");
  });

  it("in a closed year keeps the closed figure and lists the record as removed", async () => {
    const row = nationalRow({ title: "关账年度撤销", contractValue: "5555.00", techValue: "5000.00", registeredOn: "2021-09-01", signedOn: "2021-08-01" });
    await importRows([row]);
    const id = recordOf(row).id;
    expect(closeYear(db, admin.actor, 2021, null, NOW)).toMatchObject({ ok: true });
    const closedFigure = officialIndicator(db, 2021).closedContractAmountFen;
    const live = officialIndicator(db, 2021).contractAmountFen;
    expect(closedFigure).toBe(live);

    expect(cancelNationalRecord(db, admin.actor, id, { reason: "登记有误，全国系统已撤销" }, "req-closed", new Date("2026-05-07T01:00:00.000Z"))).toEqual({
      ok: true,
    });
    const now = officialIndicator(db, 2021);
    expect(now.closedContractAmountFen).toBe(closedFigure);
    expect(live - now.contractAmountFen).toBe(555_500);
    expect(closedYearChanges(db, 2021)).toEqual([
      expect.objectContaining({ kind: "removed", source: "national", nationalRecordId: id, after: null, changedAt: "2026-05-07T01:00:00.000Z" }),
    ]);
  });

  it("refuses a matched record, which is cancelled through its platform contract", async () => {
    const row = nationalRow({ title: "已匹配不可撤销", registeredOn: "2025-06-01", signedOn: "2025-05-01" });
    const contractId = insertContract(db, admin.user.id, { registrationNo: row.registrationNo, registrationYear: 2025 });
    await importRows([row]);
    const id = recordOf(row).id;
    expect(recordOf(row)).toMatchObject({ status: "matched", contractId });
    expect(nationalRecordView(db, id)).toMatchObject({ canCancel: false, contract: { id: contractId } });

    const { status, value } = await cancelByPage(admin, id, { reason: "想在这里撤销", confirmed: "on" });
    expect(status).toBe(409);
    expect(((await (value as Response).json()) as { error: string }).error).toBe("这条记录的状态已变化，不能在这里撤销。");
    expect(recordOf(row).status).toBe("matched");
    expect(auditOf(id, "denied:cancel")).toHaveLength(1);
  });

  it("refuses anyone but the registrar, audited", async () => {
    const row = nationalRow({ title: "非登记员撤销", registeredOn: "2025-07-01", signedOn: "2025-06-01" });
    await importRows([row]);
    const id = recordOf(row).id;
    expect(cancelNationalRecord(db, member.actor, id, { reason: "企业想撤销" }, "req-m", NOW)).toEqual({ ok: false, error: "forbidden" });
    const { status } = await cancelByPage(member, id, { reason: "企业想撤销", confirmed: "on" });
    expect(status).toBe(403);
    const page = await statusOf(() =>
      recordPage.loader({ request: req(`/admin/registrations/${id}`, { cookie: member.cookie }), params: { id: String(id) }, ...CTX }),
    );
    expect(page.status).toBe(403);
    expect(recordOf(row).status).toBe("off_platform");
    const denied = auditOf(id, "denied:cancel");
    expect(denied).toHaveLength(2);
    expect(denied.every((e) => e.actorUserId === member.user.id)).toBe(true);
  });

  it("keeps a too-short reason as typed and says why, in the visitor's language", async () => {
    const row = nationalRow({ title: "理由过短", registeredOn: "2025-08-01", signedOn: "2025-07-01" });
    await importRows([row]);
    const id = recordOf(row).id;
    type Reply = { result: { initialValue: Record<string, unknown>; error: Record<string, string[]> } };
    const { status, value } = await cancelByPage(admin, id, { reason: "错", confirmed: "on" });
    expect(status).toBe(400);
    const body = (await (value as Response).json()) as Reply;
    expect(body.result.initialValue.reason).toBe("错");
    expect(body.result.error.reason).toEqual([expect.stringContaining("2")]);
    const untickedEn = await statusOf(() =>
      recordPage.action({
        request: req(`/admin/registrations/${id}`, {
          cookie: admin.cookie,
          form: { reason: "Cancelled in the national system" },
          headers: { "Accept-Language": "en" },
        }),
        params: { id: String(id) },
        ...CTX,
      }),
    );
    expect(untickedEn.status).toBe(400);
    const en = (await (untickedEn.value as Response).json()) as Reply;
    expect(en.result.initialValue.reason).toBe("Cancelled in the national system");
    expect(en.result.error.confirmed).toBeDefined();
    expect(recordOf(row).status).toBe("off_platform");
    expect(auditOf(id, "cancel")).toHaveLength(0);
  });
});
