import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import type { z } from "zod";
import { BROKER_GRADES } from "../codes";
import type { MessageKey } from "../i18n";
import type { brokerApplicationSchema } from "../schemas/brokers";
import { formatFen } from "../services/money";
import { ChoiceGroup, FormErrors, SelectField, TextArea, TextField } from "./fields";
import { useLocale, useT } from "./i18n";

export type ChainName = { id: string; nameZh: string; nameEn: string };

export function GradeTag({ grade }: { grade: string }) {
  const t = useT();
  return <span className={`tag grade-${grade}`}>{t(`broker.grade.${grade}` as MessageKey)}</span>;
}

/** Industry chain ids shown by name, in the visitor's language. */
export function ChainTags({ ids, chains }: { ids: readonly string[]; chains: readonly ChainName[] }) {
  const locale = useLocale();
  const byId = new Map(chains.map((c) => [c.id, c]));
  return (
    <span className="tags">
      {ids.map((id) => {
        const c = byId.get(id);
        return (
          <span key={id} className="tag">
            {c ? (locale === "en" ? c.nameEn : c.nameZh) : id}
          </span>
        );
      })}
    </span>
  );
}

export interface PublicBroker {
  id: number;
  name: string;
  orgId: number;
  orgName: string;
  orgNameEn: string | null;
  grade: string;
  chains: string[];
  cohort: string | null;
  bio: string | null;
  dealsClosed: number;
  registeredValueFen: number;
  registeredContracts: number;
}

/** One broker in the public directory: grade, specialties and track record. */
export function BrokerCard({ broker, chains }: { broker: PublicBroker; chains: readonly ChainName[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <li className="listing-item broker-card">
      <div className="match-head">
        <h2>
          <Link to={`/brokers/${broker.id}`}>{broker.name}</Link>
        </h2>
        <GradeTag grade={broker.grade} />
      </div>
      <p className="muted">
        {locale === "en" ? (broker.orgNameEn ?? broker.orgName) : broker.orgName}
        {broker.cohort && ` · ${t("broker.cohortLabel", { cohort: broker.cohort })}`}
      </p>
      <ChainTags ids={broker.chains} chains={chains} />
      <p className="broker-record">
        {t("broker.record.deals", { n: broker.dealsClosed })} · {t("broker.record.value", { value: formatFen(broker.registeredValueFen, locale) })}
      </p>
    </li>
  );
}

type ApplicationValues = z.input<typeof brokerApplicationSchema>;

/** The certification application: certificate, grade, validity, chains, cohort and the agency he practises under. */
export function BrokerApplicationForm({
  lastResult,
  defaultValue,
  chains,
  agencies,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: Record<string, string | string[] | undefined>;
  chains: readonly ChainName[];
  agencies: readonly { id: number; name: string; nameEn: string | null }[];
}) {
  const t = useT();
  const locale = useLocale();
  const [form, fields] = useForm<ApplicationValues>({ id: "broker-application", lastResult, defaultValue, shouldRevalidate: "onInput" });
  const errorCount = Object.values(form.allErrors).flat().length;
  return (
    <Form method="post" className="stacked card" {...getFormProps(form)} noValidate>
      {errorCount > 0 && <FormErrors errors={[t("common.formHasErrors", { count: errorCount })]} />}
      <div className="row-2">
        <TextField field={fields.certificateNo} label={t("broker.f.certificateNo")} hint={t("broker.f.certificateHint")} />
        <SelectField field={fields.grade} label={t("broker.f.grade")} options={BROKER_GRADES.map((g) => ({ value: g, label: t(`broker.grade.${g}`) }))} />
      </div>
      <div className="row-2">
        <TextField field={fields.validFrom} label={t("broker.f.validFrom")} type="date" />
        <TextField field={fields.validUntil} label={t("broker.f.validUntil")} type="date" />
      </div>
      <ChoiceGroup
        field={fields.chains}
        label={t("broker.f.chains")}
        options={chains.map((c) => ({ value: c.id, label: locale === "en" ? c.nameEn : c.nameZh }))}
      />
      <div className="row-2">
        <TextField field={fields.cohort} label={`${t("broker.f.cohort")} (${t("common.optional")})`} hint={t("broker.f.cohortHint")} />
        <SelectField
          field={fields.orgId}
          label={t("broker.f.org")}
          hint={t("broker.f.orgHint")}
          options={agencies.map((a) => ({ value: String(a.id), label: locale === "en" ? (a.nameEn ?? a.name) : a.name }))}
        />
      </div>
      <TextArea field={fields.bio} label={`${t("broker.f.bio")} (${t("common.optional")})`} rows={4} />
      <div className="actions">
        <button type="submit" className="primary">
          {t("broker.apply.submit")}
        </button>
      </div>
    </Form>
  );
}
