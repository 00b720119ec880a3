import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { BatchList, ComputeBatchForm } from "../components/award-batches";
import { percentOfBp } from "../components/contract-view";
import { FormErrors, SelectField, TextField } from "../components/fields";
import { useLocale, useT } from "../components/i18n";
import { SUBSIDY_BENEFICIARIES } from "../codes";
import { todayInShanghai, yearInShanghai } from "../i18n/format";
import { computeBatchSchema, parseForm, subsidiesQuery, subsidyRuleSchema } from "../schemas/index.server";
import { computeBatch, listBatches, nextPeriod, refuseBatchChange } from "../services/award-batches.server";
import { forbidden, notFound } from "../services/http.server";
import { fenToWanInput, formatFen } from "../services/money";
import { roleContext } from "../services/request.server";
import { listSubsidyRules, saveSubsidyRule } from "../services/subsidy-rules.server";

export const meta: MetaFunction = () => [{ title: "技术合同奖补 · Contract subsidies" }];

/** What the action sends back: the rule form's or the compute form's result. */
type Reply = { rule?: SubmissionResult<string[]>; compute?: SubmissionResult<string[]> };

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await roleContext(request, ["admin"]);
  const q = subsidiesQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const rules = listSubsidyRules(db);
  const editing = q.edit === undefined ? undefined : rules.find((r) => r.id === q.edit);
  if (q.edit !== undefined && !editing) notFound();
  return json({
    year: yearInShanghai(),
    rules,
    batches: listBatches(db, "subsidy"),
    period: nextPeriod(db, "subsidy", todayInShanghai()),
    editing: editing
      ? {
          id: String(editing.id),
          name: editing.name,
          year: String(editing.year),
          ratePercent: percentOfBp(editing.rateBp).replace("%", ""),
          beneficiary: editing.beneficiary,
          capPerAchievementWan: fenToWanInput(editing.capPerAchievementFen),
          capPerBeneficiaryYearWan: fenToWanInput(editing.capPerBeneficiaryYearFen),
          source: editing.source,
          active: editing.active ? "on" : undefined,
        }
      : null,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor, locale, t, requestId } = await roleContext(request, ["admin"], (c) => refuseBatchChange(c.db, c.actor, c.requestId));
  const form = await request.formData();
  if (form.get("intent") === "compute") {
    const submission = parseForm(form, computeBatchSchema, locale);
    if (submission.status !== "success") return json<Reply>({ compute: submission.reply() }, { status: 400 });
    const outcome = computeBatch(db, actor, submission.value, requestId);
    if (outcome.ok) return redirect(`/admin/batches/${outcome.id}?done=computed`);
    if (outcome.error === "forbidden") forbidden();
    return json<Reply>(
      { compute: submission.reply({ formErrors: [t(`batch.error.${outcome.error === "period_before_last" ? "period_before_last" : "conflict"}`)] }) },
      { status: 409 },
    );
  }
  const submission = parseForm(form, subsidyRuleSchema, locale);
  if (submission.status !== "success") return json<Reply>({ rule: submission.reply() }, { status: 400 });
  const outcome = saveSubsidyRule(db, actor, submission.value, requestId);
  if (!outcome.ok) {
    if (outcome.error === "not_found") notFound();
    forbidden();
  }
  return redirect("/admin/subsidies?saved=1");
}

export default function Subsidies() {
  const t = useT();
  const locale = useLocale();
  const { year, rules, batches, period, editing } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const money = (fen: number | null) => (fen === null ? t("subsidy.noYearCap") : formatFen(fen, locale));
  return (
    <>
      <h1>{t("subsidy.title")}</h1>
      {params.get("saved") && <p className="alert ok">{t("subsidy.saved")}</p>}
      <h2>{t("subsidy.rules")}</h2>
      <p className="hint muted">{t("subsidy.explain")}</p>
      <table className="data">
        <thead>
          <tr>
            <th>{t("subsidy.name")}</th>
            <th>{t("subsidy.year")}</th>
            <th className="num">{t("subsidy.rate")}</th>
            <th>{t("subsidy.beneficiary")}</th>
            <th className="num">{t("subsidy.capAchievementShort")}</th>
            <th className="num">{t("subsidy.capYearShort")}</th>
            <th>{t("common.status")}</th>
            <th>{t("common.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => (
            <tr key={r.id}>
              <td>
                {r.name}
                <div className="muted">{r.source}</div>
              </td>
              <td>{r.year}</td>
              <td className="num">{percentOfBp(r.rateBp)}</td>
              <td>{t(`subsidy.beneficiary.${r.beneficiary}`)}</td>
              <td className="num">{money(r.capPerAchievementFen)}</td>
              <td className="num">{money(r.capPerBeneficiaryYearFen)}</td>
              <td className="nowrap">
                <span className={`tag ${r.active ? "ok" : ""}`}>{r.active ? t("subsidy.active") : t("subsidy.inactive")}</span>
              </td>
              <td>
                <Link to={`/admin/subsidies?edit=${r.id}`}>{t("subsidy.edit")}</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <RuleForm editing={editing} year={year} lastResult={actionData?.rule} />
      <h2>{t("batch.title")}</h2>
      <ComputeBatchForm kind="subsidy" defaults={period} lastResult={actionData?.compute} />
      <BatchList batches={batches} />
    </>
  );
}

type Editing = ReturnType<typeof useLoaderData<typeof loader>>["editing"];

function RuleForm({ editing, year, lastResult }: { editing: Editing; year: number; lastResult?: SubmissionResult<string[]> }) {
  const t = useT();
  const [form, fields] = useForm({
    id: editing ? `subsidy-rule-${editing.id}` : "subsidy-rule-new",
    lastResult,
    defaultValue: editing ?? { year: String(year), beneficiary: "seller", active: "on" },
  });
  const errorCount = Object.values(form.allErrors).flat().length;
  const { key: activeKey, ...activeProps } = getInputProps(fields.active, { type: "checkbox" });
  return (
    <Form method="post" className="stacked card rule-form" {...getFormProps(form)} noValidate>
      <h3>{editing ? `${t("subsidy.edit")} · ${editing.name}` : t("subsidy.newRule")}</h3>
      {errorCount > 0 && <FormErrors errors={[t("common.formHasErrors", { count: errorCount })]} />}
      {editing && <input type="hidden" name="id" value={editing.id} />}
      <div className="row-2">
        <TextField field={fields.name} label={t("subsidy.name")} />
        <TextField field={fields.year} label={t("subsidy.year")} />
      </div>
      <div className="row-2">
        <TextField field={fields.ratePercent} label={t("subsidy.rate")} />
        <SelectField
          field={fields.beneficiary}
          label={t("subsidy.beneficiary")}
          options={SUBSIDY_BENEFICIARIES.map((b) => ({ value: b, label: t(`subsidy.beneficiary.${b}`) }))}
        />
      </div>
      <div className="row-2">
        <TextField field={fields.capPerAchievementWan} label={t("subsidy.capPerAchievement")} />
        <TextField field={fields.capPerBeneficiaryYearWan} label={t("subsidy.capPerBeneficiaryYear")} />
      </div>
      <TextField field={fields.source} label={t("subsidy.source")} />
      <label className="check">
        <input key={activeKey} {...activeProps} />
        {t("subsidy.active")}
      </label>
      <div>
        <button type="submit" className="primary">
          {t("common.save")}
        </button>
      </div>
    </Form>
  );
}
