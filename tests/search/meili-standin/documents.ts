// Document writes as Meilisearch processes them inside a task: the primary key set or
// inferred, every id checked (one bad id fails the whole task), replace (POST) or merge (PUT).

import { MeiliError } from "./errors";
import type { Doc } from "./filter-eval";
import { IndexData, validDocumentId } from "./store";

/** Meilisearch infers the primary key from the one attribute whose name ends in "id". */
function inferPrimaryKey(docs: readonly Doc[]): string {
  const first = docs[0] ?? {};
  const candidates = Object.keys(first).filter((k) => k.toLowerCase().endsWith("id"));
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) {
    throw new MeiliError(
      "index_primary_key_no_candidate_found",
      "The primary key inference failed as the engine did not find any field ending with `id` in its name. Please specify the primary key manually using the `primaryKey` query parameter.",
    );
  }
  throw new MeiliError(
    "index_primary_key_multiple_candidates_found",
    `The primary key inference failed as the engine found ${candidates.length} fields ending with \`id\` in their names: '${candidates.join("' and '")}'. Please specify the primary key manually using the \`primaryKey\` query parameter.`,
  );
}

export function choosePrimaryKey(index: IndexData, requested: string | null, docs: readonly Doc[]): string {
  if (index.primaryKey && requested && requested !== index.primaryKey) {
    throw new MeiliError("index_primary_key_already_exists", `Index \`${index.uid}\`: Index already has a primary key: \`${index.primaryKey}\`.`);
  }
  return index.primaryKey ?? requested ?? inferPrimaryKey(docs);
}

export function writeDocuments(index: IndexData, docs: readonly Doc[], primaryKey: string, merge: boolean): number {
  const prepared: [string, Doc][] = [];
  for (const doc of docs) {
    const id = doc[primaryKey];
    if (id === undefined) {
      throw new MeiliError("missing_document_id", `Document doesn't have a \`${primaryKey}\` attribute: \`${JSON.stringify(doc)}\`.`);
    }
    if (!validDocumentId(id)) {
      throw new MeiliError(
        "invalid_document_id",
        `Document identifier \`${JSON.stringify(id)}\` is invalid. A document identifier can be of type integer or string, only composed of alphanumeric characters (a-z A-Z 0-9), hyphens (-) and underscores (_), and can not be more than 511 bytes.`,
      );
    }
    prepared.push([String(id), doc]);
  }
  index.primaryKey = primaryKey;
  for (const [id, doc] of prepared) {
    const prev = index.docs.get(id)?.doc;
    index.put(id, merge && prev ? { ...prev, ...doc } : { ...doc });
  }
  index.touch();
  return prepared.length;
}

export function deleteDocuments(index: IndexData, ids: readonly unknown[]): number {
  let n = 0;
  for (const id of ids) if (index.docs.delete(String(id))) n++;
  index.touch();
  return n;
}

/** GET /indexes/:uid/documents and POST …/documents/fetch: offset, limit, fields. */
export function browseDocuments(index: IndexData, offset: number, limit: number, fields: string[] | null, keep: (d: Doc) => boolean) {
  const all = [...index.docs.values()].map((s) => s.doc).filter(keep);
  const results = all
    .slice(offset, offset + limit)
    .map((d) => (fields ? Object.fromEntries(Object.entries(d).filter(([k]) => fields.includes(k) || fields.includes("*"))) : d));
  return { results, offset, limit, total: all.length };
}
