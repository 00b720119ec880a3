import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

// Every instant is stored as an ISO-8601 UTC string ("2026-11-21T08:00:00.000Z");
// calendar dates (deadlines, signing dates) as "YYYY-MM-DD". Money is integer fen (分).
const createdAt = () => text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);
const updatedAt = () => text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

/* ---------------------------------------------------------------- vocabularies */

/** 区县: Lüliang's 13 counties and districts, GB/T 2260 six-digit codes. */
export const counties = sqliteTable("counties", {
  code: text("code").primaryKey(),
  nameZh: text("name_zh").notNull(),
  nameEn: text("name_en").notNull(),
  sort: integer("sort").notNull().default(0),
});
export type County = typeof counties.$inferSelect;

/** 产业链: the industry chains named in the city's plans. */
export const industryChains = sqliteTable("industry_chains", {
  id: text("id").primaryKey(),
  nameZh: text("name_zh").notNull(),
  nameEn: text("name_en").notNull(),
  sort: integer("sort").notNull().default(0),
});
export type IndustryChain = typeof industryChains.$inferSelect;

/**
 * 技术领域: two national vocabularies kept apart. `hightech` is 国家重点支持的高新技术领域
 * (8 fields with their second level) used on listings; `contract` is the 技术合同 技术领域
 * list (11 fields) used on contracts.
 */
export const techFields = sqliteTable(
  "tech_fields",
  {
    code: text("code").primaryKey(),
    vocabulary: text("vocabulary", { enum: ["hightech", "contract"] }).notNull(),
    parentCode: text("parent_code"),
    level: integer("level").notNull(),
    nameZh: text("name_zh").notNull(),
    nameEn: text("name_en").notNull(),
    sort: integer("sort").notNull().default(0),
  },
  (t) => [index("tech_fields_vocab_idx").on(t.vocabulary, t.parentCode)],
);
export type TechField = typeof techFields.$inferSelect;

/* ---------------------------------------------------------------- people */

export const ORG_KINDS = ["enterprise", "institute", "agency", "government"] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** 组织: an enterprise (企业), a university or institute (高校院所), a transfer agency, or the Bureau. */
export const organisations = sqliteTable(
  "organisations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    nameEn: text("name_en"),
    kind: text("kind", { enum: ORG_KINDS }).notNull(),
    /** 统一社会信用代码 (GB 32100-2015), upper-case, 18 characters. */
    creditCode: text("credit_code").notNull(),
    /** Set when an admin accepted a code that fails the check character (early pilot codes). */
    creditCodeOverrideBy: integer("credit_code_override_by"),
    countyCode: text("county_code").references(() => counties.code),
    address: text("address"),
    website: text("website"),
    verifiedAt: text("verified_at"),
    verifiedBy: integer("verified_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("organisations_credit_code_uq").on(t.creditCode)],
);
export type Organisation = typeof organisations.$inferSelect;
export type NewOrganisation = typeof organisations.$inferInsert;

export const ROLES = ["enterprise", "institute", "broker", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    name: text("name").notNull(),
    phone: text("phone"),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    orgId: integer("org_id")
      .notNull()
      .references(() => organisations.id),
    locale: text("locale", { enum: ["zh-CN", "en"] }).notNull().default("zh-CN"),
    passwordChangedAt: text("password_changed_at"),
    disabledAt: text("disabled_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("users_email_uq").on(t.email), index("users_org_idx").on(t.orgId)],
);
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

/** Server-side sessions: the cookie carries a random token, the table only its SHA-256. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);
export type Session = typeof sessions.$inferSelect;

/* ---------------------------------------------------------------- listings */

/** 合作方式: transfer, licence, joint and commissioned development, service, equity. */
export const COOPERATION_MODES = ["transfer", "licence", "joint_dev", "commissioned_dev", "service", "equity"] as const;
export type CooperationMode = (typeof COOPERATION_MODES)[number];

export const NEED_STATUSES = ["draft", "submitted", "rejected", "published", "matched", "closed", "withdrawn"] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

/** 技术需求: a technical need posted by an enterprise. */
export const needs = sqliteTable(
  "needs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orgId: integer("org_id")
      .notNull()
      .references(() => organisations.id),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    title: text("title").notNull(),
    description: text("description").notNull(),
    industryChainId: text("industry_chain_id")
      .notNull()
      .references(() => industryChains.id),
    techFieldCode: text("tech_field_code")
      .notNull()
      .references(() => techFields.code),
    /** Budget range in fen; both null means 面议 (to be negotiated). */
    budgetMinFen: integer("budget_min_fen"),
    budgetMaxFen: integer("budget_max_fen"),
    /** JSON array of CooperationMode. */
    cooperationModes: text("cooperation_modes", { mode: "json" }).$type<CooperationMode[]>().notNull(),
    /** Expected maturity of the technology sought, as a TRL (1-9). */
    expectedTrl: integer("expected_trl").notNull(),
    deadline: text("deadline").notNull(),
    countyCode: text("county_code")
      .notNull()
      .references(() => counties.code),
    /** Contact details are confidential: never indexed, shown to the owner, brokers and admins only. */
    contactName: text("contact_name").notNull(),
    contactPhone: text("contact_phone").notNull(),
    contactEmail: text("contact_email"),
    status: text("status", { enum: NEED_STATUSES }).notNull().default("draft"),
    /** 需求清单年度: the year's needs list this need belongs to, set on publication. */
    listYear: integer("list_year"),
    reviewNote: text("review_note"),
    reviewedBy: integer("reviewed_by"),
    submittedAt: text("submitted_at"),
    publishedAt: text("published_at"),
    /** When the owner last confirmed the listing is still current. */
    confirmedAt: text("confirmed_at"),
    closedAt: text("closed_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("needs_status_idx").on(t.status, t.publishedAt),
    index("needs_org_idx").on(t.orgId),
    index("needs_year_idx").on(t.listYear),
    check("needs_budget_min_ck", sql`${t.budgetMinFen} IS NULL OR ${t.budgetMinFen} >= 0`),
    check("needs_budget_range_ck", sql`${t.budgetMaxFen} IS NULL OR ${t.budgetMinFen} IS NULL OR ${t.budgetMaxFen} >= ${t.budgetMinFen}`),
    check("needs_trl_ck", sql`${t.expectedTrl} BETWEEN 1 AND 9`),
  ],
);
export type Need = typeof needs.$inferSelect;
export type NewNeed = typeof needs.$inferInsert;

export const TRANSFER_MODES = ["transfer", "licence", "joint_dev", "equity", "self_implement", "other"] as const;
export type TransferMode = (typeof TRANSFER_MODES)[number];

export const IP_TYPES = [
  "invention_patent",
  "utility_patent",
  "design_patent",
  "trade_secret",
  "software_copyright",
  "ic_layout",
  "plant_variety",
  "none",
] as const;
export type IpType = (typeof IP_TYPES)[number];

export const ACHIEVEMENT_STATUSES = ["draft", "submitted", "rejected", "published", "transferred", "withdrawn"] as const;
export type AchievementStatus = (typeof ACHIEVEMENT_STATUSES)[number];

/** 科技成果: an achievement listed by a university or institute. */
export const achievements = sqliteTable(
  "achievements",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orgId: integer("org_id")
      .notNull()
      .references(() => organisations.id),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    /** JSON array of keywords. */
    keywords: text("keywords", { mode: "json" }).$type<string[]>().notNull(),
    industryChainId: text("industry_chain_id")
      .notNull()
      .references(() => industryChains.id),
    techFieldCode: text("tech_field_code")
      .notNull()
      .references(() => techFields.code),
    /** 技术就绪水平 TRL 1-9 is the source of truth; the stage label (实验室/小试/中试/产业化) derives from it. */
    trl: integer("trl").notNull(),
    ipType: text("ip_type", { enum: IP_TYPES }).notNull(),
    /** JSON array of patent or registration numbers. */
    patentNumbers: text("patent_numbers", { mode: "json" }).$type<string[]>().notNull(),
    transferModes: text("transfer_modes", { mode: "json" }).$type<TransferMode[]>().notNull(),
    /** Asking price in fen; null means 面议 (to be negotiated). */
    priceFen: integer("price_fen"),
    /** 成果完成人/权利人 as free text. */
    owners: text("owners").notNull(),
    countyCode: text("county_code").references(() => counties.code),
    contactName: text("contact_name").notNull(),
    contactPhone: text("contact_phone").notNull(),
    contactEmail: text("contact_email"),
    status: text("status", { enum: ACHIEVEMENT_STATUSES }).notNull().default("draft"),
    /** 成果转化项目清单: the year it was put on the transformation project list, by an admin. */
    transformationListYear: integer("transformation_list_year"),
    transformationListedAt: text("transformation_listed_at"),
    reviewNote: text("review_note"),
    reviewedBy: integer("reviewed_by"),
    submittedAt: text("submitted_at"),
    publishedAt: text("published_at"),
    confirmedAt: text("confirmed_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("achievements_status_idx").on(t.status, t.publishedAt),
    index("achievements_org_idx").on(t.orgId),
    index("achievements_tlist_idx").on(t.transformationListYear),
    check("achievements_price_ck", sql`${t.priceFen} IS NULL OR ${t.priceFen} >= 0`),
    check("achievements_trl_ck", sql`${t.trl} BETWEEN 1 AND 9`),
  ],
);
export type Achievement = typeof achievements.$inferSelect;
export type NewAchievement = typeof achievements.$inferInsert;

/* ---------------------------------------------------------------- policy */

export const POLICY_INDICATORS = [
  "contract_amount_fen",
  "needs_list",
  "transformation_list",
  "achievements_published",
  "brokers_trained",
  "scenarios",
  "enterprise_needs_collected",
] as const;
export type PolicyIndicator = (typeof POLICY_INDICATORS)[number];

/** 政策目标: targets are policy data an admin edits, never constants in code. */
export const policyTargets = sqliteTable(
  "policy_targets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    indicator: text("indicator", { enum: POLICY_INDICATORS }).notNull(),
    year: integer("year").notNull(),
    targetValue: integer("target_value").notNull(),
    source: text("source").notNull(),
    updatedBy: integer("updated_by"),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("policy_targets_uq").on(t.indicator, t.year)],
);
export type PolicyTarget = typeof policyTargets.$inferSelect;

/** Policy settings such as the freshness period; values are JSON. */
export const policySettings = sqliteTable("policy_settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull(),
  updatedBy: integer("updated_by"),
  updatedAt: updatedAt(),
});

/* ---------------------------------------------------------------- audit and sync */

/** 审计: append-only; triggers in the migration refuse UPDATE and DELETE. */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actorUserId: integer("actor_user_id"),
    actorRole: text("actor_role"),
    actorOrgId: integer("actor_org_id"),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id").notNull(),
    before: text("before", { mode: "json" }),
    after: text("after", { mode: "json" }),
    requestId: text("request_id"),
    createdAt: createdAt(),
  },
  (t) => [index("audit_entity_idx").on(t.entity, t.entityId, t.id)],
);
export type AuditEvent = typeof auditEvents.$inferSelect;

/** Search outbox: written in the same transaction as the listing, applied to the engine by a relay. */
export const searchOutbox = sqliteTable(
  "search_outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    entity: text("entity", { enum: ["need", "achievement"] }).notNull(),
    entityId: integer("entity_id").notNull(),
    op: text("op", { enum: ["upsert", "delete"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: text("next_attempt_at"),
    lastError: text("last_error"),
    doneAt: text("done_at"),
    createdAt: createdAt(),
  },
  (t) => [index("search_outbox_pending_idx").on(t.doneAt, t.nextAttemptAt)],
);
export type SearchOutboxRow = typeof searchOutbox.$inferSelect;

/** A suggested match a broker or the owner dismissed; it never comes back for that pair. */
export const matchDismissals = sqliteTable(
  "match_dismissals",
  {
    needId: integer("need_id")
      .notNull()
      .references(() => needs.id),
    achievementId: integer("achievement_id")
      .notNull()
      .references(() => achievements.id),
    reason: text("reason").notNull(),
    note: text("note"),
    dismissedBy: integer("dismissed_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.needId, t.achievementId] })],
);
