import type { LoaderFunctionArgs } from "@remix-run/node";
import { getBatch } from "../services/award-batches.server";
import { batchFileName, batchWorkbook, XLSX_TYPE } from "../services/award-export.server";
import { idParam, notFound } from "../services/http.server";
import { roleContext } from "../services/request.server";

/** The batch as an .xlsx workbook, for the admin to file and pay from. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, locale } = await roleContext(request, ["admin"]);
  const found = getBatch(db, idParam(params.id));
  if (!found) notFound();
  const body = await batchWorkbook(found.batch, found.lines, locale);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": XLSX_TYPE,
      "Content-Disposition": `attachment; filename="${batchFileName(found.batch)}"`,
      "Content-Length": String(body.length),
      "Cache-Control": "private, no-store",
    },
  });
}
