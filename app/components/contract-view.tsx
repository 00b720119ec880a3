import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Milestone } from "../codes";
import type { Contract } from "../../db/schema";
import { formatDate, formatDateTime } from "../i18n/format";
import type { Locale, MessageKey } from "../i18n";
import { formatFen } from "../services/money";
import { useLocale, useT } from "./i18n";

type Named = { nameZh: string; nameEn: string } | null;
type JsonContract = Omit<Contract, "milestones" | "ipTypes"> & { milestones: Milestone[]; ipTypes: string[] };

export function statusKey(c: { status: string; supersededAt: string | null; elsewhereConfirmedAt?: string | null }): MessageKey {
  if (c.supersededAt) return "contract.status.superseded";
  if (c.status === "elsewhere" && c.elsewhereConfirmedAt) return "contract.status.elsewhereConfirmed";
  return `contract.status.${c.status}` as MessageKey;
}

/** The status as a coloured tag; a superseded version says so rather than "registered". */
export function ContractStatusTag({
  status,
  supersededAt,
  elsewhereConfirmedAt,
}: {
  status: string;
  supersededAt: string | null;
  elsewhereConfirmedAt?: string | null;
}) {
  const t = useT();
  const counted = status === "registered" || (status === "elsewhere" && !!elsewhereConfirmedAt);
  const waiting = status === "submitted" || (status === "elsewhere" && !elsewhereConfirmedAt);
  const tone = supersededAt ? "" : counted ? "ok" : status === "returned" || status === "cancelled" ? "bad" : waiting ? "warn" : "";
  return <span className={`tag ${tone}`}>{t(statusKey({ status, supersededAt, elsewhereConfirmedAt }))}</span>;
}

export function percentOfBp(bp: number): string {
  return `${(bp / 100).toFixed(2).replace(/\.?0+$/, "")}%`;
}

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {rows.map(([k, v]) => (
        <div key={k} style={{ display: "contents" }}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

const named = (locale: Locale, r: Named) => (r ? (locale === "en" ? r.nameEn : r.nameZh) : "—");

/** Everything the registration form (登记表) records, for the parties, the recorder and the registrar. */
export function ContractFacts({
  contract: c,
  field,
  chain,
  brokerName,
  creatorName,
  deal,
  file,
  filerName,
}: {
  contract: JsonContract;
  filerName?: string | null;
  field: Named;
  chain: Named;
  brokerName: string | null;
  creatorName: string;
  deal: { needId: number | null; scenarioId: number | null; needTitle: string; achievementId: number; achievementTitle: string } | null;
  file: { id: number; displayName: string } | null;
}) {
  const t = useT();
  const locale = useLocale();
  const money = (fen: number) => formatFen(fen, locale);
  const party = (side: "buyer" | "seller") => (
    <>
      {side === "buyer" ? c.buyerName : c.sellerName}
      <div className="muted">
        <code>{side === "buyer" ? c.buyerCreditCode : c.sellerCreditCode}</code> · {side === "buyer" ? c.buyerDivision : c.sellerDivision}
      </div>
    </>
  );
  return (
    <div className="grid-2">
      <section className="card">
        <h2>{t("contract.parties")}</h2>
        <Facts
          rows={[
            [t("contract.buyer"), party("buyer")],
            [t("contract.seller"), party("seller")],
            [t("contract.f.recorder"), creatorName],
            [t("contract.f.broker"), brokerName ?? t("common.none")],
            ...(filerName
              ? ([[t("contract.filedBy"), c.filedOnBehalf ? t("contract.filedOnBehalf", { name: filerName }) : filerName]] as [string, ReactNode][])
              : []),
            [
              t("contract.f.matchId"),
              deal ? (
                <>
                  <Link to={deal.needId !== null ? `/needs/${deal.needId}` : `/scenarios/${deal.scenarioId}`}>{deal.needTitle}</Link> ↔{" "}
                  <Link to={`/achievements/${deal.achievementId}`}>{deal.achievementTitle}</Link>
                </>
              ) : (
                t("contract.noDeal")
              ),
            ],
            ...(file ? ([[t("contract.f.fileId"), `#${file.id} ${file.displayName}`]] as [string, ReactNode][]) : []),
          ]}
        />
      </section>
      <section className="card contract-terms">
        <h2>{t("contract.terms")}</h2>
        <Facts
          rows={[
            [t("contract.f.type"), `${t(`contract.type.${c.type}` as MessageKey)} · ${t(`contract.sub.${c.type}.${c.subType}` as MessageKey)}`],
            [t("stats.amount.contract"), money(c.contractValueFen)],
            [t("contract.item.equipment"), money(c.equipmentFen)],
            [t("contract.item.instruments"), money(c.instrumentsFen)],
            [t("contract.item.materials"), money(c.materialsFen)],
            [t("contract.item.other"), money(c.otherFen)],
            [t("stats.amount.tech"), money(c.techValueFen)],
            [t("contract.f.signedAndTerm"), `${formatDate(c.signedOn, locale)} · ${formatDate(c.termStart, locale)} – ${formatDate(c.termEnd, locale)}`],
            [t("contract.f.paymentMode"), t(`contract.pay.${c.paymentMode}` as MessageKey)],
            [t("contract.f.contractField"), named(locale, field)],
            [t("contract.f.chain"), named(locale, chain)],
            [t("contract.f.ipTypes"), c.ipTypes.map((ip) => t(`ip.${ip}` as MessageKey)).join("、")],
            [t("contract.f.relatedParty"), c.relatedParty ? t("common.yes") : t("common.no")],
            ...(c.commissionRateBp !== null ? ([[t("contract.f.commission"), percentOfBp(c.commissionRateBp)]] as [string, ReactNode][]) : []),
            ...(c.commissionFixedFen !== null ? ([[t("contract.f.commission"), money(c.commissionFixedFen)]] as [string, ReactNode][]) : []),
          ]}
        />
        {c.milestones.length > 0 && (
          <>
            <h3>{t("contract.f.milestones")}</h3>
            <table className="data">
              <tbody>
                {c.milestones.map((m, i) => (
                  <tr key={i}>
                    <td>{m.title}</td>
                    <td>{formatDate(m.dueOn, locale)}</td>
                    <td className="num">{money(m.amountFen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </div>
  );
}

/** The family's versions: the original and each amendment, with what became of each. */
export function ContractVersions({
  currentId,
  family,
  linkBase,
}: {
  currentId: number;
  family: { id: number; amendmentNo: number; status: string; registrationNo: string | null; registeredAt: string | null; supersededAt: string | null }[];
  linkBase: string;
}) {
  const t = useT();
  const locale = useLocale();
  if (family.length < 2) return null;
  return (
    <section>
      <h2>{t("contract.versions")}</h2>
      <table className="data">
        <thead>
          <tr>
            <th>{t("contract.version")}</th>
            <th>{t("common.status")}</th>
            <th>{t("contract.f.registrationNo")}</th>
            <th>{t("contract.f.registeredAt")}</th>
          </tr>
        </thead>
        <tbody>
          {family.map((v) => (
            <tr key={v.id} className={v.id === currentId ? "current" : undefined}>
              <td>
                <Link to={`${linkBase}/${v.id}`}>{v.amendmentNo === 0 ? t("contract.original") : t("contract.amendmentNo", { n: v.amendmentNo })}</Link>
              </td>
              <td>
                <ContractStatusTag status={v.status} supersededAt={v.supersededAt} />
              </td>
              <td>{v.registrationNo ?? "—"}</td>
              <td>{formatDateTime(v.registeredAt, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The contract's audit trail, for the Bureau. */
export function ContractHistory({
  events,
}: {
  events: { id: number; action: string; actorName: string | null; actorRole: string | null; createdAt: string }[];
}) {
  const t = useT();
  const locale = useLocale();
  if (events.length === 0) return null;
  const label = (action: string) => (action.startsWith("denied:") ? t("contract.denied", { action: action.slice(7) }) : t(`action.${action}` as MessageKey));
  return (
    <section>
      <h2>{t("contract.history")}</h2>
      <table className="data">
        <thead>
          <tr>
            <th>{t("admin.audit.time")}</th>
            <th>{t("admin.audit.actor")}</th>
            <th>{t("admin.audit.action")}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>{formatDateTime(e.createdAt, locale)}</td>
              <td>{e.actorName ?? t("admin.audit.system")}</td>
              <td>{label(e.action)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * What became of the registration: where it was registered elsewhere (and whether the Bureau
 * confirmed it), a cancellation or a termination with its reason, and the files kept with it.
 */
export function ContractRegistrationNotes({
  contract: c,
  documents,
  linkBase,
}: {
  contract: JsonContract;
  documents: { id: number; kind: string; displayName: string; createdAt: string }[];
  linkBase: string;
}) {
  const t = useT();
  const locale = useLocale();
  const elsewhere = c.elsewhereOffice !== null && c.elsewhereNo !== null;
  return (
    <>
      {c.status === "cancelled" && c.cancelledAt && (
        <p className="alert error" role="status">
          {t("contract.cancelledNote", { date: formatDate(c.cancelledAt.slice(0, 10), locale), reason: c.cancelReason ?? "" })}
        </p>
      )}
      {c.terminatedOn && (
        <p className="alert info">{t("contract.terminatedNote", { date: formatDate(c.terminatedOn, locale), reason: c.terminationReason ?? "" })}</p>
      )}
      {elsewhere && (
        <section className="card">
          <h2>{t("elsewhere.title")}</h2>
          <Facts
            rows={[
              [t("elsewhere.office"), c.elsewhereOffice],
              [t("elsewhere.no"), c.elsewhereNo],
              [t("elsewhere.registeredOn"), formatDate(c.elsewhereRegisteredOn, locale)],
              [
                t("common.status"),
                c.elsewhereConfirmedAt ? t("elsewhere.confirmedOn", { date: formatDateTime(c.elsewhereConfirmedAt, locale) }) : t("elsewhere.awaiting"),
              ],
            ]}
          />
        </section>
      )}
      {documents.length > 0 && (
        <section>
          <h2>{t("contract.documents")}</h2>
          <ul>
            {documents.map((d) => (
              <li key={d.id}>
                {t(`document.${d.kind}` as MessageKey)}：
                <a href={`${linkBase}/${c.id}/documents/${d.id}`} download>
                  {d.displayName}
                </a>{" "}
                <span className="muted">{formatDateTime(d.createdAt, locale)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
