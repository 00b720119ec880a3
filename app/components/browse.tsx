import { Form, Link, useSubmit } from "@remix-run/react";
import type { FacetName } from "../../search/types";
import type { MessageKey } from "../i18n";
import { formatDate } from "../i18n/format";
import type { BrowseQuery } from "../schemas/browse";
import type { BrowseResult } from "../services/browse.server";
import { formatFen } from "../services/money";
import { Disclosure } from "./disclosure";
import { ListLink, useFollowLinks } from "./followed-links";
import { useLocale, useT } from "./i18n";

/** Engine highlights are escaped text with <mark> tags; anything else that looks like a tag is escaped again. */
export function safeHighlight(html: string): { __html: string } {
  return {
    __html: html
      .split(/(<\/?mark>)/)
      .map((part) => (part === "<mark>" || part === "</mark>" ? part : part.replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")))
      .join(""),
  };
}

/** A highlight in a span of its own, or `fallback` when there is none. */
export function SafeHighlight({ html, fallback }: { html: string; fallback: string }) {
  if (!html) return <>{fallback}</>;
  return <span dangerouslySetInnerHTML={safeHighlight(html)} />;
}

const FACET_ORDER: FacetName[] = ["year", "industryChainId", "techField", "stage", "mode", "priceBand", "countyCode"];

const FACET_TITLE: Record<FacetName, MessageKey> = {
  year: "common.year",
  industryChainId: "common.industryChain",
  techField: "common.techField",
  stage: "ach.stage",
  mode: "need.modes",
  priceBand: "need.budget",
  countyCode: "common.county",
};

type Kind = "need" | "achievement";

function facetValueLabel(t: ReturnType<typeof useT>, name: FacetName, value: string, fallback: string): string {
  if (name === "stage") return t(`stage.${value}` as MessageKey);
  if (name === "mode") return t(`mode.${value}` as MessageKey);
  if (name === "priceBand") return t(`band.${value}` as MessageKey);
  return fallback;
}

export function AmountRange({ min, max }: { min: number | null; max: number | null }) {
  const locale = useLocale();
  const t = useT();
  if (min === null && max === null) return <>{t("common.negotiable")}</>;
  if (min !== null && max !== null && min !== max) return <>{`${formatFen(min, locale)} – ${formatFen(max, locale)}`}</>;
  return <>{formatFen((max ?? min)!, locale)}</>;
}

export function BrowsePage({ kind, data, query, basePath }: { kind: Kind; data: BrowseResult; query: BrowseQuery; basePath: string }) {
  const t = useT();
  const locale = useLocale();
  const submit = useSubmit();
  const follow = useFollowLinks();
  const selected = (name: FacetName): string[] => (query[name] as string[] | undefined) ?? [];
  // The transformation list shows achievements: its results open on their own pages.
  const itemPath = basePath.replace(/\/transformation-list$/, "/achievements");
  const activeFilters = FACET_ORDER.flatMap((name) => selected(name).map((value) => ({ name, value })));

  const hrefWithout = (name: string, value?: string) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || k === "page") continue;
      for (const item of Array.isArray(v) ? v : [String(v)]) {
        if (k === name && (value === undefined || item === value)) continue;
        params.append(k, item);
      }
    }
    const s = params.toString();
    return s ? `${basePath}?${s}` : basePath;
  };
  const pageHref = (page: number) => {
    const params = new URLSearchParams(hrefWithout("page").split("?")[1] ?? "");
    params.set("page", String(page));
    return `${basePath}?${params.toString()}`;
  };

  return (
    <Form method="get" action={basePath} onChange={(e) => submit(e.currentTarget)} role="search">
      <div className="searchbar">
        <input
          type="search"
          name="q"
          defaultValue={query.q ?? ""}
          placeholder={kind === "need" ? t("need.list.title") : t("ach.list.title")}
          aria-label={t("common.search")}
        />
        <button type="submit" className="primary">
          {t("common.search")}
        </button>
      </div>
      <div className="listing-layout">
        <aside className="filters" aria-label={t("common.filter")}>
          <Disclosure
            className="filters-drawer"
            summary={
              <>
                {t("filters.toggle")}
                {activeFilters.length > 0 && <span className="count-badge"> · {activeFilters.length}</span>}
              </>
            }
          >
            {FACET_ORDER.map((name) => {
              const entries = data.facets[name];
              if (!entries?.length && !selected(name).length) return null;
              return (
                <fieldset key={name}>
                  <legend>{t(FACET_TITLE[name])}</legend>
                  {(entries ?? []).map((f) => (
                    <label key={f.value}>
                      <input type="checkbox" name={name} value={f.value} defaultChecked={selected(name).includes(f.value)} />
                      {facetValueLabel(t, name, f.value, f.label)}
                      <span className="count">{f.count}</span>
                    </label>
                  ))}
                </fieldset>
              );
            })}
            <fieldset>
              <label>
                <input type="checkbox" name="stale" value="1" defaultChecked={query.stale === "1"} />
                <span>{t("listing.includeStale")}</span>
              </label>
            </fieldset>
            <noscript>
              <button type="submit" className="secondary">
                {t("common.filter")}
              </button>
            </noscript>
            {activeFilters.length > 0 && <Link to={query.q ? `${basePath}?q=${encodeURIComponent(query.q)}` : basePath}>{t("common.reset")}</Link>}
          </Disclosure>
        </aside>
        <section aria-live="polite" ref={follow}>
          <div className="result-meta">
            <span>{t("common.total", { total: data.total })}</span>
            <label>
              {t("common.sortBy")}{" "}
              <select name="sort" defaultValue={data.sort} aria-label={t("common.sortBy")}>
                {query.q && <option value="relevance">{t("sort.relevance")}</option>}
                <option value="newest">{t("sort.newest")}</option>
                {kind === "need" ? (
                  <>
                    <option value="deadline">{t("sort.deadline")}</option>
                    <option value="budget">{t("sort.budget")}</option>
                  </>
                ) : (
                  <option value="price">{t("sort.price")}</option>
                )}
              </select>
            </label>
          </div>
          {data.items.length === 0 ? (
            <div className="card empty">
              <p>
                <strong>{kind === "need" ? t("need.empty") : t("ach.empty")}</strong>
              </p>
              {activeFilters.length > 0 && (
                <>
                  <p>{t("need.emptyHint")}</p>
                  <div className="tags">
                    {activeFilters.map((f) => (
                      <Link key={`${f.name}:${f.value}`} to={hrefWithout(f.name, f.value)} className="tag">
                        ✕ {facetValueLabel(t, f.name, f.value, data.facets[f.name]?.find((x) => x.value === f.value)?.label ?? f.value)}
                      </Link>
                    ))}
                  </div>
                </>
              )}
            </div>
          ) : (
            data.items.map((item) => (
              <article key={item.id} className="listing-item">
                <h2>
                  {/* Highlights are written into their link and paragraph: a span each would be forty more elements a page. */}
                  {item.highlight.title ? (
                    <ListLink to={`${itemPath}/${item.id}`} dangerouslySetInnerHTML={safeHighlight(item.highlight.title)} />
                  ) : (
                    <ListLink to={`${itemPath}/${item.id}`}>{item.title}</ListLink>
                  )}
                </h2>
                {item.highlight.summary && <p dangerouslySetInnerHTML={safeHighlight(item.highlight.summary)} />}
                <p>
                  <ListLink to={`/organisations/${item.orgId}`}>{item.org}</ListLink> · {item.chain} · {item.field}
                  {item.county ? ` · ${item.county}` : ""}
                </p>
                <div className="tags">
                  <span className="tag">{t(`stage.${item.stage}` as MessageKey)}</span>
                  <span className="tag">
                    <AmountRange min={item.amountMinFen} max={item.amountMaxFen} />
                  </span>
                  {item.modes.slice(0, 3).map((m) => (
                    <span key={m} className="tag">
                      {t(`mode.${m}` as MessageKey)}
                    </span>
                  ))}
                  {item.deadline && (
                    <span className="tag">
                      {t("need.deadline")} {formatDate(item.deadline, locale)}
                    </span>
                  )}
                  {item.status !== "published" && <span className="tag ok">{t(`status.${item.status}` as MessageKey)}</span>}
                  {item.transformationListYear && <span className="tag ok">{t("ach.onTransformationList", { year: item.transformationListYear })}</span>}
                  {item.stale && <span className="tag warn">{t("listing.stale")}</span>}
                </div>
              </article>
            ))
          )}
          {data.pages > 1 && (
            <nav className="pager" aria-label="pagination">
              {data.page > 1 ? <ListLink to={pageHref(data.page - 1)}>{t("common.prev")}</ListLink> : <span />}
              <span>{t("common.page", { page: data.page, pages: data.pages })}</span>
              {data.page < data.pages ? <ListLink to={pageHref(data.page + 1)}>{t("common.next")}</ListLink> : <span />}
            </nav>
          )}
        </section>
      </div>
    </Form>
  );
}

export function ProgressStat({ label, done, target }: { label: string; done: number; target: number | null }) {
  const pct = target ? Math.min(100, Math.round((done / target) * 100)) : 0;
  return (
    <div className="stat">
      <div className="muted">{label}</div>
      <div className="value">
        {done}
        {target !== null && <span className="muted"> / {target}</span>}
      </div>
      {target !== null && (
        <div className="progress" role="progressbar" aria-label={label} aria-valuenow={done} aria-valuemin={0} aria-valuemax={target}>
          <span style={{ width: `${pct}%` }} />
        </div>
      )}
    </div>
  );
}
