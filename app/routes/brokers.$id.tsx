import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ChainTags, GradeTag } from "../components/broker-profile";
import { useLocale, useT } from "../components/i18n";
import { Facts } from "../components/listing-page";
import { formatDate } from "../i18n/format";
import { chainOptions, getPublicBroker } from "../services/brokers.server";
import { idParam, notFound } from "../services/http.server";
import { formatFen } from "../services/money";
import { requestContext } from "../services/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.broker.name} · 技术经纪人` : "技术经纪人" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await requestContext(request);
  const broker = getPublicBroker(db, idParam(params.id));
  if (!broker) notFound();
  // The public sees the track record, not how to reach him outside the platform.
  const { userId: _userId, ...shown } = broker;
  return json({ broker: shown, chains: chainOptions(db) });
}

export default function BrokerProfile() {
  const t = useT();
  const locale = useLocale();
  const { broker, chains } = useLoaderData<typeof loader>();
  return (
    <article>
      <p className="muted">
        <Link to="/brokers">{t("broker.title")}</Link>
      </p>
      <h1>
        {broker.name} <GradeTag grade={broker.grade} />
      </h1>
      <div className="stats">
        <div className="stat">
          <div className="muted">{t("broker.record.dealsLabel")}</div>
          <div className="value">{broker.dealsClosed}</div>
        </div>
        <div className="stat">
          <div className="muted">{t("broker.record.valueLabel")}</div>
          <div className="value">{formatFen(broker.registeredValueFen, locale)}</div>
          <div className="small muted">{t("broker.record.contracts", { n: broker.registeredContracts })}</div>
        </div>
        <div className="stat">
          <div className="muted">{t("broker.record.openLabel")}</div>
          <div className="value">{broker.openDeals}</div>
          <div className="small muted">{t("broker.record.claimed", { n: broker.claimedNeeds })}</div>
        </div>
      </div>
      <section className="card">
        <Facts
          rows={[
            [
              t("broker.f.org"),
              <Link key="o" to={`/organisations/${broker.orgId}`}>
                {locale === "en" ? (broker.orgNameEn ?? broker.orgName) : broker.orgName}
              </Link>,
            ],
            [t("broker.f.certificateNo"), broker.certificateNo],
            [t("broker.f.validity"), `${formatDate(broker.validFrom, locale)} – ${formatDate(broker.validUntil, locale)}`],
            [t("broker.f.chains"), <ChainTags key="c" ids={broker.chains} chains={chains} />],
            ...(broker.cohort ? [[t("broker.f.cohort"), t("broker.cohortLabel", { cohort: broker.cohort })] as [string, string]] : []),
          ]}
        />
        {broker.bio && <p className="pre-wrap">{broker.bio}</p>}
      </section>
    </article>
  );
}
