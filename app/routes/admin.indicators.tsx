import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ExportLinks } from "../components/export-links";
import { ChallengeFigures } from "../components/challenge-figures";
import { ChartWithTable } from "../components/indicators";
import { useLocale, useT } from "../components/i18n";
import { formatDate } from "../i18n/format";
import type { MessageKey } from "../i18n";
import { numberFormat } from "../i18n/intl";
import { dashboardView } from "../services/indicators/dashboard-charts.server";
import { challengeIndicators } from "../services/indicators/challenges.server";
import { scenarioIndicators } from "../services/indicators/scenarios.server";
import { ScenarioFigures } from "../components/scenario-figures";
import { dashboardFilters } from "../services/indicators/filters.server";
import { indicatorListHref } from "../services/indicators/links";
import { formatYi } from "../services/money";
import { roleContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "指标看板 · Indicator dashboard" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, locale } = await roleContext(request, ["admin"]);
  const { year, county } = dashboardFilters(new URL(request.url).searchParams);
  return json({
    ...(await dashboardView(db, year, county, locale)),
    challenges: challengeIndicators(db, year),
    scenarioFigures: { year, ...scenarioIndicators(db, year) },
  });
}

export default function IndicatorDashboard() {
  const t = useT();
  const locale = useLocale();
  const { data, charts, challenges, scenarioFigures } = useLoaderData<typeof loader>();
  const fmt = numberFormat(locale === "en" ? "en-US" : "zh-CN", { maximumFractionDigits: 2 });
  const value = (indicator: string, v: number) => (indicator === "contract_amount_fen" ? formatYi(v, locale) : fmt.format(v));
  return (
    <>
      <h1>{t("ind.title")}</h1>
      <p className="lead">{t("ind.lead")}</p>
      <nav aria-label={t("ind.links.label")} className="inline-links">
        <Link to="/admin/targets">{t("ind.links.targets")}</Link> · <Link to="/admin/reports">{t("ind.links.reports")}</Link> ·{" "}
        <Link to="/admin/imports">{t("ind.links.imports")}</Link>
      </nav>
      <Form method="get" className="filters inline-form">
        <label>
          {t("ind.filter.year")}{" "}
          <select name="year" defaultValue={data.year}>
            {data.years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>{" "}
        <label>
          {t("ind.filter.county")}{" "}
          <select name="county" defaultValue={data.county ?? ""}>
            <option value="">{t("ind.filter.allCounties")}</option>
            {data.counties.map((c) => (
              <option key={c.code} value={c.code}>
                {locale === "en" ? c.nameEn : c.nameZh}
              </option>
            ))}
          </select>
        </label>{" "}
        <button type="submit">{t("ind.filter.apply")}</button>
      </Form>
      {data.county && <p className="muted">{t("ind.countyNote")}</p>}
      <ExportLinks path="/admin/indicators" />

      <h2>{t("ind.share")}</h2>
      <p className="muted">{t("ind.cityWide")}</p>
      <ul className="cards indicator-cards">
        {data.targets.map((p) => {
          const name = t(`ind.indicator.${p.indicator}` as MessageKey);
          const href = indicatorListHref(p.indicator, data.year, null, data.setting.series);
          return (
            <li key={p.indicator} className="card">
              <h3>{name}</h3>
              <p className="stat">
                {p.current === null ? t("ind.notTracked") : href ? <Link to={href}>{value(p.indicator, p.current)}</Link> : value(p.indicator, p.current)}
              </p>
              {p.target ? (
                <>
                  <p>
                    {t("ind.target")}: {value(p.indicator, p.target.value)}
                    {p.indicator !== "contract_amount_fen" && ` ${p.target.unit}`}
                  </p>
                  {p.share !== null && (
                    <p>
                      <label>
                        {t("ind.share")} {fmt.format(Math.round(p.share * 1000) / 10)}%{" "}
                        <progress value={Math.min(p.share, 1)} max={1} aria-label={`${name} ${t("ind.share")}`}>
                          {fmt.format(Math.round(p.share * 1000) / 10)}%
                        </progress>
                      </label>
                    </p>
                  )}
                  {p.target.deadline && (
                    <p className="muted">
                      {t("ind.deadline")}: {formatDate(p.target.deadline, locale)}
                    </p>
                  )}
                  <p className="muted">
                    {t("ind.source")}: {p.target.source}
                  </p>
                </>
              ) : (
                <p className="muted">{t("ind.noTarget")}</p>
              )}
            </li>
          );
        })}
      </ul>
      <dl className="headline-figures">
        <ScenarioFigures official={scenarioFigures} />
      </dl>

      <ChallengeFigures figures={challenges} year={data.year} />

      <h2>{t("ind.indicator.contract_amount_fen")}</h2>
      {charts.breakdowns.map((c) => (
        <ChartWithTable key={c.id} chart={c} labelHeading={t("ind.col.name")} />
      ))}

      <h2>{t("ind.funnel", { year: data.year })}</h2>
      <ChartWithTable
        chart={charts.funnel}
        labelHeading={t("ind.col.step")}
        extra={{ heading: t("ind.col.medianDays"), cells: data.funnel.map((f) => (f.medianDays === null ? "—" : fmt.format(f.medianDays))) }}
      />

      {charts.trends.map((tc) => (
        <div key={tc.indicator}>
          <h2>{t(`ind.indicator.${tc.indicator}` as MessageKey)}</h2>
          <ChartWithTable chart={tc.month} labelHeading={t("ind.col.month")} />
          <ChartWithTable chart={tc.year} labelHeading={t("ind.col.year")} />
        </div>
      ))}
    </>
  );
}
