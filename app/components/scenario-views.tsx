import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { DISMISS_REASONS } from "../codes";
import type { MessageKey } from "../i18n";
import { formatFen } from "../services/money";
import type { ScenarioProposal } from "../services/scenarios/matching.server";
import { useLocale, useT } from "./i18n";
import { MatchExplanationView } from "./matches";

/** The list's progress against its target for the year, as numbers and a bar. */
export function ScenarioProgress({
  progress,
  openCount,
}: {
  progress: { year: number; done: number; target: number; targetSet: boolean };
  openCount?: number;
}) {
  const t = useT();
  const pct = progress.target > 0 ? Math.round((progress.done / progress.target) * 100) : 0;
  return (
    <div className="stat scenario-progress">
      <div className="muted">{t("scenario.progress", { year: progress.year })}</div>
      <div className="value">
        {progress.done}
        <span className="muted"> / {progress.target}</span>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label={t("scenario.progress", { year: progress.year })}
        aria-valuenow={progress.done}
        aria-valuemin={0}
        aria-valuemax={progress.target}
      >
        <span style={{ width: `${Math.min(100, pct)}%` }} />
      </div>
      <div className="muted">{t("scenario.progress.numbers", { done: progress.done, target: progress.target, pct })}</div>
      {!progress.targetSet && <div className="muted">{t("scenario.progress.default", { target: progress.target })}</div>}
      {openCount !== undefined && <div className="muted">{t("scenario.openCount", { n: openCount })}</div>}
    </div>
  );
}

/** Subsidy cap in 万元, or "none". */
export function SubsidyCap({ fen }: { fen: number | null }) {
  const t = useT();
  const locale = useLocale();
  return <>{fen === null ? t("scenario.noSubsidy") : formatFen(fen, locale)}</>;
}

/** Status, grade, kind, open-now and outcome as tags. */
export function ScenarioTags({ s, openNow }: { s: { status: string; grade: string; kind: string; outcome: string }; openNow: boolean }) {
  const t = useT();
  return (
    <div className="tags">
      <span className={`tag ${s.status === "published" ? "ok" : s.status === "returned" ? "bad" : ""}`}>{t(`scenario.status.${s.status}` as MessageKey)}</span>
      <span className="tag">{t(`scenario.grade.${s.grade}` as MessageKey)}</span>
      <span className="tag">{t(`scenario.kind.${s.kind}` as MessageKey)}</span>
      {s.status === "published" && <span className={`tag ${openNow ? "ok" : "warn"}`}>{openNow ? t("scenario.openNow") : t("scenario.notOpen")}</span>}
      {s.outcome !== "none" && <span className="tag ok">{t(`scenario.outcome.${s.outcome}` as MessageKey)}</span>}
    </div>
  );
}

/** The engine's proposals for a scenario, each explained; brokers start a deal, anyone who may sets a pair aside. */
export function ProposalList({ items, canTake }: { items: ScenarioProposal[]; canTake: boolean }) {
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const error = useActionData<{ error?: string }>()?.error;
  return (
    <section className="matches" aria-labelledby="proposals">
      <h2 id="proposals">{t("scenario.proposals.title")}</h2>
      <p className="muted">{t("scenario.proposals.lead")}</p>
      {params.get("done") === "dismissed" && <p className="alert ok">{t("match.dismissed")}</p>}
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      {items.length === 0 ? (
        <p className="card empty">{t("scenario.proposals.none")}</p>
      ) : (
        <ol className="match-list">
          {items.map((m) => (
            <li key={m.achievementId} className="listing-item match">
              <h3>
                <Link to={`/achievements/${m.achievementId}`}>{m.title}</Link> <span className="tag">{t("scenario.proposals.score", { score: m.score })}</span>
              </h3>
              <div className="muted">
                {m.orgName}
                {m.priceFen !== null && ` · ${formatFen(m.priceFen, locale)}`}
              </div>
              <MatchExplanationView explanation={m.explanation} />
              <div className="actions">
                {canTake && (
                  <Form method="post" className="inline">
                    <input type="hidden" name="intent" value="take" />
                    <input type="hidden" name="achievementId" value={m.achievementId} />
                    <button type="submit" className="primary" disabled={busy}>
                      {t("scenario.proposals.take")}
                    </button>
                  </Form>
                )}
                <Form method="post" className="inline">
                  <input type="hidden" name="intent" value="dismiss" />
                  <input type="hidden" name="achievementId" value={m.achievementId} />
                  <label htmlFor={`reason-${m.achievementId}`}>{t("scenario.proposals.reason")}</label>
                  <select id={`reason-${m.achievementId}`} name="reason" defaultValue="not_relevant">
                    {DISMISS_REASONS.map((r) => (
                      <option key={r} value={r}>
                        {t(`match.reason.${r}` as MessageKey)}
                      </option>
                    ))}
                  </select>
                  <button type="submit" className="secondary" disabled={busy}>
                    {t("scenario.proposals.dismiss")}
                  </button>
                </Form>
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
