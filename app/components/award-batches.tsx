import { getFormProps, useForm } from "@conform-to/react";
import type { SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import type { AwardKind, BatchStatus, RewardBase } from "../codes";
import { formatDate, formatDateTime } from "../i18n/format";
import { formatFen } from "../services/money";
import { FormErrors, TextField } from "./fields";
import { useLocale, useT } from "./i18n";

// The batch pieces the subsidy and reward pages share: the list, the compute form and the lines.

export interface BatchRow {
  id: number;
  kind: AwardKind;
  periodStart: string;
  periodEnd: string;
  status: BatchStatus;
  lineCount: number;
  totalFen: number;
  computedAt: string;
  approvedAt: string | null;
  paidAt: string | null;
}

export function BatchList({ batches }: { batches: BatchRow[] }) {
  const t = useT();
  const locale = useLocale();
  if (batches.length === 0) return <p className="card empty">{t("batch.none")}</p>;
  return (
    <table className="data">
      <thead>
        <tr>
          <th>#</th>
          <th>{t("batch.period")}</th>
          <th>{t("batch.status")}</th>
          <th className="num">{t("batch.lineCount")}</th>
          <th className="num">{t("batch.total")}</th>
          <th>{t("common.actions")}</th>
        </tr>
      </thead>
      <tbody>
        {batches.map((b) => (
          <tr key={b.id}>
            <td>{b.id}</td>
            <td className="nowrap">
              {formatDate(b.periodStart, locale)} – {formatDate(b.periodEnd, locale)}
            </td>
            <td className="nowrap">
              <BatchStatusTag status={b.status} paidAt={b.paidAt} />
            </td>
            <td className="num">{b.lineCount}</td>
            <td className="num">{formatFen(b.totalFen, locale)}</td>
            <td>
              <Link to={`/admin/batches/${b.id}`}>{t("batch.view")}</Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function BatchStatusTag({ status, paidAt }: { status: BatchStatus; paidAt: string | null }) {
  const t = useT();
  return (
    <>
      <span className={`tag ${status === "approved" ? "ok" : "warn"}`}>{t(`batch.status.${status}`)}</span>
      {status === "approved" && <span className="tag">{paidAt ? t("batch.paid") : t("batch.unpaid")}</span>}
    </>
  );
}

/** Computes a draft batch of this kind for the period typed. */
export function ComputeBatchForm({
  kind,
  defaults,
  lastResult,
}: {
  kind: AwardKind;
  defaults: { periodStart: string; periodEnd: string };
  lastResult?: SubmissionResult<string[]>;
}) {
  const t = useT();
  const [form, fields] = useForm({ id: `compute-${kind}`, lastResult, defaultValue: defaults });
  const errors = Object.values(form.allErrors).flat();
  return (
    <Form method="post" className="stacked card" {...getFormProps(form)} noValidate>
      <h3>{t("batch.compute")}</h3>
      <p className="hint muted">{t("batch.computeHint")}</p>
      {errors.length > 0 && <FormErrors errors={errors} />}
      <input type="hidden" name="intent" value="compute" />
      <input type="hidden" name="kind" value={kind} />
      <div className="row-2">
        <TextField field={fields.periodStart} label={t("batch.periodStart")} type="date" />
        <TextField field={fields.periodEnd} label={t("batch.periodEnd")} type="date" />
      </div>
      <div>
        <button type="submit" className="primary">
          {t("batch.compute")}
        </button>
      </div>
    </Form>
  );
}

export interface LineRow {
  id: number;
  contractId: number;
  title: string;
  registrationNo: string | null;
  beneficiaryName: string;
  baseKind: RewardBase;
  baseFen: number;
  rateBp: number;
  capFen: number;
  capApplied: boolean;
  entitledFen: number;
  awardedBeforeFen: number;
  amountFen: number;
}

export function BatchLines({ lines, totalFen }: { lines: LineRow[]; totalFen: number }) {
  const t = useT();
  const locale = useLocale();
  const money = (fen: number) => formatFen(fen, locale);
  if (lines.length === 0) return <p className="card empty">{t("batch.noLines")}</p>;
  return (
    <table className="data" aria-label={t("batch.lines")}>
      <thead>
        <tr>
          <th>{t("batch.col.line")}</th>
          <th>{t("batch.col.contract")}</th>
          <th>{t("batch.col.beneficiary")}</th>
          <th className="num">{t("batch.col.base")}</th>
          <th className="num">{t("batch.col.rate")}</th>
          <th className="num">{t("batch.col.cap")}</th>
          <th className="num">{t("batch.col.entitled")}</th>
          <th className="num">{t("batch.col.awardedBefore")}</th>
          <th className="num">{t("batch.col.amount")}</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr key={l.id}>
            <td>{l.id}</td>
            <td>
              <Link to={`/admin/contracts/${l.contractId}`}>{l.title}</Link>
              {l.registrationNo && <div className="muted">{l.registrationNo}</div>}
            </td>
            <td>{l.beneficiaryName}</td>
            <td className="num">
              {money(l.baseFen)}
              <div className="muted">{t(`batch.base.${l.baseKind}`)}</div>
            </td>
            <td className="num">{(l.rateBp / 100).toFixed(2)}%</td>
            <td className="num">
              {money(l.capFen)}
              {l.capApplied && <span className="tag warn">{t("batch.col.capApplied")}</span>}
            </td>
            <td className="num">{money(l.entitledFen)}</td>
            <td className="num">{money(l.awardedBeforeFen)}</td>
            <td className="num">{money(l.amountFen)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t("batch.total")}</th>
          <td colSpan={7} />
          <td className="num">{money(totalFen)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

export function BatchTimes({ computedAt, approvedAt, paidAt }: { computedAt: string; approvedAt: string | null; paidAt: string | null }) {
  const t = useT();
  const locale = useLocale();
  return (
    <p className="muted">
      {t("batch.computedAt", { at: formatDateTime(computedAt, locale) })}
      {approvedAt && ` · ${t("batch.approvedAt", { at: formatDateTime(approvedAt, locale) })}`}
      {paidAt && ` · ${t("batch.paidAt", { at: formatDateTime(paidAt, locale) })}`}
    </p>
  );
}

/** The broker workbench's award figures: approved in batches, paid out, and still to be computed. */
export function BrokerAwardCard({ awardedFen, pendingFen, paidFen }: { awardedFen: number; pendingFen: number; paidFen: number }) {
  const t = useT();
  const locale = useLocale();
  const figures = [
    ["batch.mine.awarded", awardedFen],
    ["batch.mine.pending", pendingFen],
    ["batch.mine.paid", paidFen],
  ] as const;
  return (
    <section aria-labelledby="broker-awards-title">
      <h2 id="broker-awards-title">{t("batch.mine.title")}</h2>
      <div className="stats">
        {figures.map(([key, fen]) => (
          <div className="stat" key={key}>
            <div className="muted">{t(key)}</div>
            <div className="value">{formatFen(fen, locale)}</div>
          </div>
        ))}
      </div>
      <p className="hint muted">{t("batch.mine.hint")}</p>
    </section>
  );
}
