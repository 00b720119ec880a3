import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RewardSummaryCard } from "../components/contract-rewards";
import { ContractStatusTag } from "../components/contract-view";
import { useLocale, useT } from "../components/i18n";
import { formatDate, yearInShanghai } from "../i18n/format";
import type { MessageKey } from "../i18n";
import { getActiveBroker } from "../services/brokers.server";
import { listContractsForActor } from "../services/contracts.server";
import { formatFen } from "../services/money";
import { userContext } from "../services/request.server";
import { brokerRewardSummary } from "../services/rewards.server";

export const meta: MetaFunction = () => [{ title: "我的技术合同 · My contracts" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor } = await userContext(request);
  // The registrar works from the registration desk, which lists every contract.
  if (actor.role === "admin") return redirect("/admin/contracts");
  const year = yearInShanghai();
  const isBroker = actor.role === "broker";
  return json({
    rows: listContractsForActor(db, actor),
    // A suspended or expired broker still sees his contracts, but records no new ones.
    canRecord: isBroker ? getActiveBroker(db, actor.id) !== null : true,
    isBroker,
    reward: isBroker ? brokerRewardSummary(db, actor.id, year) : null,
  });
}

export default function MyContracts() {
  const t = useT();
  const locale = useLocale();
  const { rows, canRecord, isBroker, reward } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="result-meta">
        <h1>{t("contract.mine")}</h1>
        {canRecord && (
          <Link to="/contracts/new" className="button">
            {t("contract.new")}
          </Link>
        )}
      </div>
      {isBroker && !canRecord && <p className="alert info">{t("contract.error.inactiveBroker")}</p>}
      {reward && <RewardSummaryCard summary={reward} />}
      {rows.length === 0 ? (
        <p className="card empty">{t("contract.empty")}</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>{t("contract.f.title")}</th>
              <th>{t("contract.f.type")}</th>
              <th>{t("contract.parties")}</th>
              <th className="num">{t("stats.amount.contract")}</th>
              <th className="num">{t("stats.amount.tech")}</th>
              <th>{t("contract.f.signedOn")}</th>
              <th>{t("common.status")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/contracts/${r.id}`}>{r.title}</Link>
                  {r.amendmentNo > 0 && <div className="muted">{t("contract.amendmentNo", { n: r.amendmentNo })}</div>}
                </td>
                <td className="nowrap">{t(`contract.type.${r.type}` as MessageKey)}</td>
                <td>
                  {r.buyerName}
                  <div className="muted">{r.sellerName}</div>
                </td>
                <td className="num">{formatFen(r.contractValueFen, locale)}</td>
                <td className="num">{formatFen(r.techValueFen, locale)}</td>
                <td className="nowrap">{formatDate(r.signedOn, locale)}</td>
                <td>
                  <ContractStatusTag status={r.status} supersededAt={r.supersededAt} elsewhereConfirmedAt={r.elsewhereConfirmedAt} />
                  {r.registrationNo && <div className="muted">{r.registrationNo}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
