import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, Link, useActionData, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { ENQUIRY_MESSAGE_MAX, ENQUIRY_REASONS, type ListingSubject } from "../codes";
import type { MessageKey } from "../i18n";
import { formatDate } from "../i18n/format";
import type { InterestState } from "../services/enquiries.server";
import { FormErrors, SelectField, TextArea } from "./fields";
import { useLocale, useT } from "./i18n";

/** What the listing page's action returns when an expression of interest is refused. */
export type InterestReply = { interest?: { result: SubmissionResult<string[]>; enquiryId: number | null } };

/**
 * "Express interest" on a listing's page: a form posted to the page's own action with
 * intent=interest (handleInterestIntent), so it works without JavaScript and comes back with
 * what was typed when anything is wrong. A visitor is offered a sign-in link back to the page.
 */
export function ExpressInterest({ subject, id, state }: { subject: ListingSubject; id: number; state: InterestState }) {
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  if (state.kind === "hidden") return null;
  const body = (() => {
    switch (state.kind) {
      case "sign_in":
        return (
          <p>
            <Link to={`/login?redirectTo=${encodeURIComponent(pathname)}`} className="button primary">
              {t("enquiry.signIn")}
            </Link>{" "}
            <span className="muted">{t("enquiry.signInHint")}</span>
          </p>
        );
      case "own":
        return (
          <p>
            {t("enquiry.own", { n: state.waiting })} <Link to="/me/enquiries">{t("enquiry.answerThem")}</Link>
          </p>
        );
      case "sent":
        return (
          <p className={params.get("interest") === "sent" ? "alert ok" : undefined} role={params.get("interest") === "sent" ? "status" : undefined}>
            {params.get("interest") === "sent" ? t("enquiry.sent") : t("enquiry.alreadySent", { date: formatDate(state.requestedAt, locale) })}{" "}
            <Link to={`/me/enquiries#enquiry-${state.enquiryId}`}>{t("enquiry.viewIt")}</Link>
          </p>
        );
      case "unverified":
        return <p className="muted">{t("enquiry.unverified")}</p>;
      case "closed":
        return <p className="muted">{t("enquiry.closed")}</p>;
      case "form":
        return <InterestForm subject={subject} id={id} achievements={state.achievements} />;
    }
  })();
  return (
    <section className="card listing-extra" id="interest" aria-labelledby="interest-title">
      <h2 id="interest-title">{t("enquiry.title")}</h2>
      {body}
    </section>
  );
}

function InterestForm({ subject, id, achievements }: { subject: ListingSubject; id: number; achievements: { id: number; title: string }[] }) {
  const t = useT();
  const reply = useActionData<InterestReply>()?.interest;
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm<{ intent: string; reason: string; message: string; achievementId: string }>({
    id: `interest-${subject}-${id}`,
    lastResult: reply?.result,
    shouldRevalidate: "onBlur",
    constraint: { reason: { required: true }, message: { required: true, minLength: 10, maxLength: ENQUIRY_MESSAGE_MAX } },
  });
  const reasons = subject === "need" || subject === "challenge" || subject === "scenario" ? ENQUIRY_REASONS : ENQUIRY_REASONS.filter((r) => r !== "can_solve");
  return (
    <Form method="post" className="stacked" {...getFormProps(form)} noValidate>
      <p className="muted">{t("enquiry.lead")}</p>
      <FormErrors errors={form.errors} />
      {reply?.enquiryId && (
        <p>
          <Link to={`/me/enquiries#enquiry-${reply.enquiryId}`}>{t("enquiry.viewIt")}</Link>
        </p>
      )}
      <input type="hidden" name="intent" value="interest" />
      <SelectField
        field={fields.reason}
        label={t("enquiry.reason")}
        options={reasons.map((r) => ({ value: r, label: t(`enquiry.reason.${r}` as MessageKey) }))}
      />
      <TextArea field={fields.message} label={t("enquiry.message")} hint={t("enquiry.messageHint", { max: ENQUIRY_MESSAGE_MAX })} rows={4} />
      {achievements.length > 0 && (
        <SelectField
          field={fields.achievementId}
          label={t("enquiry.achievement")}
          placeholder={t("enquiry.achievementNone")}
          options={achievements.map((a) => ({ value: String(a.id), label: a.title }))}
        />
      )}
      <div>
        <button type="submit" className="primary" disabled={busy}>
          {t("enquiry.send")}
        </button>
      </div>
    </Form>
  );
}
