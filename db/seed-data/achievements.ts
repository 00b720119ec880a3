// Turns the achievement topics into listings: summary, IP numbers, price, transfer modes,
// research team, contact and lifecycle, with about 140 on the 2026 transformation list.

import { TRANSFER_MODES, type AchievementStatus, type IpType, type TransferMode } from "../schema";
import { ACHIEVEMENT_TOPICS, CHAIN_CONTEXT, type IpCode } from "./achievement-topics";
import { ipNumbers, officePhone, personName } from "./identity";
import { SEED, orgByKey, type ChainId } from "./organisations";
import { childRng, type Rng } from "./random";
import { addDays, at, iso, notAfter, notBefore, officeHours, setStoryClock, storyYear, utc } from "./timeline";

const FEN_PER_WAN = 1_000_000;

export const ACHIEVEMENT_PLAN = {
  /** Put on the 2026 transformation project list in two batches. */
  listedFirstBatch: 86,
  listedSecondBatch: 54,
  transferred: 5,
  submitted: 5,
  draft: 2,
  rejected: 2,
} as const;

/** The institute behind the README's institute demo account: it gets one listing in each owner-visible state. */
export const MAIN_INSTITUTE = "tyut-ll";

const IP_TYPE: Record<IpCode, IpType> = {
  inv: "invention_patent",
  uti: "utility_patent",
  des: "design_patent",
  sec: "trade_secret",
  sw: "software_copyright",
  ic: "ic_layout",
  pv: "plant_variety",
  none: "none",
};

export interface AchievementRecord {
  orgKey: string;
  title: string;
  summary: string;
  keywords: string[];
  industryChainId: ChainId;
  techFieldCode: string;
  trl: number;
  ipType: IpType;
  patentNumbers: string[];
  transferModes: TransferMode[];
  priceFen: number | null;
  owners: string;
  countyCode: string | null;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  status: AchievementStatus;
  transformationListYear: number | null;
  transformationListedAt: string | null;
  reviewNote: string | null;
  reviewed: boolean;
  submittedAt: string | null;
  publishedAt: string | null;
  confirmedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const REJECTION_NOTES = [
  "成果简介未说明技术指标和验证情况，且专利号与权利人不一致，请核实知识产权信息后重新提交。",
  "该成果为已发表论文的研究内容，尚未形成可转化的技术方案，请补充成熟度依据和应用场景后再提交。",
] as const;

const STAGE_PROCESS: Record<"lab" | "small" | "pilot" | "demo" | "industrial", readonly string[]> = {
  lab: ["目前处于实验室研究阶段，已完成原理验证。", "已完成实验室原理验证和关键参数研究，寻求企业合作开展小试。"],
  small: ["已完成实验室小试，关键指标达到预期，正在寻求中试合作企业。", "已完成公斤级小试和放大可行性评估，具备开展中试的条件。"],
  pilot: ["已完成中试，连续运行性能稳定，可提供工艺包。", "已在合作企业完成工业侧线试验，累计运行超过1000小时。"],
  demo: ["已在企业现场完成工业示范，运行稳定，可进行工程化推广。", "已完成工业试验并通过第三方检测，具备推广条件。"],
  industrial: ["已实现产业化应用，在多家企业稳定运行。", "已完成工程应用并通过成果评价，可直接转让实施。", "已在省内外推广应用，取得了良好的经济效益。"],
};

const STAGE_SOFTWARE: readonly (readonly string[])[] = [
  ["已完成原型系统开发和实验室测试。"],
  ["已在试点单位部署试运行，功能和性能满足设计要求。"],
  ["已在多家单位部署应用，运行稳定，可提供定制化实施服务。"],
];

const STAGE_DEVICE: readonly (readonly string[])[] = [
  ["已完成原理样机研制和实验室测试。"],
  ["已完成样机研制并在现场试用，性能满足设计要求。"],
  ["已完成现场工业性试验，运行可靠。"],
  ["已批量生产并在多家单位应用，运行可靠。"],
];

const STAGE_SERVICE: readonly (readonly string[])[] = [["已形成成套技术方案，可开展示范应用。"], ["已为多家企业和单位提供技术服务，效果良好。"]];

const STAGE_FIELD = ["已在吕梁多个县区建立示范基地，示范效果良好。", "已在省内主产区示范推广，得到种植养殖户和企业认可。"];

/** How far it has got, worded for what it is: a process, a device, software, a field technique or a service. */
function stageSentence(rng: Rng, trl: number, ip: IpCode, chain: ChainId): string {
  const u = rng.next();
  let pool: readonly string[];
  if (ip === "sw") pool = STAGE_SOFTWARE[trl <= 5 ? 0 : trl <= 7 ? 1 : 2]!;
  else if (chain === "modern-agriculture" && trl >= 7) pool = STAGE_FIELD;
  else if (ip === "none") pool = STAGE_SERVICE[trl <= 6 ? 0 : 1]!;
  else if (ip === "uti" || ip === "des") pool = STAGE_DEVICE[trl <= 5 ? 0 : trl === 6 ? 1 : trl === 7 ? 2 : 3]!;
  else
    pool =
      trl <= 3
        ? STAGE_PROCESS.lab
        : trl <= 5
          ? STAGE_PROCESS.small
          : trl === 6
            ? STAGE_PROCESS.pilot
            : trl === 7
              ? STAGE_PROCESS.demo
              : STAGE_PROCESS.industrial;
  return pool[Math.floor(u * pool.length)]!;
}

function ipSentence(ip: IpCode, numbers: readonly string[]): string {
  const n = numbers.length;
  switch (ip) {
    case "inv":
      return `已获授权发明专利${n}件。`;
    case "uti":
      return `已获授权实用新型专利${n}件。`;
    case "des":
      return `已获授权外观设计专利${n}件。`;
    case "sw":
      return "已取得计算机软件著作权登记。";
    case "pv":
      return "已获植物新品种权。";
    case "ic":
      return "已完成集成电路布图设计登记。";
    case "sec":
      return "核心工艺参数以技术秘密形式保护。";
    default:
      return "";
  }
}

function transferModesFor(rng: Rng, ip: IpCode, trl: number): TransferMode[] {
  const roll = rng.next();
  const count = rng.int(2, 3);
  let chosen: TransferMode[];
  if (ip === "pv") chosen = ["transfer", "licence"];
  else if (ip === "sec") chosen = roll < 0.5 ? ["licence", "joint_dev"] : ["licence", "joint_dev", "equity"];
  else if (ip === "sw") chosen = roll < 0.6 ? ["transfer", "licence"] : ["licence", "other"];
  else if (ip === "none") chosen = roll < 0.5 ? ["joint_dev", "other"] : ["joint_dev"];
  else if (trl <= 4) chosen = roll < 0.5 ? ["joint_dev", "equity"] : ["licence", "joint_dev", "equity"];
  else if (trl <= 6) chosen = rng.sample(["licence", "joint_dev", "equity", "transfer"] as const, count);
  else chosen = rng.sample(["transfer", "licence", "equity", "self_implement"] as const, count);
  return TRANSFER_MODES.filter((m) => chosen.includes(m));
}

function price(rng: Rng, ip: IpCode, trl: number): number | null {
  const negotiate = rng.next() < (ip === "sec" || ip === "none" ? 0.6 : 0.25);
  const u = rng.next();
  const [lo, hi] = ip === "sw" ? [10, 80] : ip === "pv" ? [20, 100] : trl <= 4 ? [20, 150] : trl <= 6 ? [30, 300] : [50, 800];
  if (negotiate) return null;
  const wan = lo + u * (hi - lo);
  const step = wan >= 100 ? 10 : 5;
  return Math.max(step, Math.round(wan / step) * step) * FEN_PER_WAN;
}

const LEADER_TITLES: Record<string, readonly [string, string]> = {
  sxicc: ["研究员", "副研究员"],
  llh2: ["研究员", "高级工程师"],
  llvtc: ["教授", "高级工程师"],
};

/** One research team per institute and chain: the same group stands behind related listings, as in life. */
function team(orgKey: string, chain: ChainId): string {
  const r = childRng(SEED, `team:${orgKey}:${chain}`);
  const [senior, junior] = LEADER_TITLES[orgKey] ?? ["教授", "副教授"];
  const leader = personName(r);
  const title = r.chance(0.75) ? senior : junior;
  const members = new Set<string>();
  const size = r.int(2, 4);
  while (members.size < size) {
    const m = personName(r);
    if (m !== leader) members.add(m);
  }
  return `${leader}${title}团队：${[leader, ...members].join("、")}`;
}

/** Each institute's technology-transfer office answers for all its listings. */
function transferOffice(orgKey: string): { name: string; phone: string; email: string } {
  const r = childRng(SEED, `office:${orgKey}`);
  const areaCode = orgByKey(orgKey).countyCode ? "0358" : "0351";
  return { name: personName(r), phone: officePhone(r, areaCode), email: `cgzh@${orgKey}.example` };
}

type Slot = "batch1" | "batch2" | "published" | "transferred" | "submitted" | "draft" | "rejected";

function assignSlots(rng: Rng, topics: readonly { owner: string; trl: number }[]): Slot[] {
  const order = rng.shuffle([...topics.keys()]);
  const slots = new Array<Slot | undefined>(topics.length);
  const take = (slot: Slot, n: number, accept: (i: number) => boolean = () => true) => {
    let left = n;
    for (const i of order) {
      if (left === 0) break;
      if (slots[i] !== undefined || !accept(i)) continue;
      slots[i] = slot;
      left--;
    }
  };
  const mine = (i: number) => topics[i]!.owner === MAIN_INSTITUTE;
  take("submitted", 1, mine);
  take("draft", 1, mine);
  take("rejected", 1, mine);
  take("submitted", ACHIEVEMENT_PLAN.submitted - 1);
  take("draft", ACHIEVEMENT_PLAN.draft - 1);
  take("rejected", ACHIEVEMENT_PLAN.rejected - 1);
  // Transferred ones had reached at least a pilot: buyers pay for proven technology.
  take("transferred", ACHIEVEMENT_PLAN.transferred, (i) => topics[i]!.trl >= 6);
  // The Bureau lists projects ready for transformation first, so mature ones fill the list.
  take("batch1", ACHIEVEMENT_PLAN.listedFirstBatch, (i) => topics[i]!.trl >= 5);
  take("batch2", ACHIEVEMENT_PLAN.listedSecondBatch, (i) => topics[i]!.trl >= 5);
  take("batch2", ACHIEVEMENT_PLAN.listedFirstBatch + ACHIEVEMENT_PLAN.listedSecondBatch - countOf(slots, "batch1") - countOf(slots, "batch2"));
  return slots.map((s) => s ?? "published");
}

function countOf(slots: readonly (Slot | undefined)[], slot: Slot): number {
  return slots.filter((s) => s === slot).length;
}

export function buildAchievements(now: Date): AchievementRecord[] {
  setStoryClock(now);
  const rng = childRng(SEED, "achievements");
  const topics = (Object.entries(ACHIEVEMENT_TOPICS) as [ChainId, (typeof ACHIEVEMENT_TOPICS)[ChainId]][]).flatMap(([chain, list]) =>
    list.map((t) => ({ chain, t, owner: t[0], trl: t[3] })),
  );
  const slots = assignSlots(rng, topics);
  const latest = new Date(now.getTime() - 3_600_000);
  const firstListing = notAfter(utc(2026, 4, 16), addDays(now, -2));
  const secondListing = notAfter(utc(2026, 9, 18), addDays(now, -1));
  const platformStart = utc(2025, 3, 3);
  let rejectedSeen = 0;

  return topics.map(({ chain, t }, i) => {
    const [orgKey, title, field, trl, ipCode, keywordText, core] = t;
    const org = orgByKey(orgKey);
    if (org.kind !== "institute" || !org.verified) throw new Error(`achievement "${title}" is owned by ${orgKey}, which cannot list achievements`);
    const r = childRng(SEED, `achievement:${title}`);
    const variants = CHAIN_CONTEXT[chain];
    const ctx = variants.find((v) => v.match?.test(title + keywordText)) ?? variants[variants.length - 1]!;
    const patentNumbers = ipNumbers(r, IP_TYPE[ipCode]);
    const summary = [r.pick(ctx.background), core, r.pick(ctx.application), stageSentence(r, trl, ipCode, chain), ipSentence(ipCode, patentNumbers)].join("");
    const transferModes = transferModesFor(r, ipCode, trl);
    const priceFen = price(r, ipCode, trl);
    const office = transferOffice(orgKey);
    const uPublish = r.next();
    const uConfirm = r.next();
    const submitGap = r.int(1, 8);
    const draftGap = r.int(0, 20);
    const laterGap = r.int(90, 300);
    const slot = slots[i]!;

    const base = {
      orgKey,
      title,
      summary,
      keywords: keywordText.split("、"),
      industryChainId: chain,
      techFieldCode: field,
      trl,
      ipType: IP_TYPE[ipCode],
      patentNumbers,
      transferModes,
      priceFen,
      owners: team(orgKey, chain),
      countyCode: org.countyCode,
      contactName: office.name,
      contactPhone: office.phone,
      contactEmail: office.email,
      transformationListYear: null as number | null,
      transformationListedAt: null as string | null,
      reviewNote: null as string | null,
    };

    if (slot === "draft") {
      const created = notAfter(officeHours(r, addDays(now, -(1 + draftGap))), latest);
      return {
        ...base,
        status: "draft",
        reviewed: false,
        submittedAt: null,
        publishedAt: null,
        confirmedAt: null,
        createdAt: iso(created),
        updatedAt: iso(created),
      };
    }
    if (slot === "submitted") {
      const submitted = notAfter(officeHours(r, addDays(now, -submitGap)), latest);
      const created = addDays(submitted, -Math.floor(draftGap / 2));
      return {
        ...base,
        status: "submitted",
        reviewed: false,
        submittedAt: iso(submitted),
        publishedAt: null,
        confirmedAt: null,
        createdAt: iso(created),
        updatedAt: iso(submitted),
      };
    }
    if (slot === "rejected") {
      const submitted = officeHours(r, addDays(now, -(15 + draftGap)));
      const reviewedAt = notAfter(addDays(submitted, Math.ceil(submitGap / 2)), latest);
      const note = REJECTION_NOTES[rejectedSeen++ % REJECTION_NOTES.length]!;
      return {
        ...base,
        status: "rejected",
        reviewNote: note,
        reviewed: true,
        submittedAt: iso(submitted),
        publishedAt: null,
        confirmedAt: null,
        createdAt: iso(addDays(submitted, -draftGap)),
        updatedAt: iso(reviewedAt),
      };
    }

    // A listed achievement was published at least ten days before the batch that listed it.
    const publishEnd =
      slot === "batch1"
        ? addDays(firstListing, -10)
        : slot === "batch2"
          ? addDays(secondListing, -10)
          : slot === "transferred"
            ? notAfter(utc(2025, 10, 31), addDays(now, -120))
            : addDays(now, -2);
    const published = notAfter(officeHours(r, at(uPublish, platformStart, publishEnd)), latest);
    const submitted = addDays(published, -submitGap);
    const created = addDays(submitted, -draftGap);
    const common = { ...base, reviewed: true, submittedAt: iso(submitted), publishedAt: iso(published), createdAt: iso(created) };

    if (slot === "transferred") {
      const transferredAt = notAfter(addDays(published, laterGap), latest);
      return { ...common, status: "transferred", confirmedAt: iso(transferredAt), updatedAt: iso(transferredAt) };
    }
    const listedAt = slot === "batch1" ? firstListing : slot === "batch2" ? secondListing : null;
    const confirmFloor = notBefore(addDays(now, -150), listedAt ?? published);
    const confirmed = notBefore(notAfter(officeHours(r, at(uConfirm, confirmFloor, latest)), latest), confirmFloor);
    return {
      ...common,
      status: "published",
      transformationListYear: listedAt ? storyYear(2026) : null,
      transformationListedAt: listedAt ? iso(listedAt) : null,
      confirmedAt: iso(confirmed),
      updatedAt: iso(confirmed),
    };
  });
}
