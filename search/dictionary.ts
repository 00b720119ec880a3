// The domain dictionary: words of Lüliang's industry chains that jieba's general dictionary
// either lacks or ranks so low that it splits them (燃料电池 carries frequency 3 there, 赤泥 3,
// 镁合金 2). Loading them keeps a listing's key terms whole, so a search for 煤矸石 meets the
// token 煤矸石 in the index instead of hoping 矸石 and 煤 line up.
//
// Keep entries short (2-5 characters where possible): jieba's search mode re-emits only the
// 2- and 3-character dictionary words inside a longer word, so a long compound such as
// 氢燃料电池汽车 would hide the 4-character 燃料电池 inside it.

/** Terms per industry chain (ids of db/vocabularies.ts INDUSTRY_CHAINS) plus platform vocabulary. */
export const DOMAIN_TERMS: Readonly<Record<string, readonly string[]>> = {
  hydrogen: [
    "氢能", "氢能源", "制氢", "储氢", "运氢", "输氢", "加氢", "加氢站", "燃料电池",
    "质子交换膜", "电解水制氢", "电解槽", "碱性电解槽", "绿氢", "灰氢", "蓝氢", "副产氢", "工业副产氢",
    "氢气纯化", "变压吸附", "储氢罐", "高压储氢", "液氢", "固态储氢", "储氢合金", "有机液体储氢",
    "电堆", "膜电极", "双极板", "电催化", "电催化剂", "析氢反应", "氢冶金", "掺氢", "氢内燃机",
  ],
  "special-steel": [
    "特钢", "特种钢", "特殊钢", "不锈钢", "高强钢", "合金钢", "轴承钢", "模具钢", "耐磨钢", "耐候钢",
    "连铸", "热轧", "冷轧", "炼钢", "短流程炼钢", "电弧炉", "钢渣", "铁水预处理", "真空冶炼", "精炼渣",
  ],
  "al-mg": [
    "镁合金", "原镁", "金属镁", "铝镁", "铝合金", "皮江法", "硅热法", "镁渣", "压铸", "半固态成形",
    "挤压成形", "轻量化", "氧化铝", "电解铝", "铝土矿", "再生铝", "镁基材料",
  ],
  "coal-chemistry": [
    "煤焦油", "费托合成", "煤制烯烃", "煤制油", "煤制甲醇", "煤制乙二醇", "焦炉煤气", "煤气化", "煤液化",
    "甲醇制烯烃", "炼焦", "兰炭", "煤焦油加氢", "粗苯", "合成气", "煤化工", "现代煤化工", "煤基新材料",
    "碳捕集", "二氧化碳捕集", "碳封存", "硫回收", "焦化废水", "煤沥青",
  ],
  "carbon-materials": [
    "碳纤维", "针状焦", "石墨烯", "碳纳米管", "活性炭", "石墨电极", "负极材料", "人造石墨", "碳基材料",
    "碳化硅", "碳材料", "硅碳负极", "多孔碳", "碳气凝胶", "炭黑", "等静压石墨", "碳基新材料",
  ],
  "solid-waste": [
    "赤泥", "煤矸石", "粉煤灰", "脱硫石膏", "气化渣", "固废", "固体废弃物", "固体废物", "尾矿",
    "工业固废", "资源化利用", "建材化利用", "陶粒", "地质聚合物", "免烧砖", "微晶玻璃",
    "硅肥", "危废", "固废处置",
  ],
  "digital-economy": [
    "数字经济", "大数据", "云计算", "数据中心", "算力", "工业互联网", "物联网", "区块链", "数字孪生",
    "边缘计算", "数据要素", "信创", "数字化转型", "智慧城市", "网络安全", "智慧园区", "电子政务",
  ],
  "ai-plus": [
    "人工智能", "机器学习", "深度学习", "神经网络", "大模型", "大语言模型", "计算机视觉", "图像识别",
    "语音识别", "自然语言处理", "知识图谱", "智能巡检", "巡检机器人", "无人机", "自动驾驶", "目标检测",
  ],
  "modern-agriculture": [
    "杂粮", "小杂粮", "核桃", "沙棘", "红枣", "谷子", "藜麦", "荞麦", "马铃薯", "中药材", "食用菌",
    "设施农业", "节水灌溉", "旱作农业", "有机肥", "良种繁育", "种质资源", "林下经济", "核桃油", "沙棘黄酮",
    "农产品加工", "冷链物流", "畜禽养殖", "肉牛", "生猪", "沙棘油", "核桃仁",
  ],
  "fenjiu-food": [
    "汾酒", "清香型", "白酒", "酿造", "酿酒", "大曲", "酒曲", "固态发酵", "酒糟",
    "白酒酿造", "勾兑", "窖池", "杏花村", "竹叶青酒", "酒醅", "老陈醋", "特色食品",
  ],
  "new-energy": [
    "储能", "新型储能", "锂离子电池", "钠离子电池", "液流电池", "压缩空气储能", "飞轮储能",
    "储能电站", "光伏", "风电", "光伏发电", "风力发电", "光储一体化", "虚拟电厂", "微电网", "智能电网",
    "抽水蓄能", "热储能", "新能源汽车", "动力电池", "电池管理系统", "正极材料", "电解液", "固态电池",
  ],
  "coal-mining": [
    "煤炭开采", "绿色开采", "充填开采", "智能开采", "综采工作面", "煤矿安全", "瓦斯抽采", "煤层气",
    "瓦斯治理", "矿井水", "采空区", "顶板管理", "冲击地压", "智能化矿山", "智慧矿山", "掘进机", "采煤机",
    "液压支架", "保水开采", "煤矿智能化", "矿山压力", "矿井通风",
  ],
  biomedicine: [
    "生物医药", "中医药", "创新药", "仿制药", "医疗器械", "体外诊断", "单克隆抗体", "基因治疗", "细胞治疗",
    "生物制剂", "原料药", "药物递送", "大健康", "保健食品", "功能性食品", "黄芪", "连翘", "党参", "远志",
    "酸枣仁",
  ],
  equipment: [
    "高端装备", "装备制造", "数控机床", "工业机器人", "减速器", "伺服电机", "液压系统", "矿山机械",
    "煤机装备", "增材制造", "激光焊接", "智能装备", "精密加工", "齿轮箱", "压力容器", "工业软件",
    "故障诊断", "预测性维护",
  ],
  platform: [
    "技术转让", "专利许可", "成果转化", "科技成果", "技术服务", "中试", "小试", "产业化",
    "中试基地", "概念验证", "揭榜挂帅", "知识产权", "技术经纪人", "技术需求", "技术合同",
  ],
};

/** Every domain term once, in a stable order. */
export const ALL_DOMAIN_TERMS: readonly string[] = [...new Set(Object.values(DOMAIN_TERMS).flat())];

// A frequency well above what the general dictionary gives these words (mostly single
// digits) but far below everyday words (的 ≈ 300万), so the domain word wins inside its own
// span without swallowing neighbouring characters.
const DOMAIN_FREQUENCY = 2000;

/** The dictionary in jieba's "word frequency tag" line format, for Jieba.loadDict. */
export function domainDictionary(extraTerms: readonly string[] = []): Buffer {
  const lines = [...new Set([...ALL_DOMAIN_TERMS, ...extraTerms])]
    .filter((t) => t.trim().length >= 2 && !/\s/.test(t))
    .map((t) => `${t} ${DOMAIN_FREQUENCY} n`);
  return Buffer.from(lines.join("\n") + "\n", "utf8");
}
