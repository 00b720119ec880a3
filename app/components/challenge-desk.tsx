import { Form } from "@remix-run/react";
import type { MessageKey } from "../i18n";
import { formatDate, formatDateTime } from "../i18n/format";
import { fenToWanInput, formatFen } from "../services/money";
import type { ApplicationsView } from "../services/challenges/queries.server";
import { useLocale, useT } from "./i18n";

// The applications page: each application with its files and scores, the scorer's form, the
// shortlist and award forms, the milestones with their acceptance, and the Bureau's panel.

type Serialized<T> = T extends (infer U)[] ? Serialized<U>[] : T extends object ? { [K in keyof T]: Serialized<T[K]> } : T;
type View = Serialized<ApplicationsView>;
type App = View["applications"][number];

function Hidden({ intent }: { intent: string }) {
  return <input type="hidden" name="intent" value={intent} />;
}

function ScoreForm({ app, view }: { app: App; view: View }) {
  const t = useT();
  return (
    <Form method="post" className="stacked" aria-label={t("challenge.scoreIt")}>
      <Hidden intent="score" />
      <input type="hidden" name="applicationId" value={app.id} />
      <div className="row-2">
        {view.challenge.criteria.map((k, i) => (
          <label key={k.name}>
            {k.name} ({k.weight})
            <input type="number" name="scores" min={0} max={100} step={1} required defaultValue={app.myScores?.[i] ?? ""} />
          </label>
        ))}
      </div>
      <button type="submit">{t("challenge.scoreIt")}</button>
    </Form>
  );
}

export function ApplicationCard({ app, view }: { app: App; view: View }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" id={`application-${app.id}`} aria-label={app.orgName}>
      <h2>
        {locale === "en" ? (app.orgNameEn ?? app.orgName) : app.orgName} <span className="tag">{t(`challenge.appStatus.${app.status}` as MessageKey)}</span>
      </h2>
      <p className="muted">
        {app.applicant} · {formatDateTime(app.submittedAt, locale)} · {t("challenge.budget")} {formatFen(app.budgetFen, locale)}
        {app.awardFen !== null && ` · ${t("challenge.award")} ${formatFen(app.awardFen, locale)}`}
      </p>
      <h3>{t("challenge.proposal")}</h3>
      <p className="pre-wrap">{app.proposal}</p>
      <h3>{t("challenge.team")}</h3>
      <p className="pre-wrap">{app.team}</p>
      {app.files.length > 0 && (
        <ul>
          {app.files.map((f) => (
            <li key={f.id}>
              <a href={`/challenges/${view.challenge.id}/files/${f.id}`}>{f.displayName}</a>
            </li>
          ))}
        </ul>
      )}
      {app.summary && (
        <p>
          {t("challenge.weighted")}: <strong>{app.summary.weighted ?? "—"}</strong> ({t("challenge.scorers", { n: app.summary.scorers })})
        </p>
      )}
      {view.canScore && <ScoreForm app={app} view={view} />}
    </section>
  );
}

export function ShortlistForm({ view }: { view: View }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="shortlist-title">
      <h2 id="shortlist-title">{t("challenge.shortlist")}</h2>
      <Form method="post" className="stacked">
        <Hidden intent="shortlist" />
        {view.applications
          .filter((a) => a.status !== "withdrawn")
          .map((a) => (
            <label key={a.id}>
              <input type="checkbox" name="applicationIds" value={a.id} /> {a.orgName} {a.summary?.weighted != null && `· ${a.summary.weighted}`}
            </label>
          ))}
        <button type="submit" className="primary">
          {t("challenge.shortlist")}
        </button>
      </Form>
    </section>
  );
}

export function AwardForm({ view }: { view: View }) {
  const t = useT();
  const c = view.challenge;
  const share = fenToWanInput(Math.floor(c.rewardFen / Math.max(1, c.teams)));
  return (
    <section className="card" aria-labelledby="award-title">
      <h2 id="award-title">{t("challenge.award")}</h2>
      <p className="muted">{c.mode === "race" ? t("challenge.awardRaceHint", { n: c.teams }) : t("challenge.awardSingleHint")}</p>
      <Form method="post" className="stacked">
        <Hidden intent="award" />
        {view.applications
          .filter((a) => a.status === "shortlisted")
          .map((a) => (
            <div key={a.id} className="row-2">
              <label>
                <input type="checkbox" name="applicationIds" value={a.id} /> {a.orgName}
              </label>
              <label>
                {t("challenge.awardWan")}
                <input type="text" inputMode="decimal" name={`awardWan-${a.id}`} defaultValue={share} maxLength={20} />
              </label>
            </div>
          ))}
        <button type="submit" className="primary">
          {t("challenge.award")}
        </button>
      </Form>
    </section>
  );
}

function PlanForm({ applicationId, deliverBy }: { applicationId: number; deliverBy: string }) {
  const t = useT();
  return (
    <details>
      <summary>{t("challenge.plan")}</summary>
      <Form method="post" className="stacked">
        <Hidden intent="plan" />
        <input type="hidden" name="applicationId" value={applicationId} />
        {[0, 1, 2].map((n) => (
          <div key={n} className="row-2">
            <input type="text" name="title" aria-label={t("challenge.milestone")} maxLength={80} placeholder={t("challenge.milestone")} />
            <input type="date" name="dueOn" aria-label={t("challenge.dueOn")} defaultValue={deliverBy} />
            <input type="text" name="amountWan" aria-label={t("challenge.awardWan")} inputMode="decimal" maxLength={20} />
          </div>
        ))}
        <p className="hint muted">{t("challenge.planHint")}</p>
        <button type="submit">{t("challenge.plan")}</button>
      </Form>
    </details>
  );
}

export function MilestonesSection({ view }: { view: View }) {
  const t = useT();
  const locale = useLocale();
  const byApp = view.applications.filter((a) => a.status === "awarded");
  return (
    <section className="card" id="milestones" aria-labelledby="milestones-title">
      <h2 id="milestones-title">{t("challenge.milestones")}</h2>
      {byApp.map((a) => {
        const ms = view.milestones.filter((m) => m.applicationId === a.id);
        return (
          <div key={a.id}>
            <h3>{a.orgName}</h3>
            <table>
              <thead>
                <tr>
                  <th>{t("challenge.milestone")}</th>
                  <th>{t("challenge.dueOn")}</th>
                  <th>{t("challenge.amount")}</th>
                  <th>{t("challenge.acceptance")}</th>
                </tr>
              </thead>
              <tbody>
                {ms.map((m) => (
                  <tr key={m.id}>
                    <td>{m.title}</td>
                    <td>{formatDate(m.dueOn, locale)}</td>
                    <td>{formatFen(m.amountFen, locale)}</td>
                    <td>
                      {m.acceptedAt ? (
                        `${t("challenge.acceptedOn", { date: formatDate(m.acceptedAt, locale) })}${m.paid ? ` · ${t("challenge.paidLedger")}` : ""}`
                      ) : view.canDecide && view.challenge.status === "awarded" ? (
                        <Form method="post" className="inline">
                          <Hidden intent="accept" />
                          <input type="hidden" name="milestoneId" value={m.id} />
                          <button type="submit" className="primary">
                            {t("challenge.accept")}
                          </button>
                        </Form>
                      ) : (
                        t("challenge.notAccepted")
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {view.canDecide && view.challenge.status === "awarded" && view.challenge.payout === "by_milestones" && !ms.some((m) => m.acceptedAt) && (
              <PlanForm applicationId={a.id} deliverBy={view.challenge.deliverBy} />
            )}
          </div>
        );
      })}
    </section>
  );
}

export function PanelSection({ panel }: { panel: View["panel"] }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="panel-title">
      <h2 id="panel-title">{t("challenge.panel")}</h2>
      <ul>
        {panel.map((p) => (
          <li key={p.userId}>
            {p.name} ({p.email}){" "}
            <Form method="post" className="inline">
              <Hidden intent="panel_remove" />
              <input type="hidden" name="userId" value={p.userId} />
              <button type="submit" className="secondary">
                {t("challenge.panelRemove")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <Form method="post" className="stacked">
        <Hidden intent="panel_add" />
        <label>
          {t("challenge.panelEmail")}
          <input type="email" name="userEmail" maxLength={254} required />
        </label>
        <button type="submit">{t("challenge.panelAdd")}</button>
      </Form>
    </section>
  );
}
