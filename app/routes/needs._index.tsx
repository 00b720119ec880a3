import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BrowsePage, ProgressStat } from "../components/browse";
import { useT } from "../components/i18n";
import { ExportLinks } from "../components/export-links";
import { yearInShanghai } from "../i18n/format";
import { browseQuerySchema, searchParamsToObject } from "../schemas/index.server";
import { browsePage } from "../services/browse.server";
import { needsListProgress } from "../services/needs.server";
import { requestContext } from "../services/request.server";
import { getSearch } from "../services/search.server";

export const meta: MetaFunction = () => [{ title: "技术需求 · Technical needs" }];

/** The page's description for search engines, in the visitor's language (see root). */
export const handle = { description: "meta.needs" };

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, locale, user } = await requestContext(request);
  const query = browseQuerySchema.parse(searchParamsToObject(new URL(request.url).searchParams));
  const data = await browsePage(db, getSearch(), "need", query, locale);
  return { data, query, progress: needsListProgress(db, yearInShanghai()), canPost: user?.role === "enterprise" };
}

export default function NeedsIndex() {
  const t = useT();
  const { data, query, progress, canPost } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="result-meta">
        <div>
          <h1>{t("need.list.title")}</h1>
          <ExportLinks path="/needs" bureau />
          <p className="lead">{t("need.list.lead")}</p>
        </div>
        {canPost && (
          <Link to="/needs/new" className="button">
            {t("need.new")}
          </Link>
        )}
      </div>
      <div className="stats">
        <ProgressStat label={t("home.needsList", { year: progress.year })} done={progress.done} target={progress.target} />
      </div>
      <BrowsePage kind="need" data={data} query={query} basePath="/needs" />
    </>
  );
}
