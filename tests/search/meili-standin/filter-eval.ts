// Evaluating a parsed filter against a document, with Meilisearch's comparison rules.

import type { Filter } from "./filter";

export type Doc = Record<string, unknown>;

const MISSING = Symbol("missing");

/** A document's value at a dotted path (`a.b` reads nested objects), or MISSING. */
export function valueAt(doc: Doc, path: string): unknown {
  if (path in doc) return doc[path];
  const [head, ...rest] = path.split(".");
  const inner = doc[head!];
  if (rest.length === 0 || typeof inner !== "object" || inner === null || Array.isArray(inner)) return MISSING;
  return valueAt(inner as Doc, rest.join("."));
}

/** The scalar facet values of an attribute (arrays flattened). */
export function facetValues(doc: Doc, path: string): (string | number | boolean)[] {
  const v = valueAt(doc, path);
  const flat = Array.isArray(v) ? v.flat(Infinity) : [v];
  return flat.filter((x): x is string | number | boolean => typeof x === "string" || typeof x === "number" || typeof x === "boolean");
}

function asNumber(s: string): number | null {
  if (s.trim() === "") return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function equals(v: string | number | boolean, target: string): boolean {
  if (typeof v === "number") return asNumber(target) === v;
  return String(v).toLowerCase() === target.toLowerCase();
}

function compare(v: string | number | boolean, cmp: string, target: string): boolean {
  const t = asNumber(target);
  if (typeof v !== "number" || t === null) return false;
  switch (cmp) {
    case ">":
      return v > t;
    case ">=":
      return v >= t;
    case "<":
      return v < t;
    default:
      return v <= t;
  }
}

function isEmpty(v: unknown): boolean {
  if (v === "" || (Array.isArray(v) && v.length === 0)) return true;
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
}

export function matches(f: Filter | null, doc: Doc): boolean {
  if (!f) return true;
  switch (f.op) {
    case "and":
      return matches(f.left, doc) && matches(f.right, doc);
    case "or":
      return matches(f.left, doc) || matches(f.right, doc);
    case "not":
      return !matches(f.inner, doc);
    case "cmp": {
      if (f.cmp === "!=") return !facetValues(doc, f.attr).some((v) => equals(v, f.value));
      if (f.cmp === "=") return facetValues(doc, f.attr).some((v) => equals(v, f.value));
      return facetValues(doc, f.attr).some((v) => compare(v, f.cmp, f.value));
    }
    case "to":
      return facetValues(doc, f.attr).some((v) => compare(v, ">=", f.from) && compare(v, "<=", f.to));
    case "in": {
      const hit = facetValues(doc, f.attr).some((v) => f.values.some((t) => equals(v, t)));
      return f.negated ? !hit : hit;
    }
    case "exists":
      return (valueAt(doc, f.attr) !== MISSING) !== f.negated;
    case "null":
      return (valueAt(doc, f.attr) === null) !== f.negated;
    case "empty":
      return isEmpty(valueAt(doc, f.attr)) !== f.negated;
  }
}

/** Whether an attribute is covered by a list of filterable (or sortable) attribute patterns. */
export function covered(attr: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => {
    if (p === "*" || p === attr || attr.startsWith(`${p}.`)) return true;
    if (!p.includes("*")) return false;
    const re = new RegExp(
      `^${p
        .split("*")
        .map((x) => x.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*")}$`,
    );
    return re.test(attr);
  });
}
