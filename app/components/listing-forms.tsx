import { useForm, getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { COOPERATION_MODES, IP_TYPES, TRANSFER_MODES } from "../codes";
import type { Locale } from "../i18n";
import type { FormOptions } from "../services/listings.server";
import type { z } from "zod";
import type { achievementSchema, needSchema } from "../schemas/listings";

type NeedValues = z.input<ReturnType<typeof needSchema>>;
type AchievementValues = z.input<typeof achievementSchema>;
import { ChoiceGroup, FormErrors, SelectField, TextArea, TextField } from "./fields";
import { useT } from "./i18n";

function names(locale: Locale, row: { nameZh: string; nameEn: string }) {
  return locale === "en" ? row.nameEn : row.nameZh;
}

function useOptions(options: FormOptions, locale: Locale) {
  return {
    chains: options.chains.map((c) => ({ value: c.id, label: names(locale, c) })),
    counties: options.counties.map((c) => ({ value: c.code, label: names(locale, c) })),
    fieldGroups: options.fieldGroups.map((g) => ({
      label: names(locale, g),
      options: g.children.map((c) => ({ value: c.code, label: names(locale, c) })),
    })),
  };
}

const TRLS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

type ListingFormProps = {
  id: string;
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: Record<string, string | string[] | undefined>;
  options: FormOptions;
  locale: Locale;
  submitLabel: string;
};

/** One line above the form saying how many fields need attention. */
function ErrorCount({ form }: { form: { allErrors: Record<string, string[]> } }) {
  const t = useT();
  const count = Object.values(form.allErrors).flat().length;
  return count > 0 ? <FormErrors errors={[t("common.formHasErrors", { count })]} /> : null;
}

type ContactFieldsOf = Record<"contactName" | "contactPhone" | "contactEmail", Parameters<typeof TextField>[0]["field"]>;

/** The confidential contact block and the submit button both listing forms end with. */
function ContactAndSubmit({ fields, submitLabel }: { fields: ContactFieldsOf; submitLabel: string }) {
  const t = useT();
  return (
    <>
      <div className="row-2">
        <TextField field={fields.contactName} label={t("common.contact")} />
        <TextField field={fields.contactPhone} label={t("common.phone")} type="tel" />
      </div>
      <TextField field={fields.contactEmail} label={`${t("common.email")} (${t("common.optional")})`} type="email" />
      <p className="hint muted">{t("listing.contactHidden")}</p>
      <div className="actions">
        <button type="submit" className="primary">
          {submitLabel}
        </button>
      </div>
    </>
  );
}

export function NeedForm({ id, lastResult, defaultValue, options, locale, submitLabel }: ListingFormProps) {
  const t = useT();
  const [form, fields] = useForm<NeedValues>({ id, lastResult, defaultValue, shouldRevalidate: "onInput" });
  const o = useOptions(options, locale);
  return (
    <Form method="post" className="stacked card" {...getFormProps(form)} noValidate>
      <ErrorCount form={form} />
      <TextField field={fields.title} label={t("need.title")} />
      <TextArea field={fields.description} label={t("need.description")} hint={t("need.descriptionHint")} rows={8} />
      <div className="row-2">
        <SelectField field={fields.industryChainId} label={t("common.industryChain")} options={o.chains} />
        <SelectField field={fields.techFieldCode} label={t("common.techField")} groups={o.fieldGroups} />
      </div>
      <div className="row-2">
        <TextField field={fields.budgetMinWan} label={t("need.budgetMin")} hint={t("need.budgetHint")} />
        <TextField field={fields.budgetMaxWan} label={t("need.budgetMax")} />
      </div>
      <ChoiceGroup field={fields.cooperationModes} label={t("need.modes")} options={COOPERATION_MODES.map((m) => ({ value: m, label: t(`mode.${m}`) }))} />
      <div className="row-2">
        <SelectField field={fields.expectedTrl} label={t("need.expectedTrl")} options={TRLS.map((n) => ({ value: String(n), label: t(`trl.${n}`) }))} />
        <TextField field={fields.deadline} label={t("need.deadline")} type="date" />
      </div>
      <SelectField field={fields.countyCode} label={t("common.county")} options={o.counties} />
      <ContactAndSubmit fields={fields} submitLabel={submitLabel} />
    </Form>
  );
}

export function AchievementForm({ id, lastResult, defaultValue, options, locale, submitLabel }: ListingFormProps) {
  const t = useT();
  const [form, fields] = useForm<AchievementValues>({ id, lastResult, defaultValue, shouldRevalidate: "onInput" });
  const o = useOptions(options, locale);
  return (
    <Form method="post" className="stacked card" {...getFormProps(form)} noValidate>
      <ErrorCount form={form} />
      <TextField field={fields.title} label={t("ach.title")} />
      <TextArea field={fields.summary} label={t("ach.summary")} hint={t("ach.summaryHint")} rows={8} />
      <TextField field={fields.keywords} label={t("ach.keywords")} hint={t("ach.keywordsHint")} />
      <div className="row-2">
        <SelectField field={fields.industryChainId} label={t("common.industryChain")} options={o.chains} />
        <SelectField field={fields.techFieldCode} label={t("common.techField")} groups={o.fieldGroups} />
      </div>
      <div className="row-2">
        <SelectField field={fields.trl} label={t("ach.trl")} options={TRLS.map((n) => ({ value: String(n), label: t(`trl.${n}`) }))} />
        <SelectField field={fields.ipType} label={t("ach.ipType")} options={IP_TYPES.map((v) => ({ value: v, label: t(`ip.${v}`) }))} />
      </div>
      <TextArea field={fields.patentNumbers} label={`${t("ach.patentNumbers")} (${t("common.optional")})`} hint={t("ach.patentNumbersHint")} rows={3} />
      <ChoiceGroup field={fields.transferModes} label={t("ach.transferModes")} options={TRANSFER_MODES.map((m) => ({ value: m, label: t(`mode.${m}`) }))} />
      <div className="row-2">
        <TextField field={fields.priceWan} label={t("ach.price")} hint={t("ach.priceHint")} />
        <SelectField field={fields.countyCode} label={`${t("common.county")} (${t("common.optional")})`} options={o.counties} />
      </div>
      <TextField field={fields.owners} label={t("ach.owners")} />
      <ContactAndSubmit fields={fields} submitLabel={submitLabel} />
    </Form>
  );
}
