// Turns the hand-written need topics into rows: who posted them, when, with which budget,
// modes, contact and status, so that every page and queue of the platform has content.

import { COOPERATION_MODES, type CooperationMode, type NeedStatus } from "../schema";
import { officePhone, personName } from "./identity";
import { NEED_TOPICS, type Tier } from "./need-topics";
import { SEED, orgByKey, type ChainId } from "./organisations";
import { childRng, type Rng } from "./random";
import { addDays, at, iso, notAfter, notBefore, officeHours, setStoryClock, storyYear, utc, ymd } from "./timeline";

const FEN_PER_WAN = 1_000_000;

/** How the needs are spread over the lifecycle; the 2025 list takes whatever is left. */
export const NEED_PLAN = {
  list2026: 87,
  draft: 3,
  submitted: 6,
  rejected: 3,
  matched: 4,
  closed: 3,
  /** Published on the 2025 list and never re-confirmed since: past the 180-day freshness period. */
  stale: 6,
} as const;

/** The enterprise whose account is the README's enterprise demo: it gets one need in every owner-visible state. */
export const MAIN_ENTERPRISE = "pengrui";

export interface NeedRecord {
  orgKey: string;
  title: string;
  description: string;
  industryChainId: ChainId;
  techFieldCode: string;
  budgetMinFen: number | null;
  budgetMaxFen: number | null;
  cooperationModes: CooperationMode[];
  expectedTrl: number;
  deadline: string;
  countyCode: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  status: NeedStatus;
  listYear: number | null;
  reviewNote: string | null;
  /** True when an admin looked at it (published, rejected and later states). */
  reviewed: boolean;
  submittedAt: string | null;
  publishedAt: string | null;
  confirmedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const REJECTION_NOTES = [
  "需求描述过于笼统，请补充现有工艺参数、存在的具体问题和量化技术指标后重新提交。",
  "所述内容属于设备采购，不属于技术需求范畴，建议通过招标采购渠道发布；如涉及工艺开发，请修改后重新提交。",
  "预算区间与所选合作方式不匹配，委托开发项目的预算下限明显低于同类项目水平，请核实后重新提交。",
  "联系人信息不完整，且需求涉及企业核心工艺参数，请确认可公开范围并补充联系方式后重新提交。",
] as const;

const MODE_SENTENCES: Record<CooperationMode, readonly string[]> = {
  transfer: ["如有成熟技术，可采用技术转让方式合作。", "优先考虑已完成工业验证、可直接转让实施的成熟技术。"],
  licence: ["也可接受专利实施许可方式合作。", "对已授权专利技术，可采用独占或普通许可方式合作。"],
  joint_dev: ["希望与高校院所以合作开发方式共同攻关，知识产权按约定共享。", "拟与研发团队联合攻关，共同申报省、市科技计划项目。"],
  commissioned_dev: ["拟以委托开发方式实施，按小试、中试节点验收付款。", "可采用委托开发方式，由合作方完成技术方案和工程设计。"],
  service: ["也可采用技术服务方式，由合作方提供方案设计和现场指导。", "需要合作方提供技术咨询和现场技术服务。"],
  equity: ["对前景好的技术，公司愿意以共建平台或技术入股方式长期合作。", "可探讨以技术作价入股方式成立合资公司实施产业化。"],
};

const CONDITION_SENTENCES = [
  "公司可提供工业侧线试验条件和现场运行数据。",
  "我方可提供试验场地、原料样品和配套公用工程。",
  "合作方应具备相关领域研发基础或同类工程业绩。",
  "希望合作方先行开展技术方案论证，双方确认后签订技术合同。",
  "可接受分阶段付款，按阶段成果验收。",
  "欢迎技术经纪人推荐成熟成果对接。",
  "项目已列入公司年度技术改造计划，资金已落实。",
] as const;

const CONTACT_DEPTS = ["jsb", "kjb", "yfzx", "tech", "jszx"] as const;

function budget(rng: Rng, tier: Tier): [number | null, number | null] {
  // Draw every value whatever the tier, so changing one topic's tier leaves the rest alone.
  const negotiate = rng.chance(0.12);
  const factor = 1.5 + rng.next() * 1.5;
  const lows: Record<Exclude<Tier, "N">, readonly number[]> = {
    S: [5, 10, 15, 20, 30],
    M: [30, 50, 80, 100, 150],
    L: [200, 300, 500, 800, 1000],
  };
  const pickIndex = rng.int(0, 4);
  if (tier === "N" || negotiate) return [null, null];
  const lowWan = lows[tier][pickIndex]!;
  const highWan = Math.max(lowWan + 5, Math.round((lowWan * factor) / 5) * 5);
  return [lowWan * FEN_PER_WAN, highWan * FEN_PER_WAN];
}

function modesFor(rng: Rng, trl: number, given: readonly CooperationMode[] | undefined): CooperationMode[] {
  const pool: CooperationMode[] =
    trl <= 4
      ? ["joint_dev", "commissioned_dev", "equity"]
      : trl <= 6
        ? ["commissioned_dev", "joint_dev", "licence", "transfer"]
        : ["transfer", "licence", "commissioned_dev", "service"];
  const count = rng.int(trl <= 4 ? 2 : 1, 3);
  const chosen = given ? [...given] : rng.sample(pool, count);
  return COOPERATION_MODES.filter((m) => chosen.includes(m));
}

function describe(rng: Rng, pain: string, target: string, modes: readonly CooperationMode[]): string {
  const lead = modes[rng.int(0, modes.length - 1)]!;
  const modeSentence = rng.pick(MODE_SENTENCES[lead]);
  const withCondition = rng.chance(0.6);
  const condition = rng.pick(CONDITION_SENTENCES);
  return pain + target + modeSentence + (withCondition ? condition : "");
}

type Slot = "list2026" | "list2025" | "stale" | "draft" | "submitted" | "rejected" | "matched" | "closed";

/** Decides each topic's fate: the main enterprise first gets a draft, a submitted and a rejected need. */
function assignSlots(rng: Rng, count: number, owners: readonly string[]): Slot[] {
  const order = rng.shuffle([...Array(count).keys()]);
  const slots = new Array<Slot | undefined>(count);
  const take = (slot: Slot, n: number, ownerFilter?: string) => {
    let left = n;
    for (const i of order) {
      if (left === 0) break;
      if (slots[i] !== undefined) continue;
      if (ownerFilter && owners[i] !== ownerFilter) continue;
      slots[i] = slot;
      left--;
    }
  };
  take("draft", 1, MAIN_ENTERPRISE);
  take("submitted", 1, MAIN_ENTERPRISE);
  take("rejected", 1, MAIN_ENTERPRISE);
  take("draft", NEED_PLAN.draft - 1);
  take("submitted", NEED_PLAN.submitted - 1);
  take("rejected", NEED_PLAN.rejected - 1);
  take("matched", NEED_PLAN.matched);
  take("closed", NEED_PLAN.closed);
  take("list2026", NEED_PLAN.list2026);
  take("stale", NEED_PLAN.stale);
  return slots.map((s) => s ?? "list2025");
}

export function buildNeeds(now: Date): NeedRecord[] {
  setStoryClock(now);
  const rng = childRng(SEED, "needs");
  const topics = (Object.entries(NEED_TOPICS) as [ChainId, (typeof NEED_TOPICS)[ChainId]][]).flatMap(([chain, list]) => list.map((t) => ({ chain, t })));
  const slots = assignSlots(
    rng,
    topics.length,
    topics.map((x) => x.t[0]),
  );
  const latest = new Date(now.getTime() - 3_600_000);
  const window2025: [Date, Date] = [utc(2025, 2, 20), notAfter(utc(2025, 12, 20), addDays(now, -2))];
  const window2026: [Date, Date] = [utc(2026, 1, 8), notAfter(utc(2026, 12, 20), addDays(now, -2))];
  // Stale needs must stay older than the 180-day freshness period on whatever day this runs.
  const windowStale: [Date, Date] = [utc(2025, 2, 20), notAfter(utc(2025, 10, 31), addDays(now, -200))];

  let rejectedSeen = 0;

  return topics.map(({ chain, t }, i) => {
    const [orgKey, title, field, trl, tier, pain, target, givenModes] = t;
    const org = orgByKey(orgKey);
    if (org.kind !== "enterprise" || !org.verified || !org.countyCode) {
      throw new Error(`need "${title}" is owned by ${orgKey}, which cannot post needs`);
    }
    // One stream per topic: reordering or adding topics does not change the others.
    const r = childRng(SEED, `need:${title}`);
    const [budgetMinFen, budgetMaxFen] = budget(r, tier);
    const cooperationModes = modesFor(r, trl, givenModes);
    const description = describe(r, pain, target, cooperationModes);
    const contactName = personName(r);
    const contactPhone = officePhone(r);
    const contactEmail = `${r.pick(CONTACT_DEPTS)}@${orgKey}.example`;
    const uPublish = r.next();
    const uSubmitGap = r.int(1, 6);
    const uDraftGap = r.int(0, 12);
    const uConfirm = r.next();
    const uDeadline = r.int(45, 400);
    const uLater = r.int(30, 160);
    const slot = slots[i]!;

    const base = {
      orgKey,
      title,
      description,
      industryChainId: chain,
      techFieldCode: field,
      budgetMinFen,
      budgetMaxFen,
      cooperationModes,
      expectedTrl: trl,
      countyCode: org.countyCode,
      contactName,
      contactPhone,
      contactEmail,
      reviewNote: null as string | null,
      closedAt: null as string | null,
    };

    if (slot === "draft" || slot === "submitted" || slot === "rejected") {
      const deadline = ymd(addDays(now, uDeadline));
      if (slot === "draft") {
        const created = notAfter(officeHours(r, addDays(now, -(2 + uDraftGap))), latest);
        const updated = notAfter(addDays(created, Math.floor(uSubmitGap / 3)), latest);
        return {
          ...base,
          deadline,
          status: "draft",
          listYear: null,
          reviewed: false,
          submittedAt: null,
          publishedAt: null,
          confirmedAt: null,
          createdAt: iso(created),
          updatedAt: iso(updated),
        };
      }
      if (slot === "submitted") {
        const submitted = notAfter(officeHours(r, addDays(now, -uSubmitGap)), latest);
        const created = addDays(submitted, -Math.floor(uDraftGap / 4));
        return {
          ...base,
          deadline,
          status: "submitted",
          listYear: null,
          reviewed: false,
          submittedAt: iso(submitted),
          publishedAt: null,
          confirmedAt: null,
          createdAt: iso(created),
          updatedAt: iso(submitted),
        };
      }
      const submitted = officeHours(r, addDays(now, -(20 + uLater / 4)));
      const reviewedAt = notAfter(addDays(submitted, uSubmitGap), latest);
      const created = addDays(submitted, -uDraftGap);
      const note = REJECTION_NOTES[rejectedSeen++ % REJECTION_NOTES.length]!;
      return {
        ...base,
        deadline,
        status: "rejected",
        listYear: null,
        reviewNote: note,
        reviewed: true,
        submittedAt: iso(submitted),
        publishedAt: null,
        confirmedAt: null,
        createdAt: iso(created),
        updatedAt: iso(reviewedAt),
      };
    }

    const year = storyYear(slot === "list2026" ? 2026 : 2025);
    const window = slot === "list2026" ? window2026 : slot === "stale" ? windowStale : window2025;
    const published = notAfter(officeHours(r, at(uPublish, window[0], window[1])), latest);
    const submitted = addDays(published, -uSubmitGap);
    const created = addDays(submitted, -uDraftGap);
    const common = { ...base, listYear: year, reviewed: true, submittedAt: iso(submitted), publishedAt: iso(published), createdAt: iso(created) };

    if (slot === "matched") {
      const matchedAt = notAfter(addDays(published, uLater), latest);
      return { ...common, deadline: ymd(addDays(now, uDeadline)), status: "matched", confirmedAt: iso(matchedAt), updatedAt: iso(matchedAt) };
    }
    if (slot === "closed") {
      const closedAt = notAfter(addDays(published, 120 + uLater), latest);
      return {
        ...common,
        deadline: ymd(addDays(closedAt, uDeadline / 10)),
        status: "closed",
        confirmedAt: iso(published),
        closedAt: iso(closedAt),
        updatedAt: iso(closedAt),
      };
    }

    // Published and open: owners re-confirmed in the last four months, except the stale few.
    const recentFloor = notBefore(addDays(now, -120), published);
    const confirmed = slot === "stale" ? published : notBefore(notAfter(officeHours(r, at(uConfirm, recentFloor, latest)), latest), recentFloor);
    return { ...common, deadline: ymd(addDays(now, uDeadline)), status: "published", confirmedAt: iso(confirmed), updatedAt: iso(confirmed) };
  });
}
