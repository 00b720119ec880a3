import { getFormProps, getInputProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { CONTRACT_SUBTYPES, CONTRACT_TYPES, IP_TYPES, PAYMENT_MODES, type ContractType } from "../codes";
import type { Locale, MessageKey } from "../i18n";
import type { ContractFormDefaults, ContractFormValues } from "../schemas/contracts";
import { NON_TECH_FIELD } from "../services/non-tech-items";
import { parseAmountToFen, formatFen } from "../services/money";
import type { ContractFormOptions } from "../services/contract-form.server";
import { ChoiceGroup, FormErrors, SelectField, TextField } from "./fields";
import { useT } from "./i18n";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function Checkbox({ field, label }: { field: FieldMetadata<any, any, string[]>; label: ReactNode }) {
  const { key, ...props } = getInputProps(field as FieldMetadata<boolean>, { type: "checkbox" });
  return (
    <div className={`field${field.errors?.length ? " invalid" : ""}`}>
      <label className="check">
        <input key={key} {...props} />
        {label}
      </label>
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

/** 技术交易额 as typed so far (成交额 less the items), or null while the amounts are not yet numbers. */
function liveTechValue(contractWan: unknown, itemsWan: unknown[]): number | null {
  const fen = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? parseAmountToFen(v, "wan") : v === undefined || v === "" ? 0 : null);
  const total = fen(contractWan);
  const items = itemsWan.map(fen);
  if (total === null || total === 0 || items.some((x) => x === null)) return null;
  return total - items.reduce<number>((a, b) => a + (b ?? 0), 0);
}

/**
 * The 技术合同 form: parties, amounts in 万元, term, payment plan, classification and, for a
 * broker, the brokerage fee. Without script the sub-type list shows every type's sub-types
 * grouped; with it, only the chosen type's.
 */
export function ContractForm({
  id,
  lastResult,
  defaultValue,
  options,
  locale,
  submitLabel,
  isBroker,
  fromDeal,
}: {
  id: string;
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue: ContractFormDefaults;
  options: ContractFormOptions;
  locale: Locale;
  submitLabel: string;
  isBroker: boolean;
  fromDeal: boolean;
}) {
  const t = useT();
  const [form, fields] = useForm<ContractFormValues>({ id, lastResult, defaultValue: defaultValue as never, shouldRevalidate: "onInput" });
  const errorCount = Object.values(form.allErrors).flat().length;
  const name = (r: { nameZh: string; nameEn: string }) => (locale === "en" ? r.nameEn : r.nameZh);
  const chosenType = CONTRACT_TYPES.find((ty) => ty === fields.type.value) as ContractType | undefined;
  const subOption = (ty: ContractType, sub: string) => ({ value: sub, label: t(`contract.sub.${ty}.${sub}` as MessageKey) });
  const milestones = fields.milestones.getFieldList();
  const nonTechErrors = form.allErrors[NON_TECH_FIELD] ?? [];
  const techValue = liveTechValue(
    fields.contractValueWan.value,
    [fields.equipmentWan, fields.instrumentsWan, fields.materialsWan, fields.otherWan].map((f) => f.value),
  );
  const party = (side: "buyer" | "seller") => {
    const f =
      side === "buyer"
        ? { n: fields.buyerName, c: fields.buyerCreditCode, d: fields.buyerDivision }
        : { n: fields.sellerName, c: fields.sellerCreditCode, d: fields.sellerDivision };
    return (
      <fieldset className="party">
        <legend>{t(side === "buyer" ? "contract.buyer" : "contract.seller")}</legend>
        <TextField field={f.n} label={t("contract.f.name")} />
        <div className="row-2">
          <TextField field={f.c} label={t("contract.f.creditCode")} hint={t("contract.f.creditCodeHint")} />
          <TextField field={f.d} label={t("contract.f.division")} hint={t("contract.f.divisionHint")} />
        </div>
      </fieldset>
    );
  };
  return (
    <Form method="post" className="stacked card contract-form" {...getFormProps(form)} noValidate>
      {errorCount > 0 && <FormErrors errors={[t("common.formHasErrors", { count: errorCount })]} />}
      {fromDeal && <input type="hidden" name={fields.matchId.name} value={String(fields.matchId.initialValue ?? "")} />}
      <TextField field={fields.title} label={t("contract.f.title")} />
      <div className="row-2">
        <SelectField field={fields.type} label={t("contract.f.type")} options={CONTRACT_TYPES.map((ty) => ({ value: ty, label: t(`contract.type.${ty}`) }))} />
        {chosenType ? (
          <SelectField field={fields.subType} label={t("contract.f.subType")} options={CONTRACT_SUBTYPES[chosenType].map((s) => subOption(chosenType, s))} />
        ) : (
          <SelectField
            field={fields.subType}
            label={t("contract.f.subType")}
            groups={CONTRACT_TYPES.map((ty) => ({ label: t(`contract.type.${ty}`), options: CONTRACT_SUBTYPES[ty].map((s) => subOption(ty, s)) }))}
          />
        )}
      </div>
      {party("buyer")}
      {party("seller")}
      <Checkbox field={fields.codeCheckWaiver} label={t("contract.f.codeCheckWaiver")} />
      <TextField field={fields.contractValueWan} label={t("contract.f.contractValue")} />
      <fieldset className="party non-tech">
        <legend>{t("contract.f.nonTech")}</legend>
        <p className="hint muted">{t("contract.f.nonTechHint")}</p>
        <div className="row-2">
          <TextField field={fields.equipmentWan} label={t("contract.f.equipment")} />
          <TextField field={fields.instrumentsWan} label={t("contract.f.instruments")} />
        </div>
        <div className="row-2">
          <TextField field={fields.materialsWan} label={t("contract.f.materials")} />
          <TextField field={fields.otherWan} label={t("contract.f.other")} />
        </div>
        {nonTechErrors.length > 0 && (
          <ul className="errors" id={`${id}-non-tech-errors`}>
            {nonTechErrors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        )}
        {techValue !== null && (
          <p className="muted" aria-live="polite">
            {t("contract.f.techValueComputed", { value: formatFen(techValue, locale) })}
          </p>
        )}
      </fieldset>
      <div className="row-3">
        <TextField field={fields.signedOn} label={t("contract.f.signedOn")} type="date" />
        <TextField field={fields.termStart} label={t("contract.f.termStart")} type="date" />
        <TextField field={fields.termEnd} label={t("contract.f.termEnd")} type="date" />
      </div>
      <SelectField
        field={fields.paymentMode}
        label={t("contract.f.paymentMode")}
        options={PAYMENT_MODES.map((m) => ({ value: m, label: t(`contract.pay.${m}`) }))}
      />
      <fieldset className="milestones">
        <legend>{t("contract.f.milestones")}</legend>
        <p className="hint muted">{t("contract.f.milestonesHint")}</p>
        {fields.milestones.errors?.length ? (
          <ul className="errors" id={fields.milestones.errorId}>
            {fields.milestones.errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        ) : null}
        {milestones.map((m, i) => {
          const row = m.getFieldset();
          return (
            <div className="row-3" key={m.key ?? i}>
              <TextField field={row.title} label={`${t("contract.f.milestoneTitle")} ${i + 1}`} />
              <TextField field={row.dueOn} label={t("contract.f.milestoneDue")} type="date" />
              <TextField field={row.amountWan} label={t("contract.f.milestoneAmount")} />
            </div>
          );
        })}
      </fieldset>
      <div className="row-2">
        <SelectField
          field={fields.contractFieldCode}
          label={t("contract.f.contractField")}
          options={options.fields.map((f) => ({ value: f.code, label: name(f) }))}
        />
        <SelectField
          field={fields.industryChainId}
          label={`${t("contract.f.chain")} (${t("common.optional")})`}
          options={options.chains.map((c) => ({ value: c.id, label: name(c) }))}
        />
      </div>
      <ChoiceGroup field={fields.ipTypes} label={t("contract.f.ipTypes")} options={IP_TYPES.map((v) => ({ value: v, label: t(`ip.${v}` as MessageKey) }))} />
      <Checkbox field={fields.relatedParty} label={t("contract.f.relatedParty")} />
      {isBroker && (
        <fieldset className="party">
          <legend>{t("contract.f.commission")}</legend>
          <p className="hint muted">{t("contract.f.commissionHint")}</p>
          <div className="row-2">
            <TextField field={fields.commissionRatePercent} label={t("contract.f.commissionRate")} />
            <TextField field={fields.commissionFixedWan} label={t("contract.f.commissionFixed")} />
          </div>
        </fieldset>
      )}
      {fromDeal && <TextField field={fields.fileId} label={`${t("contract.f.fileId")} (${t("common.optional")})`} hint={t("contract.f.fileHint")} />}
      <div className="actions">
        <button type="submit" className="primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
