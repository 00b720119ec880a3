import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ClosedYearLine, CloseYearConfirm, RevisionsReportView } from "../components/closed-years";
import { ContractFigureStat } from "../components/contract-figure";
import { CountyTables, SeriesTable } from "../components/contract-statistics";
import { SelectField } from "../components/fields";
import { useT } from "../components/i18n";
import { ExportLinks } from "../components/export-links";
import { yearInShanghai } from "../i18n/format";
import type { MessageKey } from "../i18n";
import { closeYearSchema, indicatorSettingSchema, parseForm, statisticsYearQuery } from "../schemas/index.server";
import { INDICATOR_AMOUNTS, INDICATOR_SERIES } from "../codes";
import { revisionsReport } from "../services/closed-year-revisions.server";
import { closableYear, closeYear, refuseCloseYear, yearFigures } from "../services/closed-years.server";
import { notFound } from "../services/http.server";
import {
  cityContractFigure,
  computeContractIndicator,
  indicatorSetting,
  indicatorYears,
  refuseIndicatorSetting,
  saveIndicatorSetting,
} from "../services/indicator.server";
import { requestContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "技术合同统计 · Contract statistics" }];

export async function loader({ request }: LoaderFunctionArgs) {
  // The Bureau's working figures: to anyone else the page does not exist.
  const { db, actor } = await requestContext(request);
  if (actor?.role !== "admin") notFound();
  const current = yearInShanghai();
  const asked = statisticsYearQuery.parse(new URL(request.url).searchParams.get("year") ?? undefined);
  const year = asked === "all" ? null : (asked ?? current);
  const closing = statisticsYearQuery.parse(new URL(request.url).searchParams.get("close") ?? undefined);
  return json({
    year,
    years: indicatorYears(db),
    // A closed year's frozen figure beside the live one; an ended open year can be closed.
    closedYear: year === null ? null : { figures: yearFigures(db, year), closable: closableYear(db, year) },
    confirmClose: typeof closing === "number" && closableYear(db, closing) ? yearFigures(db, closing) : null,
    revisions: revisionsReport(db, { reportYear: current }),
    indicator: computeContractIndicator(db, { year }),
    figure: cityContractFigure(db, year ?? current),
    setting: indicatorSetting(db),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor, locale, requestId, t } = await requestContext(request);
  const form = await request.formData();
  if (form.get("intent") === "close_year") {
    const submission = parseForm(form, closeYearSchema, locale);
    if (submission.status !== "success") {
      if (actor?.role !== "admin") {
        refuseCloseYear(db, actor, String(form.get("year") ?? ""), requestId);
        notFound();
      }
      return json({ result: submission.reply(), closeError: null }, { status: 400 });
    }
    const closed = closeYear(db, actor, submission.value.year, requestId);
    if (closed.ok) return redirect(`/admin/statistics?year=${closed.year}&closed=1`);
    if (closed.error === "forbidden") notFound();
    return json({ result: submission.reply(), closeError: t(`years.error.${closed.error}`) }, { status: 409 });
  }
  if (actor?.role !== "admin") {
    refuseIndicatorSetting(db, actor, requestId);
    notFound();
  }
  const submission = parseForm(form, indicatorSettingSchema, locale);
  if (submission.status !== "success") return json({ result: submission.reply(), closeError: null }, { status: 400 });
  const outcome = saveIndicatorSetting(db, actor, submission.value, requestId);
  if (!outcome.ok) notFound();
  return redirect("/admin/statistics?saved=1");
}

export default function Statistics() {
  const t = useT();
  const { year, years, indicator, figure, setting, closedYear, confirmClose, revisions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm({ id: "indicator-form", lastResult: actionData?.result, defaultValue: setting });
  return (
    <>
      <h1>{t("stats.title")}</h1>
      <ExportLinks path="/admin/statistics" />
      <p className="lead">{t("stats.lead")}</p>
      {params.get("saved") && <p className="alert ok">{t("stats.saved")}</p>}
      {actionData?.closeError && (
        <p className="alert error" role="alert">
          {actionData.closeError}
        </p>
      )}
      {params.get("closed") && year !== null && <p className="alert ok">{t("years.closedOk", { year })}</p>}
      <div className="stats">
        <ContractFigureStat figure={figure} />
      </div>
      {confirmClose ? (
        <CloseYearConfirm figures={confirmClose} />
      ) : (
        closedYear && <ClosedYearLine figures={closedYear.figures} setting={setting} closable={closedYear.closable} />
      )}
      <Form method="get" className="filter-bar">
        <label htmlFor="year">{t("stats.year")}</label>
        <select id="year" name="year" defaultValue={year === null ? "all" : String(year)}>
          <option value="all">{t("stats.allYears")}</option>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
        <button type="submit" className="secondary">
          {t("stats.show")}
        </button>
      </Form>
      <SeriesTable caption={t("stats.byYear")} head={t("common.year")} rows={indicator.byYear} />
      <SeriesTable
        caption={t("stats.byType")}
        head={t("contract.f.type")}
        rows={indicator.byType}
        totals={indicator.totals}
        label={(r) => t(`contract.type.${r.key}` as MessageKey)}
      />
      <CountyTables byCounty={indicator.byCounty} />
      <SeriesTable caption={t("stats.byChain")} head={t("common.industryChain")} rows={indicator.byChain} totals={indicator.totals} />
      <SeriesTable caption={t("stats.byBroker")} head={t("rewards.broker")} rows={indicator.byBroker} totals={indicator.totals} />
      <RevisionsReportView report={revisions} setting={setting} />
      <section>
        <h2>{t("stats.indicator")}</h2>
        <Form method="post" className="stacked card narrow" {...getFormProps(form)} noValidate>
          <p className="hint muted">{t("stats.indicatorHint")}</p>
          <div className="row-2">
            <SelectField field={fields.series} label={t("stats.series")} options={INDICATOR_SERIES.map((s) => ({ value: s, label: t(`stats.series.${s}`) }))} />
            <SelectField
              field={fields.amount}
              label={t("stats.amount")}
              options={INDICATOR_AMOUNTS.map((a) => ({ value: a, label: t(`stats.amount.${a}`) }))}
            />
          </div>
          <div>
            <button type="submit" className="primary">
              {t("stats.saveIndicator")}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
