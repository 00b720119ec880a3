// 揭榜挂帅 / 赛马制: the demo's open challenges, one or more at every stage of their lifecycle,
// written as the city's real lists are (smart mines, hydrogen, red mud and solid waste, coal
// chemicals, health). Dated from the run day: an open challenge's window is running whenever
// the demo is seeded. Applications, panel scores, milestones and the rewards paid through the
// ledger are written as the services would leave them.

import type { Db, Tx } from "../connection";
import { writeTx } from "../connection";
import {
  auditEvents,
  challengeApplications,
  challengeMilestones,
  challengePanel,
  challengeScores,
  challenges,
  ledgerEntries,
  type ChallengeStatus,
  type NewChallenge,
} from "../schema";
import type { ChallengeCriterion } from "../../app/codes";
import { enqueueSearchSync } from "../../search/outbox";
import { orgByKey } from "./organisations";
import { DAY_MS } from "./timeline";

type Stage = "draft" | "submitted" | "returned" | "upcoming" | "open" | "closed" | "shortlisted" | "awarded" | "paid" | "cancelled";

interface Applicant {
  org: string;
  proposal: string;
  team: string;
  budgetWan: number;
  /** Each scorer's scores, criterion by criterion (poster, then panel). */
  scores?: [number[], number[]];
  shortlisted?: boolean;
  /** 万元 awarded, for the awarded teams. */
  awardWan?: number;
  /** Milestones (title, 万元, days from now it is due, accepted days ago or null). */
  milestones?: [string, number, number, number | null][];
}

interface Spec {
  stage: Stage;
  org: string;
  title: string;
  problem: string;
  indicators: string;
  chain: string;
  field: string;
  county: string;
  rewardWan: number;
  payout: "on_award" | "by_milestones";
  teams?: number;
  qualifications: string;
  acceptance: string;
  criteria?: ChallengeCriterion[];
  contact: [string, string];
  note?: string;
  applicants?: Applicant[];
}

const CRITERIA: ChallengeCriterion[] = [
  { name: "技术先进性与可行性", weight: 40 },
  { name: "实施方案与进度", weight: 30 },
  { name: "团队能力与业绩", weight: 30 },
];

const WAN = 1_000_000;

const SPECS: Spec[] = [
  {
    stage: "draft",
    org: "zhikuang",
    title: "井下5G+UWB人员与车辆厘米级精确定位系统",
    problem: "现有井下定位系统精度约 3 米，无法满足辅助运输车辆防碰撞和采掘工作面人员安全距离管控需要，且基站功耗高、维护困难。",
    indicators: "静态定位精度 ≤ 30 厘米；动态精度 ≤ 50 厘米；单基站覆盖 ≥ 300 米巷道；取得煤安认证。",
    chain: "coal-mining",
    field: "104",
    county: "141102",
    rewardWan: 300,
    payout: "by_milestones",
    qualifications: "具有矿用产品研发经验的高校院所或企业，团队中有取得煤安认证的项目业绩。",
    acceptance: "在发榜方矿井连续运行 3 个月，由第三方检测机构出具精度检测报告。",
    contact: ["白志强", "13935801234"],
  },
  {
    stage: "submitted",
    org: "pengrui",
    title: "焦化废水深度处理与近零排放关键技术",
    problem: "焦化废水含酚、氰、氨氮及难降解有机物，现有生化+膜处理工艺浓水量大、膜污染严重、吨水成本高，难以实现稳定回用。",
    indicators: "出水 COD ≤ 30 mg/L；回用率 ≥ 95%；吨水处理成本下降 20%；浓盐水分盐结晶纯度 ≥ 98%。",
    chain: "coal-chemistry",
    field: "701",
    county: "141181",
    rewardWan: 800,
    payout: "by_milestones",
    qualifications: "在工业废水处理领域有中试以上业绩的单位，可联合申报。",
    acceptance: "连续 720 小时稳定运行，由环保部门认可的检测机构取样检测。",
    contact: ["霍鹏飞", "13603581234"],
  },
  {
    stage: "returned",
    org: "fenkang",
    title: "中药配方颗粒质量一致性评价与指纹图谱技术",
    problem: "企业配方颗粒品种多、批次间一致性差，缺少覆盖全品种的特征图谱和含量测定方法，影响国家标准备案。",
    indicators: "建立 50 个品种的特征图谱；批间相似度 ≥ 0.95；方法通过省药检院复核。",
    chain: "biomedicine",
    field: "203",
    county: "141182",
    rewardWan: 200,
    payout: "on_award",
    qualifications: "具有中药质量研究平台的高校院所。",
    acceptance: "省药品检验研究院复核通过。",
    contact: ["任丽华", "13834561234"],
    note: "请补充各品种的检测指标和验收时间节点，并说明榜额的资金来源。",
  },
  {
    stage: "upcoming",
    org: "jinqing",
    title: "质子交换膜燃料电池电堆 -30℃ 低温冷启动技术",
    problem: "吕梁冬季最低气温低于 -20℃，氢燃料电池重卡冷启动时间长、膜电极衰减快，影响氢能重卡在矿区运输场景的推广。",
    indicators: "-30℃ 无辅助冷启动时间 ≤ 60 秒；冷启动 100 次后电堆性能衰减 ≤ 3%；额定功率 ≥ 130 kW。",
    chain: "hydrogen",
    field: "602",
    county: "141122",
    rewardWan: 1500,
    payout: "by_milestones",
    qualifications: "具有燃料电池电堆或膜电极研发能力的单位，鼓励产学研联合揭榜。",
    acceptance: "在发榜方低温试验舱和矿区示范线完成测试，由国家级检测中心出具报告。",
    contact: ["贾俊峰", "13703581234"],
  },
  {
    stage: "open",
    org: "hongyuan-materials",
    title: "赤泥基胶凝材料规模化制备与道路工程应用",
    problem: "吕梁氧化铝企业年产赤泥数百万吨，堆存占地大、碱性强、渗滤风险高，赤泥综合利用率不足 10%，亟需可规模化消纳的建材化技术。",
    indicators: "赤泥掺量 ≥ 40%；胶凝材料 28 天抗压强度 ≥ 42.5 MPa；放射性和浸出毒性符合国家标准；建成 10 万吨/年示范线。",
    chain: "solid-waste",
    field: "703",
    county: "141130",
    rewardWan: 600,
    payout: "by_milestones",
    qualifications: "在固废建材化方向有中试以上成果的高校院所或企业。",
    acceptance: "示范线连续运行 3 个月并完成 1 公里道路基层试验段，由第三方检测。",
    contact: ["刘建平", "13513581234"],
    applicants: [
      {
        org: "tyut-ll",
        proposal: "采用赤泥脱碱—碱激发协同工艺，以赤泥、粉煤灰和电石渣制备复合胶凝材料，已完成 500 吨级中试，28 天强度达 45 MPa。",
        team: "负责人：材料学院教授 1 名；博士 4 名；与交口县建材企业共建中试基地。",
        budgetWan: 480,
      },
      {
        org: "llu",
        proposal: "以赤泥—煤矸石协同烧结制备道路基层材料，利用本地煤矸石热值降低能耗，已有实验室和小试数据。",
        team: "负责人：化学化工学院副教授；团队 6 人。",
        budgetWan: 260,
      },
    ],
  },
  {
    stage: "open",
    org: "juyuan-coal",
    title: "综采工作面透明地质与智能开采协同控制（赛马制）",
    problem: "柳林矿区地质构造复杂、煤层起伏大，综采工作面自动截割常因地质信息不准而频繁人工干预，智能化开采难以常态化运行。",
    indicators: "工作面三维地质模型精度 ≤ 0.5 米；自动截割率 ≥ 85%；工作面作业人员减少 30%。",
    chain: "coal-mining",
    field: "708",
    county: "141125",
    rewardWan: 1200,
    payout: "by_milestones",
    teams: 2,
    qualifications: "具有智能化工作面建设业绩的单位，可联合申报；赛马制择优支持 2 个团队并行攻关，最终验收择优。",
    acceptance: "在发榜方 2 个工作面分别连续运行 6 个月，由省能源局组织验收。",
    contact: ["张志宏", "13453581234"],
    applicants: [
      {
        org: "zhikuang",
        proposal: "基于随采地震与钻孔数据动态更新地质模型，驱动采煤机记忆截割自适应调整，已在离柳矿区 1 个工作面试用。",
        team: "负责人：高级工程师；软件、地质、机电团队 15 人。",
        budgetWan: 600,
      },
    ],
  },
  {
    stage: "open",
    org: "kjj",
    title: "县域医共体远程心电 AI 辅助诊断平台",
    problem: "吕梁山区乡镇卫生院缺少心电诊断医师，心电图需上传县医院人工判读，急性心梗等危急情况诊断延误。",
    indicators: "对 20 类常见心律失常识别准确率 ≥ 95%；危急值 5 分钟内推送；覆盖 13 个县（市、区）医共体。",
    chain: "biomedicine",
    field: "104",
    county: "141102",
    rewardWan: 500,
    payout: "on_award",
    qualifications: "具有医疗器械软件注册或医疗 AI 产品业绩的单位，可与医疗机构联合申报。",
    acceptance: "在 3 个县医共体试运行 6 个月，由市卫健委组织专家验收。",
    contact: ["郭志刚", "0358-8221234"],
    applicants: [
      {
        org: "sxmu-fy",
        proposal: "依托附属医院 20 万例标注心电数据训练识别模型，与县医院心电中心对接，已在汾阳市医共体试点。",
        team: "负责人：心内科主任医师；医学影像与计算机专业人员 9 人。",
        budgetWan: 420,
      },
    ],
  },
  {
    stage: "closed",
    org: "xinhua-al",
    title: "赤泥脱碱及铁资源高效回收技术",
    problem: "兴县氧化铝基地赤泥含铁 25% 以上、碱含量高，直接堆存既浪费铁资源又存在环境风险，现有磁选回收率低。",
    indicators: "铁精矿品位 ≥ 58%，铁回收率 ≥ 70%；脱碱后赤泥 Na₂O ≤ 1%；吨处理成本 ≤ 150 元。",
    chain: "solid-waste",
    field: "703",
    county: "141123",
    rewardWan: 900,
    payout: "by_milestones",
    qualifications: "在赤泥或冶金固废资源化方向有中试业绩的单位。",
    acceptance: "建成 5 万吨/年中试线并连续运行 3 个月，第三方检测。",
    contact: ["李志明", "13994881234"],
    applicants: [
      {
        org: "sxicc",
        proposal: "采用悬浮磁化焙烧—磁选工艺回收铁，焙烧尾气余热用于脱碱，已完成千吨级试验。",
        team: "负责人：研究员；团队 12 人，含正高 3 人。",
        budgetWan: 850,
        scores: [
          [88, 85, 90],
          [90, 82, 92],
        ],
      },
      {
        org: "tyut-ll",
        proposal: "钙化—碳化法同步脱碱提铁，脱碱液循环利用，实验室回收率 72%。",
        team: "负责人：教授；团队 8 人。",
        budgetWan: 600,
        scores: [
          [80, 78, 82],
          [76, 80, 85],
        ],
      },
      {
        org: "llu",
        proposal: "低温还原焙烧结合高梯度磁选提铁，尾渣用于制砖。",
        team: "负责人：副教授；团队 5 人。",
        budgetWan: 300,
        scores: [
          [70, 72, 68],
          [72, 70, 70],
        ],
      },
    ],
  },
  {
    stage: "shortlisted",
    org: "tangu",
    title: "煤系针状焦连续化生产关键工艺",
    problem: "企业煤系针状焦生产采用间歇延迟焦化，产品热膨胀系数波动大，高端超高功率电极用针状焦依赖进口。",
    indicators: "热膨胀系数（CTE）≤ 1.0×10⁻⁶/℃；真密度 ≥ 2.13 g/cm³；连续生产周期 ≥ 30 天。",
    chain: "carbon-materials",
    field: "401",
    county: "141181",
    rewardWan: 1000,
    payout: "by_milestones",
    qualifications: "具有炭材料研发平台的高校院所或企业。",
    acceptance: "在发榜方生产线连续生产 30 天，产品经国家炭素检测中心检验。",
    contact: ["宋立军", "13835881234"],
    applicants: [
      {
        org: "sxicc",
        proposal: "原料预处理脱除喹啉不溶物，优化共炭化温度梯度，已获得 CTE 0.95 的中试产品。",
        team: "负责人：研究员；炭材料团队 10 人。",
        budgetWan: 900,
        scores: [
          [92, 88, 90],
          [90, 86, 92],
        ],
        shortlisted: true,
      },
      {
        org: "tyut-ll",
        proposal: "采用溶剂萃取精制煤沥青，配合两段延迟焦化工艺。",
        team: "负责人：教授；团队 7 人。",
        budgetWan: 700,
        scores: [
          [84, 80, 82],
          [82, 78, 80],
        ],
        shortlisted: true,
      },
      {
        org: "llvtc",
        proposal: "改进现有焦化炉温控系统，提高产品稳定性。",
        team: "负责人：讲师；团队 4 人。",
        budgetWan: 200,
        scores: [
          [62, 70, 60],
          [65, 66, 62],
        ],
        shortlisted: false,
      },
    ],
  },
  {
    stage: "awarded",
    org: "pengrui",
    title: "焦炉煤气制燃料电池级氢气纯化技术（赛马制）",
    problem: "孝义焦化园区焦炉煤气富余量大，现有变压吸附提氢纯度 99.9%，CO、硫等杂质无法满足燃料电池用氢国家标准，制约氢能重卡推广。",
    indicators: "氢气纯度 ≥ 99.999%，CO ≤ 0.2 ppm，总硫 ≤ 0.004 ppm；单位氢气能耗下降 15%；1000 Nm³/h 示范装置连续运行 2000 小时。",
    chain: "hydrogen",
    field: "602",
    county: "141181",
    rewardWan: 2000,
    payout: "by_milestones",
    teams: 2,
    qualifications: "具有氢气纯化或气体分离工程业绩的单位；赛马制支持 2 个团队并行攻关，各自建设示范装置。",
    acceptance: "示范装置连续运行 2000 小时，由国家氢能检测中心取样检测，发榜方组织最终验收。",
    contact: ["王建军", "13603589876"],
    applicants: [
      {
        org: "llh2",
        proposal: "十塔变压吸附耦合钯膜精制，复合吸附剂深度脱除 CO 和硫，已完成 200 Nm³/h 中试。",
        team: "负责人：研究院院长；团队 18 人，含正高 5 人。",
        budgetWan: 1200,
        scores: [
          [92, 90, 88],
          [90, 92, 90],
        ],
        shortlisted: true,
        awardWan: 1000,
        milestones: [
          ["工艺包设计通过评审", 300, -40, 20],
          ["示范装置建成投运", 400, 60, null],
          ["连续运行 2000 小时验收", 300, 180, null],
        ],
      },
      {
        org: "sxicc",
        proposal: "低温甲烷化脱 CO 与电化学氢泵提纯组合工艺，能耗低，已完成实验室长周期试验。",
        team: "负责人：研究员；团队 14 人。",
        budgetWan: 1000,
        scores: [
          [88, 86, 90],
          [86, 88, 92],
        ],
        shortlisted: true,
        awardWan: 900,
        milestones: [
          ["工艺包设计通过评审", 300, -30, null],
          ["示范装置建成投运", 300, 70, null],
          ["连续运行 2000 小时验收", 300, 190, null],
        ],
      },
      {
        org: "tyut-ll",
        proposal: "新型金属有机框架吸附材料提纯氢气。",
        team: "负责人：副教授；团队 6 人。",
        budgetWan: 500,
        scores: [
          [78, 70, 72],
          [75, 72, 70],
        ],
        shortlisted: true,
      },
    ],
  },
  {
    stage: "awarded",
    org: "woye",
    title: "规模化肉牛养殖粪污资源化利用技术",
    problem: "文水县肉牛规模养殖场粪污产生量大，堆肥周期长、臭气扰民，有机肥品质不稳定，养殖—种植循环不畅。",
    indicators: "堆肥周期 ≤ 15 天；氨气排放下降 60%；有机肥符合 NY/T 525 标准；年处理粪污 5 万吨。",
    chain: "modern-agriculture",
    field: "707",
    county: "141121",
    rewardWan: 150,
    payout: "on_award",
    qualifications: "具有畜禽粪污处理技术成果的高校院所或企业。",
    acceptance: "示范场连续运行 6 个月，由县农业农村局组织验收。",
    contact: ["武秀兰", "13753581234"],
    applicants: [
      {
        org: "sxau-ll",
        proposal: "膜覆盖好氧发酵结合复合微生物菌剂，配套臭气生物滤池，已在文水 2 个养殖场应用。",
        team: "负责人：研究员；团队 7 人。",
        budgetWan: 140,
        scores: [
          [86, 88, 84],
          [88, 84, 86],
        ],
        shortlisted: true,
        awardWan: 150,
        milestones: [["揭榜奖励", 150, 150, null]],
      },
    ],
  },
  {
    stage: "paid",
    org: "shuzhiyun",
    title: "矿山安全生产 AI 视频智能识别系统",
    problem: "矿山井下和露天作业场所视频点位多，违章作业、皮带异物、人员闯入危险区域等隐患依靠人工盯屏，漏检率高。",
    indicators: "识别 30 类违章和隐患场景；准确率 ≥ 95%，误报率 ≤ 3%；单路视频识别延时 ≤ 1 秒；接入 500 路视频。",
    chain: "ai-plus",
    field: "101",
    county: "141102",
    rewardWan: 400,
    payout: "on_award",
    qualifications: "具有视频 AI 产品研发和矿山应用业绩的单位。",
    acceptance: "在 3 座矿山连续运行 3 个月，由市应急管理局组织验收。",
    contact: ["陈晓峰", "13834581234"],
    applicants: [
      {
        org: "tyut-ll",
        proposal: "基于边缘计算盒子和轻量化检测模型，样本库覆盖 30 类场景 50 万张标注图像，已在 2 座煤矿试运行。",
        team: "负责人：教授；计算机视觉团队 11 人。",
        budgetWan: 380,
        scores: [
          [90, 92, 88],
          [92, 90, 90],
        ],
        shortlisted: true,
        awardWan: 400,
        milestones: [["揭榜奖励", 400, -40, 25]],
      },
      {
        org: "llu",
        proposal: "采用云端集中识别，分阶段接入视频。",
        team: "负责人：副教授；团队 5 人。",
        budgetWan: 200,
        scores: [
          [72, 70, 74],
          [70, 72, 70],
        ],
        shortlisted: true,
      },
    ],
  },
  {
    stage: "cancelled",
    org: "jinxi-cbm",
    title: "低浓度瓦斯（煤层气）提纯与发电利用技术",
    problem: "方山县煤层气抽采中甲烷浓度低于 30% 的低浓度瓦斯大量直接排空，既浪费资源又增加温室气体排放。",
    indicators: "将 10%–30% 低浓度瓦斯提纯至 ≥ 90%；甲烷回收率 ≥ 90%；满足安全规程要求。",
    chain: "new-energy",
    field: "604",
    county: "141128",
    rewardWan: 700,
    payout: "by_milestones",
    qualifications: "具有气体分离或瓦斯利用工程业绩的单位。",
    acceptance: "示范装置连续运行 3 个月，第三方检测。",
    contact: ["高建国", "13653581234"],
    note: "受矿区开采接续计划调整影响，示范场地无法按期提供，本榜撤销；企业将于场地落实后重新发榜。",
    applicants: [
      {
        org: "sxicc",
        proposal: "真空变压吸附浓缩低浓度瓦斯，吸附剂已完成工业侧线试验。",
        team: "负责人：研究员；团队 9 人。",
        budgetWan: 650,
      },
    ],
  },
];

const at = (now: Date, days: number) => new Date(now.getTime() + days * DAY_MS).toISOString();
const date = (now: Date, days: number) => new Date(now.getTime() + 8 * 3_600_000 + days * DAY_MS).toISOString().slice(0, 10);

/** The window and the steps' dates of each stage, in days from the run day. */
const TIMES: Record<
  Stage,
  { opens: number; closes: number; status: ChallengeStatus; submitted?: number; published?: number; decided?: number; awarded?: number }
> = {
  draft: { opens: 20, closes: 80, status: "draft" },
  submitted: { opens: 15, closes: 75, status: "submitted", submitted: -2 },
  returned: { opens: 15, closes: 75, status: "returned", submitted: -8 },
  upcoming: { opens: 7, closes: 67, status: "published", submitted: -6, published: -2 },
  open: { opens: -10, closes: 25, status: "open", submitted: -16, published: -12 },
  closed: { opens: -70, closes: -5, status: "closed", submitted: -80, published: -75 },
  shortlisted: { opens: -90, closes: -30, status: "shortlisted", submitted: -100, published: -95, decided: -12 },
  awarded: { opens: -150, closes: -90, status: "awarded", submitted: -160, published: -155, decided: -70, awarded: -55 },
  paid: { opens: -200, closes: -140, status: "paid", submitted: -210, published: -205, decided: -120, awarded: -100 },
  cancelled: { opens: -40, closes: 20, status: "cancelled", submitted: -50, published: -45 },
};

function memberOf(db: Db, orgKey: string): { id: number; orgId: number } {
  const row = db.$client
    .prepare(
      "SELECT u.id, u.org_id AS orgId FROM users u JOIN organisations o ON o.id = u.org_id WHERE o.name = ? AND u.role IN ('enterprise', 'institute', 'admin') ORDER BY u.id LIMIT 1",
    )
    .get(orgByKey(orgKey).name) as { id: number; orgId: number } | undefined;
  if (!row) throw new Error(`no member of ${orgKey} to write its challenge`);
  return row;
}

function insertChallenge(db: Db, tx: Tx, spec: Spec, now: Date, admin: number): { id: number; poster: number } {
  const poster = memberOf(db, spec.org);
  const t = TIMES[spec.stage];
  const step = (d: number | undefined) => (d === undefined ? null : at(now, d));
  const values: NewChallenge = {
    orgId: poster.orgId,
    createdBy: poster.id,
    title: spec.title,
    problem: spec.problem,
    indicators: spec.indicators,
    industryChainId: spec.chain,
    techFieldCode: spec.field,
    countyCode: spec.county,
    rewardFen: spec.rewardWan * WAN,
    payout: spec.payout,
    mode: spec.teams ? "race" : "single",
    teams: spec.teams ?? 1,
    opensAt: at(now, t.opens),
    closesAt: at(now, t.closes),
    deliverBy: date(now, t.closes + 365),
    qualifications: spec.qualifications,
    criteria: spec.criteria ?? CRITERIA,
    acceptance: spec.acceptance,
    contactName: spec.contact[0],
    contactPhone: spec.contact[1],
    status: t.status,
    reviewNote: spec.stage === "returned" ? (spec.note ?? null) : null,
    reviewedBy: t.published !== undefined || spec.stage === "returned" ? admin : null,
    submittedAt: step(t.submitted),
    publishedAt: step(t.published),
    closedAt: t.closes < 0 ? at(now, t.closes) : null,
    shortlistedAt: step(t.decided),
    awardedAt: step(t.awarded),
    cancelledAt: spec.stage === "cancelled" ? at(now, -15) : null,
    cancelledBy: spec.stage === "cancelled" ? poster.id : null,
    cancelReason: spec.stage === "cancelled" ? (spec.note ?? null) : null,
    createdAt: at(now, (t.submitted ?? -1) - 3),
    updatedAt: at(now, spec.stage === "cancelled" ? -15 : Math.min(-1, t.awarded ?? t.decided ?? t.published ?? t.submitted ?? -1)),
  };
  const row = tx.insert(challenges).values(values).returning().get();
  tx.insert(auditEvents)
    .values({
      actorUserId: poster.id,
      actorRole: "enterprise",
      actorOrgId: poster.orgId,
      action: "create",
      entity: "challenge",
      entityId: String(row.id),
      after: row,
    })
    .run();
  return { id: row.id, poster: poster.id };
}

function insertApplicants(db: Db, tx: Tx, spec: Spec, challengeId: number, now: Date, scorers: [number, number]): number {
  const t = TIMES[spec.stage];
  let paid = 0;
  (spec.applicants ?? []).forEach((a, i) => {
    const who = memberOf(db, a.org);
    const decided = t.decided !== undefined;
    const status =
      t.awarded !== undefined
        ? a.awardWan
          ? "awarded"
          : a.shortlisted
            ? "not_awarded"
            : "not_shortlisted"
        : decided
          ? a.shortlisted
            ? "shortlisted"
            : "not_shortlisted"
          : "submitted";
    const submittedAt = at(now, Math.min(t.opens + 3 + i * 2, -1));
    const app = tx
      .insert(challengeApplications)
      .values({
        challengeId,
        orgId: who.orgId,
        createdBy: who.id,
        proposal: a.proposal,
        team: a.team,
        budgetFen: a.budgetWan * WAN,
        status,
        submittedAt,
        decidedAt: decided ? at(now, t.awarded ?? t.decided!) : null,
        awardFen: a.awardWan ? a.awardWan * WAN : null,
        createdAt: submittedAt,
        updatedAt: submittedAt,
      })
      .returning()
      .get();
    a.scores?.forEach((scores, s) =>
      scores.forEach((score, criterion) =>
        tx
          .insert(challengeScores)
          .values({ applicationId: app.id, scorerUserId: scorers[s]!, criterion, score, scoredAt: at(now, t.closes + 2) })
          .run(),
      ),
    );
    a.milestones?.forEach(([title, wan, due, acceptedDaysAgo], n) => {
      const m = tx
        .insert(challengeMilestones)
        .values({
          challengeId,
          applicationId: app.id,
          seq: n + 1,
          title,
          dueOn: date(now, due),
          amountFen: wan * WAN,
          acceptedAt: acceptedDaysAgo === null ? null : at(now, -acceptedDaysAgo),
          acceptedBy: acceptedDaysAgo === null ? null : scorers[0],
          acceptNote: acceptedDaysAgo === null ? null : "经专家现场验收，达到约定指标。",
          createdAt: at(now, t.awarded ?? -1),
        })
        .returning()
        .get();
      if (acceptedDaysAgo === null) return;
      tx.insert(ledgerEntries)
        .values({
          kind: "challenge_reward",
          source: "challenge",
          sourceRef: `challenge-milestone:${m.id}`,
          contractId: null,
          challengeId,
          challengeMilestoneId: m.id,
          amountFen: m.amountFen,
          beneficiaryOrgId: who.orgId,
          effectiveAt: m.acceptedAt!,
          createdBy: scorers[0],
        })
        .run();
      paid++;
    });
  });
  return paid;
}

export interface ChallengeSeedSummary {
  challenges: number;
  applications: number;
  rewardsPaid: number;
}

/** Writes the demo's challenges; needs the organisations and their members (seedDemo) first. */
export function seedChallenges(db: Db, now: Date): ChallengeSeedSummary {
  return writeTx(db, (tx) => {
    const admin = (db.$client.prepare("SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1").get() as { id: number }).id;
    const panelist = memberOf(db, "sxu-ll").id;
    let applications = 0;
    let rewardsPaid = 0;
    for (const spec of SPECS) {
      const { id, poster } = insertChallenge(db, tx, spec, now, admin);
      if (spec.applicants?.some((a) => a.scores))
        tx.insert(challengePanel)
          .values({ challengeId: id, userId: panelist, addedBy: admin, addedAt: at(now, TIMES[spec.stage].closes) })
          .run();
      rewardsPaid += insertApplicants(db, tx, spec, id, now, [poster, panelist]);
      applications += spec.applicants?.length ?? 0;
      if (TIMES[spec.stage].published !== undefined) enqueueSearchSync(tx, "challenge", id);
    }
    // A paid challenge's acceptance is the day its last milestone was accepted.
    db.$client
      .prepare(
        `UPDATE challenges SET accepted_at = (SELECT max(accepted_at) FROM challenge_milestones m WHERE m.challenge_id = challenges.id),
         paid_at = (SELECT max(accepted_at) FROM challenge_milestones m WHERE m.challenge_id = challenges.id) WHERE status = 'paid'`,
      )
      .run();
    return { challenges: SPECS.length, applications, rewardsPaid };
  });
}
