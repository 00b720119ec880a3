import { Form, Link, NavLink, useActionData, useNavigation } from "@remix-run/react";
import { ENQUIRY_NOTE_MAX, RESPONSE_CODES } from "../codes";
import type { MessageKey } from "../i18n";
import { formatDateTime } from "../i18n/format";
import type { EnquiryRow } from "../services/enquiries.server";
import { useLocale, useT } from "./i18n";

/** One enquiry as the enquiries page shows it. */
export type EnquiryItem = Omit<EnquiryRow, "subjectId">;

/** What the enquiries page's action returns when an answer is refused. */
export type AnswerReply = {
  answer?: { enquiryId: number; result: { initialValue?: Record<string, unknown> | null; error?: Record<string, string[] | null> | null } };
};

/** The member's answer flow: the deals the brokers run, and the enquiries on the organisation's listings. */
export function AnswerTabs({ waiting }: { waiting: number }) {
  const t = useT();
  return (
    <nav className="tabs" aria-label={t("enquiry.page.title")}>
      <NavLink to="/me/deals">{t("deal.mine.title")}</NavLink>
      <NavLink to="/me/enquiries">
        {t("enquiry.tab")}
        {waiting > 0 && <span className="tag warn">{waiting}</span>}
      </NavLink>
    </nav>
  );
}

function Heading({ item, received }: { item: EnquiryItem; received: boolean }) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h3>
        <span className="tag">{t(`subject.${item.subject}` as MessageKey)}</span> <Link to={item.path}>{item.title}</Link>
      </h3>
      <p className="muted">
        {received ? (
          <Link to={`/organisations/${item.otherOrgId}`}>{t("enquiry.from", { org: item.otherOrgName, name: item.writerName ?? "" })}</Link>
        ) : (
          <Link to={`/organisations/${item.otherOrgId}`}>{t("enquiry.to", { org: item.otherOrgName })}</Link>
        )}{" "}
        · {formatDateTime(item.requestedAt, locale)} · {t(`enquiry.reason.${item.reason}` as MessageKey)}
      </p>
    </>
  );
}

function Answered({ item }: { item: EnquiryItem }) {
  const t = useT();
  const locale = useLocale();
  if (!item.code) return <span className="tag warn">{t("enquiry.waiting")}</span>;
  return (
    <p>
      <span className="tag ok">{t("enquiry.answered", { code: t(`deal.code.${item.code}` as MessageKey) })}</span>{" "}
      <span className="muted">{formatDateTime(item.respondedAt, locale)}</span>
      {item.note && <span className="pre-wrap"> — {item.note}</span>}
    </p>
  );
}

function AnswerForm({ item }: { item: EnquiryItem }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const reply = useActionData<AnswerReply>()?.answer;
  const mine = reply?.enquiryId === item.id ? reply.result : undefined;
  const typed = (k: string) => (typeof mine?.initialValue?.[k] === "string" ? (mine.initialValue[k] as string) : "");
  const errors = (k: string) => mine?.error?.[k] ?? [];
  const codeId = `code-${item.id}`;
  const noteId = `note-${item.id}`;
  return (
    <Form method="post" className="stacked" key={mine ? "replied" : "fresh"}>
      <input type="hidden" name="intent" value="answer" />
      <input type="hidden" name="enquiryId" value={item.id} />
      {errors("").length > 0 && (
        <p className="alert error" role="alert">
          {errors("").join(" ")}
        </p>
      )}
      <div className={`field${errors("code").length ? " invalid" : ""}`}>
        <label htmlFor={codeId}>{t("enquiry.code")}</label>
        <select id={codeId} name="code" required defaultValue={typed("code")} aria-invalid={errors("code").length > 0 || undefined}>
          <option value="">—</option>
          {RESPONSE_CODES.map((c) => (
            <option key={c} value={c}>
              {t(`deal.code.${c}` as MessageKey)}
            </option>
          ))}
        </select>
        {errors("code").length > 0 && (
          <ul className="errors">
            {errors("code").map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        )}
      </div>
      <div className={`field${errors("note").length ? " invalid" : ""}`}>
        <label htmlFor={noteId}>{t("enquiry.note")}</label>
        <textarea id={noteId} name="note" rows={2} maxLength={ENQUIRY_NOTE_MAX} defaultValue={typed("note")} />
        {errors("note").length > 0 && (
          <ul className="errors">
            {errors("note").map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        )}
      </div>
      <div>
        <button type="submit" className="primary" disabled={busy}>
          {t("enquiry.answer")}
        </button>
      </div>
    </Form>
  );
}

/** Enquiries received (with the answer form while unanswered) or sent. */
export function EnquiryList({ items, received }: { items: EnquiryItem[]; received: boolean }) {
  const t = useT();
  if (items.length === 0) return <p className="card empty">{received ? t("enquiry.emptyReceived") : t("enquiry.emptySent")}</p>;
  return (
    <ul className="enquiry-list">
      {items.map((item) => (
        <li key={item.id} id={`enquiry-${item.id}`} className="card">
          <Heading item={item} received={received} />
          <p className="pre-wrap">{item.message}</p>
          {item.achievementId && (
            <p>
              {t("enquiry.offered")}
              <Link to={`/achievements/${item.achievementId}`}>{item.achievementTitle}</Link>
            </p>
          )}
          {received && !item.code ? <AnswerForm item={item} /> : <Answered item={item} />}
        </li>
      ))}
    </ul>
  );
}
