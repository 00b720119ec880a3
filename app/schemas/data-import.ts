import { z } from "zod";
import { creditCodeProblem, normaliseCreditCode } from "../../db/credit-code";
import { DATA_IMPORT_KINDS, ORG_KINDS, type DataImportKind } from "../codes";
import { registerSchema } from "./auth";
import { optionalText, phone, text } from "./fields";

// The Bureau's spreadsheets of needs, achievements and organisations: each kind's columns in
// its usual Chinese headings (with the synonyms people type), the field of the form each column
// fills, and whether the file must have it. A row is checked by the form's own schema; the
// columns that only a spreadsheet has (the owner's credit code, a list year) are checked here.

export interface ImportColumn {
  /** The form's field name the cell fills (or a spreadsheet-only field). */
  key: string;
  heading: string;
  /** A file without this column is refused. */
  required: boolean;
  synonyms?: readonly string[];
}

const col = (key: string, heading: string, required: boolean, synonyms: readonly string[] = []): ImportColumn => ({ key, heading, required, synonyms });

const COUNTY = col("countyCode", "所属县(市、区)", true, ["所属县（市、区）", "所属县区", "所属区县", "县(市、区)", "县区", "所属地区"]);
const CHAIN = col("industryChainId", "产业链", true, ["所属产业链"]);
const FIELD = col("techFieldCode", "技术领域", true, ["所属技术领域", "所属领域"]);
const CREDIT = col("creditCode", "统一社会信用代码", true, ["社会信用代码", "信用代码"]);
const CONTACT = [
  col("contactName", "联系人", true, ["联系人姓名"]),
  col("contactPhone", "联系电话", true, ["电话", "手机", "联系方式"]),
  col("contactEmail", "联系邮箱", false, ["电子邮箱", "邮箱", "电子邮件"]),
];

export const IMPORT_COLUMNS: Record<DataImportKind, readonly ImportColumn[]> = {
  needs: [
    col("title", "需求名称", true, ["需求标题", "技术需求名称"]),
    col("orgName", "需求单位", false, ["单位名称", "企业名称"]),
    CREDIT,
    COUNTY,
    CHAIN,
    FIELD,
    col("description", "需求描述", true, ["需求内容", "需求详情", "需求简介"]),
    col("budgetMinWan", "预算下限(万元)", false, ["预算下限", "最低预算(万元)"]),
    col("budgetMaxWan", "预算上限(万元)", false, ["预算上限", "最高预算(万元)"]),
    col("cooperationModes", "合作方式", true, ["拟合作方式"]),
    col("expectedTrl", "期望技术成熟度", true, ["技术成熟度", "期望技术就绪水平"]),
    col("deadline", "截止日期", true, ["需求截止日期", "有效期至"]),
    ...CONTACT,
    col("listYear", "年度需求清单", false, ["需求清单年度", "清单年度"]),
  ],
  achievements: [
    col("title", "成果名称", true, ["成果标题", "项目名称"]),
    col("orgName", "完成单位", false, ["成果单位", "单位名称"]),
    CREDIT,
    { ...COUNTY, required: false },
    CHAIN,
    FIELD,
    col("summary", "成果简介", true, ["成果描述", "成果内容", "简介"]),
    col("keywords", "关键词", true, ["关键字"]),
    col("owners", "成果完成人", true, ["完成人", "权利人", "成果完成人/权利人"]),
    col("transferModes", "转化方式", true, ["拟转化方式", "合作方式"]),
    col("priceWan", "价格(万元)", false, ["转让价格(万元)", "价格"]),
    col("ipType", "知识产权类型", true, ["知识产权"]),
    col("patentNumbers", "专利号", false, ["专利号/登记号", "登记号"]),
    col("trl", "技术成熟度", true, ["技术就绪水平"]),
    col("listYear", "成果转化清单年度", false, ["转化清单年度", "清单年度"]),
    ...CONTACT,
  ],
  organisations: [
    col("orgName", "单位名称", true, ["名称", "企业名称", "机构名称"]),
    col("orgNameEn", "英文名称", false, ["单位英文名称"]),
    CREDIT,
    col("kind", "单位类型", true, ["类型", "机构类型"]),
    COUNTY,
    col("address", "地址", false, ["单位地址", "通讯地址"]),
    col("website", "网址", false, ["网站", "单位网址"]),
    col("contactName", "联系人", false, ["联系人姓名"]),
    col("contactPhone", "联系电话", false, ["电话", "联系方式"]),
  ],
};

export const importKindSchema = z.enum(DATA_IMPORT_KINDS);

/** A heading as compared: no spaces, full-width parentheses and commas as half-width ones. */
export function normaliseImportHeading(heading: string): string {
  return heading.normalize("NFKC").replace(/\s+/g, "").replace(/[（]/g, "(").replace(/[）]/g, ")").replace(/[，]/g, ",");
}

/** A year on a list (需求清单, 成果转化清单): empty, or a four-digit year. */
export const listYearSchema = text(10, { trim: true })
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : v))
  .pipe(z.coerce.number<string>().int({ error: "v.dimport.year" }).min(2000, { error: "v.dimport.year" }).max(2100, { error: "v.dimport.year" }).optional());

const org = registerSchema.options[0].shape;

/** An organisation as the Bureau lists it: the registration form's organisation fields, its kind, address and a contact. */
export const organisationImportSchema = z.object({
  orgName: org.orgName,
  orgNameEn: org.orgNameEn,
  creditCode: org.creditCode.transform(normaliseCreditCode).superRefine((code, ctx) => {
    const problem = creditCodeProblem(code);
    if (problem) ctx.addIssue({ code: "custom", message: `v.creditCode.${problem}` });
  }),
  kind: z.enum(ORG_KINDS),
  countyCode: org.countyCode,
  address: optionalText(200),
  website: optionalText(200),
  contactName: optionalText(40),
  contactPhone: phone.optional(),
});
export type OrganisationImportRow = z.output<typeof organisationImportSchema>;

/** The owner of an imported need or achievement, named by its credit code. */
export const ownerCreditCodeSchema = text(40, { trim: true })
  .min(1)
  .transform(normaliseCreditCode)
  .refine((code) => creditCodeProblem(code) === null || code.length === 18, { error: "v.creditCode.length" });
