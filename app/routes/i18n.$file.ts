import type { LoaderFunctionArgs } from "@remix-run/node";
import { dictionaryScript } from "../i18n";
import { notFound } from "../services/http.server";
import { dictionaryFileParam } from "../schemas/index.server";

// The visitor's language as a script the document loads: one language, cached by the browser
// under a name that changes whenever a message does.

const YEAR_SECONDS = 365 * 24 * 3600;

export function loader({ params }: LoaderFunctionArgs) {
  const parsed = dictionaryFileParam.safeParse(params.file);
  if (!parsed.success) notFound();
  const script = dictionaryScript(parsed.data.locale, parsed.data.part);
  // A name from an earlier version is answered with today's messages, and not kept.
  const current = script.file === parsed.data.file;
  return new Response(script.body, {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": current ? `public, max-age=${YEAR_SECONDS}, immutable` : "no-cache",
    },
  });
}
