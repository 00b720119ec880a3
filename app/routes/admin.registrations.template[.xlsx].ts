import type { LoaderFunctionArgs } from "@remix-run/node";
import { XLSX_TYPE } from "../services/award-export.server";
import { TEMPLATE_FILE_NAME, templateWorkbook } from "../services/national-import/template.server";
import { roleContext } from "../services/request.server";

/** The national spreadsheet's template: its headings and one example row. */
export async function loader({ request }: LoaderFunctionArgs) {
  await roleContext(request, ["admin"]);
  const body = await templateWorkbook();
  return new Response(body, {
    headers: {
      "Content-Type": XLSX_TYPE,
      "Content-Disposition": `attachment; filename="${TEMPLATE_FILE_NAME}"`,
      "Content-Length": String(body.length),
      "Cache-Control": "private, no-store",
    },
  });
}
