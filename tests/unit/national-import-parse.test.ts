import { describe, expect, it } from "vitest";
import { creditCodeCheckChar } from "../../db/credit-code";
import {
  contractTypeOf,
  NATIONAL_HEADINGS,
  nationalRowSchema,
  normaliseHeading,
  parseSheetDate,
  parseYuanToFen,
  type NationalRowInput,
} from "../../app/schemas/national-records";
import { cellText, dateCellText, numberText, parseCsv } from "../../app/services/national-import/read.server";
import { matchHeadings } from "../../app/services/national-import/validate.server";

describe("amounts in yuan", () => {
  it("turns decimal text into exact fen", () => {
    expect(parseYuanToFen("12345.6")).toBe(1_234_560);
    expect(parseYuanToFen("12345.60")).toBe(1_234_560);
    expect(parseYuanToFen("0.01")).toBe(1);
    expect(parseYuanToFen("1,234,567.89")).toBe(123_456_789);
    // A float would give 1.1 * 100 = 110.00000000000001 or 0.29 * 100 = 28.999999999999996.
    expect(parseYuanToFen("0.29")).toBe(29);
    expect(parseYuanToFen("90071992547409.91")).toBe(9_007_199_254_740_991);
  });
  it("refuses more than two decimals, signs, letters and amounts beyond exact integers", () => {
    for (const bad of ["1.234", "-5", "1e5", "abc", "", "90071992547409.92"]) expect(parseYuanToFen(bad), bad).toBeNull();
  });
  it("gives an Excel number cell its decimal text with two decimals", () => {
    expect(numberText(12345.6)).toBe("12345.60");
    expect(numberText(0.29)).toBe("0.29");
    expect(numberText(1_000_000)).toBe("1000000");
    expect(numberText(2026140001)).toBe("2026140001");
    expect(parseYuanToFen(numberText(12345.6))).toBe(1_234_560);
    expect(parseYuanToFen(numberText(0.125))).toBeNull();
    expect(cellText({ formula: "A1*2", result: 88.8 })).toBe("88.80");
    expect(cellText({ richText: [{ text: "太原" }, { text: "理工" }] })).toBe("太原理工");
  });
});

describe("dates", () => {
  it("accepts YYYY-MM-DD and slashes, refuses impossible days", () => {
    expect(parseSheetDate("2026-03-18")).toBe("2026-03-18");
    expect(parseSheetDate("2026/3/8")).toBe("2026-03-08");
    expect(parseSheetDate("2026-02-29")).toBeNull();
    expect(parseSheetDate("2024-02-29")).toBe("2024-02-29");
    expect(parseSheetDate("18/03/2026")).toBeNull();
  });
  it("reads an Excel serial day number as its calendar day", () => {
    expect(parseSheetDate("45658")).toBe("2025-01-01");
    expect(parseSheetDate("46099")).toBe("2026-03-18");
    // Day 61 is 1900-03-01: no registration is that old.
    expect(parseSheetDate("61")).toBeNull();
  });
  it("keeps an ExcelJS date cell on its calendar day whatever the time zone", () => {
    expect(dateCellText(new Date(Date.UTC(2026, 2, 18)))).toBe("2026-03-18");
    // A serial converted with a rounding error just before midnight is still that midnight's day.
    expect(dateCellText(new Date(Date.UTC(2026, 2, 18) - 1))).toBe("2026-03-18");
    expect(dateCellText(new Date(Date.UTC(2026, 11, 31, 23, 0)))).toBe("2026-12-31");
  });
});

describe("headings and types", () => {
  it("accepts full-width and half-width parentheses and surrounding spaces", () => {
    expect(normaliseHeading(" 成交额（元） ")).toBe("成交额(元)");
    const headings = NATIONAL_HEADINGS.map((h) => h.replace("(", "（").replace(")", "）"));
    expect("index" in matchHeadings(headings)).toBe(true);
    const shuffled = [...NATIONAL_HEADINGS].reverse();
    const m = matchHeadings(shuffled);
    expect("index" in m && m.index.registrationNo).toBe(shuffled.length - 1);
  });
  it("refuses an unknown or missing heading, naming the expected ones", () => {
    const m = matchHeadings([...NATIONAL_HEADINGS.slice(1), "备注"]);
    expect("issues" in m).toBe(true);
    if (!("issues" in m)) return;
    expect(m.issues.map((i) => [i.row, i.column])).toEqual([
      [1, "备注"],
      [1, "合同登记编号"],
    ]);
    expect(m.issues[0]!.message).toContain("合同登记编号、项目名称");
  });
  it("names the five contract types with or without 合同", () => {
    expect(contractTypeOf("技术开发")).toBe("DEV");
    expect(contractTypeOf("技术转让合同")).toBe("TRF");
    expect(contractTypeOf(" 技术许可 ")).toBe("LIC");
    expect(contractTypeOf("技术咨询")).toBe("CON");
    expect(contractTypeOf("技术服务合同")).toBe("SRV");
    expect(contractTypeOf("技术中介")).toBeNull();
  });
});

describe("CSV", () => {
  it("reads quoted fields with commas, quotes and line breaks, and CRLF rows", () => {
    expect(parseCsv('a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n1,,3')).toEqual([
      ["a", "b", "c"],
      ["x, y", 'say "hi"', "two\nlines"],
      ["1", "", "3"],
    ]);
    expect(parseCsv("a,b\n1,2\n")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });
});

describe("a row", () => {
  const fields = new Map([
    ["C08", "C08"],
    ["环境保护与资源综合利用", "C08"],
    ["Environmentalprotectionandresourceutilisation", "C08"],
  ]);
  const schema = nationalRowSchema(fields);
  const seller = `91141102MA0K2X3Y4${creditCodeCheckChar("91141102MA0K2X3Y4")}`;
  const good: NationalRowInput = {
    registrationNo: " ２０２６１４１１００-ab12 ",
    title: "煤矸石综合利用技术服务",
    type: "技术服务合同",
    field: "Environmental protection and resource utilisation",
    sellerName: "吕梁示例科技有限公司",
    sellerCreditCode: seller.toLowerCase(),
    sellerDivision: "141102",
    buyerName: "张三",
    // A natural person signs with a resident ID number.
    buyerCreditCode: "11010519491231002X",
    buyerDivision: "110105",
    contractValue: "1,000.5",
    techValue: "1000.50",
    signedOn: "2026/3/2",
    registeredOn: "46099",
    office: "吕梁市技术市场管理办公室",
  };

  it("is normalised into what a record stores", () => {
    expect(schema.parse(good)).toMatchObject({
      registrationNo: "2026141100-AB12",
      type: "SRV",
      field: "C08",
      sellerCreditCode: seller,
      buyerCreditCode: "11010519491231002X",
      contractValue: 100_050,
      techValue: 100_050,
      signedOn: "2026-03-02",
      registeredOn: "2026-03-18",
    });
  });

  it("refuses a wrong check character, a short division, an unknown field and a number of the wrong shape", () => {
    const r = schema.safeParse({
      ...good,
      sellerCreditCode: `${seller.slice(0, 17)}${seller[17] === "0" ? "1" : "0"}`,
      buyerDivision: "11010",
      field: "C12",
      registrationNo: "AB_12345",
    });
    expect(r.success).toBe(false);
    expect(Object.fromEntries(r.error!.issues.map((i) => [i.path[0], i.message]))).toEqual({
      registrationNo: "v.nimport.registrationNo",
      field: "v.nimport.field",
      sellerCreditCode: "v.creditCode.check",
      buyerDivision: "v.nimport.division",
    });
  });

  it("refuses a zero contract value and a cell over its length before looking at it", () => {
    const r = schema.safeParse({ ...good, contractValue: "0", techValue: "0", title: "长".repeat(201) });
    expect(r.error!.issues.map((i) => [i.path[0], i.message])).toEqual([
      ["title", 'v.tooLong|{"max":200}'],
      ["contractValue", "v.nimport.positiveAmount"],
    ]);
  });
});
