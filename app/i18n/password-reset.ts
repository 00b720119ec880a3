import { defineMessages } from "./define";

// The pages of a password reset and the account's notification settings.
export const passwordResetMessages = defineMessages(
  {
    "auth.forgot.link": "忘记密码？",
    "auth.forgot.title": "找回密码",
    "auth.forgot.intro": "请输入注册时使用的邮箱。我们会向该邮箱发送一个设置新密码的链接，链接 30 分钟内有效，只能使用一次。",
    "auth.forgot.submit": "发送重设链接",
    "auth.forgot.sent": "如果该邮箱已在本平台注册，设置新密码的链接已发往该邮箱，30 分钟内有效。没有收到？请查看垃圾邮件，或稍后再试。",
    "auth.forgot.throttled": "重设请求过于频繁，请 {minutes} 分钟后再试。",
    "auth.forgot.throttledMinute": "重设请求过于频繁，请 1 分钟后再试。",
    "auth.reset.title": "设置新密码",
    "auth.reset.submit": "保存新密码",
    "auth.reset.invalid": "此链接无效或已过期：链接 30 分钟内有效，只能使用一次。",
    "auth.reset.again": "重新获取链接",
    "auth.reset.done": "密码已重设，所有设备上的登录均已退出。请用新密码登录。",
    "account.email.title": "邮件通知",
    "account.email.label": "站内消息同时发送到我的邮箱",
    "account.email.hint": "关闭后，消息仍会出现在“消息”中，只是不再发送邮件。",
    "account.email.locale": "邮件使用的语言",
    "account.email.saved": "通知设置已保存。",
  },
  {
    "auth.forgot.link": "Forgot your password?",
    "auth.forgot.title": "Reset your password",
    "auth.forgot.intro": "Enter the e-mail address you registered with. We will send it a link to set a new password; the link works once, for 30 minutes.",
    "auth.forgot.submit": "Send the link",
    "auth.forgot.sent":
      "If that address is registered here, a link to set a new password is on its way to it; it works for 30 minutes. Nothing arrived? Look in the spam folder, or try again later.",
    "auth.forgot.throttled": "Too many reset requests. Try again in {minutes} minutes.",
    "auth.forgot.throttledMinute": "Too many reset requests. Try again in a minute.",
    "auth.reset.title": "Set a new password",
    "auth.reset.submit": "Save the new password",
    "auth.reset.invalid": "This link is not valid or has expired: a link works once, for 30 minutes.",
    "auth.reset.again": "Ask for a new link",
    "auth.reset.done": "Your password is changed and you are signed out everywhere. Sign in with the new password.",
    "account.email.title": "E-mail notifications",
    "account.email.label": "Also send my messages to my e-mail address",
    "account.email.hint": "When off, messages still arrive in your inbox; no e-mail is sent.",
    "account.email.locale": "Language of e-mails",
    "account.email.saved": "Notification settings saved.",
  },
);
