import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useT } from "../components/i18n";
import { reportFontAvailable, reportFontPath, reportMonths } from "../services/monthly-report.server";
import { roleContext } from "../services/request.server";

// The months a report can be downloaded for, newest first.

export const meta: MetaFunction = () => [{ title: "月度指标报告 · Monthly reports" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await roleContext(request, ["admin"]);
  const fontPath = reportFontPath();
  return json({ months: reportMonths(db), fontMissing: reportFontAvailable(fontPath) ? null : fontPath });
}

export default function Reports() {
  const t = useT();
  const { months, fontMissing } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("report.title")}</h1>
      <p className="lead">{t("report.lead")}</p>
      {fontMissing && (
        <p className="alert error" role="alert">
          {t("report.error.font", { path: fontMissing })}
        </p>
      )}
      {months.length === 0 ? (
        <p className="muted">{t("report.none")}</p>
      ) : (
        <ul className="plain">
          {months.map((m) => (
            <li key={m}>
              {t("report.month", { month: m })} ·{" "}
              <a href={`/admin/reports/${m}.pdf`} download>
                {t("report.download")}
              </a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
