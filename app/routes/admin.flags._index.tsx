import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CONTRACT_FLAG_KINDS } from "../codes";
import { FlagEntry } from "../components/contract-flags";
import { useLocale, useT } from "../components/i18n";
import { ExportLinks } from "../components/export-links";
import { yearInShanghai } from "../i18n/format";
import type { MessageKey } from "../i18n";
import { flagFilterSchema } from "../schemas/index.server";
import { formatFen } from "../services/money";
import { FLAG_LIST_LIMIT, flaggedFigures, listFlags } from "../services/padding-flag-list.server";
import { roleContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "核查标记 · Padding flags" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await roleContext(request, ["admin"]);
  const url = new URL(request.url);
  const filter = flagFilterSchema.parse(Object.fromEntries(url.searchParams));
  const year = filter.year ?? yearInShanghai();
  const rows = listFlags(db, filter);
  return json({ filter, year, rows, figures: flaggedFigures(db, year), limited: rows.length >= FLAG_LIST_LIMIT, returnTo: `${url.pathname}${url.search}` });
}

function Filters({ kind, state, year }: { kind: string; state: string; year: number }) {
  const t = useT();
  return (
    <Form method="get" className="filters inline">
      <label>
        {t("flags.filter.kind")}{" "}
        <select name="kind" defaultValue={kind}>
          <option value="">{t("flags.filter.allKinds")}</option>
          {CONTRACT_FLAG_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`flags.kind.${k}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>{" "}
      <label>
        {t("flags.filter.state")}{" "}
        <select name="state" defaultValue={state}>
          {(["open", "cleared", "all"] as const).map((s) => (
            <option key={s} value={s}>
              {t(`flags.state.${s}`)}
            </option>
          ))}
        </select>
      </label>{" "}
      <label>
        {t("common.year")} <input type="number" name="year" min={2000} max={2100} defaultValue={year} />
      </label>{" "}
      <button type="submit" className="secondary">
        {t("common.filter")}
      </button>
    </Form>
  );
}

export default function FlagList() {
  const t = useT();
  const locale = useLocale();
  const { filter, year, rows, figures, limited, returnTo } = useLoaderData<typeof loader>();
  return (
    <article>
      <h1>{t("flags.title")}</h1>
      <ExportLinks path="/admin/flags" />
      <p className="muted">{t("flags.intro")}</p>
      <section className="card">
        <h2>{t("flags.totals", { year })}</h2>
        <dl className="facts">
          <dt>{t("flags.totals.amount")}</dt>
          <dd data-testid="flagged-amount">{formatFen(figures.flaggedAmountFen, locale)}</dd>
          <dt>{t("flags.totals.contracts")}</dt>
          <dd data-testid="flagged-contracts">{figures.flaggedContracts}</dd>
        </dl>
      </section>
      <Filters kind={filter.kind ?? ""} state={filter.state} year={year} />
      {limited && <p className="alert info">{t("flags.limit", { n: rows.length })}</p>}
      {rows.length === 0 ? (
        <p className="card empty">{t("flags.noneMatching")}</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>{t("flags.col.subject")}</th>
              <th>{t("flags.col.parties")}</th>
              <th className="num">{t("flags.col.amount")}</th>
              <th>{t("flags.col.flag")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  {r.contractId !== null ? (
                    <Link to={`/admin/contracts/${r.contractId}`}>{r.title}</Link>
                  ) : (
                    <>
                      <Link to={`/admin/registrations/${r.nationalRecordId}`}>{r.title}</Link>
                      <div className="muted">{t("flags.subject.record", { number: r.registrationNo ?? "" })}</div>
                    </>
                  )}
                  {r.contractId !== null && r.registrationNo && <div className="muted">{r.registrationNo}</div>}
                </td>
                <td>
                  {r.sellerName}
                  <div className="muted">→ {r.buyerName}</div>
                </td>
                <td className="num">{formatFen(r.contractValueFen, locale)}</td>
                <td>
                  <ul className="plain">
                    <FlagEntry flag={r} returnTo={returnTo} canClear />
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}
