import { Link, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import type { BankTransferStatus, TransferRecorder } from "../codes";
import type { MessageKey } from "../i18n";
import { formatDate, formatDateTime } from "../i18n/format";
import { formatFen } from "../services/money";
import { useLocale, useT } from "./i18n";
import { TableScroll } from "./table-scroll";

// The pieces of a contract's payments tab and of the Bureau's transfer queue.

/** The contract page and its payments, as two tabs; the payments tab only once it is registered. */
export function ContractTabs({ contractId, registered }: { contractId: number; registered: boolean }) {
  const t = useT();
  if (!registered) return null;
  return (
    <nav className="tabs" aria-label={t("pay.tab.label")}>
      <NavLink to={`/contracts/${contractId}`} end>
        {t("pay.tab.contract")}
      </NavLink>
      <NavLink to={`/contracts/${contractId}/payments`}>{t("pay.tab.payments")}</NavLink>
    </nav>
  );
}

export function TransferStatusTag({ status }: { status: BankTransferStatus }) {
  const t = useT();
  const tone = status === "verified" ? "ok" : status === "rejected" ? "bad" : "warn";
  return <span className={`tag ${tone}`}>{t(`transfer.status.${status}` as MessageKey)}</span>;
}

type MilestoneLine = {
  id: number;
  title: string;
  dueOn: string;
  dueFen: number;
  receivedFen: number;
  refundedFen: number;
  outstandingFen: number;
  removed: boolean;
};

/** Each milestone with what is due, received, refunded and outstanding; a last column for the buyer's button. */
export function MilestoneLedger({
  milestones,
  totals,
  action,
}: {
  milestones: MilestoneLine[];
  totals: { dueFen: number; receivedFen: number; refundedFen: number; outstandingFen: number };
  action?: (m: MilestoneLine) => ReactNode;
}) {
  const t = useT();
  const locale = useLocale();
  const money = (fen: number) => formatFen(fen, locale);
  return (
    <table className="data">
      <thead>
        <tr>
          <th scope="col">{t("pay.col.milestone")}</th>
          <th scope="col">{t("pay.col.dueOn")}</th>
          <th scope="col" className="num">
            {t("pay.col.due")}
          </th>
          <th scope="col" className="num">
            {t("pay.col.received")}
          </th>
          <th scope="col" className="num">
            {t("pay.col.refunded")}
          </th>
          <th scope="col" className="num">
            {t("pay.col.outstanding")}
          </th>
          {action && <th scope="col">{t("pay.online.title")}</th>}
        </tr>
      </thead>
      <tbody>
        {milestones.map((m) => (
          <tr key={m.id}>
            <th scope="row">{m.removed ? <s>{m.title}</s> : m.title}</th>
            <td>{formatDate(m.dueOn, locale)}</td>
            <td className="num">{money(m.dueFen)}</td>
            <td className="num">{money(m.receivedFen)}</td>
            <td className="num">{money(m.refundedFen)}</td>
            <td className="num">{money(m.outstandingFen)}</td>
            {action && <td>{action(m)}</td>}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t("pay.total")}</th>
          <td />
          <td className="num">{money(totals.dueFen)}</td>
          <td className="num">{money(totals.receivedFen)}</td>
          <td className="num">{money(totals.refundedFen)}</td>
          <td className="num">{money(totals.outstandingFen)}</td>
          {action && <td />}
        </tr>
      </tfoot>
    </table>
  );
}

export type TransferLine = {
  id: number;
  milestoneTitle: string | null;
  amountFen: number;
  receivedOn: string;
  payerName: string;
  bankReference: string;
  hasReceipt: boolean;
  recordedAs: TransferRecorder;
  recorderName: string;
  status: BankTransferStatus;
  decisionReason: string | null;
  deciderName: string | null;
  decidedAt: string | null;
  createdAt: string;
};

/** Where a transfer's receipt is downloaded from. */
export const receiptHref = (contractId: number, transferId: number) => `/contracts/${contractId}/transfers/${transferId}/receipt`;

/** The bank transfers recorded under a contract, newest first, with their status. */
export function TransferTable({ transfers, contractId }: { transfers: TransferLine[]; contractId: number }) {
  const t = useT();
  const locale = useLocale();
  if (transfers.length === 0) return <p className="card empty">{t("transfer.none")}</p>;
  return (
    <TableScroll label={t("transfer.list")}>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">{t("transfer.col.receivedOn")}</th>
            <th scope="col">{t("transfer.col.milestone")}</th>
            <th scope="col" className="num">
              {t("transfer.col.amount")}
            </th>
            <th scope="col">{t("transfer.col.payer")}</th>
            <th scope="col">{t("transfer.col.reference")}</th>
            <th scope="col">{t("transfer.col.recordedBy")}</th>
            <th scope="col">{t("transfer.col.receipt")}</th>
            <th scope="col">{t("transfer.col.status")}</th>
          </tr>
        </thead>
        <tbody>
          {transfers.map((x) => (
            <tr key={x.id}>
              <td>{formatDate(x.receivedOn, locale)}</td>
              <td>{x.milestoneTitle ?? t("transfer.wholeContract")}</td>
              <td className="num">{formatFen(x.amountFen, locale)}</td>
              <td>{x.payerName}</td>
              <td>
                <code>{x.bankReference}</code>
              </td>
              <td>
                {x.recorderName} <span className="muted">({t(`transfer.as.${x.recordedAs}` as MessageKey)})</span>
              </td>
              <td>{x.hasReceipt ? <a href={receiptHref(contractId, x.id)}>{t("transfer.receipt")}</a> : "—"}</td>
              <td>
                <TransferStatusTag status={x.status} />
                {x.decidedAt && <div className="muted">{formatDateTime(x.decidedAt, locale)}</div>}
                {x.status === "rejected" && x.decisionReason && <div>{t("transfer.rejectedBecause", { reason: x.decisionReason })}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** A link back to the contract page, with its title. */
export function ContractLink({ id, title }: { id: number; title: string }) {
  return <Link to={`/contracts/${id}`}>{title}</Link>;
}
