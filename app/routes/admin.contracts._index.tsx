import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ContractStatusTag } from "../components/contract-view";
import { useLocale, useT } from "../components/i18n";
import { ExportLinks } from "../components/export-links";
import { formatDate, formatDateTime } from "../i18n/format";
import type { MessageKey } from "../i18n";
import { listRegistrationQueue } from "../services/contracts.server";
import { listCountedContracts, parseContractFilter } from "../services/indicators/counted-list.server";
import { yearInShanghai } from "../i18n/format";
import { formatFen } from "../services/money";
import { roleContext } from "../services/request.server";

export const meta: MetaFunction = () => [{ title: "技术合同认定登记 · Contract registration" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await roleContext(request, ["admin"]);
  // A figure of the indicator dashboard links here with its filter: the counted contracts it sums.
  const filter = parseContractFilter(new URL(request.url).searchParams, yearInShanghai());
  return json({ ...listRegistrationQueue(db), counted: filter ? listCountedContracts(db, filter) : null });
}

type Row = ReturnType<typeof listRegistrationQueue>["submitted"][number];

export default function RegistrationDesk() {
  const t = useT();
  const locale = useLocale();
  const { submitted, elsewhere, returned, registered, cancelled, counted } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const table = (rows: Row[], when: "submittedAt" | "registrationNo" | "elsewhere") => (
    <table className="data">
      <thead>
        <tr>
          <th>{t("contract.f.title")}</th>
          <th>{t("contract.f.type")}</th>
          <th>{t("contract.parties")}</th>
          <th className="num">{t("stats.amount.contract")}</th>
          <th className="num">{t("stats.amount.tech")}</th>
          <th>{t("contract.f.signedOn")}</th>
          <th>{when === "submittedAt" ? t("contract.f.submittedAt") : when === "elsewhere" ? t("elsewhere.office") : t("contract.f.registrationNo")}</th>
          <th>{t("common.status")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <td>
              <Link to={`/admin/contracts/${r.id}`}>{r.title}</Link>
              <div className="muted">
                {t("registry.recorder")} {r.recorder}
                {r.amendmentNo > 0 && ` · ${t("contract.amendmentNo", { n: r.amendmentNo })}`}
              </div>
            </td>
            <td className="nowrap">{t(`contract.type.${r.type}` as MessageKey)}</td>
            <td>
              {r.sellerName}
              <div className="muted">→ {r.buyerName}</div>
            </td>
            <td className="num">{formatFen(r.contractValueFen, locale)}</td>
            <td className="num">{formatFen(r.techValueFen, locale)}</td>
            <td className="nowrap">{formatDate(r.signedOn, locale)}</td>
            <td>
              {when === "submittedAt" ? (
                formatDateTime(r.submittedAt, locale)
              ) : when === "elsewhere" ? (
                <>
                  {r.elsewhereOffice}
                  <div className="muted">{r.elsewhereNo}</div>
                </>
              ) : (
                (r.registrationNo ?? r.elsewhereNo ?? "")
              )}
            </td>
            <td>
              <ContractStatusTag status={r.status} supersededAt={r.supersededAt} elsewhereConfirmedAt={r.elsewhereConfirmedAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <>
      <div className="result-meta">
        <h1>{t("registry.title")}</h1>
        <ExportLinks path="/admin/contracts" />
        <div className="actions">
          <Link to="/admin/registrations/import">{t("nimport.nav")}</Link>
          <Link to="/admin/registrations/pairs">{t("pairs.title")}</Link>
          <Link to="/admin/registrations">{t("records.nav")}</Link>
          <Link to="/admin/flags">{t("nav.flags")}</Link>
          <Link to="/admin/statistics">{t("stats.title")}</Link>
          <Link to="/admin/rewards">{t("rewards.title")}</Link>
        </div>
      </div>
      {counted && (
        <section aria-labelledby="counted-h">
          <h2 id="counted-h">{t("ind.list.filtered")}</h2>
          <p>
            {t("ind.list.total", { count: counted.count, amount: formatFen(counted.contractFen, locale) })} ·{" "}
            <Link to="/admin/contracts">{t("ind.list.clear")}</Link>
          </p>
          <table className="data counted-list">
            <caption>{t("ind.list.filtered")}</caption>
            <thead>
              <tr>
                <th>{t("contract.f.title")}</th>
                <th>{t("contract.f.type")}</th>
                <th>{t("contract.parties")}</th>
                <th className="num">{t("stats.amount.contract")}</th>
                <th className="num">{t("stats.amount.tech")}</th>
                <th>{t("contract.f.registrationNo")}</th>
              </tr>
            </thead>
            <tbody>
              {counted.rows.map((r) => (
                <tr key={`${r.source}-${r.id}`}>
                  <td>
                    <Link to={r.source === "national" ? `/admin/registrations/${r.id}` : `/admin/contracts/${r.id}`}>{r.title}</Link>
                    {r.source === "national" && <div className="muted">{t("ind.list.national")}</div>}
                  </td>
                  <td className="nowrap">{t(`contract.type.${r.type}` as MessageKey)}</td>
                  <td>
                    {r.seller}
                    <div className="muted">→ {r.buyer}</div>
                  </td>
                  <td className="num">{formatFen(r.contractValueFen, locale)}</td>
                  <td className="num">{formatFen(r.techValueFen, locale)}</td>
                  <td>{r.registrationNo ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {done === "registered" && <p className="alert ok">{t("registry.registeredOk")}</p>}
      {done === "returned" && <p className="alert ok">{t("registry.returnedOk")}</p>}
      {done === "confirmed" && <p className="alert ok">{t("registry.confirmedOk")}</p>}
      {done === "cancelled" && <p className="alert ok">{t("registry.cancelledOk")}</p>}
      {done === "terminated" && <p className="alert ok">{t("registry.terminatedOk")}</p>}
      <h2>
        {t("registry.queue")} ({submitted.length})
      </h2>
      {submitted.length === 0 ? <p className="card empty">{t("registry.empty")}</p> : table(submitted, "submittedAt")}
      <h2>
        {t("elsewhere.queue")} ({elsewhere.length})
      </h2>
      {elsewhere.length === 0 ? <p className="card empty">{t("elsewhere.empty")}</p> : table(elsewhere, "elsewhere")}
      {returned.length > 0 && (
        <>
          <h2>{t("registry.returned")}</h2>
          {table(returned, "submittedAt")}
        </>
      )}
      {registered.length > 0 && (
        <>
          <h2>{t("registry.registered")}</h2>
          {table(registered, "registrationNo")}
        </>
      )}
      {cancelled.length > 0 && (
        <>
          <h2>{t("registry.cancelled")}</h2>
          {table(cancelled, "registrationNo")}
        </>
      )}
    </>
  );
}
