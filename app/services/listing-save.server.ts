import type { SubmissionResult } from "@conform-to/react";
import { json, redirect } from "@remix-run/node";
import type { Locale } from "../i18n";
import { localiseFieldErrors } from "./forms";
import { forbidden, notFound } from "./http.server";
import type { SaveResult } from "./listings.server";

type Submission = { reply(options?: { fieldErrors?: Record<string, string[]> }): SubmissionResult<string[]> };

/**
 * What a listing form's action answers once the service has spoken: to the saved listing,
 * back to the form with the service's field errors in the visitor's language, or 404/403.
 */
export function replyToSave(outcome: SaveResult, submission: Submission, locale: Locale, base: "/needs" | "/achievements") {
  if (outcome.ok) return redirect(`${base}/${outcome.id}?saved=1`);
  if ("fieldErrors" in outcome) {
    return json({ result: submission.reply({ fieldErrors: localiseFieldErrors(locale, outcome.fieldErrors) }) }, { status: 400 });
  }
  return outcome.error === "not_found" ? notFound() : forbidden(outcome.error);
}
