import { defineMessages } from "./define";

// The site's frame (footer, policy pages) and the messages of the forms and pages made clearer
// for first-time users: deal notes, submitting before verification, organisation decisions.

export const frameMessages = defineMessages(
  {
    "org.responseTooFew": "询问尚少，暂不计算",
    "match.outOf100": "/100",
    "match.reading.strong": "强匹配（{score}/100）：值得优先联系",
    "match.reading.possible": "可能匹配（{score}/100）：值得看一看",
    "match.reading.weak": "弱匹配（{score}/100）：共同点不多",
    "match.topFactor": "主要依据：{factor}",
    "footer.linksLabel": "网站信息",
    "footer.privacy": "隐私政策",
    "footer.terms": "用户协议",
    "footer.sponsor": "主办单位",
    "footer.operator": "运营单位",
    "footer.contact": "联系我们",
    "deal.note.hint": "最多 {max} 个字符，仅本次对接的双方和经纪人可见。",
    "auth.register.pilotCode": "这是早期试点发放的信用代码（校验位不符）",
    "auth.register.pilotCodeHint": "仅在代码校验不通过、且确为早期试点代码时勾选，科技局将人工核验。",
    "listing.submitHeldUnverified": "草稿已保存。您的机构尚待科技局认证，认证通过后即可在此提交审核；如需加快，请联系平台运营方。",
  },
  {
    "org.responseTooFew": "Too few to rate",
    "match.outOf100": "/100",
    "match.reading.strong": "Strong match ({score}/100): worth contacting first",
    "match.reading.possible": "Possible match ({score}/100): worth a look",
    "match.reading.weak": "Weak match ({score}/100): little in common",
    "match.topFactor": "mostly: {factor}",
    "footer.linksLabel": "About this site",
    "footer.privacy": "Privacy policy",
    "footer.terms": "Terms of use",
    "footer.sponsor": "Sponsor",
    "footer.operator": "Operator",
    "footer.contact": "Contact",
    "deal.note.hint": "Up to {max} characters, seen only by the two sides of this deal and its broker.",
    "auth.register.pilotCode": "This is an early pilot credit code (its check character does not match)",
    "auth.register.pilotCodeHint": "Tick only if the code fails the check and really is an early pilot code; the Bureau will verify it by hand.",
    "listing.submitHeldUnverified":
      "Your draft is saved. Your organisation is waiting for the Bureau's verification; once verified you can submit it for review here. To speed this up, contact the platform's operator.",
  },
);
