// Technology contracts for the demo: two years of registrations between Lüliang's
// enterprises and institutes and a few partners in Taiyuan and Beijing, so that the output,
// absorbed and local series differ; a few amendments, contracts waiting at the registrar and
// one returned. Only a seller's side files (its member, or the deal's broker on its behalf),
// in the seller's locality: the Lüliang desk registers 1411xx sellers; a Taiyuan or Beijing
// seller's contract carries the certificate of its own office, which the registrar confirms.
// Every step leaves the audit event the services would have written.
// Dates are fixed in 2025 and 2026; a step that would lie after the run day has not happened yet.
// Deals the demo's brokers signed on the platform (seedBrokerDeals) get their contract too,
// recorded by the deal's broker; run that seed first so they exist.

import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import { writeTx, type Db, type Tx } from "../connection";
import { creditCodeDivision } from "../credit-code";
import {
  achievements,
  auditEvents,
  brokers,
  contracts,
  matches,
  needs,
  organisations,
  rewardRules,
  users,
  type Contract,
  type ContractType,
  type IpType,
  type Milestone,
  type PaymentMode,
  type User,
} from "../schema";
import { makeCreditCode } from "./identity";
import { creditCodeOf, orgByKey, SEED, type ChainId } from "./organisations";
import { childRng, type Rng } from "./random";
import { seedDeskRecords } from "./desk-records";
import { LULIANG_OFFICE, nonTechItems, officeOf, RegistryNumbers, withNumbers } from "./registry-numbers";
import { addDays, beijingYear, iso, officeHours, setStoryClock, storyDate, storyYear, ymd } from "./timeline";

/** Partners outside Lüliang that are not on the platform: real universities, invented companies. */
const EXTERNAL: Record<string, { name: string; prefix: "91" | "12"; division: string }> = {
  tyut: { name: "太原理工大学", prefix: "12", division: "140109" },
  nuc: { name: "中北大学", prefix: "12", division: "140108" },
  tsinghua: { name: "清华大学", prefix: "12", division: "110108" },
  ustb: { name: "北京科技大学", prefix: "12", division: "110108" },
  "ty-heavy": { name: "太原晋阳重装科技有限公司", prefix: "91", division: "140109" },
  "jz-coking": { name: "山西晋中华泰焦化有限公司", prefix: "91", division: "140702" },
  "ty-recycle": { name: "太原绿能循环科技有限公司", prefix: "91", division: "140105" },
  "ty-h2": { name: "山西晋阳氢能装备有限公司", prefix: "91", division: "140105" },
};

/** Platform organisations whose seat is outside Lüliang: the county table holds Lüliang's only. */
const SEAT: Record<string, string> = { sxicc: "140106" };

type Recorder = "broker" | "broker2" | "cohort" | "seller" | "buyer";
type Fate = "registered" | "submitted" | "returned" | "draft";

interface ContractSeed {
  title: string;
  type: ContractType;
  sub: string;
  seller: string;
  buyer: string;
  /** 合同成交额 in 万元. */
  wan: number;
  /** Share of the value that is technical (技术交易额 / 成交额). */
  tech: number;
  chain: ChainId | null;
  field: string;
  ip: IpType[];
  signed: string;
  by: Recorder;
  pay: PaymentMode;
  /** Days from signing to registration. */
  regDays: number;
  fate?: Exclude<Fate, "registered">;
  /** An amendment after registration: the new value, days after the first registration, and how far it got. */
  amend?: { wan: number; tech: number; days: number; fate?: "submitted" };
  /** An exact registration instant, for the New Year's Eve case. */
  registeredAt?: string;
  /** 成交额 to the fen where it is not a round number of 万元 (contracts priced from a deal). */
  fen?: number;
  /** Buyer and seller are related (是否关联交易). */
  relatedParty?: boolean;
}

const C: ContractSeed[] = [
  /* ------------------------------------------------------------------ registered in 2025 */
  {
    title: "焦炉煤气变压吸附制氢提纯工艺技术开发",
    type: "DEV",
    sub: "commissioned",
    seller: "tyut-ll",
    buyer: "pengrui",
    wan: 380,
    tech: 0.85,
    chain: "hydrogen",
    field: "C07",
    ip: ["invention_patent"],
    signed: "2025-03-12",
    by: "broker",
    pay: "lump_sum_instalments",
    regDays: 26,
    amend: { wan: 420, tech: 0.86, days: 420 },
  },
  {
    title: "高炉渣余热回收与微晶玻璃制备技术转让",
    type: "TRF",
    sub: "patent",
    seller: "tyut-ll",
    buyer: "huasheng-steel",
    wan: 260,
    tech: 0.9,
    chain: "solid-waste",
    field: "C08",
    ip: ["invention_patent"],
    signed: "2025-04-08",
    by: "broker2",
    pay: "lump_sum_instalments",
    regDays: 31,
  },
  {
    title: "煤矸石井下充填开采技术服务",
    type: "SRV",
    sub: "service",
    seller: "tyut",
    buyer: "juyuan-coal",
    wan: 96,
    tech: 0.7,
    chain: "coal-mining",
    field: "C08",
    ip: ["none"],
    signed: "2025-05-20",
    by: "broker2",
    pay: "lump_sum_instalments",
    regDays: 22,
  },
  {
    title: "针状焦原料预处理工艺专利实施许可（普通许可）",
    type: "LIC",
    sub: "patent_ordinary",
    seller: "sxicc",
    buyer: "pengrui",
    wan: 450,
    tech: 0.95,
    chain: "carbon-materials",
    field: "C06",
    ip: ["invention_patent"],
    signed: "2025-06-03",
    by: "broker",
    pay: "royalty_with_fee",
    regDays: 35,
  },
  {
    title: "综采工作面视频智能识别系统合作开发",
    type: "DEV",
    sub: "cooperative",
    seller: "sxu-ll",
    buyer: "zhikuang",
    wan: 180,
    tech: 0.8,
    chain: "ai-plus",
    field: "C01",
    ip: ["software_copyright"],
    signed: "2025-06-18",
    by: "seller",
    pay: "lump_sum_instalments",
    regDays: 28,
    amend: { wan: 210, tech: 0.8, days: 480, fate: "submitted" },
  },
  {
    title: "酿酒丢糟饲料化利用技术开发",
    type: "DEV",
    sub: "commissioned",
    seller: "sxau-ll",
    buyer: "xingyuan-liquor",
    wan: 68,
    tech: 0.8,
    chain: "fenjiu-food",
    field: "C10",
    ip: ["trade_secret"],
    signed: "2025-07-02",
    by: "broker",
    pay: "lump_sum_instalments",
    regDays: 24,
  },
  {
    title: "铝灰渣无害化处理与资源化利用技术秘密转让",
    type: "TRF",
    sub: "trade_secret",
    seller: "tyut-ll",
    buyer: "xinhua-al",
    wan: 320,
    tech: 0.88,
    chain: "al-mg",
    field: "C08",
    ip: ["trade_secret"],
    signed: "2025-07-15",
    by: "broker2",
    pay: "lump_sum_instalments",
    regDays: 30,
  },
  {
    title: "镁合金半固态压铸工艺可行性论证",
    type: "CON",
    sub: "feasibility",
    seller: "ustb",
    buyer: "dongxin-almg",
    wan: 35,
    tech: 1,
    chain: "al-mg",
    field: "C06",
    ip: ["none"],
    signed: "2025-08-06",
    by: "broker2",
    pay: "lump_sum_once",
    regDays: 19,
  },
  {
    title: "红枣多糖提取与功能食品配方开发",
    type: "DEV",
    sub: "commissioned",
    seller: "sxmu-fy",
    buyer: "huanghe-dates",
    wan: 45,
    tech: 0.75,
    chain: "fenjiu-food",
    field: "C05",
    ip: ["none"],
    signed: "2025-08-20",
    by: "seller",
    pay: "lump_sum_instalments",
    regDays: 27,
  },
  {
    title: "马铃薯脱毒种薯快繁技术培训",
    type: "SRV",
    sub: "training",
    seller: "sxau-ll",
    buyer: "jinshu",
    wan: 12.8,
    tech: 1,
    chain: "modern-agriculture",
    field: "C10",
    ip: ["none"],
    signed: "2025-09-03",
    by: "seller",
    pay: "lump_sum_once",
    regDays: 16,
  },
  {
    title: "煤层气井排采智能控制系统技术开发",
    type: "DEV",
    sub: "commissioned",
    seller: "nuc",
    buyer: "jinxi-cbm",
    wan: 156,
    tech: 0.82,
    chain: "new-energy",
    field: "C07",
    ip: ["software_copyright"],
    signed: "2025-09-10",
    by: "broker",
    pay: "lump_sum_instalments",
    regDays: 33,
  },
  {
    title: "赤泥基免烧砖制备技术专利权转让",
    type: "TRF",
    sub: "patent",
    seller: "llu",
    buyer: "hongyuan-materials",
    wan: 85,
    tech: 1,
    chain: "solid-waste",
    field: "C08",
    ip: ["invention_patent"],
    signed: "2025-09-25",
    by: "broker",
    pay: "lump_sum_once",
    regDays: 21,
  },
  {
    title: "特钢连铸坯质量在线检测技术服务",
    type: "SRV",
    sub: "service",
    seller: "tyut-ll",
    buyer: "ty-heavy",
    wan: 120,
    tech: 0.9,
    chain: "special-steel",
    field: "C02",
    ip: ["none"],
    signed: "2025-10-09",
    by: "broker2",
    pay: "lump_sum_instalments",
    regDays: 29,
  },
  {
    title: "氢燃料电池重卡加氢站安全分析评价报告",
    type: "CON",
    sub: "evaluation",
    seller: "llh2",
    buyer: "jinqing",
    wan: 28,
    tech: 1,
    chain: "hydrogen",
    field: "C07",
    ip: ["none"],
    signed: "2025-10-20",
    by: "seller",
    pay: "lump_sum_once",
    regDays: 18,
  },
  {
    title: "聚丙烯腈基碳纤维原丝制备中试合作开发",
    type: "DEV",
    sub: "cooperative",
    seller: "sxicc",
    buyer: "tangu",
    wan: 1200,
    tech: 0.7,
    chain: "carbon-materials",
    field: "C06",
    ip: ["invention_patent"],
    signed: "2025-10-28",
    by: "broker",
    pay: "lump_sum_instalments",
    regDays: 34,
  },
  {
    title: "矿山机械远程运维平台软件著作权许可",
    type: "LIC",
    sub: "other_ip",
    seller: "shuzhiyun",
    buyer: "jinxi-machinery",
    wan: 40,
    tech: 1,
    chain: "digital-economy",
    field: "C01",
    ip: ["software_copyright"],
    signed: "2025-11-05",
    by: "seller",
    pay: "lump_sum_once",
    regDays: 23,
  },
  // Registered at 23:30 on New Year's Eve in Beijing, 15:30 UTC: still 2025's.
  {
    title: "高硫煤洁净焦化配煤专题技术调查",
    type: "CON",
    sub: "survey",
    seller: "tyut-ll",
    buyer: "jz-coking",
    wan: 42,
    tech: 1,
    chain: "coal-chemistry",
    field: "C07",
    ip: ["none"],
    signed: "2025-11-18",
    by: "broker2",
    pay: "lump_sum_once",
    regDays: 43,
    registeredAt: "2025-12-31T15:30:00.000Z",
  },
  /* ------------------------------------------------------------------ signed in 2025, registered in 2026 */
  {
    title: "光伏电站智能清洗机器人技术开发",
    type: "DEV",
    sub: "commissioned",
    seller: "llvtc",
    buyer: "huanghewan",
    wan: 58,
    tech: 0.8,
    chain: "new-energy",
    field: "C07",
    ip: ["utility_patent"],
    signed: "2025-12-02",
    by: "broker",
    pay: "lump_sum_instalments",
    regDays: 37,
  },
  /* ------------------------------------------------------------------ registered in 2026 */
  {
    title: "焦炉煤气制LNG联产氢气工艺技术秘密转让",
    type: "TRF",
    sub: "trade_secret",
    seller: "sxicc",
    buyer: "pengrui",
    wan: 2600,
    tech: 0.8,
    chain: "coal-chemistry",
    field: "C07",
    ip: ["trade_secret"],
    signed: "2026-01-15",
    by: "broker",
    pay: "lump_sum_instalments",
    regDays: 32,
  },
  {
    title: "70MPa车载储氢瓶组合阀国产化合作开发",
    type: "DEV",
    sub: "cooperative",
    seller: "llh2",
    buyer: "jinqing",
    wan: 520,
    tech: 0.85,
    chain: "hydrogen",
    field: "C07",
    ip: ["invention_patent", "utility_patent"],
    signed: "2026-02-10",
    by: "broker",
    pay: "lump_sum_instalments",
    regDays: 29,
    relatedParty: true,
  },
  {
    title: "特种合金钢真空感应熔炼工艺技术服务",
    type: "SRV",
    sub: "service",
    seller: "ustb",
    buyer: "huasheng-steel",
    wan: 210,
    tech: 0.9,
    chain: "special-steel",
    field: "C02",
    ip: ["none"],
    signed: "2026-02-26",
    by: "broker2",
    pay: "lump_sum_instalments",
    regDays: 25,
  },
  {
    title: "电解铝废阴极炭块回收技术专利实施许可（独占许可）",
    type: "LIC",
    sub: "patent_exclusive",
    seller: "tyut-ll",
    buyer: "xinhua-al",
    wan: 680,
    tech: 0.92,
    chain: "al-mg",
    field: "C08",
    ip: ["invention_patent"],
    signed: "2026-03-05",
    by: "broker2",
    pay: "royalty_with_fee",
    regDays: 30,
  },
  {
    title: "煤矿井下5G智能巡检机器人技术开发",
    type: "DEV",
    sub: "commissioned",
    seller: "zhikuang",
    buyer: "juyuan-coal",
    wan: 460,
    tech: 0.75,
    chain: "coal-mining",
    field: "C02",
    ip: ["software_copyright", "utility_patent"],
    signed: "2026-03-19",
    by: "broker",
    pay: "lump_sum_instalments",
    regDays: 27,
  },
  // The second phase of the same robots between the same parties, eight weeks later: together
  // above the 10 million yuan review line, so the desk looked at them as a possible split.
  {
    title: "煤矿井下5G智能巡检机器人技术开发（二期）",
    type: "DEV",
    sub: "commissioned",
    seller: "zhikuang",
    buyer: "juyuan-coal",
    wan: 580,
    tech: 0.7,
    chain: "coal-mining",
    field: "C02",
    ip: ["software_copyright"],
    signed: "2026-05-14",
    by: "broker",
    pay: "lump_sum_instalments",
    regDays: 33,
  },
  {
    title: "杂粮白酒风味物质解析分析评价报告",
    type: "CON",
    sub: "evaluation",
    seller: "llu",
    buyer: "xingyuan-liquor",
    wan: 18.5,
    tech: 1,
    chain: "fenjiu-food",
    field: "C10",
    ip: ["none"],
    signed: "2026-03-30",
    by: "seller",
    pay: "lump_sum_once",
    regDays: 20,
  },
  {
    title: "核桃仁低温脱衣保鲜技术专利权转让",
    type: "TRF",
    sub: "patent",
    seller: "sxau-ll",
    buyer: "fenzhou-food",
    wan: 75,
    tech: 0.95,
    chain: "fenjiu-food",
    field: "C10",
    ip: ["invention_patent"],
    signed: "2026-05-06",
    by: "cohort",
    pay: "lump_sum_once",
    regDays: 24,
  },
  {
    title: "肉牛全混合日粮精准饲喂系统技术开发",
    type: "DEV",
    sub: "commissioned",
    seller: "sxau-ll",
    buyer: "woye",
    wan: 92,
    tech: 0.7,
    chain: "modern-agriculture",
    field: "C10",
    ip: ["software_copyright"],
    signed: "2026-05-14",
    by: "cohort",
    pay: "lump_sum_instalments",
    regDays: 28,
  },
  {
    title: "黄芪有效成分提取纯化工艺技术开发",
    type: "DEV",
    sub: "commissioned",
    seller: "sxmu-fy",
    buyer: "fenkang",
    wan: 310,
    tech: 0.85,
    chain: "biomedicine",
    field: "C05",
    ip: ["invention_patent"],
    signed: "2026-05-22",
    by: "cohort",
    pay: "lump_sum_instalments",
    regDays: 31,
    amend: { wan: 345, tech: 0.85, days: 120 },
  },
  {
    title: "钢渣微粉制备与混凝土应用技术服务",
    type: "SRV",
    sub: "service",
    seller: "tyut-ll",
    buyer: "changsheng-steel",
    wan: 66,
    tech: 0.8,
    chain: "solid-waste",
    field: "C08",
    ip: ["none"],
    signed: "2026-05-28",
    by: "cohort",
    pay: "lump_sum_instalments",
    regDays: 22,
  },
  {
    title: "氢能重卡运营监测数据平台技术开发",
    type: "DEV",
    sub: "commissioned",
    seller: "shuzhiyun",
    buyer: "jinqing",
    wan: 145,
    tech: 0.9,
    chain: "digital-economy",
    field: "C01",
    ip: ["software_copyright"],
    signed: "2026-06-02",
    by: "cohort",
    pay: "lump_sum_instalments",
    regDays: 26,
  },
  {
    title: "煤基人造石墨负极材料中试放大合作开发",
    type: "DEV",
    sub: "cooperative",
    seller: "sxicc",
    buyer: "tangu",
    wan: 1850,
    tech: 0.65,
    chain: "carbon-materials",
    field: "C06",
    ip: ["invention_patent"],
    signed: "2026-06-16",
    by: "broker",
    pay: "lump_sum_instalments",
    regDays: 35,
  },
  {
    title: "高铝粉煤灰提取氧化铝技术可行性论证",
    type: "CON",
    sub: "feasibility",
    seller: "tsinghua",
    buyer: "xinhua-al",
    wan: 60,
    tech: 1,
    chain: "al-mg",
    field: "C08",
    ip: ["none"],
    signed: "2026-06-25",
    by: "broker2",
    pay: "lump_sum_once",
    regDays: 21,
  },
  {
    title: "碛口古镇数字孪生导览系统技术开发",
    type: "DEV",
    sub: "commissioned",
    seller: "llvtc",
    buyer: "qikou-tourism",
    wan: 48,
    tech: 0.9,
    chain: "culture-tourism",
    field: "C11",
    ip: ["software_copyright"],
    signed: "2026-07-08",
    by: "cohort",
    pay: "lump_sum_instalments",
    regDays: 23,
  },
  {
    title: "焦化废水深度处理与回用技术服务",
    type: "SRV",
    sub: "service",
    seller: "sxu-ll",
    buyer: "pengrui",
    wan: 135,
    tech: 0.75,
    chain: "solid-waste",
    field: "C08",
    ip: ["none"],
    signed: "2026-07-21",
    by: "broker",
    pay: "lump_sum_instalments",
    regDays: 26,
  },
  {
    title: "镁合金轮毂低压铸造技术专利实施许可（排他许可）",
    type: "LIC",
    sub: "patent_sole",
    seller: "tyut-ll",
    buyer: "dongxin-almg",
    wan: 240,
    tech: 0.95,
    chain: "al-mg",
    field: "C06",
    ip: ["invention_patent"],
    signed: "2026-08-04",
    by: "broker2",
    pay: "royalty",
    regDays: 28,
  },
  {
    title: "晶硅光伏组件回收再利用专利申请权转让",
    type: "TRF",
    sub: "patent_application",
    seller: "llu",
    buyer: "ty-recycle",
    wan: 88,
    tech: 0.9,
    chain: "new-energy",
    field: "C08",
    ip: ["invention_patent"],
    signed: "2026-08-18",
    by: "cohort",
    pay: "lump_sum_once",
    regDays: 25,
  },
  {
    title: "瓦斯抽采钻孔智能封孔技术开发",
    type: "DEV",
    sub: "commissioned",
    seller: "tyut",
    buyer: "jinxi-cbm",
    wan: 170,
    tech: 0.8,
    chain: "coal-mining",
    field: "C08",
    ip: ["utility_patent"],
    signed: "2026-08-26",
    by: "cohort",
    pay: "lump_sum_instalments",
    regDays: 70,
    // Registered in Taiyuan; its certificate is on the platform, the registrar has yet to confirm it.
    fate: "submitted",
  },
  {
    title: "焦炉煤气制氢项目技术中介服务",
    type: "SRV",
    sub: "intermediary",
    seller: "jinchuang",
    buyer: "pengrui",
    wan: 15,
    tech: 1,
    chain: "hydrogen",
    field: "C07",
    ip: ["none"],
    signed: "2026-09-01",
    by: "broker",
    pay: "lump_sum_once",
    regDays: 20,
  },
  {
    title: "特钢棒材表面缺陷AI视觉检测系统开发",
    type: "DEV",
    sub: "commissioned",
    seller: "sxu-ll",
    buyer: "huasheng-steel",
    wan: 210,
    tech: 0.85,
    chain: "ai-plus",
    field: "C01",
    ip: ["software_copyright"],
    signed: "2026-09-09",
    by: "cohort",
    pay: "lump_sum_instalments",
    regDays: 22,
  },
  {
    title: "输氢管道材料氢相容性分析评价报告",
    type: "CON",
    sub: "evaluation",
    seller: "llh2",
    buyer: "ty-h2",
    wan: 36,
    tech: 1,
    chain: "hydrogen",
    field: "C07",
    ip: ["none"],
    signed: "2026-09-17",
    by: "seller",
    pay: "lump_sum_once",
    regDays: 19,
  },
  {
    title: "马铃薯淀粉加工废水资源化技术秘密转让",
    type: "TRF",
    sub: "trade_secret",
    seller: "sxu-ll",
    buyer: "jinshu",
    wan: 58,
    tech: 0.9,
    chain: "modern-agriculture",
    field: "C08",
    ip: ["trade_secret"],
    signed: "2026-09-24",
    by: "cohort",
    pay: "lump_sum_instalments",
    regDays: 21,
  },
  {
    title: "酒醅智能翻晾设备合作开发",
    type: "DEV",
    sub: "cooperative",
    seller: "llvtc",
    buyer: "xingyuan-liquor",
    wan: 120,
    tech: 0.7,
    chain: "fenjiu-food",
    field: "C02",
    ip: ["utility_patent"],
    signed: "2026-10-09",
    by: "cohort",
    pay: "lump_sum_instalments",
    regDays: 18,
  },
  {
    title: "煤焦油加氢制特种燃料专利实施许可（普通许可）",
    type: "LIC",
    sub: "patent_ordinary",
    seller: "sxicc",
    buyer: "pengrui",
    wan: 980,
    tech: 0.9,
    chain: "coal-chemistry",
    field: "C07",
    ip: ["invention_patent"],
    signed: "2026-10-13",
    by: "broker",
    pay: "royalty_with_fee",
    regDays: 22,
  },
  /* ------------------------------------------------------------------ still with the registrar, returned, or a draft */
  {
    title: "赤泥提铁尾渣制备陶粒技术开发",
    type: "DEV",
    sub: "commissioned",
    seller: "llu",
    buyer: "hongyuan-materials",
    wan: 76,
    tech: 0.42,
    chain: "solid-waste",
    field: "C08",
    ip: ["none"],
    signed: "2026-10-28",
    by: "cohort",
    pay: "lump_sum_instalments",
    regDays: 30,
    fate: "submitted",
  },
  {
    title: "铝镁合金牺牲阳极制备技术专利权转让",
    type: "TRF",
    sub: "patent",
    seller: "tyut-ll",
    buyer: "xinrui-mg",
    wan: 45,
    tech: 1,
    chain: "al-mg",
    field: "C06",
    ip: ["invention_patent"],
    signed: "2026-11-02",
    by: "broker2",
    pay: "lump_sum_once",
    regDays: 30,
    fate: "submitted",
  },
  {
    title: "智慧牧场环境监测系统技术服务",
    type: "SRV",
    sub: "service",
    seller: "shuzhiyun",
    buyer: "woye",
    wan: 22,
    tech: 0.85,
    chain: "modern-agriculture",
    field: "C10",
    ip: ["none"],
    signed: "2026-11-04",
    by: "seller",
    pay: "lump_sum_once",
    regDays: 30,
    fate: "submitted",
  },
  {
    title: "氢能叉车园区示范应用技术预测",
    type: "CON",
    sub: "forecast",
    seller: "llh2",
    buyer: "jinqing",
    wan: 16,
    tech: 1,
    chain: "hydrogen",
    field: "C07",
    ip: ["none"],
    signed: "2026-11-06",
    by: "seller",
    pay: "lump_sum_once",
    regDays: 30,
    fate: "submitted",
  },
  {
    title: "选煤厂智能加药系统技术开发",
    type: "DEV",
    sub: "commissioned",
    seller: "zhikuang",
    buyer: "juyuan-coal",
    wan: 88,
    tech: 0.8,
    chain: "coal-mining",
    field: "C02",
    ip: ["software_copyright"],
    signed: "2026-10-20",
    by: "cohort",
    pay: "lump_sum_instalments",
    regDays: 30,
    fate: "returned",
  },
  {
    title: "功能性红枣饮品配方技术秘密转让",
    type: "TRF",
    sub: "trade_secret",
    seller: "sxmu-fy",
    buyer: "huanghe-dates",
    wan: 30,
    tech: 1,
    chain: "fenjiu-food",
    field: "C10",
    ip: ["trade_secret"],
    signed: "2026-11-12",
    by: "seller",
    pay: "lump_sum_once",
    regDays: 30,
    fate: "draft",
  },
];

export const CONTRACT_SEEDS: readonly ContractSeed[] = C;

const RETURN_REASON = "合同附件缺少双方盖章页，技术交易额未扣除设备采购费，请补正后重新提交。";
const DAY = 86_400_000;

interface Party {
  name: string;
  code: string;
  division: string;
  orgId: number | null;
}

export interface SeedContractsOptions {
  /** The run day: steps dated after it have not happened yet. Defaults to now. */
  now?: Date;
}

export interface SeedContractsResult {
  families: number;
  registered: number;
  amendments: number;
  byStatus: Record<string, number>;
  /** Registered, current 成交额 by registration year, fen. */
  registeredFenByYear: Record<string, number>;
  deals: number;
}

const toFen = (wan: number) => Math.round(wan * 100) * 10_000;

function insertContracts(tx: Tx, now: Date): SeedContractsResult {
  const admin = tx.select().from(users).where(eq(users.role, "admin")).orderBy(asc(users.id)).get();
  if (!admin) throw new Error("seedContracts needs an admin to register contracts: seed the accounts first");
  const orgOf = (key: string) => {
    const code = creditCodeOf(orgByKey(key));
    const org = tx.select().from(organisations).where(eq(organisations.creditCode, code)).get();
    if (!org) throw new Error(`seedContracts needs the demo organisation ${key}`);
    return org;
  };
  const external = new Map<string, Party>();
  const party = (key: string): Party => {
    const ext = EXTERNAL[key];
    if (ext) {
      if (!external.has(key))
        external.set(key, {
          name: ext.name,
          code: makeCreditCode(childRng(SEED, `external:${key}`), ext.prefix, ext.division.slice(0, 4) + "00"),
          division: ext.division,
          orgId: null,
        });
      return external.get(key)!;
    }
    const org = orgOf(key);
    return { name: org.name, code: org.creditCode, division: SEAT[key] ?? org.countyCode ?? "141100", orgId: org.id };
  };
  const seatOf = new Map(Object.entries(SEAT).map(([key, division]) => [creditCodeOf(orgByKey(key)), division]));
  const orgParty = (orgId: number): Party => {
    const org = tx.select().from(organisations).where(eq(organisations.id, orgId)).get()!;
    return {
      name: org.name,
      code: org.creditCode,
      division: seatOf.get(org.creditCode) ?? org.countyCode ?? creditCodeDivision(org.creditCode),
      orgId: org.id,
    };
  };
  const userByEmail = (email: string) => tx.select().from(users).where(eq(users.email, email)).get();
  const memberOf = (orgId: number | null): User | undefined =>
    orgId === null ? undefined : tx.select().from(users).where(eq(users.orgId, orgId)).orderBy(asc(users.id)).get();
  const fallbackBroker = tx
    .select({ u: users })
    .from(brokers)
    .innerJoin(users, eq(users.id, brokers.userId))
    .where(eq(brokers.status, "certified"))
    .orderBy(asc(brokers.id))
    .get()?.u;
  const cohort = tx
    .select({ u: users, b: brokers })
    .from(brokers)
    .innerJoin(users, eq(users.id, brokers.userId))
    .where(and(eq(brokers.cohort, "2026-1"), eq(brokers.status, "certified")))
    .orderBy(asc(brokers.id))
    .all()
    .filter((r) => r.b.validUntil >= ymd(now))
    .map((r) => r.u);
  let cohortTurn = 0;
  const recorderFor = (s: ContractSeed, seller: Party, buyer: Party): User => {
    const pick =
      s.by === "broker"
        ? userByEmail("broker@lvliang.example")
        : s.by === "broker2"
          ? userByEmail("broker2@lvliang.example")
          : s.by === "cohort"
            ? cohort[cohortTurn++ % Math.max(1, cohort.length)]
            : memberOf(s.by === "seller" ? seller.orgId : buyer.orgId);
    const user = pick ?? fallbackBroker;
    if (!user) throw new Error(`seedContracts found nobody to record “${s.title}”: seed the accounts and brokers first`);
    return user;
  };

  // Audit events wait until the registration numbers are known (see RegistryNumbers).
  const audits: (typeof auditEvents.$inferInsert)[] = [];
  const audit = (actor: User, action: string, id: number, at: Date, before: unknown, after: unknown) =>
    audits.push({
      actorUserId: actor.id,
      actorRole: actor.role,
      actorOrgId: actor.orgId,
      action,
      entity: "contract",
      entityId: String(id),
      before,
      after,
      createdAt: iso(at),
    });

  // Registration numbers: year, the office's division code, and a serial per year in order of registration.
  const numbers = new RegistryNumbers();
  const taken = new Set(
    tx
      .select({ no: contracts.registrationNo })
      .from(contracts)
      .where(isNotNull(contracts.registrationNo))
      .all()
      .map((r) => r.no!),
  );

  const byStatus: Record<string, number> = {};
  const registeredFenByYear: Record<string, number> = {};
  let registered = 0;
  let amendments = 0;
  let deals = 0;
  const latest = new Date(now.getTime() - 3_600_000);

  /** Writes one contract's history up to the run day: draft, submission, return, registration here or elsewhere, amendment. */
  const record = (s: ContractSeed, rngLabel: string, seller: Party, buyer: Party, recorder: User, matchId: number | null) => {
    const r = childRng(SEED, rngLabel);
    const signedAt = new Date(`${s.signed}T02:00:00Z`);
    const created = officeHours(r, addDays(signedAt, r.int(2, 8)));
    if (created > latest) return; // not yet signed on this run day
    const isBroker = recorder.role === "broker";
    const contractFen = s.fen ?? toFen(s.wan);
    const milestones = (fen: number): Milestone[] => {
      if (s.pay !== "lump_sum_instalments") return [];
      const first = Math.round((fen * 0.3) / 100) * 100;
      const second = Math.round((fen * 0.4) / 100) * 100;
      return [
        { title: "合同签订后预付", dueOn: ymd(addDays(signedAt, 15)), amountFen: first },
        { title: "中期成果验收", dueOn: ymd(addDays(signedAt, 180)), amountFen: second },
        { title: "项目验收后尾款", dueOn: ymd(addDays(signedAt, 360)), amountFen: fen - first - second },
      ];
    };
    const base = {
      matchId,
      brokerUserId: isBroker ? recorder.id : null,
      title: s.title,
      type: s.type,
      subType: s.sub,
      buyerName: buyer.name,
      buyerCreditCode: buyer.code,
      buyerDivision: buyer.division,
      buyerOrgId: buyer.orgId,
      sellerName: seller.name,
      sellerCreditCode: seller.code,
      sellerDivision: seller.division,
      sellerOrgId: seller.orgId,
      contractValueFen: contractFen,
      ...nonTechItems(s.type, contractFen, s.tech),
      signedOn: s.signed,
      termStart: s.signed,
      termEnd: ymd(addDays(signedAt, 365 * r.int(1, 3))),
      paymentMode: s.pay,
      milestones: milestones(contractFen),
      relatedParty: s.relatedParty ?? false,
      contractFieldCode: s.field,
      industryChainId: s.chain,
      ipTypes: s.ip,
      // The brokerage agreement: a rate on larger deals, a fixed fee on small ones.
      commissionRateBp: isBroker && contractFen >= toFen(100) ? r.pick([200, 300, 350, 500]) : null,
      commissionFixedFen: isBroker && contractFen < toFen(100) ? toFen(r.pick([0.8, 1, 1.5, 2])) : null,
      createdBy: recorder.id,
      // Only the seller side files: a member of the seller, or the deal's broker on its behalf.
      filedBy: recorder.id,
      filedOnBehalf: isBroker,
    };
    const submitted = officeHours(r, addDays(created, r.int(1, 4)));
    const registeredAt = s.registeredAt ? new Date(s.registeredAt) : officeHours(r, addDays(signedAt, s.regDays));
    const confirmGap = r.int(2, 6);
    const office = officeOf(seller.division);
    let fate: Fate = s.fate ?? "registered";
    if (fate !== "draft" && submitted > latest) fate = "draft";
    if (fate === "registered" && registeredAt > latest) fate = "submitted";
    const returnedAt = officeHours(r, addDays(submitted, 3));
    if (fate === "returned" && returnedAt > latest) fate = "submitted";

    const insert = (values: typeof base & Partial<Contract>) => tx.insert(contracts).values(values).returning().get();
    const first = insert({ ...base, status: "draft", createdAt: iso(created), updatedAt: iso(created) });
    const drafted = tx.update(contracts).set({ familyId: first.id }).where(eq(contracts.id, first.id)).returning().get();
    audit(recorder, "create", first.id, created, null, drafted);
    if (matchId !== null) deals++;
    let current = drafted;
    const step = (action: string, actor: User, at: Date, change: Partial<Contract>) => {
      const after = tx
        .update(contracts)
        .set({ ...change, updatedAt: iso(at) })
        .where(eq(contracts.id, current.id))
        .returning()
        .get();
      audit(actor, action, current.id, at, current, after);
      current = after;
    };

    if (office !== LULIANG_OFFICE) {
      // A seller outside Lüliang registers in its own locality; the platform keeps its
      // certificate's details and the registrar confirms them before the contract counts.
      const registeredOn = ymd(registeredAt);
      const entered = officeHours(r, addDays(registeredAt, 1 + (confirmGap % 3)));
      const confirmedAt = officeHours(r, addDays(entered, confirmGap));
      const state =
        fate === "draft" || fate === "returned" || entered > latest ? "draft" : fate === "submitted" || confirmedAt > latest ? "pending" : "confirmed";
      byStatus[state === "draft" ? "draft" : "elsewhere"] = (byStatus[state === "draft" ? "draft" : "elsewhere"] ?? 0) + 1;
      if (state === "draft") return;
      const year = Number(registeredOn.slice(0, 4));
      const no = numbers.reserve(office, year, registeredOn);
      step("record_elsewhere", recorder, entered, {
        status: "elsewhere",
        elsewhereOffice: office.name,
        elsewhereNo: no,
        elsewhereRegisteredOn: registeredOn,
      });
      if (state === "confirmed")
        step("confirm_elsewhere", admin, confirmedAt, {
          elsewhereConfirmedAt: iso(confirmedAt),
          elsewhereConfirmedBy: admin.id,
          registrationNo: no,
          registrationYear: year,
        });
      return;
    }

    if (fate !== "draft") step("submit", recorder, submitted, { status: "submitted", submittedAt: iso(submitted) });
    if (fate === "returned") step("return", admin, returnedAt, { status: "returned", returnReason: RETURN_REASON });
    byStatus[fate] = (byStatus[fate] ?? 0) + 1;
    if (fate !== "registered") return;

    const year = beijingYear(registeredAt);
    step("register", admin, registeredAt, {
      status: "registered",
      registrationNo: numbers.reserve(office, year, iso(registeredAt)),
      registeredAt: iso(registeredAt),
      registeredBy: admin.id,
      registrationYear: year,
    });
    registered++;
    let counted = current;

    if (s.amend) {
      const openedAt = officeHours(r, addDays(registeredAt, s.amend.days));
      if (openedAt <= latest) {
        const fen = toFen(s.amend.wan);
        const original = current;
        const amendment = insert({
          ...base,
          familyId: original.id,
          amendsId: original.id,
          amendmentNo: 1,
          contractValueFen: fen,
          ...nonTechItems(s.type, fen, s.amend.tech),
          milestones: milestones(fen),
          status: "draft",
          createdAt: iso(openedAt),
          updatedAt: iso(openedAt),
        });
        audit(recorder, "amend", amendment.id, openedAt, null, amendment);
        amendments++;
        current = amendment;
        const amendSubmitted = officeHours(r, addDays(openedAt, 2));
        if (amendSubmitted <= latest) step("submit", recorder, amendSubmitted, { status: "submitted", submittedAt: iso(amendSubmitted) });
        const amendRegistered = officeHours(r, addDays(openedAt, 20));
        if (!s.amend.fate && amendRegistered <= latest && current.status === "submitted") {
          step("register", admin, amendRegistered, {
            status: "registered",
            registrationNo: numbers.reserve(office, beijingYear(amendRegistered), iso(amendRegistered)),
            registeredAt: iso(amendRegistered),
            registeredBy: admin.id,
            registrationYear: year,
          });
          const superseded = tx
            .update(contracts)
            .set({ supersededAt: iso(amendRegistered), updatedAt: iso(amendRegistered) })
            .where(eq(contracts.id, original.id))
            .returning()
            .get();
          audit(admin, "supersede", original.id, amendRegistered, original, superseded);
          counted = current;
        }
      }
    }
    registeredFenByYear[year] = (registeredFenByYear[year] ?? 0) + counted.contractValueFen;
  };

  C.map((s) => ({ ...s, signed: storyDate(s.signed), registeredAt: s.registeredAt && storyDate(s.registeredAt) })).forEach((s, index) => {
    const seller = party(s.seller);
    const buyer = party(s.buyer);
    record(s, `contract:${index}`, seller, buyer, recorderFor(s, seller, buyer), null);
  });

  // Deals signed on the platform: the broker records the contract between the need's
  // organisation (buyer) and the achievement's (seller) a few days after the signing.
  const signedDeals = tx
    .select({ m: matches, need: needs, achievement: achievements, broker: users })
    .from(matches)
    .innerJoin(needs, eq(needs.id, matches.needId))
    .innerJoin(achievements, eq(achievements.id, matches.achievementId))
    .innerJoin(users, eq(users.id, matches.brokerUserId))
    .where(and(eq(matches.stage, "signed"), eq(users.role, "broker")))
    .orderBy(asc(matches.id))
    .all()
    .filter((d) => !tx.select({ id: contracts.id }).from(contracts).where(eq(contracts.matchId, d.m.id)).get());
  signedDeals.forEach((d, k) => {
    const r = childRng(SEED, `deal-contract:${d.m.id}`);
    const signedAt = new Date(Date.parse(d.m.stageChangedAt ?? d.m.updatedAt) + r.int(0, 3) * DAY);
    const [type, sub] = dealTerms(d.need.cooperationModes, d.achievement.ipType);
    const regDays = r.int(20, 35);
    const fen = negotiatedValue(r, d.need.budgetMinFen, d.need.budgetMaxFen, d.achievement.priceFen);
    const plan: ContractSeed = {
      title: `${d.achievement.title.replace(/技术$/, "")}${TYPE_SUFFIX[type]}`,
      type,
      sub,
      seller: "",
      buyer: "",
      wan: fen / 1_000_000,
      fen,
      tech: type === "DEV" ? 0.8 : type === "SRV" ? 0.85 : 0.95,
      chain: d.need.industryChainId as ChainId,
      field: CONTRACT_FIELD_OF[d.need.techFieldCode.slice(0, 1)] ?? "C02",
      ip: [d.achievement.ipType],
      signed: beijingDate(signedAt),
      by: "broker",
      pay: type === "DEV" ? "lump_sum_instalments" : "lump_sum_once",
      regDays,
      fate: k % 4 === 3 ? "submitted" : undefined,
    };
    record(plan, `deal-contract:${d.m.id}`, orgParty(d.achievement.orgId), orgParty(d.need.orgId), d.broker, d.m.id);
  });

  // Every registration is placed in time: number them, then write the audit trail with the numbers.
  const given = numbers.assign(taken);
  for (const [placeholder, no] of given) {
    tx.run(sql`UPDATE contracts SET registration_no = CASE WHEN registration_no = ${placeholder} THEN ${no} ELSE registration_no END,
      elsewhere_no = CASE WHEN elsewhere_no = ${placeholder} THEN ${no} ELSE elsewhere_no END
      WHERE registration_no = ${placeholder} OR elsewhere_no = ${placeholder}`);
  }
  for (const a of audits.sort((x, y) => x.createdAt!.localeCompare(y.createdAt!))) {
    tx.insert(auditEvents)
      .values({ ...a, before: withNumbers(a.before, given), after: withNumbers(a.after, given) })
      .run();
  }

  seedMilestones(tx);
  seedDeskRecords(tx, admin, now);
  return { families: Object.values(byStatus).reduce((a, b) => a + b, 0), registered, amendments, byStatus, registeredFenByYear, deals };
}

/**
 * Each registered family's payment milestones, from its version in force, as registration
 * makes them (one row per position of the plan); the same statement as migration 0006's.
 */
function seedMilestones(tx: Tx): void {
  tx.run(sql`
    INSERT INTO payment_milestones (family_id, contract_id, seq, title, due_on, amount_fen)
    SELECT coalesce(c.family_id, c.id), c.id, m.key + 1, json_extract(m.value, '$.title'), json_extract(m.value, '$.dueOn'), json_extract(m.value, '$.amountFen')
    FROM contracts c, json_each(c.milestones) m
    WHERE c.status = 'registered' AND c.superseded_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM payment_milestones p WHERE p.family_id = coalesce(c.family_id, c.id))
    ORDER BY c.id, m.key`);
}

const TYPE_SUFFIX: Record<ContractType, string> = { DEV: "技术开发", TRF: "技术转让", LIC: "实施许可", CON: "技术咨询", SRV: "技术服务" };

/** 技术合同 技术领域 from the high-tech field's first level (国科发火〔2016〕32号 → 登记 vocabulary). */
const CONTRACT_FIELD_OF: Record<string, string> = { "1": "C01", "2": "C05", "3": "C03", "4": "C06", "5": "C01", "6": "C07", "7": "C08", "8": "C02" };

/** The contract a deal leads to follows the cooperation the need asked for first; 作价入股 registers as 技术转让. */
function dealTerms(modes: readonly string[], ip: IpType): [ContractType, string] {
  const patent = ip === "invention_patent" || ip === "utility_patent" || ip === "design_patent";
  switch (modes[0]) {
    case "joint_dev":
      return ["DEV", "cooperative"];
    case "transfer":
    case "equity":
      return ["TRF", patent ? "patent" : ip === "trade_secret" ? "trade_secret" : "other"];
    case "licence":
      return ["LIC", patent ? "patent_ordinary" : ip === "trade_secret" ? "trade_secret" : "other_ip"];
    case "service":
      return ["SRV", "service"];
    default:
      return ["DEV", "commissioned"];
  }
}

/**
 * What the parties agreed on, around the need's budget: mostly inside its range, sometimes a
 * little above or below; around the achievement's asking price when the need names no budget.
 * Whole yuan, usually rounded to hundreds as contracts are. Always three draws.
 */
function negotiatedValue(r: Rng, lowFen: number | null, highFen: number | null, priceFen: number | null): number {
  const where = r.next();
  const within = r.next();
  const rounding = r.next();
  let fen: number;
  if (lowFen !== null && highFen !== null) {
    if (where < 0.72) fen = lowFen + within * (highFen - lowFen);
    else if (where < 0.86) fen = highFen * (1.02 + within * 0.1);
    else fen = lowFen * (0.9 + within * 0.08);
  } else {
    fen = (priceFen ?? highFen ?? lowFen ?? 800_000_00) * (0.85 + within * 0.3);
  }
  const unit = rounding < 0.2 ? 100 : fen >= 100_000_000 ? 100_000 : 10_000;
  return Math.max(10_000_00, Math.round(fen / unit) * unit);
}

const beijingDate = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * Seeds the demo's technology contracts. Needs the demo organisations and accounts, and
 * brokers (the demo's and, for the later contracts, the 2026-1 cohort from seedBrokers);
 * deals already signed (seedBrokerDeals) get their contract. Runs inside the caller's
 * transaction when given one.
 */
export function seedContracts(db: Db | Tx, options: SeedContractsOptions = {}): SeedContractsResult {
  const now = options.now ?? new Date();
  setStoryClock(now);
  if ("$client" in db) return writeTx(db as Db, (tx) => insertContracts(tx, now));
  return insertContracts(db, now);
}

/** 兰州-style broker reward: 5% of the 技术交易额, at most 200,000 yuan a broker a year, the need on the platform first. */
export const DEMO_REWARD_RULE = {
  name: "技术经纪人促成技术合同奖励",
  year: 2026,
  rateBp: 500,
  base: "tech_value" as const,
  capPerBrokerYearFen: 20_000_000,
  requireNeedBeforeSigning: true,
  source: "参照兰州市2025年技术经纪人奖励政策：按技术交易额5%奖励，每人每年不超过20万元（示例政策数据，可由科技局修改）",
  active: true,
};

/** Seeds the reward rule above once (policy data the Bureau then edits). */
export function seedRewardRules(db: Db | Tx, now: Date = new Date()): number {
  setStoryClock(now);
  const run = (tx: Tx) => {
    const existing = tx
      .select()
      .from(rewardRules)
      .where(and(eq(rewardRules.name, DEMO_REWARD_RULE.name), eq(rewardRules.year, storyYear(DEMO_REWARD_RULE.year))))
      .get();
    if (existing) return existing.id;
    const row = tx
      .insert(rewardRules)
      .values({ ...DEMO_REWARD_RULE, year: storyYear(DEMO_REWARD_RULE.year) })
      .returning()
      .get();
    tx.insert(auditEvents)
      .values({ action: "seed", entity: "reward_rule", entityId: String(row.id), after: row })
      .run();
    return row.id;
  };
  if ("$client" in db) return writeTx(db as Db, run);
  return run(db);
}
