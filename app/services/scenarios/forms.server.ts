import type { SubmissionResult } from "@conform-to/react";
import { json, redirect } from "@remix-run/node";
import type { Scenario } from "../../../db/schema";
import type { Locale } from "../../i18n";
import { localiseFieldErrors } from "../forms";
import { forbidden, notFound } from "../http.server";
import type { SaveResult } from "../listings.server";
import { fenToWanInput } from "../money";

type Submission = { reply(options?: { fieldErrors?: Record<string, string[]> }): SubmissionResult<string[]> };

/** What the scenario form's action answers once the service has spoken. */
export function replyToScenarioSave(outcome: SaveResult, submission: Submission, locale: Locale) {
  if (outcome.ok) return redirect(`/scenarios/${outcome.id}?saved=1`);
  if ("fieldErrors" in outcome) {
    return json({ result: submission.reply({ fieldErrors: localiseFieldErrors(locale, outcome.fieldErrors) }) }, { status: 400 });
  }
  return outcome.error === "not_found" ? notFound() : forbidden(outcome.error);
}

/** A stored scenario as its edit form shows it (amounts back in 万元). */
export function scenarioFormValues(s: Scenario): Record<string, string | string[] | undefined> {
  return {
    title: s.title,
    description: s.description,
    techWanted: s.techWanted,
    resources: s.resources,
    conditions: s.conditions,
    site: s.site,
    countyCode: s.countyCode,
    industryChainId: s.industryChainId,
    techFieldCode: s.techFieldCode,
    kind: s.kind,
    grade: s.grade,
    subsidyCapWan: fenToWanInput(s.subsidyCapFen),
    investmentWan: fenToWanInput(s.investmentFen),
    opensOn: s.opensOn,
    closesOn: s.closesOn,
    contactName: s.contactName,
    contactPhone: s.contactPhone,
    contactEmail: s.contactEmail ?? "",
  };
}
