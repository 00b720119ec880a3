import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, todayInShanghai } from "../../app/i18n/format";
import { dateTimeFormat, numberFormat } from "../../app/i18n/intl";
import { formatFen, formatYi } from "../../app/services/money";

describe("shared Intl formatters", () => {
  it("are built once per locale and options", () => {
    expect(numberFormat("zh-CN", { maximumFractionDigits: 2 })).toBe(numberFormat("zh-CN", { maximumFractionDigits: 2 }));
    expect(numberFormat("zh-CN", { maximumFractionDigits: 2 })).not.toBe(numberFormat("en-US", { maximumFractionDigits: 2 }));
    expect(numberFormat("zh-CN", { maximumFractionDigits: 2 })).not.toBe(numberFormat("zh-CN", { maximumFractionDigits: 1 }));
    expect(dateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", dateStyle: "medium" })).toBe(
      dateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", dateStyle: "medium" }),
    );
  });

  it("format exactly as a formatter built for the call", () => {
    expect(formatFen(125_000_000, "zh")).toBe(`${new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 2 }).format(125)} 万元`);
    expect(formatFen(123_456, "zh")).toBe("¥1,234.56");
    expect(formatFen(123_400, "en")).toBe("¥1,234");
    expect(formatYi(18_600_000_000, "zh")).toBe("1.86 亿元");
    expect(formatDate("2026-11-21T17:00:00.000Z", "zh-CN")).toBe("2026年11月22日");
    expect(formatDate("2026-11-21", "en")).toBe("21 Nov 2026");
    expect(formatDateTime("2026-11-21T17:00:00.000Z", "en")).toBe("22 Nov 2026, 01:00");
    expect(todayInShanghai(new Date("2026-12-31T16:30:00.000Z"))).toBe("2027-01-01");
  });
});
