import { DATA_IMPORT_KINDS, type DataImportKind } from "../../codes";
import { readSingleFileUpload } from "../file-upload.server";
import { MAX_IMPORT_BYTES } from "../national-import/upload.server";

// The import form as the page posts it (or its script, to the streaming route): one file part
// named "file", the kind, and the "dryRun" and "verified" checkboxes.

export { MAX_IMPORT_MB } from "../national-import/upload.server";

export type DataImportUpload =
  | { ok: true; kind: DataImportKind; fileName: string; bytes: Uint8Array; dryRun: boolean; verified: boolean }
  | { ok: false; status: 400 | 413; error: "noFile" | "tooLarge" };

export async function readDataImportUpload(request: Request): Promise<DataImportUpload> {
  const upload = await readSingleFileUpload(request, "file", MAX_IMPORT_BYTES);
  if (upload === "too_large") return { ok: false, status: 413, error: "tooLarge" };
  if (upload === null || upload.file === null) return { ok: false, status: 400, error: "noFile" };
  const kind = DATA_IMPORT_KINDS.find((k) => k === upload.fields.get("kind"));
  if (!kind) return { ok: false, status: 400, error: "noFile" };
  const name = upload.file.name.normalize("NFC").slice(-200) || `${kind}.xlsx`;
  return {
    ok: true,
    kind,
    fileName: name,
    bytes: upload.file.bytes,
    dryRun: upload.fields.get("dryRun") === "on",
    verified: upload.fields.get("verified") === "on",
  };
}
