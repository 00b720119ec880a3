import { defineMessages } from "./define";

// What the bare error page says when the root loader itself failed and sent no messages:
// the browser carries these few in both languages, and nothing else of the dictionaries.
export const errorPage = defineMessages(
  {
    "app.name": "吕梁科技大市场",
    "nav.home": "首页",
    "nav.skip": "跳到正文",
    "error.notFound": "没有找到这个页面或记录。",
    "error.forbidden": "您没有执行此操作的权限。",
    "error.generic": "出错了，请稍后重试。",
    "error.tooMany": "尝试次数过多，请稍后再试。",
    "error.readOnly": "平台暂时处于只读状态，您刚才的操作没有保存。请稍后再试。",
    "error.title": "出错了",
  },
  {
    "app.name": "Lüliang Technology Market",
    "nav.home": "Home",
    "nav.skip": "Skip to content",
    "error.notFound": "We could not find that page or record.",
    "error.forbidden": "You are not allowed to do that.",
    "error.generic": "Something went wrong. Please try again later.",
    "error.tooMany": "Too many attempts. Please wait and try again.",
    "error.readOnly": "The platform is read-only for the moment and nothing was saved. Please try again shortly.",
    "error.title": "Something went wrong",
  },
);
