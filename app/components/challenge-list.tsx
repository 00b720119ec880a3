import { Form, Link, useSubmit } from "@remix-run/react";
import type { MessageKey } from "../i18n";
import { formatDate } from "../i18n/format";
import { formatFen } from "../services/money";
import type { browseChallenges } from "../services/challenges/browse.server";
import type { ChallengeBrowseQuery } from "../schemas/challenges";
import { StatusTag } from "./challenge-page";
import { useLocale, useT } from "./i18n";

// The public list of challenges: a text search and facets (status, reward band, window,
// county, chain) in one GET form, and the matching challenges with their winners.

type Serialized<T> = T extends (infer U)[] ? Serialized<U>[] : T extends object ? { [K in keyof T]: Serialized<T[K]> } : T;
type Data = Serialized<Awaited<ReturnType<typeof browseChallenges>>>;

const FACETS = [
  { name: "status", key: "status", label: "challenge.facet.status", value: (v: string) => `challenge.status.${v}` },
  { name: "band", key: "rewardBand", label: "challenge.facet.band", value: (v: string) => `challenge.band.${v}` },
  { name: "window", key: "window", label: "challenge.facet.window", value: (v: string) => `challenge.window.${v}` },
] as const;

export function ChallengeBrowse({ data, query }: { data: Data; query: ChallengeBrowseQuery }) {
  const t = useT();
  const locale = useLocale();
  const submit = useSubmit();
  const selected = (name: keyof ChallengeBrowseQuery) => {
    const v = query[name];
    return Array.isArray(v) ? (v as string[]) : [];
  };
  const nameOf = (r: { nameZh: string; nameEn: string }) => (locale === "en" ? r.nameEn : r.nameZh);
  const groups = [
    ...FACETS.map((f) => ({
      name: f.name,
      legend: t(f.label),
      entries: Object.entries(data.facets[f.key]).map(([v, n]) => ({ value: v, label: t(f.value(v) as MessageKey), count: n })),
    })),
    {
      name: "county" as const,
      legend: t("common.county"),
      entries: data.counties
        .filter((c) => data.facets.countyCode[c.code])
        .map((c) => ({ value: c.code, label: nameOf(c), count: data.facets.countyCode[c.code]! })),
    },
    {
      name: "chain" as const,
      legend: t("common.industryChain"),
      entries: data.chains
        .filter((c) => data.facets.industryChainId[c.id])
        .map((c) => ({ value: c.id, label: nameOf(c), count: data.facets.industryChainId[c.id]! })),
    },
  ];
  return (
    <Form method="get" action="/challenges" onChange={(e) => submit(e.currentTarget)} role="search">
      <div className="searchbar">
        <input type="search" name="q" defaultValue={query.q ?? ""} placeholder={t("challenge.list.title")} aria-label={t("common.search")} maxLength={100} />
        <button type="submit" className="primary">
          {t("common.search")}
        </button>
      </div>
      <div className="listing-layout">
        <aside className="filters" aria-label={t("common.filter")}>
          {groups.map((g) =>
            g.entries.length === 0 ? null : (
              <fieldset key={g.name}>
                <legend>{g.legend}</legend>
                {g.entries.map((e) => (
                  <label key={e.value}>
                    <input type="checkbox" name={g.name} value={e.value} defaultChecked={selected(g.name).includes(e.value)} />
                    <span>{e.label}</span>
                    <span className="count">{e.count}</span>
                  </label>
                ))}
              </fieldset>
            ),
          )}
          <noscript>
            <button type="submit" className="secondary">
              {t("common.filter")}
            </button>
          </noscript>
          <Link to="/challenges">{t("common.reset")}</Link>
        </aside>
        <section aria-live="polite">
          <div className="result-meta">
            <span>{t("common.total", { total: data.total })}</span>
          </div>
          {data.items.length === 0 ? (
            <div className="card empty">
              <p>
                <strong>{t("challenge.empty")}</strong>
              </p>
            </div>
          ) : (
            data.items.map((c) => (
              <article key={c.id} className="listing-item">
                <h2>
                  <Link to={`/challenges/${c.id}`}>{c.title}</Link>
                </h2>
                <p>{c.problem}</p>
                <p>
                  {locale === "en" ? (c.org.nameEn ?? c.org.name) : c.org.name} · {(locale === "en" ? c.chain.en : c.chain.zh) ?? ""} ·{" "}
                  {(locale === "en" ? c.county.en : c.county.zh) ?? ""}
                </p>
                <div className="tags">
                  <StatusTag status={c.status} />
                  <span className="tag">
                    {t("challenge.reward")} {formatFen(c.rewardFen, locale)}
                  </span>
                  <span className="tag">
                    {c.mode === "race" ? `${t("challenge.mode.race")} · ${t("challenge.teamsN", { n: c.teams })}` : t("challenge.mode.single")}
                  </span>
                  <span className="tag">
                    {t("challenge.closesOn")} {formatDate(c.closesOn, locale)}
                  </span>
                  {c.winners.length > 0 && (
                    <span className="tag ok">
                      {t("challenge.winners")}: {c.winners.map((w) => (locale === "en" ? (w.nameEn ?? w.name) : w.name)).join(locale === "en" ? ", " : "、")}
                    </span>
                  )}
                </div>
              </article>
            ))
          )}
        </section>
      </div>
    </Form>
  );
}
