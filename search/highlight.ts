// Highlights computed from the stored text, the same way for every engine, so the app
// renders one kind of markup. The output is HTML: the listing text is escaped first and the
// only tags in it are our own <mark> pairs, so a title containing "<script>" stays text.

import { normalizeText } from "./normalize";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const WORD_CHAR = /[a-z0-9]/;

/** [start, end) ranges of the terms in the text, merged and sorted. */
export function matchRanges(text: string, terms: readonly string[]): [number, number][] {
  const hay = normalizeText(text);
  const ranges: [number, number][] = [];
  for (const raw of terms) {
    const term = normalizeText(raw);
    if (!term) continue;
    const latin = WORD_CHAR.test(term[0]!);
    let from = 0;
    for (;;) {
      const at = hay.indexOf(term, from);
      if (at < 0) break;
      from = at + term.length;
      if (latin) {
        // Latin terms are matched at a word start and marked to the word's end, so the
        // stemmed "cell" marks all of "cells" but "ai" never lights up inside "maintain".
        if (at > 0 && WORD_CHAR.test(hay[at - 1]!)) continue;
        let end = at + term.length;
        while (end < hay.length && WORD_CHAR.test(hay[end]!)) end++;
        ranges.push([at, end]);
      } else {
        ranges.push([at, at + term.length]);
      }
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const prev = merged[merged.length - 1];
    if (prev && r[0] <= prev[1]) prev[1] = Math.max(prev[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

function render(text: string, ranges: [number, number][], from: number, to: number): string {
  let out = "";
  let pos = from;
  for (const [s0, e0] of ranges) {
    const s = Math.max(s0, from);
    const e = Math.min(e0, to);
    if (e <= s) continue;
    out += escapeHtml(text.slice(pos, s)) + "<mark>" + escapeHtml(text.slice(s, e)) + "</mark>";
    pos = e;
  }
  return out + escapeHtml(text.slice(pos, to));
}

/** The whole text, escaped, with every match in <mark>. */
export function highlightFull(text: string, terms: readonly string[]): string {
  return render(text, matchRanges(text, terms), 0, text.length);
}

/**
 * A window of about `length` characters around the first match (the start of the text when
 * nothing matches), escaped and marked, with an ellipsis where it was cut.
 */
export function highlightSnippet(text: string, terms: readonly string[], length = 160): string {
  const ranges = matchRanges(text, terms);
  if (text.length <= length) return render(text, ranges, 0, text.length);
  const first = ranges[0]?.[0] ?? 0;
  let start = Math.max(0, first - Math.floor(length / 4));
  const end = Math.min(text.length, start + length);
  start = Math.max(0, end - length);
  // Never cut a surrogate pair in half.
  if (start > 0 && /[\udc00-\udfff]/.test(text[start]!)) start--;
  return (start > 0 ? "…" : "") + render(text, ranges, start, end) + (end < text.length ? "…" : "");
}
