import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { DATA_IMPORT_KINDS, type DataImportKind } from "../codes";
import { useT } from "../components/i18n";
import { useStreamedImport, type ImportProgress } from "../components/streamed-import";
import type { MessageKey } from "../i18n";
import { importDataFile, refuseDataImport, type DataImportReport } from "../services/data-import/apply.server";
import { MAX_IMPORT_MB, readDataImportUpload } from "../services/data-import/upload.server";
import { forbidden } from "../services/http.server";
import { roleContext } from "../services/request.server";
import { TableScroll } from "../components/table-scroll";

export const meta: MetaFunction = () => [{ title: "批量导入 · Import" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await roleContext(request, ["admin"]);
  const kind = DATA_IMPORT_KINDS.find((k) => k === new URL(request.url).searchParams.get("kind")) ?? "needs";
  return json({ maxMb: MAX_IMPORT_MB, kind });
}

/** Without script the form posts here and the page shows the report. */
export async function action({ request }: ActionFunctionArgs) {
  const { db, actor, locale, t, requestId } = await roleContext(request, ["admin"], (c) => refuseDataImport(c.db, c.actor, c.requestId));
  const upload = await readDataImportUpload(request);
  if (!upload.ok) return json({ report: null, error: t(`dimport.${upload.error}` as MessageKey, { mb: MAX_IMPORT_MB }) }, { status: upload.status });
  const report = await importDataFile(db, { ...upload, actor, locale, requestId });
  if (report === "forbidden") forbidden();
  return json({ report: { ...report, dryRun: upload.dryRun }, error: null }, { status: report.errors.length > 0 ? 422 : 200 });
}

type ReportView = DataImportReport & { dryRun: boolean };
function ProgressBar({ progress }: { progress: ImportProgress }) {
  const t = useT();
  return (
    <div className="stacked">
      <label htmlFor="import-progress">{t("dimport.progress")}</label>
      <progress
        id="import-progress"
        max={Math.max(progress.total, 1)}
        value={progress.phase === "validate" ? progress.done : undefined}
        aria-describedby="import-phase"
        data-done={progress.done}
        data-total={progress.total}
      />
      <p id="import-phase" className="muted" role="status" aria-live="polite">
        {t(`dimport.phase.${progress.phase}`, { done: progress.done, total: progress.total })}
      </p>
    </div>
  );
}

/** More problems than this are counted, not listed. */
const LISTED = 500;

function IssueTable({ rows, caption }: { rows: DataImportReport["errors"]; caption: string }) {
  const t = useT();
  return (
    <TableScroll label={caption}>
      <table className="data">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              {t("dimport.col.row")}
            </th>
            <th scope="col">{t("dimport.col.column")}</th>
            <th scope="col">{t("dimport.col.message")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, LISTED).map((e, i) => (
            <tr key={i}>
              <td className="num">{e.row}</td>
              <td>{e.column}</td>
              <td>{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > LISTED && <p className="muted">{t("dimport.moreErrors", { count: rows.length - LISTED })}</p>}
    </TableScroll>
  );
}

function ReportPanel({ report }: { report: ReportView }) {
  const t = useT();
  const refused = report.errors.length > 0;
  const counts = [
    ["rows", report.rows],
    ["imported", report.imported],
    ["duplicates", report.duplicates.length],
  ] as const;
  return (
    <section aria-labelledby="report-title" className="card" data-testid="import-report">
      <h2 id="report-title">{t(report.dryRun ? "dimport.report.dryRun" : "dimport.report")}</h2>
      <p className={refused ? "alert error" : "alert ok"} role={refused ? "alert" : "status"}>
        {t(refused ? "dimport.report.refused" : report.dryRun ? "dimport.report.okDryRun" : "dimport.report.ok")}
      </p>
      <dl className="stats">
        {counts.map(([key, n]) => (
          <div className="stat" key={key}>
            <dt className="muted">{t(`dimport.count.${key}`)}</dt>
            <dd data-count={key}>{n}</dd>
          </div>
        ))}
      </dl>
      {refused && <IssueTable rows={report.errors} caption={t("dimport.report.refused")} />}
      {report.duplicates.length > 0 && <IssueTable rows={report.duplicates} caption={t("dimport.duplicates")} />}
      {!report.dryRun && report.imported > 0 && (
        <p>
          {report.kind === "organisations" ? (
            <Link to="/admin/organisations">{t("dimport.orgsLink")}</Link>
          ) : (
            <Link to="/admin/review">{t("dimport.reviewLink")}</Link>
          )}
        </p>
      )}
    </section>
  );
}

export default function DataImport() {
  const t = useT();
  const { maxMb, kind } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const streamed = useStreamedImport<ReportView>("/admin/imports.ndjson", maxMb, { tooLarge: "dimport.tooLarge", failed: "dimport.failed" });
  const [chosen, setChosen] = useState<DataImportKind>(kind);
  const report = streamed.report ?? (streamed.busy ? null : (posted?.report ?? null));
  const error = streamed.error ?? (streamed.busy ? null : (posted?.error ?? null));
  return (
    <>
      <h1>{t("dimport.title")}</h1>
      <p className="lead">{t("dimport.intro")}</p>
      <p>
        {t("dimport.templates")}{" "}
        {DATA_IMPORT_KINDS.map((k, i) => (
          <span key={k}>
            {i > 0 && " · "}
            <a href={`/admin/imports/template/${k}`} download>
              {t("dimport.template", { kind: t(`dimport.kind.${k}`) })}
            </a>
          </span>
        ))}
        {" · "}
        <Link to="/admin/review">{t("dimport.reviewLink")}</Link>
      </p>
      <form method="post" encType="multipart/form-data" className="stacked card" onSubmit={(e) => void streamed.onSubmit(e)}>
        <fieldset>
          <legend>{t("dimport.kind")}</legend>
          {DATA_IMPORT_KINDS.map((k) => (
            <label className="checkbox" key={k}>
              <input type="radio" name="kind" value={k} checked={chosen === k} onChange={() => setChosen(k)} /> {t(`dimport.kind.${k}`)}
            </label>
          ))}
        </fieldset>
        <label htmlFor="import-file">{t("dimport.file")}</label>
        <input
          id="import-file"
          name="file"
          type="file"
          accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          required
        />
        <label className="checkbox">
          <input type="checkbox" name="dryRun" /> {t("dimport.dryRun")}
        </label>
        {chosen === "organisations" && (
          <label className="checkbox">
            <input type="checkbox" name="verified" /> {t("dimport.verified")}
          </label>
        )}
        <button type="submit" className="primary" disabled={streamed.busy}>
          {t("dimport.submit")}
        </button>
      </form>
      {streamed.progress && <ProgressBar progress={streamed.progress} />}
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      {report && <ReportPanel report={report} />}
    </>
  );
}
