import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "../../db/connection";
import { auditEvents, contracts, nationalImports, nationalRecords } from "../../db/schema";
import { computeContractIndicator } from "../../app/services/indicator.server";
import { importNationalFile, type ImportReport } from "../../app/services/national-import/apply.server";
import { decidePair } from "../../app/services/national-import/pairs.server";
import type { Actor } from "../../app/services/actor";
import { NATIONAL_HEADINGS } from "../../app/schemas/national-records";
import { createTestDb } from "../helpers/db";
import { makeOrg, makeUser, req, statusOf, useAppDb, type TestUser } from "../helpers/app";
import * as importPage from "../../app/routes/admin.registrations.import";
import * as streamRoute from "../../app/routes/admin.registrations.import[.ndjson]";
import * as templateRoute from "../../app/routes/admin.registrations.template[.xlsx]";
import * as pairsPage from "../../app/routes/admin.registrations.pairs";
import { childEnv, runScript } from "../helpers/run-script";
import { csvFile, insertContract, nationalRow, xlsxFile, type SheetRowValues } from "./national-import-fixtures";

const NOW = new Date("2026-05-06T03:00:00.000Z");
const fen = (yuan: string) => Math.round(Number(yuan) * 100);

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

async function importAs(actor: Actor | null, bytes: Uint8Array, opts: { dryRun?: boolean; locale?: "zh-CN" | "en" } = {}): Promise<ImportReport> {
  const report = await importNationalFile(db, { fileName: "national.csv", bytes, actor, dryRun: opts.dryRun, locale: opts.locale ?? "zh-CN", now: NOW });
  if (report === "forbidden") throw new Error("refused");
  return report;
}

const output2026 = () => computeContractIndicator(db, { year: 2026 }).totals;
/**
 * The year's output 成交额 summed in plain TypeScript from the rows: current registered contracts
 * (or confirmed registrations elsewhere) and off-platform records, each with a seller in Lüliang.
 */
function independentOutput(year: number): number {
  const fromContracts = db
    .select()
    .from(contracts)
    .all()
    .filter((c) => (c.status === "registered" || (c.status === "elsewhere" && c.elsewhereConfirmedAt !== null)) && c.supersededAt === null)
    .filter((c) => c.registrationYear === year && c.sellerDivision.startsWith("1411"));
  const fromRecords = db
    .select()
    .from(nationalRecords)
    .all()
    .filter((r) => r.status === "off_platform" && r.registrationYear === year && r.sellerDivision.startsWith("1411"));
  return [...fromContracts, ...fromRecords].reduce((sum, x) => sum + x.contractValueFen, 0);
}

const recordCount = () => db.select().from(nationalRecords).all().length;
const recordByNo = (no: string) => db.select().from(nationalRecords).where(eq(nationalRecords.registrationNo, no)).get();

describe("a good file", () => {
  it("imports every row of a CSV file with a byte-order mark, exactly to the fen", async () => {
    const rows = [nationalRow({ contractValue: "12345.6", techValue: "0.29" }), nationalRow({ type: "技术开发合同", field: "C01" }), nationalRow()];
    const before = output2026();
    const report = await importAs(admin.actor, csvFile(rows));
    expect(report).toEqual({ rows: 3, imported: 3, matched: 0, toConfirm: 0, refused: 0, errors: [] });
    const first = recordByNo(rows[0]!.registrationNo)!;
    expect([first.contractValueFen, first.techValueFen, first.status, first.registrationYear, first.rowNo]).toEqual([1_234_560, 29, "off_platform", 2026, 2]);
    expect(recordByNo(rows[1]!.registrationNo)).toMatchObject({ type: "DEV", contractFieldCode: "C01" });
    const sum = rows.reduce((s, r) => s + fen(r.contractValue), 0);
    expect(output2026().output.contractFen - before.output.contractFen).toBe(sum);
    expect(output2026().absorbed.contractFen).toBe(before.absorbed.contractFen);
  });

  it("imports a CSV file without a byte-order mark", async () => {
    const rows = [nationalRow(), nationalRow()];
    expect(await importAs(admin.actor, csvFile(rows, { bom: false }))).toMatchObject({ rows: 2, imported: 2, refused: 0 });
  });

  it("imports an .xlsx file with number and date cells without shifting a day or a fen", async () => {
    const rows = [nationalRow({ contractValue: "12345.60", signedOn: "2026-01-01", registeredOn: "2026-12-31" }), nationalRow({ techValue: "0.00" })];
    const report = await importAs(admin.actor, await xlsxFile(rows));
    expect(report).toEqual({ rows: 2, imported: 2, matched: 0, toConfirm: 0, refused: 0, errors: [] });
    expect(recordByNo(rows[0]!.registrationNo)).toMatchObject({
      contractValueFen: 1_234_560,
      signedOn: "2026-01-01",
      registeredOn: "2026-12-31",
      registrationYear: 2026,
    });
    expect(recordByNo(rows[1]!.registrationNo)!.techValueFen).toBe(0);
  });

  it("changes nothing when the same file is imported again", async () => {
    const bytes = csvFile([nationalRow(), nationalRow()]);
    await importAs(admin.actor, bytes);
    const [count, totals] = [recordCount(), output2026()];
    expect(await importAs(admin.actor, bytes)).toEqual({ rows: 2, imported: 0, matched: 0, toConfirm: 0, refused: 0, errors: [] });
    expect(recordCount()).toBe(count);
    expect(output2026()).toEqual(totals);
  });

  it("a dry run reports the same and writes nothing", async () => {
    const rows = [nationalRow(), nationalRow()];
    const [count, imports] = [recordCount(), db.select().from(nationalImports).all().length];
    expect(await importAs(admin.actor, csvFile(rows), { dryRun: true })).toEqual({ rows: 2, imported: 2, matched: 0, toConfirm: 0, refused: 0, errors: [] });
    expect([recordCount(), db.select().from(nationalImports).all().length]).toEqual([count, imports]);
  });
});

describe("a bad file", () => {
  it("imports nothing when one row is bad, and reports that row and column", async () => {
    const rows = [nationalRow(), nationalRow({ techValue: "99999999.00" }), nationalRow({ signedOn: "2026-02-30" }), nationalRow()];
    const count = recordCount();
    const report = await importAs(admin.actor, csvFile(rows));
    expect(report.refused).toBe(2);
    expect([report.imported, report.matched, report.toConfirm]).toEqual([0, 0, 0]);
    expect(report.errors).toEqual([
      { row: 3, column: "技术交易额(元)", message: "技术交易额不能超过成交额" },
      { row: 4, column: "签订日期", message: "日期应为 YYYY-MM-DD 格式的有效日期" },
    ]);
    expect(recordCount()).toBe(count);
  });

  it("reports every bad cell in English when asked, and a number given twice on its second row", async () => {
    const twice = nationalRow();
    const rows = [
      twice,
      nationalRow({ sellerCreditCode: "91141100MA0XXXXXX1", type: "技术中介" }),
      { ...nationalRow(), registrationNo: twice.registrationNo.toLowerCase() },
    ];
    const report = await importAs(admin.actor, csvFile(rows), { locale: "en" });
    expect(report.refused).toBe(2);
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([
      [3, "合同类型"],
      [3, "卖方统一社会信用代码"],
      [4, "合同登记编号"],
    ]);
    expect(report.errors[2]!.message).toBe("The same registration number as row 2");
  });

  it("refuses unknown or missing headings with the list of the expected ones", async () => {
    const headings = [...NATIONAL_HEADINGS.slice(0, -1), "备注"];
    const report = await importAs(admin.actor, csvFile([nationalRow()], { headings }));
    expect(report.imported).toBe(0);
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([
      [1, "备注"],
      [1, "登记机构"],
    ]);
    for (const e of report.errors) expect(e.message).toContain(NATIONAL_HEADINGS.join("、"));
  });

  it("refuses a file that is neither a workbook nor UTF-8 text", async () => {
    const report = await importAs(admin.actor, new Uint8Array([0xc8, 0xeb, 0x2c, 0xff, 0xfe]));
    expect(report.errors).toEqual([{ row: 1, column: "", message: "CSV 文件应为 UTF-8 编码" }]);
  });
});

describe("records that are platform contracts", () => {
  it("matches a record by a platform contract's number and counts the contract once", async () => {
    const row = nationalRow({ contractValue: "80000.00", techValue: "70000.00" });
    const id = insertContract(db, admin.user.id, { registrationNo: row.registrationNo, contractValueFen: 8_000_000, techValueFen: 7_000_000 });
    const before = output2026();
    const report = await importAs(admin.actor, csvFile([row]));
    expect(report).toMatchObject({ imported: 0, matched: 1, toConfirm: 0 });
    expect(recordByNo(row.registrationNo)).toMatchObject({ status: "matched", contractId: id });
    expect(output2026()).toEqual(before);
    expect(output2026().output.contractFen).toBe(independentOutput(2026));
  });

  it("makes a parties + date + amount twin a pair that counts only after 'different', never after 'same'", async () => {
    const [a, b] = [nationalRow({ contractValue: "50000.00" }), nationalRow({ contractValue: "60000.00" })];
    const twinOf = (r: SheetRowValues) =>
      insertContract(db, admin.user.id, {
        registrationNo: `P-${r.registrationNo}`,
        sellerCreditCode: r.sellerCreditCode,
        buyerCreditCode: r.buyerCreditCode,
        signedOn: r.signedOn,
        contractValueFen: fen(r.contractValue),
        techValueFen: fen(r.contractValue),
      });
    const [ca, cb] = [twinOf(a), twinOf(b)];
    const before = output2026();
    expect(await importAs(admin.actor, csvFile([a, b]))).toMatchObject({ imported: 0, matched: 0, toConfirm: 2 });
    expect(output2026()).toEqual(before);
    const [ra, rb] = [recordByNo(a.registrationNo)!, recordByNo(b.registrationNo)!];
    expect([ra.contractId, rb.contractId]).toEqual([ca, cb]);

    expect(decidePair(db, admin.actor, ra.id, "same", null, NOW)).toEqual({ ok: true });
    expect(output2026()).toEqual(before);
    expect(recordByNo(a.registrationNo)).toMatchObject({ status: "matched", decidedBy: admin.user.id, decidedAt: NOW.toISOString() });

    expect(decidePair(db, admin.actor, rb.id, "different", null, NOW)).toEqual({ ok: true });
    expect(output2026().output.contractFen - before.output.contractFen).toBe(6_000_000);
    expect(recordByNo(b.registrationNo)!.status).toBe("off_platform");
    expect(output2026().output.contractFen).toBe(independentOutput(2026));
    expect(decidePair(db, admin.actor, rb.id, "same", null, NOW)).toEqual({ ok: false, error: "decided" });
  });

  it("confirms a contract registered elsewhere when a record carries its number", async () => {
    const row = nationalRow({
      sellerDivision: "140105",
      buyerDivision: "141181",
      contractValue: "30000.00",
      techValue: "30000.00",
      registeredOn: "2026-04-01",
    });
    const id = insertContract(db, admin.user.id, {
      status: "elsewhere",
      registrationNo: null,
      registrationYear: null,
      elsewhereNo: row.registrationNo,
      elsewhereOffice: "太原市技术市场管理办公室",
      elsewhereRegisteredOn: "2025-12-30",
      sellerDivision: "140105",
      buyerDivision: "141181",
      contractValueFen: 4_000_000,
    });
    const before = output2026();
    const before2025 = computeContractIndicator(db, { year: 2025 }).totals;
    expect(await importAs(admin.actor, csvFile([row]))).toMatchObject({ imported: 0, matched: 1 });
    const c = db.select().from(contracts).where(eq(contracts.id, id)).get()!;
    expect([c.elsewhereConfirmedAt, c.elsewhereConfirmedBy, c.registrationNo, c.registrationYear]).toEqual([
      NOW.toISOString(),
      admin.user.id,
      row.registrationNo,
      2025,
    ]);
    // It counts once, through the contract, in the year of its registration elsewhere.
    expect(output2026()).toEqual(before);
    expect(computeContractIndicator(db, { year: 2025 }).totals.absorbed.contractFen - before2025.absorbed.contractFen).toBe(4_000_000);
    const audit = db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entity, "contract"), eq(auditEvents.entityId, String(id))))
      .all();
    expect(audit.map((e) => e.action)).toEqual(["confirm_elsewhere"]);
  });
});

describe("a large file", () => {
  it("imports 10,000 rows", async () => {
    const rows = Array.from({ length: 10_000 }, () => nationalRow());
    const bytes = csvFile(rows);
    const [count, before] = [recordCount(), output2026()];
    const started = performance.now();
    const report = await importAs(admin.actor, bytes);
    console.log(`10,000-row national import: ${Math.round(performance.now() - started)} ms`);
    expect(report).toMatchObject({ rows: 10_000, imported: 10_000, refused: 0, errors: [] });
    expect(recordCount()).toBe(count + 10_000);
    expect(output2026().output.contractFen - before.output.contractFen).toBe(rows.reduce((s, r) => s + fen(r.contractValue), 0));
    const event = db.select().from(auditEvents).where(eq(auditEvents.action, "import")).all().at(-1)!;
    expect((event.after as { recordIds: number[] }).recordIds).toHaveLength(10_000);
  }, 60_000);
});

describe("permissions", () => {
  it("refuses an import by anyone but the registrar, and audits the refusal", async () => {
    const count = recordCount();
    expect(await importNationalFile(db, { fileName: "x.csv", bytes: csvFile([nationalRow()]), actor: member.actor, locale: "zh-CN" })).toBe("forbidden");
    expect(recordCount()).toBe(count);
    const denied = db.select().from(auditEvents).where(eq(auditEvents.action, "denied:import")).all();
    expect(denied.at(-1)!.actorUserId).toBe(member.user.id);
  });

  it("refuses a pair decision by anyone but the registrar, and audits the refusal", async () => {
    const row = nationalRow();
    insertContract(db, admin.user.id, {
      sellerCreditCode: row.sellerCreditCode,
      buyerCreditCode: row.buyerCreditCode,
      signedOn: row.signedOn,
      contractValueFen: fen(row.contractValue),
    });
    await importAs(admin.actor, csvFile([row]));
    const record = recordByNo(row.registrationNo)!;
    expect(decidePair(db, member.actor, record.id, "different", null, NOW)).toEqual({ ok: false, error: "forbidden" });
    expect(recordByNo(row.registrationNo)!.status).toBe("to_confirm");
    const denied = db.select().from(auditEvents).where(eq(auditEvents.action, "denied:decide_pair")).all();
    expect(denied.at(-1)!.entityId).toBe(String(record.id));
  });
});

describe("the command line", () => {
  it("prints one JSON line and exits 0 when imported, 1 when refused, 2 for a bad argument, 3 without a database", async () => {
    const t = createTestDb();
    const dir = path.dirname(t.file);
    t.db.$client.close();
    try {
      const good = path.join(dir, "good.csv");
      const bad = path.join(dir, "bad.csv");
      const rows = [nationalRow(), nationalRow()];
      fs.writeFileSync(good, csvFile(rows));
      fs.writeFileSync(bad, csvFile([nationalRow(), nationalRow(), nationalRow({ buyerDivision: "14110" })]));
      const env = childEnv({ DATABASE_PATH: t.file });
      const dry = await runScript("app/cli/registrations-import.ts", [good, "--dry-run"], { env });
      expect(dry.code).toBe(0);
      expect(JSON.parse(dry.stdout)).toEqual({ rows: 2, imported: 2, matched: 0, toConfirm: 0, refused: 0, errors: [] });
      const run = await runScript("app/cli/registrations-import.ts", [good], { env });
      expect(run.code).toBe(0);
      expect(run.stdout.trim().split("\n")).toHaveLength(1);
      expect(JSON.parse(run.stdout)).toEqual({ rows: 2, imported: 2, matched: 0, toConfirm: 0, refused: 0, errors: [] });
      const refused = await runScript("app/cli/registrations-import.ts", [bad, "--lang", "en"], { env });
      expect(refused.code).toBe(1);
      expect(JSON.parse(refused.stdout)).toEqual({
        rows: 3,
        imported: 0,
        matched: 0,
        toConfirm: 0,
        refused: 1,
        errors: [{ row: 4, column: "买方所在地区代码", message: "A division code has 6 digits" }],
      });
      expect((await runScript("app/cli/registrations-import.ts", [], { env })).code).toBe(2);
      expect((await runScript("app/cli/registrations-import.ts", [good, "--what"], { env })).code).toBe(2);
      const missing = await runScript("app/cli/registrations-import.ts", [good], { env: childEnv({ DATABASE_PATH: path.join(dir, "none.db") }) });
      expect(missing.code).toBe(3);
      expect(fs.existsSync(path.join(dir, "none.db"))).toBe(false);
      // The command line's import has no user; its audit names the command.
      const check = openDb(t.file, { mustExist: true });
      const imp = check.select().from(nationalImports).all();
      expect(imp.map((i) => [i.rows, i.imported, i.importedBy])).toEqual([[2, 2, null]]);
      const event = check.select().from(auditEvents).where(eq(auditEvents.action, "import")).get()!;
      expect([event.actorUserId, event.actorRole]).toEqual([null, `system:cli:registrations:import ${good}`]);
      check.$client.close();
    } finally {
      t.cleanup();
    }
  }, 120_000);
});

describe("the pages", () => {
  const upload = (url: string, who: TestUser, bytes: Uint8Array, name: string, dryRun = false) => {
    const form = new FormData();
    form.append("file", new File([new Uint8Array(bytes)], name));
    if (dryRun) form.append("dryRun", "on");
    return new Request(`http://localhost${url}`, { method: "POST", body: form, headers: { Cookie: who.cookie } });
  };

  it("streams progress lines and then the report to the page's script", async () => {
    const rows = Array.from({ length: 1200 }, () => nationalRow());
    const res = (await streamRoute.action({
      request: upload("/admin/registrations/import.ndjson", admin, csvFile(rows), "big.csv"),
      params: {},
      context: { cspNonce: "" },
    })) as Response;
    expect(res.headers.get("Content-Type")).toContain("application/x-ndjson");
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.phase === "validate").map((l) => l.done)).toEqual([500, 1000, 1200]);
    expect(lines.at(-1)).toEqual({ result: { rows: 1200, imported: 1200, matched: 0, toConfirm: 0, refused: 0, errors: [], dryRun: false } });
  });

  it("shows the report of a plain post, and the template imports cleanly as a dry run", async () => {
    const template = (await templateRoute.loader({
      request: req("/admin/registrations/template.xlsx", { cookie: admin.cookie }),
      params: {},
      context: { cspNonce: "" },
    })) as Response;
    const bytes = new Uint8Array(await template.arrayBuffer());
    const { status, value } = await statusOf(() =>
      importPage.action({ request: upload("/admin/registrations/import", admin, bytes, "template.xlsx", true), params: {}, context: { cspNonce: "" } }),
    );
    expect(status).toBe(200);
    const body = (await (value as Response).json()) as { report: ImportReport & { dryRun: boolean } };
    expect(body.report).toEqual({ rows: 1, imported: 1, matched: 0, toConfirm: 0, refused: 0, errors: [], dryRun: true });
  });

  it("refuses anyone but the registrar on the import routes and the pairs page, and audits it", async () => {
    const count = recordCount();
    const before = db.select().from(auditEvents).where(eq(auditEvents.action, "denied:import")).all().length;
    for (const [route, url] of [
      [importPage, "/admin/registrations/import"],
      [streamRoute, "/admin/registrations/import.ndjson"],
    ] as const) {
      const { status } = await statusOf(() =>
        route.action({ request: upload(url, member, csvFile([nationalRow()]), "x.csv"), params: {}, context: { cspNonce: "" } }),
      );
      expect(status).toBe(403);
    }
    expect(recordCount()).toBe(count);
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, "denied:import")).all().length).toBe(before + 2);
    const pairs = await statusOf(() =>
      pairsPage.action({
        request: req("/admin/registrations/pairs", { cookie: member.cookie, form: { recordId: "1", decision: "different" } }),
        params: {},
        context: { cspNonce: "" },
      }),
    );
    expect(pairs.status).toBe(403);
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, "denied:decide_pair")).all().at(-1)!.actorUserId).toBe(member.user.id);
  });
});
