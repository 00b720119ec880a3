import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import type { z } from "zod";
import { WHOLE_CONTRACT } from "../codes";
import type { transferSchema } from "../schemas/payments";
import { formatFen } from "../services/money";
import { FormErrors, SelectField, TextField } from "./fields";
import { useLocale, useT } from "./i18n";

type Fields = z.input<typeof transferSchema> & { receipt?: string };

/**
 * The seller's or broker's record of a bank transfer received, with the bank receipt. Every
 * text field comes back as typed when the form is refused; a browser cannot refill a file
 * input, so the receipt is chosen again.
 */
export function TransferForm({
  lastResult,
  milestones,
  wholeOpenFen,
  maxMb,
}: {
  lastResult: SubmissionResult<string[]> | null | undefined;
  milestones: { id: number; title: string; openFen: number }[];
  /** What may be recorded on the contract as a whole, when its plan has no milestones. */
  wholeOpenFen: number;
  maxMb: number;
}) {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm<Fields>({ id: "transfer-form", lastResult, shouldRevalidate: "onBlur" });
  const receipt = getInputProps(fields.receipt, { type: "file", ariaDescribedBy: fields.receipt.descriptionId });
  const { key: receiptKey, ...receiptProps } = receipt;
  const errorCount = Object.values(form.allErrors).flat().length;
  return (
    <section aria-labelledby="record-transfer-title">
      <h2 id="record-transfer-title">{t("transfer.record.title")}</h2>
      <Form method="post" encType="multipart/form-data" className="stacked card" {...getFormProps(form)} noValidate>
        <p className="hint muted">{t("transfer.record.hint")}</p>
        {errorCount > 0 && <FormErrors errors={[t("common.formHasErrors", { count: errorCount })]} />}
        <SelectField
          field={fields.milestoneId}
          label={t("transfer.f.milestone")}
          options={
            milestones.length > 0
              ? milestones.map((m) => ({ value: String(m.id), label: t("transfer.f.open", { title: m.title, amount: formatFen(m.openFen, locale) }) }))
              : [{ value: WHOLE_CONTRACT, label: t("transfer.f.open", { title: t("transfer.wholeContract"), amount: formatFen(wholeOpenFen, locale) }) }]
          }
        />
        <div className="row-2">
          <TextField field={fields.amountYuan} label={t("transfer.f.amount")} />
          <TextField field={fields.receivedOn} label={t("transfer.f.receivedOn")} type="date" />
        </div>
        <div className="row-2">
          <TextField field={fields.payerName} label={t("transfer.f.payerName")} />
          <TextField field={fields.bankReference} label={t("transfer.f.bankReference")} />
        </div>
        <div className={`field${fields.receipt.errors?.length ? " invalid" : ""}`}>
          <label htmlFor={fields.receipt.id}>{t("transfer.f.receipt")}</label>
          <input key={receiptKey} {...receiptProps} accept="application/pdf,image/png,image/jpeg" />
          <span className="hint" id={fields.receipt.descriptionId}>
            {t("transfer.f.receiptHint", { mb: maxMb })}
          </span>
          {fields.receipt.errors?.length ? (
            <ul className="errors" id={fields.receipt.errorId}>
              {fields.receipt.errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          ) : null}
        </div>
        <div>
          <button type="submit" className="primary" disabled={busy}>
            {t("transfer.record.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
