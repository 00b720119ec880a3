import { describe, expect, it } from "vitest";
import { beijingDate, exportBaseName, neutralise, sheet, writeCsv, writeXlsx, type ExportColumn, type ExportFile } from "../../app/services/export/table";
import { csvText, parseCsv, readXlsx } from "../helpers/spreadsheet";

type Row = { name: string; fen: number | null; budgetFen: number | null; at: string | null; n: number };

const columns: ExportColumn<Row>[] = [
  { key: "name", heading: "名称", value: (r) => r.name },
  { key: "fen", heading: "金额(元)", kind: "yuan", value: (r) => r.fen },
  { key: "budget", heading: "预算(万元)", kind: "wan", value: (r) => r.budgetFen },
  { key: "at", heading: "日期", kind: "date", value: (r) => r.at },
  { key: "n", heading: "数量", kind: "int", value: (r) => r.n },
];

const rows: Row[] = [
  { name: '焦炉煤气制氢, "高纯"\n二期', fen: 123456, budgetFen: 1_234_567, at: "2026-03-31T16:30:00.000Z", n: 3 },
  { name: '=HYPERLINK("http://x")', fen: 5, budgetFen: null, at: "2026-01-02", n: 0 },
  { name: "+1", fen: -250, budgetFen: 30_000_000, at: null, n: -1 },
  { name: "-2", fen: 0, budgetFen: 0, at: "2025-12-31T15:59:59.000Z", n: 7 },
  { name: "@SUM(A1)", fen: null, budgetFen: 1, at: "2025-12-31T16:00:00.000Z", n: 1 },
];

const file = (): ExportFile => ({ baseName: "需求-2026-11-26", sheets: [sheet({ name: "需求", columns, rows })] });

describe("CSV", () => {
  it("starts with a BOM, ends records with CRLF, quotes by RFC 4180 and writes money, dates and formulas safely", () => {
    const body = writeCsv(file());
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csvText(body);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "").includes("\r")).toBe(false);
    expect(parseCsv(text)).toEqual([
      ["名称", "金额(元)", "预算(万元)", "日期", "数量"],
      // An instant is written as its Beijing date: 16:30 UTC on 31 March is 1 April in Beijing.
      ['焦炉煤气制氢, "高纯"\n二期', "1234.56", "1.234567", "2026-04-01", "3"],
      ['\'=HYPERLINK("http://x")', "0.05", "", "2026-01-02", "0"],
      ["'+1", "-2.50", "30", "", "-1"],
      ["'-2", "0.00", "0", "2025-12-31", "7"],
      ["'@SUM(A1)", "", "0.000001", "2026-01-01", "1"],
    ]);
  });

  it("writes several sheets as blocks, each named, separated by an empty record", () => {
    const body = writeCsv({ baseName: "x", sheets: [sheet({ name: "甲", columns, rows: rows.slice(0, 1) }), sheet({ name: "乙", columns, rows: [] })] });
    const parsed = parseCsv(csvText(body));
    expect(parsed[0]).toEqual(["甲"]);
    expect(parsed[1]![0]).toBe("名称");
    expect(parsed[3]).toEqual([""]);
    expect(parsed[4]).toEqual(["乙"]);
    expect(parsed).toHaveLength(6);
  });
});

describe(".xlsx", () => {
  it("freezes the heading row, keeps numbers as numbers and neutralises formulas", async () => {
    const [ws] = await readXlsx(await writeXlsx(file()));
    expect(ws!.name).toBe("需求");
    expect(ws!.frozenRows).toBe(1);
    expect(ws!.rows).toEqual([
      ["名称", "金额(元)", "预算(万元)", "日期", "数量"],
      ['焦炉煤气制氢, "高纯"\n二期', 1234.56, 1.234567, "2026-04-01", 3],
      ['\'=HYPERLINK("http://x")', 0.05, null, "2026-01-02", 0],
      ["'+1", -2.5, 30, null, -1],
      ["'-2", 0, 0, "2025-12-31", 7],
      ["'@SUM(A1)", null, 0.000001, "2026-01-01", 1],
    ]);
  });

  it("puts a title row above the headings and freezes both", async () => {
    const [ws] = await readXlsx(
      await writeXlsx({ baseName: "x", sheets: [sheet({ name: "清单", title: "吕梁市2026年度重点技术需求清单", columns, rows: [] })] }),
    );
    expect(ws!.rows[0]![0]).toBe("吕梁市2026年度重点技术需求清单");
    expect(ws!.rows[1]).toEqual(["名称", "金额(元)", "预算(万元)", "日期", "数量"]);
    expect(ws!.frozenRows).toBe(2);
  });
});

describe("footer rows", () => {
  it("are written by the columns' kinds after the data, in both formats", async () => {
    const withTotal: ExportFile = {
      baseName: "x",
      sheets: [sheet({ name: "合计", columns, rows: rows.slice(0, 1), footer: [{ cells: { name: "合计", fen: 123_456 }, bold: true }] })],
    };
    expect(parseCsv(csvText(writeCsv(withTotal)))[2]).toEqual(["合计", "1234.56", "", "", ""]);
    const [ws] = await readXlsx(await writeXlsx(withTotal));
    expect(ws!.rows[2]).toEqual(["合计", 1234.56, null, null, null]);
  });
});

describe("helpers", () => {
  it("neutralises only texts that start like a formula", () => {
    expect(neutralise("=1+1")).toBe("'=1+1");
    expect(neutralise("\t=1")).toBe("'\t=1");
    expect(neutralise("氢能 = 未来")).toBe("氢能 = 未来");
  });

  it("dates in Beijing time and names files after the list, its filters and the day", () => {
    expect(beijingDate("2026-11-25T16:00:00.000Z")).toBe("2026-11-26");
    expect(exportBaseName("技术需求", ["氢", null, "141122/x"], new Date("2026-11-25T16:00:00.000Z"))).toBe("技术需求-氢-141122_x-2026-11-26");
  });
});

describe("10,000 rows", () => {
  it("export to .xlsx and CSV in under 5 s each, every row read back", async () => {
    const many: Row[] = Array.from({ length: 10_000 }, (_, i) => ({
      name: `吕梁技术需求第${i + 1}项：焦炉煤气制氢提纯`,
      fen: i * 101,
      budgetFen: i * 10_000,
      at: `2026-0${(i % 9) + 1}-15T08:00:00.000Z`,
      n: i,
    }));
    const big: ExportFile = { baseName: "big", sheets: [sheet({ name: "big", columns, rows: many })] };

    let started = performance.now();
    const xlsx = await writeXlsx(big);
    const xlsxMs = performance.now() - started;
    started = performance.now();
    const csv = writeCsv(big);
    const csvMs = performance.now() - started;
    console.log(`export of 10,000 rows: .xlsx ${xlsxMs.toFixed(0)} ms (${xlsx.length} bytes), CSV ${csvMs.toFixed(0)} ms (${csv.length} bytes)`);
    expect(xlsxMs).toBeLessThan(5000);
    expect(csvMs).toBeLessThan(5000);

    const [ws] = await readXlsx(xlsx);
    expect(ws!.rows).toHaveLength(10_001);
    expect(ws!.rows[10_000]).toEqual(["吕梁技术需求第10000项：焦炉煤气制氢提纯", 10_098.99, 99.99, "2026-01-15", 9999]);
    const parsed = parseCsv(csvText(csv));
    expect(parsed).toHaveLength(10_001);
    expect(parsed[5001]).toEqual(["吕梁技术需求第5001项：焦炉煤气制氢提纯", "5050.00", "50", "2026-06-15", "5000"]);
  }, 30_000);
});
