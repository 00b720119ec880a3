import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import {
  ORG_KINDS,
  ROLES,
  NEED_STATUSES,
  IP_TYPES,
  ACHIEVEMENT_STATUSES,
  POLICY_INDICATORS,
  BROKER_GRADES,
  BROKER_STATUSES,
  MATCH_STAGES,
  RESPONSE_CODES,
  CONTRACT_TYPES,
  CONTRACT_STATUSES,
  PAYMENT_MODES,
  NOTIFICATION_KINDS,
  LOGIN_OUTCOMES,
  LEDGER_KINDS,
  LEDGER_SOURCES,
  PAYMENT_ATTEMPT_STATUSES,
  BANK_TRANSFER_STATUSES,
  TRANSFER_RECORDERS,
  REWARD_BASES,
  SUBSIDY_BENEFICIARIES,
  AWARD_KINDS,
  BATCH_STATUSES,
  CONTRACT_FLAG_KINDS,
  FLAG_STAGES,
  NATIONAL_RECORD_STATUSES,
  CONTRACT_DOCUMENT_KINDS,
  DATA_IMPORT_KINDS,
  CHALLENGE_STATUSES,
  CHALLENGE_MODES,
  CHALLENGE_PAYOUTS,
  CHALLENGE_APPLICATION_STATUSES,
  SCENARIO_STATUSES,
  SCENARIO_GRADES,
  SCENARIO_KINDS,
  SCENARIO_OUTCOMES,
  LISTING_SUBJECTS,
  ENQUIRY_REASONS,
} from "../app/codes";
import type { ChallengeCriterion, CooperationMode, Milestone, ScenarioResource, TransferMode } from "../app/codes";
export * from "../app/codes";

// Every instant is stored as an ISO-8601 UTC string ("2026-11-21T08:00:00.000Z");
// calendar dates (deadlines, signing dates) as "YYYY-MM-DD". Money is integer fen (分).
const createdAt = () =>
  text("created_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);
const updatedAt = () =>
  text("updated_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

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
    /** The spreadsheet it came from, when the Bureau imported it rather than a member typing it. */
    importId: integer("import_id").references((): AnySQLiteColumn => dataImports.id),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("organisations_credit_code_uq").on(t.creditCode)],
);
export type Organisation = typeof organisations.$inferSelect;
export type NewOrganisation = typeof organisations.$inferInsert;

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
    locale: text("locale", { enum: ["zh-CN", "en"] })
      .notNull()
      .default("zh-CN"),
    passwordChangedAt: text("password_changed_at"),
    /** Whether notifications also go out by e-mail (the in-app inbox always has them). */
    emailNotifications: integer("email_notifications", { mode: "boolean" }).notNull().default(true),
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
    /** The spreadsheet it came from, when the Bureau imported it rather than a member typing it. */
    importId: integer("import_id").references((): AnySQLiteColumn => dataImports.id),
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
    /** The spreadsheet it came from, when the Bureau imported it rather than a member typing it. */
    importId: integer("import_id").references((): AnySQLiteColumn => dataImports.id),
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

/** 政策目标: targets are policy data an admin edits, never constants in code. */
export const policyTargets = sqliteTable(
  "policy_targets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    indicator: text("indicator", { enum: POLICY_INDICATORS }).notNull(),
    year: integer("year").notNull(),
    targetValue: integer("target_value").notNull(),
    /** What the value counts: fen for amounts, or a count unit such as 项 / 人 / 个. */
    unit: text("unit").notNull().default(""),
    source: text("source").notNull(),
    /** The date by which the plan wants the target reached (YYYY-MM-DD), when it says. */
    deadline: text("deadline"),
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
    entity: text("entity", { enum: ["need", "achievement", "challenge", "scenario"] }).notNull(),
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

/* ---------------------------------------------------------------- brokers */

/** 初级技术经纪人 / 中级技术经纪人 / 高级技术经理人. */

/** 技术经纪人: a person's broker certification; one practising organisation at a time. */
export const brokers = sqliteTable(
  "brokers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    /** The organisation he practises under (a transfer agency, or his own as an independent). */
    orgId: integer("org_id")
      .notNull()
      .references(() => organisations.id),
    certificateNo: text("certificate_no").notNull(),
    grade: text("grade", { enum: BROKER_GRADES }).notNull(),
    validFrom: text("valid_from").notNull(),
    validUntil: text("valid_until").notNull(),
    /** JSON array of industry chain ids he specialises in. */
    chains: text("chains", { mode: "json" }).$type<string[]>().notNull(),
    /** Training cohort, e.g. "2026-1" for the first phase of 百名技术经纪人培育行动. */
    cohort: text("cohort"),
    bio: text("bio"),
    status: text("status", { enum: BROKER_STATUSES }).notNull().default("applied"),
    statusNote: text("status_note"),
    decidedBy: integer("decided_by"),
    decidedAt: text("decided_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("brokers_user_uq").on(t.userId), uniqueIndex("brokers_certificate_uq").on(t.certificateNo), index("brokers_status_idx").on(t.status)],
);
export type Broker = typeof brokers.$inferSelect;

/** The lead broker of a need: one at a time; the admin can reassign. History lives in the audit trail. */
export const needClaims = sqliteTable(
  "need_claims",
  {
    needId: integer("need_id")
      .primaryKey()
      .references(() => needs.id),
    brokerUserId: integer("broker_user_id")
      .notNull()
      .references(() => users.id),
    claimedAt: text("claimed_at").notNull(),
    assignedBy: integer("assigned_by"),
  },
  (t) => [index("need_claims_broker_idx").on(t.brokerUserId)],
);

/* ---------------------------------------------------------------- matches and deals */

/** A need paired with an achievement by the engine or a broker; once confirmed it is a deal. */
export const matches = sqliteTable(
  "matches",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The need, or (exactly one of the two) the scenario, this match answers. */
    needId: integer("need_id").references(() => needs.id),
    scenarioId: integer("scenario_id").references((): AnySQLiteColumn => scenarios.id),
    achievementId: integer("achievement_id")
      .notNull()
      .references(() => achievements.id),
    brokerUserId: integer("broker_user_id").references(() => users.id),
    stage: text("stage", { enum: MATCH_STAGES }).notNull().default("suggested"),
    score: integer("score").notNull().default(0),
    explanation: text("explanation", { mode: "json" }),
    source: text("source", { enum: ["engine", "broker"] })
      .notNull()
      .default("engine"),
    dismissReason: text("dismiss_reason"),
    dismissNote: text("dismiss_note"),
    stageChangedAt: text("stage_changed_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("matches_pair_uq").on(t.needId, t.achievementId),
    uniqueIndex("matches_scenario_pair_uq").on(t.scenarioId, t.achievementId),
    index("matches_broker_idx").on(t.brokerUserId, t.stage),
    check("matches_subject_ck", sql`(${t.needId} IS NULL) <> (${t.scenarioId} IS NULL)`),
  ],
);
export type Match = typeof matches.$inferSelect;

/** The dated log of a deal: notes, stage changes, files, answers and confirmations. */
export const dealEvents = sqliteTable(
  "deal_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    matchId: integer("match_id")
      .notNull()
      .references(() => matches.id),
    actorUserId: integer("actor_user_id").references(() => users.id),
    kind: text("kind", { enum: ["note", "stage", "file", "response", "confirm"] }).notNull(),
    body: text("body"),
    fromStage: text("from_stage"),
    toStage: text("to_stage"),
    createdAt: createdAt(),
  },
  (t) => [index("deal_events_match_idx").on(t.matchId, t.id)],
);

/** Files attached to a deal: stored outside the database under a generated name, with a checksum. */
export const dealFiles = sqliteTable(
  "deal_files",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    matchId: integer("match_id")
      .notNull()
      .references(() => matches.id),
    uploadedBy: integer("uploaded_by")
      .notNull()
      .references(() => users.id),
    /** The name the uploader gave, for display only; never used as a path. */
    displayName: text("display_name").notNull(),
    storedName: text("stored_name").notNull(),
    mime: text("mime").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("deal_files_match_idx").on(t.matchId), uniqueIndex("deal_files_stored_uq").on(t.storedName)],
);

/**
 * A party asked to answer a proposal (an expression of interest, a match, a term sheet) and its
 * reason-coded answer. Response rate and median response time per organisation come from here.
 */
export const dealResponses = sqliteTable(
  "deal_responses",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    matchId: integer("match_id")
      .notNull()
      .references(() => matches.id),
    orgId: integer("org_id")
      .notNull()
      .references(() => organisations.id),
    side: text("side", { enum: ["buyer", "seller"] }).notNull(),
    subject: text("subject").notNull(),
    requestedAt: text("requested_at").notNull(),
    requestedBy: integer("requested_by").references(() => users.id),
    code: text("code", { enum: RESPONSE_CODES }),
    note: text("note"),
    respondedAt: text("responded_at"),
    respondedBy: integer("responded_by").references(() => users.id),
  },
  (t) => [index("deal_responses_match_idx").on(t.matchId), index("deal_responses_org_idx").on(t.orgId, t.respondedAt)],
);

/** Each party's confirmation that it agrees to proceed with the deal. */
export const dealConfirmations = sqliteTable(
  "deal_confirmations",
  {
    matchId: integer("match_id")
      .notNull()
      .references(() => matches.id),
    side: text("side", { enum: ["buyer", "seller"] }).notNull(),
    orgId: integer("org_id")
      .notNull()
      .references(() => organisations.id),
    confirmedBy: integer("confirmed_by")
      .notNull()
      .references(() => users.id),
    confirmedAt: text("confirmed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.matchId, t.side] })],
);

/* ---------------------------------------------------------------- contracts */

/** 技术开发 / 技术转让 / 技术许可 / 技术咨询 / 技术服务 (民法典 §843). */
/** 支付方式 (民法典 §846). */

/**
 * 技术合同. Only registered (认定登记) contracts count toward the transaction-amount
 * indicator, each exactly once: an amendment is a new row that supersedes the registered
 * version it amends, which keeps its own record and audit trail.
 */
export const contracts = sqliteTable(
  "contracts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The first version of this contract; amendments share it, so the family counts once. */
    familyId: integer("family_id"),
    amendsId: integer("amends_id"),
    amendmentNo: integer("amendment_no").notNull().default(0),
    supersededAt: text("superseded_at"),
    matchId: integer("match_id").references(() => matches.id),
    brokerUserId: integer("broker_user_id").references(() => users.id),
    title: text("title").notNull(),
    type: text("type", { enum: CONTRACT_TYPES }).notNull(),
    subType: text("sub_type").notNull(),
    buyerName: text("buyer_name").notNull(),
    buyerCreditCode: text("buyer_credit_code").notNull(),
    /** 6-digit administrative division (GB/T 2260): 1411xx is Lüliang. */
    buyerDivision: text("buyer_division").notNull(),
    buyerOrgId: integer("buyer_org_id").references(() => organisations.id),
    sellerName: text("seller_name").notNull(),
    sellerCreditCode: text("seller_credit_code").notNull(),
    sellerDivision: text("seller_division").notNull(),
    sellerOrgId: integer("seller_org_id").references(() => organisations.id),
    /** 合同成交额, fen. */
    contractValueFen: integer("contract_value_fen").notNull(),
    /** 技术交易额, fen; the registrar may correct it at registration. */
    techValueFen: integer("tech_value_fen").notNull(),
    signedOn: text("signed_on").notNull(),
    termStart: text("term_start").notNull(),
    termEnd: text("term_end").notNull(),
    paymentMode: text("payment_mode", { enum: PAYMENT_MODES }).notNull(),
    milestones: text("milestones", { mode: "json" }).$type<Milestone[]>().notNull(),
    relatedParty: integer("related_party", { mode: "boolean" }).notNull().default(false),
    /** 技术合同 技术领域 (C01-C11). */
    contractFieldCode: text("contract_field_code")
      .notNull()
      .references(() => techFields.code),
    industryChainId: text("industry_chain_id").references(() => industryChains.id),
    /** JSON array of IP types involved. */
    ipTypes: text("ip_types", { mode: "json" }).$type<string[]>().notNull(),
    /** The broker's 技术中介合同: a rate in basis points or a fixed fee. */
    commissionRateBp: integer("commission_rate_bp"),
    commissionFixedFen: integer("commission_fixed_fen"),
    fileId: integer("file_id").references(() => dealFiles.id),
    status: text("status", { enum: CONTRACT_STATUSES }).notNull().default("draft"),
    registrationNo: text("registration_no"),
    registeredAt: text("registered_at"),
    registeredBy: integer("registered_by").references(() => users.id),
    /** Year the family was first registered in Beijing time: the indicator's year. */
    registrationYear: integer("registration_year"),
    returnReason: text("return_reason"),
    submittedAt: text("submitted_at"),
    /** Non-technical items (fen): 技术交易额 = 成交额 − their sum, kept so by a trigger. */
    equipmentFen: integer("equipment_fen").notNull().default(0),
    instrumentsFen: integer("instruments_fen").notNull().default(0),
    materialsFen: integer("materials_fen").notNull().default(0),
    otherFen: integer("other_fen").notNull().default(0),
    /** Who filed it for registration: the seller's member, or the deal's broker on the seller's behalf. */
    filedBy: integer("filed_by").references(() => users.id),
    filedOnBehalf: integer("filed_on_behalf", { mode: "boolean" }).notNull().default(false),
    /** Registered by the office of a seller outside Lüliang (status "elsewhere" until confirmed). */
    elsewhereOffice: text("elsewhere_office"),
    elsewhereNo: text("elsewhere_no"),
    elsewhereRegisteredOn: text("elsewhere_registered_on"),
    /** Set when the registrar confirms it or an imported national record matches it. */
    elsewhereConfirmedAt: text("elsewhere_confirmed_at"),
    elsewhereConfirmedBy: integer("elsewhere_confirmed_by").references(() => users.id),
    /** 撤销登记: the family leaves every figure. */
    cancelledAt: text("cancelled_at"),
    cancelledBy: integer("cancelled_by").references(() => users.id),
    cancelReason: text("cancel_reason"),
    /** 终止: recorded with its date; the registered amount stays counted. */
    terminatedOn: text("terminated_on"),
    terminatedBy: integer("terminated_by").references(() => users.id),
    terminationReason: text("termination_reason"),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("contracts_registration_no_uq").on(t.registrationNo),
    index("contracts_parties_idx").on(t.sellerCreditCode, t.buyerCreditCode, t.signedOn),
    index("contracts_status_idx").on(t.status, t.supersededAt),
    index("contracts_family_idx").on(t.familyId),
    index("contracts_broker_idx").on(t.brokerUserId),
    index("contracts_match_idx").on(t.matchId),
    // The indicator dashboard reads a year's counted contracts from this index alone.
    index("contracts_indicator_idx").on(
      t.registrationYear,
      t.status,
      t.supersededAt,
      t.elsewhereConfirmedAt,
      t.sellerDivision,
      t.buyerDivision,
      t.type,
      t.contractFieldCode,
      t.industryChainId,
      t.brokerUserId,
      t.contractValueFen,
      t.techValueFen,
      t.amendmentNo,
      t.familyId,
      t.registeredAt,
      t.elsewhereRegisteredOn,
    ),
    check("contracts_value_ck", sql`${t.contractValueFen} > 0`),
    check("contracts_tech_value_ck", sql`${t.techValueFen} >= 0 AND ${t.techValueFen} <= ${t.contractValueFen}`),
    check(
      "contracts_commission_ck",
      sql`(${t.commissionRateBp} IS NULL OR ${t.commissionRateBp} BETWEEN 0 AND 10000) AND (${t.commissionFixedFen} IS NULL OR ${t.commissionFixedFen} >= 0)`,
    ),
  ],
);
export type Contract = typeof contracts.$inferSelect;
export type NewContract = typeof contracts.$inferInsert;

/* ---------------------------------------------------------------- rewards */

/** Broker reward rules: policy data, e.g. 5% of the amount received, ≤ 200,000 yuan a broker a year. */
export const rewardRules = sqliteTable("reward_rules", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  year: integer("year").notNull(),
  rateBp: integer("rate_bp").notNull(),
  /** Received (payments less refunds, the default for new rules), 技术交易额 or 合同成交额. */
  base: text("base", { enum: REWARD_BASES }).notNull(),
  /** Every rule has a cap: an uncapped rule is refused by the form and by the database. */
  capPerBrokerYearFen: integer("cap_per_broker_year_fen").notNull(),
  /** Only contracts whose need was on the platform before the contract was signed. */
  requireNeedBeforeSigning: integer("require_need_before_signing", { mode: "boolean" }).notNull().default(true),
  source: text("source").notNull(),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  updatedBy: integer("updated_by"),
  updatedAt: updatedAt(),
});
export type RewardRule = typeof rewardRules.$inferSelect;

/* ---------------------------------------------------------------- notifications */

/** The in-app inbox; e-mail goes out too when SMTP is configured. */
export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
    params: text("params", { mode: "json" }).$type<Record<string, string | number>>().notNull(),
    link: text("link"),
    /** Makes a repeated event (e.g. the daily staleness sweep) notify once. */
    dedupeKey: text("dedupe_key"),
    readAt: text("read_at"),
    emailedAt: text("emailed_at"),
    createdAt: createdAt(),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.readAt), uniqueIndex("notifications_dedupe_uq").on(t.userId, t.dedupeKey)],
);
export type Notification = typeof notifications.$inferSelect;

/* ---------------------------------------------------------------- login throttle */

/**
 * Every login attempt, written before the password is checked so parallel guesses are
 * counted. `address` is kept only when the proxy is trusted to report real client
 * addresses; `device` is the nonce of a valid device cookie presented with the attempt.
 */
export const loginAttempts = sqliteTable(
  "login_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    account: text("account").notNull(),
    address: text("address"),
    device: text("device"),
    outcome: text("outcome", { enum: LOGIN_OUTCOMES }).notNull().default("pending"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    index("login_attempts_account_idx").on(t.account, t.createdAt),
    index("login_attempts_address_idx").on(t.address, t.createdAt),
    index("login_attempts_device_idx").on(t.device, t.createdAt),
    index("login_attempts_created_idx").on(t.createdAt),
  ],
);
export type LoginAttempt = typeof loginAttempts.$inferSelect;

/** Keys the server generates once and shares across processes (e.g. the device-cookie key). */
export const serverSecrets = sqliteTable("server_secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: createdAt(),
});

/* ---------------------------------------------------------------- coordination between processes */

/**
 * A lease names the one process that runs a singleton job (the search relay, the sweeps,
 * e-mail delivery) until it expires; the holder renews it, and another process takes it
 * over once it has lapsed, so a job never runs twice and never stops when its holder dies.
 */
export const leases = sqliteTable("leases", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  /** Milliseconds since the Unix epoch (UTC). */
  expiresAtMs: integer("expires_at_ms").notNull(),
  acquiredAt: text("acquired_at").notNull(),
});
export type Lease = typeof leases.$inferSelect;

/**
 * Version counters for data that processes cache: a write that changes a cached aggregate
 * bumps its counter in the same transaction, and every process compares before reusing.
 */
export const dataVersions = sqliteTable("data_versions", {
  name: text("name").primaryKey(),
  version: integer("version").notNull().default(0),
});

/* ---------------------------------------------------------------- payments */

/**
 * 付款节点: the milestones of a registered contract, with ids that stay put for the life of
 * the contract. Money belongs to the contract family (contracts.family_id, the id of its
 * first version), not to one version: every payment, refund and commission names the
 * family, and a milestone is the family's milestone number `seq` (its position in the
 * payment plan, from 1). Registering an amendment carries the plan over by position: the
 * milestone at the same position keeps its id and what was received against it, and takes
 * the amendment's title, date and amount (`contract_id` then names that version); a
 * position the amendment adds gets a new row; a position it drops is marked removed, and
 * whatever was received against it still counts toward the family's total.
 */
export const paymentMilestones = sqliteTable(
  "payment_milestones",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    familyId: integer("family_id")
      .notNull()
      .references(() => contracts.id),
    /** The registered version whose payment plan set this milestone's terms. */
    contractId: integer("contract_id")
      .notNull()
      .references(() => contracts.id),
    seq: integer("seq").notNull(),
    title: text("title").notNull(),
    dueOn: text("due_on").notNull(),
    amountFen: integer("amount_fen").notNull(),
    removedAt: text("removed_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("payment_milestones_family_seq_uq").on(t.familyId, t.seq),
    check("payment_milestones_amount_ck", sql`${t.amountFen} > 0`),
    check("payment_milestones_seq_ck", sql`${t.seq} >= 1`),
  ],
);
export type PaymentMilestone = typeof paymentMilestones.$inferSelect;

/**
 * 资金台账: every money fact, once. Append-only (triggers refuse UPDATE and DELETE); a
 * correction is a new entry. The amount is positive and the kind gives the direction:
 * payment in, refund out, commission owed to the broker and its reversal on a refund,
 * subsidy and reward paid out and their recovery (an approved batch's negative line).
 * (source, kind, source_ref) is unique, so a webhook delivered twice, a transfer verified
 * twice or a batch approved twice cannot count the same money again.
 */
export const ledgerEntries = sqliteTable(
  "ledger_entries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: LEDGER_KINDS }).notNull(),
    /** The contract family (contracts.family_id); null only for a challenge's reward. */
    contractId: integer("contract_id").references(() => contracts.id),
    /** The challenge whose reward this pays (kind challenge_reward), with the accepted milestone. */
    challengeId: integer("challenge_id").references((): AnySQLiteColumn => challenges.id),
    challengeMilestoneId: integer("challenge_milestone_id").references((): AnySQLiteColumn => challengeMilestones.id),
    milestoneId: integer("milestone_id").references(() => paymentMilestones.id),
    amountFen: integer("amount_fen").notNull(),
    /** ISO 4217, upper case (CNY). */
    currency: text("currency").notNull().default("CNY"),
    source: text("source", { enum: LEDGER_SOURCES }).notNull(),
    /** The PaymentIntent id, the Stripe charge and its cumulative refund, the transfer id, the batch line id. */
    sourceRef: text("source_ref").notNull(),
    beneficiaryOrgId: integer("beneficiary_org_id").references(() => organisations.id),
    beneficiaryUserId: integer("beneficiary_user_id").references(() => users.id),
    /** When the money moved (UTC). */
    effectiveAt: text("effective_at").notNull(),
    createdAt: createdAt(),
    /** Null when the system recorded it (a Stripe event). */
    createdBy: integer("created_by").references(() => users.id),
  },
  (t) => [
    uniqueIndex("ledger_entries_source_uq").on(t.source, t.kind, t.sourceRef),
    index("ledger_entries_contract_idx").on(t.contractId, t.kind),
    index("ledger_entries_milestone_idx").on(t.milestoneId),
    check("ledger_entries_amount_ck", sql`${t.amountFen} > 0`),
    check("ledger_entries_currency_ck", sql`length(${t.currency}) = 3 AND ${t.currency} = upper(${t.currency})`),
    check("ledger_entries_subject_ck", sql`(${t.contractId} IS NULL) <> (${t.challengeId} IS NULL)`),
    index("ledger_entries_challenge_idx").on(t.challengeId),
  ],
);
export type LedgerEntry = typeof ledgerEntries.$inferSelect;
export type NewLedgerEntry = typeof ledgerEntries.$inferInsert;

/**
 * A buyer's attempt to pay a milestone online: one Stripe Checkout Session. The attempt key
 * comes with the form, so a double click finds the same attempt, and the idempotency key
 * sent to Stripe is derived from it, so a retried request makes the same session.
 */
export const paymentAttempts = sqliteTable(
  "payment_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    contractId: integer("contract_id")
      .notNull()
      .references(() => contracts.id),
    milestoneId: integer("milestone_id")
      .notNull()
      .references(() => paymentMilestones.id),
    amountFen: integer("amount_fen").notNull(),
    currency: text("currency").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    stripeSessionId: text("stripe_session_id"),
    checkoutUrl: text("checkout_url"),
    paymentIntentId: text("payment_intent_id"),
    status: text("status", { enum: PAYMENT_ATTEMPT_STATUSES }).notNull().default("open"),
    failureMessage: text("failure_message"),
    expiresAt: text("expires_at"),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("payment_attempts_idempotency_uq").on(t.idempotencyKey),
    uniqueIndex("payment_attempts_session_uq").on(t.stripeSessionId),
    index("payment_attempts_intent_idx").on(t.paymentIntentId),
    index("payment_attempts_contract_idx").on(t.contractId, t.milestoneId),
    check("payment_attempts_amount_ck", sql`${t.amountFen} > 0`),
  ],
);
export type PaymentAttempt = typeof paymentAttempts.$inferSelect;

/** Every Stripe event id is recorded once, in the transaction that applies it. */
export const stripeEvents = sqliteTable("stripe_events", {
  eventId: text("event_id").primaryKey(),
  type: text("type").notNull(),
  receivedAt: text("received_at").notNull(),
  processedAt: text("processed_at"),
});
export type StripeEvent = typeof stripeEvents.$inferSelect;

/**
 * A transfer receipt (银行回单) uploaded with a bank transfer. Kept apart from deal_files,
 * which belong to a deal room (a contract need not have one), but stored the same way:
 * under FILES_DIR with a generated name, its type sniffed from the bytes, with a checksum.
 */
export const paymentReceipts = sqliteTable(
  "payment_receipts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    contractId: integer("contract_id")
      .notNull()
      .references(() => contracts.id),
    uploadedBy: integer("uploaded_by")
      .notNull()
      .references(() => users.id),
    displayName: text("display_name").notNull(),
    storedName: text("stored_name").notNull(),
    mime: text("mime").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("payment_receipts_stored_uq").on(t.storedName), index("payment_receipts_contract_idx").on(t.contractId)],
);
export type PaymentReceipt = typeof paymentReceipts.$inferSelect;

/**
 * 银行转账: money paid outside Stripe, recorded with its receipt by the seller or the broker
 * and verified by the Bureau. Only a verified transfer enters the ledger (source "transfer",
 * source_ref the transfer id), in the transaction that verifies it.
 */
export const bankTransfers = sqliteTable(
  "bank_transfers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The contract family (contracts.family_id). */
    contractId: integer("contract_id")
      .notNull()
      .references(() => contracts.id),
    milestoneId: integer("milestone_id").references(() => paymentMilestones.id),
    amountFen: integer("amount_fen").notNull(),
    /** The date on the receipt, YYYY-MM-DD. */
    receivedOn: text("received_on").notNull(),
    payerName: text("payer_name").notNull(),
    bankReference: text("bank_reference").notNull(),
    receiptFileId: integer("receipt_file_id").references(() => paymentReceipts.id),
    recordedBy: integer("recorded_by")
      .notNull()
      .references(() => users.id),
    recordedAs: text("recorded_as", { enum: TRANSFER_RECORDERS }).notNull(),
    status: text("status", { enum: BANK_TRANSFER_STATUSES }).notNull().default("pending"),
    decisionReason: text("decision_reason"),
    decidedBy: integer("decided_by").references(() => users.id),
    decidedAt: text("decided_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("bank_transfers_contract_idx").on(t.contractId),
    index("bank_transfers_status_idx").on(t.status, t.createdAt),
    check("bank_transfers_amount_ck", sql`${t.amountFen} > 0`),
  ],
);
export type BankTransfer = typeof bankTransfers.$inferSelect;
export type NewBankTransfer = typeof bankTransfers.$inferInsert;

/* ---------------------------------------------------------------- subsidies and award batches */

/**
 * 技术合同奖补: the city's subsidy rules, policy data per year. The base is always the net
 * amount received under registered, current contracts (payments less refunds in the ledger).
 * Where several rules cover a year and a beneficiary, the most generous applies (从高不重复).
 */
export const subsidyRules = sqliteTable(
  "subsidy_rules",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    year: integer("year").notNull(),
    rateBp: integer("rate_bp").notNull(),
    beneficiary: text("beneficiary", { enum: SUBSIDY_BENEFICIARIES }).notNull().default("seller"),
    /** Across every contract of one achievement; a contract without an achievement is capped on its own. */
    capPerAchievementFen: integer("cap_per_achievement_fen").notNull(),
    capPerBeneficiaryYearFen: integer("cap_per_beneficiary_year_fen"),
    source: text("source").notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    updatedBy: integer("updated_by"),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("subsidy_rules_year_idx").on(t.year),
    check("subsidy_rules_rate_ck", sql`${t.rateBp} BETWEEN 1 AND 10000`),
    check("subsidy_rules_caps_ck", sql`${t.capPerAchievementFen} > 0 AND (${t.capPerBeneficiaryYearFen} IS NULL OR ${t.capPerBeneficiaryYearFen} > 0)`),
  ],
);
export type SubsidyRule = typeof subsidyRules.$inferSelect;

/**
 * 奖补批次: subsidies or broker rewards computed for a period, reviewed and approved by the
 * Bureau. A draft is a preview that a new computation replaces; an approved batch is frozen
 * (triggers refuse any change but marking it paid once).
 */
export const awardBatches = sqliteTable(
  "award_batches",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: AWARD_KINDS }).notNull(),
    /** Beijing calendar dates; received amounts count up to the end of periodEnd. */
    periodStart: text("period_start").notNull(),
    periodEnd: text("period_end").notNull(),
    status: text("status", { enum: BATCH_STATUSES }).notNull().default("draft"),
    lineCount: integer("line_count").notNull().default(0),
    totalFen: integer("total_fen").notNull().default(0),
    computedBy: integer("computed_by")
      .notNull()
      .references(() => users.id),
    computedAt: text("computed_at").notNull(),
    approvedBy: integer("approved_by").references(() => users.id),
    approvedAt: text("approved_at"),
    paidBy: integer("paid_by").references(() => users.id),
    paidAt: text("paid_at"),
  },
  (t) => [
    index("award_batches_kind_idx").on(t.kind, t.status),
    uniqueIndex("award_batches_one_draft_uq")
      .on(t.kind)
      .where(sql`status = 'draft'`),
    check("award_batches_period_ck", sql`${t.periodStart} <= ${t.periodEnd}`),
  ],
);
export type AwardBatch = typeof awardBatches.$inferSelect;

/**
 * One beneficiary's award on one contract family in a batch: the cumulative entitlement, what
 * earlier approved batches gave, and the difference this batch awards (negative after a refund).
 */
export const awardBatchLines = sqliteTable(
  "award_batch_lines",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    batchId: integer("batch_id")
      .notNull()
      .references(() => awardBatches.id),
    kind: text("kind", { enum: AWARD_KINDS }).notNull(),
    /** The contract family (contracts.family_id) and the version current when computed. */
    contractId: integer("contract_id")
      .notNull()
      .references(() => contracts.id),
    versionId: integer("version_id")
      .notNull()
      .references(() => contracts.id),
    title: text("title").notNull(),
    registrationNo: text("registration_no"),
    achievementId: integer("achievement_id").references(() => achievements.id),
    /** "org:<credit code>" for a subsidy, "broker:<user id>" for a reward. */
    beneficiaryKey: text("beneficiary_key").notNull(),
    beneficiaryName: text("beneficiary_name").notNull(),
    beneficiaryOrgId: integer("beneficiary_org_id").references(() => organisations.id),
    brokerUserId: integer("broker_user_id").references(() => users.id),
    ruleId: integer("rule_id"),
    year: integer("year").notNull(),
    baseKind: text("base_kind", { enum: REWARD_BASES }).notNull(),
    baseFen: integer("base_fen").notNull(),
    rateBp: integer("rate_bp").notNull(),
    capFen: integer("cap_fen").notNull(),
    capApplied: integer("cap_applied", { mode: "boolean" }).notNull(),
    entitledFen: integer("entitled_fen").notNull(),
    awardedBeforeFen: integer("awarded_before_fen").notNull(),
    amountFen: integer("amount_fen").notNull(),
  },
  (t) => [
    index("award_batch_lines_batch_idx").on(t.batchId, t.id),
    index("award_batch_lines_award_idx").on(t.kind, t.beneficiaryKey, t.contractId),
    index("award_batch_lines_broker_idx").on(t.brokerUserId),
    check("award_batch_lines_amount_ck", sql`${t.amountFen} = ${t.entitledFen} - ${t.awardedBeforeFen} AND ${t.amountFen} <> 0`),
  ],
);
export type AwardBatchLine = typeof awardBatchLines.$inferSelect;

/* ---------------------------------------------------------------- the registration desk */

/**
 * Documents of the registration desk: the certificate of an office elsewhere, the evidence of
 * a cancellation or termination. Stored like payment receipts: bytes under FILES_DIR with a
 * generated name, type sniffed from the bytes, checksum kept.
 */
export const contractDocuments = sqliteTable(
  "contract_documents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    contractId: integer("contract_id")
      .notNull()
      .references(() => contracts.id),
    kind: text("kind", { enum: CONTRACT_DOCUMENT_KINDS }).notNull(),
    uploadedBy: integer("uploaded_by")
      .notNull()
      .references(() => users.id),
    displayName: text("display_name").notNull(),
    storedName: text("stored_name").notNull(),
    mime: text("mime").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("contract_documents_stored_uq").on(t.storedName), index("contract_documents_contract_idx").on(t.contractId, t.kind)],
);
export type ContractDocument = typeof contractDocuments.$inferSelect;

/** One upload of the national system's spreadsheet: all its rows went in together, or none. */
export const nationalImports = sqliteTable("national_imports", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  fileName: text("file_name").notNull(),
  sha256: text("sha256").notNull(),
  rows: integer("rows").notNull(),
  imported: integer("imported").notNull(),
  matched: integer("matched").notNull(),
  toConfirm: integer("to_confirm").notNull(),
  importedBy: integer("imported_by").references(() => users.id),
  createdAt: createdAt(),
});
export type NationalImport = typeof nationalImports.$inferSelect;

/**
 * A contract registered in the national system, imported from its spreadsheet. Amounts in fen,
 * the year is the Beijing year of 登记日期. An off-platform record counts; a matched one is
 * the platform contract it names (counted once, through that contract); a record to confirm
 * counts only after the registrar rules it a different contract.
 */
export const nationalRecords = sqliteTable(
  "national_records",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    registrationNo: text("registration_no").notNull(),
    title: text("title").notNull(),
    type: text("type", { enum: CONTRACT_TYPES }).notNull(),
    contractFieldCode: text("contract_field_code")
      .notNull()
      .references(() => techFields.code),
    sellerName: text("seller_name").notNull(),
    sellerCreditCode: text("seller_credit_code").notNull(),
    sellerDivision: text("seller_division").notNull(),
    buyerName: text("buyer_name").notNull(),
    buyerCreditCode: text("buyer_credit_code").notNull(),
    buyerDivision: text("buyer_division").notNull(),
    contractValueFen: integer("contract_value_fen").notNull(),
    techValueFen: integer("tech_value_fen").notNull(),
    signedOn: text("signed_on").notNull(),
    registeredOn: text("registered_on").notNull(),
    registrationYear: integer("registration_year").notNull(),
    office: text("office").notNull(),
    status: text("status", { enum: NATIONAL_RECORD_STATUSES }).notNull(),
    /** The platform contract it matched, or the one it may be (status to_confirm). */
    contractId: integer("contract_id").references(() => contracts.id),
    importId: integer("import_id")
      .notNull()
      .references(() => nationalImports.id),
    rowNo: integer("row_no").notNull(),
    decidedBy: integer("decided_by").references(() => users.id),
    decidedAt: text("decided_at"),
    cancelledAt: text("cancelled_at"),
    cancelReason: text("cancel_reason"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("national_records_no_uq").on(t.registrationNo),
    index("national_records_status_idx").on(t.status, t.registrationYear),
    index("national_records_parties_idx").on(t.sellerCreditCode, t.buyerCreditCode, t.signedOn),
    check("national_records_value_ck", sql`${t.contractValueFen} > 0 AND ${t.techValueFen} >= 0 AND ${t.techValueFen} <= ${t.contractValueFen}`),
  ],
);
export type NationalRecord = typeof nationalRecords.$inferSelect;

/**
 * A padding check raised on a platform contract or an imported record. Raised once per subject
 * and kind; the registrar clears it with a reason (audited). An open flag on a platform filing
 * blocks its registration; an imported record counts and its open flags are reported.
 */
export const contractFlags = sqliteTable(
  "contract_flags",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    contractId: integer("contract_id").references(() => contracts.id),
    nationalRecordId: integer("national_record_id").references(() => nationalRecords.id),
    kind: text("kind", { enum: CONTRACT_FLAG_KINDS }).notNull(),
    stage: text("stage", { enum: FLAG_STAGES }).notNull(),
    /** What was found, for the registrar: the other contract, the amounts, the dates. */
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    raisedAt: text("raised_at").notNull(),
    clearedAt: text("cleared_at"),
    clearedBy: integer("cleared_by").references(() => users.id),
    clearReason: text("clear_reason"),
  },
  (t) => [
    uniqueIndex("contract_flags_contract_uq").on(t.contractId, t.kind),
    uniqueIndex("contract_flags_record_uq").on(t.nationalRecordId, t.kind),
    check("contract_flags_subject_ck", sql`(${t.contractId} IS NULL) <> (${t.nationalRecordId} IS NULL)`),
  ],
);
export type ContractFlag = typeof contractFlags.$inferSelect;

/** A closed statistical year: its figures frozen when the Bureau closed it. */
export const closedYears = sqliteTable("closed_years", {
  year: integer("year").primaryKey(),
  /** Every series in both amounts, as computed at closing (SeriesAmounts). */
  figures: text("figures", { mode: "json" }).$type<Record<string, { contractFen: number; techFen: number; count: number }>>().notNull(),
  closedBy: integer("closed_by")
    .notNull()
    .references(() => users.id),
  closedAt: text("closed_at").notNull(),
});
export type ClosedYear = typeof closedYears.$inferSelect;

/** The contracts behind a closed year's figure, one row per counted family or record, as they stood. */
export const closedYearItems = sqliteTable(
  "closed_year_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    year: integer("year")
      .notNull()
      .references(() => closedYears.year),
    /** The counted version of a platform family, or an imported record. */
    contractId: integer("contract_id").references(() => contracts.id),
    nationalRecordId: integer("national_record_id").references(() => nationalRecords.id),
    registrationNo: text("registration_no"),
    contractValueFen: integer("contract_value_fen").notNull(),
    techValueFen: integer("tech_value_fen").notNull(),
    sellerDivision: text("seller_division").notNull(),
    buyerDivision: text("buyer_division").notNull(),
  },
  (t) => [index("closed_year_items_year_idx").on(t.year)],
);
export type ClosedYearItem = typeof closedYearItems.$inferSelect;

/* ---------------------------------------------------------------- the Bureau's spreadsheets */

/** One spreadsheet of needs, achievements or organisations the Bureau imported: all its rows or none. */
export const dataImports = sqliteTable("data_imports", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  kind: text("kind", { enum: DATA_IMPORT_KINDS }).notNull(),
  fileName: text("file_name").notNull(),
  sha256: text("sha256").notNull(),
  rows: integer("rows").notNull(),
  imported: integer("imported").notNull(),
  importedBy: integer("imported_by").references(() => users.id),
  createdAt: createdAt(),
});
export type DataImport = typeof dataImports.$inferSelect;

/* ---------------------------------------------------------------- challenges (揭榜挂帅 / 赛马制) */

/** 榜单: a key technical problem published with a reward, from one of the challenger's needs or from scratch. */
export const challenges = sqliteTable(
  "challenges",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** 发榜方: the enterprise (or the Bureau) that posts the challenge and pays the reward. */
    orgId: integer("org_id")
      .notNull()
      .references(() => organisations.id),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    needId: integer("need_id").references(() => needs.id),
    title: text("title").notNull(),
    /** 痛点 / 需求: the problem to solve. */
    problem: text("problem").notNull(),
    /** 量化技术指标: the technical indicators a solution must reach. */
    indicators: text("indicators").notNull(),
    industryChainId: text("industry_chain_id")
      .notNull()
      .references(() => industryChains.id),
    techFieldCode: text("tech_field_code")
      .notNull()
      .references(() => techFields.code),
    countyCode: text("county_code")
      .notNull()
      .references(() => counties.code),
    /** 榜额 in fen: the whole reward (in a race, shared by the funded teams as awarded). */
    rewardFen: integer("reward_fen").notNull(),
    payout: text("payout", { enum: CHALLENGE_PAYOUTS }).notNull(),
    mode: text("mode", { enum: CHALLENGE_MODES }).notNull().default("single"),
    /** In a race, how many teams are funded in parallel (2 or more); 1 for a single winner. */
    teams: integer("teams").notNull().default(1),
    /** Application window (UTC instants). */
    opensAt: text("opens_at").notNull(),
    closesAt: text("closes_at").notNull(),
    /** 攻关期限: the date by which the work must be accepted. */
    deliverBy: text("deliver_by").notNull(),
    /** 揭榜条件. */
    qualifications: text("qualifications").notNull(),
    /** Evaluation criteria with weights summing to 100. */
    criteria: text("criteria", { mode: "json" }).$type<ChallengeCriterion[]>().notNull(),
    /** 验收方式: how the challenger will accept the work. */
    acceptance: text("acceptance").notNull(),
    contactName: text("contact_name").notNull(),
    contactPhone: text("contact_phone").notNull(),
    contactEmail: text("contact_email"),
    status: text("status", { enum: CHALLENGE_STATUSES }).notNull().default("draft"),
    reviewNote: text("review_note"),
    reviewedBy: integer("reviewed_by"),
    submittedAt: text("submitted_at"),
    publishedAt: text("published_at"),
    closedAt: text("closed_at"),
    shortlistedAt: text("shortlisted_at"),
    awardedAt: text("awarded_at"),
    acceptedAt: text("accepted_at"),
    paidAt: text("paid_at"),
    cancelledAt: text("cancelled_at"),
    cancelledBy: integer("cancelled_by"),
    /** Shown publicly. */
    cancelReason: text("cancel_reason"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("challenges_status_idx").on(t.status, t.closesAt),
    index("challenges_org_idx").on(t.orgId),
    check("challenges_reward_ck", sql`${t.rewardFen} >= 0`),
    check("challenges_teams_ck", sql`${t.teams} >= 1`),
    check("challenges_window_ck", sql`${t.closesAt} > ${t.opensAt}`),
  ],
);
export type Challenge = typeof challenges.$inferSelect;
export type NewChallenge = typeof challenges.$inferInsert;

/** The expert panel the Bureau names for a challenge: its members score applications beside the challenger. */
export const challengePanel = sqliteTable(
  "challenge_panel",
  {
    challengeId: integer("challenge_id")
      .notNull()
      .references(() => challenges.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    addedBy: integer("added_by")
      .notNull()
      .references(() => users.id),
    addedAt: text("added_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.challengeId, t.userId] })],
);

/** 揭榜申请: an institute's or enterprise's application; private to the challenger, its broker, the panel and the Bureau. */
export const challengeApplications = sqliteTable(
  "challenge_applications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    challengeId: integer("challenge_id")
      .notNull()
      .references(() => challenges.id),
    orgId: integer("org_id")
      .notNull()
      .references(() => organisations.id),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    proposal: text("proposal").notNull(),
    /** The team: names, roles and qualifications, as the applicant writes them. */
    team: text("team").notNull(),
    budgetFen: integer("budget_fen").notNull(),
    achievementId: integer("achievement_id").references(() => achievements.id),
    status: text("status", { enum: CHALLENGE_APPLICATION_STATUSES }).notNull().default("submitted"),
    submittedAt: text("submitted_at").notNull(),
    decidedAt: text("decided_at"),
    /** The part of the reward awarded to this team (a single winner gets the whole reward). */
    awardFen: integer("award_fen"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("challenge_applications_org_uq").on(t.challengeId, t.orgId),
    index("challenge_applications_org_idx").on(t.orgId),
    check("challenge_applications_budget_ck", sql`${t.budgetFen} >= 0`),
    check("challenge_applications_award_ck", sql`${t.awardFen} IS NULL OR ${t.awardFen} >= 0`),
  ],
);
export type ChallengeApplication = typeof challengeApplications.$inferSelect;

/** An application's files, stored outside the database under a generated name and checked by their bytes. */
export const challengeFiles = sqliteTable(
  "challenge_files",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    applicationId: integer("application_id")
      .notNull()
      .references(() => challengeApplications.id),
    uploadedBy: integer("uploaded_by")
      .notNull()
      .references(() => users.id),
    displayName: text("display_name").notNull(),
    storedName: text("stored_name").notNull(),
    mime: text("mime").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("challenge_files_application_idx").on(t.applicationId), uniqueIndex("challenge_files_stored_uq").on(t.storedName)],
);

/** One scorer's score (0-100) of one application on one criterion (its position in the challenge's criteria). */
export const challengeScores = sqliteTable(
  "challenge_scores",
  {
    applicationId: integer("application_id")
      .notNull()
      .references(() => challengeApplications.id),
    scorerUserId: integer("scorer_user_id")
      .notNull()
      .references(() => users.id),
    criterion: integer("criterion").notNull(),
    score: integer("score").notNull(),
    note: text("note"),
    scoredAt: text("scored_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.applicationId, t.scorerUserId, t.criterion] }),
    check("challenge_scores_score_ck", sql`${t.score} BETWEEN 0 AND 100`),
    check("challenge_scores_criterion_ck", sql`${t.criterion} >= 0`),
  ],
);

/** An awarded team's milestone: accepted (验收) by the challenger, then its amount is paid through the ledger. */
export const challengeMilestones = sqliteTable(
  "challenge_milestones",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    challengeId: integer("challenge_id")
      .notNull()
      .references(() => challenges.id),
    applicationId: integer("application_id")
      .notNull()
      .references(() => challengeApplications.id),
    seq: integer("seq").notNull(),
    title: text("title").notNull(),
    dueOn: text("due_on").notNull(),
    amountFen: integer("amount_fen").notNull(),
    acceptedAt: text("accepted_at"),
    acceptedBy: integer("accepted_by").references(() => users.id),
    acceptNote: text("accept_note"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("challenge_milestones_seq_uq").on(t.applicationId, t.seq),
    index("challenge_milestones_challenge_idx").on(t.challengeId),
    check("challenge_milestones_amount_ck", sql`${t.amountFen} > 0`),
  ],
);
export type ChallengeMilestone = typeof challengeMilestones.$inferSelect;

/* ---------------------------------------------------------------- scenarios (应用场景) */

/** 应用场景: a real site (a mine, a plant, a hospital, a city service) opened to new technology. */
export const scenarios = sqliteTable(
  "scenarios",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orgId: integer("org_id")
      .notNull()
      .references(() => organisations.id),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    title: text("title").notNull(),
    /** 现状与痛点. */
    description: text("description").notNull(),
    /** 技术需求与指标: the technology wanted. */
    techWanted: text("tech_wanted").notNull(),
    /** 开放资源 offered: which kinds, and the terms in words (site, data, equipment, pilot terms). */
    resources: text("resources", { mode: "json" }).$type<ScenarioResource[]>().notNull(),
    conditions: text("conditions").notNull(),
    /** Where the site is. */
    site: text("site").notNull(),
    countyCode: text("county_code")
      .notNull()
      .references(() => counties.code),
    industryChainId: text("industry_chain_id")
      .notNull()
      .references(() => industryChains.id),
    techFieldCode: text("tech_field_code")
      .notNull()
      .references(() => techFields.code),
    kind: text("kind", { enum: SCENARIO_KINDS }).notNull(),
    grade: text("grade", { enum: SCENARIO_GRADES }).notNull(),
    /** 建设补贴 cap in fen (policy data); null when none is offered. */
    subsidyCapFen: integer("subsidy_cap_fen"),
    /** 预计投资 / 采购额 in fen, when the owner states it. */
    investmentFen: integer("investment_fen"),
    /** Open period, calendar dates. */
    opensOn: text("opens_on").notNull(),
    closesOn: text("closes_on").notNull(),
    contactName: text("contact_name").notNull(),
    contactPhone: text("contact_phone").notNull(),
    contactEmail: text("contact_email"),
    status: text("status", { enum: SCENARIO_STATUSES }).notNull().default("draft"),
    /** 场景清单年度: the year's scenario list it belongs to, set on publication. */
    listYear: integer("list_year"),
    reviewNote: text("review_note"),
    reviewedBy: integer("reviewed_by"),
    submittedAt: text("submitted_at"),
    publishedAt: text("published_at"),
    closedAt: text("closed_at"),
    outcome: text("outcome", { enum: SCENARIO_OUTCOMES }).notNull().default("none"),
    pilotStartedOn: text("pilot_started_on"),
    pilotResult: text("pilot_result"),
    followOnContractId: integer("follow_on_contract_id").references(() => contracts.id),
    outcomeRecordedAt: text("outcome_recorded_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("scenarios_status_idx").on(t.status, t.publishedAt),
    index("scenarios_year_idx").on(t.listYear),
    index("scenarios_org_idx").on(t.orgId),
    check("scenarios_subsidy_ck", sql`${t.subsidyCapFen} IS NULL OR ${t.subsidyCapFen} >= 0`),
    check("scenarios_investment_ck", sql`${t.investmentFen} IS NULL OR ${t.investmentFen} >= 0`),
    check("scenarios_period_ck", sql`${t.closesOn} >= ${t.opensOn}`),
  ],
);
export type Scenario = typeof scenarios.$inferSelect;
export type NewScenario = typeof scenarios.$inferInsert;

/** A proposed scenario–achievement pair set aside; it never comes back. */
export const scenarioDismissals = sqliteTable(
  "scenario_dismissals",
  {
    scenarioId: integer("scenario_id")
      .notNull()
      .references(() => scenarios.id),
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
  (t) => [primaryKey({ columns: [t.scenarioId, t.achievementId] })],
);

/* ---------------------------------------------------------------- enquiries, attachments, password resets */

/**
 * A member's expression of interest in a published listing (need, achievement, challenge or
 * scenario): it reaches the owner and the lead broker, and the owner's reason-coded answer
 * counts in the organisation's response rate like a deal's.
 */
export const enquiries = sqliteTable(
  "enquiries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    subject: text("subject", { enum: LISTING_SUBJECTS }).notNull(),
    subjectId: integer("subject_id").notNull(),
    ownerOrgId: integer("owner_org_id")
      .notNull()
      .references(() => organisations.id),
    fromOrgId: integer("from_org_id")
      .notNull()
      .references(() => organisations.id),
    fromUserId: integer("from_user_id")
      .notNull()
      .references(() => users.id),
    reason: text("reason", { enum: ENQUIRY_REASONS }).notNull(),
    message: text("message").notNull(),
    /** The achievement the enquirer offers, when it has one in mind. */
    achievementId: integer("achievement_id").references(() => achievements.id),
    requestedAt: text("requested_at").notNull(),
    code: text("code", { enum: RESPONSE_CODES }),
    note: text("note"),
    respondedAt: text("responded_at"),
    respondedBy: integer("responded_by").references(() => users.id),
  },
  (t) => [
    index("enquiries_subject_idx").on(t.subject, t.subjectId),
    index("enquiries_owner_idx").on(t.ownerOrgId, t.respondedAt),
    index("enquiries_from_idx").on(t.fromOrgId),
  ],
);
export type Enquiry = typeof enquiries.$inferSelect;

/** A brochure or image attached to a listing, shown on its public page; checked by its bytes. */
export const listingAttachments = sqliteTable(
  "listing_attachments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    subject: text("subject", { enum: LISTING_SUBJECTS }).notNull(),
    subjectId: integer("subject_id").notNull(),
    uploadedBy: integer("uploaded_by")
      .notNull()
      .references(() => users.id),
    displayName: text("display_name").notNull(),
    storedName: text("stored_name").notNull(),
    mime: text("mime").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    removedAt: text("removed_at"),
    createdAt: createdAt(),
  },
  (t) => [index("listing_attachments_subject_idx").on(t.subject, t.subjectId), uniqueIndex("listing_attachments_stored_uq").on(t.storedName)],
);

/** A password-reset link: only the token's SHA-256 is kept; single use, short-lived. */
export const passwordResets = sqliteTable(
  "password_resets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    tokenHash: text("token_hash").notNull(),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    usedAt: text("used_at"),
  },
  (t) => [uniqueIndex("password_resets_token_uq").on(t.tokenHash), index("password_resets_user_idx").on(t.userId, t.createdAt)],
);

/* ---------------------------------------------------------------- indicator rollup */

/**
 * The counted contract amount pre-summed for the dashboard and the official figure. A counted
 * contract or record adds to one row per breakdown (`dim`: month, type, field, chain or broker)
 * for each side of it in Lüliang: `side` 's' under its seller's division, 'b' under its buyer's,
 * with `other` 1 when the other side is in Lüliang too. So 输出 is side 's', 吸纳 side 'b' and 本地
 * side 's' with other 1, for the city or (by `div`) one county. Kept by triggers on contracts and
 * national_records that take out a row's old part and add its new one whenever the row is or was
 * counted (COUNTED_CONTRACT_CONDITION, COUNTED_RECORD_CONDITION); checked by a daily sweep.
 */
export const indicatorRollup = sqliteTable(
  "indicator_rollup",
  {
    dim: text("dim").notNull(),
    year: integer("year").notNull(),
    side: text("side").notNull(),
    div: text("div").notNull(),
    other: integer("other").notNull(),
    k: text("k").notNull(),
    n: integer("n").notNull(),
    cv: integer("cv").notNull(),
    tv: integer("tv").notNull(),
  },
  (t) => [primaryKey({ columns: [t.dim, t.year, t.side, t.div, t.other, t.k] })],
);
