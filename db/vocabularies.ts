// Controlled vocabularies seeded into the database. The database is the source of truth at
// run time (an admin may add chains); these lists are what a fresh platform starts with.

/** 吕梁市 counties and districts (GB/T 2260). 141101 市辖区 is a placeholder and left out. */
export const COUNTIES = [
  { code: "141102", nameZh: "离石区", nameEn: "Lishi District" },
  { code: "141121", nameZh: "文水县", nameEn: "Wenshui County" },
  { code: "141122", nameZh: "交城县", nameEn: "Jiaocheng County" },
  { code: "141123", nameZh: "兴县", nameEn: "Xing County" },
  { code: "141124", nameZh: "临县", nameEn: "Lin County" },
  { code: "141125", nameZh: "柳林县", nameEn: "Liulin County" },
  { code: "141126", nameZh: "石楼县", nameEn: "Shilou County" },
  { code: "141127", nameZh: "岚县", nameEn: "Lan County" },
  { code: "141128", nameZh: "方山县", nameEn: "Fangshan County" },
  { code: "141129", nameZh: "中阳县", nameEn: "Zhongyang County" },
  { code: "141130", nameZh: "交口县", nameEn: "Jiaokou County" },
  { code: "141181", nameZh: "孝义市", nameEn: "Xiaoyi City" },
  { code: "141182", nameZh: "汾阳市", nameEn: "Fenyang City" },
] as const;

/** 产业链: the chains of the city's plans. */
export const INDUSTRY_CHAINS = [
  { id: "hydrogen", nameZh: "氢能", nameEn: "Hydrogen energy" },
  { id: "special-steel", nameZh: "特钢材料", nameEn: "Special steel" },
  { id: "al-mg", nameZh: "铝镁精深加工", nameEn: "Aluminium and magnesium" },
  { id: "coal-chemistry", nameZh: "现代煤化工", nameEn: "New coal chemistry" },
  { id: "carbon-materials", nameZh: "碳基新材料", nameEn: "Carbon-based new materials" },
  { id: "solid-waste", nameZh: "固废综合利用", nameEn: "Solid-waste utilisation" },
  { id: "digital-economy", nameZh: "数字经济", nameEn: "Digital economy" },
  { id: "ai-plus", nameZh: "人工智能+", nameEn: "AI+" },
  { id: "modern-agriculture", nameZh: "现代农业", nameEn: "Modern agriculture" },
  { id: "fenjiu-food", nameZh: "汾酒及特色食品", nameEn: "Fenjiu liquor and specialty food" },
  { id: "new-energy", nameZh: "新能源与储能", nameEn: "New energy and storage" },
  { id: "coal-mining", nameZh: "煤炭绿色开采", nameEn: "Green coal mining" },
  { id: "biomedicine", nameZh: "生物医药与大健康", nameEn: "Biomedicine and health" },
  { id: "equipment", nameZh: "高端装备制造", nameEn: "Advanced equipment" },
  { id: "culture-tourism", nameZh: "文化旅游", nameEn: "Culture and tourism" },
] as const;

type FieldSeed = { code: string; nameZh: string; nameEn: string; children?: readonly (readonly [string, string])[] };

/** 国家重点支持的高新技术领域 (国科发火〔2016〕32号): 8 fields with their second level. */
export const HIGHTECH_FIELDS: readonly FieldSeed[] = [
  {
    code: "1",
    nameZh: "电子信息",
    nameEn: "Electronic information",
    children: [
      ["软件", "Software"],
      ["微电子技术", "Microelectronics"],
      ["计算机产品及其网络应用技术", "Computer products and network applications"],
      ["通信技术", "Communications"],
      ["广播影视技术", "Broadcasting and film technology"],
      ["新型电子元器件", "New electronic components"],
      ["信息安全技术", "Information security"],
      ["智能交通和轨道交通技术", "Intelligent and rail transport"],
    ],
  },
  {
    code: "2",
    nameZh: "生物与新医药",
    nameEn: "Biology and new medicine",
    children: [
      ["医药生物技术", "Medical biotechnology"],
      ["中药、天然药物", "Traditional Chinese and natural medicine"],
      ["化学药研发技术", "Chemical drug development"],
      ["药物新剂型与制剂创制技术", "New dosage forms and formulations"],
      ["医疗仪器、设备与医学专用软件", "Medical instruments, devices and software"],
      ["轻工和化工生物技术", "Light-industry and chemical biotechnology"],
      ["农业生物技术", "Agricultural biotechnology"],
    ],
  },
  {
    code: "3",
    nameZh: "航空航天",
    nameEn: "Aerospace",
    children: [
      ["航空技术", "Aviation"],
      ["航天技术", "Space technology"],
    ],
  },
  {
    code: "4",
    nameZh: "新材料",
    nameEn: "New materials",
    children: [
      ["金属材料", "Metallic materials"],
      ["无机非金属材料", "Inorganic non-metallic materials"],
      ["高分子材料", "Polymer materials"],
      ["生物医用材料", "Biomedical materials"],
      ["精细和专用化学品", "Fine and specialty chemicals"],
      ["与文化艺术产业相关的新材料", "New materials for culture and art"],
    ],
  },
  {
    code: "5",
    nameZh: "高技术服务",
    nameEn: "High-tech services",
    children: [
      ["研发与设计服务", "R&D and design services"],
      ["检验检测认证与标准服务", "Testing, certification and standards"],
      ["信息技术服务", "IT services"],
      ["高技术专业化服务", "Specialised high-tech services"],
      ["知识产权与成果转化服务", "IP and technology-transfer services"],
      ["电子商务与现代物流技术", "E-commerce and modern logistics"],
      ["城市管理与社会服务", "Urban management and social services"],
      ["文化创意产业支撑技术", "Creative-industry technologies"],
    ],
  },
  {
    code: "6",
    nameZh: "新能源与节能",
    nameEn: "New energy and energy saving",
    children: [
      ["可再生清洁能源", "Renewable clean energy"],
      ["核能及氢能", "Nuclear and hydrogen energy"],
      ["新型高效能量转换与储存技术", "Energy conversion and storage"],
      ["高效节能技术", "Energy efficiency"],
    ],
  },
  {
    code: "7",
    nameZh: "资源与环境",
    nameEn: "Resources and environment",
    children: [
      ["水污染控制与水资源利用技术", "Water pollution control and water use"],
      ["大气污染控制技术", "Air pollution control"],
      ["固体废弃物处置与综合利用技术", "Solid-waste disposal and utilisation"],
      ["物理性污染防治技术", "Physical pollution control"],
      ["环境监测及环境事故应急处理技术", "Environmental monitoring and emergency response"],
      ["生态环境建设与保护技术", "Ecological construction and protection"],
      ["清洁生产技术", "Cleaner production"],
      ["资源勘查、高效开采与综合利用技术", "Resource exploration, mining and utilisation"],
    ],
  },
  {
    code: "8",
    nameZh: "先进制造与自动化",
    nameEn: "Advanced manufacturing and automation",
    children: [
      ["工业生产过程控制系统", "Industrial process control"],
      ["安全生产技术", "Production safety"],
      ["高性能、智能化仪器仪表", "High-performance intelligent instruments"],
      ["先进制造工艺与装备", "Advanced processes and equipment"],
      ["新型机械", "New machinery"],
      ["电力系统与设备", "Power systems and equipment"],
      ["汽车及轨道车辆相关技术", "Automotive and rail vehicles"],
      ["高技术船舶与海洋工程装备设计制造技术", "High-tech ships and offshore equipment"],
      ["传统文化产业改造技术", "Upgrading traditional cultural industries"],
    ],
  },
];

/** 技术合同 技术领域: the registration statistics' own 11 fields. */
export const CONTRACT_FIELDS = [
  ["电子信息", "Electronic information"],
  ["先进制造", "Advanced manufacturing"],
  ["航空航天", "Aerospace"],
  ["现代交通", "Modern transport"],
  ["生物、医药和医疗器械", "Biology, medicine and medical devices"],
  ["新材料及其应用", "New materials and applications"],
  ["新能源与高效节能", "New energy and energy efficiency"],
  ["环境保护与资源综合利用", "Environmental protection and resource utilisation"],
  ["核应用技术", "Nuclear applications"],
  ["农业", "Agriculture"],
  ["城市建设与社会发展", "Urban construction and social development"],
] as const;

/** Flattens both vocabularies into tech_fields rows. Codes: "6" and "602" (high-tech), "C07" (contract). */
export function techFieldRows() {
  const rows: {
    code: string;
    vocabulary: "hightech" | "contract";
    parentCode: string | null;
    level: number;
    nameZh: string;
    nameEn: string;
    sort: number;
  }[] = [];
  HIGHTECH_FIELDS.forEach((f, i) => {
    rows.push({ code: f.code, vocabulary: "hightech", parentCode: null, level: 1, nameZh: f.nameZh, nameEn: f.nameEn, sort: i });
    f.children?.forEach(([zh, en], j) => {
      rows.push({
        code: `${f.code}${String(j + 1).padStart(2, "0")}`,
        vocabulary: "hightech",
        parentCode: f.code,
        level: 2,
        nameZh: zh,
        nameEn: en,
        sort: j,
      });
    });
  });
  CONTRACT_FIELDS.forEach(([zh, en], i) => {
    rows.push({
      code: `C${String(i + 1).padStart(2, "0")}`,
      vocabulary: "contract",
      parentCode: null,
      level: 1,
      nameZh: zh,
      nameEn: en,
      sort: i,
    });
  });
  return rows;
}

/**
 * Targets from the city's plans (DESIGN.md); an admin edits them afterwards. The 50亿 of
 * technology contracts is the plan's figure for 2027, its last year: earlier years have no
 * contract-amount target unless the Bureau sets one.
 */
export const POLICY_TARGET_SEEDS = [
  { indicator: "contract_amount_fen", year: 2027, targetValue: 500_000_000_000, source: "吕梁市科技创新能力提升行动方案(2025-2027年)" },
  { indicator: "needs_list", year: 2025, targetValue: 100, source: "吕梁市科技创新能力提升行动方案(2025-2027年)" },
  { indicator: "needs_list", year: 2026, targetValue: 100, source: "吕梁市科技创新能力提升行动方案(2025-2027年)" },
  { indicator: "needs_list", year: 2027, targetValue: 100, source: "吕梁市科技创新能力提升行动方案(2025-2027年)" },
  { indicator: "transformation_list", year: 2025, targetValue: 200, source: "吕梁市科技创新能力提升行动方案(2025-2027年)" },
  { indicator: "transformation_list", year: 2026, targetValue: 200, source: "吕梁市科技创新能力提升行动方案(2025-2027年)" },
  { indicator: "transformation_list", year: 2027, targetValue: 200, source: "吕梁市科技创新能力提升行动方案(2025-2027年)" },
  { indicator: "brokers_trained", year: 2026, targetValue: 50, source: "百名技术经纪人培育行动 (first phase)" },
  { indicator: "scenarios", year: 2026, targetValue: 50, source: "吕梁市科技创新能力提升行动方案(2025-2027年)" },
  { indicator: "enterprise_needs_collected", year: 2026, targetValue: 50, source: "晋创谷建设方案(2024-2026年)" },
  { indicator: "achievements_published", year: 2026, targetValue: 200, source: "晋创谷建设方案(2024-2026年)" },
] as const;

/** The unit each indicator's target counts in: fen for amounts, otherwise a count. */
export const POLICY_TARGET_UNITS: Record<(typeof POLICY_TARGET_SEEDS)[number]["indicator"], string> = {
  contract_amount_fen: "fen",
  needs_list: "项",
  transformation_list: "项",
  brokers_trained: "人",
  scenarios: "个",
  enterprise_needs_collected: "项",
  achievements_published: "项",
};

/** Default policy settings. */
export const POLICY_SETTING_SEEDS = {
  /** Days a published listing stays fresh without its owner confirming it. */
  freshness_days: 180,
} as const;

/** 研发阶段 derived from the TRL (the TRL is stored; the stage is a label over it). */
export const MATURITY_STAGES = ["lab", "small_trial", "pilot", "industrial"] as const;
export type MaturityStage = (typeof MATURITY_STAGES)[number];

export function trlStage(trl: number): MaturityStage {
  if (trl <= 3) return "lab";
  if (trl <= 5) return "small_trial";
  if (trl <= 7) return "pilot";
  return "industrial";
}
