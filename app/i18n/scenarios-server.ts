import { defineMessages } from "./define";

// The scenario messages only the server reads (refusals it words, validation messages it
// localises, notifications it renders): left out of the browser's dictionaries.
export const scenarioServerMessages = defineMessages(
  {
    "scenario.error.take.dismissed": "这对组合已被标记为不合适，不会再推荐。",
    "scenario.error.take.conflict": "这对组合已在对接中。",
    "scenario.error.take.inactive_broker": "您的经纪人资格当前无效，不能发起对接。",
    "scenario.error.take.not_found": "场景或成果已不可对接。",
    "scenario.error.take.forbidden": "只有技术经纪人可以发起对接。",
    "v.scenario.period": "截止日期不能早于开始日期",
    "v.scenario.pilotStartedOn": "请填写试点启动日期",
    "v.scenario.pilotResult": "请填写试点结果",
    "v.scenario.contract": "请填写后续合同编号",
    "v.scenario.contractNotOwn": "只能关联本单位作为当事方的合同",
    "v.scenario.pilotBeforeOpen": "试点启动日期不能早于场景开放日期",
    "notify.scenario_interest": "{org} 对您的应用场景“{title}”表达了合作意向：{reason}",
    "notify.scenario_outcome": "应用场景“{title}”有新进展：{outcome}",
    "notify.kind.scenario": "应用场景",
  },
  {
    "scenario.error.take.dismissed": "This pair was set aside and will not be suggested again.",
    "scenario.error.take.conflict": "This pair is already in a deal.",
    "scenario.error.take.inactive_broker": "Your broker certificate is not active, so you cannot start deals.",
    "scenario.error.take.not_found": "The scenario or the achievement can no longer be matched.",
    "scenario.error.take.forbidden": "Only brokers start deals.",
    "v.scenario.period": "The end date cannot be before the start date",
    "v.scenario.pilotStartedOn": "Enter the date the pilot started",
    "v.scenario.pilotResult": "Describe the pilot's result",
    "v.scenario.contract": "Enter the follow-on contract's number",
    "v.scenario.contractNotOwn": "Only a contract your organisation is a party to can be linked",
    "v.scenario.pilotBeforeOpen": "The pilot cannot start before the scenario opened",
    "notify.scenario_interest": "{org} is interested in your application scenario “{title}”: {reason}",
    "notify.scenario_outcome": "Application scenario “{title}” has progressed: {outcome}",
    "notify.kind.scenario": "application scenario",
  },
);
