import type { ActionFunctionArgs } from "@remix-run/node";
import type { MessageKey } from "../i18n";
import { importStreamResponse } from "../services/import-stream.server";
import { importNationalFile, refuseNationalImport } from "../services/national-import/apply.server";
import { MAX_IMPORT_MB, readImportUpload } from "../services/national-import/upload.server";
import { roleContext } from "../services/request.server";

// The import page's script posts the file here and reads the answer as it comes: one JSON line
// per step ({"phase":"validate","done":500,"total":10000}), then {"result":{…}} or {"error":"…"}.

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor, locale, t, requestId } = await roleContext(request, ["admin"], (c) => refuseNationalImport(c.db, c.actor, c.requestId));
  const upload = await readImportUpload(request);
  return importStreamResponse(upload.ok ? 200 : upload.status, { requestId, event: "national_import_failed", failure: t("nimport.failed") }, async (send) => {
    if (!upload.ok) return { error: t(`nimport.${upload.error}` as MessageKey, { mb: MAX_IMPORT_MB }) };
    const report = await importNationalFile(db, {
      fileName: upload.fileName,
      bytes: upload.bytes,
      actor,
      dryRun: upload.dryRun,
      locale,
      requestId,
      onProgress: (phase, done, total) => send({ phase, done, total }),
    });
    return report === "forbidden" ? { error: t("error.forbidden") } : { result: { ...report, dryRun: upload.dryRun } };
  });
}
