import { defineMessages } from "./define";

// The site's frame (footer, policy pages) and the messages of the forms and pages made clearer
// for first-time users: deal notes, submitting before verification, organisation decisions.

export const frameMessages = defineMessages(
  {
    "deal.note.hint": "最多 {max} 个字符，仅本次对接的双方和经纪人可见。",
    "listing.submitHeldUnverified": "草稿已保存。您的机构尚待科技局认证，认证通过后即可在此提交审核；如需加快，请联系平台运营方。",
  },
  {
    "deal.note.hint": "Up to {max} characters, seen only by the two sides of this deal and its broker.",
    "listing.submitHeldUnverified":
      "Your draft is saved. Your organisation is waiting for the Bureau's verification; once verified you can submit it for review here. To speed this up, contact the platform's operator.",
  },
);
