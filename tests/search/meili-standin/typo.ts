// Typo tolerance as Meilisearch documents it (learn/relevancy/typo_tolerance_settings): a
// query word of at least `minWordSizeForTypos.oneTypo` characters (5) may match with one
// typo, of at least `twoTypos` (9) with two; a typo on the first character counts as two;
// none on words listed in `disableOnWords`, on numbers when `disableOnNumbers` is set, or in
// attributes listed in `disableOnAttributes`. A typo is one Levenshtein edit (insertion,
// deletion, substitution; a swap of two letters counts as two). Synonyms and words joined
// from several query words match without typos.

export interface TypoSettings {
  enabled?: boolean;
  minWordSizeForTypos?: { oneTypo?: number; twoTypos?: number };
  disableOnWords?: string[];
  disableOnAttributes?: string[];
  disableOnNumbers?: boolean;
}

/** Digits and punctuation only: what `disableOnNumbers` keeps from typos, in queries and documents. */
export function isNumber(word: string): boolean {
  return /^[\p{N}\p{P}]+$/u.test(word);
}

/** How many typos a query word may carry. */
export function typoBudget(word: string, settings: TypoSettings | undefined): number {
  const s = settings ?? {};
  if (s.enabled === false) return 0;
  if ((s.disableOnWords ?? []).includes(word)) return 0;
  if (s.disableOnNumbers && isNumber(word)) return 0;
  const length = [...word].length;
  if (length >= (s.minWordSizeForTypos?.twoTypos ?? 9)) return 2;
  if (length >= (s.minWordSizeForTypos?.oneTypo ?? 5)) return 1;
  return 0;
}

/**
 * Typos between a query word and a document word (or, for a prefix, the closest prefix of
 * it), or Infinity beyond the budget.
 */
export function typos(query: string, word: string, prefix: boolean, budget: number, exactNumbers = false): number {
  if (query === word || (prefix && word.startsWith(query))) return 0;
  if (budget === 0 || (exactNumbers && isNumber(word))) return Infinity;
  const a = [...query];
  const b = [...word];
  if (!prefix && Math.abs(a.length - b.length) > budget) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  let d = prefix ? Math.min(...prev) : prev[b.length]!;
  if (a[0] !== b[0]) d += 1;
  return d <= budget ? d : Infinity;
}
