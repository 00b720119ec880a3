import { Form, Link, useSubmit } from "@remix-run/react";
import type { MessageKey } from "../i18n";
import { formatDate } from "../i18n/format";
import type { ScenarioBrowseQuery } from "../schemas/scenarios";
import type { ScenarioBrowse } from "../services/scenarios/browse.server";
import { SafeHighlight } from "./browse";
import { useLocale, useT } from "./i18n";
import { ScenarioTags, SubsidyCap } from "./scenario-views";

type Data = Omit<ScenarioBrowse, "items"> & { items: (Omit<ScenarioBrowse["items"][number], "highlight"> & { highlight: string | null })[] };
type FacetKey = keyof ScenarioBrowse["facets"];
const FACET_ORDER: FacetKey[] = ["grade", "kind", "subsidyBand", "industryChainId", "countyCode", "status"];
const VALUE_PREFIX: Partial<Record<FacetKey, string>> = {
  grade: "scenario.grade.",
  kind: "scenario.kind.",
  subsidyBand: "scenario.band.",
  status: "scenario.status.",
};

/** The year's scenario list: words, facets that submit as they change, the cards, and pages. */
export function ScenarioList({ data, query }: { data: Data; query: ScenarioBrowseQuery }) {
  const t = useT();
  const locale = useLocale();
  const submit = useSubmit();
  const label = (key: FacetKey, value: string, fallback: string | null) =>
    VALUE_PREFIX[key] ? t(`${VALUE_PREFIX[key]}${value}` as MessageKey) : (fallback ?? value);
  const pageHref = (page: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || k === "page") continue;
      for (const item of Array.isArray(v) ? v : [String(v)]) params.append(k, item);
    }
    params.set("page", String(page));
    return `/scenarios?${params.toString()}`;
  };
  const filtered = FACET_ORDER.some((k) => query[k].length > 0) || !!query.open;
  return (
    <Form method="get" action="/scenarios" onChange={(e) => submit(e.currentTarget)} role="search">
      <input type="hidden" name="year" value={data.year} />
      <div className="searchbar">
        <input type="search" name="q" defaultValue={query.q ?? ""} placeholder={t("scenario.search.placeholder")} aria-label={t("scenario.search.label")} />
        <button type="submit" className="primary">
          {t("scenario.search.submit")}
        </button>
      </div>
      <div className="listing-layout">
        <aside className="filters" aria-label={t("scenario.filters")}>
          <fieldset>
            <label>
              <input type="checkbox" name="open" value="1" defaultChecked={query.open === "1"} />
              <span>{t("scenario.filter.openNow")}</span>
              <span className="count">{data.openCount}</span>
            </label>
          </fieldset>
          {FACET_ORDER.map((key) => {
            const entries = data.facets[key];
            if (!entries.length && !query[key].length) return null;
            return (
              <fieldset key={key}>
                <legend>{t(`scenario.facet.${key}`)}</legend>
                {entries.slice(0, 14).map((f) => (
                  <label key={f.value}>
                    <input type="checkbox" name={key} value={f.value} defaultChecked={query[key].includes(f.value)} />
                    <span>{label(key, f.value, f.label)}</span>
                    <span className="count">{f.count}</span>
                  </label>
                ))}
              </fieldset>
            );
          })}
          <noscript>
            <button type="submit" className="secondary">
              {t("scenario.filter.apply")}
            </button>
          </noscript>
          {filtered && <Link to={`/scenarios?year=${data.year}`}>{t("scenario.filter.clear")}</Link>}
        </aside>
        <section aria-live="polite">
          <div className="result-meta">
            <span>{t("scenario.results", { n: data.total })}</span>
          </div>
          {data.items.length === 0 ? (
            <div className="card empty">
              <p>
                <strong>{t("scenario.empty")}</strong>
              </p>
            </div>
          ) : (
            data.items.map((item) => (
              <article key={item.id} className="listing-item">
                <h2>
                  <Link to={`/scenarios/${item.id}`}>{item.highlight ? <SafeHighlight html={item.highlight} fallback={item.title} /> : item.title}</Link>
                </h2>
                <p>
                  {locale === "en" ? (item.orgNameEn ?? item.orgName) : item.orgName} · {item.site} · {item.countyName} · {item.chainName}
                </p>
                <ScenarioTags s={item} openNow={item.openNow} />
                <p className="muted">
                  {t("scenario.f.subsidyCap")}: <SubsidyCap fen={item.subsidyCapFen} /> · {t("scenario.f.period")}:{" "}
                  {t("scenario.period", { from: formatDate(item.opensOn, locale), to: formatDate(item.closesOn, locale) })}
                </p>
              </article>
            ))
          )}
          {data.pages > 1 && (
            <nav className="pager" aria-label="pagination">
              {data.page > 1 ? <Link to={pageHref(data.page - 1)}>{t("scenario.prev")}</Link> : <span />}
              <span>{t("scenario.page", { page: data.page, pages: data.pages })}</span>
              {data.page < data.pages ? <Link to={pageHref(data.page + 1)}>{t("scenario.next")}</Link> : <span />}
            </nav>
          )}
        </section>
      </div>
    </Form>
  );
}
