// Tokenisation the way Meilisearch's tokenizer (charabia) does it, for the scripts the
// platform indexes: text is normalised (compatibility decomposition, diacritics removed,
// lower case; no traditional → simplified folding, which charabia's normaliser lacks), words
// of the index's `dictionary` setting are kept whole, Han runs are segmented by jieba (HMM
// off, as charabia calls it), and everything else splits on separators.

import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict";

let jieba: Jieba | null = null;
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

export interface TokenizerOptions {
  dictionary: readonly string[];
  separatorTokens: readonly string[];
  nonSeparatorTokens: readonly string[];
}

export const NO_OPTIONS: TokenizerOptions = { dictionary: [], separatorTokens: [], nonSeparatorTokens: [] };

export function normalize(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().normalize("NFC");
}

const HAN = /\p{Script=Han}/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Dictionary words by first character, longest first, for a leftmost-longest scan. */
const prepared = new WeakMap<readonly string[], Map<string, string[]>>();
function byFirstChar(words: readonly string[]): Map<string, string[]> {
  let map = prepared.get(words);
  if (!map) {
    map = new Map();
    for (const w of words.map(normalize).filter(Boolean)) map.set(w[0]!, [...(map.get(w[0]!) ?? []), w]);
    for (const list of map.values()) list.sort((a, b) => b.length - a.length);
    prepared.set(words, map);
  }
  return map;
}

/** Splits normalised text on dictionary words (leftmost, longest first). */
function splitOnDictionary(text: string, words: readonly string[]): { text: string; whole: boolean }[] {
  if (words.length === 0) return [{ text, whole: false }];
  const dict = byFirstChar(words);
  const out: { text: string; whole: boolean }[] = [];
  let rest = "";
  for (let i = 0; i < text.length;) {
    const hit = dict.get(text[i]!)?.find((w) => text.startsWith(w, i));
    if (hit) {
      if (rest) out.push({ text: rest, whole: false });
      rest = "";
      out.push({ text: hit, whole: true });
      i += hit.length;
    } else {
      rest += text[i];
      i += 1;
    }
  }
  if (rest) out.push({ text: rest, whole: false });
  return out;
}

/** Words of a run without dictionary words: jieba for Han, separators for the rest. */
function segmentRun(run: string, opts: TokenizerOptions): string[] {
  const words: string[] = [];
  let current = "";
  let han = false;
  const flush = () => {
    if (current) words.push(...(han ? segmenter().cut(current, false) : [current]));
    current = "";
  };
  const chars = [...run];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const sep = opts.separatorTokens.find((s) => run.startsWith(s, chars.slice(0, i).join("").length));
    const keep = opts.nonSeparatorTokens.includes(c);
    if (sep || (!WORD_CHAR.test(c) && !keep)) {
      flush();
      continue;
    }
    const isHan = HAN.test(c);
    if (current && isHan !== han) flush();
    han = isHan;
    current += c;
  }
  flush();
  return words.filter((w) => [...w].some((c) => WORD_CHAR.test(c) || opts.nonSeparatorTokens.includes(c)));
}

/** The words of a text, normalised, in order. */
export function tokenize(text: string, opts: TokenizerOptions = NO_OPTIONS): string[] {
  const out: string[] = [];
  for (const part of splitOnDictionary(normalize(text), opts.dictionary)) {
    if (part.whole) out.push(part.text);
    else out.push(...segmentRun(part.text, opts));
  }
  return out;
}

/** Whether the query text ends inside a word: only then is its last word a prefix. */
export function endsInWord(text: string): boolean {
  const last = [...text].pop();
  return last !== undefined && (WORD_CHAR.test(last) || HAN.test(last));
}
