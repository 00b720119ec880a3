// The stand-in's data: indexes with their settings and documents, in insertion order.

import { facetValues, type Doc } from "./filter-eval";
import { defaultSettings, type Settings } from "./settings";
import { synonymTable } from "./query";
import { tokenize, type TokenizerOptions } from "./tokenize";

export interface Occurrence {
  attr: number;
  pos: number;
  /** In an attribute where typo tolerance is disabled. */
  exactOnly: boolean;
}

/** A document's searchable words: word → where it occurs (attribute rank, position). */
export type DocWords = Map<string, Occurrence[]>;

export interface StoredDoc {
  internalId: number;
  doc: Doc;
  words: DocWords | null;
}

export class IndexData {
  primaryKey: string | null;
  readonly createdAt = new Date().toISOString();
  updatedAt = this.createdAt;
  settings: Settings;
  docs = new Map<string, StoredDoc>();
  private nextInternalId = 0;

  constructor(
    public uid: string,
    primaryKey: string | null,
    version: string,
  ) {
    this.primaryKey = primaryKey;
    this.settings = defaultSettings(version);
  }

  describe(): { uid: string; primaryKey: string | null; createdAt: string; updatedAt: string } {
    return { uid: this.uid, primaryKey: this.primaryKey, createdAt: this.createdAt, updatedAt: this.updatedAt };
  }

  touch(): void {
    this.updatedAt = new Date().toISOString();
  }

  put(id: string, doc: Doc): void {
    const prev = this.docs.get(id);
    this.docs.set(id, { internalId: prev?.internalId ?? this.nextInternalId++, doc, words: null });
  }

  setSettings(settings: Settings): void {
    this.settings = settings;
    this.cachedOptions = null;
    this.cachedSynonyms = null;
    for (const d of this.docs.values()) d.words = null;
  }

  private cachedOptions: TokenizerOptions | null = null;
  private cachedSynonyms: Map<string, string[][]> | null = null;

  tokenizerOptions(): TokenizerOptions {
    const s = this.settings;
    this.cachedOptions ??= {
      dictionary: (s.dictionary as string[] | undefined) ?? [],
      separatorTokens: (s.separatorTokens as string[] | undefined) ?? [],
      nonSeparatorTokens: (s.nonSeparatorTokens as string[] | undefined) ?? [],
    };
    return this.cachedOptions;
  }

  /** The synonyms setting, keyed and valued by tokenized words. */
  synonyms(): Map<string, string[][]> {
    this.cachedSynonyms ??= synonymTable((this.settings.synonyms as Record<string, string[]> | undefined) ?? {}, this.tokenizerOptions());
    return this.cachedSynonyms;
  }

  /** Searchable attributes in rank order; "*" means every field, in the document's order. */
  searchableFor(doc: Doc): string[] {
    const list = (this.settings.searchableAttributes as string[] | undefined) ?? ["*"];
    return list.includes("*") ? Object.keys(doc) : list;
  }

  wordsOf(stored: StoredDoc): DocWords {
    if (stored.words) return stored.words;
    const words: DocWords = new Map();
    const opts = this.tokenizerOptions();
    const stopWords = new Set((this.settings.stopWords as string[] | undefined) ?? []);
    const noTypos = ((this.settings.typoTolerance as { disableOnAttributes?: string[] } | undefined)?.disableOnAttributes ?? []) as string[];
    this.searchableFor(stored.doc).forEach((attr, rank) => {
      const exactOnly = noTypos.includes(attr);
      let pos = 0;
      for (const value of facetValues(stored.doc, attr)) {
        for (const w of tokenize(String(value), opts)) {
          if (stopWords.has(w)) {
            pos++;
            continue;
          }
          const list = words.get(w) ?? [];
          list.push({ attr: rank, pos: pos++, exactOnly });
          words.set(w, list);
        }
        pos += 8; // array elements are apart, as Meilisearch separates them
      }
    });
    stored.words = words;
    return words;
  }
}

/** Meilisearch's rule for document ids: an integer, or a string of a-z A-Z 0-9 - _ up to 511 bytes. */
export function validDocumentId(v: unknown): v is string | number {
  if (typeof v === "number") return Number.isInteger(v) && v >= 0;
  return typeof v === "string" && /^[a-zA-Z0-9_-]+$/.test(v) && Buffer.byteLength(v) <= 511;
}

export function validIndexUid(v: unknown): v is string {
  return typeof v === "string" && /^[a-zA-Z0-9_-]+$/.test(v) && Buffer.byteLength(v) <= 400;
}
