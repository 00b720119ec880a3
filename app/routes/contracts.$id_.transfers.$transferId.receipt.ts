import type { LoaderFunctionArgs } from "@remix-run/node";
import { openTransferReceipt } from "../services/contract-payments.server";
import { fileDownload } from "../services/file-upload.server";
import { idParam, notFound } from "../services/http.server";
import { requestContext } from "../services/request.server";

/**
 * A bank transfer's receipt, for the contract's parties, its broker and the Bureau. Always a
 * download, typed as its bytes were found to be, with nosniff, so no browser renders it as a page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await requestContext(request);
  const file = openTransferReceipt(db, actor, idParam(params.id), idParam(params.transferId));
  if (!file) notFound();
  return fileDownload(file);
}
