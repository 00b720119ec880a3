import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "../components/i18n";
import { ScenarioList } from "../components/scenario-list";
import { ScenarioProgress } from "../components/scenario-views";
import { scenarioBrowseSchema, searchParamsToObject } from "../schemas/index.server";
import { requestContext } from "../services/request.server";
import { browseScenarios } from "../services/scenarios/browse.server";
import { getSearch } from "../services/search.server";

export const meta: MetaFunction = () => [{ title: "重点场景开放清单 · Application scenarios" }];
export const handle = { description: "meta.scenarios" };

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, locale, user } = await requestContext(request);
  const query = scenarioBrowseSchema.parse(searchParamsToObject(new URL(request.url).searchParams));
  const data = await browseScenarios(db, getSearch(), query, locale);
  return { data, query, canPost: user?.role === "enterprise" || user?.role === "admin", isBureau: user?.role === "admin" };
}

export default function ScenariosIndex() {
  const t = useT();
  const { data, query, canPost, isBureau } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="result-meta">
        <div>
          <h1>{t("scenario.list.title", { year: data.year })}</h1>
          <p className="lead">{t("scenario.list.lead")}</p>
          {data.years.length > 1 && (
            <nav className="tags" aria-label={t("scenario.filter.year")}>
              {data.years.map((y) =>
                y === data.year ? (
                  <span key={y} className="tag ok" aria-current="page">
                    {y}
                  </span>
                ) : (
                  <Link key={y} to={`/scenarios?year=${y}`} className="tag">
                    {y}
                  </Link>
                ),
              )}
            </nav>
          )}
        </div>
        {canPost && (
          <div className="actions">
            {isBureau && (
              <Link to="/admin/scenarios" className="button secondary">
                {t("scenario.review.title")}
              </Link>
            )}
            <Link to="/scenarios/mine" className="button secondary">
              {t("scenario.mine")}
            </Link>
            <Link to="/scenarios/new" className="button">
              {t("scenario.new")}
            </Link>
          </div>
        )}
      </div>
      <div className="stats">
        <ScenarioProgress progress={data.progress} openCount={data.openCount} />
      </div>
      <ScenarioList data={data} query={query} />
    </>
  );
}
