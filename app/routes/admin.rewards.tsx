import { getFormProps, getInputProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { percentOfBp } from "../components/contract-view";
import { BatchList, ComputeBatchForm } from "../components/award-batches";
import { FormErrors, SelectField, TextField } from "../components/fields";
import { useLocale, useT } from "../components/i18n";
import { REWARD_BASES } from "../codes";
import { todayInShanghai, yearInShanghai } from "../i18n/format";
import { computeBatchSchema, parseForm, rewardRuleSchema, rewardsQuery } from "../schemas/index.server";
import { computeBatch, listBatches, nextPeriod } from "../services/award-batches.server";
import { forbidden, notFound } from "../services/http.server";
import { fenToWanInput, formatFen } from "../services/money";
import { roleContext } from "../services/request.server";
import { listRewardRules, refuseRewardRuleChange, rewardsDue, saveRewardRule } from "../services/rewards.server";

export const meta: MetaFunction = () => [{ title: "技术经纪人奖励 · Broker rewards" }];

/** What the action sends back: the rule form's or the compute form's result. */
type Reply = { result?: SubmissionResult<string[]>; compute?: SubmissionResult<string[]> };

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await roleContext(request, ["admin"]);
  const q = rewardsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const year = q.year ?? yearInShanghai();
  const rules = listRewardRules(db);
  const editing = q.edit === undefined ? undefined : rules.find((r) => r.id === q.edit);
  if (q.edit !== undefined && !editing) notFound();
  return json({
    year,
    rules,
    due: rewardsDue(db, year),
    batches: listBatches(db, "reward"),
    period: nextPeriod(db, "reward", todayInShanghai()),
    editing: editing
      ? {
          id: String(editing.id),
          name: editing.name,
          year: String(editing.year),
          ratePercent: percentOfBp(editing.rateBp).replace("%", ""),
          base: editing.base,
          capWan: fenToWanInput(editing.capPerBrokerYearFen),
          requireNeedBeforeSigning: editing.requireNeedBeforeSigning ? "on" : undefined,
          source: editing.source,
          active: editing.active ? "on" : undefined,
        }
      : null,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor, locale, t, requestId } = await roleContext(request, ["admin"], (c) => refuseRewardRuleChange(c.db, c.actor, c.requestId));
  const form = await request.formData();
  if (form.get("intent") === "compute") {
    const computing = parseForm(form, computeBatchSchema, locale);
    if (computing.status !== "success") return json<Reply>({ compute: computing.reply() }, { status: 400 });
    const computed = computeBatch(db, actor, computing.value, requestId);
    if (computed.ok) return redirect(`/admin/batches/${computed.id}?done=computed`);
    if (computed.error === "forbidden") forbidden();
    return json<Reply>({ compute: computing.reply({ formErrors: [t("batch.error.period_before_last")] }) }, { status: 409 });
  }
  const submission = parseForm(form, rewardRuleSchema, locale);
  if (submission.status !== "success") return json<Reply>({ result: submission.reply() }, { status: 400 });
  const outcome = saveRewardRule(db, actor, submission.value, requestId);
  if (!outcome.ok) {
    if (outcome.error === "not_found") notFound();
    forbidden();
  }
  return redirect(`/admin/rewards?year=${submission.value.year}&saved=1`);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function Check({ field, label }: { field: FieldMetadata<any, any, string[]>; label: ReactNode }) {
  const { key, ...props } = getInputProps(field as FieldMetadata<boolean>, { type: "checkbox" });
  return (
    <label className="check">
      <input key={key} {...props} />
      {label}
    </label>
  );
}

export default function Rewards() {
  const t = useT();
  const locale = useLocale();
  const { year, rules, due, editing, batches, period } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm({
    id: editing ? `rule-${editing.id}` : "rule-new",
    lastResult: actionData?.result,
    defaultValue: editing ?? { year: String(year), base: "received", active: "on", requireNeedBeforeSigning: "on" },
  });
  const money = (fen: number) => formatFen(fen, locale);
  const errorCount = Object.values(form.allErrors).flat().length;
  return (
    <>
      <h1>{t("rewards.title")}</h1>
      {params.get("saved") && <p className="alert ok">{t("rewards.saved")}</p>}
      <h2>{t("rewards.rules")}</h2>
      <table className="data">
        <thead>
          <tr>
            <th>{t("rewards.name")}</th>
            <th>{t("rewards.year")}</th>
            <th className="num">{t("rewards.rate")}</th>
            <th>{t("rewards.base")}</th>
            <th className="num">{t("rewards.capShort")}</th>
            <th>{t("rewards.requireNeed")}</th>
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
              <td>{t(`rewards.base.${r.base}`)}</td>
              <td className="num">{money(r.capPerBrokerYearFen)}</td>
              <td>{r.requireNeedBeforeSigning ? t("common.yes") : t("common.no")}</td>
              <td className="nowrap">
                <span className={`tag ${r.active ? "ok" : ""}`}>{r.active ? t("rewards.active") : t("rewards.inactive")}</span>
              </td>
              <td className="nowrap">
                <Link to={`/admin/rewards?year=${r.year}&edit=${r.id}`}>{t("rewards.edit")}</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Form method="post" className="stacked card rule-form" {...getFormProps(form)} noValidate>
        <h3>{editing ? `${t("rewards.edit")} · ${editing.name}` : t("rewards.newRule")}</h3>
        {errorCount > 0 && <FormErrors errors={[t("common.formHasErrors", { count: errorCount })]} />}
        {editing && <input type="hidden" name="id" value={editing.id} />}
        <div className="row-2">
          <TextField field={fields.name} label={t("rewards.name")} />
          <TextField field={fields.year} label={t("rewards.year")} />
        </div>
        <div className="row-3">
          <TextField field={fields.ratePercent} label={t("rewards.rate")} />
          <SelectField field={fields.base} label={t("rewards.base")} options={REWARD_BASES.map((b) => ({ value: b, label: t(`rewards.base.${b}`) }))} />
          <TextField field={fields.capWan} label={t("rewards.cap")} />
        </div>
        <TextField field={fields.source} label={t("rewards.source")} />
        <Check field={fields.requireNeedBeforeSigning} label={t("rewards.requireNeed")} />
        <Check field={fields.active} label={t("rewards.active")} />
        <div>
          <button type="submit" className="primary">
            {t("common.save")}
          </button>
        </div>
      </Form>
      <h2>{t("batch.rewardTitle")}</h2>
      <ComputeBatchForm kind="reward" defaults={period} lastResult={actionData?.compute} />
      <BatchList batches={batches} />
      <h2>{t("rewards.due", { year })}</h2>
      <p className="hint muted">{t("rewards.explain")}</p>
      {due.brokers.length === 0 ? (
        <p className="card empty">{t("rewards.none", { year })}</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>{t("rewards.broker")}</th>
              <th className="num">{t("rewards.contracts")}</th>
              <th className="num">{t("rewards.eligible")}</th>
              <th className="num">{t("rewards.uncapped")}</th>
              <th className="num">{t("rewards.dueAmount")}</th>
            </tr>
          </thead>
          <tbody>
            {due.brokers.map((b) => (
              <tr key={b.brokerUserId}>
                <td>{b.name}</td>
                <td className="num">{b.contracts}</td>
                <td className="num">{b.eligible}</td>
                <td className="num">{money(b.uncappedFen)}</td>
                <td className="num">
                  {money(b.dueFen)}
                  {b.dueFen < b.uncappedFen && <span className="tag warn">{t("rewards.capped")}</span>}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("rewards.total")}</th>
              <td colSpan={3} />
              <td className="num">{money(due.totalFen)}</td>
            </tr>
          </tfoot>
        </table>
      )}
    </>
  );
}
