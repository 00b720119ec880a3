import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ProgressStat } from "../components/browse";
import { ContractFigureStat } from "../components/contract-figure";
import { useLocale, useT } from "../components/i18n";
import { formatDate, yearInShanghai } from "../i18n/format";
import { transformationListProgress } from "../services/achievements.server";
import { cityContractFigure } from "../services/indicator.server";
import { countPublished, latestPublished } from "../services/listings.server";
import { needsListProgress } from "../services/needs.server";
import { requestContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "吕梁科技大市场 · Lüliang Technology Market" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requestContext(request);
  const year = yearInShanghai();
  return {
    contractFigure: cityContractFigure(db, year),
    needsProgress: needsListProgress(db, year),
    tlistProgress: transformationListProgress(db, year),
    counts: { needs: countPublished(db, "need"), achievements: countPublished(db, "achievement") },
    latestNeeds: latestPublished(db, "need", 6),
    latestAchievements: latestPublished(db, "achievement", 6),
    role: user?.role ?? null,
  };
}

export default function Home() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const list = (rows: typeof d.latestNeeds, base: string) => (
    <ul className="plain-list">
      {rows.map((r) => (
        <li key={r.id}>
          <Link to={`${base}/${r.id}`}>{r.title}</Link>
          <div className="muted">
            {r.orgName} · {formatDate(r.publishedAt, locale)}
          </div>
        </li>
      ))}
    </ul>
  );
  return (
    <>
      <section className="hero">
        <h1>{t("home.title")}</h1>
        <p>{t("home.lead")}</p>
        <div className="actions">
          <Link to="/needs" className="button">
            {t("home.browseNeeds")}
          </Link>
          <Link to="/achievements" className="button">
            {t("home.browseAchievements")}
          </Link>
          {d.role === "enterprise" && (
            <Link to="/needs/new" className="button">
              {t("home.postNeed")}
            </Link>
          )}
          {d.role === "institute" && (
            <Link to="/achievements/new" className="button">
              {t("home.postAchievement")}
            </Link>
          )}
        </div>
      </section>
      <div className="stats">
        <ContractFigureStat figure={d.contractFigure} />
        <ProgressStat label={t("home.needsList", { year: d.needsProgress.year })} done={d.needsProgress.done} target={d.needsProgress.target} />
        <ProgressStat label={t("home.transformationList", { year: d.tlistProgress.year })} done={d.tlistProgress.done} target={d.tlistProgress.target} />
        <ProgressStat label={t("nav.needs")} done={d.counts.needs} target={null} />
        <ProgressStat label={t("nav.achievements")} done={d.counts.achievements} target={null} />
      </div>
      <div className="grid-2">
        <section className="card">
          <h2>{t("home.latestNeeds")}</h2>
          {list(d.latestNeeds, "/needs")}
          <Link to="/needs">{t("home.browseNeeds")} →</Link>
        </section>
        <section className="card">
          <h2>{t("home.latestAchievements")}</h2>
          {list(d.latestAchievements, "/achievements")}
          <Link to="/achievements">{t("home.browseAchievements")} →</Link>
        </section>
      </div>
    </>
  );
}
