import fs from "node:fs";
import {
  createReadableStreamFromReadable,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import { contentDisposition } from "./deal-files.server";

// Reading a form that carries one file, and sending a stored file back: shared by the deal
// room's attachments and the bank receipts of transfers.

/** Text fields of an upload form are short; only the one file part may be large. */
const SMALL_FIELD_BYTES = 1024;
/** Boundaries, part headers and the text fields around the file. */
const ENVELOPE_BYTES = 64 * 1024;

export type UploadedFile = { name: string; bytes: Uint8Array };
export type SingleFileUpload = { fields: FormData; file: UploadedFile | null };

/**
 * Reads a multipart form's text fields and at most one file part named `fileField` (a second
 * file part, or one under another name, is drained, never kept). "too_large" when the file or
 * the declared body is over the limit; null when the body is not a readable form at all.
 */
export async function readSingleFileUpload(request: Request, fileField: string, maxFileBytes: number): Promise<SingleFileUpload | "too_large" | null> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > maxFileBytes + ENVELOPE_BYTES) return "too_large";
  const fileHandler = unstable_createMemoryUploadHandler({ maxPartSize: maxFileBytes });
  const fieldHandler = unstable_createMemoryUploadHandler({ maxPartSize: SMALL_FIELD_BYTES });
  let files = 0;
  const handler: UploadHandler = async (part) => {
    if (part.filename === undefined) return fieldHandler(part);
    if (part.name !== fileField || ++files > 1) {
      for await (const _chunk of part.data) {
        /* drained, not kept */
      }
      return undefined;
    }
    return fileHandler(part);
  };
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, handler);
  } catch (err) {
    if (err instanceof MaxPartSizeExceededError) return "too_large";
    return null;
  }
  const fields = new FormData();
  for (const [k, v] of form) if (typeof v === "string") fields.append(k, v);
  const file = form.get(fileField);
  return { fields, file: file instanceof File && file.size > 0 ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : null };
}

export interface StoredFile {
  path: string;
  mime: string;
  sizeBytes: number;
  displayName: string;
  sha256: string;
}

export type DownloadOptions = {
  /** Shown in the page (an image in an <img>) rather than saved; still typed by its bytes, with nosniff. */
  inline?: boolean;
  cacheControl?: string;
};

/** A stored upload as a download, typed as its bytes were found to be, with nosniff, so no browser renders it as a page. */
export function fileDownload(file: StoredFile, options: DownloadOptions = {}): Response {
  const disposition = contentDisposition(file.displayName);
  return new Response(createReadableStreamFromReadable(fs.createReadStream(file.path)), {
    status: 200,
    headers: {
      "Content-Type": file.mime,
      "Content-Length": String(file.sizeBytes),
      "Content-Disposition": options.inline ? disposition.replace(/^attachment/, "inline") : disposition,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": options.cacheControl ?? "private, no-store",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      ETag: `"${file.sha256}"`,
    },
  });
}
