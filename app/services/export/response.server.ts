import type { LoaderFunctionArgs } from "@remix-run/node";
import { contentDisposition } from "../deal-files.server";
import { forbidden, notFound } from "../http.server";
import { requestContext, userContext } from "../request.server";
import { withStorageFaults } from "../storage-faults.server";
import type { ListExport } from "./context";
import { CSV_MIME, writeCsv, writeXlsx, XLSX_MIME, type ExportFile, type ExportFormat } from "./table";

/** The file as a download: the named format, an attachment named after the list, never cached. */
export async function exportResponse(file: ExportFile, format: ExportFormat, now: Date = new Date()): Promise<Response> {
  const body = format === "xlsx" ? await writeXlsx(file, now) : writeCsv(file);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": format === "xlsx" ? XLSX_MIME : CSV_MIME,
      "Content-Disposition": contentDisposition(`${file.baseName}.${format}`),
      "Content-Length": String(body.length),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/**
 * The loader of a list's export route: the same query string as the page, the same refusal as
 * the page to anyone the page refuses. `layouts` names other layouts chosen by ?layout=.
 */
export function exportLoader(list: ListExport, format: ExportFormat, layouts: Record<string, ListExport> = {}) {
  // A storage fault while reading is answered with a 503 in the visitor's language, as the pages answer it.
  return withStorageFaults(async function loader({ request }: LoaderFunctionArgs): Promise<Response> {
    const params = new URL(request.url).searchParams;
    const chosen = layouts[params.get("layout") ?? ""] ?? list;
    // As the pages do: an admin list sends a visitor to log in and refuses others; statistics is a 404 to all but the Bureau.
    const { db, actor, locale, t } = chosen.admin && chosen.refusal !== "notFound" ? await userContext(request) : await requestContext(request);
    if (chosen.admin && actor?.role !== "admin") {
      if (chosen.refusal === "notFound") notFound();
      forbidden();
    }
    const now = new Date();
    const file = await chosen.build({ db, actor, locale, t: t as (key: string, params?: Record<string, string | number>) => string, params, now });
    return exportResponse(file, format, now);
  });
}
