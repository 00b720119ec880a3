import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ResponseStatsCard } from "../components/deal-response-stats";
import { useLocale, useT } from "../components/i18n";
import { Facts } from "../components/listing-page";
import { formatDate } from "../i18n/format";
import type { MessageKey } from "../i18n";
import { getPublicOrganisation } from "../services/deals.server";
import { idParam, notFound } from "../services/http.server";
import { requestContext } from "../services/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.profile.org.name} · 吕梁科技大市场` : "吕梁科技大市场" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await requestContext(request);
  const profile = getPublicOrganisation(db, idParam(params.id));
  if (!profile) notFound();
  return json({ profile });
}

export default function OrganisationProfile() {
  const t = useT();
  const locale = useLocale();
  const { profile } = useLoaderData<typeof loader>();
  const { org } = profile;
  const list = (rows: { id: number; title: string; publishedAt: string | null }[], base: string) => (
    <ul className="plain-list">
      {rows.map((r) => (
        <li key={r.id}>
          <Link to={`${base}/${r.id}`}>{r.title}</Link>
          <div className="muted">{formatDate(r.publishedAt, locale)}</div>
        </li>
      ))}
    </ul>
  );
  return (
    <article>
      <h1>{locale === "en" ? (org.nameEn ?? org.name) : org.name}</h1>
      <div className="tags">
        <span className="tag">{t(`orgKind.${org.kind}` as MessageKey)}</span>
        <span className="tag ok">{t("org.verified")}</span>
      </div>
      <section className="card">
        <Facts
          rows={[
            ...(org.countyZh ? [[t("common.county"), locale === "en" ? org.countyEn : org.countyZh] as [string, string]] : []),
            ...(org.website ? [[t("org.website"), org.website] as [string, string]] : []),
            [t("org.verifiedAt"), formatDate(org.verifiedAt, locale)],
            [t("org.dealsSigned"), String(profile.dealsSigned)],
          ]}
        />
      </section>
      <h2>{t("org.responsiveness")}</h2>
      <p className="muted">{t("org.responsivenessHint")}</p>
      <ResponseStatsCard stats={profile.responses} />
      {profile.needs.length > 0 && (
        <>
          <h2>{t("org.needs")}</h2>
          {list(profile.needs, "/needs")}
        </>
      )}
      {profile.achievements.length > 0 && (
        <>
          <h2>{t("org.achievements")}</h2>
          {list(profile.achievements, "/achievements")}
        </>
      )}
    </article>
  );
}
