import { useLocation } from "@remix-run/react";
import { useT } from "./i18n";

/** A query string without its page number: an export holds every page. */
function exportQuery(search: string, extra?: Record<string, string>): string {
  const params = new URLSearchParams(search);
  params.delete("page");
  for (const [k, v] of Object.entries(extra ?? {})) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** "导出 Excel / 导出 CSV" for the list at `path`, carrying the page's filters; the Bureau's template where it has one. */
export function ExportLinks({ path, bureau = false }: { path: string; bureau?: boolean }) {
  const t = useT();
  const { search } = useLocation();
  return (
    <p className="export-links muted">
      {t("export.label")}:{" "}
      <a href={`${path}.xlsx${exportQuery(search)}`} download>
        {t("export.xlsx")}
      </a>{" "}
      ·{" "}
      <a href={`${path}.csv${exportQuery(search)}`} download>
        {t("export.csv")}
      </a>
      {bureau && (
        <>
          {" "}
          ·{" "}
          <a href={`${path}.xlsx${exportQuery(search, { layout: "bureau" })}`} download>
            {t("export.bureauXlsx")}
          </a>
        </>
      )}
    </p>
  );
}
