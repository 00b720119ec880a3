// Turns listing text into the tokens both engines index and the matcher scores.
//
// Two token streams come out of a text:
// - words: jieba in search mode (a long word and the dictionary words inside it, so 人工智能
//   yields 人工 / 智能 / 人工智能) over Han runs, plus Latin words and numbers;
// - grams: overlapping character bigrams of every Han run (a lone character stays a
//   unigram), plus the same Latin tokens.
// Words carry meaning and rank well; bigrams make any two-character substring findable even
// where jieba cut elsewhere (源电 in 新能源电池) and rescue words jieba does not know. On the
// matching benchmark the two together beat either alone.
//
// Every token contains only [a-z0-9.] or Han characters, because the FTS5 table re-tokenises
// the pre-segmented text with unicode61 (tokenchars '.'): a token with other punctuation would
// be split again and no longer line up with the query.

import { Jieba } from "@node-rs/jieba";
// The package has no "exports" map: Node resolves only the file as written, with its extension.
import { dict } from "@node-rs/jieba/dict.js";
import { domainDictionary } from "./dictionary";
import { CJK_RUN, isCjkChar, normalizeText } from "./normalize";
import { SYNONYM_GROUPS } from "./synonyms";

let jieba: Jieba | null = null;

/** The shared segmenter: jieba's dictionary, the domain dictionary and the Chinese synonyms. */
export function segmenter(): Jieba {
  if (!jieba) {
    const j = Jieba.withDict(dict);
    // Synonym members must survive segmentation whole, or a query for 固体废弃物 could never
    // be recognised as the group it belongs to.
    const chineseMembers = SYNONYM_GROUPS.flat().filter((m) => [...m].every(isCjkChar));
    j.loadDict(domainDictionary(chineseMembers));
    jieba = j;
  }
  return jieba;
}

/** Function words that carry no topic; dropped from word tokens (bigrams keep everything). */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "的 了 和 与 及 或 在 是 对 为 以 于 中 等 将 并 其 该 这 那 由 从 被 而 之 也 就 都 又 所 把 " +
    "着 到 给 向 至 即 则 但 如 若 因 可 能 会 要 已 得 地 很 更 最 每 各 本 此 个 一 不 " +
    "其中 以及 一种 一个 对于 关于 之间 并且 或者 而且 然后 同时 由于 为了 我们 本文 " +
    "a an the of and or for to in on with by at from is are was were be been as this that these those its it"
  ).split(" "),
);

const LATIN_TOKEN = /[a-z0-9]+(?:[.\-/_][a-z0-9]+)*/g;
const SEPARATOR = /[.\-/_]/;

/** A light English stemmer: enough to meet cells/cell, batteries/battery, processes/process. */
export function stemEnglish(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return word.slice(0, -3) + "y";
  if (word.length > 4 && /(ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

function simpleLatin(token: string, out: string[]): void {
  if (token.length < 2 || STOP_WORDS.has(token)) return;
  if (/^[a-z]+$/.test(token)) {
    out.push(stemEnglish(token));
    return;
  }
  out.push(token);
  // A patent number is searched with or without its office prefix (CN, ZL).
  const bare = /^[a-z]{1,4}(\d{6,})$/.exec(token);
  if (bare) out.push(bare[1]!);
}

/**
 * Latin words, numbers and codes of a normalised non-Han run. A code with separators
 * (2024-XX-000123, CN202310123456.7, GB/T 22900) is indexed whole without its separators,
 * so an exact registration or patent number is one token that a one-digit difference cannot
 * match, and also by its parts, so 000123 alone still finds it.
 */
export function latinTokens(run: string, out: string[] = []): string[] {
  for (const m of run.matchAll(LATIN_TOKEN)) {
    const token = m[0];
    if (!SEPARATOR.test(token)) {
      simpleLatin(token, out);
      continue;
    }
    if (/^\d+\.\d+$/.test(token)) {
      out.push(token);
      continue;
    }
    const parts = token.split(SEPARATOR);
    // A patent number is searched with or without its office prefix (CN, ZL).
    const bare = /^[a-z]{1,4}(\d{6,})/.exec(parts[0]!);
    if (bare) out.push(bare[1]!);
    if (/\d/.test(token)) {
      // Keep a decimal point only between digits (v1.5, 1.5mm); drop every other separator.
      const joined = token
        .replace(/(?<=\d)\.(?=\d)/g, "\u0000")
        .replace(/[.\-/_]/g, "")
        .replace(/\u0000/g, ".");
      out.push(joined);
    }
    for (const p of parts) simpleLatin(p, out);
  }
  return out;
}

/** Splits normalised text into Han runs and the text between them, in order. */
function forEachRun(normalised: string, onHan: (run: string) => void, onOther: (run: string) => void): void {
  let last = 0;
  for (const m of normalised.matchAll(CJK_RUN)) {
    if (m.index > last) onOther(normalised.slice(last, m.index));
    onHan(m[0]);
    last = m.index + m[0].length;
  }
  if (last < normalised.length) onOther(normalised.slice(last));
}

function keepWord(w: string): boolean {
  return w.length > 0 && !STOP_WORDS.has(w) && w.trim() === w;
}

/**
 * Jieba over the whole text in one call (a call per Han run costs half as much again in
 * crossings into the native module), keeping only its Han words; Latin words, numbers and
 * codes come from our own rules over the text between Han runs, so 2024-XX-000123 stays
 * one code however jieba cuts it.
 */
function words(text: string, cut: (s: string) => string[]): string[] {
  const normalised = normalizeText(text);
  const out: string[] = [];
  for (const w of cut(normalised)) {
    if (!keepWord(w)) continue;
    if (isHanTerm(w)) out.push(w);
    else if (/[\u3400-\u9fff]/.test(w)) for (const han of w.match(CJK_RUN) ?? []) if (keepWord(han)) out.push(han);
  }
  forEachRun(
    normalised,
    () => {},
    (run) => latinTokens(run, out),
  );
  return out;
}

/** Index-time words: jieba search mode over Han text, Latin tokens elsewhere. */
export function indexWords(text: string): string[] {
  const j = segmenter();
  return words(text, (s) => j.cutForSearch(s, true));
}

/** Query-time words: jieba's precise mode, so 人工智能 stays one concept instead of three. */
export function queryWords(text: string): string[] {
  const j = segmenter();
  return words(text, (s) => j.cut(s, true));
}

/** Bigrams of one normalised Han run (a single character stays a unigram). */
export function runBigrams(run: string, out: string[] = []): string[] {
  const chars = [...run];
  if (chars.length === 1) out.push(chars[0]!);
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/** Character bigrams of every Han run plus the Latin tokens. */
export function charBigrams(text: string): string[] {
  const out: string[] = [];
  forEachRun(
    normalizeText(text),
    (run) => runBigrams(run, out),
    (run) => latinTokens(run, out),
  );
  return out;
}

export interface Analysis {
  words: string[];
  grams: string[];
}

export function analyze(text: string): Analysis {
  return { words: indexWords(text), grams: charBigrams(text) };
}

/** True when the normalised term is made of Han characters only. */
export function isHanTerm(term: string): boolean {
  return term.length > 0 && [...term].every(isCjkChar);
}
