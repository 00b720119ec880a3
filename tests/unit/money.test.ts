import { describe, expect, it } from "vitest";
import { fenToWanInput, formatFen, formatYi, parseAmountToFen } from "../../app/services/money";

describe("money in fen", () => {
  it("parses 万元 and yuan exactly, without floating point", () => {
    expect(parseAmountToFen("12.5", "wan")).toBe(12_500_000);
    expect(parseAmountToFen("0.1", "wan")).toBe(100_000);
    expect(parseAmountToFen("0.000001", "wan")).toBe(1);
    expect(parseAmountToFen("1,234.56", "yuan")).toBe(123_456);
    expect(parseAmountToFen("１２.５", "wan")).toBe(12_500_000);
    expect(parseAmountToFen(" 500000 ", "wan")).toBe(500_000_000_000);
    expect(parseAmountToFen("0", "yuan")).toBe(0);
  });

  it("refuses negatives, fractions of a fen, words and overflow", () => {
    for (const bad of ["-1", "1.2345678", "abc", "", "1e5", "12.", ".5", "9".repeat(20)]) {
      expect(parseAmountToFen(bad, "wan"), bad).toBeNull();
    }
    expect(parseAmountToFen("0.001", "yuan")).toBeNull();
  });

  it("round-trips fen through the form's 万元 field", () => {
    for (const fen of [0, 1, 100_000, 12_500_000, 500_000_000_000, 123_456_789]) {
      expect(parseAmountToFen(fenToWanInput(fen), "wan")).toBe(fen);
    }
    expect(fenToWanInput(null)).toBe("");
  });

  it("formats 万元 in Chinese and yuan in English", () => {
    expect(formatFen(12_500_000, "zh-CN")).toBe("12.5 万元");
    expect(formatFen(123_456, "zh-CN")).toBe("¥1,234.56");
    expect(formatFen(12_500_000, "en")).toBe("¥125,000");
    expect(formatYi(186_000_000_000, "zh-CN")).toBe("18.6 亿元");
    expect(formatYi(500_000_000_000, "en")).toBe("¥5 billion");
  });

  it("keeps the 5-billion-yuan target exact as a JavaScript number", () => {
    const target = parseAmountToFen("500000", "wan")!;
    expect(target).toBe(500_000_000_000);
    expect(Number.isSafeInteger(target * 1000)).toBe(true);
  });
});
