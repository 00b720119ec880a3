import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StageTag } from "../components/deal-room";
import { ResponseStatsCard } from "../components/deal-response-stats";
import { AnswerTabs } from "../components/enquiries";
import { useLocale, useT } from "../components/i18n";
import { formatDate } from "../i18n/format";
import { listDealsForMember, organisationResponseStats } from "../services/deals.server";
import { waitingEnquiries } from "../services/enquiries.server";
import { roleContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "我的对接 · My deals" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor } = await roleContext(request, ["enterprise", "institute"]);
  return json({
    rows: listDealsForMember(db, actor),
    stats: organisationResponseStats(db, actor.orgId),
    orgId: actor.orgId,
    waitingEnquiries: waitingEnquiries(db, actor.orgId),
  });
}

export default function MyDeals() {
  const t = useT();
  const locale = useLocale();
  const { rows, stats, orgId, waitingEnquiries } = useLoaderData<typeof loader>();
  const owed = rows.reduce((s, r) => s + r.owed, 0);
  return (
    <>
      <h1>{t("deal.mine.title")}</h1>
      <AnswerTabs waiting={waitingEnquiries} />
      <p className="lead">{t("deal.mine.lead")}</p>
      {owed > 0 && <p className="alert info">{t("deal.mine.owed", { n: owed })}</p>}
      <ResponseStatsCard stats={stats} />
      <p className="muted">
        <Link to={`/organisations/${orgId}`}>{t("deal.mine.profile")}</Link>
      </p>
      {rows.length === 0 ? (
        <p className="card empty">{t("deal.mine.empty")}</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>{t("deal.title")}</th>
              <th>{t("deal.parties")}</th>
              <th>{t("deal.broker")}</th>
              <th>{t("common.status")}</th>
              <th>{t("common.updatedAt")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/deals/${r.id}`}>{r.subjectTitle}</Link>
                  <div className="muted">↔ {r.achievementTitle}</div>
                </td>
                <td>
                  {r.buyerName}
                  <div className="muted">{r.sellerName}</div>
                </td>
                <td>{r.brokerName ?? "—"}</td>
                <td>
                  <StageTag stage={r.stage} />
                  {r.owed > 0 && <span className="tag warn">{t("deal.mine.awaiting", { n: r.owed })}</span>}
                </td>
                <td>{formatDate(r.stageChangedAt, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
