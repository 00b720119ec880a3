import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ResponseStatsCard } from "../components/deal-response-stats";
import { AnswerTabs, EnquiryList } from "../components/enquiries";
import { useT } from "../components/i18n";
import { organisationResponseStats } from "../services/deals.server";
import { listEnquiries, waitingEnquiries } from "../services/enquiries.server";
import { handleEnquiryAnswer } from "../services/enquiry-intents.server";
import { roleContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "合作意向 · Enquiries" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor } = await roleContext(request, ["enterprise", "institute"]);
  const { received, sent } = listEnquiries(db, actor);
  return json({ received, sent, waiting: waitingEnquiries(db, actor.orgId), stats: organisationResponseStats(db, actor.orgId), orgId: actor.orgId });
}

export async function action({ request }: ActionFunctionArgs) {
  return handleEnquiryAnswer(request, "/me/enquiries");
}

export default function MyEnquiries() {
  const t = useT();
  const [params] = useSearchParams();
  const { received, sent, waiting, stats, orgId } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("enquiry.page.title")}</h1>
      <AnswerTabs waiting={waiting} />
      <p className="lead">{t("enquiry.page.lead")}</p>
      {params.get("done") === "answered" && (
        <p className="alert ok" role="status">
          {t("enquiry.done.answered")}
        </p>
      )}
      {waiting > 0 && <p className="alert info">{t("enquiry.waitingCount", { n: waiting })}</p>}
      <ResponseStatsCard stats={stats} />
      <p className="muted">
        <Link to={`/organisations/${orgId}`}>{t("deal.mine.profile")}</Link>
      </p>
      <h2>{t("enquiry.received")}</h2>
      <EnquiryList items={received} received />
      <h2>{t("enquiry.sentList")}</h2>
      <EnquiryList items={sent} received={false} />
    </>
  );
}
