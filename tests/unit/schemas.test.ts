import { describe, expect, it } from "vitest";
import { achievementSchema, needSchema } from "../../app/schemas/listings";
import { loginSchema, registerSchema } from "../../app/schemas/auth";
import { parseForm } from "../../app/services/forms";

function form(values: Record<string, string | string[]>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) for (const item of Array.isArray(v) ? v : [v]) fd.append(k, item);
  return fd;
}

const goodNeed = {
  title: "赤泥中铁铝钪综合回收技术",
  description: "氧化铝厂赤泥年排放 200 万吨，希望回收铁、铝、钪，铁回收率不低于 85%，尾渣用于建材。",
  industryChainId: "solid-waste",
  techFieldCode: "703",
  budgetMinWan: "100",
  budgetMaxWan: "300.5",
  cooperationModes: ["joint_dev", "transfer"],
  expectedTrl: "6",
  deadline: "2099-01-01",
  countyCode: "141123",
  contactName: "刘工",
  contactPhone: "13512345678",
  contactEmail: "",
};

const TODAY = "2026-11-21";

function errorsOf(s: { status?: string; error?: Record<string, string[] | null> | null }): Record<string, string[] | null> {
  return s.status === "success" ? {} : (s.error ?? {});
}

function needErrors(values: Record<string, string | string[]>, locale: "zh-CN" | "en" = "zh-CN") {
  const s = parseForm(form(values), needSchema(TODAY), locale);
  return s.status === "success" ? null : (s.error ?? {});
}

describe("need form schema", () => {
  it("accepts a complete need and turns 万元 into fen", () => {
    const s = parseForm(form(goodNeed), needSchema(TODAY), "zh-CN");
    expect(s.status).toBe("success");
    if (s.status !== "success") return;
    expect(s.value.budgetMinWan).toBe(100_000_000);
    expect(s.value.budgetMaxWan).toBe(300_500_000);
    expect(s.value.cooperationModes).toEqual(["joint_dev", "transfer"]);
    expect(s.value.contactEmail).toBeUndefined();
  });

  it("accepts a single cooperation mode and an open budget (面议)", () => {
    const s = parseForm(form({ ...goodNeed, cooperationModes: "service", budgetMinWan: "", budgetMaxWan: "" }), needSchema(TODAY), "zh-CN");
    expect(s.status).toBe("success");
    if (s.status === "success") {
      expect(s.value.cooperationModes).toEqual(["service"]);
      expect(s.value.budgetMinWan).toBeUndefined();
    }
  });

  it("names every empty required field in Chinese", () => {
    const errors = needErrors({})!;
    for (const f of [
      "title",
      "description",
      "industryChainId",
      "techFieldCode",
      "cooperationModes",
      "expectedTrl",
      "deadline",
      "countyCode",
      "contactName",
      "contactPhone",
    ]) {
      expect(errors[f], f).toBeDefined();
    }
    expect(errors.title).toEqual(["请填写此项"]);
    expect(errors.cooperationModes).toEqual(["请至少选择一项"]);
  });

  it("speaks English to English visitors", () => {
    expect(needErrors({ ...goodNeed, title: "" }, "en")!.title).toEqual(["This field is required"]);
    expect(needErrors({ ...goodNeed, title: "x".repeat(81) }, "en")!.title).toEqual(["At most 80 characters"]);
  });

  it("refuses a too-long title, negative money, min above max, a past deadline and markup", () => {
    expect(needErrors({ ...goodNeed, title: "氢".repeat(81) })!.title).toEqual(["不能超过 80 个字符"]);
    expect(needErrors({ ...goodNeed, budgetMinWan: "-5" })!.budgetMinWan![0]).toContain("金额");
    expect(needErrors({ ...goodNeed, budgetMinWan: "500", budgetMaxWan: "100" })!.budgetMaxWan).toEqual(["预算上限不能低于下限"]);
    expect(needErrors({ ...goodNeed, deadline: "2026-11-20" })!.deadline).toEqual(["截止日期不能早于今天"]);
    expect(needErrors({ ...goodNeed, deadline: "2026-11-21" })).toBeNull();
    expect(needErrors({ ...goodNeed, deadline: "2026-13-45" })!.deadline).toBeDefined();
    expect(needErrors({ ...goodNeed, title: '<script>alert("x")</script>需求' })!.title).toEqual(["请不要输入 HTML 标签或脚本"]);
    expect(needErrors({ ...goodNeed, description: `${goodNeed.description}<img src=x onerror=alert(1)>` })!.description).toBeDefined();
    expect(needErrors({ ...goodNeed, expectedTrl: "10" })!.expectedTrl).toBeDefined();
    expect(JSON.stringify(needErrors({ ...goodNeed, cooperationModes: ["bribery"] }))).toContain("请选择一项");
    expect(needErrors({ ...goodNeed, contactPhone: "12345" })!.contactPhone).toBeDefined();
  });
});

describe("achievement form schema", () => {
  const good = {
    title: "镁合金半固态压铸成形技术",
    summary: "采用流变压铸工艺制备 AZ91D 镁合金构件，抗拉强度提高 20%，气孔率降低 60%，已在汽车零部件企业完成中试验证。",
    keywords: "镁合金，半固态、压铸",
    industryChainId: "al-mg",
    techFieldCode: "401",
    trl: "7",
    ipType: "invention_patent",
    patentNumbers: "ZL202310123456.7\n202110654321X",
    transferModes: ["licence"],
    priceWan: "",
    owners: "太原理工大学材料团队",
    contactName: "陈老师",
    contactPhone: "0351-6018888",
  };

  it("splits keywords on Chinese and Western separators and normalises patent numbers", () => {
    const s = parseForm(form(good), achievementSchema, "zh-CN");
    expect(s.status).toBe("success");
    if (s.status !== "success") return;
    expect(s.value.keywords).toEqual(["镁合金", "半固态", "压铸"]);
    expect(s.value.patentNumbers).toEqual(["ZL202310123456.7", "ZL202110654321.X"]);
    expect(s.value.priceWan).toBeUndefined();
  });

  it("refuses a malformed patent number and an empty keyword list", () => {
    const s = parseForm(form({ ...good, patentNumbers: "CN12345", keywords: " ， " }), achievementSchema, "zh-CN");
    expect(s.status).not.toBe("success");
    expect(JSON.stringify(errorsOf(s))).toContain("专利号格式");
    expect(JSON.stringify(errorsOf(s))).toContain("请至少选择一项");
  });
});

describe("account schemas", () => {
  it("requires an email and a password to log in", () => {
    const s = parseForm(form({ email: "not-an-email", password: "" }), loginSchema, "zh-CN");
    expect(errorsOf(s).email).toEqual(["请输入有效的邮箱地址"]);
    expect(errorsOf(s).password).toEqual(["请填写此项"]);
  });

  it("checks password strength and confirmation on registration", () => {
    const s = parseForm(
      form({ role: "enterprise", name: "张三", email: "a@b.cn", password: "aaaaaaaaaa", passwordConfirm: "bbbb", orgMode: "existing", creditCode: "x" }),
      registerSchema,
      "zh-CN",
    );
    expect(errorsOf(s).password).toEqual(["密码至少 10 个字符，且不能全是同一类字符"]);
    expect(errorsOf(s).passwordConfirm).toEqual(["两次输入的密码不一致"]);
  });
});

describe("every problem at once", () => {
  it("reports a budget range upside down alongside other missing fields", () => {
    const errors = needErrors({ title: "测试需求：镁渣综合利用", budgetMinWan: "500", budgetMaxWan: "100", expectedTrl: "" })!;
    expect(errors.budgetMaxWan).toEqual(["预算上限不能低于下限"]);
    expect(errors.expectedTrl).toEqual(["请填写此项"]);
    expect(errors.description).toEqual(["请填写此项"]);
  });
});
