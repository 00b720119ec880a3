import { defineMessages } from "./define";

// The monthly report of every indicator as PDF: the page that lists the months, and its refusals.
export const reportMessages = defineMessages(
  {
    "nav.reports": "月报",
    "report.title": "月度指标报告",
    "report.lead": "每月一份 PDF：所在年度累计的全部指标（按下载时平台的数据），含图表与数据表，数字与驾驶舱一致。",
    "report.month": "{month} 月报",
    "report.download": "下载 PDF",
    "report.none": "平台尚无数据，暂无月报。",
    "report.error.badMonth": "月份格式应为 YYYY-MM，例如 2026-03",
    "report.error.future": "{month} 尚未到来，不能生成未来月份的报告",
    "report.error.beforeData": "{month} 早于平台最早的数据（{first}），没有可报告的数字",
    "report.error.font": "报告所需的中文字体不可用（REPORT_FONT：{path}），请联系管理员安装 fonts-noto-cjk",
  },
  {
    "nav.reports": "Monthly reports",
    "report.title": "Monthly indicator reports",
    "report.lead":
      "One PDF per month: every indicator of its year to date (as the platform holds them when downloaded), with charts and tables, the same figures as the dashboard.",
    "report.month": "Report for {month}",
    "report.download": "Download PDF",
    "report.none": "The platform holds no data yet, so there is no report.",
    "report.error.badMonth": "The month must be written YYYY-MM, e.g. 2026-03",
    "report.error.future": "{month} is in the future; reports cover months that have begun",
    "report.error.beforeData": "{month} is before the platform's first data ({first}); there are no figures to report",
    "report.error.font": "The Chinese font the report needs is missing (REPORT_FONT: {path}); ask the administrator to install fonts-noto-cjk",
  },
);
