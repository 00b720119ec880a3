import type { Db } from "../../../db/connection";
import type { Locale } from "../../i18n";
import type { Actor } from "../actor";
import type { ExportFile } from "./table";

/** What a list's export reads: the database, the visitor, the page's query string and the clock. */
export type ExportContext = {
  db: Db;
  locale: Locale;
  t: (key: string, params?: Record<string, string | number>) => string;
  actor: Actor | null;
  params: URLSearchParams;
  now: Date;
};

/** One list's export: whether only the Bureau may have it, and the file for a context. */
export type ListExport = {
  admin: boolean;
  /** "notFound" where the page itself answers 404 to anyone else, "forbidden" (403) otherwise. */
  refusal?: "forbidden" | "notFound";
  build: (ctx: ExportContext) => ExportFile | Promise<ExportFile>;
};
