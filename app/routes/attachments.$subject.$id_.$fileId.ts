import type { LoaderFunctionArgs } from "@remix-run/node";
import { fileDownload } from "../services/file-upload.server";
import { idParam, notFound } from "../services/http.server";
import { openListingAttachment } from "../services/listing-attachments.server";
import { parseSubject } from "../services/listing-subjects.server";
import { requestContext } from "../services/request.server";

/**
 * A listing's brochure or image, for whoever may see the listing (anyone once it is public; its
 * owners and the Bureau before). Typed as its bytes were found to be, with nosniff; an image is
 * shown inline (the detail page's thumbnails), a PDF is a download.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await requestContext(request);
  const subject = parseSubject(params.subject);
  if (!subject) notFound();
  const file = openListingAttachment(db, actor, subject, idParam(params.id), idParam(params.fileId));
  if (!file) notFound();
  return fileDownload(file, { inline: file.image, cacheControl: file.isPublic ? "private, max-age=600" : "private, no-store" });
}
