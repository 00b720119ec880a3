import type { LoaderFunctionArgs } from "@remix-run/node";
import { openDealFile } from "../services/deal-files.server";
import { fileDownload } from "../services/file-upload.server";
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
  return fileDownload(file);
}
