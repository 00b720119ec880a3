// Broker certifications for the demo's broker accounts: a broker account without one is a
// broker in name only. Three are certified (one per grade) and one application waits for the
// Bureau, so its broker queue is not empty.

import type { BrokerGrade } from "../schema";
import type { ChainId } from "./organisations";

export interface BrokerSeed {
  email: string;
  /** Opaque, as the registry's numbering is not fixed: region, year of training, serial. */
  certificateNo: string;
  grade: BrokerGrade;
  chains: ChainId[];
  /** Training cohort of 百名技术经纪人培育行动, null for one certified before it started. */
  cohort: string | null;
  bio: string;
  /** Fixed for the certified ones; the applicant's certificate dates follow the run date. */
  validFrom: string | null;
  validYears: number;
  certified: boolean;
}

export const BROKER_PROFILES: readonly BrokerSeed[] = [
  {
    email: "broker@lvliang.example",
    certificateNo: "LL-JJR-2025-0007",
    grade: "intermediate",
    chains: ["coal-chemistry", "hydrogen", "carbon-materials", "solid-waste"],
    cohort: "2025-1",
    bio: "长期从事煤化工和氢能领域技术转移，熟悉焦化企业工艺和高校院所成果，促成技术合同十余项。",
    validFrom: "2025-01-15",
    validYears: 3,
    certified: true,
  },
  {
    email: "broker2@lvliang.example",
    certificateNo: "SX-JJR-2023-0112",
    grade: "senior",
    chains: ["special-steel", "al-mg", "equipment", "coal-mining"],
    cohort: null,
    bio: "高级技术经理人，曾任钢铁企业技术中心主任，擅长冶金、铝镁和矿山装备领域的技术评价与商务谈判。",
    validFrom: "2023-06-30",
    validYears: 4,
    certified: true,
  },
  {
    email: "broker3@lvliang.example",
    certificateNo: "LL-JJR-2026-0031",
    grade: "junior",
    chains: ["modern-agriculture", "fenjiu-food", "biomedicine"],
    cohort: "2026-1",
    bio: "农学背景，服务汾阳、文水、岚县等地农业和食品企业，负责需求挖掘和成果对接。",
    validFrom: "2026-05-20",
    validYears: 3,
    certified: true,
  },
  {
    email: "broker-applicant@lvliang.example",
    certificateNo: "LL-JJR-2026-0058",
    grade: "junior",
    chains: ["digital-economy", "ai-plus", "new-energy"],
    cohort: "2026-1",
    bio: "信息技术企业项目经理，完成百名技术经纪人培育行动第一期培训，申请在平台执业。",
    validFrom: null,
    validYears: 3,
    certified: false,
  },
];
