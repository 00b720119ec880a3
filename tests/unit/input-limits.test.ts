import { describe, expect, it } from "vitest";
import { z } from "zod";
import { creditCodeCheckChar } from "../../db/credit-code";
import { translate } from "../../app/i18n";
import { loginSchema, passwordChangeSchema, registerSchema } from "../../app/schemas/auth";
import { brokerApplicationSchema, brokerDecisionSchema, openNeedsFilterSchema, suggestionIntentSchema } from "../../app/schemas/brokers";
import { browseQuerySchema } from "../../app/schemas/browse";
import { computeBatchSchema, subsidyRuleSchema } from "../../app/schemas/awards";
import { contractSchema, registrationSchema, returnSchema, rewardRuleSchema } from "../../app/schemas/contracts";
import { dealIntentSchema } from "../../app/schemas/deals";
import { amountText, hasControlChars, optionalWanAmount, text } from "../../app/schemas/fields";
import { achievementSchema, needSchema, reviewSchema } from "../../app/schemas/listings";
import { parseForm } from "../../app/services/forms";
import { parseAmountToFen } from "../../app/services/money";

// Limits every form field keeps before anything else looks at a value: a length cap, checked
// first, and no control characters (long text keeps its line breaks).

type Values = Record<string, string | string[]>;

function form(values: Values): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) for (const item of Array.isArray(v) ? v : [v]) fd.append(k, item);
  return fd;
}

function errors(schema: z.ZodType, values: Values, locale: "zh-CN" | "en" = "zh-CN"): Record<string, string[] | null> {
  const s = parseForm(form(values), schema, locale);
  return s.status === "success" ? {} : (s.error ?? {});
}

function value<S extends z.ZodType>(schema: S, values: Values): z.output<S> {
  const s = parseForm(form(values), schema, "zh-CN");
  if (s.status !== "success") throw new Error(`expected success, got ${JSON.stringify(s.error)}`);
  return s.value as z.output<S>;
}

const CONTROL_ZH = "不能包含控制字符";
const CONTROL_EN = "Must not contain control characters";
const TEN_MB_DIGITS = "9".repeat(10 * 1024 * 1024);

const TODAY = "2026-11-21";
const need = {
  title: "赤泥中铁铝钪综合回收技术",
  description: "氧化铝厂赤泥年排放 200 万吨，希望回收铁、铝、钪，铁回收率不低于 85%，尾渣用于建材。",
  industryChainId: "solid-waste",
  techFieldCode: "703",
  budgetMinWan: "100",
  budgetMaxWan: "300.5",
  cooperationModes: ["joint_dev"],
  expectedTrl: "6",
  deadline: "2099-01-01",
  countyCode: "141123",
  contactName: "刘工",
  contactPhone: "13512345678",
};
const achievement = {
  title: "镁合金半固态压铸成形技术",
  summary: "采用流变压铸工艺制备 AZ91D 镁合金构件，抗拉强度提高 20%，气孔率降低 60%，已在汽车零部件企业完成中试验证。",
  keywords: "镁合金，半固态",
  industryChainId: "al-mg",
  techFieldCode: "401",
  trl: "7",
  ipType: "invention_patent",
  patentNumbers: "ZL202310123456.7\r\n202110654321X",
  transferModes: ["licence"],
  priceWan: "50",
  owners: "太原理工大学材料团队",
  contactName: "陈老师",
  contactPhone: "0351-6018888",
};

const code = (n: string) => {
  const first17 = `91141102MA0${n.padStart(6, "0")}`;
  return first17 + creditCodeCheckChar(first17)!;
};
const contract = {
  title: "赤泥综合利用技术开发合同",
  type: "DEV",
  subType: "commissioned",
  buyerName: "吕梁铝业有限公司",
  buyerCreditCode: code("1"),
  buyerDivision: "141102",
  sellerName: "太原理工大学",
  sellerCreditCode: code("2"),
  sellerDivision: "140105",
  contractValueWan: "100",
  otherWan: "20",
  signedOn: "2026-01-10",
  termStart: "2026-01-10",
  termEnd: "2026-12-31",
  paymentMode: "lump_sum_instalments",
  contractFieldCode: "C01",
  ipTypes: ["invention_patent"],
  commissionRatePercent: "",
  commissionFixedWan: "",
};
const reward = { name: "经纪人奖励", year: "2026", ratePercent: "1.5", base: "tech_value", capWan: "10", source: "吕梁市科技局文件" };
const subsidy = { name: "技术合同奖补", year: "2026", ratePercent: "5", beneficiary: "seller", capPerAchievementWan: "20", source: "吕梁市科技局文件" };
const batch = { intent: "compute", kind: "subsidy", periodStart: "2026-01-01", periodEnd: "2026-06-30" };

describe("control characters", () => {
  it("are C0 controls, DEL and C1 controls; long text keeps tab, CR and LF", () => {
    for (const c of ["\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\u009f", "\t", "\n", "\r"])
      expect(hasControlChars(`a${c}b`), JSON.stringify(c)).toBe(true);
    for (const c of ["\t", "\n", "\r"]) expect(hasControlChars(`a${c}b`, true)).toBe(false);
    for (const c of ["\u0000", "\u000b", "\u000c", "\u007f", "\u0085"]) expect(hasControlChars(`a${c}b`, true), JSON.stringify(c)).toBe(true);
    expect(hasControlChars("吕梁 Lüliang ½ — “ok”")).toBe(false);
  });

  it("are a field error in both languages", () => {
    expect(errors(needSchema(TODAY), { ...need, title: "赤泥\u0000回收技术" }).title).toEqual([CONTROL_ZH]);
    expect(errors(needSchema(TODAY), { ...need, title: "赤泥\u0000回收技术" }, "en").title).toEqual([CONTROL_EN]);
    expect(translate("zh-CN", "v.controlChars")).toBe(CONTROL_ZH);
  });
});

describe("listing forms", () => {
  it("refuse a NUL byte or another control character in every kind of text field", () => {
    for (const field of ["title", "description", "contactName", "contactPhone", "industryChainId", "countyCode", "deadline", "budgetMinWan"]) {
      expect(errors(needSchema(TODAY), { ...need, [field]: `${need[field as keyof typeof need]}\u0000` })[field], field).toEqual([CONTROL_ZH]);
    }
    expect(errors(needSchema(TODAY), { ...need, title: "赤泥\u007f回收技术" }).title).toEqual([CONTROL_ZH]);
    expect(errors(needSchema(TODAY), { ...need, title: "赤泥\u0085回收技术" }).title).toEqual([CONTROL_ZH]);
    expect(errors(needSchema(TODAY), { ...need, title: "赤泥\t回收技术" }).title).toEqual([CONTROL_ZH]);
    expect(errors(needSchema(TODAY), { ...need, description: `${need.description}\u000b` + "补充" }).description).toEqual([CONTROL_ZH]);
    for (const field of ["summary", "keywords", "owners", "patentNumbers"]) {
      expect(errors(achievementSchema, { ...achievement, [field]: `${achievement[field as keyof typeof achievement]}\u0001x` })[field], field).toEqual([
        CONTROL_ZH,
      ]);
    }
    expect(errors(reviewSchema, { decision: "reject", reason: "资料\u0000不全" }).reason).toEqual([CONTROL_ZH]);
  });

  it("keep the line breaks a textarea posts in long text", () => {
    const description = `第一段：氧化铝厂赤泥年排放 200 万吨。\r\n第二段：希望回收铁、铝、钪，\t尾渣用于建材。`;
    expect(value(needSchema(TODAY), { ...need, description }).description).toBe(description);
    const summary = `${achievement.summary}\r\n\r\n已申请发明专利两项。`;
    const a = value(achievementSchema, { ...achievement, summary });
    expect(a.summary).toBe(summary);
    expect(a.patentNumbers).toEqual(["ZL202310123456.7", "ZL202110654321.X"]);
    expect(value(reviewSchema, { decision: "reject", reason: "资料不全：\r\n缺少检测报告" })).toEqual({
      decision: "reject",
      reason: "资料不全：\r\n缺少检测报告",
    });
  });
});

describe("account forms", () => {
  it("refuse control characters in every field", () => {
    expect(errors(loginSchema, { email: "a@b.cn\u0000", password: "x" }).email).toEqual([CONTROL_ZH]);
    expect(errors(loginSchema, { email: "a@b.cn", password: "secret\u0000", redirectTo: "/needs\r\nX-Header: 1" })).toEqual({
      password: [CONTROL_ZH],
      redirectTo: [CONTROL_ZH],
    });
    const person = {
      role: "enterprise",
      name: "张\u0000三",
      email: "a@b.cn",
      password: "Lvliang-2026\u0007",
      passwordConfirm: "Lvliang-2026\u0007",
      orgMode: "existing",
      creditCode: code("3"),
    };
    const e = errors(registerSchema, person);
    expect(e.name).toEqual([CONTROL_ZH]);
    expect(e.password).toEqual([CONTROL_ZH]);
    expect(errors(passwordChangeSchema, { current: "a\u0000", next: "Lvliang-2027!", confirm: "Lvliang-2027!" }).current).toEqual([CONTROL_ZH]);
  });

  it("cap every field's length", () => {
    expect(errors(loginSchema, { email: "a@b.cn", password: "p".repeat(201), redirectTo: "/".repeat(501) })).toEqual({
      password: ["不能超过 200 个字符"],
      redirectTo: ["不能超过 500 个字符"],
    });
  });
});

describe("broker forms", () => {
  const application = {
    certificateNo: "JS-2026-0001",
    grade: "junior",
    validFrom: "2026-01-01",
    validUntil: "2028-12-31",
    chains: ["coal"],
    cohort: "2026-1",
    orgId: "1",
    bio: "十年技术转移经验。\r\n擅长煤化工。",
  };

  it("refuse control characters and keep the biography's line breaks", () => {
    expect(value(brokerApplicationSchema, application).bio).toBe(application.bio);
    expect(errors(brokerApplicationSchema, { ...application, certificateNo: "JS-2026\u0000-0001" }).certificateNo).toEqual([CONTROL_ZH]);
    expect(errors(brokerApplicationSchema, { ...application, bio: "经验\u001b[31m丰富" }).bio).toEqual([CONTROL_ZH]);
    expect(errors(brokerApplicationSchema, { ...application, chains: ["coal\u0000"] })["chains[0]"]).toEqual([CONTROL_ZH]);
    expect(errors(brokerDecisionSchema, { intent: "reject", brokerId: "4", note: "证书\u0000过期" }).note).toEqual([CONTROL_ZH]);
    const dismissed = suggestionIntentSchema.safeParse({ intent: "dismiss", achievementId: "3", reason: "other", note: "不合适\u0000" });
    expect(dismissed.error?.issues.map((i) => i.message)).toEqual(["v.controlChars"]);
  });

  it("cap ids before reading them as numbers", () => {
    expect(errors(brokerApplicationSchema, { ...application, orgId: "1".repeat(1000) }).orgId).toEqual(["不能超过 16 个字符"]);
    expect(openNeedsFilterSchema.parse({ chain: "coal\u0000" })).toEqual({ chain: undefined });
  });
});

describe("deal room forms", () => {
  it("refuse control characters and keep a note's line breaks", () => {
    expect(dealIntentSchema.parse({ intent: "note", body: "对方同意。\r\n下周签约。" })).toEqual({ intent: "note", body: "对方同意。\r\n下周签约。" });
    for (const input of [
      { intent: "note", body: "对方\u0000同意" },
      { intent: "propose", subject: "报价\u0007" },
      { intent: "answer", responseId: "1", code: "other", note: "稍后\u0000" },
    ]) {
      const s = dealIntentSchema.safeParse(input);
      expect(
        s.error?.issues.map((i) => i.message),
        JSON.stringify(input),
      ).toEqual(["v.controlChars"]);
    }
  });
});

describe("contract forms", () => {
  it("accept the baseline contract", () => {
    expect(value(contractSchema, contract).contractValueFen).toBe(100_000_000);
  });

  it("refuse control characters in every kind of text field", () => {
    for (const field of ["title", "buyerName", "buyerCreditCode", "buyerDivision", "subType", "contractFieldCode", "contractValueWan", "signedOn"]) {
      expect(errors(contractSchema, { ...contract, [field]: `${contract[field as keyof typeof contract]}\u0000` })[field], field).toEqual([CONTROL_ZH]);
    }
    expect(
      errors(contractSchema, { ...contract, "milestones[0].title": "首\u0000付", "milestones[0].dueOn": "2026-02-01", "milestones[0].amountWan": "100" })[
        "milestones[0].title"
      ],
    ).toEqual([CONTROL_ZH]);
    expect(errors(registrationSchema, { intent: "register", registrationNo: "1411\u00000001", otherWan: "" }).registrationNo).toEqual([CONTROL_ZH]);
    expect(errors(rewardRuleSchema, { ...reward, source: "文件\u0000" }).source).toEqual([CONTROL_ZH]);
  });

  it("keep the line breaks of a return reason", () => {
    expect(value(returnSchema, { intent: "return", reason: "技术交易额有误：\r\n请核对发票" }).reason).toBe("技术交易额有误：\r\n请核对发票");
  });
});

describe("browse query", () => {
  it("drops a query with a control character or an oversized value rather than failing the page", () => {
    const q = browseQuerySchema.parse({ q: "赤泥\u0000", mode: ["transfer", "lic\u0000"], page: "9".repeat(100_000), industryChainId: "x".repeat(41) });
    expect(q.q).toBeUndefined();
    expect(q.mode).toEqual([]);
    expect(q.page).toBeUndefined();
    expect(q.industryChainId).toEqual([]);
    expect(browseQuerySchema.parse({ q: " 赤泥 ", mode: ["transfer"], page: "2" })).toMatchObject({ q: "赤泥", mode: ["transfer"], page: 2 });
  });
});

describe("amount fields", () => {
  it("skip the number parsing when the length check fails (Zod ends the checks and the transform)", () => {
    let calls = 0;
    const spied = amountText.optional().transform((v) => {
      calls++;
      return v;
    });
    expect(spied.safeParse(TEN_MB_DIGITS).success).toBe(false);
    expect(spied.safeParse("1\u0000").success).toBe(false);
    expect(calls).toBe(0);
    expect(spied.safeParse("12.5").success).toBe(true);
    expect(calls).toBe(1);
    const issues = optionalWanAmount.safeParse(TEN_MB_DIGITS).error?.issues ?? [];
    expect(issues.map((i) => i.code)).toEqual(["too_big"]);
    expect(text(5).safeParse("x".repeat(6)).error?.issues).toHaveLength(1);
  });

  it("give a field error for a 10 MB digit string in each amount field, well under 100 ms", () => {
    const cases: [z.ZodType, Values, string][] = [
      [needSchema(TODAY), need, "budgetMinWan"],
      [needSchema(TODAY), need, "budgetMaxWan"],
      [achievementSchema, achievement, "priceWan"],
      [contractSchema, contract, "contractValueWan"],
      [contractSchema, contract, "equipmentWan"],
      [contractSchema, contract, "otherWan"],
      [contractSchema, contract, "commissionFixedWan"],
      [contractSchema, contract, "commissionRatePercent"],
      [contractSchema, { ...contract, "milestones[0].title": "首付", "milestones[0].dueOn": "2026-02-01" }, "milestones[0].amountWan"],
      [registrationSchema, { intent: "register", registrationNo: "14110000001" }, "otherWan"],
      [rewardRuleSchema, reward, "ratePercent"],
      [rewardRuleSchema, reward, "capWan"],
      [rewardRuleSchema, reward, "year"],
      [subsidyRuleSchema, subsidy, "ratePercent"],
      [subsidyRuleSchema, subsidy, "capPerAchievementWan"],
      [subsidyRuleSchema, subsidy, "capPerBeneficiaryYearWan"],
      [subsidyRuleSchema, subsidy, "year"],
      [computeBatchSchema, batch, "periodEnd"],
    ];
    for (const [schema, base, field] of cases) {
      const fd = form({ ...base, [field]: TEN_MB_DIGITS });
      const started = performance.now();
      const s = parseForm(fd, schema, "en");
      const elapsed = performance.now() - started;
      expect(s.status, field).toBe("error");
      expect(s.status === "error" && s.error?.[field], field).toEqual([expect.stringMatching(/^At most \d+ characters$/)]);
      expect(elapsed, field).toBeLessThan(100);
    }
  });

  it("parse nothing longer than an amount can be", () => {
    const started = performance.now();
    expect(parseAmountToFen(TEN_MB_DIGITS, "wan")).toBeNull();
    expect(performance.now() - started).toBeLessThan(100);
    expect(parseAmountToFen(" ¥ 100,000,000.000000 ", "wan")).toBe(100_000_000_000_000);
  });
});
