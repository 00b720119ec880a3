import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { ContractFlagKind, FlagStage } from "../codes";
import { formatDate, formatDateTime } from "../i18n/format";
import type { Locale, MessageKey } from "../i18n";
import type { T } from "../i18n/translate";
import { formatFen } from "../services/money";
import { useLocale, useT } from "./i18n";

// The padding flags of one contract or record: what each check found, when and at which stage
// it was raised, and for an open flag the registrar's form to clear it with a reason.

/** One flag as a loader hands it over (see contractFlagsView). */
export interface FlagItem {
  id: number;
  kind: ContractFlagKind;
  stage: FlagStage;
  detail: Record<string, unknown>;
  raisedAt: string;
  clearedAt: string | null;
  clearedByName: string | null;
  clearReason: string | null;
}

const num = (v: unknown): number => (typeof v === "number" ? v : 0);
const str = (v: unknown): string => (typeof v === "string" ? v : "");

interface Other {
  contractId?: number;
  nationalRecordId?: number;
  registrationNo: string | null;
  title: string;
  signedOn: string;
  contractValueFen: number;
}

function othersOf(detail: Record<string, unknown>): Other[] {
  return Array.isArray(detail.others) ? (detail.others as Other[]) : [];
}

function OtherList({ others }: { others: Other[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <ul>
      {others.map((o) => {
        const text = t("flags.other", {
          title: o.title,
          number: o.registrationNo ?? (o.contractId ? `#${o.contractId}` : t("flags.other.record")),
          signedOn: formatDate(o.signedOn, locale),
          value: formatFen(o.contractValueFen, locale),
        });
        return (
          <li key={`${o.contractId ?? "r"}-${o.nationalRecordId ?? o.contractId}`}>
            {o.contractId ? <Link to={`/admin/contracts/${o.contractId}`}>{text}</Link> : text}
          </li>
        );
      })}
    </ul>
  );
}

/** What the check found, in words, from the flag's detail. */
export function flagFinding(kind: ContractFlagKind, d: Record<string, unknown>, t: T, locale: Locale): ReactNode {
  const fen = (v: unknown) => formatFen(num(v), locale);
  switch (kind) {
    case "tech_amount":
      return t("flags.detail.tech_amount", { tech: fen(d.techValueFen), value: fen(d.contractValueFen) });
    case "non_tech_share":
      return t("flags.detail.non_tech_share", { nonTech: fen(d.nonTechFen), value: fen(d.contractValueFen) });
    case "related_party":
      return [
        d.declared && t("flags.detail.related.declared"),
        d.sameCreditCode && t("flags.detail.related.sameCode"),
        d.sameOrganisation && t("flags.detail.related.sameOrg"),
      ]
        .filter(Boolean)
        .join(" ");
    case "likely_split":
      return (
        <>
          {t("flags.detail.likely_split", { days: num(d.windowDays), combined: fen(d.combinedFen), line: fen(d.reviewLineFen) })}
          <OtherList others={othersOf(d)} />
        </>
      );
    case "duplicate":
      return (
        <>
          {t("flags.detail.duplicate")}
          <OtherList others={othersOf(d)} />
        </>
      );
    case "large_amount":
      return t("flags.detail.large_amount", { value: fen(d.contractValueFen), line: fen(d.reviewLineFen) });
    case "term_ended":
      return t("flags.detail.term_ended", { termEnd: formatDate(str(d.termEnd), locale), registeredOn: formatDate(str(d.registeredOn), locale) });
    case "late_decision":
      return t("flags.detail.late_decision", { submittedAt: formatDateTime(str(d.submittedAt), locale), days: num(d.days), window: num(d.windowDays) });
  }
}

/** The registrar's form to clear one flag; posts to /admin/flags/<id> and comes back to `returnTo`. */
export function ClearFlagForm({ flagId, returnTo, reason, errors }: { flagId: number; returnTo: string; reason?: string; errors?: string[] }) {
  const t = useT();
  const fieldId = `flag-${flagId}-reason`;
  return (
    <Form method="post" action={`/admin/flags/${flagId}`} className="stacked">
      <input type="hidden" name="returnTo" value={returnTo} />
      <div className={`field${errors?.length ? " invalid" : ""}`}>
        <label htmlFor={fieldId}>{t("flags.reason")}</label>
        <textarea
          id={fieldId}
          name="reason"
          rows={2}
          required
          minLength={2}
          maxLength={500}
          defaultValue={reason}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={`${fieldId}-hint`}
        />
        <p className="hint" id={`${fieldId}-hint`}>
          {t("flags.reasonHint")}
        </p>
        {errors?.length ? (
          <ul className="errors">
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <div>
        <button type="submit" className="secondary">
          {t("flags.clear")}
        </button>
      </div>
    </Form>
  );
}

/** One flag: its kind, what was found, when it was raised, and its clearing or the form to clear it. */
export function FlagEntry({ flag, returnTo, canClear }: { flag: FlagItem; returnTo: string; canClear: boolean }) {
  const t = useT();
  const locale = useLocale();
  const open = flag.clearedAt === null;
  return (
    <li className={`flag ${open ? "open" : "cleared"}`}>
      <div className="tags">
        <strong>{t(`flags.kind.${flag.kind}` as MessageKey)}</strong>
        <span className={`tag ${open ? "warn" : "ok"}`}>{t(open ? "flags.open" : "flags.cleared")}</span>
      </div>
      <div>{flagFinding(flag.kind, flag.detail, t, locale)}</div>
      <p className="muted">{t("flags.raised", { stage: t(`flags.stage.${flag.stage}` as MessageKey), at: formatDateTime(flag.raisedAt, locale) })}</p>
      {open
        ? canClear && <ClearFlagForm flagId={flag.id} returnTo={returnTo} />
        : flag.clearedAt && (
            <p className="muted">
              {t("flags.clearedBy", { who: flag.clearedByName ?? "—", at: formatDateTime(flag.clearedAt, locale), reason: flag.clearReason ?? "" })}
            </p>
          )}
    </li>
  );
}

/** Every flag of one contract or record, open first; `returnTo` is the page the clear form comes back to. */
export function ContractFlags({ flags, returnTo, canClear = true }: { flags: FlagItem[]; returnTo: string; canClear?: boolean }) {
  const t = useT();
  const sorted = [...flags.filter((f) => f.clearedAt === null), ...flags.filter((f) => f.clearedAt !== null)];
  return (
    <section className="card contract-flags" aria-labelledby="contract-flags-title">
      <h2 id="contract-flags-title">{t("flags.section")}</h2>
      {sorted.length === 0 ? (
        <p className="empty">{t("flags.none")}</p>
      ) : (
        <ul className="plain">
          {sorted.map((f) => (
            <FlagEntry key={f.id} flag={f} returnTo={returnTo} canClear={canClear} />
          ))}
        </ul>
      )}
    </section>
  );
}
