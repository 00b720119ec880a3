import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "../components/i18n";
import type { MessageKey } from "../i18n";
import { formatDateTime } from "../i18n/format";
import { roleContext } from "../services/request.server";
import { listSubmittedScenarios } from "../services/scenarios/views.server";

export const meta: MetaFunction = () => [{ title: "场景审核 · Scenario review" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await roleContext(request, ["admin"]);
  return { rows: listSubmittedScenarios(db) };
}

export default function ScenarioReview() {
  const t = useT();
  const locale = useLocale();
  const { rows } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("scenario.review.title")}</h1>
      {rows.length === 0 ? (
        <p className="card empty">{t("scenario.review.empty")}</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>{t("scenario.f.title")}</th>
              <th>{t("scenario.f.org")}</th>
              <th>{t("scenario.f.grade")}</th>
              <th>{t("scenario.review.submittedAt")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/scenarios/${r.id}`}>{r.title}</Link>
                </td>
                <td>{r.orgName}</td>
                <td>{t(`scenario.grade.${r.grade}` as MessageKey)}</td>
                <td>{r.submittedAt ? formatDateTime(r.submittedAt, locale) : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
