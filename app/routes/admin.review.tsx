import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "../components/i18n";
import { ExportLinks } from "../components/export-links";
import { TableScroll } from "../components/table-scroll";
import { formatDateTime } from "../i18n/format";
import { listSubmitted } from "../services/listings.server";
import { roleContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "审核 · Review" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await roleContext(request, ["admin"]);
  return json({ needs: listSubmitted(db, "need"), achievements: listSubmitted(db, "achievement") });
}

export default function Review() {
  const t = useT();
  const locale = useLocale();
  const { needs, achievements } = useLoaderData<typeof loader>();
  const table = (rows: typeof needs, base: "/needs" | "/achievements", caption: string) =>
    rows.length === 0 ? (
      <p className="card empty">{t("admin.review.empty")}</p>
    ) : (
      <TableScroll label={caption}>
        <table className="data">
          <thead>
            <tr>
              <th>{base === "/needs" ? t("need.title") : t("ach.title")}</th>
              <th>{t("listing.org")}</th>
              <th>{t("admin.review.submittedAt")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`${base}/${r.id}`}>{r.title}</Link>
                </td>
                <td>{r.orgName}</td>
                <td>{formatDateTime(r.submittedAt, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    );
  return (
    <>
      <h1>{t("admin.review.title")}</h1>
      <ExportLinks path="/admin/review" />
      <h2>
        {t("admin.review.needs")} ({needs.length})
      </h2>
      {table(needs, "/needs", t("admin.review.needs"))}
      <h2>
        {t("admin.review.achievements")} ({achievements.length})
      </h2>
      {table(achievements, "/achievements", t("admin.review.achievements"))}
      <h2>
        <Link to="/admin/challenges">{t("challenge.desk.title")}</Link>
      </h2>
    </>
  );
}
