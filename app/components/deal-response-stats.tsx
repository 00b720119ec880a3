import type { T } from "../i18n";
import { numberFormat } from "../i18n/intl";
import { useLocale, useT } from "./i18n";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A response time in the unit a reader thinks in: minutes under an hour, hours under two days, then days. */
export function formatDuration(t: T, locale: string, ms: number): string {
  const fmt = (n: number) => numberFormat(locale === "en" ? "en-US" : "zh-CN", { maximumFractionDigits: 1 }).format(n);
  if (ms < HOUR) return t("duration.minutes", { n: fmt(Math.max(1, Math.round(ms / 60_000))) });
  if (ms < 2 * DAY) return t("duration.hours", { n: fmt(ms / HOUR) });
  return t("duration.days", { n: fmt(ms / DAY) });
}

/** An organisation's responsiveness: how many proposals it answered, and how fast (the median). */
export function ResponseStatsCard({
  stats,
}: {
  stats: { requests: number; answered: number; pending?: number; rate: number | null; medianMs: number | null };
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="stats">
      <div className="stat">
        <div className="muted">{t("org.responseRate")}</div>
        <div className="value">{stats.rate === null ? "—" : `${Math.round(stats.rate * 100)}%`}</div>
        <div className="small muted">{t("org.responseCount", { answered: stats.answered, requests: stats.requests })}</div>
        {!!stats.pending && <div className="small muted">{t("org.responsePending", { n: stats.pending })}</div>}
      </div>
      <div className="stat">
        <div className="muted">{t("org.medianResponse")}</div>
        <div className="value">{stats.medianMs === null ? "—" : formatDuration(t, locale, stats.medianMs)}</div>
        <div className="small muted">{t("org.medianHint")}</div>
      </div>
    </div>
  );
}
