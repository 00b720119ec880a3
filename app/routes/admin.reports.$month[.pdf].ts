import type { LoaderFunctionArgs } from "@remix-run/node";
import { monthlyReportPdf } from "../services/monthly-report.server";
import { roleContext } from "../services/request.server";

// The monthly report of every indicator as a PDF (/admin/reports/2026-03.pdf), for the Bureau.
// A month that is malformed, still to come or before the platform's first data is refused with
// its reason; a missing font is a 503 that names the setting.

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" } });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, t } = await roleContext(request, ["admin"]);
  const month = String(params.month ?? "").slice(0, 8);
  const result = await monthlyReportPdf(db, month);
  if (result.ok) {
    return new Response(new Uint8Array(result.pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="report-${result.month}.pdf"; filename*=UTF-8''${encodeURIComponent(`吕梁科技大市场指标月报-${result.month}.pdf`)}`,
        "Content-Length": String(result.pdf.length),
        "Cache-Control": "private, no-store",
      },
    });
  }
  if (result.error === "font_missing") return text(t("report.error.font", { path: result.path }), 503);
  if (result.error === "bad_month") return text(t("report.error.badMonth"), 400);
  if (result.error === "future") return text(t("report.error.future", { month }), 404);
  return text(t("report.error.beforeData", { month, first: result.first ?? "—" }), 404);
}
