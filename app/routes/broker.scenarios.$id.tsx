import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "../components/i18n";
import { ProposalList, ScenarioTags, SubsidyCap } from "../components/scenario-views";
import type { MessageKey } from "../i18n";
import { formatDate } from "../i18n/format";
import { brokerStanding, refuseBrokerAction } from "../services/brokers.server";
import { forbidden, idParam, notFound } from "../services/http.server";
import { roleContext, userContext } from "../services/request.server";
import { handlePair } from "../services/scenarios/intents.server";
import { scenarioDeals, scenarioProposals } from "../services/scenarios/matching.server";
import { getScenarioForViewer } from "../services/scenarios/views.server";
import { getSearch } from "../services/search.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.view.scenario.title} · 经纪人工作台` : "经纪人工作台" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await roleContext(request, ["broker"]);
  const id = idParam(params.id);
  const view = getScenarioForViewer(db, actor, id);
  if (!view || view.scenario.status !== "published") notFound();
  const active = brokerStanding(db, actor.id).state === "active";
  return {
    view,
    active,
    proposals: active ? ((await scenarioProposals(db, getSearch(), actor, id)) ?? []) : [],
    deals: scenarioDeals(db, id).filter((d) => d.brokerUserId === actor.id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, requestId } = await userContext(request);
  const id = idParam(params.id);
  if (actor.role !== "broker") {
    refuseBrokerAction(db, actor, "confirm", "scenario", id, requestId);
    forbidden();
  }
  return handlePair(request, id, await request.formData(), `/broker/scenarios/${id}`);
}

export default function BrokerScenario() {
  const t = useT();
  const locale = useLocale();
  const { view, active, proposals, deals } = useLoaderData<typeof loader>();
  const s = view.scenario;
  return (
    <article>
      <p className="muted">
        <Link to="/broker">{t("nav.workbench")}</Link> · {t("scenario.broker.title")}
      </p>
      <h1>
        <Link to={`/scenarios/${s.id}`}>{s.title}</Link>
      </h1>
      <ScenarioTags s={s} openNow={view.openNow} />
      <p>
        {view.org.name} · {s.site} · {t("scenario.f.subsidyCap")}: <SubsidyCap fen={s.subsidyCapFen} /> · {t("scenario.f.period")}:{" "}
        {t("scenario.period", { from: formatDate(s.opensOn, locale), to: formatDate(s.closesOn, locale) })}
      </p>
      {!active && <p className="alert info">{t("broker.error.inactive")}</p>}
      {deals.length > 0 && (
        <section className="card">
          <h2>{t("scenario.deals.title")}</h2>
          <ul className="plain-list">
            {deals.map((d) => (
              <li key={d.id}>
                <Link to={`/deals/${d.id}`}>{d.title}</Link> <span className="tag">{t(`deal.stage.${d.stage}` as MessageKey)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {active && <ProposalList items={proposals} canTake />}
    </article>
  );
}
