import { useState, type FormEvent } from "react";
import type { MessageKey } from "../i18n";
import { useT } from "./i18n";

// The import pages' script: posts the form's file to the page's streaming route and follows
// the JSON lines it answers with ({"phase",…} as it goes, then {"result"} or {"error"}).
// Without script (or TextDecoderStream) the form posts normally and the page shows the report.

export type ImportProgress = { phase: "read" | "validate" | "apply"; done: number; total: number };
type Line<R> = ImportProgress | { result: R } | { error: string };

/** `messages` names the page's "file too large" and "import failed" texts. */
export function useStreamedImport<R>(url: string, maxMb: number, messages: { tooLarge: MessageKey; failed: MessageKey }, onDone?: () => void) {
  const t = useT();
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [report, setReport] = useState<R | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const take = (line: Line<R>) => {
    if ("result" in line) setReport(line.result);
    else if ("error" in line) setError(line.error);
    else setProgress(line);
  };
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    if (typeof TextDecoderStream === "undefined") return;
    event.preventDefault();
    setBusy(true);
    setError(null);
    setReport(null);
    setProgress({ phase: "read", done: 0, total: 1 });
    try {
      const res = await fetch(url, { method: "POST", body: new FormData(event.currentTarget), headers: { Accept: "application/x-ndjson" } });
      if (!res.body || !(res.headers.get("Content-Type") ?? "").startsWith("application/x-ndjson")) {
        setError(t(res.status === 413 ? messages.tooLarge : messages.failed, { mb: maxMb }));
        return;
      }
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffered = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += value;
        const lines = buffered.split("\n");
        buffered = lines.pop() ?? "";
        for (const line of lines) if (line.trim()) take(JSON.parse(line) as Line<R>);
      }
      onDone?.();
    } catch {
      setError(t(messages.failed));
    } finally {
      setBusy(false);
      setProgress(null);
    }
  }
  return { progress, report, error, busy, onSubmit };
}
