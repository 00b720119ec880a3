import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BrowsePage, ProgressStat } from "../components/browse";
import { useT } from "../components/i18n";
import { ExportLinks } from "../components/export-links";
import { yearInShanghai } from "../i18n/format";
import { browseQuerySchema, searchParamsToObject } from "../schemas/index.server";
import { transformationListProgress } from "../services/achievements.server";
import { browsePage } from "../services/browse.server";
import { requestContext } from "../services/request.server";
import { getSearch } from "../services/search.server";

export const meta: MetaFunction = () => [{ title: "科技成果 · Achievements" }];

/** The page's description for search engines, in the visitor's language (see root). */
export const handle = { description: "meta.achievements" };

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, locale, user } = await requestContext(request);
  const query = browseQuerySchema.parse(searchParamsToObject(new URL(request.url).searchParams));
  const data = await browsePage(db, getSearch(), "achievement", query, locale);
  return { data, query, progress: transformationListProgress(db, yearInShanghai()), canPost: user?.role === "institute" };
}

export default function AchievementsIndex() {
  const t = useT();
  const { data, query, progress, canPost } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="result-meta">
        <div>
          <h1>{t("ach.list.title")}</h1>
          <ExportLinks path="/achievements" />
          <p className="lead">{t("ach.list.lead")}</p>
        </div>
        {canPost && (
          <Link to="/achievements/new" className="button">
            {t("ach.new")}
          </Link>
        )}
      </div>
      <div className="stats">
        <ProgressStat label={t("home.transformationList", { year: progress.year })} done={progress.done} target={progress.target} />
      </div>
      <BrowsePage kind="achievement" data={data} query={query} basePath="/achievements" />
    </>
  );
}
