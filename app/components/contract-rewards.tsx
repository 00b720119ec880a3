import { formatDate } from "../i18n/format";
import { formatFen } from "../services/money";
import type { BrokerRewardSummary } from "../services/rewards.server";
import { percentOfBp } from "./contract-view";
import { useLocale, useT } from "./i18n";

/**
 * A broker's reward for the year under the rule in force: each registered contract with its
 * reward, then the capped total. The broker workbench can render the same summary.
 */
export function RewardSummaryCard({ summary }: { summary: BrokerRewardSummary }) {
  const t = useT();
  const locale = useLocale();
  const money = (fen: number) => formatFen(fen, locale);
  const { rule } = summary;
  return (
    <section className="card reward-summary">
      <h2>{t("rewards.mine", { year: summary.year })}</h2>
      {!rule ? (
        <p className="muted">{t("rewards.noRule", { year: summary.year })}</p>
      ) : (
        <>
          <p>
            {t("rewards.mineLine", {
              rule: `${rule.name} (${percentOfBp(rule.rateBp)} · ${t(`rewards.base.${rule.base}`)})`,
              due: money(summary.dueFen),
              eligible: summary.eligible,
              contracts: summary.contracts,
            })}
            {summary.capped && <span className="tag warn">{t("rewards.capped")}</span>}
          </p>
          {summary.lines.length > 0 && (
            <table className="data">
              <thead>
                <tr>
                  <th>{t("contract.f.title")}</th>
                  <th>{t("contract.f.signedOn")}</th>
                  <th className="num">{t(`rewards.base.${rule.base}`)}</th>
                  <th className="num">{t("rewards.dueAmount")}</th>
                </tr>
              </thead>
              <tbody>
                {summary.lines.map((l) => (
                  <tr key={l.contractId}>
                    <td>
                      {l.title}
                      {l.registrationNo && <div className="muted">{l.registrationNo}</div>}
                    </td>
                    <td>{formatDate(l.signedOn, locale)}</td>
                    <td className="num">{money(l.baseFen)}</td>
                    <td className="num">
                      {l.eligible ? money(l.rewardFen) : <span className="tag">{t(l.fromDeal ? "rewards.ineligible" : "rewards.ineligibleNoDeal")}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="hint muted">{t("rewards.explain")}</p>
        </>
      )}
    </section>
  );
}
