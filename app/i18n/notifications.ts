import { defineMessages } from "./define";

export const notificationMessages = defineMessages(
  {
    "inbox.title": "消息",
    "inbox.empty": "暂无消息。",
    "inbox.markAllRead": "全部标为已读",
    "inbox.unread": "{count} 条未读",
    "inbox.open": "查看",
    "notify.need_claimed": "技术经纪人 {broker} 认领了您的需求“{title}”",
    "notify.match_proposed": "技术经纪人为“{need}”推荐了成果“{achievement}”",
    "notify.answer_received": "{org} 对“{subject}”作出了答复：{code}",
    "notify.stage_changed": "对接“{title}”进入新阶段：{stage}",
    "notify.contract_returned": "技术合同“{title}”被退回：{reason}",
    "notify.contract_registered": "技术合同“{title}”已认定登记，登记编号 {number}",
    "notify.listing_stale_soon": "“{title}”将在 {days} 天后因长期未确认而从列表隐藏，请确认信息仍然有效",
    "notify.broker_decided": "您的技术经纪人资格申请结果：{status}",
    "email.footer": "此邮件由吕梁科技大市场自动发送。",
  },
  {
    "inbox.title": "Inbox",
    "inbox.empty": "No messages yet.",
    "inbox.markAllRead": "Mark all as read",
    "inbox.unread": "{count} unread",
    "inbox.open": "Open",
    "notify.need_claimed": "Broker {broker} has taken up your need “{title}”",
    "notify.match_proposed": "A broker proposed the achievement “{achievement}” for “{need}”",
    "notify.answer_received": "{org} answered “{subject}”: {code}",
    "notify.stage_changed": "The deal “{title}” moved to a new stage: {stage}",
    "notify.contract_returned": "The contract “{title}” was returned: {reason}",
    "notify.contract_registered": "The contract “{title}” is registered, number {number}",
    "notify.listing_stale_soon": "“{title}” will leave the lists in {days, plural, one {# day} other {# days}} unless you confirm it is still current",
    "notify.broker_decided": "Your broker certification application: {status}",
    "email.footer": "Sent automatically by the Lüliang Technology Market.",
  },
);

type Translate = (key: string, params?: Record<string, string | number>) => string;

/**
 * A notice's parameters in the reader's language. Codes are stored as message keys under a
 * name ending in "Key" (stageKey: "deal.stage.signed", codeKey: "deal.code.price") and become
 * the parameter without it (stage, code) when the notice is shown or mailed, so a reader sees
 * stages and answers in the language they read in, whatever it was when the notice was made.
 * A decision with a note (statusKey + note) reads "status (note)".
 */
export function localiseNotificationParams(translate: Translate, params: Record<string, string | number>): Record<string, string | number> {
  const out: Record<string, string | number> = { ...params };
  for (const [name, value] of Object.entries(params)) {
    const m = /^(\w+)Key$/.exec(name);
    if (m && typeof value === "string") out[m[1]!] = translate(value);
  }
  if (typeof params.statusKey === "string" && typeof params.note === "string")
    out.status = translate("broker.decidedWithNote", { status: out.status!, note: params.note });
  return out;
}
