import { Link } from "@remix-run/react";
import { formatDate } from "../i18n/format";
import type { MessageKey } from "../i18n";
import { useLocale, useT } from "./i18n";

export type StandingState = "none" | "active" | "applied" | "rejected" | "suspended" | "revoked" | "expired" | "not_yet_valid";

/**
 * Tells a broker where his certification stands and, when he cannot work, why: the
 * workbench shows it above everything else.
 */
export function BrokerStandingNotice({
  state,
  note,
  validFrom,
  validUntil,
}: {
  state: StandingState;
  note?: string | null;
  validFrom?: string | null;
  validUntil?: string | null;
}) {
  const t = useT();
  const locale = useLocale();
  if (state === "active") {
    return <p className="muted">{t("broker.standing.active", { until: formatDate(validUntil, locale) })}</p>;
  }
  const tone = state === "applied" ? "info" : "error";
  return (
    <div className={`alert ${tone}`} role={tone === "error" ? "alert" : undefined}>
      <p>
        {t(`broker.standing.${state}` as MessageKey, {
          from: formatDate(validFrom, locale),
          until: formatDate(validUntil, locale),
        })}
      </p>
      {note && <p>{t("broker.standing.note", { note })}</p>}
      {(state === "none" || state === "rejected" || state === "applied") && (
        <p>
          <Link to="/broker/apply" className="button small">
            {state === "none" ? t("broker.apply.title") : t("broker.apply.edit")}
          </Link>
        </p>
      )}
    </div>
  );
}
