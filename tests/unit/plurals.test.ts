import { describe, expect, it } from "vitest";
import { fill, translate, translator } from "../../app/i18n";
import { messagesFor } from "../../app/i18n";

describe("plural messages", () => {
  it("choose the English form by Intl.PluralRules, with # as the value", () => {
    const template = "{n, plural, one {# registered contract} other {# registered contracts}}";
    expect(fill(template, { n: 1 }, "en")).toBe("1 registered contract");
    expect(fill(template, { n: 0 }, "en")).toBe("0 registered contracts");
    expect(fill(template, { n: 2 }, "en")).toBe("2 registered contracts");
    expect(fill(template, { n: "1,234" }, "en")).toBe("1,234 registered contracts");
    expect(fill(template, { n: "1.5" }, "en")).toBe("1.5 registered contracts");
    expect(fill("{n, plural, =0 {none yet} one {# need} other {# needs}}", { n: 0 }, "en")).toBe("none yet");
    expect(fill(template, {}, "en")).toBe(template);
  });

  it("read right in the English tables, and the Chinese ones need none", () => {
    expect(translate("en", "broker.record.contracts", { n: 1 })).toBe("1 registered contract");
    expect(translate("en", "broker.record.contracts", { n: 3 })).toBe("3 registered contracts");
    expect(translate("en", "common.formHasErrors", { count: 1 })).toBe("1 field needs attention: see the messages in red.");
    expect(translate("en", "common.formHasErrors", { count: 2 })).toBe("2 fields need attention: see the messages in red.");
    expect(translate("en", "duration.days", { n: "1" })).toBe("1 day");
    expect(translate("en", "ind.list.total", { count: 1, amount: "¥5" })).toBe("1 contract, amount ¥5");
    expect(translator(messagesFor("en"), "en")("deal.mine.owed", { n: 1 })).toBe("1 question awaits your organisation's answer.");
    expect(translate("zh-CN", "common.formHasErrors", { count: 1 })).toBe("表单有 1 处需要修改，请查看标红的字段。");
  });

  it("leave no English message with a bare count before a plural noun", () => {
    const bare = Object.entries(messagesFor("en")).filter(([, m]) =>
      /\{(n|count|days|minutes)\} (more )?[a-z]+s\b/.test(m.replace(/\{\w+, plural,.*\}\}/g, "")),
    );
    expect(bare.map(([k]) => k)).toEqual([]);
  });
});
