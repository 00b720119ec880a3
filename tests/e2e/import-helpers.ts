import type { Locator, Page } from "@playwright/test";
import { IMPORT_COLUMNS } from "../../app/schemas/data-import";
import type { DataImportKind } from "../../app/codes";
import { expect, zh } from "./fixtures";

// The Bureau's spreadsheet import as a browser drives it: a CSV of the import's columns, and an
// upload on /admin/imports that works whether or not the page's script has started.

export type ImportRow = Record<string, string>;

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** A file of `kind` with the Bureau's headings, UTF-8 with a BOM, CRLF. */
export function importCsv(kind: DataImportKind, rows: ImportRow[]): Buffer {
  const columns = IMPORT_COLUMNS[kind];
  const lines = [columns.map((c) => c.heading).join(","), ...rows.map((r) => columns.map((c) => quote(r[c.key] ?? "")).join(","))];
  return Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`);
}

/** Uploads `rows` as `kind` on /admin/imports (the page must be open) and returns the report. */
export async function uploadImport(page: Page, kind: DataImportKind, rows: ImportRow[], name: string): Promise<Locator> {
  await page.getByRole("radio", { name: zh(`dimport.kind.${kind}`) }).check();
  await page.getByLabel(zh("dimport.file"), { exact: true }).setInputFiles({ name, mimeType: "text/csv", buffer: importCsv(kind, rows) });
  // The page's script posts to the streaming route, which reports the progress it shows; a
  // click before the script has started posts the form itself, and the page shows the same report.
  const posted = page.waitForResponse(
    (r) => r.request().method() === "POST" && ["/admin/imports.ndjson", "/admin/imports"].includes(new URL(r.url()).pathname),
  );
  await page.getByRole("button", { name: zh("dimport.submit"), exact: true }).click();
  expect([200, 422]).toContain((await posted).status());
  return page.getByTestId("import-report");
}

/** An organisation of the import's columns, and needs it owns, titled with `stamp`. */
export function importOrg(stamp: string, creditCode: string): ImportRow {
  return {
    orgName: `导入测试氢能科技有限公司${stamp}`,
    creditCode,
    kind: "企业",
    countyCode: "交城县",
    address: "交城县测试路 1 号",
    contactName: "王工",
    contactPhone: "13812345678",
  };
}

export function importNeed(title: string, creditCode: string, o: ImportRow = {}): ImportRow {
  return {
    title,
    creditCode,
    countyCode: "交城县",
    industryChainId: "氢能",
    techFieldCode: "核能及氢能",
    description: "现有焦炉煤气变压吸附制氢装置氢气纯度 99.9%，希望提升到 99.999% 以满足燃料电池用氢标准，同时降低能耗。",
    budgetMinWan: "50",
    budgetMaxWan: "120",
    cooperationModes: "合作开发、委托开发",
    expectedTrl: "6",
    deadline: "2099-12-31",
    contactName: "王工",
    contactPhone: "13812345678",
    ...o,
  };
}
