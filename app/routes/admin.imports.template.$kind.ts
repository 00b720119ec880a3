import type { LoaderFunctionArgs } from "@remix-run/node";
import { importKindSchema } from "../schemas/index.server";
import { XLSX_TYPE } from "../services/award-export.server";
import { importTemplateWorkbook, templateFileName } from "../services/data-import/template.server";
import { notFound } from "../services/http.server";
import { roleContext } from "../services/request.server";

/** A kind's template: its headings in the Bureau's words and one example row. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await roleContext(request, ["admin"]);
  const kind = importKindSchema.safeParse(params.kind);
  if (!kind.success) notFound();
  const body = await importTemplateWorkbook(kind.data);
  return new Response(body, {
    headers: {
      "Content-Type": XLSX_TYPE,
      "Content-Disposition": `attachment; filename="${templateFileName(kind.data)}"`,
      "Content-Length": String(body.length),
      "Cache-Control": "private, no-store",
    },
  });
}
