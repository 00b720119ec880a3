import { defineMessages } from "./define";

// The dashboard's funnel list: the needs behind one funnel figure.
export const funnelMessages = defineMessages(
  {
    "funnel.title": "{year} 年发布的需求 · {step}",
    "funnel.lead": "看板漏斗中这一步的数字所统计的需求：{count} 项。日期为到达这一步的时间，天数从上一步算起。",
    "funnel.filter.step": "环节",
    "funnel.col.need": "需求",
    "funnel.col.county": "区县",
    "funnel.col.reached": "到达时间",
    "funnel.col.days": "距上一步（天）",
    "funnel.empty": "没有需求到达这一步。",
    "funnel.back": "返回指标看板",
  },
  {
    "funnel.title": "Needs published in {year} · {step}",
    "funnel.lead": "The needs this step of the dashboard's funnel counts: {count}. The date is when each reached the step; the days are from the step before.",
    "funnel.filter.step": "Step",
    "funnel.col.need": "Need",
    "funnel.col.county": "County",
    "funnel.col.reached": "Reached",
    "funnel.col.days": "Days from the step before",
    "funnel.empty": "No need reached this step.",
    "funnel.back": "Back to the indicator dashboard",
  },
);
