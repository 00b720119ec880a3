import type { ActionFunctionArgs } from "@remix-run/node";
import type { MessageKey } from "../i18n";
import { importDataFile, refuseDataImport } from "../services/data-import/apply.server";
import { MAX_IMPORT_MB, readDataImportUpload } from "../services/data-import/upload.server";
import { importStreamResponse } from "../services/import-stream.server";
import { roleContext } from "../services/request.server";

// The import page's script posts the file here and reads the answer as it comes: one JSON line
// per step ({"phase":"validate","done":500,"total":10000}), then {"result":{…}} or {"error":"…"}.

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor, locale, t, requestId } = await roleContext(request, ["admin"], (c) => refuseDataImport(c.db, c.actor, c.requestId));
  const upload = await readDataImportUpload(request);
  return importStreamResponse(upload.ok ? 200 : upload.status, { requestId, event: "data_import_failed", failure: t("dimport.failed") }, async (send) => {
    if (!upload.ok) return { error: t(`dimport.${upload.error}` as MessageKey, { mb: MAX_IMPORT_MB }) };
    const report = await importDataFile(db, {
      kind: upload.kind,
      fileName: upload.fileName,
      bytes: upload.bytes,
      actor,
      dryRun: upload.dryRun,
      verified: upload.verified,
      locale,
      requestId,
      onProgress: (phase, done, total) => send({ phase, done, total }),
    });
    return report === "forbidden" ? { error: t("error.forbidden") } : { result: { ...report, dryRun: upload.dryRun } };
  });
}
