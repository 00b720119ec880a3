import { sql } from "drizzle-orm";
import type { Need, Scenario } from "../../../db/schema";
import { needs, scenarios } from "../../../db/schema";

// A deal answers a need or an application scenario (exactly one: the matches table checks it).
// What the deal room, the lists and the notifications show of that subject, whichever it is.

export interface DealSubject {
  kind: "need" | "scenario";
  id: number;
  orgId: number;
  title: string;
  href: string;
  industryChainId: string;
  /** The need's budget, or the scenario's stated investment. */
  budgetMinFen: number | null;
  budgetMaxFen: number | null;
  /** The need's deadline, or the last day of the scenario's open period. */
  deadline: string;
  subsidyCapFen: number | null;
  contactName: string;
  contactPhone: string;
  contactEmail: string | null;
}

export function dealSubject(need: Need | null, scenario: Scenario | null): DealSubject | null {
  if (need) {
    return {
      kind: "need",
      id: need.id,
      orgId: need.orgId,
      title: need.title,
      href: `/needs/${need.id}`,
      industryChainId: need.industryChainId,
      budgetMinFen: need.budgetMinFen,
      budgetMaxFen: need.budgetMaxFen,
      deadline: need.deadline,
      subsidyCapFen: null,
      contactName: need.contactName,
      contactPhone: need.contactPhone,
      contactEmail: need.contactEmail,
    };
  }
  if (scenario) {
    return {
      kind: "scenario",
      id: scenario.id,
      orgId: scenario.orgId,
      title: scenario.title,
      href: `/scenarios/${scenario.id}`,
      industryChainId: scenario.industryChainId,
      budgetMinFen: null,
      budgetMaxFen: scenario.investmentFen,
      deadline: scenario.closesOn,
      subsidyCapFen: scenario.subsidyCapFen,
      contactName: scenario.contactName,
      contactPhone: scenario.contactPhone,
      contactEmail: scenario.contactEmail,
    };
  }
  return null;
}

/** SQL for the subject's owning organisation, over a query that left-joins both needs and scenarios. */
export const subjectOrgId = sql<number>`coalesce(${needs.orgId}, ${scenarios.orgId})`;
/** SQL for the subject's title, likewise. */
export const subjectTitle = sql<string>`coalesce(${needs.title}, ${scenarios.title})`;
