import { Form, useSearchParams } from "@remix-run/react";
import type { ListingSubject } from "../codes";
import type { MessageKey } from "../i18n";
import type { AttachmentItem } from "../services/listing-attachments.server";
import { useT } from "./i18n";

/** One attachment as a page shows it. */
export type Attachment = AttachmentItem;

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The public page's attachments: images as thumbnails (alt text = the file's name), PDFs as downloads. */
export function AttachmentGallery({ files }: { files: Attachment[] }) {
  const t = useT();
  if (files.length === 0) return null;
  const images = files.filter((f) => f.image);
  const documents = files.filter((f) => !f.image);
  return (
    <section className="card listing-extra" aria-labelledby="attachments-title">
      <h2 id="attachments-title">{t("attach.title")}</h2>
      {images.length > 0 && (
        <ul className="thumbs">
          {images.map((f) => (
            <li key={f.id}>
              <a href={f.url}>
                <img src={f.url} alt={f.displayName} loading="lazy" width={160} height={120} />
              </a>
            </li>
          ))}
        </ul>
      )}
      {documents.length > 0 && (
        <ul className="plain-list">
          {documents.map((f) => (
            <li key={f.id}>
              <a href={f.url} download>
                {f.displayName}
              </a>{" "}
              <span className="muted">PDF · {formatSize(f.sizeBytes)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const NOTICES = ["uploaded", "removed", "too_large", "unsupported_type", "empty", "quota", "not_editable"] as const;

/** The owner's attachments on a listing's edit page: what is attached, a remove button each, and the upload form. */
export function AttachmentManager({
  subject,
  id,
  files,
  maxFiles,
  maxMb,
}: {
  subject: ListingSubject;
  id: number;
  files: Attachment[];
  maxFiles: number;
  maxMb: number;
}) {
  const t = useT();
  const [params] = useSearchParams();
  const notice = NOTICES.find((n) => n === params.get("files"));
  const action = `/attachments/${subject}/${id}`;
  const good = notice === "uploaded" || notice === "removed";
  return (
    <section className="card stacked listing-extra" id="attachments" aria-labelledby="attachments-title">
      <h2 id="attachments-title">{t("attach.title")}</h2>
      {notice && (
        <p className={`alert ${good ? "ok" : "error"}`} role={good ? "status" : "alert"}>
          {t(`attach.notice.${notice}` as MessageKey, { mb: maxMb, n: maxFiles })}
        </p>
      )}
      {files.length === 0 ? (
        <p className="muted">{t("attach.empty")}</p>
      ) : (
        <ul className="plain-list">
          {files.map((f) => (
            <li key={f.id} className="attachment-row">
              {f.image && <img src={f.url} alt={f.displayName} width={64} height={48} />}
              <a href={f.url} download={!f.image || undefined}>
                {f.displayName}
              </a>
              <span className="muted">{formatSize(f.sizeBytes)}</span>
              <Form method="post" action={action} className="inline">
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="attachmentId" value={f.id} />
                <button type="submit" className="link-button" aria-label={t("attach.removeNamed", { name: f.displayName })}>
                  {t("attach.remove")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      {files.length < maxFiles && (
        <Form method="post" action={action} encType="multipart/form-data" className="stacked">
          <div className="field">
            <label htmlFor="listing-file">{t("attach.add")}</label>
            <input
              id="listing-file"
              type="file"
              name="file"
              required
              aria-describedby="listing-file-hint"
              accept=".pdf,.png,.jpg,.jpeg,.webp,application/pdf,image/png,image/jpeg,image/webp"
            />
            <span className="hint" id="listing-file-hint">
              {t("attach.hint", { n: maxFiles, mb: maxMb })}
            </span>
          </div>
          <div>
            <button type="submit" className="secondary">
              {t("attach.upload")}
            </button>
          </div>
        </Form>
      )}
    </section>
  );
}
