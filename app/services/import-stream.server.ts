// The answer of an import page's streaming route: one JSON line per step of the import
// ({"phase":"validate","done":500,"total":10000}), then the line `work` returns ({"result":…} or
// {"error":"…"}). A fault is logged and answered with `failure` as the last line.

export type SendLine = (line: unknown) => void;

export function importStreamResponse(
  status: number,
  fault: { requestId: string | null; event: string; failure: string },
  work: (send: SendLine) => Promise<unknown>,
): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      // A browser that went away stops reading; the import still finishes (or refuses) as one transaction.
      const send: SendLine = (line) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
        } catch {
          open = false;
        }
      };
      try {
        send(await work(send));
      } catch (err) {
        console.error(
          JSON.stringify({ level: "error", event: fault.event, requestId: fault.requestId, message: err instanceof Error ? err.message : String(err) }),
        );
        send({ error: fault.failure });
      }
      if (open) controller.close();
    },
  });
  return new Response(body, {
    status,
    headers: {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      // Sent line by line: no compression or proxy may hold the lines back.
      "Cache-Control": "no-store, no-transform",
      "X-Accel-Buffering": "no",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
