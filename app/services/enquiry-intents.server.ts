import { json, redirect } from "@remix-run/node";
import type { ListingSubject } from "../codes";
import { enquiryAnswerSchema, enquirySchema, parseForm } from "../schemas/index.server";
import { answerEnquiry, enquiryLink, expressInterest, type EnquiryError } from "./enquiries.server";
import { badRequest, idParam, notFound } from "./http.server";
import { listingPath } from "./listing-subjects.server";
import { requestContext, userContext } from "./request.server";

const STATUS: Record<Exclude<EnquiryError, "not_found" | "sign_in">, number> = {
  own_listing: 403,
  not_member: 403,
  unverified: 403,
  not_open: 409,
  duplicate: 409,
  bad_achievement: 400,
};

/**
 * The "express interest" form on a listing's page (intent=interest). Bad input or a refusal
 * returns the form with what was typed and a message; success returns to the page.
 * A visitor not signed in is sent to sign in and back.
 */
export async function handleInterestIntent(request: Request, subject: ListingSubject, rawId: string | undefined) {
  const { db, actor, locale, t, requestId } = await requestContext(request);
  const id = idParam(rawId);
  const path = listingPath(subject, id);
  if (!actor) throw redirect(`/login?redirectTo=${encodeURIComponent(path)}`);
  const submission = parseForm(await request.formData(), enquirySchema, locale);
  if (submission.status !== "success") return json({ interest: { result: submission.reply(), enquiryId: null } }, { status: 400 });
  const { reason, message, achievementId } = submission.value;
  const outcome = expressInterest(db, actor, { subject, subjectId: id, reason, message, achievementId }, new Date(), requestId);
  if (outcome.ok) return redirect(`${path}?interest=sent#interest`);
  if (outcome.error === "not_found") notFound();
  if (outcome.error === "sign_in") throw redirect(`/login?redirectTo=${encodeURIComponent(path)}`);
  return json(
    { interest: { result: submission.reply({ formErrors: [t(`enquiry.error.${outcome.error}`)] }), enquiryId: outcome.enquiryId ?? null } },
    { status: STATUS[outcome.error] },
  );
}

/** The owner's answer to one enquiry, from the enquiries page. */
export async function handleEnquiryAnswer(request: Request, returnTo: string) {
  const { db, actor, locale, t, requestId } = await userContext(request);
  const submission = parseForm(await request.formData(), enquiryAnswerSchema, locale);
  if (submission.status !== "success") {
    const enquiryId = Number(submission.payload.enquiryId);
    if (!Number.isInteger(enquiryId) || enquiryId <= 0) badRequest();
    return json({ answer: { enquiryId, result: submission.reply() } }, { status: 400 });
  }
  const outcome = answerEnquiry(db, actor, submission.value, new Date(), requestId);
  if (outcome.ok) return redirect(`${returnTo}?done=answered${enquiryLink(submission.value.enquiryId).replace(/^[^#]*/, "")}`);
  if (outcome.error === "not_found" || outcome.error === "forbidden") notFound();
  return json({ answer: { enquiryId: submission.value.enquiryId, result: submission.reply({ formErrors: [t("enquiry.error.answered")] }) } }, { status: 409 });
}
