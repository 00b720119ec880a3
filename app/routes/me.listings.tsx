import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "../components/i18n";
import { formatDateTime } from "../i18n/format";
import type { MessageKey } from "../i18n";
import { listOwnAchievements } from "../services/achievements.server";
import { badRequest, forbidden, notFound } from "../services/http.server";
import { transitionListing } from "../services/listings.server";
import { listOwnNeeds } from "../services/needs.server";
import { roleContext } from "../services/request.server";
import { listingConfirmSchema } from "../schemas/index.server";

export const meta: MetaFunction = () => [{ title: "我的发布 · My listings" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor } = await roleContext(request, ["enterprise", "institute"]);
  const kind = actor.role === "enterprise" ? "need" : "achievement";
  const rows = kind === "need" ? listOwnNeeds(db, actor) : listOwnAchievements(db, actor);
  return json({
    kind,
    rows: rows.map((r) => ({ id: r.id, title: r.title, status: r.status, stale: r.stale, confirmedAt: r.confirmedAt, updatedAt: r.updatedAt })),
  });
}

/** One click re-confirms a listing from the owner's own list. */
export async function action({ request }: ActionFunctionArgs) {
  const { db, actor, requestId } = await roleContext(request, ["enterprise", "institute"]);
  const parsed = listingConfirmSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) badRequest();
  const kind = actor.role === "enterprise" ? "need" : "achievement";
  const outcome = transitionListing(db, kind, actor, parsed.data.id, "confirm", { requestId });
  if (!outcome.ok) return outcome.error === "not_found" ? notFound() : forbidden(outcome.error);
  return redirect("/me/listings?confirmed=1");
}

export default function MyListings() {
  const t = useT();
  const locale = useLocale();
  const { kind, rows } = useLoaderData<typeof loader>();
  const base = kind === "need" ? "/needs" : "/achievements";
  return (
    <>
      <div className="result-meta">
        <h1>{kind === "need" ? t("need.mine.title") : t("ach.mine.title")}</h1>
        <Link to={`${base}/new`} className="button">
          {kind === "need" ? t("need.new") : t("ach.new")}
        </Link>
      </div>
      {rows.length === 0 ? (
        <p className="card empty">{kind === "need" ? t("need.empty") : t("ach.empty")}</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>{kind === "need" ? t("need.title") : t("ach.title")}</th>
              <th>{t("common.status")}</th>
              <th>{t("listing.confirmedAt")}</th>
              <th>{t("common.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`${base}/${r.id}`}>{r.title}</Link>
                </td>
                <td>
                  <span className="tag">{t(`status.${r.status}` as MessageKey)}</span>
                  {r.stale && <span className="tag warn">{t("listing.stale")}</span>}
                </td>
                <td>{formatDateTime(r.confirmedAt, locale)}</td>
                <td>
                  {(r.status === "published" || r.status === "matched") && (
                    <Form method="post" className="inline">
                      <input type="hidden" name="intent" value="confirm" />
                      <input type="hidden" name="id" value={r.id} />
                      <button type="submit" className={r.stale ? "primary" : "secondary"}>
                        {t("listing.confirm")}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
