import fs from "node:fs";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { contentDisposition, openDealFile } from "../services/deal-files.server";
import { idParam, notFound } from "../services/http.server";
import { requestContext } from "../services/request.server";

/**
 * Streams an attachment to the deal's participants. Always a download, with the type the
 * bytes were found to be and nosniff, so no browser renders an upload as a page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await requestContext(request);
  const file = openDealFile(db, actor, idParam(params.id), idParam(params.fileId));
  if (!file) notFound();
  return new Response(createReadableStreamFromReadable(fs.createReadStream(file.path)), {
    status: 200,
    headers: {
      "Content-Type": file.mime,
      "Content-Length": String(file.sizeBytes),
      "Content-Disposition": contentDisposition(file.displayName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      ETag: `"${file.sha256}"`,
    },
  });
}
