import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { attachmentRemoveSchema } from "../schemas/index.server";
import { readSingleFileUpload } from "../services/file-upload.server";
import { badRequest, forbidden, idParam, notFound } from "../services/http.server";
import { MAX_ATTACHMENT_BYTES, refuseAttachment, removeListingAttachment, storeListingAttachment } from "../services/listing-attachments.server";
import { listingEditPath, listingPath, parseSubject } from "../services/listing-subjects.server";
import { userContext } from "../services/request.server";

/** Nothing to show here: the attachments are managed on the listing's edit page. */
export function loader(): never {
  notFound();
}

/**
 * The owner adds (a multipart form with one file) or removes (intent=remove) a listing's
 * attachment, and goes back to the edit page, which says what happened.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, requestId } = await userContext(request);
  const subject = parseSubject(params.subject);
  if (!subject) notFound();
  const id = idParam(params.id);
  const back = (notice: string) => redirect(`${listingEditPath(subject, id)}?files=${notice}#attachments`);
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    const upload = await readSingleFileUpload(request, "file", MAX_ATTACHMENT_BYTES);
    if (upload === null) badRequest();
    const outcome =
      upload === "too_large"
        ? refuseAttachment(db, actor, subject, id, "too_large", requestId)
        : upload.file
          ? storeListingAttachment(db, actor, subject, id, upload.file, new Date(), requestId)
          : ({ ok: false, error: "empty" } as const);
    if (outcome.ok) return back("uploaded");
    if (outcome.error === "not_found") notFound();
    if (outcome.error === "forbidden") forbidden();
    // Submitted meanwhile: the edit page is closed, so the listing's own page says where it stands.
    if (outcome.error === "not_editable") return redirect(listingPath(subject, id));
    return back(outcome.error);
  }
  const parsed = attachmentRemoveSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) badRequest();
  const outcome = removeListingAttachment(db, actor, subject, id, parsed.data.attachmentId, new Date(), requestId);
  if (outcome.ok) return back("removed");
  if (outcome.error === "forbidden") forbidden();
  if (outcome.error === "not_found") notFound();
  return redirect(listingPath(subject, id));
}
