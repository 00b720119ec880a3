import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useT } from "../components/i18n";
import { useStreamedImport, type ImportProgress } from "../components/streamed-import";
import { ImportReportPanel, type ImportReportView } from "../components/national-import";
import type { MessageKey } from "../i18n";
import { forbidden } from "../services/http.server";
import { importNationalFile, refuseNationalImport } from "../services/national-import/apply.server";
import { countPairs } from "../services/national-import/pairs.server";
import { MAX_IMPORT_MB, readImportUpload } from "../services/national-import/upload.server";
import { roleContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "导入全国系统登记 · Import national records" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await roleContext(request, ["admin"]);
  return json({ maxMb: MAX_IMPORT_MB, pairs: countPairs(db) });
}

/** Without script the form posts here and the page shows the report. */
export async function action({ request }: ActionFunctionArgs) {
  const { db, actor, locale, t, requestId } = await roleContext(request, ["admin"], (c) => refuseNationalImport(c.db, c.actor, c.requestId));
  const upload = await readImportUpload(request);
  if (!upload.ok) return json({ report: null, error: t(`nimport.${upload.error}` as MessageKey, { mb: MAX_IMPORT_MB }) }, { status: upload.status });
  const report = await importNationalFile(db, { fileName: upload.fileName, bytes: upload.bytes, actor, dryRun: upload.dryRun, locale, requestId });
  if (report === "forbidden") forbidden();
  return json({ report: { ...report, dryRun: upload.dryRun }, error: null }, { status: report.errors.length > 0 ? 422 : 200 });
}

function ProgressBar({ progress }: { progress: ImportProgress }) {
  const t = useT();
  const label = t(`nimport.phase.${progress.phase}`, { done: progress.done, total: progress.total });
  return (
    <div className="stacked">
      <label htmlFor="import-progress">{t("nimport.progress")}</label>
      <progress
        id="import-progress"
        max={Math.max(progress.total, 1)}
        value={progress.phase === "read" ? undefined : progress.done}
        aria-describedby="import-phase"
      />
      <p id="import-phase" className="muted" role="status" aria-live="polite">
        {label}
      </p>
    </div>
  );
}

export default function RegistrationImport() {
  const t = useT();
  const { maxMb, pairs } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const revalidator = useRevalidator();
  const streamed = useStreamedImport<ImportReportView>(
    "/admin/registrations/import.ndjson",
    maxMb,
    { tooLarge: "nimport.tooLarge", failed: "nimport.failed" },
    () => revalidator.revalidate(),
  );
  const report = streamed.report ?? (streamed.busy ? null : (posted?.report ?? null));
  const error = streamed.error ?? (streamed.busy ? null : (posted?.error ?? null));
  return (
    <>
      <h1>{t("nimport.title")}</h1>
      <p className="lead">{t("nimport.intro")}</p>
      <p>
        <a href="/admin/registrations/template.xlsx" download>
          {t("nimport.template")}
        </a>
        {" · "}
        <Link to="/admin/registrations/pairs">
          {t("pairs.title")} ({pairs})
        </Link>
        {" · "}
        <Link to="/admin/registrations">{t("records.nav")}</Link>
      </p>
      <form method="post" encType="multipart/form-data" className="stacked card" onSubmit={(e) => void streamed.onSubmit(e)}>
        <label htmlFor="import-file">{t("nimport.file")}</label>
        <input
          id="import-file"
          name="file"
          type="file"
          accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          required
        />
        <label className="checkbox">
          <input type="checkbox" name="dryRun" /> {t("nimport.dryRun")}
        </label>
        <button type="submit" className="primary" disabled={streamed.busy}>
          {t("nimport.submit")}
        </button>
      </form>
      {streamed.progress && <ProgressBar progress={streamed.progress} />}
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      {report && <ImportReportPanel report={report} />}
    </>
  );
}
