import fs from "node:fs";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { openTransferReceipt } from "../services/contract-payments.server";
import { contentDisposition } from "../services/deal-files.server";
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
