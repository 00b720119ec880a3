import { defineMessages } from "./define";

// The dashboard as a spreadsheet, and the dashboard's links to the Bureau's related pages.
export const indicatorExportMessages = defineMessages(
  {
    "ind.links.label": "相关页面",
    "ind.links.targets": "政策目标",
    "ind.links.reports": "月度报告",
    "ind.links.imports": "数据导入",
    "ind.export.file": "指标看板",
    "ind.export.sheet.targets": "目标进度",
    "ind.export.sheet.amount": "技术合同成交额",
    "ind.export.sheet.trends": "按月趋势",
    "ind.export.sheet.funnel": "需求转化",
    "ind.export.col.indicator": "指标",
    "ind.export.col.unit": "单位",
    "ind.export.col.sharePct": "完成进度（%）",
    "ind.export.col.breakdown": "分组",
    "ind.export.unit.wan": "万元",
  },
  {
    "ind.links.label": "Related pages",
    "ind.links.targets": "Policy targets",
    "ind.links.reports": "Monthly reports",
    "ind.links.imports": "Data import",
    "ind.export.file": "indicator-dashboard",
    "ind.export.sheet.targets": "Targets",
    "ind.export.sheet.amount": "Contract amount",
    "ind.export.sheet.trends": "Trends by month",
    "ind.export.sheet.funnel": "Needs funnel",
    "ind.export.col.indicator": "Indicator",
    "ind.export.col.unit": "Unit",
    "ind.export.col.sharePct": "Progress (%)",
    "ind.export.col.breakdown": "Breakdown",
    "ind.export.unit.wan": "10k yuan",
  },
);
