import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StatusTag } from "../components/challenge-page";
import { useLocale, useT } from "../components/i18n";
import type { MessageKey } from "../i18n";
import { formatDate } from "../i18n/format";
import { listOwnApplications, listOwnChallenges } from "../services/challenges/index.server";
import { formatFen } from "../services/money";
import { userContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "我的揭榜挂帅 · My challenges" }];

/** The challenger's own challenges in every status, and the applicant's applications. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor } = await userContext(request);
  return {
    challenges: listOwnChallenges(db, actor).map((c) => ({ id: c.id, title: c.title, status: c.status, rewardFen: c.rewardFen, updatedAt: c.updatedAt })),
    applications: listOwnApplications(db, actor),
    canPost: actor.role === "enterprise" || actor.role === "admin",
  };
}

export default function MyChallenges() {
  const t = useT();
  const locale = useLocale();
  const { challenges, applications, canPost } = useLoaderData<typeof loader>();
  return (
    <article>
      <h1>{t("challenge.mine")}</h1>
      {canPost && (
        <section className="card" aria-labelledby="posted-title">
          <h2 id="posted-title">{t("challenge.posted")}</h2>
          <p>
            <Link to="/challenges/new" className="button">
              {t("challenge.new")}
            </Link>
          </p>
          {challenges.length === 0 ? (
            <p className="muted">{t("challenge.empty")}</p>
          ) : (
            <ul>
              {challenges.map((c) => (
                <li key={c.id}>
                  <Link to={`/challenges/${c.id}`}>{c.title}</Link> <StatusTag status={c.status} /> {formatFen(c.rewardFen, locale)} ·{" "}
                  <Link to={`/challenges/${c.id}/applications`}>{t("challenge.applications.title")}</Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <section className="card" aria-labelledby="applied-title">
        <h2 id="applied-title">{t("challenge.applications.mine")}</h2>
        {applications.length === 0 ? (
          <p className="muted">{t("challenge.applications.none")}</p>
        ) : (
          <ul>
            {applications.map((a) => (
              <li key={a.id}>
                <Link to={`/challenges/${a.challengeId}/applications`}>{a.title}</Link>{" "}
                <span className="tag">{t(`challenge.appStatus.${a.status}` as MessageKey)}</span> {formatDate(a.submittedAt, locale)}
                {a.awardFen !== null && ` · ${formatFen(a.awardFen, locale)}`}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
