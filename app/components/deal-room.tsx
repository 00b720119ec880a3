import { Form, Link } from "@remix-run/react";
import { DEAL_NOTE_MAX, DISMISS_REASONS, INTEREST_SUBJECT, PROCEED_SUBJECT, RESPONSE_CODES } from "../codes";
import { formatDateTime } from "../i18n/format";
import type { MessageKey, T } from "../i18n";
import type { DealView } from "../services/deals.server";
import { formatFen } from "../services/money";
import { useLocale, useT } from "./i18n";
import { Facts } from "./listing-page";

export function StageTag({ stage }: { stage: string }) {
  const t = useT();
  const tone = stage === "signed" ? "ok" : stage === "dismissed" ? "bad" : stage === "negotiating" ? "warn" : "";
  return <span className={`tag ${tone}`}>{t(`deal.stage.${stage}` as MessageKey)}</span>;
}

export function subjectText(t: T, subject: string): string {
  if (subject === INTEREST_SUBJECT) return t("deal.subject.interest");
  if (subject === PROCEED_SUBJECT) return t("deal.subject.proceed");
  return subject;
}

type Contact = { name: string; phone: string; email: string | null };

function ContactCard({
  title,
  orgId,
  orgName,
  contact,
  listing,
}: {
  title: string;
  orgId: number;
  orgName: string;
  contact: Contact;
  listing: { href: string; title: string };
}) {
  const t = useT();
  return (
    <section className="card deal-party">
      <h2>{title}</h2>
      <Facts
        rows={[
          [
            t("listing.org"),
            <Link key="o" to={`/organisations/${orgId}`}>
              {orgName}
            </Link>,
          ],
          [
            t("deal.listing"),
            <Link key="l" to={listing.href}>
              {listing.title}
            </Link>,
          ],
          [t("common.contact"), contact.name],
          [t("common.phone"), contact.phone],
          ...(contact.email ? [[t("common.email"), contact.email] as [string, string]] : []),
        ]}
      />
    </section>
  );
}

/** The two parties and the broker, with the contacts only the deal's participants see. */
export function DealParties({ deal }: { deal: DealView }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="grid-3 deal-parties">
      <ContactCard
        title={t("deal.buyer")}
        orgId={deal.buyer.orgId}
        orgName={deal.buyer.name}
        contact={deal.buyer.contact}
        listing={{ href: deal.subject.href, title: deal.subject.title }}
      />
      <ContactCard
        title={t("deal.seller")}
        orgId={deal.seller.orgId}
        orgName={deal.seller.name}
        contact={deal.seller.contact}
        listing={{ href: `/achievements/${deal.achievement.id}`, title: deal.achievement.title }}
      />
      <section className="card deal-party">
        <h2>{t("deal.broker")}</h2>
        {deal.broker ? (
          <Facts
            rows={[
              [
                t("deal.brokerName"),
                deal.broker.brokerId ? (
                  <Link key="b" to={`/brokers/${deal.broker.brokerId}`}>
                    {deal.broker.name}
                  </Link>
                ) : (
                  deal.broker.name
                ),
              ],
              ...(deal.broker.certificateNo ? [[t("broker.f.certificateNo"), deal.broker.certificateNo] as [string, string]] : []),
              ...(deal.broker.phone ? [[t("common.phone"), deal.broker.phone] as [string, string]] : []),
              [t("common.email"), deal.broker.email],
              [t("need.budget"), deal.subject.budgetMaxFen === null ? t("common.negotiable") : formatFen(deal.subject.budgetMaxFen, locale)],
              [t("deal.price"), deal.achievement.priceFen === null ? t("common.negotiable") : formatFen(deal.achievement.priceFen, locale)],
            ]}
          />
        ) : (
          <p className="muted">{t("common.none")}</p>
        )}
      </section>
    </div>
  );
}

function eventText(t: T, e: DealView["events"][number]): string {
  const body = e.body;
  switch (e.kind) {
    case "note":
      return typeof body === "string" ? body : "";
    case "stage": {
      const to = t(`deal.stage.${e.toStage}` as MessageKey);
      const line = e.fromStage ? t("deal.log.stage", { from: t(`deal.stage.${e.fromStage}` as MessageKey), to }) : t("deal.log.opened", { to });
      if (body && typeof body === "object" && body.reason)
        return `${line} · ${t(`match.reason.${body.reason}` as MessageKey)}${body.note ? ` · ${body.note}` : ""}`;
      return line;
    }
    case "file":
      return t("deal.log.file", { name: body && typeof body === "object" ? (body.name ?? "") : "" });
    case "confirm":
      return t("deal.log.confirm", { org: body && typeof body === "object" ? (body.org ?? "") : "" });
    case "response": {
      if (!body || typeof body !== "object") return "";
      const subject = subjectText(t, body.subject ?? "");
      if (body.code)
        return t("deal.log.answer", { org: body.org ?? "", subject, code: t(`deal.code.${body.code}` as MessageKey) }) + (body.note ? ` · ${body.note}` : "");
      const sides = (body.sides ?? []).map((s) => t(s === "buyer" ? "deal.buyer" : "deal.seller")).join("、");
      return t("deal.log.proposal", { subject, sides });
    }
    default:
      return "";
  }
}

/** The dated log: notes, stage changes, files, proposals, answers and agreements, newest first. */
export function DealLog({ events }: { events: DealView["events"] }) {
  const t = useT();
  const locale = useLocale();
  if (events.length === 0) return <p className="card empty">{t("deal.log.empty")}</p>;
  return (
    <ol className="deal-log">
      {events.map((e) => (
        <li key={e.id} className={`deal-event kind-${e.kind}`}>
          <time dateTime={e.createdAt}>{formatDateTime(e.createdAt, locale)}</time>
          <span className="muted"> · {e.actorName ?? t("deal.log.system")}</span>
          <p className="pre-wrap">{eventText(t, e)}</p>
        </li>
      ))}
    </ol>
  );
}

/** Requests for a reason-coded answer, and the answers; a party answers those addressed to it. */
export function DealResponses({ responses }: { responses: DealView["responses"] }) {
  const t = useT();
  const locale = useLocale();
  if (responses.length === 0) return <p className="card empty">{t("deal.responses.empty")}</p>;
  return (
    <table className="data">
      <thead>
        <tr>
          <th>{t("deal.responses.subject")}</th>
          <th>{t("deal.responses.to")}</th>
          <th>{t("deal.responses.asked")}</th>
          <th>{t("deal.responses.answer")}</th>
        </tr>
      </thead>
      <tbody>
        {responses.map((r) => (
          <tr key={r.id}>
            <td>
              {subjectText(t, r.subject)}
              {r.requestedBy && <div className="muted">{r.requestedBy}</div>}
            </td>
            <td>
              {r.orgName} <span className="muted">· {t(r.side === "buyer" ? "deal.buyer" : "deal.seller")}</span>
            </td>
            <td>{formatDateTime(r.requestedAt, locale)}</td>
            <td>
              {r.code ? (
                <>
                  <span className={`tag ${r.code === "interested" ? "ok" : "warn"}`}>{t(`deal.code.${r.code}` as MessageKey)}</span>
                  {r.note && <div>{r.note}</div>}
                  <div className="muted">
                    {r.respondedBy} · {formatDateTime(r.respondedAt, locale)}
                  </div>
                </>
              ) : r.canAnswer ? (
                <Form method="post" className="dismiss">
                  <input type="hidden" name="intent" value="answer" />
                  <input type="hidden" name="responseId" value={r.id} />
                  <select name="code" defaultValue="interested" aria-label={t("deal.responses.answer")}>
                    {RESPONSE_CODES.map((c) => (
                      <option key={c} value={c}>
                        {t(`deal.code.${c}`)}
                      </option>
                    ))}
                  </select>
                  <input name="note" maxLength={500} placeholder={t("deal.responses.note")} aria-label={t("deal.responses.note")} />
                  <button type="submit" className="primary">
                    {t("deal.responses.send")}
                  </button>
                </Form>
              ) : (
                <span className="tag warn">{t("deal.responses.pending")}</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The attachments, each downloadable by the deal's participants only, and the upload form. */
export function DealFiles({
  matchId,
  files,
  canUpload,
  maxFiles,
  maxMb,
}: {
  matchId: number;
  files: DealView["files"];
  canUpload: boolean;
  maxFiles: number;
  maxMb: number;
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      {files.length === 0 ? (
        <p className="card empty">{t("deal.files.empty")}</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>{t("deal.files.name")}</th>
              <th className="num">{t("deal.files.size")}</th>
              <th>{t("deal.files.by")}</th>
            </tr>
          </thead>
          <tbody>
            {files.map((f) => (
              <tr key={f.id}>
                <td>
                  <a href={`/deals/${matchId}/files/${f.id}`} download>
                    {f.displayName}
                  </a>
                  <div className="muted small" title={t("deal.files.sha256")}>
                    SHA-256 <code>{f.sha256.slice(0, 16)}…</code>
                  </div>
                </td>
                <td className="num">{formatSize(f.sizeBytes)}</td>
                <td>
                  {f.uploaderName} · {formatDateTime(f.createdAt, locale)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canUpload && files.length < maxFiles && (
        <Form method="post" encType="multipart/form-data" className="filter-bar card">
          <input type="hidden" name="intent" value="upload" />
          <label htmlFor="deal-file">{t("deal.files.add")}</label>
          <input id="deal-file" type="file" name="file" required accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx" />
          <button type="submit" className="secondary">
            {t("deal.files.upload")}
          </button>
          <span className="hint muted">{t("deal.files.hint", { max: maxFiles, mb: maxMb })}</span>
        </Form>
      )}
    </>
  );
}

/** The broker's stage buttons; signing waits for both parties' agreement. */
export function StageForm({ targets, bothConfirmed }: { targets: string[]; bothConfirmed: boolean }) {
  const t = useT();
  const forward = targets.filter((s) => s !== "dismissed");
  return (
    <div className="stage-form">
      {forward.map((s) => (
        <Form key={s} method="post" className="inline">
          <input type="hidden" name="intent" value="stage" />
          <input type="hidden" name="to" value={s} />
          <button type="submit" className="primary" disabled={s === "signed" && !bothConfirmed}>
            {t(`deal.moveTo.${s}` as MessageKey)}
          </button>
        </Form>
      ))}
      {forward.includes("signed") && !bothConfirmed && <p className="hint muted">{t("deal.signNeedsBoth")}</p>}
      {targets.includes("dismissed") && (
        <Form method="post" className="dismiss">
          <input type="hidden" name="intent" value="stage" />
          <input type="hidden" name="to" value="dismissed" />
          <select name="reason" defaultValue="not_relevant" aria-label={t("match.dismissReason")}>
            {DISMISS_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`match.reason.${r}`)}
              </option>
            ))}
          </select>
          <input name="note" maxLength={300} placeholder={t("match.dismissNote")} aria-label={t("match.dismissNote")} />
          <button type="submit" className="danger">
            {t("deal.moveTo.dismissed")}
          </button>
        </Form>
      )}
    </div>
  );
}

/** A note for the log; a refused note comes back with its message beside the field and the text as typed. */
export function NoteForm({ error = null, typed = "" }: { error?: string | null; typed?: string }) {
  const t = useT();
  return (
    <Form method="post" className="stacked">
      <input type="hidden" name="intent" value="note" />
      <div className={`field${error ? " invalid" : ""}`}>
        <label htmlFor="deal-note">{t("deal.note.label")}</label>
        <textarea
          id="deal-note"
          name="body"
          rows={3}
          required
          key={typed}
          defaultValue={typed}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "deal-note-error" : "deal-note-hint"}
        />
        <span className="hint" id="deal-note-hint">
          {t("deal.note.hint", { max: DEAL_NOTE_MAX })}
        </span>
        {error && (
          <ul className="errors" id="deal-note-error">
            <li>{error}</li>
          </ul>
        )}
      </div>
      <div>
        <button type="submit" className="secondary">
          {t("deal.note.add")}
        </button>
      </div>
    </Form>
  );
}

/** A proposal the other side must answer; the broker picks which side. */
export function ProposalForm({ isLead }: { isLead: boolean }) {
  const t = useT();
  return (
    <Form method="post" className="stacked">
      <input type="hidden" name="intent" value="propose" />
      <div className="field">
        <label htmlFor="deal-proposal">{t("deal.propose.label")}</label>
        <input id="deal-proposal" name="subject" maxLength={200} required placeholder={t("deal.propose.placeholder")} />
      </div>
      {isLead && (
        <div className="field">
          <label htmlFor="deal-side">{t("deal.propose.side")}</label>
          <select id="deal-side" name="side" defaultValue="both">
            <option value="both">{t("deal.propose.both")}</option>
            <option value="buyer">{t("deal.buyer")}</option>
            <option value="seller">{t("deal.seller")}</option>
          </select>
        </div>
      )}
      <div>
        <button type="submit" className="secondary">
          {t("deal.propose.send")}
        </button>
      </div>
    </Form>
  );
}
