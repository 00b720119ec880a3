// Demo log-ins. Every seeded account shares one password so that a reviewer can try every
// role from the README without a lookup table; the main ones have memorable addresses.

import type { Role } from "../schema";
import { personName } from "./identity";
import { ORGANISATIONS, SEED, orgByKey } from "./organisations";
import { childRng } from "./random";

export const DEMO_PASSWORD = "Lvliang-demo-2026";

export interface DemoAccount {
  email: string;
  name: string;
  role: Role;
  orgKey: string;
  orgName: string;
  password: string;
}

function account(email: string, name: string, role: Role, orgKey: string): DemoAccount {
  return { email, name, role, orgKey, orgName: orgByKey(orgKey).name, password: DEMO_PASSWORD };
}

/** The accounts worth listing in the README, one or more per role. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  account("admin@lvliang.example", "郭志刚", "admin", "kjj"),
  account("enterprise@lvliang.example", "王建军", "enterprise", "pengrui"),
  account("institute@lvliang.example", "李晓燕", "institute", "tyut-ll"),
  account("broker@lvliang.example", "张海涛", "broker", "jinchuang"),
  account("reviewer@lvliang.example", "薛文博", "admin", "kjj"),
  account("broker2@lvliang.example", "武晋生", "broker", "kechuang"),
  account("hydrogen@lvliang.example", "贾俊峰", "enterprise", "jinqing"),
  account("liquor@lvliang.example", "任秀英", "enterprise", "xingyuan-liquor"),
  account("sxicc@lvliang.example", "高宏亮", "institute", "sxicc"),
  // Its organisation is still awaiting verification: shows what an unverified member sees.
  account("pending@lvliang.example", "田立新", "enterprise", "lvyuan-h2"),
];

/**
 * One member for every other enterprise and institute, so each listing has a plausible
 * author; same password, addresses built from the organisation's key.
 */
export const MEMBER_ACCOUNTS: readonly DemoAccount[] = ORGANISATIONS.filter(
  (o) => (o.kind === "enterprise" || o.kind === "institute") && !DEMO_ACCOUNTS.some((a) => a.orgKey === o.key),
).map((o) => account(`${o.key}@lvliang.example`, personName(childRng(SEED, `member:${o.key}`)), o.kind === "institute" ? "institute" : "enterprise", o.key));

export const ALL_ACCOUNTS: readonly DemoAccount[] = [
  ...DEMO_ACCOUNTS,
  // A second member at the main enterprise and institute, so "my organisation's listings" differs from "mine".
  account("pengrui-tech@lvliang.example", "霍鹏飞", "enterprise", "pengrui"),
  account("tyut-ll-transfer@lvliang.example", "冯慧娟", "institute", "tyut-ll"),
  account("broker3@lvliang.example", "白瑞雪", "broker", "jinchuang"),
  // Trained but not yet certified: gives the Bureau's broker review something to decide.
  account("broker-applicant@lvliang.example", "乔晓丽", "broker", "kechuang"),
  ...MEMBER_ACCOUNTS,
];
