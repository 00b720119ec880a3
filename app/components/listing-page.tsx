import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import type { MessageKey } from "../i18n";
import { formatDateTime } from "../i18n/format";
import type { ListingAction } from "../services/listings.server";
import { useLocale, useT } from "./i18n";

const DONE: Record<string, MessageKey> = {
  submitted: "listing.submitted",
  withdrawn: "listing.withdrawn",
  confirmed: "listing.confirmed",
  approved: "admin.review.approved",
  rejected: "admin.review.rejected",
};

/** Status line, notices and the buttons the viewer may use on a listing. */
export function ListingHeader({
  kind,
  id,
  status,
  stale,
  reviewNote,
  actions,
  submitHeld = false,
  canEdit,
  staleDays,
  confirmedAt,
  showAudit,
}: {
  kind: "need" | "achievement";
  id: number;
  status: string;
  stale: boolean;
  reviewNote: string | null;
  actions: ListingAction[];
  /** The owner's organisation is not verified yet, so the listing cannot go to review. */
  submitHeld?: boolean;
  canEdit: boolean;
  staleDays: number;
  confirmedAt: string | null;
  showAudit: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const actionData = useActionData<{ error?: string }>();
  const busy = useNavigation().state === "submitting";
  const done = params.get("done");
  const base = kind === "need" ? "/needs" : "/achievements";
  return (
    <>
      {params.get("saved") && !actionData?.error && <p className="alert ok">{t("listing.draftSaved")}</p>}
      {done && DONE[done] && <p className="alert ok">{t(DONE[done]!)}</p>}
      {actionData?.error && (
        <p className="alert error" role="alert">
          {actionData.error}
        </p>
      )}
      {submitHeld && !actionData?.error && <p className="alert info">{t("listing.submitHeldUnverified")}</p>}
      {status === "rejected" && reviewNote && <p className="alert error">{t("listing.rejectedBecause", { reason: reviewNote })}</p>}
      {stale && <p className="alert info">{t("listing.staleHint", { days: staleDays })}</p>}
      <div className="tags">
        <span className={`tag ${status === "published" ? "ok" : status === "rejected" ? "bad" : ""}`}>{t(`status.${status}` as MessageKey)}</span>
        {stale && <span className="tag warn">{t("listing.stale")}</span>}
        {confirmedAt && (
          <span className="tag">
            {t("listing.confirmedAt")} {formatDateTime(confirmedAt, locale)}
          </span>
        )}
      </div>
      <div className="actions">
        {canEdit && (
          <Link to={`${base}/${id}/edit`} className="button secondary">
            {t("common.edit")}
          </Link>
        )}
        {actions.includes("submit") && <IntentButton intent="submit" label={t("listing.submit")} busy={busy} primary />}
        {actions.includes("confirm") && <IntentButton intent="confirm" label={t("listing.confirm")} busy={busy} />}
        {actions.includes("withdraw") && <IntentButton intent="withdraw" label={t("listing.withdraw")} busy={busy} danger />}
        {actions.includes("approve") && <IntentButton intent="approve" label={t("admin.review.approve")} busy={busy} primary />}
        {showAudit && <Link to={`/admin/audit/${kind}/${id}`}>{t("listing.history")}</Link>}
      </div>
      {actions.includes("reject") && (
        <Form method="post" className="stacked card">
          <input type="hidden" name="intent" value="reject" />
          <div className="field">
            <label htmlFor="reason">{t("admin.review.reason")}</label>
            <textarea id="reason" name="reason" rows={2} required maxLength={500} />
          </div>
          <div>
            <button type="submit" className="danger" disabled={busy}>
              {t("admin.review.reject")}
            </button>
          </div>
        </Form>
      )}
    </>
  );
}

function IntentButton({ intent, label, busy, primary, danger }: { intent: string; label: string; busy: boolean; primary?: boolean; danger?: boolean }) {
  return (
    <Form method="post" className="inline">
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={primary ? "primary" : danger ? "danger" : "secondary"} disabled={busy}>
        {label}
      </button>
    </Form>
  );
}

/** The contact rows of a listing's facts, present only for those allowed to see them. */
export function contactRows(
  t: (key: MessageKey) => string,
  c: { contactName: string | null; contactPhone: string | null; contactEmail: string | null },
  show: boolean,
): [string, string][] {
  if (!show) return [];
  return [
    [t("common.contact"), c.contactName ?? ""],
    [t("common.phone"), c.contactPhone ?? ""],
    ...(c.contactEmail ? [[t("common.email"), c.contactEmail] as [string, string]] : []),
  ];
}

export function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {rows.map(([k, v]) => (
        <div key={k} style={{ display: "contents" }}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
