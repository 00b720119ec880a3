// A query's words and how a document matches them: exact words, a prefix for the last word
// when the query does not end in a separator, synonyms (the index's `synonyms` setting,
// looked up for every run of one to three query words), and which words a matching
// strategy may leave out. A word matches itself (or, last, as a
// prefix) and its synonyms, or with typos as typo.ts allows.

import type { DocWords, Occurrence } from "./store";
import { endsInWord, tokenize, type TokenizerOptions } from "./tokenize";
import { typoBudget, typos, type TypoSettings } from "./typo";

/** One way to satisfy query words [start, end]: a phrase of words, the last maybe a prefix. */
export interface Alternative {
  words: string[];
  prefix: boolean;
  exact: boolean;
  /** Typos allowed (one-word alternatives of the query's own words only). */
  budget: number;
  /** Document words that are numbers match only exactly (`disableOnNumbers`). */
  exactNumbers: boolean;
}

export interface Term {
  start: number;
  end: number;
  alternatives: Alternative[];
}

export interface QueryPlan {
  words: string[];
  terms: Term[];
}

/** Meilisearch reads the first ten words of a query. */
const MAX_WORDS = 10;

export function synonymTable(raw: Record<string, string[]>, opts: TokenizerOptions): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  for (const [key, values] of Object.entries(raw)) {
    const k = tokenize(key, opts).join(" ");
    if (!k) continue;
    const list = out.get(k) ?? [];
    for (const v of values) {
      const words = tokenize(v, opts);
      if (words.length > 0) list.push(words);
    }
    out.set(k, list);
  }
  return out;
}

export function planQuery(
  q: string,
  opts: TokenizerOptions,
  synonyms: Map<string, string[][]>,
  typo?: TypoSettings,
  stopWords: readonly string[] = [],
): QueryPlan {
  // Stop words are left out of the query (and of the index).
  const words = tokenize(q, opts)
    .filter((w) => !stopWords.includes(w))
    .slice(0, MAX_WORDS);
  const lastIsPrefix = endsInWord(q);
  const exactNumbers = typo?.disableOnNumbers === true;
  const terms: Term[] = [];
  for (let start = 0; start < words.length; start++) {
    for (let end = start; end < Math.min(words.length, start + 3); end++) {
      const run = words.slice(start, end + 1);
      const alternatives: Alternative[] = [];
      const last = end === words.length - 1;
      if (run.length === 1) alternatives.push({ words: run, prefix: last && lastIsPrefix, exact: true, budget: typoBudget(run[0]!, typo), exactNumbers });
      else alternatives.push({ words: [run.join("")], prefix: last && lastIsPrefix, exact: false, budget: 0, exactNumbers });
      for (const syn of synonyms.get(run.join(" ")) ?? []) alternatives.push({ words: syn, prefix: false, exact: false, budget: 0, exactNumbers });
      if (run.length === 1 || alternatives.length > 0) terms.push({ start, end, alternatives });
    }
  }
  return { words, terms };
}

interface Found {
  occ: Occurrence;
  typos: number;
}

function occurrences(words: DocWords, word: string, prefix: boolean, budget: number, exactNumbers: boolean): Found[] {
  if (!prefix && budget === 0) return (words.get(word) ?? []).map((occ) => ({ occ, typos: 0 }));
  const out: Found[] = [];
  for (const [w, list] of words) {
    const n = typos(word, w, prefix, budget, exactNumbers);
    if (n === Infinity) continue;
    for (const occ of list) if (n === 0 || !occ.exactOnly) out.push({ occ, typos: n });
  }
  return out;
}

/** Where the alternative occurs as a phrase (each next word right after the previous one). */
function phraseAt(words: DocWords, alt: Alternative): Found[] {
  const lastIndex = alt.words.length - 1;
  let starts = occurrences(words, alt.words[0]!, alt.prefix && lastIndex === 0, lastIndex === 0 ? alt.budget : 0, alt.exactNumbers);
  for (let i = 1; i <= lastIndex; i++) {
    const next = occurrences(words, alt.words[i]!, alt.prefix && i === lastIndex, 0, alt.exactNumbers);
    starts = starts.filter((o) => next.some((n) => n.occ.attr === o.occ.attr && n.occ.pos === o.occ.pos + i));
  }
  return starts;
}

export interface TermMatch {
  term: Term;
  occurrences: Occurrence[];
  exact: boolean;
  /** The fewest typos the term matched with. */
  typos: number;
}

/** The terms of the plan a document matches, with where. */
export function matchTerms(plan: QueryPlan, words: DocWords, inAttribute: (attr: number) => boolean = () => true): TermMatch[] {
  const out: TermMatch[] = [];
  for (const term of plan.terms) {
    let occ: Occurrence[] = [];
    let exact = false;
    let fewest = Infinity;
    for (const alt of term.alternatives) {
      const found = phraseAt(words, alt).filter((f) => inAttribute(f.occ.attr));
      if (found.length === 0) continue;
      occ = occ.concat(found.map((f) => f.occ));
      fewest = Math.min(fewest, ...found.map((f) => f.typos));
      exact ||= alt.exact && found.some((f) => f.typos === 0) && (!alt.prefix || words.has(alt.words[0]!));
    }
    if (occ.length > 0) out.push({ term, occurrences: occ, exact, typos: fewest });
  }
  return out;
}

/** Whether the matched terms cover every word of `kept` using only terms inside it. */
export function covers(matched: readonly TermMatch[], kept: ReadonlySet<number>): boolean {
  const covered = new Set<number>();
  for (const m of matched) {
    const inside = [...Array(m.term.end - m.term.start + 1).keys()].every((i) => kept.has(m.term.start + i));
    if (!inside) continue;
    for (let i = m.term.start; i <= m.term.end; i++) covered.add(i);
  }
  return [...kept].every((i) => covered.has(i));
}

/**
 * The sets of query words a strategy accepts, most words first: "all" keeps every word;
 * "last" drops words from the end; "frequency" drops the most frequent words first. Never
 * fewer than one word.
 */
export function keptSets(strategy: string, wordCount: number, frequency: (i: number) => number): Set<number>[] {
  const all = [...Array(wordCount).keys()];
  if (strategy === "all" || wordCount === 0) return [new Set(all)];
  const dropOrder = strategy === "frequency" ? [...all].sort((a, b) => frequency(b) - frequency(a) || b - a) : [...all].reverse();
  const out: Set<number>[] = [];
  for (let dropped = 0; dropped < wordCount; dropped++) out.push(new Set(all.filter((i) => !dropOrder.slice(0, dropped).includes(i))));
  return out;
}
