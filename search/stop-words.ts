// Words too generic to tell a broker why two listings belong together. Almost every need and
// achievement says 技术, 提高, 系统 or 万元; seeing them listed as "shared terms" makes the
// explanation look like noise. They stay searchable (the tokenizer's STOP_WORDS are only
// function words) and keep their (small, idf-weighted) part in the score: leaving them out of
// the shared-terms factor too lowered the benchmark's MRR@10, so this list governs only the
// terms a match shows. Units and amounts are here too: "吨" or "小时" in both texts says
// nothing about the technology.

const CHINESE = [
  // Research and development in general
  "技术 科技 研究 研发 开发 方法 方案 工艺 系统 装置 设备 平台 产品 项目 应用 实现 进行 采用 利用 使用 通过 基于 提供 具有 包括 " +
    "相关 主要 关键 核心 重要 新型 一种 问题 需求 成果 领域 行业 企业 单位 公司 工作 服务 合作 需要 能够 可以 要求 目标 效果 " +
    "性能 质量 效率 水平 能力 条件 过程 结构 功能 特点 优势 情况 数据 信息 分析 设计 制备 生产 提升 提高 降低 减少 增加 改善 " +
    "优化 解决 实施 推广 形成 建立 完成 达到 满足 保证 确保 具备 支持 现有 目前 传统 现场 国内 国际 市场 成本 费用 价格 投资 " +
    "规模 产业 产业化 工业 问题 难题 方面 以上 以下 左右 之内 以内 不足 不少 大于 小于 超过 不低于 不超过 约 较 高 低 好 新",
  // Units, amounts and spans of time
  "万元 元 亿元 千元 吨 万吨 千克 公斤 克 米 毫米 厘米 公里 千米 平方米 立方米 升 毫升 度 摄氏度 小时 分钟 秒 天 日 周 月 年 " +
    "年度 每年 每天 百分之 倍 台 套 个 项 次 件 条 批 兆瓦 千瓦 瓦 千瓦时 度电 兆帕 帕 伏 安",
];

const ENGLISH = [
  "technology technologies technical research development develop method methods process processes system systems device devices " +
    "equipment platform product products project projects application applications use using used based provide include including " +
    "key core new novel problem problems need needs result results field industry industrial enterprise company service services " +
    "performance quality efficiency level capability condition conditions design analysis production improve improved improvement " +
    "increase reduce reduced reduction lower higher high low cost costs price investment market scale solution solutions current existing " +
    "more less than above below about over under",
  "yuan wan ton tons tonne tonnes kg gram grams meter meters metre metres mm cm km hour hours minute minutes second seconds day days " +
    "week weeks month months year years annual per percent kw mw kwh mpa",
];

/** Generic words and units a match's shared terms leave out, both languages, lower case. */
export const GENERIC_TERMS: ReadonlySet<string> = new Set([...CHINESE, ...ENGLISH].flatMap((line) => line.split(/\s+/)).filter(Boolean));

/** Whether a term (as the tokenizer gives it: lower case, English stemmed) is too generic to explain a match. */
export function isGenericTerm(term: string): boolean {
  if (GENERIC_TERMS.has(term)) return true;
  // The tokenizer stems English plurals (processes → process, costs → cost): check the plural too.
  return /^[a-z]+$/.test(term) && (GENERIC_TERMS.has(`${term}s`) || GENERIC_TERMS.has(`${term}es`));
}
