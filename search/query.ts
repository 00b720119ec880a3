// Parses what a visitor typed into concepts: every concept must match (AND), any
// alternative of a concept may (OR). Synonym groups are applied here, at query time, so
// editing a group never needs a reindex.

import { normalizeText } from "./normalize";
import { SYNONYM_MEMBERS_LONGEST_FIRST, synonymGroupOf } from "./synonyms";
import { latinTokens, queryWords } from "./tokenizer";

export interface Concept {
  /** Normalised alternatives: Han strings, Latin words or phrases, or codes. */
  alternatives: string[];
}

export interface ParsedQuery {
  concepts: Concept[];
  /** Strings to mark in titles and summaries. */
  highlightTerms: string[];
}

const LATIN_MEMBER = /^[a-z0-9][a-z0-9 -]*$/;

function latinBoundaryAt(text: string, start: number, end: number): boolean {
  const before = start === 0 ? "" : text[start - 1]!;
  const after = end >= text.length ? "" : text[end]!;
  return !/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after);
}

const LATIN_MEMBERS = SYNONYM_MEMBERS_LONGEST_FIRST.filter((m) => LATIN_MEMBER.test(m));

/**
 * Finds the Latin synonym members ("solid waste", "fuel cell") in the text, longest first,
 * without overlaps. Han members need no scan: they are in jieba's dictionary, so the
 * segmenter hands them over whole, and a substring scan would cut words apart (中药 inside
 * 中药材 would leave a stray 材).
 */
function synonymSpans(text: string): { start: number; end: number; group: readonly string[] }[] {
  const taken = new Uint8Array(text.length);
  const spans: { start: number; end: number; group: readonly string[] }[] = [];
  for (const member of LATIN_MEMBERS) {
    let from = 0;
    for (;;) {
      const at = text.indexOf(member, from);
      if (at < 0) break;
      from = at + 1;
      const end = at + member.length;
      if (!latinBoundaryAt(text, at, end)) continue;
      let free = true;
      for (let i = at; i < end; i++) if (taken[i]) free = false;
      if (!free) continue;
      taken.fill(1, at, end);
      spans.push({ start: at, end, group: synonymGroupOf(member)! });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

export function parseQuery(text: string | undefined): ParsedQuery {
  const normalised = normalizeText(text ?? "").trim();
  if (!normalised) return { concepts: [], highlightTerms: [] };

  const concepts: Concept[] = [];
  const seen = new Set<string>();
  const add = (alternatives: readonly string[]) => {
    const alts = [...new Set(alternatives.filter((a) => a.length > 0))];
    const key = [...alts].sort().join("|");
    if (alts.length === 0 || seen.has(key)) return;
    seen.add(key);
    concepts.push({ alternatives: alts });
  };

  let last = 0;
  const rest = (piece: string) => {
    for (const w of queryWords(piece)) add(synonymGroupOf(w) ?? [w]);
  };
  for (const span of synonymSpans(normalised)) {
    rest(normalised.slice(last, span.start));
    add(span.group);
    last = span.end;
  }
  rest(normalised.slice(last));

  // A query made only of function words (的, 和) still means something to the person who
  // typed it: search the Han text itself rather than return everything.
  if (concepts.length === 0) {
    for (const run of normalised.match(/[\u3400-\u9fff]+/g) ?? []) add([run]);
    for (const t of latinTokens(normalised)) add([t]);
  }

  const highlightTerms = new Set<string>();
  for (const c of concepts) for (const a of c.alternatives) highlightTerms.add(a);
  return { concepts, highlightTerms: [...highlightTerms] };
}
