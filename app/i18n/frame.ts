import { defineMessages } from "./define";

// The site's frame (footer, policy pages) and the messages of the forms and pages made clearer
// for first-time users: deal notes, submitting before verification, organisation decisions.

export const frameMessages = defineMessages(
  {
    "deal.note.hint": "最多 {max} 个字符，仅本次对接的双方和经纪人可见。",
  },
  {
    "deal.note.hint": "Up to {max} characters, seen only by the two sides of this deal and its broker.",
  },
);
