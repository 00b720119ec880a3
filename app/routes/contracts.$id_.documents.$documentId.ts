import type { LoaderFunctionArgs } from "@remix-run/node";
import { getContractDocument } from "../services/contract-documents.server";
import { fileDownload } from "../services/file-upload.server";
import { idParam, notFound } from "../services/http.server";
import { requestContext } from "../services/request.server";

/**
 * A file kept with a contract (a certificate of registration elsewhere, evidence of a
 * cancellation or termination), for the Bureau, the contract's parties and its broker. Always a
 * download, typed as its bytes were found to be, with nosniff.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await requestContext(request);
  const file = getContractDocument(db, actor, idParam(params.id), idParam(params.documentId));
  if (!file) notFound();
  return fileDownload(file);
}
