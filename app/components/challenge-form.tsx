import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { z } from "zod";
import { CHALLENGE_MODES, CHALLENGE_PAYOUTS } from "../codes";
import type { Locale, MessageKey } from "../i18n";
import type { challengeSchema } from "../schemas/challenges";
import type { FormOptions } from "../services/listings.server";
import { FormErrors, SelectField, TextArea, TextField } from "./fields";
import { useT } from "./i18n";

type Values = z.input<ReturnType<typeof challengeSchema>>;

function names(locale: Locale, row: { nameZh: string; nameEn: string }) {
  return locale === "en" ? row.nameEn : row.nameZh;
}

export type ChallengeFormProps = {
  id: string;
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: Record<string, string | undefined>;
  options: FormOptions;
  needs: { id: number; title: string }[];
  locale: Locale;
  submitLabel: string;
};

/** The poster's form: the problem, indicators, reward and how it is paid, window, criteria with weights, single or race. */
export function ChallengeForm({ id, lastResult, defaultValue, options, needs, locale, submitLabel }: ChallengeFormProps) {
  const t = useT();
  const [form, fields] = useForm<Values>({ id, lastResult, defaultValue, shouldRevalidate: "onInput" });
  const count = Object.values(form.allErrors).flat().length;
  return (
    <Form method="post" className="stacked card" {...getFormProps(form)} noValidate>
      {count > 0 && <FormErrors errors={[t("common.formHasErrors", { count })]} />}
      {needs.length > 0 && (
        <SelectField
          field={fields.needId}
          label={`${t("challenge.fromNeed")} (${t("common.optional")})`}
          options={needs.map((n) => ({ value: String(n.id), label: n.title }))}
        />
      )}
      <TextField field={fields.title} label={t("challenge.title")} />
      <TextArea field={fields.problem} label={t("challenge.problem")} rows={6} />
      <TextArea field={fields.indicators} label={t("challenge.indicators")} rows={4} />
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
      <SelectField field={fields.countyCode} label={t("common.county")} options={options.counties.map((c) => ({ value: c.code, label: names(locale, c) }))} />
      <div className="row-2">
        <TextField field={fields.rewardWan} label={t("challenge.rewardWan")} />
        <SelectField
          field={fields.payout}
          label={t("challenge.payout")}
          options={CHALLENGE_PAYOUTS.map((p) => ({ value: p, label: t(`challenge.payout.${p}` as MessageKey) }))}
        />
      </div>
      <div className="row-2">
        <SelectField
          field={fields.mode}
          label={t("challenge.mode")}
          options={CHALLENGE_MODES.map((m) => ({ value: m, label: t(`challenge.mode.${m}` as MessageKey) }))}
        />
        <TextField field={fields.teams} label={t("challenge.teams")} hint={t("challenge.teamsHint")} />
      </div>
      <div className="row-2">
        <TextField field={fields.opensOn} label={t("challenge.opensOn")} type="date" />
        <TextField field={fields.closesOn} label={t("challenge.closesOn")} type="date" />
      </div>
      <TextField field={fields.deliverBy} label={t("challenge.deliverBy")} type="date" />
      <TextArea field={fields.qualifications} label={t("challenge.qualifications")} rows={3} />
      <TextArea field={fields.criteria} label={t("challenge.criteria")} hint={t("challenge.criteriaHint")} rows={4} />
      <TextArea field={fields.acceptance} label={t("challenge.acceptance")} rows={3} />
      <div className="row-2">
        <TextField field={fields.contactName} label={t("common.contact")} />
        <TextField field={fields.contactPhone} label={t("common.phone")} type="tel" />
      </div>
      <TextField field={fields.contactEmail} label={`${t("common.email")} (${t("common.optional")})`} type="email" />
      <div className="actions">
        <button type="submit" className="primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
