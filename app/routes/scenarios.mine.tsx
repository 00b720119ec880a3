import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "../components/i18n";
import type { MessageKey } from "../i18n";
import { formatDateTime } from "../i18n/format";
import { roleContext } from "../services/request.server";
import { listOwnScenarios } from "../services/scenarios/views.server";

export const meta: MetaFunction = () => [{ title: "我的场景 · My scenarios" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor } = await roleContext(request, ["enterprise", "admin"]);
  return { rows: listOwnScenarios(db, actor) };
}

export default function MyScenarios() {
  const t = useT();
  const locale = useLocale();
  const { rows } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="result-meta">
        <h1>{t("scenario.mine")}</h1>
        <Link to="/scenarios/new" className="button">
          {t("scenario.new")}
        </Link>
      </div>
      {rows.length === 0 ? (
        <p className="card empty">{t("scenario.mine.empty")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t("scenario.f.title")}</th>
              <th>{t("common.status")}</th>
              <th>{t("scenario.f.outcome")}</th>
              <th>{t("common.updatedAt")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/scenarios/${r.id}`}>{r.title}</Link>
                </td>
                <td>{t(`scenario.status.${r.status}` as MessageKey)}</td>
                <td>{t(`scenario.outcome.${r.outcome}` as MessageKey)}</td>
                <td>{formatDateTime(r.updatedAt, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
