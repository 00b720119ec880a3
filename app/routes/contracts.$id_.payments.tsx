import crypto from "node:crypto";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ContractTabs, MilestoneLedger, TransferTable } from "../components/contract-payments";
import { TransferForm } from "../components/transfer-form";
import { useLocale, useT } from "../components/i18n";
import type { MessageKey, T } from "../i18n";
import { localiseFieldErrors, parseForm, payOnlineSchema, transferSchema } from "../schemas/index.server";
import { CheckoutUnavailableError, startMilestoneCheckout, type TransferOnlyReason } from "../services/checkout.server";
import { getPaymentsForViewer } from "../services/contract-payments.server";
import { badRequest, idParam, notFound } from "../services/http.server";
import { formatFen } from "../services/money";
import { MAX_RECEIPT_BYTES, readReceiptUpload } from "../services/payment-receipts.server";
import { userContext } from "../services/request.server";
import { storageFaultResponse } from "../services/storage-faults.server";
import { STRIPE_MAX_CHARGE_FEN, stripeSettings } from "../services/stripe.server";
import { loadContract, paymentRole, recordTransfer, refuseTransferAction, type RecordRefusal } from "../services/transfers.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `收付款 · Payments · ${data.view.contract.title}` : "收付款 · Payments" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await userContext(request);
  const view = getPaymentsForViewer(db, actor, idParam(params.id));
  if (!view) notFound();
  return json({
    view,
    onlineConfigured: !!stripeSettings().secretKey,
    maxOnlineFen: STRIPE_MAX_CHARGE_FEN,
    // One key per page drawn: the same button clicked twice opens the same Checkout.
    attemptKey: crypto.randomUUID(),
    maxMb: MAX_RECEIPT_BYTES / 1024 / 1024,
  });
}

const REFUSALS: Record<Exclude<RecordRefusal, "not_found">, { status: number; key: MessageKey }> = {
  forbidden: { status: 403, key: "transfer.error.forbidden" },
  inactive_broker: { status: 403, key: "broker.error.inactive" },
  not_registered: { status: 409, key: "transfer.error.notRegistered" },
};

const ONLINE_REASONS: Record<TransferOnlyReason, MessageKey> = {
  not_configured: "pay.online.notConfigured",
  over_limit: "pay.online.overLimit",
  nothing_outstanding: "pay.online.nothingOutstanding",
};

type Ctx = Awaited<ReturnType<typeof userContext>>;

const FILE_FAULTS = new Set(["ENOSPC", "EDQUOT", "EROFS", "EIO", "EACCES", "EPERM"]);
const isFileStorageFault = (err: unknown) => err instanceof Error && FILE_FAULTS.has(String((err as { code?: unknown }).code));

/** The seller's or broker's transfer form: text fields and the receipt, in one multipart body. */
async function recordAction(request: Request, ctx: Ctx, id: number) {
  const { db, actor, locale, t, requestId } = ctx;
  const upload = await readReceiptUpload(request);
  if (upload === "too_large") {
    refuseTransferAction(db, actor, "receipt", id, requestId, "too_large");
    return json({ result: null, error: t("v.transfer.receiptTooLarge"), notice: null }, { status: 413 });
  }
  if (upload === null) badRequest();
  const submission = parseForm(upload.fields, transferSchema, locale);
  if (submission.status !== "success") return json({ result: submission.reply(), error: null, notice: null }, { status: 400 });
  let outcome;
  try {
    outcome = recordTransfer(db, actor, id, submission.value, upload.receipt, requestId);
  } catch (err) {
    // The receipt could not be written (a full or read-only disk): a fault to retry, not a bug.
    if (!isFileStorageFault(err)) throw err;
    console.error(JSON.stringify({ level: "error", event: "receipt_storage_fault", code: (err as { code?: string }).code, requestId }));
    throw await storageFaultResponse(request);
  }
  if (outcome.ok) return redirect(`/contracts/${id}/payments?done=recorded`);
  if ("fieldErrors" in outcome) {
    return json({ result: submission.reply({ fieldErrors: localiseFieldErrors(locale, outcome.fieldErrors) }), error: null, notice: null }, { status: 400 });
  }
  if (outcome.error === "not_found") notFound();
  const refusal = REFUSALS[outcome.error];
  return json({ result: null, error: t(refusal.key), notice: null }, { status: refusal.status });
}

/** The buyer's "pay online": a Checkout to go to, or why this milestone is paid by transfer. */
async function payAction(request: Request, form: FormData, ctx: Ctx, id: number, t: T) {
  const parsed = payOnlineSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) badRequest();
  const { milestoneId, attemptKey } = parsed.data;
  try {
    const result = await startMilestoneCheckout(
      ctx.db,
      ctx.actor,
      { contractId: id, milestoneId, attemptKey },
      { origin: new URL(request.url).origin, requestId: ctx.requestId },
    );
    if (result.kind === "redirect") return redirect(result.url);
    if (result.kind === "not_found") return json({ result: null, error: t("pay.online.expired"), notice: null }, { status: 409 });
    return json({ result: null, error: null, notice: t(ONLINE_REASONS[result.reason]) }, { status: 409 });
  } catch (err) {
    if (!(err instanceof CheckoutUnavailableError)) throw err;
    console.warn(JSON.stringify({ level: "warn", event: "checkout_unavailable", contractId: id, requestId: ctx.requestId }));
    return json({ result: null, error: t("pay.online.unavailable"), notice: null }, { status: 503 });
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await userContext(request);
  const { db, actor, requestId, t } = ctx;
  const id = idParam(params.id);
  const c = loadContract(db, id);
  if (!c || !paymentRole(actor, c)) {
    refuseTransferAction(db, actor, "payments", id, requestId);
    notFound();
  }
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) return recordAction(request, ctx, id);
  return payAction(request, await request.formData(), ctx, id, t);
}

function PayOnline({ milestoneId, outstandingFen, label }: { milestoneId: number; outstandingFen: number; label: string }) {
  const t = useT();
  const { onlineConfigured, maxOnlineFen, attemptKey } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  if (outstandingFen <= 0) return null;
  if (!onlineConfigured) return <span className="hint muted">{t("pay.online.notConfigured")}</span>;
  if (outstandingFen > maxOnlineFen) return <span className="hint muted">{t("pay.online.overLimit")}</span>;
  return (
    <Form method="post" className="inline">
      <input type="hidden" name="intent" value="pay" />
      <input type="hidden" name="milestoneId" value={milestoneId} />
      <input type="hidden" name="attemptKey" value={attemptKey} />
      <button type="submit" className="primary small" disabled={busy} aria-label={label}>
        {t("pay.online.pay")}
      </button>
    </Form>
  );
}

const DONE: Record<string, MessageKey> = { recorded: "transfer.recorded" };
const CHECKOUT: Record<string, MessageKey> = { success: "pay.online.success", cancelled: "pay.online.cancelled" };

export default function ContractPayments() {
  const t = useT();
  const locale = useLocale();
  const { view, maxMb } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const c = view.contract;
  const done = DONE[params.get("done") ?? ""];
  const checkout = CHECKOUT[params.get("checkout") ?? ""];
  const ledger = view.ledger;
  return (
    <article>
      <p className="muted">
        <Link to={view.role === "admin" ? "/admin/transfers" : "/contracts"}>{view.role === "admin" ? t("admin.transfers.title") : t("contract.mine")}</Link>
      </p>
      <h1>{t("pay.title", { title: c.title })}</h1>
      <ContractTabs contractId={c.id} registered={c.status === "registered"} />
      {done && <p className="alert ok">{t(done)}</p>}
      {checkout && <p className="alert info">{t(checkout)}</p>}
      {actionData?.error && (
        <p className="alert error" role="alert">
          {actionData.error}
        </p>
      )}
      {actionData?.notice && (
        <p className="alert info" role="status">
          {actionData.notice}
        </p>
      )}
      {c.supersededAt && view.currentId !== null && (
        <p className="alert info">
          {t("pay.superseded")} <Link to={`/contracts/${view.currentId}/payments`}>{t("pay.openCurrent")}</Link>
        </p>
      )}
      {!ledger ? (
        <p className="card empty">{t("pay.notRegistered")}</p>
      ) : (
        <section aria-labelledby="milestones-title">
          <h2 id="milestones-title">{t("pay.milestones")}</h2>
          {ledger.milestones.length === 0 && <p className="hint muted">{t("pay.noMilestones")}</p>}
          <MilestoneLedger
            milestones={ledger.milestones}
            totals={{ ...ledger, dueFen: view.dueFen }}
            action={
              view.canPayOnline
                ? (m) =>
                    !m.removed && (
                      <PayOnline
                        milestoneId={m.id}
                        outstandingFen={m.outstandingFen}
                        label={t("pay.online.payLabel", { milestone: m.title, amount: formatFen(m.outstandingFen, locale) })}
                      />
                    )
                : undefined
            }
          />
        </section>
      )}
      <section aria-labelledby="transfers-title">
        <h2 id="transfers-title">{t("transfer.list")}</h2>
        <TransferTable transfers={view.transfers} contractId={c.id} />
      </section>
      {view.canRecord && ledger && (
        <TransferForm
          lastResult={actionData?.result}
          milestones={ledger.milestones.filter((m) => !m.removed).map((m) => ({ id: m.id, title: m.title, openFen: view.openFen[m.id] ?? 0 }))}
          wholeOpenFen={view.wholeOpenFen}
          maxMb={maxMb}
        />
      )}
    </article>
  );
}
