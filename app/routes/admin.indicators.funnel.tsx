import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { FUNNEL_STEPS } from "../codes";
import { useLocale, useT } from "../components/i18n";
import { TableScroll } from "../components/table-scroll";
import type { MessageKey } from "../i18n";
import { formatDateTime, yearInShanghai } from "../i18n/format";
import { funnelListSchema } from "../schemas/index.server";
import { countyOptions } from "../services/indicators/dashboard.server";
import { funnelNeeds } from "../services/indicators/funnel.server";
import { roleContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "需求转化漏斗 · Needs funnel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await roleContext(request, ["admin"]);
  const filter = funnelListSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const year = filter.year ?? yearInShanghai();
  const county = filter.county ?? null;
  return json({ year, county, step: filter.step, counties: countyOptions(db), needs: funnelNeeds(db, year, county, filter.step) });
}

export default function FunnelList() {
  const t = useT();
  const locale = useLocale();
  const { year, county, step, counties, needs } = useLoaderData<typeof loader>();
  const names = new Map(counties.map((c) => [c.code, locale === "en" ? c.nameEn : c.nameZh]));
  const dashboard = `/admin/indicators?year=${year}${county ? `&county=${county}` : ""}`;
  return (
    <>
      <h1>{t("funnel.title", { year, step: t(`ind.step.${step}` as MessageKey) })}</h1>
      <p className="lead">
        {t("funnel.lead", { count: needs.length })} {county ? names.get(county) : t("ind.filter.allCounties")}
      </p>
      <p>
        <Link to={dashboard}>{t("funnel.back")}</Link>
      </p>
      <Form method="get" className="filters inline-form">
        <input type="hidden" name="year" value={year} />
        {county && <input type="hidden" name="county" value={county} />}
        <label>
          {t("funnel.filter.step")}{" "}
          <select name="step" defaultValue={step}>
            {FUNNEL_STEPS.map((s) => (
              <option key={s} value={s}>
                {t(`ind.step.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>{" "}
        <button type="submit">{t("ind.filter.apply")}</button>
      </Form>
      {needs.length === 0 ? (
        <p className="card empty">{t("funnel.empty")}</p>
      ) : (
        <TableScroll label={t("funnel.title", { year, step: t(`ind.step.${step}` as MessageKey) })}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("funnel.col.need")}</th>
                <th scope="col">{t("funnel.col.county")}</th>
                <th scope="col">{t("funnel.col.reached")}</th>
                <th scope="col">{t("funnel.col.days")}</th>
              </tr>
            </thead>
            <tbody>
              {needs.map((n) => (
                <tr key={n.id}>
                  <td>
                    <Link to={`/needs/${n.id}`}>{n.title}</Link>
                  </td>
                  <td>{names.get(n.countyCode) ?? n.countyCode}</td>
                  <td>{formatDateTime(n.reachedAt, locale)}</td>
                  <td>{n.days ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
