import "zod-openapi";
import { z } from "zod";
import { MATURITY_STAGES } from "../../db/vocabularies";
import { text } from "./fields";

// The open read API's queries and answers: the routes parse with these schemas and the
// OpenAPI document (/api/v1/openapi.json) is generated from them, so what is checked and what
// is documented cannot drift apart. Query names are the list pages' own (see ./browse.ts).

export const API_MAX_PAGE_SIZE = 100;
export const API_DEFAULT_PAGE_SIZE = 20;

const code = text(40).min(1);
/** A filter that may repeat (?mode=a&mode=b): any one value matches. */
const many = (description: string, example: string[]) =>
  z
    .array(code)
    .max(20)
    .optional()
    .meta({ description, example, param: { style: "form", explode: true, example } });

const page = z.coerce
  .number()
  .int()
  .min(1)
  .max(1000)
  .optional()
  .meta({ description: "Page number, from 1.", example: 1, param: { example: 1 } });
const pageSize = z.coerce
  .number()
  .int()
  .min(1)
  .max(API_MAX_PAGE_SIZE)
  .optional()
  .meta({
    description: `Items per page, 1–${API_MAX_PAGE_SIZE}; ${API_DEFAULT_PAGE_SIZE} unless given (the list pages' size).`,
    example: 20,
    param: { example: 20 },
  });

const listingFilters = {
  q: text(100, { trim: true })
    .optional()
    .meta({ description: "Full-text search in Chinese or English, as the list page's search box.", example: "氢能", param: { example: "氢能" } }),
  industryChainId: many("Industry chain id (see the `industryChainId` facet).", ["hydrogen"]),
  techField: many("Technical field code (see the `techField` facet).", ["080500"]),
  countyCode: many("County code (see the `countyCode` facet).", ["141102"]),
  priceBand: many("Budget or price band: lt50w, 50w-200w, 200w-1000w, gte1000w, negotiable.", ["50w-200w"]),
  stage: many(`Maturity stage: ${MATURITY_STAGES.join(", ")}.`, ["pilot"]),
  year: many("Year the listing was published (YYYY).", ["2026"]),
  stale: z
    .literal("1")
    .optional()
    .meta({ description: "`1` also lists listings whose owners have not confirmed them recently.", example: "1", param: { example: "1" } }),
  sort: z
    .enum(["relevance", "newest", "deadline", "budget", "price"])
    .optional()
    .meta({ description: "Order: relevance when `q` is given, newest otherwise.", example: "newest", param: { example: "newest" } }),
  page,
  pageSize,
};

export const apiNeedsQuery = z
  .object({
    ...listingFilters,
    mode: many("Cooperation mode: transfer, licence, joint_dev, commissioned_dev, service, equity.", ["joint_dev"]),
    status: z
      .array(z.enum(["published", "matched", "closed"]))
      .max(3)
      .optional()
      .meta({
        description: "Status; published and matched unless given.",
        example: ["published"],
        param: { style: "form", explode: true, example: ["published"] },
      }),
  })
  .meta({ description: "Filters of the technical needs list (/needs)." });

export const apiAchievementsQuery = z
  .object({
    ...listingFilters,
    mode: many("Transfer mode: transfer, licence, joint_dev, equity, self_implement, other.", ["licence"]),
    status: z
      .array(z.enum(["published", "transferred"]))
      .max(2)
      .optional()
      .meta({ description: "Status; published unless given.", example: ["published"], param: { style: "form", explode: true, example: ["published"] } }),
  })
  .meta({ description: "Filters of the achievements list (/achievements)." });

export const apiBrokersQuery = z
  .object({
    chain: z
      .string()
      .max(40)
      .regex(/^[a-z0-9-]+$/)
      .optional()
      .meta({
        description: "Industry chain id: only brokers specialised in it, as the directory's filter.",
        example: "hydrogen",
        param: { example: "hydrogen" },
      }),
    page,
    pageSize,
  })
  .meta({ description: "Filters of the broker directory (/brokers)." });

export const apiIndicatorsQuery = z
  .object({
    year: z.coerce
      .number()
      .int()
      .min(2000)
      .max(2100)
      .optional()
      .meta({ description: "Statistical year (Beijing time); the current year unless given.", example: 2026, param: { example: 2026 } }),
  })
  .meta({ description: "The year of the official figure." });

/* ------------------------------------------------------------------ answers */

const fen = (description: string) => z.number().int().min(0).meta({ description });
const nullableFen = (description: string) => z.number().int().min(0).nullable().meta({ description });

const facetValue = z.object({
  value: z.string().meta({ description: "The value to pass as the filter." }),
  count: z.number().int().min(0).meta({ description: "Matching listings with that value." }),
  label: z.string().meta({ description: "The value's name in the answer's language." }),
});

const pagination = {
  total: z.number().int().min(0).meta({ description: "Matching items in all pages.", example: 42 }),
  page: z.number().int().min(1).meta({ description: "This page's number.", example: 1 }),
  pageSize: z.number().int().min(1).max(API_MAX_PAGE_SIZE).meta({ description: "Items per page.", example: 20 }),
  pages: z.number().int().min(1).meta({ description: "Number of pages (at least 1).", example: 3 }),
};

const listingCommon = {
  id: z.number().int().min(1).meta({ description: "The listing's id.", example: 12 }),
  url: z.url().meta({ description: "The listing's public page.", example: "https://market.example.cn/needs/12" }),
  title: z.string().meta({ description: "Title as its owner wrote it.", example: "氢燃料电池重卡低温启动技术" }),
  organisation: z
    .string()
    .meta({ description: "The organisation that published it, in the answer's language where it has an English name.", example: "吕梁市某能源有限公司" }),
  industryChain: z.string().meta({ description: "Industry chain, by name.", example: "氢能" }),
  techField: z.string().meta({ description: "Technical field, by name.", example: "材料科学" }),
  modes: z.array(z.string()).meta({ description: "Cooperation or transfer modes (codes).", example: ["joint_dev"] }),
  stage: z.enum(MATURITY_STAGES).meta({ description: "Maturity stage from the technology readiness level.", example: "pilot" }),
  stale: z.boolean().meta({ description: "True when its owner has not confirmed it recently.", example: false }),
};

export const apiNeedItem = z
  .object({
    ...listingCommon,
    status: z.enum(["published", "matched", "closed"]).meta({ description: "Status.", example: "published" }),
    county: z.string().meta({ description: "County, by name.", example: "离石区" }),
    budgetMinFen: nullableFen("Lowest budget in fen (1 yuan = 100 fen), null when negotiable."),
    budgetMaxFen: nullableFen("Highest budget in fen, null when negotiable."),
    deadline: z.string().nullable().meta({ description: "Answer deadline, YYYY-MM-DD.", example: "2026-12-31" }),
  })
  .meta({ id: "Need", description: "A published technical need, without its contact." });

export const apiAchievementItem = z
  .object({
    ...listingCommon,
    status: z.enum(["published", "transferred"]).meta({ description: "Status.", example: "published" }),
    county: z.string().nullable().meta({ description: "County, by name, when given.", example: "离石区" }),
    priceFen: nullableFen("Asking price in fen, null when negotiable."),
    transformationListYear: z.number().int().nullable().meta({ description: "Year of the transformation list (转化清单) it is on, if any.", example: 2026 }),
  })
  .meta({ id: "Achievement", description: "A published scientific or technological achievement, without its contact." });

export const apiBrokerItem = z
  .object({
    id: z.number().int().min(1).meta({ description: "The broker's id.", example: 3 }),
    url: z.url().meta({ description: "The broker's public profile.", example: "https://market.example.cn/brokers/3" }),
    name: z.string().meta({ description: "The broker's name as the public directory shows it.", example: "王经纪" }),
    grade: z.string().meta({ description: "Certificate grade: junior, intermediate, senior.", example: "senior" }),
    organisation: z.string().meta({ description: "The transfer agency he practises under.", example: "吕梁技术转移中心" }),
    cohort: z.string().nullable().meta({ description: "Training cohort of the broker programme, if any.", example: "2025-1" }),
    chains: z
      .array(z.object({ id: z.string(), label: z.string() }))
      .meta({ description: "Industry chains he specialises in.", example: [{ id: "hydrogen", label: "氢能" }] }),
    dealsClosed: z.number().int().min(0).meta({ description: "Deals he closed.", example: 4 }),
    registeredContracts: z.number().int().min(0).meta({ description: "Registered technology contracts he brokered.", example: 2 }),
    registeredValueFen: fen("Value of those contracts, in fen."),
  })
  .meta({ id: "Broker", description: "A certified broker in force, as the public directory shows him." });

const facets = z
  .record(z.string(), z.array(facetValue))
  .meta({ description: "Counts by filter value for the same query (industryChainId, techField, countyCode, mode, priceBand, stage, year, status)." });

export const apiNeedsPage = z
  .object({ ...pagination, items: z.array(apiNeedItem), facets })
  .meta({ id: "NeedsPage", description: "One page of published technical needs." });
export const apiAchievementsPage = z
  .object({ ...pagination, items: z.array(apiAchievementItem), facets })
  .meta({ id: "AchievementsPage", description: "One page of published achievements." });
export const apiBrokersPage = z
  .object({ ...pagination, items: z.array(apiBrokerItem) })
  .meta({ id: "BrokersPage", description: "One page of the broker directory." });

export const apiIndicator = z
  .object({
    year: z.number().int().meta({ description: "Statistical year.", example: 2026 }),
    targetFen: nullableFen("The year's target for the contract amount, in fen."),
    contractAmountFen: fen("The official figure: the target's series and amount, in fen."),
    outputAmountFen: fen("输出: contracts whose seller is in Lüliang, contract value."),
    outputTechnologyAmountFen: fen("输出, technology value."),
    absorbedAmountFen: fen("吸纳: contracts whose buyer is in Lüliang, contract value."),
    absorbedTechnologyAmountFen: fen("吸纳, technology value."),
    localAmountFen: fen("本地: both parties in Lüliang, contract value."),
    localTechnologyAmountFen: fen("本地, technology value."),
    registeredContracts: z.number().int().min(0).meta({ description: "Contracts counted in the figure." }),
    offPlatformAmountFen: fen("Of which registered outside the platform (national records)."),
    flaggedAmountFen: fen("Amount under an open padding flag."),
    flaggedContracts: z.number().int().min(0).meta({ description: "Contracts under an open padding flag." }),
    closed: z.boolean().meta({ description: "Whether the year has been closed." }),
    closedContractAmountFen: nullableFen("The figure frozen at closing, null while open."),
    openChallenges: z
      .number()
      .int()
      .min(0)
      .meta({ description: "揭榜挂帅: challenges taking applications now (inside their window, whatever the year asked)." }),
    awardedChallenges: z.number().int().min(0).meta({ description: "Challenges awarded in the year (Asia/Shanghai), single winner or race." }),
    challengeRewardFen: fen("The rewards awarded to the teams of the year's awarded challenges, in fen: the amounts awarded, paid or not yet."),
    scenarios: z
      .number()
      .int()
      .min(0)
      .meta({ description: "Application scenarios on the year's list (published onto it; closed ones stay on it).", example: 52 }),
    openScenarios: z.number().int().min(0).meta({ description: "Published scenarios whose open period includes today (Beijing date).", example: 31 }),
    scenarioTarget: z.number().int().min(0).meta({ description: "The year's target for the scenario list (policy data; 50 when none is set).", example: 50 }),
  })
  .meta({ id: "Indicator", description: "The official technology-contract figure of a year." });

export const apiProblem = z
  .object({
    error: z.string().meta({ description: "A stable code, e.g. bad_query, rate_limited.", example: "bad_query" }),
    message: z.string().meta({ description: "What went wrong, in the Accept-Language language (zh-CN or en).", example: "pageSize: must be at most 100" }),
  })
  .meta({ id: "Problem", description: "An error answer." });

export type ApiNeedsQuery = z.output<typeof apiNeedsQuery>;
export type ApiAchievementsQuery = z.output<typeof apiAchievementsQuery>;
export type ApiBrokersQuery = z.output<typeof apiBrokersQuery>;
export type ApiNeedItem = z.output<typeof apiNeedItem>;
export type ApiAchievementItem = z.output<typeof apiAchievementItem>;
export type ApiBrokerItem = z.output<typeof apiBrokerItem>;

/** Query names that may repeat, read as arrays whether they appear once or more. */
export const API_ARRAY_PARAMS = new Set(["industryChainId", "techField", "countyCode", "mode", "priceBand", "stage", "year", "status"]);
