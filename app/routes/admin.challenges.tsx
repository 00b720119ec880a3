import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StatusTag } from "../components/challenge-page";
import { useLocale, useT } from "../components/i18n";
import { formatDateTime } from "../i18n/format";
import { listChallengesForBureau } from "../services/challenges/index.server";
import { formatFen } from "../services/money";
import { roleContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "揭榜挂帅审核 · Challenges desk" }];

/** The Bureau's desk: challenges waiting for review first, then every other, with their applications. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await roleContext(request, ["admin"]);
  return json({
    rows: listChallengesForBureau(db).map((c) => ({
      id: c.id,
      title: c.title,
      orgName: c.orgName,
      status: c.status,
      rewardFen: c.rewardFen,
      submittedAt: c.submittedAt,
      applications: c.applications,
    })),
  });
}

export default function ChallengesDesk() {
  const t = useT();
  const locale = useLocale();
  const { rows } = useLoaderData<typeof loader>();
  const waiting = rows.filter((r) => r.status === "submitted");
  return (
    <article>
      <h1>{t("challenge.desk.title")}</h1>
      <p className="lead">{t("challenge.desk.waiting", { n: waiting.length })}</p>
      {rows.length === 0 ? (
        <p className="card empty">{t("challenge.empty")}</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>{t("challenge.title")}</th>
              <th>{t("challenge.poster")}</th>
              <th>{t("challenge.facet.status")}</th>
              <th>{t("challenge.reward")}</th>
              <th>{t("challenge.submittedAt")}</th>
              <th>{t("challenge.applications.title")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/challenges/${r.id}`}>{r.title}</Link>
                </td>
                <td>{r.orgName}</td>
                <td>
                  <StatusTag status={r.status} />
                </td>
                <td>{formatFen(r.rewardFen, locale)}</td>
                <td>{formatDateTime(r.submittedAt, locale)}</td>
                <td>
                  <Link to={`/challenges/${r.id}/applications`}>{r.applications}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}
