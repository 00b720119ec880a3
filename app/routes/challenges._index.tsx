import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ChallengeBrowse } from "../components/challenge-list";
import { useT } from "../components/i18n";
import { challengeBrowseSchema, searchParamsToObject } from "../schemas/index.server";
import { browseChallenges } from "../services/challenges/browse.server";
import { badRequest } from "../services/http.server";
import { requestContext } from "../services/request.server";
import { getSearch } from "../services/search.server";

export const meta: MetaFunction = () => [{ title: "揭榜挂帅 · Open challenges" }];
export const handle = { description: "meta.challenges" };

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user } = await requestContext(request);
  const parsed = challengeBrowseSchema.safeParse(searchParamsToObject(new URL(request.url).searchParams));
  if (!parsed.success) badRequest();
  const data = await browseChallenges(db, getSearch(), parsed.data);
  return { data, query: parsed.data, canPost: user?.role === "enterprise" || user?.role === "admin", signedIn: !!user };
}

export default function ChallengesIndex() {
  const t = useT();
  const { data, query, canPost, signedIn } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="result-meta">
        <div>
          <h1>{t("challenge.list.title")}</h1>
          <p className="lead">{t("challenge.list.lead")}</p>
        </div>
        <div className="actions">
          {signedIn && (
            <Link to="/me/challenges" className="button secondary">
              {t("challenge.mine")}
            </Link>
          )}
          {canPost && (
            <Link to="/challenges/new" className="button">
              {t("challenge.new")}
            </Link>
          )}
        </div>
      </div>
      <ChallengeBrowse data={data} query={query} />
    </>
  );
}
