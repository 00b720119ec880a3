import { MAX_FILE_BYTES } from "../deal-files.server";
import { readSingleFileUpload } from "../file-upload.server";

// The import form as the page posts it (or its script, to the streaming route): one file part
// named "file" and a "dryRun" checkbox.

export const MAX_IMPORT_BYTES = MAX_FILE_BYTES;
export const MAX_IMPORT_MB = Math.round(MAX_IMPORT_BYTES / (1024 * 1024));

export type ImportUpload = { ok: true; fileName: string; bytes: Uint8Array; dryRun: boolean } | { ok: false; status: 400 | 413; error: "noFile" | "tooLarge" };

export async function readImportUpload(request: Request): Promise<ImportUpload> {
  const upload = await readSingleFileUpload(request, "file", MAX_IMPORT_BYTES);
  if (upload === "too_large") return { ok: false, status: 413, error: "tooLarge" };
  if (upload === null || upload.file === null) return { ok: false, status: 400, error: "noFile" };
  const name = upload.file.name.normalize("NFC").slice(-200) || "national.xlsx";
  return { ok: true, fileName: name, bytes: upload.file.bytes, dryRun: upload.fields.get("dryRun") === "on" };
}
