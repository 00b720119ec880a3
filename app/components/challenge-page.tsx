import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { MessageKey } from "../i18n";
import { formatDate, formatDateTime } from "../i18n/format";
import { formatFen } from "../services/money";
import type { ChallengeView } from "../services/challenges/queries.server";
import { FormErrors, TextArea, TextField } from "./fields";
import { useLocale, useT } from "./i18n";
import { Facts } from "./listing-page";

// The parts of a challenge's public page: its status, facts, criteria and winners; the
// poster's and the Bureau's buttons; an applicant's form.

type Serialized<T> = T extends (infer U)[] ? Serialized<U>[] : T extends object ? { [K in keyof T]: Serialized<T[K]> } : T;
type View = Serialized<ChallengeView>;

const TONE: Record<string, string> = { open: "ok", awarded: "ok", paid: "ok", accepted: "ok", cancelled: "bad", returned: "warn" };

export function StatusTag({ status }: { status: string }) {
  const t = useT();
  return <span className={`tag ${TONE[status] ?? ""}`}>{t(`challenge.status.${status}` as MessageKey)}</span>;
}

export function Winners({ winners }: { winners: View["winners"] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" id="winners" aria-labelledby="winners-title">
      <h2 id="winners-title">{t("challenge.winners")}</h2>
      <ul>
        {winners.map((w) => (
          <li key={w.applicationId}>
            <Link to={`/organisations/${w.orgId}`}>{locale === "en" ? (w.org.nameEn ?? w.org.name) : w.org.name}</Link> · {formatFen(w.awardFen, locale)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function IntentButton({ intent, label, kind = "secondary" }: { intent: string; label: string; kind?: "primary" | "secondary" | "danger" }) {
  return (
    <Form method="post" className="inline">
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={kind}>
        {label}
      </button>
    </Form>
  );
}

function ReasonForm({ intent, label, field }: { intent: string; label: string; field: string }) {
  return (
    <Form method="post" className="stacked">
      <input type="hidden" name="intent" value={intent} />
      <label>
        {field}
        <textarea name="reason" rows={2} maxLength={500} required />
      </label>
      <button type="submit" className="danger">
        {label}
      </button>
    </Form>
  );
}

/** The poster's buttons (edit, submit, close early, cancel) and the Bureau's (review, cancel). */
export function ChallengeActions({ view, isAdmin }: { view: View; isAdmin: boolean }) {
  const t = useT();
  const c = view.challenge;
  const editable = c.status === "draft" || c.status === "returned";
  const cancellable = ["draft", "submitted", "returned", "published", "open", "closed", "shortlisted"].includes(view.status);
  const buttons: ReactNode[] = [];
  if (view.isChallenger && editable) {
    buttons.push(
      <Link key="edit" to={`/challenges/${c.id}/edit`} className="button">
        {t("challenge.edit")}
      </Link>,
      <IntentButton key="submit" intent="submit" label={t("challenge.submit")} kind="primary" />,
    );
  }
  if (view.isChallenger && view.status === "open") buttons.push(<IntentButton key="close" intent="close" label={t("challenge.closeEarly")} />);
  if (buttons.length === 0 && !(isAdmin && c.status === "submitted") && !((view.isChallenger || isAdmin) && cancellable)) return null;
  return (
    <section className="card" aria-labelledby="actions-title">
      <h2 id="actions-title">{t("challenge.actions")}</h2>
      <div className="actions">{buttons}</div>
      {isAdmin && c.status === "submitted" && (
        <div className="grid-2">
          <IntentButton intent="approve" label={t("challenge.approve")} kind="primary" />
          <ReasonForm intent="return" label={t("challenge.return")} field={t("challenge.returnReason")} />
        </div>
      )}
      {(view.isChallenger || isAdmin) && cancellable && (
        <details>
          <summary>{t("challenge.cancel")}</summary>
          <ReasonForm intent="cancel" label={t("challenge.cancel")} field={t("challenge.cancelReason")} />
        </details>
      )}
    </section>
  );
}

export function ChallengeFacts({ view }: { view: View }) {
  const t = useT();
  const locale = useLocale();
  const c = view.challenge;
  const name = (r: { zh: string | null; en: string | null }) => (locale === "en" ? r.en : r.zh) ?? "";
  const contact: [string, string][] = c.contactName
    ? [
        [t("common.contact"), c.contactName],
        [t("common.phone"), c.contactPhone ?? ""],
      ]
    : [];
  return (
    <div className="grid-2">
      <section className="card">
        <h2>{t("challenge.problem")}</h2>
        <p className="pre-wrap">{c.problem}</p>
        <h2>{t("challenge.indicators")}</h2>
        <p className="pre-wrap">{c.indicators}</p>
        <h2>{t("challenge.qualifications")}</h2>
        <p className="pre-wrap">{c.qualifications}</p>
        <h2>{t("challenge.acceptance")}</h2>
        <p className="pre-wrap">{c.acceptance}</p>
      </section>
      <section className="card">
        <Facts
          rows={[
            [t("challenge.poster"), locale === "en" ? (view.org.nameEn ?? view.org.name) : view.org.name],
            [t("challenge.reward"), formatFen(c.rewardFen, locale)],
            [t("challenge.payout"), t(`challenge.payout.${c.payout}` as MessageKey)],
            [t("challenge.mode"), c.mode === "race" ? `${t("challenge.mode.race")} · ${t("challenge.teamsN", { n: c.teams })}` : t("challenge.mode.single")],
            [t("challenge.window"), `${formatDateTime(c.opensAt, locale)} – ${formatDateTime(c.closesAt, locale)}`],
            [t("challenge.deliverBy"), formatDate(c.deliverBy, locale)],
            [t("common.industryChain"), name(view.chain)],
            [t("common.county"), name(view.county)],
            ...(c.publishedAt ? [[t("listing.publishedAt"), formatDateTime(c.publishedAt, locale)] as [string, string]] : []),
            ...(c.awardedAt ? [[t("challenge.awardedAt"), formatDateTime(c.awardedAt, locale)] as [string, string]] : []),
            ...(c.paidAt ? [[t("challenge.paidAt"), formatDateTime(c.paidAt, locale)] as [string, string]] : []),
            ...contact,
          ]}
        />
        <h2>{t("challenge.criteria")}</h2>
        <table>
          <thead>
            <tr>
              <th>{t("challenge.criterion")}</th>
              <th>{t("challenge.weight")}</th>
            </tr>
          </thead>
          <tbody>
            {c.criteria.map((k) => (
              <tr key={k.name}>
                <td>{k.name}</td>
                <td>{k.weight}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

/** An applicant's form (multipart: the proposal, team, budget and one file), or why they cannot apply. */
export function ApplyForm({
  view,
  signedIn,
  maxMb,
  lastResult,
}: {
  view: View;
  signedIn: boolean;
  maxMb: number;
  lastResult?: SubmissionResult<string[]> | null;
}) {
  const t = useT();
  const [form, fields] = useForm<{ proposal: string; team: string; budgetWan: string }>({ id: "apply-form", lastResult, shouldRevalidate: "onInput" });
  if (view.status !== "open" && !view.myApplication) return null;
  let body: ReactNode;
  if (view.myApplication) body = <p>{t("challenge.applied", { status: t(`challenge.appStatus.${view.myApplication.status}` as MessageKey) })}</p>;
  else if (!signedIn)
    body = (
      <p>
        <Link to={`/login?redirectTo=${encodeURIComponent(`/challenges/${view.challenge.id}`)}`} className="button primary">
          {t("challenge.signInToApply")}
        </Link>
      </p>
    );
  else if (!view.canApply) body = <p className="muted">{t(`challenge.cannotApply.${view.applyRefusal ?? "forbidden"}` as MessageKey)}</p>;
  else {
    const count = Object.values(form.allErrors).flat().length;
    body = (
      <Form method="post" encType="multipart/form-data" className="stacked" {...getFormProps(form)} noValidate>
        {count > 0 && <FormErrors errors={[t("common.formHasErrors", { count })]} />}
        <TextArea field={fields.proposal} label={t("challenge.proposal")} rows={8} />
        <TextArea field={fields.team} label={t("challenge.team")} rows={4} />
        <TextField field={fields.budgetWan} label={t("challenge.budgetWan")} />
        <label>
          {t("challenge.file", { mb: maxMb })}
          <input type="file" name="file" accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx" />
        </label>
        <div className="actions">
          <button type="submit" className="primary">
            {t("challenge.apply")}
          </button>
        </div>
      </Form>
    );
  }
  return (
    <section className="card" id="apply" aria-labelledby="apply-title">
      <h2 id="apply-title">{t("challenge.applyTitle")}</h2>
      {body}
    </section>
  );
}
