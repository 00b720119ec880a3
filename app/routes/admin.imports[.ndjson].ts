import type { ActionFunctionArgs } from "@remix-run/node";
import type { MessageKey } from "../i18n";
import { importDataFile, refuseDataImport } from "../services/data-import/apply.server";
import { MAX_IMPORT_MB, readDataImportUpload } from "../services/data-import/upload.server";
import { forbidden } from "../services/http.server";
import { userContext } from "../services/request.server";

// The import page's script posts the file here and reads the answer as it comes: one JSON line
// per step ({"phase":"validate","done":500,"total":10000}), then {"result":{…}} or {"error":"…"}.

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor, locale, t, requestId } = await userContext(request);
  if (actor.role !== "admin") {
    refuseDataImport(db, actor, requestId);
    forbidden();
  }
  const upload = await readDataImportUpload(request);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      // A browser that went away stops reading; the import still finishes (or refuses) as one transaction.
      const send = (line: unknown) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
        } catch {
          open = false;
        }
      };
      try {
        if (!upload.ok) {
          send({ error: t(`dimport.${upload.error}` as MessageKey, { mb: MAX_IMPORT_MB }) });
        } else {
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
          send(report === "forbidden" ? { error: t("error.forbidden") } : { result: { ...report, dryRun: upload.dryRun } });
        }
      } catch (err) {
        console.error(JSON.stringify({ level: "error", event: "data_import_failed", requestId, message: err instanceof Error ? err.message : String(err) }));
        send({ error: t("dimport.failed") });
      }
      if (open) controller.close();
    },
  });
  return new Response(body, {
    status: upload.ok ? 200 : upload.status,
    headers: {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      // Sent line by line: no compression or proxy may hold the lines back.
      "Cache-Control": "no-store, no-transform",
      "X-Accel-Buffering": "no",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
