// A hit as the search route returns it: the retrieved (and displayed) attributes, the
// ranking score when asked, and `_formatted` with highlight tags around matched words.

import type { Doc } from "./filter-eval";
import type { IndexData } from "./store";
import { normalize, tokenize } from "./tokenize";

function pick(doc: Doc, wanted: readonly string[]): Doc {
  if (wanted.includes("*")) return { ...doc };
  return Object.fromEntries(Object.entries(doc).filter(([k]) => wanted.includes(k)));
}

function highlight(value: unknown, words: readonly string[], pre: string, post: string): unknown {
  if (typeof value === "string") {
    if (words.length === 0) return value;
    // Match on the normalised text, wrap the same span of the original (normalisation keeps
    // length for the scripts the platform indexes).
    const norm = normalize(value);
    if (norm.length !== value.length) return value;
    const spans: [number, number][] = [];
    for (const w of words) {
      for (let i = norm.indexOf(w); i >= 0; i = norm.indexOf(w, i + w.length)) spans.push([i, i + w.length]);
    }
    spans.sort((a, b) => a[0] - b[0]);
    let out = "";
    let at = 0;
    for (const [s, e] of spans) {
      if (s < at) continue;
      out += value.slice(at, s) + pre + value.slice(s, e) + post;
      at = e;
    }
    return out + value.slice(at);
  }
  if (Array.isArray(value)) return value.map((v) => highlight(v, words, pre, post));
  if (typeof value === "number") return String(value);
  return value;
}

export function formatHit(doc: Doc, score: number, params: Record<string, unknown>, index: IndexData): Doc {
  const displayed = (index.settings.displayedAttributes as string[] | undefined) ?? ["*"];
  const retrieve = (params.attributesToRetrieve as string[] | undefined) ?? ["*"];
  const visible = pick(doc, displayed);
  const hit = pick(visible, retrieve);
  const toHighlight = (params.attributesToHighlight as string[] | undefined) ?? [];
  const toCrop = (params.attributesToCrop as string[] | undefined) ?? [];
  if (toHighlight.length > 0 || toCrop.length > 0) {
    const words = typeof params.q === "string" ? tokenize(params.q, index.tokenizerOptions()) : [];
    const pre = typeof params.highlightPreTag === "string" ? params.highlightPreTag : "<em>";
    const post = typeof params.highlightPostTag === "string" ? params.highlightPostTag : "</em>";
    const formatted: Doc = {};
    for (const [k, v] of Object.entries(hit)) {
      const wanted = toHighlight.includes("*") || toHighlight.includes(k);
      formatted[k] = wanted ? highlight(v, words, pre, post) : typeof v === "number" ? String(v) : v;
    }
    hit._formatted = formatted;
  }
  if (params.showRankingScore === true) hit._rankingScore = score;
  return hit;
}
