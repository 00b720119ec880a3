import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/connection";
import { achievements, auditEvents, dataImports, needs, organisations, searchOutbox } from "../../db/schema";
import type { DataImportKind } from "../../app/codes";
import { importDataFile, type DataImportReport } from "../../app/services/data-import/apply.server";
import { readSheet } from "../../app/services/national-import/read.server";
import { listSubmitted, transitionListing } from "../../app/services/listings.server";
import { getSearch } from "../../app/services/search.server";
import type { Actor } from "../../app/services/actor";
import { createTestDb } from "../helpers/db";
import { makeOrg, makeUser, statusOf, useAppDb, type TestUser } from "../helpers/app";
import { childEnv, runScript } from "../helpers/run-script";
import * as importPage from "../../app/routes/admin.imports";
import * as streamRoute from "../../app/routes/admin.imports[.ndjson]";
import * as templateRoute from "../../app/routes/admin.imports.template.$kind";
import { achievementRow, csvFile, headingsOf, needRow, organisationRow, xlsxFile, type Row } from "./data-import-fixtures";
import { freshCreditCode } from "../helpers/app";

const NOW = new Date("2026-05-06T03:00:00.000Z");

let db: Db;
let cleanup: () => void;
let admin: TestUser;
let member: TestUser;
let firm: { id: number; creditCode: string };
let institute: { id: number; creditCode: string };

beforeAll(async () => {
  ({ db, cleanup } = useAppDb());
  const bureau = makeOrg(db, "government");
  firm = makeOrg(db, "enterprise");
  institute = makeOrg(db, "institute");
  admin = await makeUser(db, "admin", bureau.id);
  member = await makeUser(db, "enterprise", firm.id);
});
afterAll(() => cleanup());

async function importAs(
  kind: DataImportKind,
  bytes: Uint8Array,
  opts: { actor?: Actor | null; dryRun?: boolean; verified?: boolean; locale?: "zh-CN" | "en"; fileName?: string } = {},
): Promise<DataImportReport> {
  const report = await importDataFile(db, {
    kind,
    fileName: opts.fileName ?? `${kind}.csv`,
    bytes,
    actor: opts.actor === undefined ? admin.actor : opts.actor,
    dryRun: opts.dryRun,
    verified: opts.verified,
    locale: opts.locale ?? "zh-CN",
    now: NOW,
  });
  if (report === "forbidden") throw new Error("refused");
  return report;
}

const count = (t: typeof needs | typeof achievements | typeof organisations) => db.select().from(t).all().length;

describe("a good file", () => {
  it("imports needs from .xlsx and .csv as submitted listings carrying their import, queued for search", async () => {
    const rows = [needRow(firm.creditCode), needRow(firm.creditCode, { cooperationModes: "transfer", countyCode: "141122", techFieldCode: "602" })];
    const x = await importAs("needs", await xlsxFile("needs", rows), { fileName: "needs.xlsx" });
    expect(x).toMatchObject({ rows: 2, imported: 2, errors: [], duplicates: [] });
    const imp = db.select().from(dataImports).where(eq(dataImports.id, x.importId!)).get()!;
    expect(imp).toMatchObject({ kind: "needs", fileName: "needs.xlsx", rows: 2, imported: 2, importedBy: admin.user.id });
    expect(imp.sha256).toMatch(/^[0-9a-f]{64}$/);
    const made = db.select().from(needs).where(eq(needs.importId, x.importId!)).all();
    expect(made).toHaveLength(2);
    const first = made.find((n) => n.title === rows[0]!.title)!;
    expect(first).toMatchObject({
      orgId: firm.id,
      createdBy: admin.user.id,
      status: "submitted",
      submittedAt: NOW.toISOString(),
      countyCode: "141122",
      industryChainId: "hydrogen",
      techFieldCode: "602",
      budgetMinFen: 1_000_000_00,
      budgetMaxFen: 3_000_000_00,
      cooperationModes: ["joint_dev", "commissioned_dev"],
      expectedTrl: 7,
      deadline: "2099-12-31",
      contactEmail: "wang@example.com",
    });
    const outbox = db
      .select()
      .from(searchOutbox)
      .all()
      .filter((o) => o.entity === "need" && made.some((n) => n.id === o.entityId));
    expect(outbox).toHaveLength(2);
    const audits = db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entity, "need"))
      .all()
      .filter((a) => made.some((n) => String(n.id) === a.entityId));
    expect(audits.map((a) => a.action)).toEqual(["import", "import"]);

    const c = await importAs("needs", csvFile("needs", [needRow(firm.creditCode)]));
    expect(c).toMatchObject({ rows: 1, imported: 1, errors: [] });
  });

  it("imports achievements from .xlsx and .csv", async () => {
    const x = await importAs("achievements", await xlsxFile("achievements", [achievementRow(institute.creditCode)]));
    expect(x).toMatchObject({ rows: 1, imported: 1, errors: [] });
    const a = db.select().from(achievements).where(eq(achievements.importId, x.importId!)).get()!;
    expect(a).toMatchObject({
      orgId: institute.id,
      status: "submitted",
      keywords: ["氢能", "变压吸附"],
      transferModes: ["licence", "joint_dev"],
      ipType: "invention_patent",
      patentNumbers: ["ZL202110654321.X"],
      priceFen: 200_000_000,
      trl: 6,
      countyCode: "141102",
      transformationListYear: 2026,
      transformationListedAt: NOW.toISOString(),
    });
    const c = await importAs("achievements", csvFile("achievements", [achievementRow(institute.creditCode, { countyCode: "", listYear: "" })]));
    expect(c).toMatchObject({ rows: 1, imported: 1, errors: [] });
    expect(db.select().from(achievements).where(eq(achievements.importId, c.importId!)).get()).toMatchObject({
      countyCode: null,
      transformationListYear: null,
    });
  });

  it("imports organisations unverified, or verified (audited) when the Bureau says so", async () => {
    const plain = await importAs("organisations", await xlsxFile("organisations", [organisationRow(freshCreditCode())]));
    expect(plain).toMatchObject({ rows: 1, imported: 1, errors: [] });
    const o = db.select().from(organisations).where(eq(organisations.importId, plain.importId!)).get()!;
    expect(o).toMatchObject({ kind: "enterprise", countyCode: "141102", verifiedAt: null });
    const code = freshCreditCode().toLowerCase();
    const checked = await importAs("organisations", csvFile("organisations", [organisationRow(code, { kind: "高校院所" })]), { verified: true });
    expect(checked).toMatchObject({ imported: 1, errors: [] });
    const v = db.select().from(organisations).where(eq(organisations.importId, checked.importId!)).get()!;
    expect(v).toMatchObject({ kind: "institute", creditCode: code.toUpperCase(), verifiedBy: admin.user.id });
    expect(v.verifiedAt).not.toBeNull();
    const verifyAudit = db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, String(v.id)))
      .all()
      .filter((a) => a.entity === "organisation");
    expect(verifyAudit.map((a) => a.action)).toEqual(["import", "verify"]);
    // An imported organisation owns the needs of a later needs import.
    const n = await importAs("needs", csvFile("needs", [needRow(code)]), { actor: admin.actor });
    expect(n.errors).toEqual([{ row: 2, column: "统一社会信用代码", message: "此代码的单位不是企业：需求应由企业提出" }]);
  });

  it("writes nothing on a dry run", async () => {
    const before = count(needs);
    const r = await importAs("needs", csvFile("needs", [needRow(firm.creditCode)]), { dryRun: true });
    expect(r).toMatchObject({ rows: 1, imported: 1, errors: [], importId: null });
    expect(count(needs)).toBe(before);
  });
});

describe("a bad file", () => {
  it("imports nothing when one row is bad, and names that row and column in the user's language", async () => {
    const before = count(needs);
    const imports = db.select().from(dataImports).all().length;
    const rows = [needRow(firm.creditCode), needRow(firm.creditCode), needRow(firm.creditCode, { contactPhone: "12345", cooperationModes: "随便" })];
    const zh = await importAs("needs", csvFile("needs", rows));
    expect(zh.imported).toBe(0);
    expect(zh.errors).toEqual([
      { row: 4, column: "合作方式", message: expect.stringContaining("合作方式应为") },
      { row: 4, column: "联系电话", message: "请输入有效的电话号码（手机或带区号的座机）" },
    ]);
    const en = await importAs("needs", csvFile("needs", rows), { locale: "en" });
    expect(en.errors.map((e) => [e.row, e.column])).toEqual([
      [4, "合作方式"],
      [4, "联系电话"],
    ]);
    expect(en.errors[0]!.message).toMatch(/^Cooperation modes/);
    expect(en.errors[1]!.message).not.toBe(zh.errors[1]!.message);
    expect(count(needs)).toBe(before);
    expect(db.select().from(dataImports).all().length).toBe(imports);
  });

  it("says the owner must be imported first when no organisation has the credit code", async () => {
    const r = await importAs("needs", csvFile("needs", [needRow(freshCreditCode())]));
    expect(r.errors).toEqual([{ row: 2, column: "统一社会信用代码", message: expect.stringContaining("请先通过“单位”导入创建该单位") }]);
  });

  it("names an organisation's wrong credit code, county and type", async () => {
    const good = freshCreditCode();
    const wrong = `${good.slice(0, 17)}${good[17] === "0" ? "1" : "0"}`;
    const r = await importAs(
      "organisations",
      csvFile("organisations", [organisationRow(freshCreditCode()), organisationRow(wrong, { countyCode: "太原", kind: "合作社" })]),
      { locale: "en" },
    );
    expect(r.imported).toBe(0);
    expect(r.errors).toEqual([
      { row: 3, column: "统一社会信用代码", message: "The check character is wrong; please check the code. Early pilot codes can be approved by the Bureau" },
      { row: 3, column: "单位类型", message: expect.stringMatching(/^Organisation type/) },
      { row: 3, column: "所属县(市、区)", message: "Must be a county of Lüliang, by name or six-digit division code" },
    ]);
  });

  it("refuses unknown and missing headings with the expected list", async () => {
    const headings = headingsOf("needs").map((h) => (h === "需求描述" ? "需求备注" : h));
    const r = await importAs("needs", csvFile("needs", [needRow(firm.creditCode)], headings));
    expect(r.imported).toBe(0);
    const expected = headingsOf("needs").join("、");
    expect(r.errors).toEqual([
      { row: 1, column: "需求备注", message: `无法识别的列标题。应有的列标题为：${expected}` },
      { row: 1, column: "需求描述", message: `缺少此列。应有的列标题为：${expected}` },
    ]);
    // Full-width parentheses, spaces and synonyms are the same headings.
    const alike = headingsOf("needs").map((h) => (h === "需求描述" ? "需求内容" : h.replace("(", "（").replace(")", "）").replace("名称", " 名称")));
    expect((await importAs("needs", csvFile("needs", [needRow(firm.creditCode)], alike), { dryRun: true })).errors).toEqual([]);
  });
});

describe("the same file twice", () => {
  it("reports the repeats and imports nothing new", async () => {
    const rows: Row[] = [needRow(firm.creditCode), needRow(firm.creditCode)];
    const repeated = { ...rows[1]! };
    const file = csvFile("needs", [...rows, repeated]);
    const first = await importAs("needs", file);
    expect(first.imported).toBe(2);
    expect(first.duplicates).toEqual([{ row: 4, column: "需求名称", message: "与第 3 行重复，未重复导入" }]);
    const before = count(needs);
    const second = await importAs("needs", file);
    expect(second).toMatchObject({ rows: 3, imported: 0, errors: [] });
    expect(second.duplicates.map((d) => d.row)).toEqual([2, 3, 4]);
    expect(second.duplicates[0]!.message).toBe("平台上已有相同记录，未重复导入");
    expect(count(needs)).toBe(before);
    const orgCode = freshCreditCode();
    const orgFile = csvFile("organisations", [organisationRow(orgCode)]);
    expect((await importAs("organisations", orgFile)).imported).toBe(1);
    expect(await importAs("organisations", orgFile)).toMatchObject({ imported: 0, duplicates: [{ row: 2, column: "统一社会信用代码" }] });
  });
});

describe("review and search", () => {
  it("puts imported needs in the review queue, and once approved they are found by search", async () => {
    const title = "赤泥综合利用提取铁精粉工艺";
    const r = await importAs("needs", csvFile("needs", [needRow(firm.creditCode, { title })]));
    const id = db.select().from(needs).where(eq(needs.importId, r.importId!)).get()!.id;
    expect(listSubmitted(db, "need").map((n) => n.id)).toContain(id);
    const page = await statusOf(() =>
      importPage.loader({
        request: new Request("http://localhost/admin/imports", { headers: { Cookie: admin.cookie } }),
        params: {},
        context: { cspNonce: "" },
      }),
    );
    expect(page.status).toBe(200);
    expect(transitionListing(db, "need", admin.actor, id, "approve", { now: NOW })).toEqual({ ok: true });
    await getSearch().relay.drain();
    const found = await getSearch().search({ kind: "need", text: "赤泥" });
    expect(found.hits.map((h) => h.id)).toContain(id);
  });
});

describe("ten thousand rows", () => {
  it("validates and imports a 10,000-row needs file in under 30 s", async () => {
    const rows = Array.from({ length: 10_000 }, () => needRow(firm.creditCode));
    const bytes = csvFile("needs", rows);
    const before = count(needs);
    const phases: string[] = [];
    const started = performance.now();
    const report = await importDataFile(db, {
      kind: "needs",
      fileName: "big.csv",
      bytes,
      actor: admin.actor,
      locale: "zh-CN",
      now: NOW,
      onProgress: (phase, done, total) => void phases.push(`${phase}:${done}/${total}`),
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(`10,000-row needs import: ${seconds.toFixed(2)} s`);
    expect(report).toMatchObject({ rows: 10_000, imported: 10_000, errors: [] });
    expect(count(needs)).toBe(before + 10_000);
    expect(phases).toContain("validate:500/10000");
    expect(phases).toContain("apply:10000/10000");
    expect(seconds).toBeLessThan(30);
  }, 60_000);
});

describe("the page and its routes", () => {
  const upload = (url: string, who: TestUser, bytes: Uint8Array, kind: string, name = "needs.csv") => {
    const form = new FormData();
    form.append("kind", kind);
    form.append("file", new File([new Uint8Array(bytes)], name));
    return new Request(`http://localhost${url}`, { method: "POST", body: form, headers: { Cookie: who.cookie } });
  };

  it("streams progress lines and then the report", async () => {
    const rows = Array.from({ length: 1200 }, () => needRow(firm.creditCode));
    const res = (await streamRoute.action({
      request: upload("/admin/imports.ndjson", admin, csvFile("needs", rows), "needs"),
      params: {},
      context: { cspNonce: "" },
    })) as Response;
    expect(res.headers.get("Content-Type")).toMatch(/^application\/x-ndjson/);
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toContainEqual({ phase: "validate", done: 500, total: 1200 });
    expect(lines.at(-1)).toMatchObject({ result: { rows: 1200, imported: 1200, errors: [], dryRun: false } });
  });

  it("answers the form without script with the report", async () => {
    const bad = csvFile("needs", [needRow(firm.creditCode, { deadline: "明年" })]);
    const res = (await importPage.action({ request: upload("/admin/imports", admin, bad, "needs"), params: {}, context: { cspNonce: "" } })) as Response;
    expect(res.status).toBe(422);
    const body = (await res.json()) as { report: DataImportReport };
    expect(body.report.errors).toEqual([{ row: 2, column: "截止日期", message: expect.any(String) }]);
  });

  it("serves each kind's template, which imports as it is", async () => {
    const templates: Partial<Record<DataImportKind, Uint8Array>> = {};
    for (const kind of ["needs", "achievements", "organisations"] as const) {
      const res = (await templateRoute.loader({
        request: new Request(`http://localhost/admin/imports/template/${kind}`, { headers: { Cookie: admin.cookie } }),
        params: { kind },
        context: { cspNonce: "" },
      })) as Response;
      expect(res.headers.get("Content-Disposition")).toContain(`${kind}-template.xlsx`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      const sheet = await readSheet(bytes);
      expect(sheet.headings).toEqual(headingsOf(kind));
      expect(sheet.rows).toHaveLength(1);
      templates[kind] = bytes;
    }
    // The organisations template's example owns the needs template's; the achievements template's owner is an institute.
    expect(await importAs("organisations", templates.organisations!, { fileName: "organisations-template.xlsx" })).toMatchObject({ imported: 1, errors: [] });
    expect(await importAs("needs", templates.needs!, { fileName: "needs-template.xlsx" })).toMatchObject({ imported: 1, errors: [] });
    const institute = csvFile("organisations", [organisationRow("12141100MB1234567E", { kind: "高校院所" })]);
    expect(await importAs("organisations", institute)).toMatchObject({ imported: 1, errors: [] });
    expect(await importAs("achievements", templates.achievements!, { fileName: "achievements-template.xlsx" })).toMatchObject({ imported: 1, errors: [] });
    expect(
      (
        await statusOf(() =>
          templateRoute.loader({
            request: new Request("http://localhost/x", { headers: { Cookie: admin.cookie } }),
            params: { kind: "contracts" },
            context: { cspNonce: "" },
          }),
        )
      ).status,
    ).toBe(404);
  });

  it("is for the Bureau's admin only, and a refused import is audited", async () => {
    const bytes = csvFile("needs", [needRow(firm.creditCode)]);
    expect(
      (
        await statusOf(() =>
          importPage.loader({
            request: new Request("http://localhost/admin/imports", { headers: { Cookie: member.cookie } }),
            params: {},
            context: { cspNonce: "" },
          }),
        )
      ).status,
    ).toBe(403);
    expect(
      (await statusOf(() => importPage.action({ request: upload("/admin/imports", member, bytes, "needs"), params: {}, context: { cspNonce: "" } }))).status,
    ).toBe(403);
    expect(
      (await statusOf(() => streamRoute.action({ request: upload("/admin/imports.ndjson", member, bytes, "needs"), params: {}, context: { cspNonce: "" } })))
        .status,
    ).toBe(403);
    expect(await importDataFile(db, { kind: "needs", fileName: "x.csv", bytes, actor: member.actor, locale: "zh-CN" })).toBe("forbidden");
    const denied = db.select().from(auditEvents).where(eq(auditEvents.action, "denied:import")).all();
    expect(denied.filter((a) => a.entity === "data_import" && a.actorUserId === member.user.id)).toHaveLength(3);
  });
});

describe("the command line", () => {
  it("prints one JSON line and exits 0 imported, 1 refused, 2 bad argument, 3 without a database", async () => {
    const t = createTestDb();
    const dir = path.dirname(t.file);
    const bureau = makeOrg(t.db, "government");
    const owner = makeOrg(t.db, "enterprise");
    await makeUser(t.db, "admin", bureau.id);
    t.db.$client.close();
    try {
      const good = path.join(dir, "good.csv");
      const bad = path.join(dir, "bad.xlsx");
      fs.writeFileSync(good, csvFile("needs", [needRow(owner.creditCode), needRow(owner.creditCode)]));
      fs.writeFileSync(bad, await xlsxFile("needs", [needRow(owner.creditCode), needRow(owner.creditCode, { expectedTrl: "12" })]));
      const env = childEnv({ DATABASE_PATH: t.file });
      const run = (...args: string[]) => runScript("app/cli/data-import.ts", args, { env });
      const dry = await run("needs", good, "--dry-run");
      expect(dry.code).toBe(0);
      expect(JSON.parse(dry.stdout)).toEqual({ rows: 2, imported: 2, errors: [] });
      const ok = await run("needs", good);
      expect(ok.code).toBe(0);
      expect(ok.stdout.trim().split("\n")).toHaveLength(1);
      expect(JSON.parse(ok.stdout)).toEqual({ rows: 2, imported: 2, errors: [] });
      const again = await run("needs", good);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toEqual({
        rows: 2,
        imported: 0,
        errors: [
          { row: 2, column: "需求名称", message: "平台上已有相同记录，未重复导入" },
          { row: 3, column: "需求名称", message: "平台上已有相同记录，未重复导入" },
        ],
      });
      const refused = await run("needs", bad, "--lang", "en");
      expect(refused.code).toBe(1);
      expect(JSON.parse(refused.stdout)).toEqual({ rows: 2, imported: 0, errors: [{ row: 3, column: "期望技术成熟度", message: expect.any(String) }] });
      expect((await run(good)).code).toBe(2);
      expect((await run("contracts", good)).code).toBe(2);
      expect((await run("needs", good, "--what")).code).toBe(2);
      expect((await runScript("app/cli/data-import.ts", ["needs", good], { env: childEnv({ DATABASE_PATH: path.join(dir, "none.db") }) })).code).toBe(3);
    } finally {
      t.cleanup();
    }
  }, 120_000);
});
