import { defineMessages } from "./define";

// The phone layout's disclosure buttons, the names of regions and bars that assistive
// technology reads out, and the pages' descriptions for search engines.
export const a11yMessages = defineMessages(
  {
    "nav.menu": "菜单",
    "filters.toggle": "筛选条件",
    "table.scrollRegion": "{name}（表格，可左右滚动）",
    "progress.target": "目标完成进度",
    "meta.description": "吕梁科技大市场：吕梁市技术需求、科技成果、技术经纪人与技术合同登记的线上服务平台",
    "meta.needs": "吕梁市企业发布的技术需求：按产业链、技术领域、预算和区县筛选，找到可以对接的需求",
    "meta.achievements": "高校院所与企业的科技成果：按成熟度、转化方式和价格筛选，联系成果持有方",
    "meta.transformationList": "吕梁市成果转化项目清单：入选年度清单的科技成果",
    "meta.brokers": "吕梁市技术经纪人名录：等级、擅长的产业链与撮合业绩",
    "meta.indicators": "吕梁市技术合同成交额、登记数量、技术需求与技术经纪人等公开指标",
    "meta.challenges": "吕梁市揭榜挂帅与赛马制技术攻关榜单：难题、榜额、揭榜期限与揭榜结果",
    "meta.scenarios": "吕梁市年度重点应用场景开放清单：真实场景、开放条件、建设补贴与清单进度",
    "meta.forgotPassword": "通过注册邮箱重设吕梁科技大市场的登录密码",
  },
  {
    "nav.menu": "Menu",
    "filters.toggle": "Filters",
    "table.scrollRegion": "{name} (table, scrolls sideways)",
    "progress.target": "Progress towards the target",
    "meta.description": "Lüliang Technology Market: technical needs, research achievements, technology brokers and contract registration in Lüliang, online",
    "meta.needs": "Technical needs posted by enterprises in Lüliang: filter by industry chain, field, budget and county to find one to take on",
    "meta.achievements": "Research achievements from universities, institutes and enterprises: filter by readiness, transfer mode and price",
    "meta.transformationList": "Lüliang's transformation list: the research achievements chosen for the year's list",
    "meta.brokers": "Lüliang's technology brokers: grade, industry chains and record of deals",
    "meta.indicators": "Public indicators of Lüliang's technology market: contract value, registrations, needs and brokers",
    "meta.challenges": "Lüliang's open challenges and races: the problems, their rewards, the application windows and who won",
    "meta.scenarios": "Lüliang's yearly list of application scenarios open to new technology: sites, conditions, subsidies and progress",
    "meta.forgotPassword": "Reset your Lüliang Technology Market password with the e-mail address you registered",
  },
);
