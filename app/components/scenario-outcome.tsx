import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, useActionData } from "@remix-run/react";
import { SelectField, TextArea, TextField } from "./fields";
import { useT } from "./i18n";

const OUTCOMES = ["pilot_started", "pilot_done", "contract_signed"] as const;

/** The owner's form for what came of the scenario. */
export function ScenarioOutcomeForm() {
  const t = useT();
  const last = useActionData<{ outcome?: SubmissionResult<string[]> }>()?.outcome;
  const [form, fields] = useForm<{ outcome: string; pilotStartedOn: string; pilotResult: string; followOnContractId: string }>({
    id: "scenario-outcome",
    lastResult: last,
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" className="stacked" {...getFormProps(form)} noValidate>
      <input type="hidden" name="intent" value="outcome" />
      <h3>{t("scenario.outcome.record")}</h3>
      <SelectField field={fields.outcome} label={t("scenario.f.outcome")} options={OUTCOMES.map((o) => ({ value: o, label: t(`scenario.outcome.${o}`) }))} />
      <TextField field={fields.pilotStartedOn} label={t("scenario.f.pilotStartedOn")} type="date" />
      <TextArea field={fields.pilotResult} label={t("scenario.f.pilotResult")} rows={3} />
      <TextField field={fields.followOnContractId} label={t("scenario.f.followOnContract")} />
      <div className="actions">
        <button type="submit" className="primary">
          {t("scenario.outcome.record")}
        </button>
      </div>
    </Form>
  );
}
