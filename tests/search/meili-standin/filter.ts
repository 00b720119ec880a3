// Meilisearch's filter expressions: parsing (with its error messages, code
// invalid_search_filter) and evaluation against a document.
//
//   expr      = or
//   or        = and ("OR" and)*
//   and       = not ("AND" not)*
//   not       = "NOT" not | "(" expr ")" | condition
//   condition = attr ("=" | "!=" | ">" | ">=" | "<" | "<=") value | attr value "TO" value
//             | attr ["NOT"] "IN" "[" value ("," value)* "]" | attr ["NOT"] "EXISTS"
//             | attr "IS" ["NOT"] ("NULL" | "EMPTY")
//
// Keywords are upper case, as the parser matches them exactly. Values are words or strings
// quoted with ' or " (backslash escapes the quote). A condition on an array attribute
// matches when any element matches; string comparison ignores case; a value that reads as a
// number also compares as one.

import { MeiliError } from "./errors";

export type Filter =
  | { op: "and" | "or"; left: Filter; right: Filter }
  | { op: "not"; inner: Filter }
  | { op: "cmp"; attr: string; cmp: "=" | "!=" | ">" | ">=" | "<" | "<="; value: string }
  | { op: "to"; attr: string; from: string; to: string }
  | { op: "in"; attr: string; values: string[]; negated: boolean }
  | { op: "exists" | "null" | "empty"; attr: string; negated: boolean };

interface Tok {
  text: string;
  quoted: boolean;
  pos: number;
}

const PUNCT = ["!=", ">=", "<=", "=", ">", "<", "(", ")", "[", "]", ","];
const OPS_MESSAGE =
  "Was expecting an operation `=`, `!=`, `>=`, `>`, `<=`, `<`, `IN`, `NOT IN`, `TO`, `EXISTS`, `NOT EXISTS`, `IS NULL`, `IS NOT NULL`, `IS EMPTY`, `IS NOT EMPTY`, `_geoRadius`, or `_geoBoundingBox`";

function fail(message: string, source: string, pos: number): never {
  throw new MeiliError("invalid_search_filter", `${message}\n${pos + 1}:${source.length + 1} ${source}`);
}

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "0": "\0", b: "\b", f: "\f", "\\": "\\", "/": "/", "'": "'", '"': '"' };

/** Rust-style escapes, as the server unescapes a value; an unknown escape is a malformed value. */
function unescape(raw: string, src: string, pos: number): string {
  return raw.replace(/\\(u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|x[0-7][0-9a-fA-F]|.)/gsu, (_, e: string) => {
    if (e.startsWith("u") || e.startsWith("x")) return String.fromCodePoint(parseInt(e.replace(/[ux{}]/g, ""), 16));
    const out = ESCAPES[e];
    if (out === undefined) fail(`Malformed value: \`${raw}\`.`, src, pos);
    return out;
  });
}

function readQuoted(src: string, i: number): { text: string; end: number } {
  const quote = src[i]!;
  let j = i + 1;
  while (j < src.length && src[j] !== quote) j += src[j] === "\\" ? 2 : 1;
  if (j >= src.length) fail(`Expression \`${src.slice(i)}\` is missing the following closing delimiter: \`${quote}\`.`, src, i);
  return { text: unescape(src.slice(i + 1, j), src, i), end: j + 1 };
}

/** Characters an unquoted value or attribute may hold. */
const VALUE_CHAR = /[\p{L}\p{N}_.-]/u;
const KEYWORDS = ["AND", "OR", "NOT", "IN", "TO", "EXISTS", "IS", "NULL", "EMPTY"];

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    if (/\s/.test(src[i]!)) {
      i++;
      continue;
    }
    if (src[i] === "'" || src[i] === '"') {
      const q = readQuoted(src, i);
      out.push({ text: q.text, quoted: true, pos: i });
      i = q.end;
      continue;
    }
    const p = PUNCT.find((x) => src.startsWith(x, i));
    if (p) {
      out.push({ text: p, quoted: false, pos: i });
      i += p.length;
      continue;
    }
    let j = i;
    while (j < src.length && VALUE_CHAR.test(src[j]!)) j++;
    if (j === i) fail(`Was expecting a value but instead got \`${src.slice(i).split(/\s/)[0]}\`.`, src, i);
    out.push({ text: src.slice(i, j), quoted: false, pos: i });
    i = j;
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly toks: Tok[],
  ) {}

  private peek(k = 0): Tok | undefined {
    return this.toks[this.i + k];
  }
  private isWord(word: string, k = 0): boolean {
    const t = this.peek(k);
    return t !== undefined && !t.quoted && t.text === word;
  }
  private here(): number {
    return this.peek()?.pos ?? this.src.length;
  }

  parse(): Filter {
    const f = this.or();
    if (this.i < this.toks.length) {
      const rest = this.src.slice(this.here());
      fail(`Found unexpected characters at the end of the filter: \`${rest}\`. You probably forgot an \`OR\` or an \`AND\` rule.`, this.src, this.here());
    }
    return f;
  }

  private or(): Filter {
    let left = this.and();
    while (this.isWord("OR")) {
      this.i++;
      left = { op: "or", left, right: this.and() };
    }
    return left;
  }

  private and(): Filter {
    let left = this.not();
    while (this.isWord("AND")) {
      this.i++;
      left = { op: "and", left, right: this.not() };
    }
    return left;
  }

  private not(): Filter {
    if (this.isWord("NOT") && !this.isWord("IN", 1) && !this.isWord("EXISTS", 1)) {
      this.i++;
      return { op: "not", inner: this.not() };
    }
    if (this.isWord("(")) {
      const start = this.here();
      this.i++;
      const inner = this.or();
      if (!this.isWord(")")) fail(`Expression \`${this.src.slice(start)}\` is missing the following closing delimiter: \`)\`.`, this.src, start);
      this.i++;
      return inner;
    }
    return this.condition();
  }

  private value(): string {
    const t = this.peek();
    if (!t || (!t.quoted && PUNCT.includes(t.text))) fail(`Was expecting a value but instead got \`${t?.text ?? "nothing"}\`.`, this.src, this.here());
    if (!t.quoted && KEYWORDS.includes(t.text)) {
      fail(
        `Was expecting a value but instead got \`${t.text}\`, which is a reserved keyword. To use \`${t.text}\` as a field name or a value, surround it by quotes.`,
        this.src,
        t.pos,
      );
    }
    this.i++;
    return t.text;
  }

  private condition(): Filter {
    const at = this.peek();
    if (!at || (!at.quoted && (PUNCT.includes(at.text) || ["AND", "OR"].includes(at.text)))) {
      fail(`${OPS_MESSAGE} at \`${this.src.slice(this.here())}\`.`, this.src, this.here());
    }
    this.i++;
    const attr = at.text;
    const t = this.peek();
    const opError = () => fail(`${OPS_MESSAGE} at \`${this.src.slice(at.pos)}\`.`, this.src, at.pos);
    if (!t) return opError();
    if (!t.quoted && ["=", "!=", ">", ">=", "<", "<="].includes(t.text)) {
      this.i++;
      return { op: "cmp", attr, cmp: t.text as "=", value: this.value() };
    }
    if (this.isWord("IN") || (this.isWord("NOT") && this.isWord("IN", 1))) return this.inList(attr);
    if (this.isWord("EXISTS") || (this.isWord("NOT") && this.isWord("EXISTS", 1))) {
      const negated = this.isWord("NOT");
      this.i += negated ? 2 : 1;
      return { op: "exists", attr, negated };
    }
    if (this.isWord("IS")) return this.isCheck(attr, opError);
    if (this.isWord("TO", 1)) {
      const from = this.value();
      this.i++;
      return { op: "to", attr, from, to: this.value() };
    }
    return opError();
  }

  private inList(attr: string): Filter {
    const negated = this.isWord("NOT");
    this.i += negated ? 2 : 1;
    const start = this.here();
    if (!this.isWord("[")) fail(`Expected \`[\` after \`IN\` keyword.`, this.src, start);
    this.i++;
    const values: string[] = [];
    while (!this.isWord("]")) {
      if (!this.peek()) fail(`Expected matching \`]\` after the list of values.`, this.src, start);
      values.push(this.value());
      if (this.isWord(",")) this.i++;
      else if (!this.isWord("]"))
        fail(`Expected only comma-separated field names inside \`IN[..]\` but instead found \`${this.src.slice(this.here())}\`.`, this.src, this.here());
    }
    this.i++;
    return { op: "in", attr, values, negated };
  }

  private isCheck(attr: string, opError: () => never): Filter {
    this.i++;
    const negated = this.isWord("NOT");
    if (negated) this.i++;
    if (this.isWord("NULL") || this.isWord("EMPTY")) {
      const op = this.isWord("NULL") ? "null" : "empty";
      this.i++;
      return { op, attr, negated };
    }
    return opError();
  }
}

export function parseFilterString(src: string): Filter | null {
  if (src.trim() === "") return null;
  return new Parser(src, lex(src)).parse();
}

/** The filter parameter in either form: a string, or an array ANDing strings and ORed inner arrays. */
export function parseFilter(param: unknown): Filter | null {
  if (param === undefined || param === null) return null;
  if (typeof param === "string") return parseFilterString(param);
  if (!Array.isArray(param)) {
    throw new MeiliError("invalid_search_filter", "Invalid syntax for the filter parameter: `expected String, Array, found: " + typeof param + "`.");
  }
  const parts = param.map((p): Filter | null => {
    if (typeof p === "string") return parseFilterString(p);
    if (Array.isArray(p))
      return joinFilters(
        p.map((x) => parseFilterString(String(x))),
        "or",
      );
    throw new MeiliError("invalid_search_filter", "Invalid syntax for the filter parameter: `expected String, Array, found: " + typeof p + "`.");
  });
  return joinFilters(parts, "and");
}

function joinFilters(parts: (Filter | null)[], op: "and" | "or"): Filter | null {
  const real = parts.filter((p): p is Filter => p !== null);
  if (real.length === 0) return null;
  return real.reduce((left, right) => ({ op, left, right }));
}

/** Every attribute a filter names. */
export function filterAttributes(f: Filter | null): string[] {
  if (!f) return [];
  switch (f.op) {
    case "and":
    case "or":
      return [...filterAttributes(f.left), ...filterAttributes(f.right)];
    case "not":
      return filterAttributes(f.inner);
    default:
      return [f.attr];
  }
}
