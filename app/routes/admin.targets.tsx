import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FormErrors, SelectField, TextField } from "../components/fields";
import { useLocale, useT } from "../components/i18n";
import { POLICY_INDICATORS, TARGET_AMOUNT_UNITS, TARGET_COUNT_UNITS, type PolicyIndicator } from "../codes";
import { formatDate, formatDateTime } from "../i18n/format";
import type { Locale } from "../i18n/define";
import type { MessageKey } from "../i18n";
import { editTargetQuery, parseForm, removePolicyTargetSchema, savePolicyTargetSchema } from "../schemas/index.server";
import { forbidden } from "../services/http.server";
import { formatYi, fenToWanInput } from "../services/money";
import {
  listPolicyTargets,
  policyTargetHistory,
  refusePolicyTargetChange,
  removePolicyTarget,
  savePolicyTarget,
  type TargetHistoryEntry,
  type TargetSnapshot,
} from "../services/policy-targets.server";
import { roleContext, userContext } from "../services/request.server";

// The Bureau's policy targets per indicator and year, edited here with every change audited;
// each target shows its history from those audit events.

/** A target's key (its indicator and year), as the service keys its audit events; here for the page, which no .server module reaches. */
const targetKey = (indicator: string, year: number) => `${indicator}:${year}`;

export const meta: MetaFunction = () => [{ title: "政策目标 · Policy targets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await roleContext(request, ["admin"]);
  const targets = listPolicyTargets(db);
  const edit = editTargetQuery.safeParse(new URL(request.url).searchParams.get("edit") ?? undefined);
  const editing = edit.success && edit.data ? (targets.find((r) => targetKey(r.indicator, r.year) === edit.data) ?? null) : null;
  const history = policyTargetHistory(db);
  const live = new Set(targets.map((r) => targetKey(r.indicator, r.year)));
  return json({ targets, editing, history, removedKeys: Object.keys(history).filter((k) => !live.has(k)) });
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor, locale, t, requestId } = await userContext(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (actor.role !== "admin") {
    refusePolicyTargetChange(
      db,
      actor,
      intent,
      targetKey(String(form.get("indicator") ?? "").slice(0, 40), Number(String(form.get("year") ?? "").slice(0, 4)) || 0),
      requestId,
    );
    forbidden();
  }
  if (intent === "remove") {
    const submission = parseForm(form, removePolicyTargetSchema, locale);
    const key = `${String(form.get("indicator") ?? "").slice(0, 40)}:${String(form.get("year") ?? "").slice(0, 4)}`;
    const typed = typeof form.get("reason") === "string" ? String(form.get("reason")).slice(0, 600) : "";
    if (submission.status !== "success") {
      return json({ result: null, remove: { key, reason: typed, errors: submission.error?.reason ?? [t("v.invalid")] }, error: null }, { status: 400 });
    }
    const outcome = removePolicyTarget(db, actor, submission.value, requestId);
    if (!outcome.ok) return json({ result: null, remove: null, error: t(`targets.error.${outcome.error}` as MessageKey) }, { status: 404 });
    return redirect("/admin/targets?removed=1");
  }
  const submission = parseForm(form, savePolicyTargetSchema, locale);
  if (submission.status !== "success") return json({ result: submission.reply(), remove: null, error: null }, { status: 400 });
  const outcome = savePolicyTarget(db, actor, submission.value, requestId);
  if (!outcome.ok) {
    if (outcome.error === "forbidden") forbidden();
    return json({ result: submission.reply(), remove: null, error: t("targets.error.unchanged") }, { status: 409 });
  }
  return redirect(`/admin/targets?saved=${encodeURIComponent(targetKey(outcome.target.indicator, outcome.target.year))}`);
}

/** A target's value as the Bureau reads it: amounts in 亿元, counts with their unit. */
function targetValue(s: Pick<TargetSnapshot, "targetValue" | "unit">, locale: Locale): string {
  return s.unit === "fen" ? formatYi(s.targetValue, locale) : `${s.targetValue.toLocaleString(locale === "en" ? "en-US" : "zh-CN")} ${s.unit}`;
}

function describe(s: TargetSnapshot | null, locale: Locale): string {
  if (!s) return "—";
  return [targetValue(s, locale), s.source, s.deadline ?? ""].filter(Boolean).join(" · ");
}

function HistoryList({ entries }: { entries: TargetHistoryEntry[] | undefined }) {
  const t = useT();
  const locale = useLocale();
  if (!entries?.length) return <p className="muted">{t("targets.historyNone")}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t("targets.col.when")}</th>
          <th scope="col">{t("targets.col.who")}</th>
          <th scope="col">{t("targets.col.change")}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id}>
            <td>{formatDateTime(e.at, locale)}</td>
            <td>{e.actorName ?? "—"}</td>
            <td>
              {t(`targets.history.${e.action}`)}: {describe(e.before, locale)} → {describe(e.after, locale)}
              {e.reason && (
                <>
                  <br />
                  {t("targets.history.reason", { reason: e.reason })}
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TargetForm() {
  const t = useT();
  const { editing } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const defaultValue = editing
    ? {
        indicator: editing.indicator,
        year: String(editing.year),
        value: editing.unit === "fen" ? fenToWanInput(editing.targetValue) : String(editing.targetValue),
        amountUnit: "wan",
        countUnit: editing.unit === "fen" ? "" : editing.unit,
        source: editing.source,
        deadline: editing.deadline ?? "",
      }
    : { amountUnit: "yi" };
  const [form, fields] = useForm({ id: "target-form", lastResult: actionData?.result ?? undefined, defaultValue, shouldRevalidate: "onInput" });
  return (
    <section>
      <h2>{t("targets.formTitle")}</h2>
      <Form method="post" className="stacked card narrow" {...getFormProps(form)} noValidate>
        <p className="hint muted">{t("targets.formHint")}</p>
        <input type="hidden" name="intent" value="save" />
        <FormErrors errors={form.errors} />
        {actionData?.error && (
          <p className="alert error" role="alert">
            {actionData.error}
          </p>
        )}
        <div className="row-2">
          <SelectField
            field={fields.indicator}
            label={t("targets.f.indicator")}
            options={POLICY_INDICATORS.map((k) => ({ value: k, label: t(`targets.indicator.${k}`) }))}
          />
          <TextField field={fields.year} label={t("targets.f.year")} />
        </div>
        <TextField field={fields.value} label={t("targets.f.value")} hint={t("targets.f.valueHint")} />
        <div className="row-2">
          <SelectField
            field={fields.amountUnit}
            label={t("targets.f.amountUnit")}
            options={TARGET_AMOUNT_UNITS.map((u) => ({ value: u, label: t(`targets.unit.${u}`) }))}
          />
          <SelectField field={fields.countUnit} label={t("targets.f.countUnit")} options={TARGET_COUNT_UNITS.map((u) => ({ value: u, label: u }))} />
        </div>
        <TextField field={fields.source} label={t("targets.f.source")} hint={t("targets.f.sourceHint")} />
        <TextField field={fields.deadline} label={t("targets.f.deadline")} type="date" />
        <div>
          <button type="submit" className="primary">
            {t("targets.save")}
          </button>
        </div>
      </Form>
    </section>
  );
}

function RemoveForm({ indicator, year }: { indicator: PolicyIndicator; year: number }) {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const mine = actionData?.remove?.key === targetKey(indicator, year) ? actionData.remove : null;
  const id = `remove-${indicator}-${year}`;
  return (
    <Form method="post" className="inline">
      <input type="hidden" name="intent" value="remove" />
      <input type="hidden" name="indicator" value={indicator} />
      <input type="hidden" name="year" value={year} />
      <label htmlFor={id}>{t("targets.f.reason")}</label>{" "}
      <input id={id} name="reason" maxLength={500} defaultValue={mine?.reason ?? ""} aria-invalid={mine ? true : undefined} />{" "}
      <button type="submit" className="secondary">
        {t("targets.remove")}
      </button>
      {mine && (
        <ul className="errors">
          {mine.errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
    </Form>
  );
}

export default function Targets() {
  const t = useT();
  const locale = useLocale();
  const { targets, history, removedKeys } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>{t("targets.title")}</h1>
      <p className="lead">{t("targets.lead")}</p>
      {params.get("saved") && <p className="alert ok">{t("targets.saved")}</p>}
      {params.get("removed") && <p className="alert ok">{t("targets.removed")}</p>}
      {targets.length === 0 && <p className="muted">{t("targets.none")}</p>}
      {targets.map((r) => {
        const key = targetKey(r.indicator, r.year);
        return (
          <section key={key} className="card" id={key}>
            <h2>
              {r.year} · {t(`targets.indicator.${r.indicator}`)}
            </h2>
            <dl>
              <dt>{t("targets.f.value")}</dt>
              <dd>{targetValue(r, locale)}</dd>
              <dt>{t("targets.f.source")}</dt>
              <dd>{r.source}</dd>
              <dt>{t("targets.f.deadline")}</dt>
              <dd>{r.deadline ? formatDate(r.deadline, locale) : t("targets.noDeadline")}</dd>
            </dl>
            <p>
              <Link to={`/admin/targets?edit=${encodeURIComponent(key)}#target-form`}>{t("targets.edit")}</Link>
            </p>
            <RemoveForm indicator={r.indicator} year={r.year} />
            <details>
              <summary>{t("targets.history")}</summary>
              <HistoryList entries={history[key]} />
            </details>
          </section>
        );
      })}
      <TargetForm />
      {removedKeys.length > 0 && (
        <section>
          <h2>{t("targets.removedTargets")}</h2>
          {removedKeys.map((k) => (
            <div key={k}>
              <h3>
                {k.split(":")[1]} · {t(`targets.indicator.${k.split(":")[0] as PolicyIndicator}`)}
              </h3>
              <HistoryList entries={history[k]} />
            </div>
          ))}
        </section>
      )}
    </>
  );
}
