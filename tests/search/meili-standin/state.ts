// The server's state and the operations behind its write routes, each enqueued as a task.

import { browseDocuments, choosePrimaryKey, deleteDocuments, writeDocuments } from "./documents";
import { MeiliError } from "./errors";
import { matches, covered, type Doc } from "./filter-eval";
import { filterAttributes, parseFilter } from "./filter";
import { defaultSettings, filterableNames, mergeSettings, type Settings } from "./settings";
import { IndexData, validIndexUid } from "./store";
import { TaskQueue, type Task } from "./tasks";
import { SEARCH_SINCE, atLeast } from "./version";

export function notFound(uid: string): MeiliError {
  return new MeiliError("index_not_found", `Index \`${uid}\` not found.`);
}

export function checkIndexUid(uid: unknown): string {
  if (!validIndexUid(uid)) {
    throw new MeiliError(
      "invalid_index_uid",
      `\`${String(uid)}\` is not a valid index uid. Index uid can be an integer or a string containing only alphanumeric characters, hyphens (-) and underscores (_), and can not be more than 400 bytes.`,
    );
  }
  return uid;
}

function refusedDocument(code: string, id: unknown): MeiliError {
  if (code === "invalid_document_id") {
    return new MeiliError(
      code,
      `Document identifier \`${JSON.stringify(id)}\` is invalid. A document identifier can be of type integer or string, only composed of alphanumeric characters (a-z A-Z 0-9), hyphens (-) and underscores (_), and can not be more than 511 bytes.`,
    );
  }
  return new MeiliError(code, `Document \`${JSON.stringify(id)}\` was refused (${code}).`);
}

export class MeiliState {
  readonly indexes = new Map<string, IndexData>();
  readonly queue = new TaskQueue();
  /** Documents the server is set to refuse: a task holding one fails, as for a bad id. */
  rejecting: { when: (doc: Doc) => boolean; code: string } | null = null;

  constructor(public version: string) {}

  index(uid: string): IndexData {
    const index = this.indexes.get(uid);
    if (!index) throw notFound(uid);
    return index;
  }

  /** The index a write goes to, created as Meilisearch creates it on a first write. */
  private orCreate(uid: string, primaryKey: string | null = null): IndexData {
    let index = this.indexes.get(uid);
    if (!index) {
      index = new IndexData(uid, primaryKey, this.version);
      this.indexes.set(uid, index);
    }
    return index;
  }

  createIndex(uid: string, primaryKey: string | null): Task {
    checkIndexUid(uid);
    return this.queue.enqueue("indexCreation", uid, { primaryKey }, () => {
      if (this.indexes.has(uid)) throw new MeiliError("index_already_exists", `Index \`${uid}\` already exists.`);
      this.indexes.set(uid, new IndexData(uid, primaryKey, this.version));
    });
  }

  updateIndex(uid: string, body: { primaryKey?: string; uid?: string }): Task {
    return this.queue.enqueue("indexUpdate", uid, { primaryKey: body.primaryKey ?? null, ...(body.uid ? { newIndexUid: body.uid } : {}) }, () => {
      const index = this.index(uid);
      if (body.primaryKey !== undefined) {
        if (index.docs.size > 0 && index.primaryKey !== body.primaryKey) {
          throw new MeiliError("index_primary_key_already_exists", `Index \`${uid}\`: Index already has a primary key: \`${index.primaryKey}\`.`);
        }
        index.primaryKey = body.primaryKey;
      }
      if (body.uid !== undefined) {
        if (this.indexes.has(body.uid)) throw new MeiliError("index_already_exists", `Index \`${body.uid}\` already exists.`);
        this.indexes.delete(uid);
        index.uid = body.uid;
        this.indexes.set(body.uid, index);
      }
      index.touch();
    });
  }

  deleteIndex(uid: string): Task {
    return this.queue.enqueue("indexDeletion", uid, { deletedDocuments: 0 }, (task) => {
      const index = this.index(uid);
      task.details = { deletedDocuments: index.docs.size };
      this.indexes.delete(uid);
    });
  }

  swap(pairs: { indexes: [string, string]; rename: boolean }[]): Task {
    const details = { swaps: pairs.map((p) => (atLeast(this.version, SEARCH_SINCE.swapRename) ? p : { indexes: p.indexes })) };
    return this.queue.enqueue("indexSwap", null, details, () => {
      // The server's checks, in its order: missing indexes first, then rename targets taken.
      const missing = [...new Set(pairs.flatMap((p) => (p.rename ? [p.indexes[0]] : p.indexes)).filter((uid) => !this.indexes.has(uid)))].sort();
      if (missing.length === 1) throw notFound(missing[0]!);
      if (missing.length > 1) throw new MeiliError("index_not_found", `Indexes ${missing.map((m) => `\`${m}\``).join(", ")} not found.`);
      const taken = pairs.filter((p) => p.rename && this.indexes.has(p.indexes[1]));
      if (taken.length === 1) {
        const [a, b] = taken[0]!.indexes;
        throw new MeiliError(
          "index_already_exists",
          `Cannot rename \`${a}\` to \`${b}\` as the index already exists. Hint: You can remove \`${b}\` first and then do your remove.`,
        );
      }
      if (taken.length > 1)
        throw new MeiliError(
          "index_already_exists",
          `The following indexes are being renamed but cannot because their new name conflicts with an already existing index: ${taken.map((p) => `\`${p.indexes[1]}\``).join(", ")}. Renaming doesn't overwrite the other index name.`,
        );
      for (const {
        indexes: [a, b],
        rename,
      } of pairs) {
        const ia = this.indexes.get(a)!;
        const ib = rename ? undefined : this.indexes.get(b)!;
        ia.uid = b;
        this.indexes.set(b, ia);
        if (ib) {
          ib.uid = a;
          this.indexes.set(a, ib);
        } else this.indexes.delete(a);
      }
    });
  }

  addDocuments(uid: string, docs: Doc[], primaryKey: string | null, merge: boolean): Task {
    const details = { receivedDocuments: docs.length, indexedDocuments: null as number | null };
    return this.queue.enqueue("documentAdditionOrUpdate", uid, details, () => {
      // The index a first write creates is part of the task: a failed task leaves none.
      const existed = this.indexes.has(uid);
      const index = this.orCreate(uid);
      try {
        const key = choosePrimaryKey(index, primaryKey, docs);
        const refused = this.rejecting ? docs.find(this.rejecting.when) : undefined;
        if (refused && this.rejecting) throw refusedDocument(this.rejecting.code, refused[key]);
        details.indexedDocuments = writeDocuments(index, docs, key, merge);
      } catch (err) {
        details.indexedDocuments = 0;
        if (!existed) this.indexes.delete(uid);
        throw err;
      }
    });
  }

  deleteDocuments(uid: string, ids: unknown[]): Task {
    const details = { providedIds: ids.length, deletedDocuments: null as number | null };
    return this.queue.enqueue("documentDeletion", uid, details, () => {
      details.deletedDocuments = deleteDocuments(this.index(uid), ids);
    });
  }

  deleteByFilter(uid: string, filterParam: unknown): Task {
    const filter = parseFilter(filterParam);
    const details = { providedIds: 0, deletedDocuments: null as number | null, originalFilter: JSON.stringify(filterParam) };
    return this.queue.enqueue("documentDeletion", uid, details, () => {
      const index = this.index(uid);
      const filterable = filterableNames(index.settings);
      for (const attr of filterAttributes(filter)) {
        if (!covered(attr, filterable))
          throw new MeiliError(
            "invalid_document_filter",
            `Attribute \`${attr}\` is not filterable. Available filterable attributes are: \`${filterable.join(", ")}\`.`,
          );
      }
      const ids = [...index.docs.entries()].filter(([, s]) => matches(filter, s.doc)).map(([id]) => id);
      details.deletedDocuments = deleteDocuments(index, ids);
    });
  }

  clearDocuments(uid: string): Task {
    const details = { deletedDocuments: null as number | null };
    return this.queue.enqueue("documentDeletion", uid, details, () => {
      const index = this.index(uid);
      details.deletedDocuments = index.docs.size;
      index.docs.clear();
    });
  }

  updateSettings(uid: string, update: Settings): Task {
    return this.queue.enqueue("settingsUpdate", uid, update, () => {
      const index = this.orCreate(uid);
      index.setSettings(mergeSettings(index.settings, update, this.version));
      index.touch();
    });
  }

  resetSettings(uid: string, names: readonly string[] | null): Task {
    const defaults = defaultSettings(this.version);
    const details = Object.fromEntries((names ?? Object.keys(defaults)).map((n) => [n, defaults[n]]));
    return this.queue.enqueue("settingsUpdate", uid, details, () => {
      const index = this.index(uid);
      index.setSettings({ ...index.settings, ...details });
    });
  }

  browse(uid: string, offset: number, limit: number, fields: string[] | null, filterParam: unknown) {
    const index = this.index(uid);
    const filter = parseFilter(filterParam);
    return browseDocuments(index, offset, limit, fields, (d) => matches(filter, d));
  }
}
