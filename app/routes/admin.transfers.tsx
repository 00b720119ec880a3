import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { z } from "zod";
import { receiptHref, TransferStatusTag } from "../components/contract-payments";
import { TextField } from "../components/fields";
import { useLocale, useT } from "../components/i18n";
import { ExportLinks } from "../components/export-links";
import type { MessageKey } from "../i18n";
import { formatDate, formatDateTime } from "../i18n/format";
import { parseForm, transferDecisionSchema } from "../schemas/index.server";
import { listTransferQueue } from "../services/contract-payments.server";
import { forbidden, notFound } from "../services/http.server";
import { formatFen } from "../services/money";
import { roleContext } from "../services/request.server";
import { refuseTransferDecision, rejectTransfer, verifyTransfer, type DecisionError } from "../services/transfers.server";
import { TableScroll } from "../components/table-scroll";

export const meta: MetaFunction = () => [{ title: "银行转账核验 · Bank transfer verification" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await roleContext(request, ["admin"]);
  return json({ queue: listTransferQueue(db) });
}

const DECISION_ERRORS: Record<Exclude<DecisionError, "not_found" | "forbidden" | "reason_required">, MessageKey> = {
  decided: "transfer.error.decided",
  over_due: "transfer.error.overDue",
};

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor, locale, t, requestId } = await roleContext(request, ["admin"], (c) => refuseTransferDecision(c.db, c.actor, c.requestId));
  const form = await request.formData();
  const transferId = String(form.get("transferId") ?? "");
  const submission = parseForm(form, transferDecisionSchema, locale);
  if (submission.status !== "success") return json({ transferId, result: submission.reply(), error: null }, { status: 400 });
  const v = submission.value;
  const outcome = v.intent === "verify" ? verifyTransfer(db, actor, v.transferId, requestId) : rejectTransfer(db, actor, v.transferId, v.reason, requestId);
  if (outcome.ok) return redirect(`/admin/transfers?done=${v.intent === "verify" ? "verified" : "rejected"}`);
  if (outcome.error === "not_found") notFound();
  if (outcome.error === "forbidden") forbidden();
  if (outcome.error === "reason_required")
    return json({ transferId, result: submission.reply({ fieldErrors: { reason: [t("v.required")] } }), error: null }, { status: 400 });
  return json({ transferId, result: null, error: t(DECISION_ERRORS[outcome.error]) }, { status: 409 });
}

type Pending = ReturnType<typeof useLoaderData<typeof loader>>["queue"]["pending"][number];

/** Verify and reject for one transfer; the reject form keeps its reason when refused. */
function Decide({ transfer, lastResult }: { transfer: Pending; lastResult: SubmissionResult<string[]> | null | undefined }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm<z.input<typeof transferDecisionSchema>>({ id: `reject-${transfer.id}`, lastResult });
  return (
    <div className="stacked">
      <Form method="post" className="inline">
        <input type="hidden" name="intent" value="verify" />
        <input type="hidden" name="transferId" value={transfer.id} />
        <button type="submit" className="primary" disabled={busy} aria-label={t("admin.transfers.verifyLabel", { reference: transfer.bankReference })}>
          {t("admin.transfers.verify")}
        </button>
      </Form>
      <Form method="post" {...getFormProps(form)} noValidate>
        <input type="hidden" name="intent" value="reject" />
        <input type="hidden" name="transferId" value={transfer.id} />
        <TextField field={fields.reason} label={t("admin.transfers.reasonFor", { reference: transfer.bankReference })} />
        <button type="submit" className="secondary" disabled={busy}>
          {t("admin.transfers.reject")}
        </button>
      </Form>
    </div>
  );
}

export default function TransferQueue() {
  const t = useT();
  const locale = useLocale();
  const { queue } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const money = (fen: number) => formatFen(fen, locale);
  return (
    <>
      <h1>{t("admin.transfers.title")}</h1>
      <ExportLinks path="/admin/transfers" />
      {done === "verified" && <p className="alert ok">{t("admin.transfers.verified")}</p>}
      {done === "rejected" && <p className="alert ok">{t("admin.transfers.rejected")}</p>}
      {actionData?.error && (
        <p className="alert error" role="alert">
          {actionData.error}
        </p>
      )}
      <section aria-labelledby="pending-title">
        <h2 id="pending-title">{t("admin.transfers.pending")}</h2>
        {queue.pending.length === 0 ? (
          <p className="card empty">{t("admin.transfers.noPending")}</p>
        ) : (
          <TableScroll label={t("admin.transfers.pending")}>
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t("admin.transfers.contract")}</th>
                  <th scope="col">{t("transfer.col.milestone")}</th>
                  <th scope="col" className="num">
                    {t("transfer.col.amount")}
                  </th>
                  <th scope="col">{t("transfer.col.receivedOn")}</th>
                  <th scope="col">{t("transfer.col.payer")}</th>
                  <th scope="col">{t("transfer.col.reference")}</th>
                  <th scope="col">{t("transfer.col.recordedBy")}</th>
                  <th scope="col">{t("transfer.col.receipt")}</th>
                  <th scope="col">{t("common.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {queue.pending.map((x) => (
                  <tr key={x.id}>
                    <td>
                      <Link to={`/contracts/${x.contractId}/payments`}>{x.contractTitle}</Link>
                      {x.registrationNo && <div className="muted">{x.registrationNo}</div>}
                    </td>
                    <td>{x.milestoneTitle ?? t("transfer.wholeContract")}</td>
                    <td className="num">
                      {money(x.amountFen)}
                      {x.outstandingFen !== null && <div className="muted">{t("admin.transfers.outstandingNow", { amount: money(x.outstandingFen) })}</div>}
                    </td>
                    <td>{formatDate(x.receivedOn, locale)}</td>
                    <td>{x.payerName}</td>
                    <td>
                      <code>{x.bankReference}</code>
                    </td>
                    <td>
                      {x.recorderName} <span className="muted">({t(`transfer.as.${x.recordedAs}` as MessageKey)})</span>
                      <div className="muted">{formatDateTime(x.createdAt, locale)}</div>
                    </td>
                    <td>{x.hasReceipt ? <a href={receiptHref(x.contractId, x.id)}>{t("transfer.receipt")}</a> : "—"}</td>
                    <td>
                      <Decide transfer={x} lastResult={actionData?.transferId === String(x.id) ? actionData.result : undefined} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      <section aria-labelledby="decided-title">
        <h2 id="decided-title">{t("admin.transfers.decided")}</h2>
        {queue.decided.length === 0 ? (
          <p className="card empty">{t("admin.transfers.noDecided")}</p>
        ) : (
          <TableScroll label={t("admin.transfers.decided")}>
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t("admin.transfers.contract")}</th>
                  <th scope="col">{t("transfer.col.milestone")}</th>
                  <th scope="col" className="num">
                    {t("transfer.col.amount")}
                  </th>
                  <th scope="col">{t("transfer.col.reference")}</th>
                  <th scope="col">{t("transfer.col.status")}</th>
                  <th scope="col">{t("admin.transfers.decidedBy")}</th>
                  <th scope="col">{t("admin.transfers.decidedAt")}</th>
                </tr>
              </thead>
              <tbody>
                {queue.decided.map((x) => (
                  <tr key={x.id}>
                    <td>
                      <Link to={`/contracts/${x.contractId}/payments`}>{x.contractTitle}</Link>
                    </td>
                    <td>{x.milestoneTitle ?? t("transfer.wholeContract")}</td>
                    <td className="num">{money(x.amountFen)}</td>
                    <td>
                      <code>{x.bankReference}</code>
                    </td>
                    <td>
                      <TransferStatusTag status={x.status} />
                      {x.decisionReason && <div>{t("transfer.rejectedBecause", { reason: x.decisionReason })}</div>}
                    </td>
                    <td>{x.deciderName ?? "—"}</td>
                    <td>{formatDateTime(x.decidedAt, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </>
  );
}
