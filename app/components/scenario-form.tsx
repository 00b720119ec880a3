import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { z } from "zod";
import { SCENARIO_GRADES, SCENARIO_KINDS, SCENARIO_RESOURCES } from "../codes";
import type { Locale } from "../i18n";
import type { scenarioSchema } from "../schemas/scenarios";
import type { FormOptions } from "../services/listings.server";
import { ChoiceGroup, FormErrors, SelectField, TextArea, TextField } from "./fields";
import { useT } from "./i18n";

type ScenarioValues = z.input<typeof scenarioSchema>;

function names(locale: Locale, row: { nameZh: string; nameEn: string }) {
  return locale === "en" ? row.nameEn : row.nameZh;
}

/** The scenario form: what the site is, what it wants, what it offers, when, and whom to call. */
export function ScenarioForm({
  id,
  lastResult,
  defaultValue,
  options,
  locale,
  submitLabel,
}: {
  id: string;
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: Record<string, string | string[] | undefined>;
  options: FormOptions;
  locale: Locale;
  submitLabel: string;
}) {
  const t = useT();
  const [form, fields] = useForm<ScenarioValues>({ id, lastResult, defaultValue, shouldRevalidate: "onInput" });
  const count = Object.values(form.allErrors).flat().length;
  return (
    <Form method="post" className="stacked card" {...getFormProps(form)} noValidate>
      {count > 0 && <FormErrors errors={[t("common.formHasErrors", { count })]} />}
      <TextField field={fields.title} label={t("scenario.f.title")} />
      <TextField field={fields.site} label={t("scenario.f.site")} />
      <TextArea field={fields.description} label={t("scenario.f.description")} hint={t("scenario.f.descriptionHint")} rows={5} />
      <TextArea field={fields.techWanted} label={t("scenario.f.techWanted")} hint={t("scenario.f.techWantedHint")} rows={4} />
      <ChoiceGroup
        field={fields.resources}
        label={t("scenario.f.resources")}
        options={SCENARIO_RESOURCES.map((r) => ({ value: r, label: t(`scenario.resource.${r}`) }))}
      />
      <TextArea field={fields.conditions} label={t("scenario.f.conditions")} hint={t("scenario.f.conditionsHint")} rows={4} />
      <div className="row-2">
        <SelectField
          field={fields.industryChainId}
          label={t("common.industryChain")}
          options={options.chains.map((c) => ({ value: c.id, label: names(locale, c) }))}
        />
        <SelectField
          field={fields.techFieldCode}
          label={t("common.techField")}
          groups={options.fieldGroups.map((g) => ({ label: names(locale, g), options: g.children.map((c) => ({ value: c.code, label: names(locale, c) })) }))}
        />
      </div>
      <div className="row-2">
        <SelectField field={fields.countyCode} label={t("common.county")} options={options.counties.map((c) => ({ value: c.code, label: names(locale, c) }))} />
        <SelectField field={fields.kind} label={t("scenario.f.kind")} options={SCENARIO_KINDS.map((k) => ({ value: k, label: t(`scenario.kind.${k}`) }))} />
      </div>
      <SelectField field={fields.grade} label={t("scenario.f.grade")} options={SCENARIO_GRADES.map((g) => ({ value: g, label: t(`scenario.grade.${g}`) }))} />
      <div className="row-2">
        <TextField field={fields.subsidyCapWan} label={t("scenario.f.subsidyCap")} hint={t("scenario.f.subsidyHint")} />
        <TextField field={fields.investmentWan} label={`${t("scenario.f.investment")} (${t("common.optional")})`} />
      </div>
      <div className="row-2">
        <TextField field={fields.opensOn} label={t("scenario.f.opensOn")} type="date" />
        <TextField field={fields.closesOn} label={t("scenario.f.closesOn")} type="date" />
      </div>
      <div className="row-2">
        <TextField field={fields.contactName} label={t("common.contact")} />
        <TextField field={fields.contactPhone} label={t("common.phone")} type="tel" />
      </div>
      <TextField field={fields.contactEmail} label={`${t("common.email")} (${t("common.optional")})`} type="email" />
      <p className="hint muted">{t("scenario.contactHidden")}</p>
      <div className="actions">
        <button type="submit" className="primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
