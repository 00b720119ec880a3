import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ChallengeFigures } from "../components/challenge-figures";
import { ChartWithTable } from "../components/indicators";
import { ScenarioFigures } from "../components/scenario-figures";
import { useLocale, useT } from "../components/i18n";
import { yearInShanghai } from "../i18n/format";
import { numberFormat } from "../i18n/intl";
import { challengeIndicators } from "../services/indicators/challenges.server";
import { publicView } from "../services/indicators/dashboard-charts.server";
import { tr } from "../services/indicators/charts.server";
import { formatYi } from "../services/money";
import { requestContext } from "../services/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, locale } = await requestContext(request);
  const y = Number(new URL(request.url).searchParams.get("year"));
  const year = Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : yearInShanghai();
  const view = await publicView(db, year, locale);
  return json({ ...view, challenges: challengeIndicators(db, year), title: tr(locale, "ind.public.title"), description: tr(locale, "ind.public.description") });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? "吕梁科技大市场 · 指标公开" },
  { name: "description", content: data?.description ?? "" },
];

/** The description comes from `meta` above, with the figures: the root adds none of its own. */
export const handle = { description: null };

export default function PublicIndicators() {
  const t = useT();
  const locale = useLocale();
  const { data, charts, challenges } = useLoaderData<typeof loader>();
  const fmt = numberFormat(locale === "en" ? "en-US" : "zh-CN", { maximumFractionDigits: 0 });
  const o = data.official;
  return (
    <>
      <h1>{t("ind.public.title")}</h1>
      <p className="lead">{t("ind.public.lead")}</p>
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
        <button type="submit">{t("ind.filter.apply")}</button>
      </Form>
      <dl className="headline-figures">
        <div>
          <dt>{t("ind.headline.amount", { year: data.year })}</dt>
          <dd className="stat">{formatYi(o.contractAmountFen, locale)}</dd>
          {o.targetFen !== null && <dd className="muted">{t("ind.headline.target", { target: formatYi(o.targetFen, locale) })}</dd>}
        </div>
        <div>
          <dt>{t("ind.headline.contracts")}</dt>
          <dd className="stat">{fmt.format(o.registeredContracts)}</dd>
        </div>
        <div>
          <dt>{t("ind.headline.needs")}</dt>
          <dd className="stat">{fmt.format(data.publishedNeeds)}</dd>
        </div>
        <div>
          <dt>{t("ind.headline.brokers")}</dt>
          <dd className="stat">{fmt.format(data.brokerCount)}</dd>
        </div>
        <ScenarioFigures official={o} />
      </dl>
      <ChallengeFigures figures={challenges} year={data.year} />
      <ChartWithTable level={2} chart={charts.month} labelHeading={t("ind.col.month")} />
      <ChartWithTable level={2} chart={charts.year} labelHeading={t("ind.col.year")} />
      <ChartWithTable level={2} chart={charts.byType} labelHeading={t("ind.col.name")} />
      <ChartWithTable level={2} chart={charts.byCounty} labelHeading={t("ind.col.name")} />
      <ChartWithTable chart={charts.byField} labelHeading={t("ind.col.name")} />
      <ChartWithTable chart={charts.byChain} labelHeading={t("ind.col.name")} />
      <p className="muted">
        {t("ind.api")}
        <a href={`/api/v1/indicators?year=${data.year}`}>/api/v1/indicators?year={data.year}</a>
      </p>
    </>
  );
}
