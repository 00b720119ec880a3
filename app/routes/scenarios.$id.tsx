import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useLocale, useT } from "../components/i18n";
import { contactRows, Facts } from "../components/listing-page";
import { ProposalList, ScenarioTags, SubsidyCap } from "../components/scenario-views";
import { ScenarioOutcomeForm } from "../components/scenario-outcome";
import { formatDate, formatDateTime, formatList } from "../i18n/format";
import type { MessageKey } from "../i18n";
import { idParam, notFound } from "../services/http.server";
import { requestContext } from "../services/request.server";
import { handleScenarioPage } from "../services/scenarios/intents.server";
import { scenarioProposals } from "../services/scenarios/matching.server";
import { getScenarioForViewer } from "../services/scenarios/views.server";
import { getSearch } from "../services/search.server";
import { ExpressInterest } from "../components/express-interest";
import { AttachmentGallery } from "../components/listing-attachments";
import { interestState } from "../services/enquiries.server";
import { listAttachments } from "../services/listing-attachments.server";
import { handleInterestIntent } from "../services/enquiry-intents.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.view.scenario.title} · 应用场景 · Scenario` : "应用场景 · Scenario" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await requestContext(request);
  const id = idParam(params.id);
  const view = getScenarioForViewer(db, actor, id);
  if (!view) notFound();
  const proposals = await scenarioProposals(db, getSearch(), actor, id);
  return {
    view,
    proposals,
    isBroker: actor?.role === "broker",
    showAudit: actor?.role === "admin",
    interest: interestState(db, actor, "scenario", id),
    attachments: listAttachments(db, "scenario", id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.clone().formData();
  if (form.get("intent") === "interest") return handleInterestIntent(request, "scenario", params.id);
  return handleScenarioPage(request, params.id);
}

export default function ScenarioPage() {
  const t = useT();
  const locale = useLocale();
  const { view, proposals, isBroker, showAudit, interest, attachments } = useLoaderData<typeof loader>();
  const { scenario: s, codes } = view;
  const name = (r: { nameZh: string; nameEn: string } | null) => (r ? (locale === "en" ? r.nameEn : r.nameZh) : "");
  return (
    <article>
      <p className="muted">
        <Link to={`/scenarios${s.listYear ? `?year=${s.listYear}` : ""}`}>{t("scenario.list.title", { year: s.listYear ?? "" })}</Link>
      </p>
      <h1>{s.title}</h1>
      <ScenarioTags s={s} openNow={view.openNow} />
      <ScenarioActions id={s.id} actions={view.actions} canEdit={view.canEdit} status={s.status} reviewNote={s.reviewNote} showAudit={showAudit} />
      <div className="grid-2">
        <section className="card">
          <h2>{t("scenario.f.description")}</h2>
          <p className="pre-wrap">{s.description}</p>
          <h2>{t("scenario.f.techWanted")}</h2>
          <p className="pre-wrap">{s.techWanted}</p>
          <h2>{t("scenario.f.conditions")}</h2>
          <p className="pre-wrap">{s.conditions}</p>
        </section>
        <section className="card">
          <Facts
            rows={[
              [
                t("scenario.f.org"),
                <Link key="o" to={`/organisations/${view.org.id}`}>
                  {locale === "en" ? (view.org.nameEn ?? view.org.name) : view.org.name}
                </Link>,
              ],
              [t("scenario.f.site"), s.site],
              [t("common.county"), name(codes.county)],
              [t("common.industryChain"), name(codes.chain)],
              [t("common.techField"), `${name(codes.fieldParent)} / ${name(codes.field)}`],
              [
                t("scenario.f.resources"),
                formatList(
                  s.resources.map((r) => t(`scenario.resource.${r}` as MessageKey)),
                  locale,
                ),
              ],
              [t("scenario.f.subsidyCap"), <SubsidyCap key="c" fen={s.subsidyCapFen} />],
              ...(s.investmentFen !== null ? [[t("scenario.f.investment"), <SubsidyCap key="i" fen={s.investmentFen} />] as [string, JSX.Element]] : []),
              [t("scenario.f.period"), t("scenario.period", { from: formatDate(s.opensOn, locale), to: formatDate(s.closesOn, locale) })],
              ...(s.listYear ? [[t("scenario.f.listYear"), String(s.listYear)] as [string, string]] : []),
              ...(s.publishedAt ? [[t("scenario.f.publishedAt"), formatDateTime(s.publishedAt, locale)] as [string, string]] : []),
              ...contactRows(t, s, view.showContact),
            ]}
          />
          {!view.showContact && <p className="muted">{t("scenario.contactHidden")}</p>}
        </section>
      </div>
      <AttachmentGallery files={attachments} />
      <ExpressInterest subject="scenario" id={s.id} state={interest} />
      <ScenarioOutcomeSection view={view} />
      {isBroker && s.status === "published" && (
        <p>
          <Link to={`/broker/scenarios/${s.id}`} className="button secondary">
            {t("scenario.proposals.forBroker")}
          </Link>
        </p>
      )}
      {proposals && <ProposalList items={proposals} canTake={false} />}
    </article>
  );
}

function ScenarioOutcomeSection({ view }: { view: ReturnType<typeof useLoaderData<typeof loader>>["view"] }) {
  const t = useT();
  const locale = useLocale();
  const s = view.scenario;
  const [params] = useSearchParams();
  const hasOutcome = s.outcome !== "none";
  if (!hasOutcome && !view.actions.includes("outcome")) return null;
  return (
    <section className="card" aria-labelledby="outcome-title">
      <h2 id="outcome-title">{t("scenario.outcome.title")}</h2>
      {params.get("done") === "outcome" && <p className="alert ok">{t("scenario.outcome.saved")}</p>}
      <Facts
        rows={[
          [t("scenario.f.outcome"), t(`scenario.outcome.${s.outcome}` as MessageKey)],
          ...(s.pilotStartedOn ? [[t("scenario.f.pilotStartedOn"), formatDate(s.pilotStartedOn, locale)] as [string, string]] : []),
          ...(s.pilotResult ? [[t("scenario.f.pilotResult"), s.pilotResult] as [string, string]] : []),
          ...(view.contract ? [[t("scenario.outcome.contract"), view.contract.title] as [string, string]] : []),
        ]}
      />
      {view.actions.includes("outcome") && <ScenarioOutcomeForm />}
    </section>
  );
}

function ScenarioActions(props: { id: number; actions: string[]; canEdit: boolean; status: string; reviewNote: string | null; showAudit: boolean }) {
  const t = useT();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const error = useActionData<{ error?: string }>()?.error;
  const done = params.get("done");
  const button = (intent: string, label: string, kind: "primary" | "secondary" | "danger") =>
    props.actions.includes(intent) && (
      <Form method="post" className="inline">
        <input type="hidden" name="intent" value={intent} />
        <button type="submit" className={kind} disabled={busy}>
          {label}
        </button>
      </Form>
    );
  return (
    <>
      {params.get("saved") && <p className="alert ok">{t("scenario.saved")}</p>}
      {done && done !== "outcome" && done !== "dismissed" && <p className="alert ok">{t("scenario.done")}</p>}
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      {props.status === "returned" && props.reviewNote && <p className="alert error">{t("scenario.returnedBecause", { reason: props.reviewNote })}</p>}
      <div className="actions">
        {props.canEdit && (
          <Link to={`/scenarios/${props.id}/edit`} className="button secondary">
            {t("common.edit")}
          </Link>
        )}
        {button("submit", t("scenario.action.submit"), "primary")}
        {button("approve", t("scenario.action.approve"), "primary")}
        {button("close", t("scenario.action.close"), "secondary")}
        {button("withdraw", t("scenario.action.withdraw"), "danger")}
        {props.showAudit && <Link to={`/admin/audit/scenario/${props.id}`}>{t("listing.history")}</Link>}
      </div>
      {props.actions.includes("return") && (
        <Form method="post" className="stacked card">
          <input type="hidden" name="intent" value="return" />
          <div className="field">
            <label htmlFor="reason">{t("scenario.returnReason")}</label>
            <textarea id="reason" name="reason" rows={2} required maxLength={500} />
          </div>
          <div>
            <button type="submit" className="danger" disabled={busy}>
              {t("scenario.action.return")}
            </button>
          </div>
        </Form>
      )}
    </>
  );
}
