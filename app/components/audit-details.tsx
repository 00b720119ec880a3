import type { MessageKey, T } from "../i18n";
import { messagesIn } from "../i18n/registry";
import type { Locale } from "../i18n/define";

// An audit event's before and after as a reader wants them: for a change, the fields that
// changed (old → new); for a creation or a one-sided record, each field as "field: value".

type Json = unknown;

const LONG = 160;

/** A stored value as one short line of text. */
export function auditValue(value: Json, empty: string): string {
  if (value === null || value === undefined || value === "") return empty;
  const scalar = (v: unknown) => typeof v === "string" || typeof v === "number" || typeof v === "boolean";
  const text = scalar(value) ? String(value) : Array.isArray(value) && value.every(scalar) ? value.join(", ") : JSON.stringify(value);
  return text.length > LONG ? `${text.slice(0, LONG)}…` : text;
}

const asRecord = (v: Json): Record<string, Json> | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, Json>) : null);

/** The lines an event shows: changed fields when both sides are records, else every field of the side there is. */
export function auditLines(before: Json, after: Json, empty: string): { key: string; from?: string; to: string }[] {
  const b = asRecord(before);
  const a = asRecord(after);
  if (b && a) {
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => k !== "updatedAt" && JSON.stringify(b[k]) !== JSON.stringify(a[k]));
    return keys.map((key) => ({ key, from: auditValue(b[key], empty), to: auditValue(a[key], empty) }));
  }
  const one = a ?? b;
  // A record written whole: its empty fields say nothing.
  if (one) return Object.entries(one).flatMap(([key, v]) => (v === null || v === undefined || v === "" ? [] : [{ key, to: auditValue(v, empty) }]));
  const scalar = after ?? before;
  return scalar === null || scalar === undefined ? [] : [{ key: "", to: auditValue(scalar, empty) }];
}

/** An action code in words: "verify" → "认证", "denied:submit" → "被拒绝：提交审核"; an unknown code as it is. */
export function auditActionName(t: T, locale: Locale, action: string): string {
  const known = (code: string) => messagesIn(locale)?.[`action.${code}`] !== undefined;
  const name = (code: string) => (known(code) ? t(`action.${code}` as MessageKey) : code.replace(/[_:]/g, " "));
  if (action.startsWith("denied:")) return t("admin.audit.denied", { action: name(action.slice("denied:".length)) });
  const [base = action] = action.split(":");
  return known(action) ? name(action) : known(base) ? `${name(base)} · ${action.slice(base.length + 1)}` : name(action);
}

export function AuditDetails({ before, after, t }: { before: Json; after: Json; t: T }) {
  const lines = auditLines(before, after, t("admin.audit.empty"));
  if (lines.length === 0) return null;
  return (
    <dl className="audit-details">
      {lines.map((l) => (
        <div key={l.key}>
          {l.key && <dt>{l.key}</dt>}
          <dd>{l.from !== undefined ? `${l.from} → ${l.to}` : l.to}</dd>
        </div>
      ))}
    </dl>
  );
}
