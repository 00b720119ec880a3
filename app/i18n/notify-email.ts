import { defineMessages } from "./define";

// The messages of the notifications added with the Bureau's decisions, and every e-mail the
// platform sends: subjects, the body's frame, the password-reset letter. The e-mail keys are
// used on the server only (see SERVER_ONLY_TABLES in messages.server.ts).

export const notifyEventMessages = defineMessages(
  {
    "notify.org_verified": "您的机构“{org}”已通过科技局认证，现在可以提交需求和成果",
    "notify.org_refused": "您的机构“{org}”未通过科技局认证：{reason}",
    "notify.listing_approved": "您的{kind}“{title}”已审核通过并公开发布",
    "notify.listing_returned": "您的{kind}“{title}”被退回修改：{reason}",
    "notify.kind.need": "技术需求",
    "notify.kind.achievement": "科技成果",
    "notify.reasonNone": "未说明原因",
  },
  {
    "notify.org_verified": "Your organisation “{org}” has been verified by the Bureau; you can now submit needs and achievements",
    "notify.org_refused": "Your organisation “{org}” was not verified by the Bureau: {reason}",
    "notify.listing_approved": "Your {kind} “{title}” was approved and is now public",
    "notify.listing_returned": "Your {kind} “{title}” was returned for changes: {reason}",
    "notify.kind.need": "need",
    "notify.kind.achievement": "achievement",
    "notify.reasonNone": "no reason given",
  },
);

export const emailMessages = defineMessages(
  {
    "email.subject.default": "您有一条新消息",
    "email.subject.need_claimed": "您的需求有了技术经纪人",
    "email.subject.match_proposed": "经纪人为您的需求推荐了成果",
    "email.subject.answer_received": "对接收到答复",
    "email.subject.stage_changed": "对接进入新阶段：{stage}",
    "email.subject.contract_returned": "技术合同被退回",
    "email.subject.contract_registered": "技术合同已认定登记",
    "email.subject.contract_cancelled": "技术合同登记已撤销",
    "email.subject.contract_terminated": "技术合同已登记终止",
    "email.subject.listing_stale_soon": "请确认“{title}”仍然有效",
    "email.subject.broker_decided": "技术经纪人资格申请结果",
    "email.subject.transfer_verified": "银行转账已核验",
    "email.subject.transfer_rejected": "银行转账被驳回",
    "email.subject.org_verified": "机构已通过认证",
    "email.subject.org_refused": "机构未通过认证",
    "email.subject.listing_approved": "{kind}已发布：{title}",
    "email.subject.listing_returned": "{kind}被退回修改：{title}",
    "email.greeting": "{name}，您好：",
    "email.open": "查看详情：{url}",
    "email.settings": "不想再收到这类邮件？可在“我的账户”中关闭邮件通知：{url}",
    "email.reset.subject": "设置新密码",
    "email.reset.body":
      "有人（希望是您本人）请求重设您在吕梁科技大市场的密码。请在 30 分钟内打开以下链接设置新密码：\n\n{url}\n\n此链接只能使用一次。如果这不是您本人的操作，请忽略此邮件，您的密码不会改变。",
  },
  {
    "email.subject.default": "You have a new message",
    "email.subject.need_claimed": "A broker has taken up your need",
    "email.subject.match_proposed": "A broker proposed an achievement for your need",
    "email.subject.answer_received": "An answer in your deal",
    "email.subject.stage_changed": "Your deal moved on: {stage}",
    "email.subject.contract_returned": "A contract was returned",
    "email.subject.contract_registered": "A contract is registered",
    "email.subject.contract_cancelled": "A contract's registration was cancelled",
    "email.subject.contract_terminated": "A contract was recorded as terminated",
    "email.subject.listing_stale_soon": "Please confirm “{title}” is still current",
    "email.subject.broker_decided": "Your broker certification application",
    "email.subject.transfer_verified": "A bank transfer was verified",
    "email.subject.transfer_rejected": "A bank transfer was rejected",
    "email.subject.org_verified": "Your organisation is verified",
    "email.subject.org_refused": "Your organisation was not verified",
    "email.subject.listing_approved": "Your {kind} is public: {title}",
    "email.subject.listing_returned": "Your {kind} was returned: {title}",
    "email.greeting": "Hello {name},",
    "email.open": "Open it here: {url}",
    "email.settings": "To stop these e-mails, turn them off on your account page: {url}",
    "email.reset.subject": "Set a new password",
    "email.reset.body":
      "Someone, we hope you, asked to reset your password on the Lüliang Technology Market. Open this link within 30 minutes to set a new one:\n\n{url}\n\nThe link works once. If it was not you, ignore this e-mail: your password stays as it is.",
  },
);
