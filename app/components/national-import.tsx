import { Link } from "@remix-run/react";
import { useT } from "./i18n";
import { TableScroll } from "./table-scroll";

// The import report: the counts, every problem found (row, column, message), and the way to the
// pairs waiting for the registrar.

export interface ImportReportView {
  rows: number;
  imported: number;
  matched: number;
  toConfirm: number;
  refused: number;
  errors: { row: number; column: string; message: string }[];
  dryRun: boolean;
}

/** More problems than this are counted, not listed. */
const LISTED = 500;

export function ImportReportPanel({ report }: { report: ImportReportView }) {
  const t = useT();
  const refused = report.errors.length > 0;
  const counts = [
    ["nimport.count.rows", report.rows],
    ["nimport.count.imported", report.imported],
    ["nimport.count.matched", report.matched],
    ["nimport.count.toConfirm", report.toConfirm],
    ["nimport.count.refused", report.refused],
  ] as const;
  return (
    <section aria-labelledby="report-title" className="card" data-testid="import-report">
      <h2 id="report-title">{t(report.dryRun ? "nimport.report.dryRun" : "nimport.report")}</h2>
      <p className={refused ? "alert error" : "alert ok"} role={refused ? "alert" : "status"}>
        {t(refused ? "nimport.report.refused" : report.dryRun ? "nimport.report.okDryRun" : "nimport.report.ok")}
      </p>
      <dl className="stats">
        {counts.map(([key, n]) => (
          <div className="stat" key={key}>
            <dt className="muted">{t(key)}</dt>
            <dd data-count={key.slice("nimport.count.".length)}>{n}</dd>
          </div>
        ))}
      </dl>
      {refused && (
        <TableScroll label={t("nimport.report.refused")}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t("nimport.col.row")}
                </th>
                <th scope="col">{t("nimport.col.column")}</th>
                <th scope="col">{t("nimport.col.message")}</th>
              </tr>
            </thead>
            <tbody>
              {report.errors.slice(0, LISTED).map((e, i) => (
                <tr key={i}>
                  <td className="num">{e.row}</td>
                  <td>{e.column}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.errors.length > LISTED && <p className="muted">{t("nimport.moreErrors", { count: report.errors.length - LISTED })}</p>}
        </TableScroll>
      )}
      {report.toConfirm > 0 && !report.dryRun && (
        <p>
          <Link to="/admin/registrations/pairs">{t("nimport.pairsLink")}</Link>
        </p>
      )}
      {!report.dryRun && report.imported + report.matched + report.toConfirm > 0 && (
        <p>
          <Link to="/admin/registrations">{t("records.nav")}</Link>
        </p>
      )}
    </section>
  );
}
