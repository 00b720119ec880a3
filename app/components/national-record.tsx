import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { z } from "zod";
import type { MessageKey } from "../i18n";
import { formatDate, formatDateTime } from "../i18n/format";
import type { nationalRecordCancelSchema } from "../schemas/national-record-list";
import type { NationalRecordView } from "../services/national-import/records.server";
import { formatFen } from "../services/money";
import { TextArea } from "./fields";
import { useLocale, useT } from "./i18n";

// One record imported from the national system: every field, the import it came from, what
// became of it, and the registrar's form to cancel it.

type Result = SubmissionResult<string[]> | null | undefined;

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {rows.map(([k, v]) => (
        <div key={k} style={{ display: "contents" }}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function party(name: string, code: string, division: string, t: ReturnType<typeof useT>): ReactNode {
  return (
    <>
      {name} <span className="tag">{t(division.startsWith("1411") ? "records.local" : "records.outside")}</span>
      <div className="muted">
        {t("records.f.creditCode")} {code} · {t("records.f.division")} {division}
      </div>
    </>
  );
}

export function NationalRecordFacts({ view }: { view: NationalRecordView }) {
  const t = useT();
  const locale = useLocale();
  const r = view.record;
  const field = (locale === "en" ? view.fieldEn : view.fieldZh) ?? r.contractFieldCode;
  const rows: [string, ReactNode][] = [
    [t("records.col.number"), r.registrationNo],
    [t("records.f.type"), t(`contract.type.${r.type}` as MessageKey)],
    [t("records.f.field"), `${field} (${r.contractFieldCode})`],
    [t("records.f.seller"), party(r.sellerName, r.sellerCreditCode, r.sellerDivision, t)],
    [t("records.f.buyer"), party(r.buyerName, r.buyerCreditCode, r.buyerDivision, t)],
    [t("records.col.contractValue"), formatFen(r.contractValueFen, locale)],
    [t("records.col.techValue"), formatFen(r.techValueFen, locale)],
    [t("records.f.signedOn"), formatDate(r.signedOn, locale)],
    [t("records.col.registeredOn"), formatDate(r.registeredOn, locale)],
    [t("records.f.registrationYear"), String(r.registrationYear)],
    [t("records.col.office"), r.office],
    [t("common.status"), t(`records.status.${r.status}` as MessageKey)],
    [
      t("records.import"),
      t("records.importLine", {
        file: view.importFile,
        row: r.rowNo,
        who: view.importedByName ?? t("records.importSystem"),
        at: formatDateTime(view.importedAt, locale),
      }),
    ],
  ];
  if (view.contract)
    rows.push([t("records.col.contract"), <Link to={`/admin/contracts/${view.contract.id}`}>{view.contract.registrationNo ?? view.contract.title}</Link>]);
  if (r.decidedAt) rows.push([t("records.f.decided"), t("records.f.decidedBy", { who: view.decidedByName ?? "", at: formatDateTime(r.decidedAt, locale) })]);
  if (r.cancelledAt)
    rows.push([t("records.f.cancelled"), t("records.f.cancelledAt", { at: formatDateTime(r.cancelledAt, locale), reason: r.cancelReason ?? "" })]);
  return <Facts rows={rows} />;
}

/** 撤销登记 of an imported record: the reason and the tick that it is meant. */
export function RecordCancelForm({ lastResult }: { lastResult: Result }) {
  const t = useT();
  const [form, fields] = useForm<z.input<typeof nationalRecordCancelSchema>>({ id: "record-cancel-form", lastResult });
  const { key: _key, ...confirmed } = getInputProps(fields.confirmed, { type: "checkbox" });
  return (
    <Form method="post" className="stacked card" {...getFormProps(form)} noValidate>
      <h2>{t("records.cancel")}</h2>
      <p className="alert error">{t("records.cancelHint")}</p>
      <TextArea field={fields.reason} label={t("records.cancelReason")} rows={3} />
      <div className={`field${fields.confirmed.errors?.length ? " invalid" : ""}`}>
        <label className="check">
          <input {...confirmed} />
          {t("records.cancelConfirm")}
        </label>
        {fields.confirmed.errors && fields.confirmed.errors.length > 0 && (
          <ul className="errors">
            {fields.confirmed.errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        )}
      </div>
      <div>
        <button type="submit" className="danger">
          {t("records.cancel")}
        </button>
      </div>
    </Form>
  );
}
