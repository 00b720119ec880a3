// Whether a need and an achievement are about the same problem, as a broker reading both
// titles would judge it: they share the words that name the problem (焦炉煤气, 有机硫, 氢脆…),
// not merely the words every title has (技术, 工艺, 系统…). Counted over pairs of adjacent
// characters, which is how Chinese words overlap without a dictionary.

/** Character pairs that say nothing about the problem itself. */
const GENERIC = new Set(
  "技术 工艺 系统 方法 制备 开发 综合 利用 智能 关键 应用 研究 及其 装置 设备 高效 处理 控制 一体 体化 优化 在线 监测 平台 国产 产化 提升 材料 改造 建设 生产 过程 集成 工程 新型"
    .split(" ")
    .filter(Boolean),
);

/** At least this many shared pairs, and the titles name the same problem. */
export const SAME_PROBLEM = 5;

function pairs(text: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < text.length; i++) {
    const pair = text.slice(i, i + 2);
    if (!GENERIC.has(pair) && !/\s/.test(pair)) out.add(pair);
  }
  return out;
}

/** How many problem-naming character pairs the need's title shares with the achievement's title and keywords. */
export function topicAffinity(needTitle: string, achievement: { title: string; keywords: readonly string[] }): number {
  const theirs = new Set<string>();
  for (const text of [achievement.title, ...achievement.keywords]) for (const p of pairs(text)) theirs.add(p);
  let shared = 0;
  for (const p of pairs(needTitle)) if (theirs.has(p)) shared++;
  return shared;
}

export function sameProblem(needTitle: string, achievement: { title: string; keywords: readonly string[] }): boolean {
  return topicAffinity(needTitle, achievement) >= SAME_PROBLEM;
}
