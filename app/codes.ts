/**
 * The platform's codes and their types, shared by the database schema, the form schemas,
 * the services and the components. This module imports nothing, so a page that needs a
 * code list does not pull the database layer or the validation library into the browser.
 */

export const ORG_KINDS = ["enterprise", "institute", "agency", "government"] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ROLES = ["enterprise", "institute", "broker", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const COOPERATION_MODES = ["transfer", "licence", "joint_dev", "commissioned_dev", "service", "equity"] as const;
export type CooperationMode = (typeof COOPERATION_MODES)[number];

export const NEED_STATUSES = ["draft", "submitted", "rejected", "published", "matched", "closed", "withdrawn"] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

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
/** How a contract-amount target is typed (亿元 or 万元; kept in fen), and the units a count target is in. */
export const TARGET_AMOUNT_UNITS = ["yi", "wan"] as const;
export const TARGET_COUNT_UNITS = ["项", "人", "个"] as const;

export const BROKER_GRADES = ["junior", "intermediate", "senior"] as const;
export type BrokerGrade = (typeof BROKER_GRADES)[number];

export const BROKER_STATUSES = ["applied", "certified", "rejected", "suspended", "revoked"] as const;
export type BrokerStatus = (typeof BROKER_STATUSES)[number];

export const MATCH_STAGES = ["suggested", "contacted", "negotiating", "signed", "dismissed"] as const;
export type MatchStage = (typeof MATCH_STAGES)[number];

export const RESPONSE_CODES = ["interested", "not_now", "not_a_fit", "price", "ip_terms", "timing", "other"] as const;
export type ResponseCode = (typeof RESPONSE_CODES)[number];

export const CONTRACT_TYPES = ["DEV", "TRF", "LIC", "CON", "SRV"] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];

// "elsewhere": the seller is outside Lüliang and the contract was registered by the office of
// its own locality; it counts (toward 吸纳) once the registrar confirms it or a national
// record matches it. "cancelled": 撤销登记, out of every figure.
export const CONTRACT_STATUSES = ["draft", "submitted", "registered", "returned", "elsewhere", "cancelled"] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** The non-technical items deducted from 成交额 to give 技术交易额 (DOMAIN §1.3). */
export const NON_TECH_ITEMS = ["equipment", "instruments", "materials", "other"] as const;
export type NonTechItem = (typeof NON_TECH_ITEMS)[number];

/** Padding checks raised before a contract counts. */
export const CONTRACT_FLAG_KINDS = [
  "tech_amount", // 技术交易额 missing or above 成交额
  "non_tech_share", // non-technical items above half of 成交额
  "related_party",
  "likely_split", // same parties and subject within 90 days, together above the review line
  "duplicate", // the same contract twice: number, or parties + date + amount
  "large_amount", // above the review line (10 million yuan): expert re-review
  "term_ended", // registered after the contract's term ended
  "late_decision", // filed more than 30 days before the registrar decided
] as const;
export type ContractFlagKind = (typeof CONTRACT_FLAG_KINDS)[number];
export const FLAG_STAGES = ["filing", "registration", "import"] as const;
export type FlagStage = (typeof FLAG_STAGES)[number];

/** A record imported from the national system (全国技术合同管理与服务系统). */
export const NATIONAL_RECORD_STATUSES = [
  "off_platform", // registered outside the platform: counts
  "matched", // the same contract as a platform one: counted once, through it
  "to_confirm", // same parties, signing date and amount as a platform contract: the registrar decides
  "cancelled",
] as const;
export type NationalRecordStatus = (typeof NATIONAL_RECORD_STATUSES)[number];

export const CONTRACT_DOCUMENT_KINDS = ["elsewhere_certificate", "cancellation_evidence", "termination_evidence"] as const;
export type ContractDocumentKind = (typeof CONTRACT_DOCUMENT_KINDS)[number];

export const PAYMENT_MODES = ["lump_sum_once", "lump_sum_instalments", "royalty", "royalty_with_fee"] as const;
export type PaymentMode = (typeof PAYMENT_MODES)[number];

export const NOTIFICATION_KINDS = [
  "need_claimed",
  "match_proposed",
  "answer_received",
  "stage_changed",
  "contract_returned",
  "contract_registered",
  "contract_cancelled",
  "contract_terminated",
  "listing_stale_soon",
  "broker_decided",
  "transfer_verified",
  "transfer_rejected",
  "org_verified",
  "org_refused",
  "listing_approved",
  "listing_returned",
  "enquiry_received",
  "enquiry_answered",
  "challenge_window_opened",
  "challenge_window_closed",
  "challenge_application_received",
  "challenge_shortlisted",
  "challenge_awarded",
  "challenge_milestone_accepted",
  "challenge_reward_paid",
  "challenge_cancelled",
  "scenario_interest",
  "scenario_outcome",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const LOGIN_OUTCOMES = ["pending", "failure", "success"] as const;
export type LoginOutcome = (typeof LOGIN_OUTCOMES)[number];

export type Milestone = { title: string; dueOn: string; amountFen: number };

/**
 * What a ledger entry records; the kind gives the direction, the amount is always positive.
 * commission_reversal takes back the broker's commission on refunded money; subsidy_recovery
 * and reward_recovery are an approved batch's negative lines, money the city is owed back.
 */
export const LEDGER_KINDS = [
  "payment",
  "refund",
  "commission",
  "commission_reversal",
  "subsidy",
  "subsidy_recovery",
  "reward",
  "reward_recovery",
  "challenge_reward",
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** Where a ledger entry comes from: a Stripe payment, a verified bank transfer, an approved batch, a challenge's accepted milestone. */
export const LEDGER_SOURCES = ["stripe", "transfer", "batch", "challenge"] as const;
export type LedgerSource = (typeof LEDGER_SOURCES)[number];

export const PAYMENT_ATTEMPT_STATUSES = ["open", "paid", "failed", "expired"] as const;
export type PaymentAttemptStatus = (typeof PAYMENT_ATTEMPT_STATUSES)[number];

export const BANK_TRANSFER_STATUSES = ["pending", "verified", "rejected"] as const;
export type BankTransferStatus = (typeof BANK_TRANSFER_STATUSES)[number];

/** The side that records a bank transfer: the seller who received it, or the contract's broker. */
export const TRANSFER_RECORDERS = ["seller", "broker"] as const;
export type TransferRecorder = (typeof TRANSFER_RECORDERS)[number];

/** What a broker reward is computed on: the amount received (payments less refunds), 技术交易额 or 合同成交额. */
export const REWARD_BASES = ["received", "tech_value", "contract_value"] as const;
export type RewardBase = (typeof REWARD_BASES)[number];

/** Who a subsidy rule pays: the technology seller (the usual case) or the buyer. */
export const SUBSIDY_BENEFICIARIES = ["seller", "buyer"] as const;
export type SubsidyBeneficiary = (typeof SUBSIDY_BENEFICIARIES)[number];

/** Award batches: city subsidies to contract parties and rewards to brokers. */
export const AWARD_KINDS = ["subsidy", "reward"] as const;
export type AwardKind = (typeof AWARD_KINDS)[number];

/** A draft batch is a preview the admin may recompute; an approved one is frozen. */
export const BATCH_STATUSES = ["draft", "approved"] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];
/** Why a suggested match is set aside; the reasons feed ranking. */
export const DISMISS_REASONS = ["not_relevant", "too_immature", "price", "ip_terms", "already_known", "other"] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

export const BROKER_DECISIONS = ["certify", "reject", "suspend", "revoke"] as const;
export type BrokerDecision = (typeof BROKER_DECISIONS)[number];

/**
 * 合同子类 under each type (民法典 §851, §862-863, §878; 2001 规则 Art.4). Licensing is its
 * own type since the Civil Code, so a 专利实施许可 recorded under the old rules belongs to LIC.
 */
export const CONTRACT_SUBTYPES = {
  DEV: ["commissioned", "cooperative"],
  TRF: ["patent", "patent_application", "trade_secret", "other"],
  LIC: ["patent_exclusive", "patent_sole", "patent_ordinary", "trade_secret", "other_ip"],
  CON: ["feasibility", "forecast", "survey", "evaluation"],
  SRV: ["service", "training", "intermediary"],
} as const satisfies Record<ContractType, readonly string[]>;
export type ContractSubType = (typeof CONTRACT_SUBTYPES)[ContractType][number];

/** Blank milestone rows a contract form offers; unused rows are ignored. */
export const MILESTONE_ROWS = 6;

export const INDICATOR_SERIES = ["output", "absorbed", "local"] as const;
export type IndicatorSeries = (typeof INDICATOR_SERIES)[number];
export const INDICATOR_AMOUNTS = ["contract", "tech"] as const;
export type IndicatorAmount = (typeof INDICATOR_AMOUNTS)[number];

/** The stages a broker may move a deal to by hand; "suggested" and "contacted" come from confirming. */
export const STAGE_TARGETS = ["negotiating", "signed", "dismissed"] as const;
export type StageTarget = (typeof STAGE_TARGETS)[number];

export const PROPOSAL_SIDES = ["buyer", "seller", "both"] as const;
export type ProposalSide = (typeof PROPOSAL_SIDES)[number];

/** The subject of the request every confirmed match sends to both sides. */
export const INTEREST_SUBJECT = "interest";
/** The subject under which a party's agreement to proceed is reported to the others. */
export const PROCEED_SUBJECT = "proceed";

/** The choice a transfer form offers for a contract with no payment milestones: the contract as a whole. */
export const WHOLE_CONTRACT = "contract";

/** What the Bureau imports from its spreadsheets. */
export const DATA_IMPORT_KINDS = ["needs", "achievements", "organisations"] as const;
export type DataImportKind = (typeof DATA_IMPORT_KINDS)[number];

/* ---------------------------------------------------------------- challenges (揭榜挂帅 / 赛马制) */

/**
 * draft → submitted → published (reviewed; before its window) → open (window running) → closed
 * → shortlisted → awarded → accepted (every milestone 验收) → paid; returned by the reviewer;
 * cancelled with a public reason (never once awarded).
 */
export const CHALLENGE_STATUSES = [
  "draft",
  "submitted",
  "returned",
  "published",
  "open",
  "closed",
  "shortlisted",
  "awarded",
  "accepted",
  "paid",
  "cancelled",
] as const;
export type ChallengeStatus = (typeof CHALLENGE_STATUSES)[number];
/** single: one winner (揭榜挂帅); race: several teams funded in parallel (赛马制), with a final acceptance. */
export const CHALLENGE_MODES = ["single", "race"] as const;
export type ChallengeMode = (typeof CHALLENGE_MODES)[number];
/** How the reward is paid: all on award, or by milestones the challenger accepts. */
export const CHALLENGE_PAYOUTS = ["on_award", "by_milestones"] as const;
export type ChallengePayout = (typeof CHALLENGE_PAYOUTS)[number];
export const CHALLENGE_APPLICATION_STATUSES = ["submitted", "withdrawn", "shortlisted", "not_shortlisted", "awarded", "not_awarded"] as const;
export type ChallengeApplicationStatus = (typeof CHALLENGE_APPLICATION_STATUSES)[number];
/** One evaluation criterion and its weight (the weights of a challenge sum to 100). */
export type ChallengeCriterion = { name: string; weight: number };

/* ---------------------------------------------------------------- scenarios (应用场景) */

export const SCENARIO_STATUSES = ["draft", "submitted", "returned", "published", "closed", "withdrawn"] as const;
export type ScenarioStatus = (typeof SCENARIO_STATUSES)[number];
/** The city's graded opening: 综合性重大场景, 行业领域集成式场景, 高价值小切口场景. */
export const SCENARIO_GRADES = ["major", "integrated", "focused"] as const;
export type ScenarioGrade = (typeof SCENARIO_GRADES)[number];
/** 生产 / 工作 / 生活. */
export const SCENARIO_KINDS = ["production", "work", "life"] as const;
export type ScenarioKind = (typeof SCENARIO_KINDS)[number];
/** What the owner opens to a solver. */
export const SCENARIO_RESOURCES = ["site", "data", "equipment", "pilot", "first_purchase"] as const;
export type ScenarioResource = (typeof SCENARIO_RESOURCES)[number];
/** What came of a scenario: a pilot started, its result, a follow-on contract. */
export const SCENARIO_OUTCOMES = ["none", "pilot_started", "pilot_done", "contract_signed"] as const;
export type ScenarioOutcome = (typeof SCENARIO_OUTCOMES)[number];

/* ---------------------------------------------------------------- enquiries and attachments */

/** What a member may express interest in, and what a listing attachment belongs to. */
export const LISTING_SUBJECTS = ["need", "achievement", "challenge", "scenario"] as const;
export type ListingSubject = (typeof LISTING_SUBJECTS)[number];
/** Why a member writes to a listing's owner. */
export const ENQUIRY_REASONS = ["can_solve", "want_licence", "want_to_buy", "cooperate", "pilot", "question"] as const;
export type EnquiryReason = (typeof ENQUIRY_REASONS)[number];
/** The longest enquiry a member may write, and the longest note on its answer. */
export const ENQUIRY_MESSAGE_MAX = 1000;
export const ENQUIRY_NOTE_MAX = 500;
