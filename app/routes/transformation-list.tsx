import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BrowsePage, ProgressStat } from "../components/browse";
import { useT } from "../components/i18n";
import { ExportLinks } from "../components/export-links";
import { yearInShanghai } from "../i18n/format";
import { browseQuerySchema, searchParamsToObject } from "../schemas/index.server";
import { transformationListProgress } from "../services/achievements.server";
import { browsePage } from "../services/browse.server";
import { requestContext } from "../services/request.server";
import { getSearch } from "../services/search.server";

export const meta: MetaFunction = () => [{ title: "成果转化项目清单 · Transformation project list" }];

/** The page's description for search engines, in the visitor's language (see root). */
export const handle = { description: "meta.transformationList" };

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, locale } = await requestContext(request);
  const query = browseQuerySchema.parse(searchParamsToObject(new URL(request.url).searchParams));
  const data = await browsePage(db, getSearch(), "achievement", query, locale, { transformationList: true });
  return json({ data, query, progress: transformationListProgress(db, yearInShanghai()) });
}

export default function TransformationList() {
  const t = useT();
  const { data, query, progress } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("ach.tlist.title")}</h1>
      <ExportLinks path="/transformation-list" bureau />
      <p className="lead">{t("ach.tlist.lead")}</p>
      <div className="stats">
        <ProgressStat label={t("home.transformationList", { year: progress.year })} done={progress.done} target={progress.target} />
      </div>
      <BrowsePage kind="achievement" data={data} query={query} basePath="/transformation-list" />
    </>
  );
}
