import { z } from "zod";
import { text } from "./fields";

const list = z
  .union([text(40), z.array(text(40))])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((s) => s !== "").slice(0, 20))
  .pipe(z.array(z.string()));

/** The list pages' query string; anything malformed is dropped rather than failing the page. */
export const browseQuerySchema = z.object({
  q: text(100, { trim: true }).optional().catch(undefined),
  industryChainId: list.catch([]),
  techField: list.catch([]),
  countyCode: list.catch([]),
  mode: list.catch([]),
  priceBand: list.catch([]),
  stage: list.catch([]),
  year: list.catch([]),
  status: list.catch([]),
  stale: z.literal("1").optional().catch(undefined),
  sort: z.enum(["relevance", "newest", "deadline", "budget", "price"]).optional().catch(undefined),
  page: text(10, { trim: true }).pipe(z.coerce.number<string>().int().min(1).max(1000)).optional().catch(undefined),
});
export type BrowseQuery = z.output<typeof browseQuerySchema>;

/** Reads repeated query parameters (?mode=a&mode=b) into the shape the schema expects. */
export function searchParamsToObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length > 1 ? all : all[0]!;
  }
  return out;
}
