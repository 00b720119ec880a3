import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { z } from "zod";
import type { cancelSchema, registrationSchema, returnSchema, terminateSchema } from "../schemas/contracts";
import { NON_TECH_FIELD } from "../services/non-tech-items";
import { DocumentField } from "./contract-filing-forms";
import { FormErrors, TextArea, TextField } from "./fields";
import { useT } from "./i18n";

type Result = SubmissionResult<string[]> | null | undefined;

function ErrorList({ errors }: { errors: string[] }) {
  if (errors.length === 0) return null;
  return (
    <ul className="errors">
      {errors.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  );
}

/**
 * 予以登记: the number, the non-technical items prefilled as filed (a change needs its reason)
 * and, for codes failing the check character, the registrar's acceptance. Refusals that belong
 * to no single field (open review flags, a seller outside Lüliang) are shown above the form.
 */
export function RegisterForm({
  lastResult,
  items,
  declaredTech,
  codes,
}: {
  lastResult: Result;
  items: { equipmentWan: string; instrumentsWan: string; materialsWan: string; otherWan: string };
  declaredTech: string;
  codes: string[];
}) {
  const t = useT();
  const [form, fields] = useForm<z.input<typeof registrationSchema>>({ id: "register-form", lastResult, defaultValue: items });
  const { key: _key, ...accept } = getInputProps(fields.acceptCodes, { type: "checkbox" });
  const blocking = [...(form.allErrors.flags ?? []), ...(form.allErrors.sellerDivision ?? [])];
  return (
    <Form method="post" className="stacked card" {...getFormProps(form)} noValidate>
      <h2>{t("registry.register")}</h2>
      <input type="hidden" name="intent" value="register" />
      <FormErrors errors={[...(form.errors ?? []), ...blocking]} />
      <TextField field={fields.registrationNo} label={t("contract.f.registrationNo")} />
      <fieldset className="party non-tech">
        <legend>{t("registry.items")}</legend>
        <p className="hint muted">{t("registry.itemsHint", { value: declaredTech })}</p>
        <div className="row-2">
          <TextField field={fields.equipmentWan} label={t("contract.f.equipment")} />
          <TextField field={fields.instrumentsWan} label={t("contract.f.instruments")} />
        </div>
        <div className="row-2">
          <TextField field={fields.materialsWan} label={t("contract.f.materials")} />
          <TextField field={fields.otherWan} label={t("contract.f.other")} />
        </div>
        <ErrorList errors={form.allErrors[NON_TECH_FIELD] ?? []} />
        <TextArea field={fields.correctionReason} label={t("registry.correctionReason")} rows={2} />
      </fieldset>
      {codes.length > 0 && (
        <div className={`field${fields.acceptCodes.errors?.length ? " invalid" : ""}`}>
          <p className="alert info">{t("contract.codesToCheck", { codes: codes.join("、") })}</p>
          <label className="check">
            <input {...accept} />
            {t("registry.acceptCodes")}
          </label>
          <ErrorList errors={fields.acceptCodes.errors ?? []} />
        </div>
      )}
      <div>
        <button type="submit" className="primary">
          {t("registry.register")}
        </button>
      </div>
    </Form>
  );
}

/** 退回补正: back to the filer with the reason (a filing with the desk, or an unconfirmed registration elsewhere). */
export function ReturnForm({ lastResult }: { lastResult: Result }) {
  const t = useT();
  const [form, fields] = useForm<z.input<typeof returnSchema>>({ id: "return-form", lastResult });
  return (
    <Form method="post" className="stacked card" {...getFormProps(form)} noValidate>
      <h2>{t("registry.return")}</h2>
      <input type="hidden" name="intent" value="return" />
      <TextArea field={fields.reason} label={t("registry.reason")} rows={3} />
      <div>
        <button type="submit" className="danger">
          {t("registry.return")}
        </button>
      </div>
    </Form>
  );
}

/** Confirms a registration made by another locality's office. */
export function ConfirmElsewhereForm() {
  const t = useT();
  return (
    <Form method="post" className="stacked card">
      <h2>{t("elsewhere.confirm")}</h2>
      <p className="hint muted">{t("elsewhere.confirmHint")}</p>
      <input type="hidden" name="intent" value="confirm" />
      <div>
        <button type="submit" className="primary">
          {t("elsewhere.confirm")}
        </button>
      </div>
    </Form>
  );
}

/** 撤销登记, with a reason, optional evidence and an explicit confirmation. */
export function CancelForm({ lastResult, maxMb }: { lastResult: Result; maxMb: number }) {
  const t = useT();
  const [form, fields] = useForm<z.input<typeof cancelSchema> & { evidence?: string }>({ id: "cancel-form", lastResult });
  const { key: _key, ...confirmed } = getInputProps(fields.confirmed, { type: "checkbox" });
  return (
    <Form method="post" encType="multipart/form-data" className="stacked card" {...getFormProps(form)} noValidate>
      <h2>{t("registry.cancel")}</h2>
      <p className="alert error">{t("registry.cancelHint")}</p>
      <input type="hidden" name="intent" value="cancel" />
      <TextArea field={fields.reason} label={t("registry.cancelReason")} rows={3} />
      <DocumentField field={fields.evidence} label={t("registry.evidence")} hint={t("elsewhere.certificateHint", { mb: maxMb })} />
      <div className={`field${fields.confirmed.errors?.length ? " invalid" : ""}`}>
        <label className="check">
          <input {...confirmed} />
          {t("registry.cancelConfirm")}
        </label>
        <ErrorList errors={fields.confirmed.errors ?? []} />
      </div>
      <div>
        <button type="submit" className="danger">
          {t("registry.cancel")}
        </button>
      </div>
    </Form>
  );
}

/** 终止: the date and reason, with optional evidence; the amount stays counted. */
export function TerminateForm({ lastResult, maxMb }: { lastResult: Result; maxMb: number }) {
  const t = useT();
  const [form, fields] = useForm<z.input<typeof terminateSchema> & { evidence?: string }>({ id: "terminate-form", lastResult });
  return (
    <Form method="post" encType="multipart/form-data" className="stacked card" {...getFormProps(form)} noValidate>
      <h2>{t("registry.terminate")}</h2>
      <p className="hint muted">{t("registry.terminateHint")}</p>
      <input type="hidden" name="intent" value="terminate" />
      <TextField field={fields.terminatedOn} label={t("registry.terminatedOn")} type="date" />
      <TextArea field={fields.reason} label={t("registry.terminationReason")} rows={3} />
      <DocumentField field={fields.evidence} label={t("registry.evidence")} hint={t("elsewhere.certificateHint", { mb: maxMb })} />
      <div>
        <button type="submit" className="secondary">
          {t("registry.terminate")}
        </button>
      </div>
    </Form>
  );
}
