import type { Locale } from "../i18n";
import { getEnv, type Env } from "./env.server";

/** What every page's footer and the policy pages say about who runs the site, in one language. */
export interface SiteFrame {
  sponsor: string;
  operator: string;
  address: string;
  phone: string;
  email: string;
  icp: string;
  psb: string;
  /** The public-security filing's number alone, for the link to its record. */
  psbCode: string | null;
}

/** The site's frame from configuration (SITE_* settings), in the visitor's language. */
export function siteFrame(locale: Locale, env: Env = getEnv()): SiteFrame {
  const en = locale === "en";
  return {
    sponsor: en ? env.SITE_SPONSOR_EN : env.SITE_SPONSOR,
    operator: en ? env.SITE_OPERATOR_EN : env.SITE_OPERATOR,
    address: en ? env.SITE_ADDRESS_EN : env.SITE_ADDRESS,
    phone: env.SITE_CONTACT_PHONE,
    email: env.SITE_CONTACT_EMAIL,
    icp: env.SITE_ICP,
    psb: env.SITE_PSB,
    psbCode: /\d{10,}/.exec(env.SITE_PSB)?.[0] ?? null,
  };
}
