import { getFormProps, getInputProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { z } from "zod";
import type { elsewhereSchema } from "../schemas/contracts";
import { FormErrors, TextField } from "./fields";
import { useT } from "./i18n";

/**
 * A file input for a form sent as multipart: PDF, PNG or JPEG. A browser cannot refill a file
 * input, so a refused form asks for the file again.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function DocumentField({ field, label, hint }: { field: FieldMetadata<any, any, string[]>; label: ReactNode; hint: ReactNode }) {
  const { key, ...props } = getInputProps(field as FieldMetadata<string>, { type: "file", ariaDescribedBy: field.descriptionId });
  return (
    <div className={`field${field.errors?.length ? " invalid" : ""}`}>
      <label htmlFor={field.id}>{label}</label>
      <input key={key} {...props} accept="application/pdf,image/png,image/jpeg" />
      <span className="hint" id={field.descriptionId}>
        {hint}
      </span>
      {field.errors?.length ? (
        <ul className="errors" id={field.errorId}>
          {field.errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

type ElsewhereFields = z.input<typeof elsewhereSchema> & { certificate?: string };

/** 异地登记: the office of the seller's locality, its number and date, and its certificate. */
export function ElsewhereForm({ lastResult, maxMb }: { lastResult: SubmissionResult<string[]> | null | undefined; maxMb: number }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm<ElsewhereFields>({ id: "elsewhere-form", lastResult, shouldRevalidate: "onBlur" });
  const errorCount = Object.values(form.allErrors).flat().length;
  return (
    <Form method="post" encType="multipart/form-data" className="stacked card" {...getFormProps(form)} noValidate>
      <input type="hidden" name="intent" value="elsewhere" />
      {errorCount > 0 && <FormErrors errors={[t("common.formHasErrors", { count: errorCount })]} />}
      <TextField field={fields.office} label={t("elsewhere.office")} />
      <div className="row-2">
        <TextField field={fields.registrationNo} label={t("elsewhere.no")} />
        <TextField field={fields.registeredOn} label={t("elsewhere.registeredOn")} type="date" />
      </div>
      <DocumentField field={fields.certificate} label={t("elsewhere.certificate")} hint={t("elsewhere.certificateHint", { mb: maxMb })} />
      <div>
        <button type="submit" className="primary" disabled={busy}>
          {t("elsewhere.submit")}
        </button>
      </div>
    </Form>
  );
}
