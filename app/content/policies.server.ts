import type { Locale } from "../i18n";
import type { SiteFrame } from "../services/site-frame.server";

// The privacy policy and the terms of use, in both languages. They are long and read rarely, so
// they travel in the page's loader data rather than in the message scripts every page loads.
// The operator's name and contact come from the site's configuration.

export type PolicyKind = "privacy" | "terms";
export type PolicySection = { heading: string; paragraphs: string[] };
export type Policy = { title: string; updated: string; intro: string; sections: PolicySection[] };

/** The date the current text took effect; change it with the text. */
export const POLICY_EFFECTIVE = "2026-11-01";

type Writer = (f: SiteFrame) => Policy;

const privacyZh: Writer = (f) => ({
  title: "隐私政策",
  updated: `生效日期：${POLICY_EFFECTIVE}`,
  intro: `吕梁科技大市场（下称“平台”）由${f.sponsor}主办、${f.operator}运营（下称“我们”）。我们依照《中华人民共和国个人信息保护法》《网络安全法》《数据安全法》处理您的个人信息，本政策说明我们收集什么、为什么收集、保存多久、谁能看到，以及您享有的权利。`,
  sections: [
    {
      heading: "一、我们收集的信息",
      paragraphs: [
        "注册账户：姓名、电子邮箱、手机号码、登录密码（仅保存不可逆的加密摘要）、所属机构及其统一社会信用代码和所在县（市、区）。",
        "发布需求与成果：标题、描述、技术领域、预算或价格，以及您填写的联系人、联系电话和邮箱。",
        "技术经纪人：执业证书信息、服务领域和服务记录。",
        "对接与合同：对接过程中的记录、答复、上传的文件，技术合同的双方、金额、签订日期，以及付款凭证。",
        "访问记录：访问时间、IP 地址、浏览器类型、请求编号，以及维持登录、记住语言和识别登录设备所需的 Cookie。我们不使用第三方广告或跟踪 Cookie。",
      ],
    },
    {
      heading: "二、我们为什么使用这些信息",
      paragraphs: [
        "为您提供账户、发布、检索、匹配、对接和合同登记服务（为订立、履行您作为一方当事人的合同所必需）。",
        "核验机构和技术经纪人身份，审核发布内容，防止欺诈和虚假交易（履行法定职责和义务所必需）。",
        "统计技术合同成交额等科技成果转化指标，按规定报送主管部门；对外公布的统计数据不含可识别个人的信息。",
        "保障平台安全：登录限速、异常检测和审计日志。",
        "除上述目的外，如需将您的信息用于其他目的，我们会另行取得您的同意。",
      ],
    },
    {
      heading: "三、谁能看到您的联系方式",
      paragraphs: [
        "需求和成果的公开页面不显示联系人、电话和邮箱。联系方式仅对发布方本机构成员、已认领该需求或正在对接该成果的技术经纪人，以及科技局工作人员可见。",
        "对接记录和文件仅对该次对接的双方机构成员、负责的技术经纪人和科技局工作人员可见。",
        "我们不出售您的个人信息，也不向上述范围以外的任何人提供，法律、行政法规另有规定或您另行同意的除外。",
      ],
    },
    {
      heading: "四、保存期限与地点",
      paragraphs: [
        "账户信息在账户存续期间保存；账户注销后 30 日内删除或匿名化，法律法规要求保存的除外。",
        "访问日志至少保存六个月，用于安全审计，之后删除。",
        "技术合同、登记和付款记录以及审计日志，按统计和档案管理规定的期限保存，期满后删除或匿名化。",
        "个人信息存储在中华人民共和国境内，不向境外提供。",
      ],
    },
    {
      heading: "五、您的权利",
      paragraphs: [
        "您有权查阅、复制、更正、补充和删除您的个人信息，有权撤回同意、注销账户，并有权要求我们解释个人信息处理规则。",
        "您可以在“账户”页面修改个人资料，也可以通过下方联系方式提出请求；我们将在核实身份后 15 个工作日内答复。",
        "如您认为我们的处理侵害了您的权益，可以向网信、科技等主管部门投诉举报。",
      ],
    },
    {
      heading: "六、安全措施",
      paragraphs: [
        "全站加密传输，密码以加盐摘要保存，工作人员按最小必要原则授权访问，每次修改记录审计日志。如发生个人信息安全事件，我们将依法告知您并向主管部门报告。",
      ],
    },
    {
      heading: "七、未成年人",
      paragraphs: ["平台面向企业、高校院所和技术经纪人等机构用户，不面向未满十四周岁的未成年人提供服务。"],
    },
    {
      heading: "八、联系我们",
      paragraphs: [
        `个人信息保护事务由${f.operator}负责。地址：${f.address}；电话：${f.phone}；邮箱：${f.email}。`,
        "本政策更新时，我们会在平台显著位置公告；重大变更将另行通知。",
      ],
    },
  ],
});

const privacyEn: Writer = (f) => ({
  title: "Privacy policy",
  updated: `In effect from ${POLICY_EFFECTIVE}`,
  intro: `The Lüliang Technology Market (“the platform”) is sponsored by ${f.sponsor} and operated by ${f.operator} (“we”). We handle your personal information under the Personal Information Protection Law, the Cybersecurity Law and the Data Security Law of the People's Republic of China. This policy says what we collect, why, for how long, who sees it, and what rights you have.`,
  sections: [
    {
      heading: "1. What we collect",
      paragraphs: [
        "Your account: name, e-mail address, mobile number, password (kept only as a one-way salted hash), your organisation with its Unified Social Credit Code and county.",
        "Needs and achievements you post: title, description, technical field, budget or price, and the contact person, phone number and e-mail you give.",
        "Technology brokers: certificate details, fields of service and service record.",
        "Deals and contracts: notes, answers and files exchanged in a deal; the parties, amounts and signing date of technology contracts; payment receipts.",
        "Visits: time, IP address, browser type and request id, and the cookies needed to keep you signed in, remember your language and recognise your sign-in device. We use no third-party advertising or tracking cookies.",
      ],
    },
    {
      heading: "2. Why we use it",
      paragraphs: [
        "To provide your account, posting, search, matching, deals and contract registration (necessary for a contract to which you are a party).",
        "To verify organisations and brokers, review what is published, and prevent fraud and false transactions (necessary for statutory duties).",
        "To compile technology-transfer indicators such as the technology-contract transaction amount and report them to the authorities; published figures identify no person.",
        "To keep the platform secure: sign-in throttling, anomaly checks and audit records.",
        "We will ask for your consent before using your information for any other purpose.",
      ],
    },
    {
      heading: "3. Who sees your contact details",
      paragraphs: [
        "The public pages of needs and achievements do not show contact names, phone numbers or e-mail addresses. These are visible only to members of the owning organisation, to the broker who has claimed the need or is running a deal on the achievement, and to Bureau staff.",
        "A deal's notes and files are visible only to the members of its two organisations, its broker and Bureau staff.",
        "We do not sell your personal information, nor give it to anyone beyond these people, unless a law or administrative regulation requires it or you agree.",
      ],
    },
    {
      heading: "4. How long and where we keep it",
      paragraphs: [
        "Account details are kept while the account exists, and deleted or anonymised within 30 days after it is closed, unless the law requires otherwise.",
        "Access logs are kept for at least six months for security audits, then deleted.",
        "Contracts, registrations, payment records and audit records are kept for the periods set by statistical and archival rules, then deleted or anonymised.",
        "Personal information is stored in the People's Republic of China and is not transferred abroad.",
      ],
    },
    {
      heading: "5. Your rights",
      paragraphs: [
        "You may access, copy, correct, complete and delete your personal information, withdraw consent, close your account, and ask us to explain how we handle your information.",
        "You can change your details on the “Account” page, or write to us at the contact below; we answer within 15 working days after confirming who you are.",
        "If you believe we have infringed your rights, you may complain to the cyberspace or science and technology authorities.",
      ],
    },
    {
      heading: "6. Security",
      paragraphs: [
        "All traffic is encrypted, passwords are stored as salted hashes, staff have only the access their work needs, and every change is recorded in an audit trail. Should a personal-information incident occur, we will inform you and report it to the authorities as the law requires.",
      ],
    },
    {
      heading: "7. Minors",
      paragraphs: [
        "The platform serves organisations (enterprises, universities, institutes) and technology brokers; it is not offered to children under fourteen.",
      ],
    },
    {
      heading: "8. Contact",
      paragraphs: [
        `${f.operator} is responsible for personal-information matters. Address: ${f.address}; phone: ${f.phone}; e-mail: ${f.email}.`,
        "When this policy changes we announce it prominently on the platform, and tell you directly of any significant change.",
      ],
    },
  ],
});

const termsZh: Writer = (f) => ({
  title: "用户协议",
  updated: `生效日期：${POLICY_EFFECTIVE}`,
  intro: `本协议是您与吕梁科技大市场运营方${f.operator}之间关于使用平台的约定。注册或使用平台即表示您已阅读并同意本协议和《隐私政策》。`,
  sections: [
    {
      heading: "一、平台的服务",
      paragraphs: [
        "平台为企业、高校院所和技术经纪人提供技术需求与科技成果的发布、检索、匹配、对接，以及技术合同登记和相关统计服务。",
        "平台是信息服务和撮合渠道，不是交易任何一方；技术合同由当事人自行协商订立并承担责任。平台提供的匹配分数和说明仅供参考。",
      ],
    },
    {
      heading: "二、账户与机构认证",
      paragraphs: [
        "请使用真实身份注册，并代表您实际所属的机构。机构须经科技局认证后方可提交发布内容。",
        "请妥善保管密码；通过您的账户进行的操作视为您本人的操作。发现账户被盗用，请立即联系我们。",
      ],
    },
    {
      heading: "三、发布内容的要求",
      paragraphs: [
        "您发布的需求、成果和资料应真实、准确，不得侵犯他人的知识产权、商业秘密或个人信息，不得含有法律法规禁止的内容。",
        "涉及国家秘密或受出口管制的技术不得在平台发布。",
        "科技局对发布内容进行审核，可以退回、下架不符合要求的内容并说明理由。",
      ],
    },
    {
      heading: "四、禁止的行为",
      paragraphs: [
        "不得虚构交易、拆分或重复申报合同以骗取统计数据或补贴；不得批量抓取平台数据（开放数据接口按其说明使用除外）；不得干扰平台正常运行。",
        "违反上述约定的，我们可以暂停或终止相关账户，并依法移交有关部门处理。",
      ],
    },
    {
      heading: "五、知识产权",
      paragraphs: ["您对发布的内容保留全部权利，并授权平台为提供本服务而展示、检索和统计这些内容。平台自身的软件、标识和页面设计的权利归运营方所有。"],
    },
    {
      heading: "六、责任",
      paragraphs: [
        "我们尽力保持平台安全、稳定，但不保证服务不中断。因不可抗力、系统维护或第三方原因造成的中断，我们将尽快恢复并公告。",
        "对于当事人之间的交易纠纷，平台可以协助提供对接记录，但不承担当事人的合同责任。",
      ],
    },
    {
      heading: "七、协议变更与争议解决",
      paragraphs: [
        "协议变更时我们将在平台公告，变更后继续使用即视为接受。",
        "本协议适用中华人民共和国法律。争议协商不成的，可向平台运营方所在地有管辖权的人民法院提起诉讼。",
      ],
    },
    {
      heading: "八、联系我们",
      paragraphs: [`${f.operator}，地址：${f.address}；电话：${f.phone}；邮箱：${f.email}。`],
    },
  ],
});

const termsEn: Writer = (f) => ({
  title: "Terms of use",
  updated: `In effect from ${POLICY_EFFECTIVE}`,
  intro: `These terms are an agreement between you and ${f.operator}, the operator of the Lüliang Technology Market, on using the platform. By registering or using the platform you accept these terms and the privacy policy.`,
  sections: [
    {
      heading: "1. The service",
      paragraphs: [
        "The platform lets enterprises, universities, institutes and technology brokers post, search, match and follow up technical needs and achievements, and supports the registration and statistics of technology contracts.",
        "The platform is an information and matching service, not a party to any transaction: the parties negotiate their technology contracts and answer for them. Match scores and explanations are guidance only.",
      ],
    },
    {
      heading: "2. Accounts and verification",
      paragraphs: [
        "Register under your real identity and on behalf of the organisation you actually belong to. An organisation must be verified by the Bureau before it can submit listings.",
        "Keep your password safe: what is done through your account is taken as done by you. Tell us at once if your account is misused.",
      ],
    },
    {
      heading: "3. What you post",
      paragraphs: [
        "Needs, achievements and files you post must be true and accurate, must not infringe anyone's intellectual property, trade secrets or personal information, and must contain nothing the law forbids.",
        "Technology that is a state secret or under export control must not be posted.",
        "The Bureau reviews what is posted and may return or withdraw a listing that does not meet these terms, giving its reason.",
      ],
    },
    {
      heading: "4. What is not allowed",
      paragraphs: [
        "Inventing transactions, splitting or repeating contracts to inflate statistics or claim subsidies, scraping the platform's data in bulk (other than through the open data API as documented), or disrupting the platform.",
        "We may suspend or close an account that breaks these terms and refer the matter to the authorities.",
      ],
    },
    {
      heading: "5. Intellectual property",
      paragraphs: [
        "You keep all rights in what you post and allow the platform to display, search and count it in order to provide the service. The rights in the platform's own software, marks and page design belong to its operator.",
      ],
    },
    {
      heading: "6. Liability",
      paragraphs: [
        "We work to keep the platform secure and available but cannot promise it never stops. After an interruption caused by force majeure, maintenance or a third party we restore the service as soon as we can and say so.",
        "In a dispute between parties, the platform can help with the record of their deal but bears none of their contractual liability.",
      ],
    },
    {
      heading: "7. Changes and disputes",
      paragraphs: [
        "We announce changes to these terms on the platform; using it after a change means accepting it.",
        "These terms are governed by the law of the People's Republic of China. A dispute not settled by talks may be brought before the competent people's court where the operator is located.",
      ],
    },
    {
      heading: "8. Contact",
      paragraphs: [`${f.operator}, ${f.address}; phone: ${f.phone}; e-mail: ${f.email}.`],
    },
  ],
});

const WRITERS: Record<PolicyKind, Record<Locale, Writer>> = {
  privacy: { "zh-CN": privacyZh, en: privacyEn },
  terms: { "zh-CN": termsZh, en: termsEn },
};

/** A policy page's text in one language, naming the operator and contact from configuration. */
export function policyText(kind: PolicyKind, locale: Locale, frame: SiteFrame): Policy {
  return WRITERS[kind][locale](frame);
}
